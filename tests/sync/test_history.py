"""The historical import after the sync start date moved earlier."""

import datetime as dt

import pytest
from django.utils import timezone

from admin_config.services import get_config
from attendees.models import Attendee
from cmsync.sync import tasks
from cmsync.sync.models import SyncRun
from cmsync.sync.throttle import ThrottledClient
from meetings.models import Meeting
from tests.sync.conftest import bulk_sync, create_room

pytestmark = pytest.mark.django_db

DAY_HOURS = 24


@pytest.fixture
def history_settings(settings):
    settings.SYNC_HISTORY_MIN_CALL_INTERVAL_SECONDS = 0
    settings.SYNC_HISTORY_BATCH_PAUSE_SECONDS = 0
    settings.SYNC_HISTORY_RATE_LIMIT_PAUSE_SECONDS = 0
    settings.SYNC_HISTORY_BATCH_SIZE = 1
    return settings


@pytest.fixture
def old_rooms(sandbox, api, history_settings):
    """Rooms that ended 10, 12 and 25 days ago; the start date is 5 days ago."""
    config = get_config()
    config.sync_start_date = timezone.localdate() - dt.timedelta(days=5)
    config.save()
    rooms = {}
    for days in (10, 12, 25):
        room = create_room(api, name=f"{days} days ago", hours_ago=days * DAY_HOURS)
        sandbox.control.simulate_meeting(room.id, attendees=3, seed=days)
        rooms[days] = room
    return rooms


def move_start(days_back):
    today = timezone.localdate()
    old = today - dt.timedelta(days=5)
    new = today - dt.timedelta(days=days_back)
    return tasks.schedule_history_import.delay(old.isoformat(), new.isoformat()).get()


def test_history_imports_meetings_in_between(old_rooms):
    assert bulk_sync().meetings_imported == 0

    run = SyncRun.objects.get(pk=move_start(20))

    assert run.kind == SyncRun.Kind.HISTORY
    assert run.state == SyncRun.State.SUCCEEDED, run.errors
    assert (run.progress_done, run.progress_total) == (2, 2)
    assert run.meetings_imported == 2
    assert run.pending_meeting_ids == []
    assert run.api_calls > 0
    for days in (10, 12):
        meeting = Meeting.objects.get(clickmeeting_id=old_rooms[days].id)
        assert meeting.attendees.count() > 0
        assert meeting.import_complete
    assert not Meeting.objects.filter(clickmeeting_id=old_rooms[25].id).exists()


def test_history_waits_out_rate_limits(old_rooms, sandbox):
    sandbox.control.inject_fault(
        "rate_limit", count=3, retry_after=0, path=f"conferences/{old_rooms[12].id}/*"
    )

    run = SyncRun.objects.get(pk=move_start(20))

    assert run.state == SyncRun.State.PARTIAL
    assert run.errors[0]["clickmeeting_id"] == old_rooms[12].id
    assert Attendee.objects.filter(meeting__clickmeeting_id=old_rooms[12].id).exists()


def test_later_start_date_schedules_nothing(history_settings, sandbox):
    today = timezone.localdate()

    result = tasks.schedule_history_import.delay(
        today.isoformat(), (today + dt.timedelta(days=1)).isoformat()
    ).get()

    assert result is None
    assert not SyncRun.objects.exists()


def test_bulk_leaves_pending_history_meetings_alone(old_rooms):
    meeting = Meeting.objects.create(
        name="old", clickmeeting_id=old_rooms[10].id, push_state="done"
    )
    SyncRun.objects.create(
        kind=SyncRun.Kind.HISTORY,
        state=SyncRun.State.RUNNING,
        pending_meeting_ids=[meeting.pk],
    )
    config = get_config()
    config.sync_start_date = timezone.localdate() - dt.timedelta(days=20)
    config.save()

    run = bulk_sync()

    assert meeting.pk not in [error.get("meeting_id") for error in run.errors]
    assert not Attendee.objects.filter(meeting=meeting).exists()
    assert Attendee.objects.filter(meeting__clickmeeting_id=old_rooms[12].id).exists()


class FakeClient:
    call_count = 0

    def list_chats(self):
        self.call_count += 1
        return []


def test_throttle_spaces_calls():
    now = [100.0]
    waits = []

    def sleep(seconds):
        waits.append(seconds)
        now[0] += seconds

    client = ThrottledClient(FakeClient(), 2.0, sleep=sleep, clock=lambda: now[0])

    client.list_chats()
    now[0] += 0.5
    client.list_chats()
    now[0] += 5
    client.list_chats()

    assert waits == [1.5]
    assert client.call_count == 3
