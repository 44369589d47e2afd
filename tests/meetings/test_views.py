"""Meeting pages: who may open them, what they show, and their query budgets."""

from datetime import timedelta
from unittest import mock

import pytest
from django.urls import reverse
from django.utils import timezone

from meetings.models import Meeting
from tests.meetings.factories import MeetingFactory, SessionFactory

# Persona (fixture name, or "anonymous"), and the status each page returns.
# The creator owns the meeting under test; other_creator does not.
READ_MATRIX = {
    "anonymous": 302,
    "no_group_user": 403,
    "viewer": 200,
    "creator": 200,
    "other_creator": 200,
    "administrator": 200,
}
OWNER_MATRIX = {**READ_MATRIX, "viewer": 403, "other_creator": 403}
CREATE_MATRIX = {**READ_MATRIX, "viewer": 403}
PERSONAS = list(READ_MATRIX)


@pytest.fixture
def meeting(creator):
    return MeetingFactory(owner=creator, name="Partner briefing")


def request_as(request, client, persona, method, url, data=None):
    if persona != "anonymous":
        client.force_login(request.getfixturevalue(persona))
    return getattr(client, method)(url, data or {})


def assert_status(response, expected):
    if expected == 302:
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))
    else:
        assert response.status_code == expected


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize(
    "page", ["home", "meetings:list", "meetings:create", "detail", "edit", "assign"]
)
def test_page_role_matrix(request, client, meeting, persona, page):
    urls = {
        "assign": (reverse("meetings:assign", args=[meeting.pk]), CREATE_MATRIX),
        "home": (reverse("home"), READ_MATRIX),
        "meetings:list": (reverse("meetings:list"), READ_MATRIX),
        "meetings:create": (reverse("meetings:create"), CREATE_MATRIX),
        "detail": (reverse("meetings:detail", args=[meeting.pk]), READ_MATRIX),
        "edit": (reverse("meetings:edit", args=[meeting.pk]), OWNER_MATRIX),
    }
    url, matrix = urls[page]

    response = request_as(request, client, persona, "get", url)

    assert_status(response, matrix[persona])


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize(
    ("action", "matrix"),
    [
        ("meetings:join", OWNER_MATRIX),
        ("meetings:retry_push", OWNER_MATRIX),
        ("meetings:assign", CREATE_MATRIX),
        ("meetings:recreate_room", OWNER_MATRIX),
    ],
)
def test_action_role_matrix(request, client, meeting, persona, action, matrix):
    Meeting.objects.filter(pk=meeting.pk).update(push_state=Meeting.PushState.FAILED)
    url = reverse(action, args=[meeting.pk])
    expected = matrix[persona]

    with mock.patch("meetings.services.enqueue_push"):
        response = request_as(request, client, persona, "post", url)

    if expected == 200:
        # An allowed action redirects back to the meeting (its message explains
        # why, e.g. the room is not in ClickMeeting yet).
        assert response.status_code == 302
        assert response["Location"] == meeting.get_absolute_url()
    else:
        assert_status(response, expected)


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize(
    "action", ["meetings:calendar_feed_regenerate", "meetings:calendar_feed_revoke"]
)
def test_feed_action_role_matrix(request, client, persona, action):
    response = request_as(request, client, persona, "post", reverse(action))

    if READ_MATRIX[persona] == 200:
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("home"))
    else:
        assert_status(response, READ_MATRIX[persona])


@pytest.mark.parametrize(
    "action", ["meetings:join", "meetings:retry_push", "meetings:recreate_room"]
)
def test_actions_reject_get(login, creator, meeting, action):
    response = login(creator).get(reverse(action, args=[meeting.pk]))

    assert response.status_code == 405


def test_assign_to_me_changes_owner(login, other_creator, meeting):
    response = login(other_creator).post(reverse("meetings:assign", args=[meeting.pk]))

    meeting.refresh_from_db()
    assert response.status_code == 302
    assert meeting.owner == other_creator


def test_detail_shows_buttons_by_role(login, creator, viewer, other_creator, meeting):
    url = reverse("meetings:detail", args=[meeting.pk])

    owner_page = login(creator).get(url).content.decode()
    other_page = login(other_creator).get(url).content.decode()
    viewer_page = login(viewer).get(url).content.decode()

    assert reverse("meetings:edit", args=[meeting.pk]) in owner_page
    assert "Join meeting now" in owner_page
    assert "Assign to me" not in owner_page
    assert reverse("meetings:edit", args=[meeting.pk]) not in other_page
    assert "Join meeting now" not in other_page
    assert "Assign to me" in other_page
    for button in ("Join meeting now", "Assign to me", "Retry push"):
        assert button not in viewer_page


def test_detail_shows_counts_totals_and_deleted_flag(login, viewer, meeting):
    SessionFactory(meeting=meeting, peak_visitors=7, total_visitors=10)
    SessionFactory(meeting=meeting, peak_visitors=15, total_visitors=20)
    Meeting.objects.filter(pk=meeting.pk).update(
        total_visitors=30, deleted_at_source=timezone.now()
    )

    response = login(viewer).get(reverse("meetings:detail", args=[meeting.pk]))

    assert response.context["meeting"].session_count == 2
    assert response.context["meeting"].peak_visitors == 15
    assert response.context["meeting"].invitation_count == 0
    page = response.content.decode()
    assert "Deleted in ClickMeeting" in page
    assert ">30<" in page
    assert reverse("meetings:sessions", args=[meeting.pk]) in page


def test_detail_escapes_meeting_name(login, viewer, creator):
    meeting = MeetingFactory(owner=creator, name="<script>alert(1)</script>")

    response = login(viewer).get(reverse("meetings:detail", args=[meeting.pk]))

    assert b"<script>alert(1)</script>" not in response.content
    assert b"&lt;script&gt;alert(1)&lt;/script&gt;" in response.content


def test_failed_push_reason_and_retry_shown_to_owner(login, creator, meeting):
    Meeting.objects.filter(pk=meeting.pk).update(
        push_state=Meeting.PushState.FAILED,
        push_error="ClickMeeting rejected the meeting. Password: too short.",
    )

    page = login(creator).get(reverse("meetings:detail", args=[meeting.pk]))

    assert b"Password: too short." in page.content
    assert b"Retry push" in page.content


def test_retry_push_enqueues_after_commit(
    login, creator, meeting, django_capture_on_commit_callbacks
):
    Meeting.objects.filter(pk=meeting.pk).update(
        push_state=Meeting.PushState.FAILED, push_error="Timeout"
    )

    with mock.patch("meetings.tasks.push_meeting.delay") as delay:
        with django_capture_on_commit_callbacks(execute=True):
            login(creator).post(reverse("meetings:retry_push", args=[meeting.pk]))

    meeting.refresh_from_db()
    delay.assert_called_once_with(meeting.pk)
    assert meeting.push_state == Meeting.PushState.PENDING
    assert meeting.push_error == ""


def test_join_without_room_shows_message(login, creator, meeting):
    response = login(creator).post(
        reverse("meetings:join", args=[meeting.pk]), follow=True
    )

    assert b"does not exist in ClickMeeting yet" in response.content


def test_list_filters_mine_upcoming_and_search(login, creator, other_creator):
    now = timezone.now()
    MeetingFactory(owner=creator, name="Alpha kickoff", starts_at=now + timedelta(1))
    MeetingFactory(owner=creator, name="Alpha retro", starts_at=now - timedelta(3))
    MeetingFactory(
        owner=other_creator, name="Alpha other", starts_at=now + timedelta(2)
    )
    MeetingFactory(owner=creator, name="Beta", starts_at=now + timedelta(hours=5))
    client = login(creator)
    url = reverse("meetings:list")

    def names(**params):
        response = client.get(url, params)
        return [meeting.name for meeting in response.context["meetings"]]

    assert names() == ["Beta", "Alpha kickoff"]
    assert names(q="alpha") == ["Alpha kickoff"]
    assert names(scope="all", q="alpha") == ["Alpha kickoff", "Alpha other"]
    assert names(when="past") == ["Alpha retro"]
    assert names(when="any", q="alpha") == ["Alpha retro", "Alpha kickoff"]


def test_list_is_paginated(login, creator):
    start = timezone.now() + timedelta(days=1)
    Meeting.objects.bulk_create(
        Meeting(name=f"M{i}", owner=creator, starts_at=start + timedelta(minutes=i))
        for i in range(30)
    )

    response = login(creator).get(reverse("meetings:list"), {"page": 2})

    assert len(response.context["meetings"]) == 5
    assert response.context["page_obj"].number == 2


def bulk_meetings(owner, count):
    start = timezone.now() + timedelta(days=1)
    Meeting.objects.bulk_create(
        Meeting(
            name=f"Bulk meeting {i}",
            room_url_name=f"bulk-meeting-{i}",
            owner=owner,
            starts_at=start + timedelta(hours=i % 600),
            timezone="Europe/Warsaw",
        )
        for i in range(count)
    )


@pytest.mark.parametrize("count", [10, 1000])
@pytest.mark.parametrize("page", ["home", "meetings:list", "detail"])
def test_page_queries_do_not_grow(
    login, creator, django_assert_max_num_queries, count, page
):
    bulk_meetings(creator, count)
    first = Meeting.objects.order_by("pk").first()
    SessionFactory.create_batch(3, meeting=first)
    urls = {
        "home": reverse("home"),
        "meetings:list": reverse("meetings:list") + "?scope=all",
        "detail": reverse("meetings:detail", args=[first.pk]),
    }
    client = login(creator)

    with django_assert_max_num_queries(8):
        response = client.get(urls[page])

    assert response.status_code == 200
