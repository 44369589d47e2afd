"""Malformed ClickMeeting records: the rest is imported, the gap is logged and retried.

The sandbox serves what its state holds, so these tests break one record by
editing the state of the sandbox that runs in this process, and repair it
the same way.
"""

import pytest

from attendees.models import Attendee
from cmsync.sync.models import SyncRun
from meetings.models import Meeting, Session
from tests.sync.conftest import bulk_sync, create_room

pytestmark = pytest.mark.django_db

# A poll entry must be an object, so the client skips the attendee whole.
BROKEN_POLLS = ["not an object"]


def stored_uids(meeting):
    return set(
        Attendee.objects.filter(meeting=meeting).values_list(
            "clickmeeting_id", flat=True
        )
    )


def test_skipped_attendee_reported_and_fetched_again(sandbox, api):
    # Ended two days ago, so a clean import would complete the meeting.
    room = create_room(api, hours_ago=50)
    summary = sandbox.control.simulate_meeting(room.id, attendees=4, seed=81)
    session_id = summary["session_id"]
    with sandbox.state.lock:
        broken = sandbox.state.sessions[session_id].attendees[1]
        intact_polls = broken.polls
        broken.polls = BROKEN_POLLS

    first = bulk_sync()

    meeting = Meeting.objects.get(clickmeeting_id=room.id)
    session = Session.objects.get(meeting=meeting)
    assert first.state == SyncRun.State.PARTIAL
    assert len(stored_uids(meeting)) == summary["attendees"] - 1
    assert str(broken.id) not in stored_uids(meeting)
    assert len(first.errors) == 1
    error = first.errors[0]
    assert error["meeting_id"] == meeting.pk
    assert error["clickmeeting_id"] == room.id
    assert error["meeting"] == meeting.name
    assert "Skipped 1 malformed records" in error["error"]
    path = f"conferences/{room.id}/sessions/{session_id}/attendees"
    assert f"{path} item 1 (id {broken.id})" in error["error"]
    assert "not an object" in error["error"]
    assert not session.import_complete
    assert not meeting.import_complete

    with sandbox.state.lock:
        broken.polls = intact_polls
    second = bulk_sync()

    meeting.refresh_from_db()
    session.refresh_from_db()
    assert second.state == SyncRun.State.SUCCEEDED, second.errors
    assert len(stored_uids(meeting)) == summary["attendees"]
    assert str(broken.id) in stored_uids(meeting)
    assert session.import_complete
    assert meeting.import_complete


def test_repeated_skip_is_reported_every_run(sandbox, api):
    room = create_room(api, hours_ago=50)
    summary = sandbox.control.simulate_meeting(room.id, attendees=3, seed=82)
    with sandbox.state.lock:
        sandbox.state.sessions[summary["session_id"]].attendees[0].polls = BROKEN_POLLS

    bulk_sync()
    sandbox.control.clear_requests()
    second = bulk_sync()

    attendee_calls = sandbox.control.request_count(
        f"conferences/{room.id}/sessions/*/attendees"
    )
    assert second.state == SyncRun.State.PARTIAL
    assert second.errors[0]["clickmeeting_id"] == room.id
    assert "item 0" in second.errors[0]["error"]
    assert attendee_calls == 1
    assert Attendee.objects.count() == summary["attendees"] - 1


def test_skipped_room_is_logged_and_not_flagged_deleted(sandbox, api):
    kept = create_room(api, name="Kept")
    broken = create_room(api, name="Broken")
    bulk_sync()
    with sandbox.state.lock:
        # The client reads a room's description as text.
        sandbox.state.rooms[broken.id].description = ["not text"]

    run = bulk_sync()

    assert run.state == SyncRun.State.PARTIAL
    assert len(run.errors) == 1
    message = run.errors[0]["error"]
    assert "meeting_id" not in run.errors[0]
    assert "malformed entries of the room list" in message
    assert f"(id {broken.id})" in message
    assert "field 'description'" in message
    assert Meeting.objects.get(clickmeeting_id=broken.id).deleted_at_source is None
    assert Meeting.objects.get(clickmeeting_id=kept.id).deleted_at_source is None


def test_room_missing_from_intact_lists_is_flagged(sandbox, api):
    create_room(api, name="Kept")
    gone = create_room(api, name="Gone")
    bulk_sync()
    api.delete_conference(gone.id)

    run = bulk_sync()

    assert run.state == SyncRun.State.SUCCEEDED, run.errors
    assert Meeting.objects.get(clickmeeting_id=gone.id).deleted_at_source
