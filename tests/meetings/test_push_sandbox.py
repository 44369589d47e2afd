"""Meetings pushed to the ClickMeeting sandbox over real HTTP on loopback."""

from datetime import timedelta
from urllib.parse import parse_qs, urlsplit
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone

from meetings.models import Meeting
from tests.meetings.helpers import sandbox_rooms


def form_data(**overrides):
    start = (timezone.now() + timedelta(days=3)).astimezone(ZoneInfo("Europe/Warsaw"))
    data = {
        "name": "Quarterly review",
        "room_url_name": "",
        "room_url_name_derived": "",
        "access_type": "2",
        "password": "s3cret-pass",
        "room_type": "webinar",
        "start": start.strftime("%Y-%m-%dT%H:%M"),
        "timezone": "Europe/Warsaw",
        "duration_hours": "1",
        "duration_minutes": "30",
        "lobby_enabled": "on",
        "lobby_description": "We start at the full hour.",
        "registration_enabled": "",
    }
    data.update(overrides)
    return data


def create_meeting(client, captured_callbacks, **overrides):
    with captured_callbacks(execute=True):
        response = client.post(reverse("meetings:create"), form_data(**overrides))
    assert response.status_code == 302
    return Meeting.objects.get(name=overrides.get("name", "Quarterly review"))


@pytest.fixture
def creator_client(login, creator):
    return login(creator)


def test_created_meeting_exists_in_sandbox(
    clickmeeting_account, creator_client, django_capture_on_commit_callbacks
):
    meeting = create_meeting(creator_client, django_capture_on_commit_callbacks)

    meeting.refresh_from_db()
    assert meeting.push_state == Meeting.PushState.DONE
    assert meeting.pushed_version == meeting.local_version
    rooms = sandbox_rooms(clickmeeting_account)
    assert len(rooms) == 1
    room = rooms[0]
    assert room.id == meeting.clickmeeting_id
    assert room.name == "Quarterly review"
    assert room.starts_at == meeting.starts_at
    assert room.ends_at - room.starts_at == timedelta(hours=1, minutes=30)
    assert room.access_type == 2
    assert room.room_type == "webinar"
    assert room.timezone == "Europe/Warsaw"
    assert room.lobby_enabled is True
    assert room.name_url == "quarterly-review"
    assert meeting.room_url == room.room_url


def test_edit_updates_the_same_room(
    clickmeeting_account, creator_client, django_capture_on_commit_callbacks
):
    meeting = create_meeting(creator_client, django_capture_on_commit_callbacks)
    data = form_data(name="Quarterly review (moved)", room_url_name="quarterly-review")
    data["duration_hours"] = "2"
    data["duration_minutes"] = "0"

    with django_capture_on_commit_callbacks(execute=True):
        creator_client.post(reverse("meetings:edit", args=[meeting.pk]), data)

    meeting.refresh_from_db()
    rooms = sandbox_rooms(clickmeeting_account)
    assert [room.id for room in rooms] == [meeting.clickmeeting_id]
    assert rooms[0].name == "Quarterly review (moved)"
    assert rooms[0].ends_at - rooms[0].starts_at == timedelta(hours=2)
    assert meeting.push_state == Meeting.PushState.DONE


def test_join_redirects_to_room_with_autologin_hash(
    clickmeeting_account, creator_client, django_capture_on_commit_callbacks
):
    meeting = create_meeting(creator_client, django_capture_on_commit_callbacks)
    meeting.refresh_from_db()

    response = creator_client.post(reverse("meetings:join", args=[meeting.pk]))

    assert response.status_code == 302
    location = urlsplit(response["Location"])
    assert f"{location.scheme}://{location.netloc}{location.path}" == meeting.room_url
    login_hash = parse_qs(location.query)["l"][0]
    assert len(login_hash) > 20
    autologin_calls = clickmeeting_account.control.requests(
        path="conferences/*/room/autologin_hash"
    )
    assert len(autologin_calls) == 1


def test_outage_keeps_meeting_pending_then_retry_succeeds(
    clickmeeting_account,
    creator_client,
    django_capture_on_commit_callbacks,
    monkeypatch,
):
    from meetings import tasks

    # Every attempt of the first push meets a 503: its retries run out.
    attempts = tasks.PUSH_MAX_RETRIES + 1
    clickmeeting_account.control.inject_fault(
        "unavailable", count=attempts, path="conferences"
    )

    meeting = create_meeting(creator_client, django_capture_on_commit_callbacks)

    meeting.refresh_from_db()
    assert meeting.push_state == Meeting.PushState.FAILED
    assert "Retry push" in meeting.push_error
    assert meeting.name == "Quarterly review"
    assert meeting.password == "s3cret-pass"
    assert meeting.clickmeeting_id is None
    assert sandbox_rooms(clickmeeting_account) == []

    with django_capture_on_commit_callbacks(execute=True):
        response = creator_client.post(
            reverse("meetings:retry_push", args=[meeting.pk])
        )

    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.push_state == Meeting.PushState.DONE
    assert len(sandbox_rooms(clickmeeting_account)) == 1


def test_transient_errors_are_retried_automatically(
    clickmeeting_account, creator_client, django_capture_on_commit_callbacks
):
    clickmeeting_account.control.inject_fault(
        "unavailable", count=2, path="conferences"
    )

    meeting = create_meeting(creator_client, django_capture_on_commit_callbacks)

    meeting.refresh_from_db()
    assert meeting.push_state == Meeting.PushState.DONE
    assert meeting.push_attempts == 3
    assert len(sandbox_rooms(clickmeeting_account)) == 1


def test_lost_create_response_does_not_duplicate_room(
    clickmeeting_account, creator_client, django_capture_on_commit_callbacks
):
    # The sandbox creates the room, then cuts its response off in transit.
    clickmeeting_account.control.inject_fault(
        "cut_off", count=1, path="conferences", method="POST"
    )

    meeting = create_meeting(creator_client, django_capture_on_commit_callbacks)

    meeting.refresh_from_db()
    rooms = sandbox_rooms(clickmeeting_account)
    assert len(rooms) == 1
    assert meeting.clickmeeting_id == rooms[0].id
    assert meeting.push_state == Meeting.PushState.DONE
    create_calls = [
        call
        for call in clickmeeting_account.control.requests(path="conferences")
        if call["method"] == "POST"
    ]
    assert len(create_calls) == 1


def test_validation_error_shown_in_plain_words(
    clickmeeting_account, creator_client, django_capture_on_commit_callbacks
):
    # Another account user took the room URL in ClickMeeting directly.
    from cmsync.clickmeeting import ClickMeetingClient, types

    ClickMeetingClient(
        clickmeeting_account.endpoint, clickmeeting_account.api_key
    ).create_conference(
        types.ConferenceInput(
            name="Someone else's room",
            room_type="meeting",
            permanent_room=False,
            access_type=1,
            starts_at=timezone.now() + timedelta(days=1),
            timezone="UTC",
            duration=timedelta(hours=1),
            custom_room_url_name="quarterly-review",
        )
    )

    meeting = create_meeting(creator_client, django_capture_on_commit_callbacks)
    response = creator_client.get(reverse("meetings:detail", args=[meeting.pk]))

    meeting.refresh_from_db()
    assert meeting.push_state == Meeting.PushState.FAILED
    page = response.content.decode()
    assert "ClickMeeting rejected the meeting" in page
    assert "Room URL: Room URL &#x27;quarterly-review&#x27; is already taken" in page
    assert "Retry push" in page


def test_relevant_edit_resends_invitations_through_sandbox(
    clickmeeting_account, creator_client, django_capture_on_commit_callbacks, creator
):
    from crm.models import Contact
    from invitations.models import Invitation

    meeting = create_meeting(creator_client, django_capture_on_commit_callbacks)
    contact = Contact.objects.create(
        first_name="Ada", last_name="Lovelace", email="ada@example.com", owner=creator
    )
    Invitation.objects.create(
        meeting=meeting,
        contact=contact,
        email=contact.email,
        state=Invitation.State.SENT,
        send_count=1,
    )

    with django_capture_on_commit_callbacks(execute=True):
        creator_client.post(
            reverse("meetings:edit", args=[meeting.pk]),
            form_data(
                name="Quarterly review, new time", room_url_name="quarterly-review"
            ),
        )

    sent = clickmeeting_account.control.sent_invitations()
    assert [item["email"] for item in sent] == ["ada@example.com"]
