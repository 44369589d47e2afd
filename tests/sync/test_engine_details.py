"""Smaller rules of the engine: pushes, malformed records, permanent rooms."""

import datetime as dt

import pytest
from django.utils import timezone

from attendees.models import Attendee
from cmsync.sync import rows, services
from cmsync.sync.models import SyncRun
from meetings import tasks as meeting_tasks
from meetings.models import Meeting
from tests.sync.conftest import bulk_sync, create_room

pytestmark = pytest.mark.django_db


def test_waiting_pushes_are_queued(monkeypatch):
    queued = []
    monkeypatch.setattr(meeting_tasks.push_meeting, "delay", queued.append)
    old = timezone.now() - dt.timedelta(minutes=10)
    pending = Meeting.objects.create(name="pending", push_state="pending")
    failed = Meeting.objects.create(name="failed", push_state="failed")
    Meeting.objects.create(name="fresh", push_state="pending")
    Meeting.objects.create(name="done", push_state="done")
    Meeting.objects.filter(pk__in=[pending.pk, failed.pk]).update(updated_at=old)

    count = services.enqueue_pending_pushes()

    assert count == 2
    assert sorted(queued) == sorted([pending.pk, failed.pk])


def test_malformed_record_is_skipped_and_reported(sandbox, api, monkeypatch):
    room = create_room(api)
    summary = sandbox.control.simulate_meeting(room.id, attendees=4, seed=60)
    original = rows.attendee_row
    broken_uid = []

    def attendee_row(meeting_id, session_pk, attendee, **kwargs):
        if not broken_uid:
            broken_uid.append(attendee.uid)
            raise ValueError("joined_at is not a date")
        return original(meeting_id, session_pk, attendee, **kwargs)

    monkeypatch.setattr(rows, "attendee_row", attendee_row)

    run = bulk_sync()

    assert Attendee.objects.count() == summary["attendees"] - 1
    assert not Attendee.objects.filter(clickmeeting_id=str(broken_uid[0])).exists()
    assert run.state == SyncRun.State.PARTIAL
    assert "Skipped 1 malformed records" in run.errors[0]["error"]
    assert run.errors[0]["clickmeeting_id"] == room.id


def test_permanent_room_rechecked_after_interval(sandbox, api, settings):
    room = create_room(api, permanent=True)
    bulk_sync()
    sandbox.control.clear_requests()
    assert bulk_sync().meetings_imported == 0
    Meeting.objects.filter(clickmeeting_id=room.id).update(
        last_bulk_import_at=timezone.now() - dt.timedelta(hours=7)
    )
    summary = sandbox.control.simulate_meeting(room.id, attendees=2, seed=61)

    run = bulk_sync()

    assert run.meetings_imported == 1
    assert Attendee.objects.count() == summary["attendees"]


def test_local_edit_waiting_for_push_is_kept(sandbox, api):
    room = create_room(api, hours_ago=-48)
    bulk_sync()
    Meeting.objects.filter(clickmeeting_id=room.id).update(
        name="Renamed here", push_state="pending"
    )

    bulk_sync()

    assert Meeting.objects.get(clickmeeting_id=room.id).name == "Renamed here"


def test_missing_configuration_fails_run(db):
    run = bulk_sync()

    assert run.state == SyncRun.State.FAILED
    assert "No ClickMeeting API key" in run.errors[0]["error"]
    assert run.finished_at is not None
