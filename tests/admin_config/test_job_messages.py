"""The message after "Create jobs": what happened, the interval, the next run."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse
from django_celery_beat.models import PeriodicTask

from admin_config import services
from admin_config.models import ClickMeetingConfig

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 6, 15, 12, 0, tzinfo=dt.UTC)


def _create_jobs(client):
    response = client.post(reverse("admin_config:create_jobs"), follow=True)
    return response.content.decode()


@time_machine.travel(NOW, tick=False)
def test_created_job_message(login, administrator, configured):
    PeriodicTask.objects.all().delete()

    html = _create_jobs(login(administrator))

    assert "Created the periodic bulk sync job in the scheduler." in html
    assert "It is enabled and runs every 30 minutes." in html
    assert "Next run at about 2026-06-15 12:30." in html


@time_machine.travel(NOW, tick=False)
def test_next_run_in_browser_time_zone(login, administrator, configured, client):
    PeriodicTask.objects.all().delete()
    client.cookies["cmsync_tz"] = "Europe/Warsaw"

    html = _create_jobs(login(administrator))

    assert "Next run at about 2026-06-15 14:30." in html


def test_unchanged_job_message(login, administrator, configured):
    html = _create_jobs(login(administrator))

    assert "was already up to date in the scheduler" in html
    assert "runs every 30 minutes" in html


def test_updated_job_message(login, administrator, configured):
    ClickMeetingConfig.objects.update(sync_frequency_minutes=60)

    html = _create_jobs(login(administrator))

    assert "Updated the periodic bulk sync job in the scheduler." in html
    assert "runs every 60 minutes" in html


def test_disabled_job_names_missing_key(login, administrator):
    html = _create_jobs(login(administrator))

    assert "Created the periodic bulk sync job" in html
    assert "disabled because no API key is stored" in html
    assert "alert-warning" in html
    assert "Next run at about" not in html


def test_disabled_job_names_unreadable_key(login, administrator, configured, settings):
    from cryptography.fernet import Fernet

    settings.FIELD_ENCRYPTION_KEYS = [Fernet.generate_key().decode()]

    html = _create_jobs(login(administrator))

    assert "Updated the periodic bulk sync job" in html
    assert "the stored API key cannot be decrypted" in html


def test_admin_button_uses_same_message(login, administrator, configured):
    PeriodicTask.objects.all().delete()
    url = reverse(
        "admin:admin_config_clickmeetingconfig_create_jobs", args=[configured.pk]
    )

    response = login(administrator).post(url, follow=True)

    html = response.content.decode()
    assert "Created the periodic bulk sync job in the scheduler." in html
    assert "runs every 30 minutes" in html


def test_sync_reports_action(configured):
    assert services.sync_periodic_task(configured).action == "unchanged"

    configured.sync_frequency_minutes = 15

    assert services.sync_periodic_task(configured).action == "updated"
    PeriodicTask.objects.all().delete()
    assert services.sync_periodic_task(configured).action == "created"
