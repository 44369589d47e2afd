"""Two imports of one meeting at the same moment write one set of rows."""

import threading

import pytest
from django.db import connection

from attendees.models import Attendee, Registration
from cmsync.sync import services
from cmsync.sync.models import SyncRun
from crm.models import Lead
from meetings.models import ChatMessage, Meeting, PollAnswer, Session
from tests.sync.conftest import bulk_sync, create_room

pytestmark = pytest.mark.django_db(transaction=True)


def run_together(functions):
    barrier = threading.Barrier(len(functions))
    outcomes, failures = [], []

    def worker(function):
        try:
            barrier.wait(timeout=10)
            outcomes.append(function())
        except Exception as exc:  # noqa: BLE001 - reported by the test
            failures.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(f,)) for f in functions]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return outcomes, failures


def counts():
    return {
        model.__name__: model.objects.count()
        for model in (Session, Attendee, Registration, ChatMessage, PollAnswer, Lead)
    }


def test_two_imports_of_one_meeting_write_once(sandbox, api):
    room = create_room(api, permanent=True)
    sandbox.control.simulate_meeting(room.id, attendees=8, seed=11)
    bulk_sync()
    expected = counts()
    meeting = Meeting.objects.get(clickmeeting_id=room.id)
    # Start again from a meeting that was listed but never imported.
    for model in (PollAnswer, ChatMessage, Attendee, Registration, Session, Lead):
        model.objects.all().delete()
    Meeting.objects.filter(pk=meeting.pk).update(last_bulk_import_at=None)
    runs = [services.create_run(SyncRun.Kind.MANUAL, meeting=meeting) for _ in range(2)]

    outcomes, failures = run_together(
        [lambda run=run: services.run_meeting_import(run) for run in runs]
    )

    assert failures == []
    assert sorted(o.value for o in outcomes) == ["busy", "imported"]
    assert counts() == expected


def test_bulk_and_manual_import_overlap_safely(sandbox, api):
    rooms = [create_room(api, name=f"Room {n}") for n in range(3)]
    for number, room in enumerate(rooms):
        sandbox.control.simulate_meeting(room.id, attendees=5, seed=20 + number)
    bulk_sync()
    expected = counts()
    for model in (PollAnswer, ChatMessage, Attendee, Registration, Session, Lead):
        model.objects.all().delete()
    Meeting.objects.update(last_bulk_import_at=None)
    manual = services.create_run(
        SyncRun.Kind.MANUAL, meeting=Meeting.objects.get(clickmeeting_id=rooms[1].id)
    )

    outcomes, failures = run_together(
        [bulk_sync, lambda: services.run_meeting_import(manual)]
    )

    assert failures == []
    # Whichever import lost the race for a meeting left it to the other one,
    # or to the next run.
    bulk_sync()
    assert counts() == expected


def test_two_clicks_at_once_start_one_import(creator, monkeypatch):
    monkeypatch.setattr(services, "_enqueue_manual_import", lambda run_id: None)
    meeting = Meeting.objects.create(name="Launch", owner=creator, clickmeeting_id=777)

    outcomes, failures = run_together(
        [lambda: services.request_manual_import(meeting, creator)] * 2
    )

    assert failures == []
    assert sorted(o.accepted for o in outcomes) == [False, True]
    assert SyncRun.objects.filter(meeting=meeting).count() == 1
