"""Benchmark: a full bulk sync of M meetings with A attendees each from the sandbox.

Run with `make bench` (pytest -m bench -s). The default is small (50 x 200);
set BENCH_MEETINGS and BENCH_ATTENDEES for the full 500 x 200. Prints one
table: wall time, API calls, peak Python memory (tracemalloc) and rows of
the sync, next to a floor measured in the same run: the same payloads
fetched with plain requests and inserted with one raw executemany into a
scratch table. Then the time and calls of an idle re-run. Not a timed test:
it never fails on speed.
"""

# A benchmark's result is the table it prints.
# ruff: noqa: T201

import csv
import datetime as dt
import io
import json
import os
import time
import tracemalloc
import zipfile

import pytest
import requests
from django.db import connection
from django.utils import timezone

from admin_config import services as config_services
from cmsync.sync import services
from cmsync.sync.models import SyncRun

pytestmark = [pytest.mark.bench, pytest.mark.django_db]

MEETINGS = int(os.environ.get("BENCH_MEETINGS", "50"))
ATTENDEES = int(os.environ.get("BENCH_ATTENDEES", "200"))
PAGE_SIZE = 250
FLOOR_TABLE = "bench_sync_floor"


class FloorFetcher:
    """Fetches what the sync fetches, with plain requests and no parsing."""

    def __init__(self, endpoint, api_key):
        self.endpoint = endpoint
        self.http = requests.Session()
        self.http.trust_env = False
        self.http.headers["X-Api-Key"] = api_key
        self.calls = 0

    def get(self, path, **params):
        self.calls += 1
        response = self.http.get(self.endpoint + path, params=params, timeout=60)
        response.raise_for_status()
        return response

    def rooms(self):
        rooms = []
        for status in ("active", "inactive"):
            page = 1
            while True:
                batch = self.get(f"conferences/{status}", page=page).json()
                rooms += batch
                if len(batch) < PAGE_SIZE:
                    break
                page += 1
        return rooms

    def records(self):
        """Yield (room id, kind, record) for every record the sync imports."""
        chat_sessions = {chat["id"] for chat in self.get("chats").json()}
        for room in self.rooms():
            room_id = room["id"]
            for session in self.get(f"conferences/{room_id}/sessions").json():
                path = f"conferences/{room_id}/sessions/{session['id']}/attendees"
                for attendee in self.get(path).json():
                    yield room_id, "attendee", attendee
                if session["id"] in chat_sessions:
                    for line in self.chat_lines(session["id"]):
                        yield room_id, "chat", line
            for kind, path in (
                ("registration", f"conferences/{room_id}/registrations/all"),
                ("recording", f"conferences/{room_id}/recordings"),
                ("file", f"file-library/conferences/{room_id}"),
            ):
                for record in self.get(path).json():
                    yield room_id, kind, record

    def chat_lines(self, session_id):
        archive = zipfile.ZipFile(io.BytesIO(self.get(f"chats/{session_id}").content))
        text = archive.read("chat.csv").decode()
        return list(csv.reader(io.StringIO(text, newline="")))


def measure_floor(sandbox):
    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TABLE {FLOOR_TABLE} (room_id bigint, kind varchar(20), "
            "payload text)"
        )
    tracemalloc.start()
    started = time.perf_counter()
    fetcher = FloorFetcher(sandbox.endpoint, sandbox.api_key)
    rows = [
        (room_id, kind, json.dumps(record))
        for room_id, kind, record in fetcher.records()
    ]
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {FLOOR_TABLE} (room_id, kind, payload) "  # noqa: S608
            "VALUES (%s, %s, %s)",
            rows,
        )
    elapsed = time.perf_counter() - started
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return {"seconds": elapsed, "calls": fetcher.calls, "peak": peak, "rows": len(rows)}


def measure_sync():
    tracemalloc.start()
    started = time.perf_counter()
    run = services.create_run(SyncRun.Kind.BULK)
    services.run_bulk_sync(run)
    elapsed = time.perf_counter() - started
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    run.refresh_from_db()
    return run, {
        "seconds": elapsed,
        "calls": run.api_calls,
        "peak": peak,
        "rows": run.rows_created + run.leads_created,
    }


def configure(sandbox):
    config = config_services.get_config()
    config.endpoint_url = sandbox.endpoint
    config.set_api_key(sandbox.api_key)
    config.sync_start_date = timezone.localdate() - dt.timedelta(days=60)
    config.save()


def print_table(sync, floor, idle_seconds, idle_calls):
    mib = 1024 * 1024
    print()
    print(
        f"Bulk sync benchmark: {MEETINGS} meetings x {ATTENDEES} attendees, "
        f"database {connection.vendor}"
    )
    print(f"{'measure':<22}{'sync':>12}{'floor':>12}{'ratio':>8}")
    lines = [
        ("wall time (s)", sync["seconds"], floor["seconds"], "{:.2f}"),
        ("API calls", sync["calls"], floor["calls"], "{:.0f}"),
        ("peak memory (MiB)", sync["peak"] / mib, floor["peak"] / mib, "{:.1f}"),
        ("rows written", sync["rows"], floor["rows"], "{:.0f}"),
    ]
    for name, ours, base, fmt in lines:
        ratio = f"{ours / base:.2f}" if base else "-"
        print(f"{name:<22}{fmt.format(ours):>12}{fmt.format(base):>12}{ratio:>8}")
    print(f"{'idle re-run (s)':<22}{idle_seconds:>12.2f}")
    print(f"{'idle re-run API calls':<22}{idle_calls:>12}")


def test_bulk_sync_benchmark(clickmeeting_sandbox, settings):
    settings.CLICKMEETING_MAX_ATTEMPTS = 1
    clickmeeting_sandbox.control.seed_bench(MEETINGS, ATTENDEES)
    configure(clickmeeting_sandbox)

    floor = measure_floor(clickmeeting_sandbox)
    run, sync = measure_sync()
    assert run.state == SyncRun.State.SUCCEEDED, run.errors[:5]

    started = time.perf_counter()
    idle_run = services.create_run(SyncRun.Kind.BULK)
    services.run_bulk_sync(idle_run)
    idle_seconds = time.perf_counter() - started
    idle_run.refresh_from_db()

    print_table(sync, floor, idle_seconds, idle_run.api_calls)
    assert idle_run.rows_created == 0
