"""The sync under ClickMeeting faults and crashes: nothing lost, nothing doubled."""

import datetime as dt

import pytest
from django.utils import timezone

from attendees.models import Attendee
from cmsync.sync import importer
from cmsync.sync.models import SyncRun
from meetings.models import ChatMessage, Meeting, PollAnswer, Session
from tests.sync.conftest import bulk_sync, create_room
from tests.sync.test_bulk_sandbox import data_snapshot

pytestmark = pytest.mark.django_db


def two_held_meetings(sandbox, api):
    rooms = [create_room(api, name=name) for name in ("Alpha", "Beta")]
    summaries = [
        sandbox.control.simulate_meeting(room.id, attendees=4, seed=index)
        for index, room in enumerate(rooms)
    ]
    return rooms, summaries


def test_rate_limit_storm_is_retried(sandbox, api):
    rooms, summaries = two_held_meetings(sandbox, api)
    sandbox.control.clear_requests()
    sandbox.control.inject_fault("rate_limit", count=2, retry_after=0)

    run = bulk_sync()

    assert run.state == SyncRun.State.SUCCEEDED, run.errors
    assert Attendee.objects.count() == sum(s["attendees"] for s in summaries)
    assert run.api_calls == len(sandbox.control.requests())


def test_long_rate_limit_storm_stops_run(sandbox, api):
    rooms, summaries = two_held_meetings(sandbox, api)
    sandbox.control.inject_fault(
        "rate_limit", count=3, retry_after=0, path=f"conferences/{rooms[0].id}/*"
    )

    stopped = bulk_sync()

    assert stopped.state == SyncRun.State.PARTIAL
    assert stopped.errors[0]["clickmeeting_id"] == rooms[0].id
    assert "wait for the next run" in stopped.errors[-1]["error"]
    assert not Attendee.objects.exists()

    recovered = bulk_sync()

    assert recovered.state == SyncRun.State.SUCCEEDED, recovered.errors
    assert Attendee.objects.count() == sum(s["attendees"] for s in summaries)


def test_unavailable_answers_are_retried(sandbox, api):
    rooms, summaries = two_held_meetings(sandbox, api)
    sandbox.control.inject_fault("unavailable", count=2, path="*/attendees")

    run = bulk_sync()

    assert run.state == SyncRun.State.SUCCEEDED, run.errors
    assert Attendee.objects.count() == sum(s["attendees"] for s in summaries)


def test_malformed_attendees_fail_one_meeting_only(sandbox, api):
    rooms, summaries = two_held_meetings(sandbox, api)
    sandbox.control.inject_fault(
        "malformed_json", count=1, path=f"conferences/{rooms[0].id}/sessions/*"
    )

    run = bulk_sync()

    assert run.state == SyncRun.State.PARTIAL
    assert len(run.errors) == 1
    error = run.errors[0]
    assert error["clickmeeting_id"] == rooms[0].id
    assert error["meeting_id"] == Meeting.objects.get(clickmeeting_id=rooms[0].id).pk
    assert not Attendee.objects.filter(meeting__clickmeeting_id=rooms[0].id).exists()
    assert (
        Attendee.objects.filter(meeting__clickmeeting_id=rooms[1].id).count()
        == summaries[1]["attendees"]
    )

    retried = bulk_sync()

    assert retried.state == SyncRun.State.SUCCEEDED, retried.errors
    assert (
        Attendee.objects.filter(meeting__clickmeeting_id=rooms[0].id).count()
        == summaries[0]["attendees"]
    )


def test_crash_mid_import_loses_and_doubles_nothing(sandbox, api, monkeypatch):
    rooms, summaries = two_held_meetings(sandbox, api)
    original = importer.MeetingWriter._write_chat
    calls = []

    def crash_on_second_meeting(writer):
        calls.append(writer.meeting.pk)
        if len(calls) == 2:
            # Attendees and polls of this meeting are written by now.
            assert Attendee.objects.filter(meeting=writer.meeting).exists()
            raise RuntimeError("worker lost")
        return original(writer)

    monkeypatch.setattr(importer.MeetingWriter, "_write_chat", crash_on_second_meeting)
    crashed = bulk_sync()
    monkeypatch.setattr(importer.MeetingWriter, "_write_chat", original)

    assert crashed.state == SyncRun.State.PARTIAL
    assert "worker lost" in crashed.errors[0]["error"]
    assert crashed.meetings_imported == 1
    # The crashed meeting's writes were rolled back together.
    second = Meeting.objects.get(pk=calls[1])
    assert not Attendee.objects.filter(meeting=second).exists()
    assert not Session.objects.filter(meeting=second).exists()
    assert second.import_lease_holder == ""

    recovered = bulk_sync()

    assert recovered.state == SyncRun.State.SUCCEEDED, recovered.errors
    assert Attendee.objects.count() == sum(s["attendees"] for s in summaries)
    assert ChatMessage.objects.count() == sum(s["chat_messages"] for s in summaries)
    assert Session.objects.count() == 2
    before = data_snapshot()
    assert bulk_sync().rows_created == 0
    assert data_snapshot() == before


def test_killed_worker_run_is_closed(sandbox, api):
    room = create_room(api)
    summary = sandbox.control.simulate_meeting(room.id, attendees=3, seed=9)
    bulk_sync()
    PollAnswer.objects.all().delete()
    Attendee.objects.all().delete()
    Session.objects.update(import_complete=False)
    long_ago = timezone.now() - dt.timedelta(hours=2)
    dead = SyncRun.objects.create(
        kind=SyncRun.Kind.BULK,
        state=SyncRun.State.RUNNING,
        started_at=long_ago,
        heartbeat_at=long_ago,
    )
    Meeting.objects.filter(clickmeeting_id=room.id).update(
        import_lease_holder="bulk-dead", import_lease_until=long_ago
    )

    run = bulk_sync()

    dead.refresh_from_db()
    assert dead.state == SyncRun.State.FAILED
    assert "worker stopped" in dead.errors[-1]["error"]
    assert run.state == SyncRun.State.SUCCEEDED, run.errors
    assert Attendee.objects.count() == summary["attendees"]


def test_live_lease_makes_bulk_skip_meeting(sandbox, api):
    room = create_room(api)
    sandbox.control.simulate_meeting(room.id, attendees=3, seed=10)
    bulk_sync()
    Session.objects.update(import_complete=False)
    Meeting.objects.filter(clickmeeting_id=room.id).update(
        import_lease_holder="manual-other",
        import_lease_until=timezone.now() + dt.timedelta(minutes=5),
    )

    run = bulk_sync()

    assert run.meetings_imported == 0
    assert run.progress_done == run.progress_total == 1
    assert not Session.objects.filter(import_complete=True).exists()


def test_stopped_run_frees_prefetched_lease(sandbox, api):
    rooms, summaries = two_held_meetings(sandbox, api)
    sandbox.control.clear_requests()
    sandbox.control.inject_fault(
        "rate_limit", count=3, retry_after=0, path=f"conferences/{rooms[0].id}/*"
    )

    stopped = bulk_sync()

    # The second meeting was fetched while the first failed, then left.
    second = Meeting.objects.get(clickmeeting_id=rooms[1].id)
    assert stopped.state == SyncRun.State.PARTIAL
    assert second.import_lease_holder == ""
    assert second.import_lease_until is None
    assert not Attendee.objects.filter(meeting=second).exists()
    assert stopped.api_calls == len(sandbox.control.requests())
