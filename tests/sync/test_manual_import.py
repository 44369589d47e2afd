"""Import data now: who may start it, the 12-hour limit, and the panel."""

import datetime as dt

import pytest
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from attendees.models import Attendee
from cmsync.sync import services, tasks
from cmsync.sync.models import SyncRun
from meetings.models import MANUAL_IMPORT_INTERVAL, Meeting
from tests.sync.conftest import create_room

pytestmark = pytest.mark.django_db

PERSONAS = ["no_group_user", "viewer", "creator", "other_creator", "administrator"]


@pytest.fixture
def meeting(creator):
    return Meeting.objects.create(
        name="Pricing webinar",
        owner=creator,
        clickmeeting_id=4242,
        push_state=Meeting.PushState.DONE,
        starts_at=timezone.now() - dt.timedelta(hours=3),
    )


@pytest.fixture
def no_background(monkeypatch):
    """Record queued imports instead of running them."""
    queued = []
    monkeypatch.setattr(
        services,
        "_enqueue_manual_import",
        lambda run_id: queued.append(run_id),
    )
    return queued


def test_import_now_anonymous_redirects_to_login(client, meeting):
    response = client.post(reverse("sync:import_now", args=[meeting.pk]))

    assert response.status_code == 302
    assert reverse("login") in response["Location"]
    assert not SyncRun.objects.exists()


@pytest.mark.parametrize(
    ("persona", "allowed"),
    [
        ("no_group_user", False),
        ("viewer", False),
        ("creator", True),
        ("other_creator", False),
        ("administrator", True),
    ],
)
def test_import_now_role_matrix(
    request,
    login,
    meeting,
    no_background,
    django_capture_on_commit_callbacks,
    persona,
    allowed,
):
    user = request.getfixturevalue(persona)
    client = login(user)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("sync:import_now", args=[meeting.pk]))

    if allowed:
        assert response.status_code == 302
        assert response["Location"] == meeting.get_absolute_url()
        run = SyncRun.objects.get()
        assert run.kind == SyncRun.Kind.MANUAL
        assert run.requested_by == user
        assert no_background == [run.pk]
    else:
        assert response.status_code == 403
        assert not SyncRun.objects.exists()
        assert no_background == []


def test_import_now_rejects_get(login, creator, meeting):
    response = login(creator).get(reverse("sync:import_now", args=[meeting.pk]))

    assert response.status_code == 405


def test_second_click_within_12_hours_is_refused(
    login, creator, meeting, no_background
):
    client = login(creator)
    url = reverse("sync:import_now", args=[meeting.pk])
    client.post(url)

    response = client.post(url, follow=True)

    assert SyncRun.objects.count() == 1
    text = response.content.decode()
    assert "limited to once every 12 hours" in text
    assert "can be imported again at" in text


def test_refusal_names_next_available_time(creator, meeting):
    first = services.request_manual_import(meeting, creator)

    second = services.request_manual_import(meeting, creator)

    assert first.accepted
    assert not second.accepted
    assert second.reason == "too_soon"
    stored = Meeting.objects.get(pk=meeting.pk).last_manual_import_at
    assert second.next_available_at == stored + MANUAL_IMPORT_INTERVAL


def test_import_allowed_again_after_12_hours(creator, meeting, time_machine):
    assert services.request_manual_import(meeting, creator).accepted
    time_machine.move_to(timezone.now() + MANUAL_IMPORT_INTERVAL + dt.timedelta(1))

    assert services.request_manual_import(meeting, creator).accepted
    assert SyncRun.objects.count() == 2


def test_meeting_not_in_clickmeeting_is_refused(creator, meeting):
    Meeting.objects.filter(pk=meeting.pk).update(clickmeeting_id=None)
    meeting.refresh_from_db()

    outcome = services.request_manual_import(meeting, creator)

    assert not outcome.accepted
    assert outcome.reason == "not_in_clickmeeting"
    assert Meeting.objects.get(pk=meeting.pk).last_manual_import_at is None


def test_htmx_click_returns_panel(login, creator, meeting, no_background):
    response = login(creator).post(
        reverse("sync:import_now", args=[meeting.pk]), HTTP_HX_REQUEST="true"
    )

    assert response.status_code == 200
    text = response.content.decode()
    assert f'id="meeting-import-panel-{meeting.pk}"' in text
    assert "The import has started." in text
    assert 'hx-trigger="every 2s"' in text


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("no_group_user", 403),
        ("viewer", 200),
        ("creator", 200),
        ("other_creator", 200),
        ("administrator", 200),
    ],
)
def test_import_panel_role_matrix(request, login, meeting, persona, status):
    client = login(request.getfixturevalue(persona))

    response = client.get(reverse("sync:import_panel", args=[meeting.pk]))

    assert response.status_code == status


def test_import_panel_anonymous_redirects(client, meeting):
    response = client.get(reverse("sync:import_panel", args=[meeting.pk]))

    assert response.status_code == 302


def render_panel(meeting, user):
    request = RequestFactory().get("/")
    request.user = user
    template = Template("{% load sync_tags %}{% meeting_import_panel meeting user %}")
    return template.render(
        Context({"meeting": meeting, "user": user, "request": request})
    )


def test_panel_shows_button_to_owner_only(meeting, creator, other_creator, viewer):
    assert "<form" in render_panel(meeting, creator)
    assert "<form" not in render_panel(meeting, other_creator)
    assert "<form" not in render_panel(meeting, viewer)


def test_panel_shows_next_available_time(meeting, creator):
    services.request_manual_import(meeting, creator)
    meeting.refresh_from_db()

    html = render_panel(meeting, creator)

    assert "<form" not in html
    assert "Next available at" in html
    assert "Queued" in html


def test_manual_import_runs_and_reports(
    sandbox, api, creator, login, django_capture_on_commit_callbacks
):
    room = create_room(api)
    summary = sandbox.control.simulate_meeting(room.id, attendees=4, seed=30)
    meeting = Meeting.objects.create(
        name="Quarterly review",
        owner=creator,
        clickmeeting_id=room.id,
        push_state=Meeting.PushState.DONE,
        timezone="Europe/Warsaw",
    )

    with django_capture_on_commit_callbacks(execute=True):
        login(creator).post(reverse("sync:import_now", args=[meeting.pk]))

    run = SyncRun.objects.get()
    assert run.state == SyncRun.State.SUCCEEDED, run.errors
    assert run.meetings_imported == 1
    assert run.api_calls > 0
    assert Attendee.objects.filter(meeting=meeting).count() == summary["attendees"]
    html = render_panel(Meeting.objects.get(pk=meeting.pk), creator)
    assert "Succeeded" in html
    assert "records created" in html


def test_queue_failure_fails_run_and_frees_limit(
    creator, meeting, monkeypatch, django_capture_on_commit_callbacks
):
    def broker_down(run_id):
        raise ConnectionError("broker unreachable")

    monkeypatch.setattr(tasks.import_meeting_now, "delay", broker_down)

    with django_capture_on_commit_callbacks(execute=True):
        outcome = services.request_manual_import(meeting, creator)

    run = SyncRun.objects.get(pk=outcome.run.pk)
    assert run.state == SyncRun.State.FAILED
    assert "could not be queued" in run.errors[0]["error"]
    assert Meeting.objects.get(pk=meeting.pk).last_manual_import_at is None
