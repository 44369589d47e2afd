"""Bulk sync against the sandbox over real HTTP."""

import pytest

from attendees.models import Attendee, Registration
from cmsync.sandbox.simulation import POLL
from cmsync.sync.models import SyncRun
from meetings.models import ChatMessage, File, Meeting, PollAnswer, Session
from tests.sync.conftest import bulk_sync, create_room

pytestmark = pytest.mark.django_db


def test_full_run_imports_simulated_meeting(sandbox, api):
    room = create_room(api)
    summary = sandbox.control.simulate_meeting(room.id, attendees=6, seed=1)

    run = bulk_sync()

    assert run.state == SyncRun.State.SUCCEEDED, run.errors
    meeting = Meeting.objects.get(clickmeeting_id=room.id)
    assert Session.objects.filter(meeting=meeting).count() == 1
    assert Attendee.objects.filter(meeting=meeting).count() == summary["attendees"]
    assert (
        Registration.objects.filter(meeting=meeting).count()
        == summary["registrations"]
    )
    assert (
        ChatMessage.objects.filter(meeting=meeting).count()
        == summary["chat_messages"]
    )
    answers_per_poll = len(POLL["questions"])
    assert (
        PollAnswer.objects.filter(meeting=meeting).count()
        == summary["poll_answers"] * answers_per_poll
    )
    assert File.objects.filter(meeting=meeting).count() == len(
        summary["recording_ids"]
    ) + len(summary["file_ids"])
