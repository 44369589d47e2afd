"""Configuration services: client factory, status line, start date hook."""

import datetime as dt
import logging
from datetime import date

import pytest
import time_machine
from cryptography.fernet import Fernet
from django.db import connection
from django.test.utils import CaptureQueriesContext

from admin_config import services
from admin_config.models import ClickMeetingConfig
from cmsync.clickmeeting import ClickMeetingClient, errors

from .conftest import API_KEY, ENDPOINT

pytestmark = pytest.mark.django_db


def test_get_config_creates_one_row():
    first = services.get_config()
    second = services.get_config()

    assert ClickMeetingConfig.objects.count() == 1
    assert first.pk == second.pk


def test_get_config_reads_fresh_values():
    services.get_config()
    ClickMeetingConfig.objects.update(invitation_language="pl")

    assert services.get_config().invitation_language == "pl"


def test_get_config_one_query_once_created():
    services.get_config()

    with CaptureQueriesContext(connection) as queries:
        services.get_config()

    assert len(queries) == 1


def test_get_client_without_key_raises():
    with pytest.raises(services.NotConfiguredError) as excinfo:
        services.get_client()

    assert "No ClickMeeting API key is configured" in str(excinfo.value)
    assert "settings page" in str(excinfo.value)


def test_get_client_with_unreadable_key_raises(configured, settings):
    settings.FIELD_ENCRYPTION_KEYS = [Fernet.generate_key().decode()]

    with pytest.raises(services.NotConfiguredError) as excinfo:
        services.get_client()

    assert "cannot be decrypted" in str(excinfo.value)


def test_get_client_with_stored_bad_endpoint_raises(configured):
    ClickMeetingConfig.objects.update(endpoint_url="http://api.clickmeeting.com/v1/")

    with pytest.raises(services.NotConfiguredError) as excinfo:
        services.get_client()

    assert "http://api.clickmeeting.com/v1/" in str(excinfo.value)
    assert API_KEY not in str(excinfo.value)


def test_get_client_uses_settings_and_overrides(configured, settings):
    settings.CLICKMEETING_MAX_ATTEMPTS = 4

    client = services.get_client(read_timeout=5)

    assert isinstance(client, ClickMeetingClient)
    assert client.call_count == 0
    assert API_KEY not in repr(client)


def test_record_success_and_failure_update_status():
    services.record_success()
    config = services.get_config()
    assert config.last_success_at is not None
    assert config.connection_ok is True

    services.record_failure(
        errors.UnavailableError("ClickMeeting is down.", status=503)
    )
    config = services.get_config()
    assert "ClickMeeting is down." in config.last_error_message
    assert config.last_error_at is not None
    assert config.connection_ok is False


def test_record_failure_masks_key_in_text(configured):
    services.record_failure(RuntimeError(f"header X-Api-Key: {API_KEY} refused"))

    message = services.get_config().last_error_message
    assert API_KEY not in message
    assert "••••" + API_KEY[-4:] in message


def test_record_failure_truncates_long_text():
    services.record_failure("x" * 2000)

    assert len(services.get_config().last_error_message) == 500


def test_record_status_keeps_concurrent_settings(configured):
    stale = services.get_config()
    fresh = services.get_config()
    fresh.invitation_language = "de"
    services.save_config(fresh)

    services.record_success()

    assert stale.invitation_language == "en"
    assert services.get_config().invitation_language == "de"


def test_save_config_records_previous_start_date(configured):
    configured.sync_start_date = date(2026, 3, 1)
    services.save_config(configured)

    configured.sync_start_date = date(2026, 5, 1)
    services.save_config(configured)

    config = services.get_config()
    assert config.sync_start_date == date(2026, 5, 1)
    assert config.previous_sync_start_date == date(2026, 3, 1)


def test_start_date_moved_earlier_calls_hook(
    configured, monkeypatch, django_capture_on_commit_callbacks
):
    calls = []
    monkeypatch.setattr(
        services, "start_date_moved_earlier", lambda old, new: calls.append((old, new))
    )
    configured.sync_start_date = date(2026, 3, 1)
    services.save_config(configured)

    configured.sync_start_date = date(2025, 12, 1)
    with django_capture_on_commit_callbacks(execute=True):
        services.save_config(configured)

    assert calls == [(date(2026, 3, 1), date(2025, 12, 1))]


def test_start_date_moved_later_calls_no_hook(
    configured, monkeypatch, django_capture_on_commit_callbacks
):
    calls = []
    monkeypatch.setattr(
        services, "start_date_moved_earlier", lambda old, new: calls.append((old, new))
    )
    configured.sync_start_date = date(2026, 3, 1)
    services.save_config(configured)

    configured.sync_start_date = date(2026, 4, 1)
    with django_capture_on_commit_callbacks(execute=True):
        services.save_config(configured)

    assert calls == []


def test_start_date_moved_earlier_enqueues_history_import(monkeypatch, caplog):
    from cmsync.sync import tasks as sync_tasks

    enqueued = []

    class FakeTask:
        def delay(self, *args):
            enqueued.append(args)

    monkeypatch.setattr(sync_tasks, "schedule_history_import", FakeTask())
    caplog.set_level(logging.INFO, logger="admin_config.services")

    services.start_date_moved_earlier(date(2026, 3, 1), date(2025, 1, 1))

    assert enqueued == [("2026-03-01", "2025-01-01")]
    assert "moved earlier from 2026-03-01 to 2025-01-01" in caplog.text


@time_machine.travel(dt.datetime(2026, 6, 15, 12, tzinfo=dt.UTC), tick=False)
def test_save_records_when_start_date_changed(configured):
    configured.sync_start_date = date(2026, 3, 1)
    services.save_config(configured)

    config = services.get_config()
    assert config.sync_start_date_changed_at == dt.datetime(
        2026, 6, 15, 12, tzinfo=dt.UTC
    )


def test_save_without_date_change_keeps_change_time(configured):
    configured.sync_start_date = date(2026, 3, 1)
    services.save_config(configured)
    changed_at = services.get_config().sync_start_date_changed_at

    configured.invitation_language = "pl"
    services.save_config(configured)

    assert services.get_config().sync_start_date_changed_at == changed_at


@time_machine.travel(dt.datetime(2026, 6, 15, 12, tzinfo=dt.UTC), tick=False)
def test_move_back_from_future_date_imports_until_today(
    configured, monkeypatch, django_capture_on_commit_callbacks
):
    calls = []
    monkeypatch.setattr(
        services, "start_date_moved_earlier", lambda old, new: calls.append((old, new))
    )
    # A future date stored before future dates were rejected.
    ClickMeetingConfig.objects.update(sync_start_date=date(2030, 1, 1))
    config = services.get_config()

    config.sync_start_date = date(2026, 5, 1)
    with django_capture_on_commit_callbacks(execute=True):
        services.save_config(config)

    assert calls == [(date(2026, 6, 15), date(2026, 5, 1))]
    assert services.get_config().previous_sync_start_date == date(2030, 1, 1)


@time_machine.travel(dt.datetime(2026, 6, 15, 12, tzinfo=dt.UTC), tick=False)
def test_move_back_from_future_to_today_imports_nothing(
    configured, monkeypatch, django_capture_on_commit_callbacks
):
    calls = []
    monkeypatch.setattr(
        services, "start_date_moved_earlier", lambda old, new: calls.append((old, new))
    )
    ClickMeetingConfig.objects.update(sync_start_date=date(2030, 1, 1))
    config = services.get_config()

    config.sync_start_date = date(2026, 6, 15)
    with django_capture_on_commit_callbacks(execute=True):
        services.save_config(config)

    assert calls == []


def test_configured_endpoint_is_stored(configured):
    assert services.get_config().endpoint_url == ENDPOINT
