"""The run log: counters, progress and errors of one SyncRun, saved as it goes."""

import logging
from datetime import timedelta

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from cmsync.sync.models import SyncRun

logger = logging.getLogger(__name__)

MAX_STORED_ERRORS = 200
MAX_ERROR_LENGTH = 500
DEFAULT_STALE_AFTER_SECONDS = 40 * 60


class RunRecorder:
    """Keeps a SyncRun's counters in memory and writes them with one UPDATE."""

    def __init__(self, run: SyncRun):
        self.run = run
        self._client = None
        self._calls_before = 0
        self._calls_at_attach = 0

    def attach_client(self, client) -> None:
        """Count the API calls `client` makes from now on into this run."""
        self._client = client
        self._calls_at_attach = self.run.api_calls
        self._calls_before = client.call_count

    def start(self) -> None:
        now = timezone.now()
        self.run.state = SyncRun.State.RUNNING
        self.run.started_at = self.run.started_at or now
        self.save()
        logger.info("sync run %s (%s) started", self.run.pk, self.run.kind)

    def set_total(self, total: int) -> None:
        self.run.progress_total = total
        self.save()

    def record_meeting(self, result) -> None:
        """Add one imported meeting's counts and advance the progress."""
        self.run.meetings_imported += 1
        self.run.rows_created += result.created
        self.run.rows_updated += result.updated
        self.run.leads_created += result.leads_created
        self.run.progress_done += 1
        self.save()

    def record_skipped(self) -> None:
        self.run.progress_done += 1
        self.save()

    def record_error(self, message: str, *, meeting=None, clickmeeting_id=None) -> None:
        entry = {"error": str(message)[:MAX_ERROR_LENGTH]}
        if meeting is not None:
            entry["meeting_id"] = meeting.pk
            entry["meeting"] = meeting.name[:100]
            clickmeeting_id = clickmeeting_id or meeting.clickmeeting_id
        if clickmeeting_id is not None:
            entry["clickmeeting_id"] = clickmeeting_id
        if len(self.run.errors) < MAX_STORED_ERRORS:
            self.run.errors = [*self.run.errors, entry]
        elif len(self.run.errors) == MAX_STORED_ERRORS:
            self.run.errors = [
                *self.run.errors,
                {"error": "More errors happened; see the worker log."},
            ]
        self.save()

    def finish(self, state: str | None = None) -> None:
        if state is None:
            state = (
                SyncRun.State.PARTIAL if self.run.errors else SyncRun.State.SUCCEEDED
            )
        self.run.state = state
        self.run.finished_at = timezone.now()
        self.save()
        logger.info(
            "sync run %s (%s) finished: state=%s meetings_seen=%s imported=%s "
            "created=%s updated=%s leads=%s api_calls=%s errors=%s",
            self.run.pk,
            self.run.kind,
            self.run.state,
            self.run.meetings_seen,
            self.run.meetings_imported,
            self.run.rows_created,
            self.run.rows_updated,
            self.run.leads_created,
            self.run.api_calls,
            len(self.run.errors),
        )

    def save(self) -> None:
        run = self.run
        if self._client is not None:
            used = self._client.call_count - self._calls_before
            run.api_calls = self._calls_at_attach + used
        run.heartbeat_at = timezone.now()
        SyncRun.objects.filter(pk=run.pk).update(
            state=run.state,
            started_at=run.started_at,
            finished_at=run.finished_at,
            progress_done=run.progress_done,
            progress_total=run.progress_total,
            meetings_seen=run.meetings_seen,
            meetings_imported=run.meetings_imported,
            rows_created=run.rows_created,
            rows_updated=run.rows_updated,
            leads_created=run.leads_created,
            api_calls=run.api_calls,
            errors=run.errors,
            heartbeat_at=run.heartbeat_at,
            pending_meeting_ids=run.pending_meeting_ids,
        )


def stale_after() -> timedelta:
    seconds = getattr(
        settings, "SYNC_RUN_STALE_AFTER_SECONDS", DEFAULT_STALE_AFTER_SECONDS
    )
    return timedelta(seconds=seconds)


def fail_stale_runs() -> int:
    """Mark runs whose worker stopped without finishing them as failed.

    A running run stamps its heartbeat after every meeting, so one whose
    heartbeat is older than the task time limit can no longer be alive.
    """
    cutoff = timezone.now() - stale_after()
    stale = SyncRun.objects.filter(state=SyncRun.State.RUNNING).filter(
        Q(heartbeat_at__lt=cutoff) | Q(heartbeat_at__isnull=True, started_at__lt=cutoff)
    )
    failed = 0
    for run in stale:
        run.errors = [
            *run.errors,
            {"error": "The worker stopped before the run finished."},
        ]
        failed += SyncRun.objects.filter(pk=run.pk, state=SyncRun.State.RUNNING).update(
            state=SyncRun.State.FAILED, finished_at=timezone.now(), errors=run.errors
        )
        logger.warning("sync run %s marked failed: its worker stopped", run.pk)
    return failed


def bulk_run_in_progress() -> bool:
    """Return whether a bulk run with a fresh heartbeat is running now."""
    cutoff = timezone.now() - stale_after()
    return SyncRun.objects.filter(
        kind=SyncRun.Kind.BULK, state=SyncRun.State.RUNNING, heartbeat_at__gte=cutoff
    ).exists()
