"""Fetching the next meeting ahead: leases, order and database use."""

import datetime as dt
import threading

import pytest
from django.db.backends.utils import CursorWrapper
from django.utils import timezone

from attendees.models import Attendee
from cmsync.sync import leases
from cmsync.sync.importer import RunContext
from cmsync.sync.prefetch import MeetingPrefetcher
from meetings.models import Meeting
from tests.sync.conftest import bulk_sync, create_room

pytestmark = pytest.mark.django_db


def context_for(api):
    return RunContext(api, sync_start=timezone.now() - dt.timedelta(days=30))


def test_prefetch_takes_lease_and_skips_busy(sandbox, api):
    room = create_room(api)
    sandbox.control.simulate_meeting(room.id, attendees=2, seed=70)
    bulk_sync()
    meeting = Meeting.objects.get(clickmeeting_id=room.id)
    assert leases.take_lease(meeting.pk, "someone-else")
    prefetcher = MeetingPrefetcher(context_for(api), holder="bench")

    busy = prefetcher.start(meeting)
    leases.release_lease(meeting.pk, "someone-else")
    started = prefetcher.start(meeting)
    fetched = started.result(timeout=30)
    prefetcher.abandon(meeting, started)
    prefetcher.close()

    meeting.refresh_from_db()
    assert busy is None
    assert [session.id for session in fetched.sessions]
    assert meeting.import_lease_holder == ""


def test_fetch_thread_makes_no_queries(sandbox, api, monkeypatch):
    room = create_room(api)
    sandbox.control.simulate_meeting(room.id, attendees=2, seed=71)
    bulk_sync()
    meeting = Meeting.objects.get(clickmeeting_id=room.id)
    threads = []
    original = CursorWrapper._execute_with_wrappers

    def record_thread(self, *args, **kwargs):
        threads.append(threading.current_thread().name)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(CursorWrapper, "_execute_with_wrappers", record_thread)
    prefetcher = MeetingPrefetcher(context_for(api), holder="bench", force=True)

    started = prefetcher.start(meeting)
    fetched = started.result(timeout=30)
    prefetcher.abandon(meeting, started)
    prefetcher.close()

    assert fetched.fetched
    assert threads
    assert all(name == threading.current_thread().name for name in threads)


def test_prefetched_meetings_written_one_by_one(sandbox, api):
    rooms = [create_room(api, name=f"Room {n}", hours_ago=3 + n) for n in range(3)]
    for index, room in enumerate(rooms):
        sandbox.control.simulate_meeting(room.id, attendees=2, seed=80 + index)
    sandbox.control.clear_requests()

    run = bulk_sync()

    written = Meeting.objects.order_by("last_bulk_import_at")
    spans = [
        sorted(Attendee.objects.filter(meeting=m).values_list("pk", flat=True))
        for m in written
    ]
    assert run.meetings_imported == 3
    assert all(spans)
    # Each meeting's rows come after the previous meeting's: no interleaving.
    for earlier, later in zip(spans, spans[1:], strict=False):
        assert earlier[-1] < later[0]
    assert run.api_calls == len(sandbox.control.requests())
