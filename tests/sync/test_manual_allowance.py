"""The 12-hour allowance of Import data now: a failed attempt gives it back."""

import datetime as dt
import socket

import pytest
from django.urls import reverse
from django.utils import timezone

from admin_config import services as config_services
from cmsync.sync import allowance, services
from cmsync.sync.models import SyncRun
from meetings.models import MANUAL_IMPORT_INTERVAL, Meeting
from tests.sync.conftest import create_room

pytestmark = pytest.mark.django_db

# More failing responses than the client's attempts (3 in the sandbox fixture).
EXHAUSTING_COUNT = 20
AVAILABLE_AGAIN = "Import data now is available again."


@pytest.fixture
def room_meeting(sandbox, api, creator):
    room = create_room(api)
    sandbox.control.simulate_meeting(room.id, attendees=3, seed=5)
    return Meeting.objects.create(
        name="Quarterly review",
        owner=creator,
        clickmeeting_id=room.id,
        push_state=Meeting.PushState.DONE,
        timezone="Europe/Warsaw",
    )


@pytest.fixture
def offline_meeting(creator):
    """A meeting whose ClickMeeting account is not configured at all."""
    return Meeting.objects.create(
        name="Pricing webinar",
        owner=creator,
        clickmeeting_id=4242,
        push_state=Meeting.PushState.DONE,
    )


def click_import(client, meeting, capture):
    """Press Import data now, and run the eager task once the request commits."""
    with capture(execute=True):
        response = client.post(
            reverse("sync:import_now", args=[meeting.pk]), follow=True
        )
    return response, SyncRun.objects.filter(meeting=meeting).latest("pk")


def panel_html(client, meeting):
    return client.get(reverse("sync:import_panel", args=[meeting.pk])).content.decode()


def refused_endpoint():
    """Return a loopback endpoint on a port where nothing listens."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}/v1/"


@pytest.mark.parametrize("kind", ["unavailable", "server_error"])
def test_clickmeeting_failure_gives_allowance_back(
    login, creator, room_meeting, sandbox, django_capture_on_commit_callbacks, kind
):
    sandbox.control.inject_fault(kind, count=EXHAUSTING_COUNT)
    client = login(creator)

    _, run = click_import(client, room_meeting, django_capture_on_commit_callbacks)

    assert run.state == SyncRun.State.FAILED
    assert run.meetings_imported == 0
    assert run.allowance_returned
    meeting = Meeting.objects.get(pk=room_meeting.pk)
    assert meeting.last_manual_import_at is None
    assert meeting.next_manual_import_at is None
    html = panel_html(client, meeting)
    assert "Import data now</button>" in html
    assert "disabled>Import data now" not in html
    assert AVAILABLE_AGAIN in html


@pytest.mark.django_db(transaction=True)
def test_eager_failure_message_says_try_again(login, creator, room_meeting, sandbox):
    sandbox.control.inject_fault("unavailable", count=EXHAUSTING_COUNT)

    # Without a surrounding test transaction the task runs inside the request.
    response = login(creator).post(
        reverse("sync:import_now", args=[room_meeting.pk]), follow=True
    )

    text = response.content.decode()
    assert "did not count against the 12-hour limit. You can try again now." in text
    assert "Import data now</button>" in text
    assert "disabled>Import data now" not in text


def test_refused_connection_gives_allowance_back(
    login, creator, room_meeting, django_capture_on_commit_callbacks
):
    config = config_services.get_config()
    config.endpoint_url = refused_endpoint()
    config.save()

    _, run = click_import(
        login(creator), room_meeting, django_capture_on_commit_callbacks
    )

    assert run.state == SyncRun.State.FAILED
    assert run.allowance_returned
    assert Meeting.objects.get(pk=room_meeting.pk).last_manual_import_at is None


def test_rejected_api_key_gives_allowance_back(
    login, creator, room_meeting, django_capture_on_commit_callbacks
):
    config = config_services.get_config()
    config.set_api_key("not-the-sandbox-key")
    config.save()

    _, run = click_import(
        login(creator), room_meeting, django_capture_on_commit_callbacks
    )

    assert run.state == SyncRun.State.FAILED
    assert run.api_calls > 0
    assert run.allowance_returned
    assert Meeting.objects.get(pk=room_meeting.pk).last_manual_import_at is None


def test_unconfigured_account_gives_allowance_back(
    login, administrator, offline_meeting, django_capture_on_commit_callbacks
):
    client = login(administrator)

    _, run = click_import(client, offline_meeting, django_capture_on_commit_callbacks)

    assert run.state == SyncRun.State.FAILED
    assert run.api_calls == 0
    assert run.allowance_returned
    assert Meeting.objects.get(pk=offline_meeting.pk).last_manual_import_at is None
    assert AVAILABLE_AGAIN in panel_html(client, offline_meeting)


def test_failure_restores_older_import_time(creator, offline_meeting):
    older = timezone.now() - MANUAL_IMPORT_INTERVAL - dt.timedelta(hours=1)
    Meeting.objects.filter(pk=offline_meeting.pk).update(last_manual_import_at=older)

    outcome = services.request_manual_import(offline_meeting, creator)
    services.run_meeting_import(outcome.run)

    run = SyncRun.objects.get(pk=outcome.run.pk)
    assert run.allowance_previous_at == older
    assert run.allowance_returned
    assert Meeting.objects.get(pk=offline_meeting.pk).last_manual_import_at == older


def test_successful_import_uses_allowance(
    login, creator, room_meeting, django_capture_on_commit_callbacks
):
    client = login(creator)

    _, run = click_import(client, room_meeting, django_capture_on_commit_callbacks)

    assert run.state == SyncRun.State.SUCCEEDED, run.errors
    assert not run.allowance_returned
    meeting = Meeting.objects.get(pk=room_meeting.pk)
    assert meeting.last_manual_import_at == run.allowance_claimed_at
    assert meeting.next_manual_import_at is not None
    html = panel_html(client, meeting)
    assert "disabled>Import data now</button>" in html
    assert "did not count" not in html


def test_run_that_imported_keeps_allowance(creator, offline_meeting):
    outcome = services.request_manual_import(offline_meeting, creator)
    run = outcome.run
    run.meetings_imported = 1
    run.state = SyncRun.State.PARTIAL

    assert not allowance.give_back(run)
    stored = Meeting.objects.get(pk=offline_meeting.pk).last_manual_import_at
    assert stored == run.allowance_claimed_at


def test_busy_meeting_gives_allowance_back(creator, offline_meeting):
    outcome = services.request_manual_import(offline_meeting, creator)

    services.finish_busy_run(outcome.run)

    run = SyncRun.objects.get(pk=outcome.run.pk)
    assert run.state == SyncRun.State.FAILED
    assert run.allowance_returned
    assert Meeting.objects.get(pk=offline_meeting.pk).last_manual_import_at is None


def test_newer_claim_is_not_undone(creator, offline_meeting, time_machine):
    first = services.request_manual_import(offline_meeting, creator)
    time_machine.move_to(timezone.now() + MANUAL_IMPORT_INTERVAL + dt.timedelta(1))
    second = services.request_manual_import(offline_meeting, creator)
    assert second.accepted

    services.run_meeting_import(first.run)

    failed = SyncRun.objects.get(pk=first.run.pk)
    assert failed.state == SyncRun.State.FAILED
    assert not failed.allowance_returned
    stored = Meeting.objects.get(pk=offline_meeting.pk).last_manual_import_at
    assert stored == second.run.allowance_claimed_at


def test_repeated_give_back_keeps_later_claim(creator, offline_meeting):
    failing = services.request_manual_import(offline_meeting, creator).run
    services.run_meeting_import(failing)
    later = services.request_manual_import(offline_meeting, creator)
    assert later.accepted
    # The same run finished again, as by a retried task that reloaded it.
    stale = SyncRun.objects.get(pk=failing.pk)
    stale.allowance_returned = False

    assert not allowance.give_back(stale)
    stored = Meeting.objects.get(pk=offline_meeting.pk).last_manual_import_at
    assert stored == later.run.allowance_claimed_at


def test_claim_compares_and_swaps(offline_meeting):
    first = allowance.claim(offline_meeting.pk)
    second = allowance.claim(offline_meeting.pk)

    assert first.accepted
    assert first.previous_at is None
    assert not second.accepted
    assert second.next_available_at == first.claimed_at + MANUAL_IMPORT_INTERVAL


def test_viewer_sees_attempt_did_not_count(login, viewer, creator, offline_meeting):
    run = services.request_manual_import(offline_meeting, creator).run
    services.run_meeting_import(run)

    html = panel_html(login(viewer), offline_meeting)

    assert "did not count against the 12-hour limit" in html
    assert AVAILABLE_AGAIN not in html
