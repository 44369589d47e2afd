"""Push failures end in a state the meeting page reports truthfully."""

import logging
from unittest import mock

import pytest
from celery.exceptions import SoftTimeLimitExceeded
from django.urls import reverse
from django.utils import timezone

from cmsync.clickmeeting import errors
from meetings import push, tasks
from meetings.models import Meeting
from tests.meetings.factories import MeetingFactory
from tests.meetings.helpers import fake_conference

ROOM_ID = 9120475
RETRYING_TEXT = "retrying automatically"


@pytest.fixture
def fake_client(monkeypatch):
    client = mock.Mock()
    client.list_conferences.return_value = []
    monkeypatch.setattr(push, "get_client", lambda: client)
    return client


@pytest.fixture
def meeting(creator):
    return MeetingFactory(owner=creator, name="Pricing workshop")


@pytest.fixture
def invitation_tasks(monkeypatch):
    from invitations import tasks as invitation_tasks

    resend = mock.Mock(name="resend_invitations_task")
    send_pending = mock.Mock(name="send_pending_invitations")
    monkeypatch.setattr(invitation_tasks, "resend_invitations_task", resend)
    monkeypatch.setattr(invitation_tasks, "send_pending_invitations", send_pending)
    return resend, send_pending


def detail_page(client, meeting):
    return client.get(reverse("meetings:detail", args=[meeting.pk])).content.decode()


@pytest.mark.django_db
def test_room_of_another_meeting_fails_push(
    login, creator, meeting, fake_client, invitation_tasks, caplog
):
    other = MeetingFactory(owner=creator, clickmeeting_id=ROOM_ID)
    fake_client.create_conference.return_value = fake_conference(meeting, ROOM_ID)

    with caplog.at_level(logging.ERROR, logger="meetings.push"):
        tasks.push_meeting.delay(meeting.pk)

    meeting.refresh_from_db()
    assert meeting.push_state == Meeting.PushState.FAILED
    assert meeting.clickmeeting_id is None
    assert meeting.push_lease_until is None
    assert f"room {ROOM_ID}" in meeting.push_error
    assert f"(meeting {other.pk})" in meeting.push_error
    assert "Retry push" in meeting.push_error
    other.refresh_from_db()
    assert other.clickmeeting_id == ROOM_ID
    logged = caplog.records[-1].getMessage()
    assert f"meeting {meeting.pk}" in logged
    assert f"room {ROOM_ID}" in logged
    assert f"meeting {other.pk} already uses" in logged
    invitation_tasks[1].delay.assert_not_called()
    page = detail_page(login(creator), meeting)
    assert f"room {ROOM_ID}" in page
    assert RETRYING_TEXT not in page


@pytest.mark.django_db
def test_conflict_after_transient_error_clears_retry_note(
    login, creator, meeting, fake_client, invitation_tasks
):
    MeetingFactory(owner=creator, clickmeeting_id=ROOM_ID)
    fake_client.create_conference.side_effect = [
        errors.UnavailableError(status=503),
        fake_conference(meeting, ROOM_ID),
    ]

    tasks.push_meeting.delay(meeting.pk)

    meeting.refresh_from_db()
    assert fake_client.create_conference.call_count == 2
    assert meeting.push_state == Meeting.PushState.FAILED
    assert RETRYING_TEXT not in meeting.push_error
    page = detail_page(login(creator), meeting)
    assert "could not be sent to ClickMeeting" in page
    assert RETRYING_TEXT not in page


@pytest.mark.django_db
def test_transient_error_shows_retry_note_while_pending(
    login, creator, meeting, fake_client
):
    fake_client.create_conference.side_effect = errors.UnavailableError(status=503)

    with pytest.raises(push.TransientPushError):
        push.meeting_push(meeting.pk)

    meeting.refresh_from_db()
    assert meeting.push_state == Meeting.PushState.PENDING
    assert RETRYING_TEXT in meeting.push_error
    page = detail_page(login(creator), meeting)
    assert RETRYING_TEXT in page
    assert "Retry push" not in page


@pytest.mark.django_db
def test_abandoned_retries_mark_failed(login, creator, meeting, fake_client):
    fake_client.create_conference.side_effect = errors.UnavailableError(status=503)

    tasks.push_meeting.delay(meeting.pk)

    meeting.refresh_from_db()
    attempts = tasks.PUSH_MAX_RETRIES + 1
    assert fake_client.create_conference.call_count == attempts
    assert meeting.push_state == Meeting.PushState.FAILED
    assert f"after {attempts} attempts" in meeting.push_error
    page = detail_page(login(creator), meeting)
    assert RETRYING_TEXT not in page
    assert "Retry push" in page


@pytest.mark.django_db
def test_unexpected_error_marks_failed_once(meeting, fake_client, caplog):
    fake_client.create_conference.side_effect = RuntimeError("database went away")

    with caplog.at_level(logging.ERROR, logger="meetings.tasks"):
        tasks.push_meeting.delay(meeting.pk)

    meeting.refresh_from_db()
    assert fake_client.create_conference.call_count == 1
    assert meeting.push_state == Meeting.PushState.FAILED
    assert "unexpected error (RuntimeError)" in meeting.push_error
    assert "database went away" not in meeting.push_error
    assert meeting.push_lease_until is None
    record = caplog.records[-1]
    assert f"push of meeting {meeting.pk}" in record.getMessage()
    assert record.exc_info is not None


@pytest.mark.django_db
def test_soft_time_limit_marks_failed(meeting, fake_client):
    fake_client.create_conference.side_effect = SoftTimeLimitExceeded()

    tasks.push_meeting.delay(meeting.pk)

    meeting.refresh_from_db()
    assert meeting.push_state == Meeting.PushState.FAILED
    assert "took too long" in meeting.push_error


@pytest.mark.django_db
def test_unqueued_resend_stays_due(meeting, fake_client, invitation_tasks):
    resend, _send_pending = invitation_tasks
    resend.delay.side_effect = ConnectionError("broker unreachable")
    resend.name = "invitations.tasks.resend_invitations_task"
    Meeting.objects.filter(pk=meeting.pk).update(
        clickmeeting_id=ROOM_ID, invitations_resend_due=True
    )
    fake_client.update_conference.return_value = fake_conference(meeting, ROOM_ID)

    tasks.push_meeting.delay(meeting.pk)

    meeting.refresh_from_db()
    resend.delay.assert_called_once_with(meeting.pk)
    assert meeting.push_state == Meeting.PushState.DONE
    assert meeting.invitations_resend_due is True


@pytest.mark.django_db
def test_push_of_room_deleted_at_source_calls_nothing(meeting, fake_client):
    Meeting.objects.filter(pk=meeting.pk).update(
        clickmeeting_id=ROOM_ID, deleted_at_source=timezone.now()
    )

    outcome = push.meeting_push(meeting.pk)

    assert outcome == "deleted_at_source"
    assert fake_client.mock_calls == []
