"""Run the sandbox on a loopback port, in a background thread or in the foreground.

sandbox = start_sandbox(seed="demo", state_file="var/sandbox-state.json")
sandbox.endpoint   # "http://127.0.0.1:PORT/v1/"
sandbox.control.simulate_meeting(room_id)
sandbox.stop()
"""

import logging
import socketserver
import threading
from dataclasses import dataclass
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer

from .app import SandboxApp
from .control_client import SandboxControl
from .persistence import StateFile
from .seed import seed_bench, seed_demo
from .state import DEFAULT_API_KEY, SandboxState

logger = logging.getLogger(__name__)

HOST = "127.0.0.1"


class QuietRequestHandler(WSGIRequestHandler):
    """Log requests through `logging` at debug level instead of printing them."""

    def log_message(self, format, *args):  # noqa: A002 - name fixed by the base class
        logger.debug("Sandbox %s - %s", self.address_string(), format % args)


class ThreadingWSGIServer(socketserver.ThreadingMixIn, WSGIServer):
    daemon_threads = True
    allow_reuse_address = True

    def handle_error(self, request, client_address):
        # A client that gave up (read timeout) closes the socket mid-answer;
        # that is expected with injected delays, so it is not an error here.
        logger.debug("Sandbox connection from %s ended early", client_address)


@dataclass
class RunningSandbox:
    endpoint: str
    api_key: str
    control: SandboxControl
    base_url: str
    state: SandboxState
    server: ThreadingWSGIServer
    thread: threading.Thread | None
    app: SandboxApp
    state_file: StateFile | None = None

    @property
    def port(self) -> int:
        return self.server.server_port

    def stop(self) -> None:
        self.app.stopping.set()
        self.server.shutdown()
        self.server.server_close()
        if self.thread is not None:
            self.thread.join(timeout=5)
        self.save_state()
        logger.info("Sandbox on %s stopped", self.base_url)

    def save_state(self) -> None:
        """Write the state file, if there is one; called when the server stops."""
        if self.state_file is None:
            return
        with self.state.lock:
            self.state_file.save_logging_errors(self.state)
        if not self.state_file.save_failing:
            logger.info("Sandbox state saved to %s", self.state_file.path)


def seeder(seed: str | None):
    """Return the function that seeds "demo" or "bench:M,A" (M meetings with A
    attendees each), or None for no seed.

    Raises ValueError on any other text, before any state is loaded or seeded.
    """
    if not seed:
        return None
    if seed == "demo":
        return seed_demo
    kind, _, counts = seed.partition(":")
    meetings, _, attendees = counts.partition(",")
    if kind != "bench" or not meetings.isdigit() or not attendees.isdigit():
        raise ValueError(f"seed must be 'demo' or 'bench:M,A', not {seed!r}")
    return lambda state: seed_bench(state, int(meetings), int(attendees))


def apply_seed(state: SandboxState, seed: str | None) -> None:
    seed_function = seeder(seed)
    if seed_function is not None:
        seed_function(state)


def build_sandbox(
    port: int = 0, api_key: str = DEFAULT_API_KEY, seed=None, state_file=None
):
    """Bind the server without serving yet; the caller runs `serve_forever`.

    With `state_file` (a path), the state saved there is loaded and `seed`
    applies only when there was none. The file is rewritten after every
    request that may change the state and when the sandbox stops.
    Raises ValueError for an unknown seed and
    persistence.StateFileError for a file that cannot be read or moved aside.
    """
    seed_function = seeder(seed)
    state = SandboxState(api_key)
    store = StateFile(state_file) if state_file is not None else None
    loaded = store is not None and store.load_into(state)
    if not loaded and seed_function is not None:
        seed_function(state)
    if store is not None:
        # Saved at once, so a restart finds the seeded ids even if nothing changed.
        store.save(state)
    app = SandboxApp(state, state_file=store)
    server = ThreadingWSGIServer((HOST, port), QuietRequestHandler)
    server.set_app(app)
    base_url = f"http://{HOST}:{server.server_port}"
    app.base_url = base_url
    return RunningSandbox(
        endpoint=f"{base_url}/v1/",
        api_key=api_key,
        control=SandboxControl(base_url),
        base_url=base_url,
        state=state,
        server=server,
        thread=None,
        app=app,
        state_file=store,
    )


def start_sandbox(
    port: int = 0, api_key: str = DEFAULT_API_KEY, seed=None, state_file=None
) -> RunningSandbox:
    """Start the sandbox in a daemon thread; port 0 picks a free port.

    See build_sandbox for `seed` and `state_file`.
    """
    sandbox = build_sandbox(port, api_key, seed, state_file)
    sandbox.thread = threading.Thread(
        target=sandbox.server.serve_forever,
        kwargs={"poll_interval": 0.1},
        name=f"clickmeeting-sandbox-{sandbox.port}",
        daemon=True,
    )
    sandbox.thread.start()
    logger.info("Sandbox serving %s", sandbox.endpoint)
    return sandbox


__all__ = ["RunningSandbox", "SandboxControl", "build_sandbox", "start_sandbox"]
