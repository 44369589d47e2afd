"""Malformed ClickMeeting records: the rest is imported, the gap is logged and retried.

The sandbox serves what its state holds, so these tests break one record by
editing the state of the sandbox that runs in this process, and repair it
the same way.
"""

import pytest

from attendees.models import Attendee
from cmsync.clickmeeting import ClickMeetingClient, types
from cmsync.sync import services, skips
from cmsync.sync.models import SyncRun
from meetings.models import ChatMessage, Meeting, Session
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


def test_skipped_room_not_flagged_deleted(sandbox, api):
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


# The sandbox's chat export is always well-formed, so the client's skipping of
# chat records is stood in for by wrapping its methods.


def drop_chat_message(patch, session_id):
    """Make get_chat leave out the session's first message as malformed."""
    original = ClickMeetingClient.get_chat

    def get_chat(client, chat_session_id, **kwargs):
        messages = original(client, chat_session_id, **kwargs)
        if chat_session_id != session_id:
            return messages
        skipped = types.SkippedItem(
            path=f"chats/{session_id}",
            index=0,
            item_id=None,
            reason="chat.csv line 1 has no date",
        )
        return types.ItemList(messages[1:], [*messages.skipped, skipped])

    patch.setattr(ClickMeetingClient, "get_chat", get_chat)


def drop_chat_list_entry(patch, session_id):
    """Make list_chats leave out the session's chat as malformed."""
    original = ClickMeetingClient.list_chats

    def list_chats(client):
        chats = original(client)
        kept = [chat for chat in chats if chat.session_id != session_id]
        skipped = types.SkippedItem(
            path="chats",
            index=len(kept),
            item_id=session_id,
            reason="field 'time' is not a time (got int)",
        )
        return types.ItemList(kept, [*chats.skipped, skipped])

    patch.setattr(ClickMeetingClient, "list_chats", list_chats)


def test_skipped_chat_message_keeps_session_open(sandbox, api, monkeypatch):
    room = create_room(api, hours_ago=50)
    summary = sandbox.control.simulate_meeting(room.id, attendees=3, seed=83)
    session_id = summary["session_id"]
    with monkeypatch.context() as patch:
        drop_chat_message(patch, session_id)
        first = bulk_sync()

    session = Session.objects.get(clickmeeting_id=session_id)
    assert first.state == SyncRun.State.PARTIAL
    assert len(first.errors) == 1
    assert first.errors[0]["clickmeeting_id"] == room.id
    assert f"chats/{session_id} item 0 (no id)" in first.errors[0]["error"]
    assert ChatMessage.objects.count() == summary["chat_messages"] - 1
    assert not session.import_complete

    second = bulk_sync()

    session.refresh_from_db()
    assert second.state == SyncRun.State.SUCCEEDED, second.errors
    assert ChatMessage.objects.count() == summary["chat_messages"]
    assert session.import_complete


def test_skipped_chat_list_entry_is_run_error(sandbox, api, monkeypatch):
    rooms = [create_room(api, name=name, hours_ago=50) for name in ("One", "Two")]
    summaries = [
        sandbox.control.simulate_meeting(room.id, attendees=2, seed=84 + index)
        for index, room in enumerate(rooms)
    ]
    broken_session = summaries[0]["session_id"]
    with monkeypatch.context() as patch:
        drop_chat_list_entry(patch, broken_session)
        first = bulk_sync()

    assert first.state == SyncRun.State.PARTIAL
    assert len(first.errors) == 1
    error = first.errors[0]
    assert "meeting_id" not in error
    assert "malformed entries of the chat list" in error["error"]
    assert f"chats item 1 (id {broken_session})" in error["error"]
    assert not ChatMessage.objects.filter(session__clickmeeting_id=broken_session)
    assert not Session.objects.get(clickmeeting_id=broken_session).import_complete
    other = Session.objects.get(clickmeeting_id=summaries[1]["session_id"])
    assert other.import_complete

    second = bulk_sync()

    assert second.state == SyncRun.State.SUCCEEDED, second.errors
    assert (
        ChatMessage.objects.filter(session__clickmeeting_id=broken_session).count()
        == summaries[0]["chat_messages"]
    )
    assert Session.objects.get(clickmeeting_id=broken_session).import_complete


def test_manual_import_reports_skipped_attendee(sandbox, api):
    room = create_room(api, hours_ago=50)
    summary = sandbox.control.simulate_meeting(room.id, attendees=3, seed=86)
    bulk_sync()
    meeting = Meeting.objects.get(clickmeeting_id=room.id)
    with sandbox.state.lock:
        broken = sandbox.state.sessions[summary["session_id"]].attendees[2]
        broken.polls = BROKEN_POLLS

    run = services.create_run(SyncRun.Kind.MANUAL, meeting=meeting)
    services.run_meeting_import(run)

    run.refresh_from_db()
    meeting.refresh_from_db()
    assert run.state == SyncRun.State.PARTIAL
    assert run.errors[0]["meeting_id"] == meeting.pk
    assert f"item 2 (id {broken.id})" in run.errors[0]["error"]
    assert not meeting.import_complete
    assert not Session.objects.get(meeting=meeting).import_complete


def test_description_names_first_three():
    items = [
        types.SkippedItem(path="recordings", index=i, item_id=i or None, reason="bad")
        for i in range(5)
    ]

    text = skips.describe(items)

    assert text.startswith("recordings item 0 (no id): bad; ")
    assert "recordings item 2 (id 2): bad" in text
    assert "item 3" not in text
    assert text.endswith("; and 2 more")
