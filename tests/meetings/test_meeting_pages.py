"""What the meeting pages show and do in less common states."""

import logging
from datetime import UTC, datetime, timedelta
from unittest import mock

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from cmsync.clickmeeting import errors
from meetings import interactive, services
from meetings.models import Meeting
from tests.meetings.factories import MeetingFactory, SessionFactory

ROOM_ID = 9120475
LONG_NAME = "W" * 255


@pytest.fixture
def meeting(creator):
    return MeetingFactory(
        owner=creator,
        name="Partner briefing",
        clickmeeting_id=ROOM_ID,
        room_url="https://example.clickmeeting.com/partner-briefing",
        push_state=Meeting.PushState.DONE,
    )


@pytest.fixture
def deleted_meeting(meeting):
    Meeting.objects.filter(pk=meeting.pk).update(
        deleted_at_source=timezone.now() - timedelta(hours=1),
        source_status="inactive",
    )
    meeting.refresh_from_db()
    return meeting


def detail_url(meeting):
    return reverse("meetings:detail", args=[meeting.pk])


def messages_of(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


# Deleted in ClickMeeting


def test_deleted_room_detail_for_owner(login, creator, deleted_meeting):
    page = login(creator).get(detail_url(deleted_meeting)).content.decode()

    assert page.count("Deleted in ClickMeeting") == 1
    assert "Sent to ClickMeeting" not in page
    assert "This room no longer exists in ClickMeeting." in page
    assert "Join meeting now" not in page
    assert "Retry push" not in page
    assert reverse("meetings:recreate_room", args=[deleted_meeting.pk]) in page


def test_deleted_room_offers_no_invitations(login, creator, deleted_meeting):
    page = login(creator).get(detail_url(deleted_meeting)).content.decode()

    assert "Invite people" not in page
    assert reverse("invitations:invite", args=[deleted_meeting.pk]) not in page


def test_owner_sees_invite_button(login, creator, meeting):
    page = login(creator).get(detail_url(meeting)).content.decode()

    assert reverse("invitations:invite", args=[meeting.pk]) in page


def test_deleted_room_hides_failed_push(login, creator, deleted_meeting):
    Meeting.objects.filter(pk=deleted_meeting.pk).update(
        push_state=Meeting.PushState.FAILED, push_error="The room no longer exists."
    )

    page = login(creator).get(detail_url(deleted_meeting)).content.decode()

    assert "Retry push" not in page
    assert "Push failed" not in page


def test_deleted_room_no_recreate_for_others(
    login, other_creator, viewer, deleted_meeting
):
    recreate_url = reverse("meetings:recreate_room", args=[deleted_meeting.pk])

    for user in (other_creator, viewer):
        page = login(user).get(detail_url(deleted_meeting)).content.decode()
        assert recreate_url not in page
        assert "owner or an administrator can create the room again" in page


def test_join_deleted_room_is_rejected(login, creator, deleted_meeting):
    with mock.patch.object(interactive, "get_client") as get_client:
        response = login(creator).post(
            reverse("meetings:join", args=[deleted_meeting.pk])
        )

    get_client.assert_not_called()
    assert response["Location"] == detail_url(deleted_meeting)
    assert "deleted in ClickMeeting" in messages_of(response)[0]


def test_retry_push_of_deleted_room_rejected(login, creator, deleted_meeting):
    Meeting.objects.filter(pk=deleted_meeting.pk).update(
        push_state=Meeting.PushState.FAILED
    )

    with mock.patch("meetings.services.enqueue_push") as enqueue:
        response = login(creator).post(
            reverse("meetings:retry_push", args=[deleted_meeting.pk])
        )

    enqueue.assert_not_called()
    assert "Recreate the room in ClickMeeting" in messages_of(response)[0]


def test_edit_form_warns_room_is_deleted(login, creator, deleted_meeting):
    page = login(creator).get(reverse("meetings:edit", args=[deleted_meeting.pk]))

    assert "does not recreate the room" in page.content.decode()


def test_saving_deleted_meeting_pushes_nothing(
    creator, deleted_meeting, django_capture_on_commit_callbacks
):
    deleted_meeting.name = "Partner briefing, moved"

    with mock.patch("meetings.services.enqueue_push") as enqueue:
        with django_capture_on_commit_callbacks(execute=True):
            result = services.meeting_save(deleted_meeting, user=creator)

    enqueue.assert_not_called()
    assert result.changed_fields == ("name",)
    stored = Meeting.objects.get(pk=deleted_meeting.pk)
    assert stored.name == "Partner briefing, moved"
    assert stored.push_state == Meeting.PushState.DONE
    assert stored.local_version == 2


def test_recreate_room_forgets_deleted_room(
    login, creator, deleted_meeting, django_capture_on_commit_callbacks
):
    Meeting.objects.filter(pk=deleted_meeting.pk).update(push_attempts=3)

    with mock.patch("meetings.services.enqueue_push") as enqueue:
        with django_capture_on_commit_callbacks(execute=True):
            response = login(creator).post(
                reverse("meetings:recreate_room", args=[deleted_meeting.pk])
            )

    enqueue.assert_called_once_with(deleted_meeting.pk)
    assert response["Location"] == detail_url(deleted_meeting)
    stored = Meeting.objects.get(pk=deleted_meeting.pk)
    assert stored.clickmeeting_id is None
    assert stored.deleted_at_source is None
    assert stored.room_url == ""
    assert stored.push_state == Meeting.PushState.PENDING
    assert stored.push_attempts == 0
    assert stored.local_version == deleted_meeting.local_version + 1
    assert stored.invitations_resend_due is True


def test_recreate_existing_room_does_nothing(login, creator, meeting):
    with mock.patch("meetings.services.enqueue_push") as enqueue:
        response = login(creator).post(
            reverse("meetings:recreate_room", args=[meeting.pk])
        )

    enqueue.assert_not_called()
    assert Meeting.objects.get(pk=meeting.pk).clickmeeting_id == ROOM_ID
    assert "nothing to recreate" in messages_of(response)[0]


# Interactive calls: short timeouts and short messages


def test_join_uses_short_timeouts(login, creator, meeting):
    with mock.patch.object(interactive, "get_client") as get_client:
        client = get_client.return_value.__enter__.return_value
        client.create_autologin_hash.return_value = "abc123"
        response = login(creator).post(reverse("meetings:join", args=[meeting.pk]))

    get_client.assert_called_once_with(
        connect_timeout=3, read_timeout=15, max_attempts=2
    )
    assert response["Location"] == meeting.room_url + "?l=abc123"


@pytest.mark.parametrize(
    ("error", "expected"),
    [
        (errors.ConnectionFailedError(reason="refused"), "not responding"),
        (errors.RequestTimeoutError(), "not responding"),
        (errors.NotFoundError("ClickMeeting could not find it."), "no longer has"),
        (errors.AuthenticationError(), "rejected the API key"),
        (errors.RateLimitedError(), "limiting requests"),
    ],
)
def test_join_failure_message_is_short(login, creator, meeting, error, expected):
    with mock.patch.object(interactive, "get_client") as get_client:
        client = get_client.return_value.__enter__.return_value
        client.create_autologin_hash.side_effect = error
        response = login(creator).post(reverse("meetings:join", args=[meeting.pk]))

    message = messages_of(response)[0]
    assert expected in message
    assert message.count("ClickMeeting") == 1
    assert "ClickMeeting said" not in message


def test_interactive_client_never_exceeds_settings(settings):
    settings.CLICKMEETING_CONNECT_TIMEOUT = 1
    settings.CLICKMEETING_READ_TIMEOUT = 60
    settings.CLICKMEETING_MAX_ATTEMPTS = 1

    with mock.patch.object(interactive, "get_client") as get_client:
        interactive.interactive_client()

    get_client.assert_called_once_with(
        connect_timeout=1, read_timeout=15, max_attempts=1
    )


# Assign to me


def test_assign_confirmation_names_owner(login, creator, other_creator, meeting):
    creator.first_name, creator.last_name = "Maria", "Nowak"
    creator.save()

    response = login(other_creator).get(reverse("meetings:assign", args=[meeting.pk]))

    page = response.content.decode()
    assert response.status_code == 200
    assert "<strong>Maria Nowak</strong>" in page
    assert "can no longer edit it" in page
    assert 'method="post"' in page
    assert "csrfmiddlewaretoken" in page
    assert Meeting.objects.get(pk=meeting.pk).owner == creator


def test_assign_names_previous_owner_and_logs(
    login, creator, other_creator, meeting, caplog
):
    with caplog.at_level(logging.INFO, logger="meetings.services"):
        response = login(other_creator).post(
            reverse("meetings:assign", args=[meeting.pk])
        )

    assert Meeting.objects.get(pk=meeting.pk).owner == other_creator
    message = messages_of(response)[0]
    assert "The previous owner, creator, can no longer edit it." in message
    logged = caplog.records[-1].getMessage()
    assert logged == (
        f"meeting {meeting.pk} assigned to user {other_creator.pk} "
        f"(previous owner {creator.pk})"
    )


def test_assign_own_meeting_changes_nothing(login, creator, meeting):
    response = login(creator).post(reverse("meetings:assign", args=[meeting.pk]))

    assert "You already own this meeting." in messages_of(response)


def test_detail_assign_button_opens_confirmation(login, other_creator, meeting):
    page = login(other_creator).get(detail_url(meeting)).content.decode()

    assert f'href="{reverse("meetings:assign", args=[meeting.pk])}"' in page


# Pagination past the end


def test_list_page_past_end_shows_last(login, creator):
    start = timezone.now() + timedelta(days=1)
    Meeting.objects.bulk_create(
        Meeting(name=f"M{i}", owner=creator, starts_at=start + timedelta(minutes=i))
        for i in range(30)
    )
    client = login(creator)

    past_end = client.get(reverse("meetings:list"), {"page": 99})
    not_a_number = client.get(reverse("meetings:list"), {"page": "abc"})

    assert past_end.status_code == 200
    assert past_end.context["page_obj"].number == 2
    assert not_a_number.status_code == 200
    assert not_a_number.context["page_obj"].number == 1


@pytest.mark.parametrize(
    "page_name",
    ["meetings:sessions", "meetings:polls", "meetings:chat", "meetings:files"],
)
def test_activity_page_past_end_shows_last(login, viewer, meeting, page_name):
    SessionFactory(meeting=meeting)

    response = login(viewer).get(reverse(page_name, args=[meeting.pk]), {"page": 99})

    assert response.status_code == 200
    assert response.context["page_obj"].number == 1


# Times and permanent rooms


def test_permanent_room_has_no_start(login, viewer, meeting):
    Meeting.objects.filter(pk=meeting.pk).update(permanent_room=True, starts_at=None)

    page = login(viewer).get(detail_url(meeting)).content.decode()

    assert "Permanent room (no fixed start)" in page
    assert "— <span" not in page


def test_detail_labels_meeting_zone(login, viewer, meeting):
    start = datetime(2031, 3, 4, 9, 30, tzinfo=UTC)
    Meeting.objects.filter(pk=meeting.pk).update(starts_at=start)
    SessionFactory(meeting=meeting, started_at=start, ended_at=start)

    response = login(viewer).get(detail_url(meeting))

    page = response.content.decode()
    # 09:30 UTC is 10:30 in Warsaw (CET in March).
    start_row = page.split("Start</dt>")[1].split("</dd>")[0]
    assert "4 Mar 2031, 10:30" in start_row
    assert "Europe/Warsaw" in start_row
    end_row = page.split("End</dt>")[1].split("</dd>")[0]
    assert "4 Mar 2031, 11:30" in end_row
    assert "Europe/Warsaw" in end_row
    sessions_header = page.split("<thead>")[-1].split("</thead>")[0]
    assert sessions_header.count("Europe/Warsaw") == 2


def test_long_name_can_wrap(login, viewer, creator):
    long_meeting = MeetingFactory(owner=creator, name=LONG_NAME)
    client = login(viewer)

    detail = client.get(detail_url(long_meeting)).content.decode()
    listing = client.get(reverse("meetings:list"), {"scope": "all"}).content.decode()

    assert f'<h1 class="h3 mb-1 text-break">{LONG_NAME}</h1>' in detail
    assert f'class="meeting-name-clamp" href="{detail_url(long_meeting)}" ' in listing
    assert f'title="{LONG_NAME}"' in listing
