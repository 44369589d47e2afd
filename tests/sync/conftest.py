"""Fixtures of the sync tests: the sandbox as the configured ClickMeeting account."""

import datetime as dt
import functools

import pytest
from django.utils import timezone

from admin_config import services as config_services
from cmsync.clickmeeting import ClickMeetingClient, types
from cmsync.sync import services
from cmsync.sync.models import SyncRun


@pytest.fixture
def no_retry_waits(monkeypatch):
    """Let the client retry as configured, without sleeping between attempts."""
    original = config_services.get_client
    monkeypatch.setattr(
        config_services,
        "get_client",
        functools.partial(original, sleep=lambda seconds: None),
    )


@pytest.fixture
def sandbox(clickmeeting_sandbox, no_retry_waits, settings, db):
    """The sandbox, configured as this application's ClickMeeting account."""
    settings.CLICKMEETING_MAX_ATTEMPTS = 3
    config = config_services.get_config()
    config.endpoint_url = clickmeeting_sandbox.endpoint
    config.set_api_key(clickmeeting_sandbox.api_key)
    config.sync_start_date = timezone.localdate() - dt.timedelta(days=30)
    config.save()
    return clickmeeting_sandbox


@pytest.fixture
def api(sandbox):
    """A client of the sandbox for setting up rooms, outside the code under test."""
    return ClickMeetingClient(sandbox.endpoint, sandbox.api_key, max_attempts=1)


def create_room(api, name="Quarterly review", *, hours_ago=3, permanent=False, **extra):
    """Create a scheduled room that started `hours_ago` hours ago."""
    values = {
        "name": name,
        "room_type": "webinar",
        "permanent_room": permanent,
        "access_type": 1,
        "starts_at": timezone.now() - dt.timedelta(hours=hours_ago),
        "timezone": "Europe/Warsaw",
        "duration": dt.timedelta(hours=1),
        "registration_enabled": True,
    }
    values.update(extra)
    return api.create_conference(types.ConferenceInput(**values))


def bulk_sync():
    """Run a bulk sync in this process and return the reloaded run."""
    run = services.create_run(SyncRun.Kind.BULK)
    services.run_bulk_sync(run)
    run.refresh_from_db()
    return run
