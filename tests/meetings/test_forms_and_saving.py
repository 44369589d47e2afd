"""The meeting form's checks, and what saving a meeting records and queues."""

from datetime import datetime, timedelta
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from meetings import push, services
from meetings.forms import MeetingForm
from meetings.models import Meeting
from tests.meetings.factories import MeetingFactory
from tests.meetings.helpers import fake_conference

WARSAW = ZoneInfo("Europe/Warsaw")


def valid_data(**overrides):
    start = (timezone.now() + timedelta(days=3)).astimezone(WARSAW)
    data = {
        "name": "Pricing workshop",
        "room_url_name": "pricing-workshop",
        "access_type": "1",
        "password": "",
        "room_type": "meeting",
        "start": start.strftime("%Y-%m-%dT%H:%M"),
        "timezone": "Europe/Warsaw",
        "duration_hours": "1",
        "duration_minutes": "0",
        "lobby_description": "",
    }
    data.update(overrides)
    return data


def make_form(data, instance=None):
    return MeetingForm(data=data, instance=instance, default_zone_name="UTC")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"name": "   "}, "name"),
        ({"name": "x" * 256}, "name"),
        ({"room_url_name": "Has Spaces"}, "room_url_name"),
        ({"room_url_name": "ab"}, "room_url_name"),
        ({"room_url_name": "-leading"}, "room_url_name"),
        ({"room_url_name": "ünïcode"}, "room_url_name"),
        ({"access_type": "2", "password": ""}, "password"),
        ({"access_type": "2", "password": "tab\there"}, "password"),
        ({"duration_hours": "0", "duration_minutes": "0"}, "duration_hours"),
        ({"duration_hours": "24", "duration_minutes": "30"}, "duration_hours"),
        ({"start": "2001-01-01T10:00"}, "start"),
        ({"start": "not a date"}, "start"),
        ({"timezone": "Mars/Olympus"}, "timezone"),
    ],
)
def test_form_rejects_what_clickmeeting_rejects(overrides, field):
    form = make_form(valid_data(**overrides))

    assert not form.is_valid()
    assert field in form.errors


@pytest.mark.django_db
def test_form_rejects_time_skipped_by_daylight_saving():
    # Clocks in Warsaw jump from 02:00 to 03:00 on 2030-03-31.
    with time_machine.travel(datetime(2030, 3, 1, tzinfo=WARSAW)):
        form = make_form(valid_data(start="2030-03-31T02:30"))

        assert not form.is_valid()
    assert "does not exist in Europe/Warsaw" in form.errors["start"][0]


@pytest.mark.django_db
def test_form_stores_start_in_utc_with_zone():
    with time_machine.travel(datetime(2030, 6, 1, tzinfo=WARSAW)):
        form = make_form(valid_data(start="2030-07-01T15:00"))

        assert form.is_valid(), form.errors
    meeting = form.save(commit=False)
    assert meeting.starts_at == datetime(2030, 7, 1, 13, 0, tzinfo=ZoneInfo("UTC"))
    assert meeting.timezone == "Europe/Warsaw"


@pytest.mark.django_db
def test_form_defaults_start_one_hour_ahead_in_user_zone():
    moment = datetime(2030, 1, 10, 8, 20, 42, tzinfo=ZoneInfo("UTC"))
    with time_machine.travel(moment, tick=False):
        form = MeetingForm(default_zone_name="America/New_York")

    assert form.initial["start"] == datetime(2030, 1, 10, 4, 20)
    assert form.initial["timezone"] == "America/New_York"
    assert form.initial["duration_hours"] == 1
    assert form.initial["duration_minutes"] == 0


@pytest.mark.django_db
def test_overlong_name_is_rejected_on_page(login, creator):
    data = valid_data(name="n" * 600)

    with mock.patch("meetings.services.enqueue_push") as enqueue_push:
        response = login(creator).post(reverse("meetings:create"), data)

    assert response.status_code == 200
    assert not Meeting.objects.exists()
    enqueue_push.assert_not_called()
    html = response.content.decode()
    assert "Ensure this value has at most 255 characters (it has 600)." in html
    assert 'maxlength="255"' in html


@pytest.mark.django_db
def test_name_of_255_characters_is_accepted():
    form = make_form(valid_data(name="n" * 255))

    assert form.is_valid(), form.errors


@pytest.mark.django_db
def test_unusual_duration_is_allowed_with_warning(login, creator):
    data = valid_data(duration_hours="4", duration_minutes="0")

    with mock.patch("meetings.services.enqueue_push"):
        response = login(creator).post(reverse("meetings:create"), data, follow=True)

    assert Meeting.objects.get().duration == timedelta(hours=4)
    assert b"outside the usual 5 minutes to 3 hours" in response.content


@pytest.mark.django_db
def test_form_clears_password_and_agenda_that_do_not_apply():
    form = make_form(
        valid_data(access_type="1", password="left-over", lobby_description="Hi")
    )

    assert form.is_valid(), form.errors
    meeting = form.save(commit=False)
    assert meeting.password == ""
    assert meeting.lobby_description == ""


@pytest.mark.django_db
def test_form_rejects_room_url_of_another_meeting(creator):
    MeetingFactory(owner=creator, room_url_name="pricing-workshop")

    form = make_form(valid_data())

    assert not form.is_valid()
    assert "already uses" in form.errors["room_url_name"][0]


@pytest.mark.django_db
def test_derived_room_url_gets_suffix_when_taken(creator):
    MeetingFactory(owner=creator, room_url_name="pricing-workshop")
    form = make_form(valid_data(room_url_name_derived="True"))
    assert form.is_valid(), form.errors

    with mock.patch("meetings.services.enqueue_push"):
        result = services.meeting_save(
            form.save(commit=False), user=creator, derive_room_url_name=True
        )

    assert result.meeting.room_url_name == "pricing-workshop-2"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Sales Kick-off 2030!", "sales-kick-off-2030"),
        ("Café Crème", "cafe-creme"),
        ("Q4", "q4-meeting"),
        ("Тест камеры", "test-kamery"),
        ("Zespół Łódź", "zespol-lodz"),
        ("!!!", "meeting"),
    ],
)
def test_room_url_derived_from_name(name, expected):
    assert services.unique_room_url_name(name) == expected


@pytest.mark.django_db
def test_create_queues_push_after_commit(
    login, creator, django_capture_on_commit_callbacks
):
    with mock.patch("meetings.tasks.push_meeting.delay") as delay:
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            login(creator).post(reverse("meetings:create"), valid_data())
        delay.assert_not_called()
        for callback in callbacks:
            callback()

    meeting = Meeting.objects.get()
    delay.assert_called_once_with(meeting.pk)
    assert meeting.owner == creator
    assert meeting.push_state == Meeting.PushState.PENDING


def edit(client, meeting, capture, **overrides):
    data = valid_data(room_url_name=meeting.room_url_name)
    start = meeting.starts_at.astimezone(ZoneInfo(meeting.timezone))
    data.update(
        name=meeting.name,
        start=start.strftime("%Y-%m-%dT%H:%M"),
        timezone=meeting.timezone,
        access_type=str(meeting.access_type),
        password=meeting.password,
    )
    data.update(overrides)
    with mock.patch("meetings.services.enqueue_push") as enqueue:
        with capture(execute=True):
            response = client.post(reverse("meetings:edit", args=[meeting.pk]), data)
    assert response.status_code == 302
    meeting.refresh_from_db()
    return enqueue


@pytest.fixture
def capture(django_capture_on_commit_callbacks):
    return django_capture_on_commit_callbacks


@pytest.fixture
def pushed_meeting(creator):
    start = (timezone.now() + timedelta(days=5)).replace(second=0, microsecond=0)
    return MeetingFactory(
        owner=creator,
        name="Pricing workshop",
        room_url_name="pricing-workshop",
        starts_at=start,
        clickmeeting_id=9120475,
        push_state=Meeting.PushState.DONE,
        local_version=1,
        pushed_version=1,
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    "overrides",
    [
        {"name": "Pricing workshop, renamed"},
        {"access_type": "2", "password": "n3w-secret"},
        {"access_type": "3"},
        {"start": "2099-01-05T10:00"},
    ],
)
def test_relevant_edit_marks_invitations_for_resend(
    login, creator, pushed_meeting, overrides, capture
):
    enqueue = edit(login(creator), pushed_meeting, capture, **overrides)

    assert pushed_meeting.invitations_resend_due is True
    assert pushed_meeting.local_version == 2
    assert pushed_meeting.push_state == Meeting.PushState.PENDING
    enqueue.assert_called_once_with(pushed_meeting.pk)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "overrides",
    [
        {"duration_hours": "2"},
        {"room_type": "webinar"},
        {"lobby_enabled": "on", "lobby_description": "Agenda"},
        {"registration_enabled": "on"},
    ],
)
def test_other_edit_does_not_mark_resend(
    login, creator, pushed_meeting, overrides, capture
):
    enqueue = edit(login(creator), pushed_meeting, capture, **overrides)

    assert pushed_meeting.invitations_resend_due is False
    assert pushed_meeting.local_version == 2
    enqueue.assert_called_once_with(pushed_meeting.pk)


@pytest.mark.django_db
def test_unchanged_save_queues_nothing(login, creator, pushed_meeting, capture):
    enqueue = edit(login(creator), pushed_meeting, capture)

    assert pushed_meeting.local_version == 1
    assert pushed_meeting.push_state == Meeting.PushState.DONE
    enqueue.assert_not_called()


@pytest.mark.django_db
def test_edit_keeps_state_written_by_running_push(creator, pushed_meeting):
    stale = Meeting.objects.get(pk=pushed_meeting.pk)
    Meeting.objects.filter(pk=pushed_meeting.pk).update(room_url="https://x.test/r")
    stale.name = "Renamed while a push ran"

    with mock.patch("meetings.services.enqueue_push"):
        services.meeting_save(stale, user=creator)

    pushed_meeting.refresh_from_db()
    assert pushed_meeting.room_url == "https://x.test/r"
    assert pushed_meeting.clickmeeting_id == 9120475


@pytest.fixture
def invitation_tasks(monkeypatch):
    from invitations import tasks

    resend = mock.Mock()
    send_pending = mock.Mock()
    monkeypatch.setattr(tasks, "resend_invitations_task", resend)
    monkeypatch.setattr(tasks, "send_pending_invitations", send_pending)
    return resend, send_pending


@pytest.fixture
def fake_client(monkeypatch):
    client = mock.Mock()
    monkeypatch.setattr(push, "get_client", lambda: client)
    return client


@pytest.mark.django_db
def test_push_after_relevant_edit_triggers_resend(
    login, creator, pushed_meeting, invitation_tasks, fake_client, capture
):
    resend, send_pending = invitation_tasks
    edit(login(creator), pushed_meeting, capture, name="Pricing workshop, moved")
    fake_client.update_conference.return_value = fake_conference(pushed_meeting)

    push.meeting_push(pushed_meeting.pk)

    pushed_meeting.refresh_from_db()
    fake_client.update_conference.assert_called_once()
    resend.delay.assert_called_once_with(pushed_meeting.pk)
    send_pending.delay.assert_not_called()
    assert pushed_meeting.invitations_resend_due is False
    assert pushed_meeting.push_state == Meeting.PushState.DONE


@pytest.mark.django_db
def test_push_after_other_edit_sends_no_invitations(
    login, creator, pushed_meeting, invitation_tasks, fake_client, capture
):
    resend, send_pending = invitation_tasks
    edit(login(creator), pushed_meeting, capture, room_type="webinar")
    fake_client.update_conference.return_value = fake_conference(pushed_meeting)

    push.meeting_push(pushed_meeting.pk)

    resend.delay.assert_not_called()
    send_pending.delay.assert_not_called()


@pytest.mark.django_db
def test_push_of_new_room_sends_pending_invitations(
    creator, invitation_tasks, fake_client
):
    resend, send_pending = invitation_tasks
    meeting = MeetingFactory(owner=creator)
    fake_client.create_conference.return_value = fake_conference(meeting)

    push.meeting_push(meeting.pk)

    send_pending.delay.assert_called_once_with(meeting.pk)
    resend.delay.assert_not_called()


@pytest.mark.django_db
def test_push_of_sent_version_calls_nothing(pushed_meeting, fake_client):
    outcome = push.meeting_push(pushed_meeting.pk)

    assert outcome == "up_to_date"
    assert fake_client.mock_calls == []


@pytest.mark.django_db
def test_push_waits_while_another_holds_lease(creator, fake_client):
    meeting = MeetingFactory(
        owner=creator, push_lease_until=timezone.now() + timedelta(minutes=5)
    )

    with pytest.raises(push.PushBusyError):
        push.meeting_push(meeting.pk)

    assert fake_client.mock_calls == []


@pytest.mark.django_db
def test_push_without_configuration_fails_in_plain_words(creator, monkeypatch):
    from admin_config.services import NotConfiguredError

    def not_configured():
        raise NotConfiguredError("No ClickMeeting API key is configured.")

    monkeypatch.setattr(push, "get_client", not_configured)
    meeting = MeetingFactory(owner=creator)

    outcome = push.meeting_push(meeting.pk)

    meeting.refresh_from_db()
    assert outcome == "failed"
    assert meeting.push_state == Meeting.PushState.FAILED
    assert meeting.push_error == "No ClickMeeting API key is configured."
    assert meeting.push_lease_until is None


@pytest.mark.django_db
def test_push_of_deleted_meeting_is_skipped(fake_client):
    assert push.meeting_push(987654) == "missing"
