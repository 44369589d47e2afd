"""The run_sync management command."""

import pytest
from django.core.management import CommandError, call_command

from cmsync.sync.models import SyncRun
from meetings.models import Meeting
from tests.sync.conftest import create_room

pytestmark = pytest.mark.django_db


def test_run_sync_prints_summary(sandbox, api, capsys):
    room = create_room(api)
    sandbox.control.simulate_meeting(room.id, attendees=3, seed=40)

    call_command("run_sync")

    out = capsys.readouterr().out
    run = SyncRun.objects.get()
    assert f"Sync run {run.pk} (Bulk sync): Succeeded" in out
    assert "meetings seen: 1, imported: 1" in out
    assert f"API calls: {run.api_calls}" in out


def test_run_sync_one_meeting(sandbox, api, capsys):
    room = create_room(api)
    sandbox.control.simulate_meeting(room.id, attendees=3, seed=41)
    meeting = Meeting.objects.create(
        name="Quarterly review", clickmeeting_id=room.id, push_state="done"
    )

    call_command("run_sync", "--meeting", str(meeting.pk))

    assert "(Manual import): Succeeded" in capsys.readouterr().out
    assert meeting.attendees.count() == 5


def test_run_sync_unknown_meeting(db):
    with pytest.raises(CommandError, match="Meeting 999 does not exist"):
        call_command("run_sync", "--meeting", "999")


def test_run_sync_without_configuration_fails(db, capsys):
    with pytest.raises(CommandError, match="failed"):
        call_command("run_sync")

    assert "No ClickMeeting API key is configured" in capsys.readouterr().out
