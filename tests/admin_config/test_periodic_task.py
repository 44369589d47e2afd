"""The beat job that runs the bulk sync follows the configuration."""

from datetime import timedelta

import pytest
from django_celery_beat.models import IntervalSchedule, PeriodicTask

from admin_config import services

from .conftest import API_KEY

pytestmark = pytest.mark.django_db


def _bulk_sync_job():
    return PeriodicTask.objects.select_related("interval").get(
        name="ClickMeeting bulk sync"
    )


def test_save_creates_job(configured):
    job = _bulk_sync_job()

    assert job.task == "cmsync.sync.tasks.run_bulk_sync"
    assert job.interval.every == 30
    assert job.interval.period == IntervalSchedule.MINUTES
    assert job.enabled is True


def test_frequency_change_updates_same_job(configured):
    configured.sync_frequency_minutes = 15
    services.save_config(configured)
    job_before = _bulk_sync_job()
    assert job_before.interval.every == 15

    configured.sync_frequency_minutes = 60
    services.save_config(configured)

    job_after = _bulk_sync_job()
    assert job_after.pk == job_before.pk
    assert job_after.interval.every == 60
    assert job_after.interval.period == IntervalSchedule.MINUTES
    assert job_after.task == "cmsync.sync.tasks.run_bulk_sync"
    assert PeriodicTask.objects.filter(name="ClickMeeting bulk sync").count() == 1


def test_job_disabled_without_key(db):
    config = services.get_config()
    services.save_config(config)

    assert _bulk_sync_job().enabled is False


def test_job_enabled_follows_key(db):
    config = services.get_config()
    services.save_config(config)

    config.set_api_key(API_KEY)
    services.save_config(config)
    assert _bulk_sync_job().enabled is True

    config.set_api_key("")
    services.save_config(config)
    assert _bulk_sync_job().enabled is False


def test_sync_reuses_interval_schedule(configured):
    services.sync_periodic_task(configured)
    services.sync_periodic_task(configured)

    assert IntervalSchedule.objects.filter(every=30).count() == 1
    assert PeriodicTask.objects.filter(name="ClickMeeting bulk sync").count() == 1


def test_sync_repairs_job_edited_elsewhere(configured):
    job = _bulk_sync_job()
    job.task = "some.other.task"
    job.enabled = False
    job.save()

    services.sync_periodic_task(configured)

    job = _bulk_sync_job()
    assert job.task == "cmsync.sync.tasks.run_bulk_sync"
    assert job.enabled is True


def test_job_state_without_job(db):
    state = services.get_periodic_job_state()

    assert state.exists is False
    assert state.next_run_at is None


def test_job_state_next_run_after_last_run(configured):
    job = _bulk_sync_job()
    job.last_run_at = job.date_changed - timedelta(minutes=5)
    job.total_run_count = 3
    job.save()

    state = services.get_periodic_job_state()

    assert state.exists is True
    assert state.enabled is True
    assert state.every_minutes == 30
    assert state.last_run_at == job.last_run_at
    assert state.next_run_at == job.last_run_at + timedelta(minutes=30)
    assert state.total_run_count == 3


def test_job_state_never_run_counts_from_change(configured):
    job = _bulk_sync_job()

    state = services.get_periodic_job_state()

    assert state.last_run_at is None
    assert state.next_run_at == job.date_changed + timedelta(minutes=30)


def test_job_state_disabled_has_no_next_run(db):
    services.save_config(services.get_config())

    state = services.get_periodic_job_state()

    assert state.enabled is False
    assert state.next_run_at is None
