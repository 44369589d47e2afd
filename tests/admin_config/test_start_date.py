"""The synchronization start date: no future dates, and a readable change note."""

import datetime as dt
from datetime import date

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from admin_config import services
from admin_config.models import ClickMeetingConfig
from cmsync.sync.models import SyncRun

from .conftest import ENDPOINT

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 6, 15, 12, tzinfo=dt.UTC)


def _form_data(**changes):
    data = {
        "endpoint_url": ENDPOINT,
        "api_key": "",
        "invitation_language": "en",
        "sync_start_date": "2026-01-15",
        "sync_content_owner": "",
        "sync_frequency_minutes": "30",
    }
    data.update(changes)
    return data


@time_machine.travel(NOW, tick=False)
def test_model_rejects_future_start_date(db):
    config = services.get_config()
    config.sync_start_date = date(2030, 1, 1)

    with pytest.raises(ValidationError) as excinfo:
        config.full_clean()

    message = excinfo.value.message_dict["sync_start_date"][0]
    assert "must be today or earlier" in message
    assert "2026-06-15" in message


@time_machine.travel(NOW, tick=False)
def test_model_accepts_today(db):
    config = services.get_config()
    config.sync_start_date = date(2026, 6, 15)

    config.full_clean()


@time_machine.travel(NOW, tick=False)
def test_edit_page_rejects_future_start_date(login, administrator, configured):
    stored_start = services.get_config().sync_start_date

    response = login(administrator).post(
        reverse("admin_config:edit"), _form_data(sync_start_date="2030-01-01")
    )

    assert response.status_code == 200
    assert "must be today or earlier" in response.content.decode()
    assert services.get_config().sync_start_date == stored_start


@time_machine.travel(NOW, tick=False)
def test_today_follows_browser_time_zone(login, administrator, configured, client):
    # At 12:00 UTC it is already 16 June in Kiritimati (UTC+14).
    client.cookies["cmsync_tz"] = "Pacific/Kiritimati"

    response = login(administrator).post(
        reverse("admin_config:edit"), _form_data(sync_start_date="2026-06-16")
    )

    assert response.status_code == 302
    assert services.get_config().sync_start_date == date(2026, 6, 16)


def _stored_change(previous, current, changed_at=None):
    ClickMeetingConfig.objects.filter(pk=services.get_config().pk).update(
        sync_start_date=current,
        previous_sync_start_date=previous,
        sync_start_date_changed_at=changed_at,
    )


def test_note_after_move_earlier(login, administrator, configured):
    _stored_change(
        date(2026, 3, 1),
        date(2025, 12, 1),
        dt.datetime(2026, 3, 5, 9, 30, tzinfo=dt.UTC),
    )
    run = SyncRun.objects.create(
        kind=SyncRun.Kind.HISTORY,
        history_from=date(2025, 12, 1),
        history_until=date(2026, 3, 1),
    )

    html = login(administrator).get(reverse("admin_config:detail")).content.decode()

    assert "Moved earlier from 1 Mar 2026 on 2026-03-05 09:30." in html
    assert "Meetings that ended in between are imported" in html
    assert reverse("sync:run_detail", args=[run.pk]) in html
    assert "Historical import 1 Dec 2025 to 1 Mar 2026" in html
    assert "previously" not in html


def test_note_after_move_later(login, administrator, configured):
    _stored_change(date(2025, 12, 1), date(2026, 3, 1))

    html = login(administrator).get(reverse("admin_config:detail")).content.decode()

    assert "Moved later from 1 Dec 2025." in html
    assert "no longer imported" in html


def test_no_note_without_change(login, administrator, configured):
    html = login(administrator).get(reverse("admin_config:detail")).content.decode()

    assert "Moved earlier" not in html
    assert "Moved later" not in html
