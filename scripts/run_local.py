"""Run the whole application locally on embedded defaults (`make run`).

Prepares the database and demo data, then starts the ClickMeeting sandbox,
the web server, a Celery worker and Celery beat as child processes, prefixes
their output with their names, and stops all of them on Ctrl-C. Running it
again reuses the database under var/ and loses nothing.
"""

import os
import secrets
import signal
import socket
import subprocess
import sys
import threading
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VAR = Path(os.environ.get("VAR_DIR") or ROOT / "var")
PYTHON = sys.executable
MANAGE = [PYTHON, str(ROOT / "manage.py")]
CELERY = [PYTHON, "-m", "celery", "-A", "cmsync"]

WEB_PORT = int(os.environ.get("WEB_PORT", "8000"))
SANDBOX_PORT = int(os.environ.get("SANDBOX_PORT", "8765"))
SANDBOX_KEY = os.environ.get("SANDBOX_API_KEY", "sandbox-demo-key")
OPTIONAL_CHILDREN = {"sandbox"}


def main():
    prepare_environment()
    check_ports_free()
    prepare_database()

    children = Children()
    # SIGTERM takes the same way out as Ctrl-C.
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    try:
        start_sandbox(children)
        start_app(children)
        wait_for_port(WEB_PORT, "web server")
        first_sync()
        announce()
        children.wait_until_one_exits()
    except KeyboardInterrupt:
        say("stopping")
    finally:
        children.stop_all()


def start_app(children):
    web_address = f"127.0.0.1:{WEB_PORT}"
    children.start("web", [*MANAGE, "runserver", web_address, "--noreload"])
    children.start("worker", [*CELERY, "worker", "-l", "info", "-c", "2"])
    children.start("beat", [*CELERY, "beat", "-l", "info"])


def say(message):
    print(f"[run] {message}", flush=True)


def prepare_environment():
    """Local secrets live under var/, created on the first run."""
    VAR.mkdir(exist_ok=True)
    dotenv_keys = read_dotenv_keys()
    defaults = {
        # Production-like pages (the app's own 404 and 403 pages); set
        # DEBUG=1 in the environment for Django's debug pages.
        "DEBUG": "0",
        "SECRET_KEY": lambda: read_or_create(VAR / "secret_key", new_secret_key),
        "FIELD_ENCRYPTION_KEYS": lambda: read_or_create(
            VAR / "field_encryption_key", new_fernet_key
        ),
        "DJANGO_SETTINGS_MODULE": "cmsync.settings",
    }
    for name, value in defaults.items():
        if name not in os.environ and name not in dotenv_keys:
            os.environ[name] = value() if callable(value) else value


def read_dotenv_keys():
    dotenv = ROOT / ".env"
    if not dotenv.is_file():
        return set()
    lines = dotenv.read_text(encoding="utf-8").splitlines()
    return {
        line.split("=", 1)[0].strip()
        for line in lines
        if "=" in line and not line.lstrip().startswith("#")
    }


def read_or_create(path, make_value):
    if not path.exists():
        path.write_text(make_value(), encoding="utf-8")
        path.chmod(0o600)
    return path.read_text(encoding="utf-8").strip()


def new_secret_key():
    return secrets.token_urlsafe(50)


def new_fernet_key():
    from cryptography.fernet import Fernet

    return Fernet.generate_key().decode()


def check_ports_free():
    for port, what in ((WEB_PORT, "WEB_PORT"), (SANDBOX_PORT, "SANDBOX_PORT")):
        if port_open(port):
            sys.exit(
                f"Port {port} on 127.0.0.1 is already in use. Stop what uses it, "
                f"or choose another port: make run {what}=<port>"
            )


def prepare_database():
    say("migrating the database")
    manage("migrate", "--verbosity", "0")
    manage("collectstatic", "--noinput", "--verbosity", "0")
    say("demo users (passwords are printed once, when a user is created):")
    manage("create_demo_users")
    say("loading demo accounts, contacts and leads")
    manage("load_demo_crm", "--owner", "creator")


def start_sandbox(children):
    children.start(
        "sandbox",
        [
            *MANAGE,
            "clickmeeting_sandbox",
            "--port",
            str(SANDBOX_PORT),
            "--seed",
            "demo",
            "--api-key",
            SANDBOX_KEY,
            # Rooms that earlier runs imported stay in the sandbox. The demo
            # seed applies only while no saved state exists.
            "--state-file",
            str(VAR / "sandbox-state.json"),
        ],
    )
    wait_for_port(SANDBOX_PORT, "ClickMeeting sandbox")
    # A real API key, once an administrator enters one, is never replaced.
    manage(
        "configure_clickmeeting",
        "--endpoint",
        f"http://127.0.0.1:{SANDBOX_PORT}/v1/",
        "--api-key",
        SANDBOX_KEY,
        "--content-owner",
        "creator",
        # The demo meetings include past ones; import a year back.
        "--start-date",
        (datetime.now(UTC).date() - timedelta(days=365)).isoformat(),
        "--only-if-unset",
    )


def first_sync():
    """Import the sandbox's demo meetings now instead of at the first beat."""
    say("importing meetings from ClickMeeting (first sync)")
    result = subprocess.run([*MANAGE, "run_sync"], cwd=ROOT, check=False)  # noqa: S603
    if result.returncode != 0:
        say("the first sync failed; see above. The app runs; beat will retry.")


def announce():
    say("")
    say(f"ready: open http://127.0.0.1:{WEB_PORT}/")
    say(f"ClickMeeting sandbox: http://127.0.0.1:{SANDBOX_PORT}/v1/")
    say("forgot a demo password? .venv/bin/python manage.py changepassword admin")
    say("press Ctrl-C to stop everything")


def manage(*args):
    subprocess.run([*MANAGE, *args], cwd=ROOT, check=True)  # noqa: S603


def port_open(port):
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.settimeout(0.5)
        return sock.connect_ex(("127.0.0.1", port)) == 0


def wait_for_port(port, what, timeout=30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if port_open(port):
            return
        time.sleep(0.2)
    raise SystemExit(f"The {what} did not start listening on port {port}.")


class Children:
    """Child processes, each in its own process group so it can be stopped."""

    def __init__(self):
        self.processes = {}

    def start(self, name, command):
        say(f"starting {name}")
        process = subprocess.Popen(  # noqa: S603
            command,
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            text=True,
            bufsize=1,
        )
        self.processes[name] = process
        threading.Thread(target=relay, args=(name, process), daemon=True).start()

    def wait_until_one_exits(self):
        """Return when the web server, the worker or beat exits.

        The sandbox may stop on its own (or be stopped to try an outage of
        ClickMeeting); the app keeps running without it.
        """
        while True:
            for name, process in list(self.processes.items()):
                if process.poll() is None:
                    continue
                if name in OPTIONAL_CHILDREN:
                    say(f"{name} exited with code {process.returncode}")
                    del self.processes[name]
                    continue
                say(f"{name} exited with code {process.returncode}; stopping")
                return
            time.sleep(0.5)

    def stop_all(self):
        # The main process only: the Celery worker then stops its own pool
        # cleanly. Whatever is left after the grace period is killed.
        for process in self.processes.values():
            if process.poll() is None:
                process.terminate()
        deadline = time.monotonic() + 10
        for process in self.processes.values():
            try:
                process.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                signal_group(process, signal.SIGKILL)
        self.processes.clear()


def signal_group(process, signum):
    if process.poll() is None:
        try:
            os.killpg(process.pid, signum)
        except ProcessLookupError:
            pass


def relay(name, process):
    for line in process.stdout:
        print(f"[{name}] {line}", end="", flush=True)


if __name__ == "__main__":
    main()
