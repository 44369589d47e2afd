"""Celery tasks of the synchronization engine.

Tasks take ids, load the SyncRun and call one service; the services record
everything on the run.
"""

import logging
from datetime import date

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded

from cmsync.sync import history, runlog, services
from cmsync.sync.models import SyncRun

logger = logging.getLogger(__name__)

BULK_SYNC_TASK = "cmsync.sync.tasks.run_bulk_sync"
# "Import data now" waits this long, this many times, for another import of
# the same meeting to finish.
BUSY_RETRY_SECONDS = 30
BUSY_MAX_RETRIES = 20
HISTORY_WAIT_SECONDS = 60


@shared_task(name=BULK_SYNC_TASK)
def run_bulk_sync():
    """Run one bulk synchronization with ClickMeeting."""
    if runlog.bulk_run_in_progress():
        logger.info("bulk sync skipped: the previous bulk run is still running")
        return None
    run = services.create_run(SyncRun.Kind.BULK)
    try:
        services.run_bulk_sync(run)
    except SoftTimeLimitExceeded:
        _stop_at_time_limit(run)
    return run.pk


@shared_task(bind=True, max_retries=BUSY_MAX_RETRIES)
def import_meeting_now(self, run_id):
    """Run the "Import data now" of one meeting (a manual SyncRun)."""
    run = _load_run(run_id)
    if run is None:
        return
    try:
        outcome = services.run_meeting_import(run)
    except SoftTimeLimitExceeded:
        _stop_at_time_limit(run)
        return
    if outcome is services.Outcome.BUSY:
        if self.request.retries >= BUSY_MAX_RETRIES:
            services.finish_busy_run(run)
            return
        logger.info("meeting of run %s is busy; retrying later", run_id)
        raise self.retry(countdown=BUSY_RETRY_SECONDS)


@shared_task
def schedule_history_import(old_start_iso, new_start_iso):
    """Import the meetings that ended between the new and the old start date."""
    old_start = date.fromisoformat(old_start_iso)
    new_start = date.fromisoformat(new_start_iso)
    if new_start >= old_start:
        logger.info(
            "no historical import: %s is not earlier than %s", new_start, old_start
        )
        return None
    run = history.create_history_run(new_start, old_start)
    logger.info(
        "historical import %s scheduled for %s to %s", run.pk, new_start, old_start
    )
    if history.plan_history_import(run):
        import_history_batch.delay(run.pk)
    return run.pk


@shared_task
def import_history_batch(run_id):
    """Import the next few meetings of a historical import, then queue the rest."""
    run = _load_run(run_id)
    if run is None:
        return
    if history.other_history_run_active(run):
        import_history_batch.apply_async((run_id,), countdown=HISTORY_WAIT_SECONDS)
        return
    try:
        pause = history.run_history_batch(run)
    except SoftTimeLimitExceeded:
        _stop_at_time_limit(run)
        return
    if pause is not None:
        import_history_batch.apply_async((run_id,), countdown=pause)


def _load_run(run_id):
    run = SyncRun.objects.filter(pk=run_id).select_related("meeting").first()
    if run is None:
        logger.warning("sync run %s no longer exists", run_id)
        return None
    if run.state not in (SyncRun.State.QUEUED, SyncRun.State.RUNNING):
        logger.info("sync run %s is already %s", run_id, run.state)
        return None
    return run


def _stop_at_time_limit(run):
    logger.warning("sync run %s reached the task time limit", run.pk)
    recorder = runlog.RunRecorder(run)
    recorder.record_error("The run reached its time limit; the next run goes on.")
    recorder.finish(SyncRun.State.PARTIAL)
