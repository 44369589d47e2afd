"""A real Celery worker and beat run the scheduled bulk sync against the sandbox.

Both run as subprocesses on the test database (a file for SQLite, the test
database for PostgreSQL), with kombu's filesystem broker in a temporary
folder, or Redis when REDIS_URL is set. The beat job starts with a one-hour
interval; shortening it, as an administrator changing the frequency does,
makes beat run the sync without a restart.
"""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.db import connection
from django_celery_beat.models import IntervalSchedule, PeriodicTask

from attendees.models import Attendee
from cmsync.sync.models import SyncRun
from cmsync.sync.tasks import BULK_SYNC_TASK
from tests.sync.conftest import create_room

pytestmark = [pytest.mark.live, pytest.mark.django_db(transaction=True)]

BASE_DIR = Path(settings.BASE_DIR)
WAIT_SECONDS = 90


def database_url() -> str:
    """The test database as a DATABASE_URL the subprocesses can open."""
    db = connection.settings_dict
    if db["ENGINE"] == "django.db.backends.sqlite3":
        return f"sqlite:///{Path(db['NAME']).resolve()}"
    if db["ENGINE"] == "django.db.backends.postgresql":
        credentials = quote(db["USER"] or "", safe="")
        if db["PASSWORD"]:
            credentials += ":" + quote(db["PASSWORD"], safe="")
        host = db["HOST"] or "127.0.0.1"
        port = f":{db['PORT']}" if db["PORT"] else ""
        return f"postgres://{credentials}@{host}{port}/{db['NAME']}"
    pytest.skip(f"no live test for database engine {db['ENGINE']}")


@pytest.fixture
def celery_processes(tmp_path):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cmsync.settings",
        "DATABASE_URL": database_url(),
        # The filesystem broker lives under VAR_DIR; REDIS_URL, when set,
        # is passed through and used instead.
        "VAR_DIR": str(tmp_path),
        "CELERY_TASK_ALWAYS_EAGER": "0",
        "PYTHONUNBUFFERED": "1",
    }
    celery = [sys.executable, "-m", "celery", "-A", "cmsync"]
    commands = {
        "worker": [*celery, "worker", "--pool=solo", "--loglevel=INFO"],
        "beat": [
            *celery,
            "beat",
            "--loglevel=INFO",
            "--max-interval=1",
            f"--pidfile={tmp_path / 'beat.pid'}",
        ],
    }
    processes = {}
    for name, command in commands.items():
        log = (tmp_path / f"{name}.log").open("wb")
        processes[name] = subprocess.Popen(  # noqa: S603 - fixed argument list
            command, cwd=BASE_DIR, env=env, stdout=log, stderr=subprocess.STDOUT
        )
    yield processes, tmp_path
    for process in processes.values():
        process.send_signal(signal.SIGTERM)
    for process in processes.values():
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)


def logs(tmp_path) -> str:
    return "\n".join(
        f"--- {path.name}\n{path.read_text(errors='replace')[-3000:]}"
        for path in sorted(tmp_path.glob("*.log"))
    )


def wait_for(condition, processes, tmp_path, timeout=WAIT_SECONDS):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        for name, process in processes.items():
            if process.poll() is not None:
                pytest.fail(f"celery {name} exited early\n{logs(tmp_path)}")
        time.sleep(0.5)
    pytest.fail(f"timed out after {timeout} s\n{logs(tmp_path)}")


def test_beat_and_worker_run_scheduled_sync(sandbox, api, celery_processes):
    processes, tmp_path = celery_processes
    room = create_room(api)
    summary = sandbox.control.simulate_meeting(room.id, attendees=4, seed=50)
    hourly = IntervalSchedule.objects.create(every=1, period=IntervalSchedule.HOURS)
    job = PeriodicTask.objects.create(
        name="ClickMeeting bulk sync", task=BULK_SYNC_TASK, interval=hourly
    )
    # Beat has loaded the hourly schedule, which is not due for an hour.
    wait_for(lambda: "beat: Starting" in logs(tmp_path), processes, tmp_path)
    time.sleep(3)
    assert not SyncRun.objects.exists()

    job.interval = IntervalSchedule.objects.create(
        every=2, period=IntervalSchedule.SECONDS
    )
    job.save()

    wait_for(
        lambda: SyncRun.objects.filter(state=SyncRun.State.SUCCEEDED).exists(),
        processes,
        tmp_path,
    )
    run = SyncRun.objects.filter(state=SyncRun.State.SUCCEEDED).first()
    assert run.kind == SyncRun.Kind.BULK
    assert run.meetings_imported == 1
    assert (
        Attendee.objects.filter(meeting__clickmeeting_id=room.id).count()
        == summary["attendees"]
    )
