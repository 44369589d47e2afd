"""Benchmark: a full bulk sync of M meetings with A attendees each from the sandbox.

Run with `make bench` (pytest -m bench -s). The sizes come from the
environment:

- BENCH_MEETINGS (default 50) and BENCH_ATTENDEES (default 200). The full
  size of the product requirement is BENCH_MEETINGS=500 BENCH_ATTENDEES=200
  (100,000 attendee rows).
- BENCH_MEMORY (default 1): set to 0 to skip the two traced passes that
  measure peak memory, which roughly halves the run time.

The sync is compared with a floor measured in the same run: the same API
calls made with plain `requests`, the JSON decoded with no validation, and
the same rows (meetings, sessions, attendees, registrations, poll answers,
chat messages, files and one lead per new email) inserted into the same
tables with one raw `executemany` per table and room, in one transaction.
The floor keeps no time zones, no matching rules and no change detection,
so it is a lower bound that no correct import reaches.

Time is measured without tracemalloc, because tracing every allocation
slows allocation-heavy code by a factor of three or more and would distort
the ratio. Peak memory comes from separate passes of the floor and the sync
under tracemalloc. It counts Python allocations of the whole process, the
sandbox server thread's included, and not the database's own memory.

The test database runs with real commits (`transaction=True`), so the cost
of committing each meeting's import is part of the sync's time. The
sandbox answers from a thread of this process, so its JSON encoding
competes with the sync and the floor for the interpreter lock; against the
real API both would mostly wait on the network instead. Not a timed
test: it never fails on speed, only when the sync fails or the idle re-run
writes rows.
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
from dataclasses import dataclass

import pytest
import requests
from django.db import connection, transaction
from django.utils import timezone

from admin_config import services as config_services
from attendees.models import Attendee, Registration
from cmsync.sync import services
from cmsync.sync.models import SyncCreatedLead, SyncRun
from crm.models import Lead
from meetings.models import ChatMessage, File, Meeting, PollAnswer, Session

pytestmark = [pytest.mark.bench, pytest.mark.django_db(transaction=True)]

MEETINGS = int(os.environ.get("BENCH_MEETINGS", "50"))
ATTENDEES = int(os.environ.get("BENCH_ATTENDEES", "200"))
MEASURE_MEMORY = os.environ.get("BENCH_MEMORY", "1") != "0"
PAGE_SIZE = 250
# Children first, so a plain DELETE never breaks a foreign key.
IMPORTED_MODELS = (
    PollAnswer,
    ChatMessage,
    Attendee,
    Registration,
    File,
    Session,
    Meeting,
    SyncCreatedLead,
    Lead,
)


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

    def chat_session_ids(self):
        return {chat["id"] for chat in self.get("chats").json()}

    def room_records(self, room_id, chat_sessions):
        """Return every record of one room the sync imports."""
        sessions = []
        for session in self.get(f"conferences/{room_id}/sessions").json():
            path = f"conferences/{room_id}/sessions/{session['id']}/attendees"
            attendees = self.get(path).json()
            chat = []
            if session["id"] in chat_sessions:
                chat = self.chat_lines(session["id"])
            sessions.append((session, attendees, chat))
        return {
            "sessions": sessions,
            "registrations": self.get(
                f"conferences/{room_id}/registrations/all"
            ).json(),
            "recordings": self.get(f"conferences/{room_id}/recordings").json(),
            "files": self.get(f"file-library/conferences/{room_id}").json(),
        }

    def chat_lines(self, session_id):
        archive = zipfile.ZipFile(io.BytesIO(self.get(f"chats/{session_id}").content))
        text = archive.read("chat.csv").decode()
        return list(csv.reader(io.StringIO(text, newline="")))


class RawTable:
    """One INSERT of every column of a model's table, run with executemany.

    Rows are dicts of column values; a column a row lacks gets the field
    default, and created/updated stamps get the time the table was opened.
    """

    def __init__(self, model, now):
        fields = [f for f in model._meta.concrete_fields if not f.primary_key]
        self.columns = [f.attname for f in fields]
        self.defaults = {
            f.attname: now if _is_timestamp(f) else _db_default(f) for f in fields
        }
        names = ", ".join(connection.ops.quote_name(f.column) for f in fields)
        marks = ", ".join(["%s"] * len(fields))
        table = connection.ops.quote_name(model._meta.db_table)
        self.sql = f"INSERT INTO {table} ({names}) VALUES ({marks})"  # noqa: S608

    def insert(self, cursor, rows: list[dict]) -> int:
        defaults, columns = self.defaults, self.columns
        cursor.executemany(
            self.sql,
            [tuple(row.get(c, defaults[c]) for c in columns) for row in rows],
        )
        return len(rows)


def _is_timestamp(f):
    return getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)


def _db_default(f):
    return f.get_db_prep_save(f.get_default(), connection=connection)


class FloorWriter:
    """Inserts one room's records as plain rows with person links by email."""

    def __init__(self, cursor):
        now = connection.ops.adapt_datetimefield_value(timezone.now())
        self.cursor = cursor
        self.tables = {
            model: RawTable(model, now) for model in (*IMPORTED_MODELS, SyncCreatedLead)
        }
        self.lead_ids = {}
        self.rows = 0

    def ids(self, sql, params):
        self.cursor.execute(sql, params)
        return {key: pk for pk, key in self.cursor.fetchall()}

    def insert(self, model, rows):
        if rows:
            self.rows += self.tables[model].insert(self.cursor, rows)

    def meetings(self, rooms) -> dict:
        self.insert(
            Meeting,
            [
                {
                    "clickmeeting_id": room["id"],
                    "name": room["name"],
                    "room_url_name": room.get("name_url"),
                    "room_type": room["room_type"],
                    "access_type": room["access_type"],
                    "permanent_room": room["permanent_room"],
                    "starts_at": room.get("starts_at"),
                    "timezone": room["timezone"],
                    "room_url": room.get("room_url"),
                    "source_status": room["status"],
                }
                for room in rooms
            ],
        )
        return self.ids("SELECT id, clickmeeting_id FROM meetings_meeting", [])

    def leads(self, emails):
        new = sorted({email for email in emails if email} - set(self.lead_ids))
        if not new:
            return
        self.insert(
            Lead,
            [
                {
                    "email": email,
                    "email_normalized": email,
                    "first_name": email.partition("@")[0],
                    "last_name": "ClickMeeting",
                    "company": "ClickMeeting",
                    "lead_source": "ClickMeeting",
                }
                for email in new
            ],
        )
        marks = ", ".join(["%s"] * len(new))
        found = self.ids(
            "SELECT id, email_normalized FROM crm_lead "  # noqa: S608
            f"WHERE email_normalized IN ({marks})",
            new,
        )
        self.lead_ids.update(found)
        self.tables[SyncCreatedLead].insert(
            self.cursor,
            [{"email_normalized": e, "lead_id": pk} for e, pk in found.items()],
        )

    def room(self, meeting_id, records):
        sessions = records["sessions"]
        people = [
            a.get("email") or "" for _, attendees, _ in sessions for a in attendees
        ]
        people += [r.get("email") or "" for r in records["registrations"]]
        self.leads([email.strip().lower() for email in people])
        self.insert(
            Session,
            [
                {
                    "meeting_id": meeting_id,
                    "clickmeeting_id": session["id"],
                    "started_at": session["start_date"],
                    "ended_at": session.get("end_date"),
                    "total_visitors": session["total_visitors"],
                    "peak_visitors": session["max_visitors"],
                }
                for session, _, _ in sessions
            ],
        )
        session_ids = self.ids(
            "SELECT id, clickmeeting_id FROM meetings_session WHERE meeting_id = %s",
            [meeting_id],
        )
        self.registrations(meeting_id, records["registrations"], session_ids)
        for session, attendees, chat in sessions:
            self.session(meeting_id, session_ids[session["id"]], attendees, chat)
        self.files(meeting_id, records)

    def registrations(self, meeting_id, registrations, session_ids):
        rows = []
        for item in registrations:
            email = (item.get("email") or "").strip().lower()
            rows.append(
                {
                    "meeting_id": meeting_id,
                    "clickmeeting_id": item["id"],
                    "session_id": session_ids.get(item.get("session_id")),
                    "email": item.get("email") or "",
                    "email_normalized": email,
                    "first_name": item["fields"].get("First Name", ""),
                    "last_name": item["fields"].get("Last Name", ""),
                    "fields": json.dumps(item["fields"]),
                    "registered_at": item.get("registration_date"),
                    "lead_id": self.lead_ids.get(email),
                }
            )
        self.insert(Registration, rows)

    def session(self, meeting_id, session_id, attendees, chat):
        rows = []
        for item in attendees:
            email = (item.get("email") or "").strip().lower()
            rows.append(
                {
                    "meeting_id": meeting_id,
                    "session_id": session_id,
                    "clickmeeting_id": item["uid"],
                    "email": item.get("email") or "",
                    "email_normalized": email,
                    "login": item["nickname"],
                    "role": item["role"],
                    "joined_at": item.get("start_date"),
                    "left_at": item.get("end_date"),
                    "device": (item.get("device") or "")[:100],
                    "registration": "[]",
                    "lead_id": self.lead_ids.get(email),
                }
            )
        self.insert(Attendee, rows)
        attendee_ids = self.ids(
            "SELECT id, clickmeeting_id FROM attendees_attendee WHERE session_id = %s",
            [session_id],
        )
        answers = []
        for item in attendees:
            number = 0
            for poll in item.get("polls") or []:
                for question in poll["questions"]:
                    for answer in question["answers"]:
                        number += 1
                        answers.append(
                            {
                                "meeting_id": meeting_id,
                                "session_id": session_id,
                                "attendee_id": attendee_ids[item["uid"]],
                                "source_key": f"{item['uid']}:{number}",
                                "poll_title": poll["name"],
                                "question": question["question"],
                                "answer": answer["value"],
                                "respondent_email": item.get("email") or "",
                                "respondent_name": item["nickname"],
                            }
                        )
        self.insert(PollAnswer, answers)
        self.insert(
            ChatMessage,
            [
                {
                    "meeting_id": meeting_id,
                    "session_id": session_id,
                    "sent_at": line[0],
                    "author_email": line[1],
                    "author_name": line[2],
                    "text": line[3],
                    "position": position,
                    "source_key": str(position),
                }
                for position, line in enumerate(chat)
            ],
        )

    def files(self, meeting_id, records):
        rows = [
            {
                "meeting_id": meeting_id,
                "kind": File.Kind.RECORDING,
                "clickmeeting_id": item["id"],
                "name": f"Recording {item['id']}",
                "size_bytes": item.get("recording_file_size"),
                "duration_seconds": item.get("recording_duration"),
            }
            for item in records["recordings"]
        ]
        rows += [
            {
                "meeting_id": meeting_id,
                "kind": File.Kind.DOCUMENT,
                "clickmeeting_id": item["id"],
                "name": item["name"],
            }
            for item in records["files"]
        ]
        self.insert(File, rows)


def run_floor(sandbox):
    fetcher = FloorFetcher(sandbox.endpoint, sandbox.api_key)
    with transaction.atomic(), connection.cursor() as cursor:
        writer = FloorWriter(cursor)
        rooms = fetcher.rooms()
        chat_sessions = fetcher.chat_session_ids()
        meeting_ids = writer.meetings(rooms)
        for room in rooms:
            records = fetcher.room_records(room["id"], chat_sessions)
            writer.room(meeting_ids[room["id"]], records)
    return {"calls": fetcher.calls, "rows": writer.rows}


def run_sync():
    run = services.create_run(SyncRun.Kind.BULK)
    services.run_bulk_sync(run)
    run.refresh_from_db()
    assert run.state == SyncRun.State.SUCCEEDED, run.errors[:5]
    return {
        "calls": run.api_calls,
        "rows": run.rows_created + run.leads_created,
        "updated": run.rows_updated,
    }


@dataclass
class Measure:
    seconds: float
    calls: int
    rows: int
    updated: int = 0
    peak_bytes: int | None = None


def timed(work) -> Measure:
    started = time.perf_counter()
    counts = work()
    return Measure(seconds=time.perf_counter() - started, **counts)


def peak_memory(work) -> int:
    tracemalloc.start()
    try:
        work()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def wipe_imported_rows():
    """Delete what the floor or the sync wrote (untimed), table by table."""
    with transaction.atomic(), connection.cursor() as cursor:
        for model in IMPORTED_MODELS:
            cursor.execute(f"DELETE FROM {model._meta.db_table}")  # noqa: S608


def configure(sandbox):
    config = config_services.get_config()
    config.endpoint_url = sandbox.endpoint
    config.set_api_key(sandbox.api_key)
    config.sync_start_date = timezone.localdate() - dt.timedelta(days=60)
    config.save()


def print_table(sync: Measure, floor: Measure, idle: Measure):
    mib = 1024 * 1024
    print()
    print(
        f"Bulk sync benchmark: {MEETINGS} meetings x {ATTENDEES} attendees, "
        f"database {connection.vendor}"
    )
    print(f"{'measure':<24}{'sync':>12}{'floor':>12}{'ratio':>8}")
    lines = [
        ("wall time (s)", sync.seconds, floor.seconds, "{:.2f}"),
        ("API calls", sync.calls, floor.calls, "{:.0f}"),
        ("rows written", sync.rows, floor.rows, "{:.0f}"),
    ]
    if sync.peak_bytes is not None:
        lines.append(
            (
                "peak memory (MiB)",
                sync.peak_bytes / mib,
                floor.peak_bytes / mib,
                "{:.1f}",
            )
        )
    for name, ours, base, fmt in lines:
        ratio = f"{ours / base:.2f}" if base else "-"
        print(f"{name:<24}{fmt.format(ours):>12}{fmt.format(base):>12}{ratio:>8}")
    print(f"{'idle re-run (s)':<24}{idle.seconds:>12.2f}")
    print(f"{'idle re-run API calls':<24}{idle.calls:>12}")
    print(f"{'idle re-run rows':<24}{idle.rows + idle.updated:>12}")


# The full size with the memory passes takes about four minutes on a 2-CPU
# machine, close to the suite's default timeout of 300 s.
@pytest.mark.timeout(1800)
def test_bulk_sync_benchmark(clickmeeting_sandbox, settings):
    settings.CLICKMEETING_MAX_ATTEMPTS = 1
    clickmeeting_sandbox.control.seed_bench(MEETINGS, ATTENDEES)
    configure(clickmeeting_sandbox)

    floor = timed(lambda: run_floor(clickmeeting_sandbox))
    wipe_imported_rows()
    sync = timed(run_sync)
    idle = timed(run_sync)

    if MEASURE_MEMORY:
        wipe_imported_rows()
        floor.peak_bytes = peak_memory(lambda: run_floor(clickmeeting_sandbox))
        wipe_imported_rows()
        sync.peak_bytes = peak_memory(run_sync)

    print_table(sync, floor, idle)
    assert idle.rows == 0
    assert idle.updated == 0
    assert sync.rows == floor.rows
