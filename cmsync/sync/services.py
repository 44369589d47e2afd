"""The bulk sync and the per-meeting import, as run by tasks and commands.

Each entry point takes a SyncRun, does its work and leaves the outcome on
the run: counters, API calls and errors with meeting ids. A failure of one
meeting is caught, recorded and left for the next run; the run goes on.
"""

import logging
from concurrent.futures import Future
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import Enum

from celery.exceptions import SoftTimeLimitExceeded
from django.db import transaction
from django.utils import timezone

from admin_config import services as config_services
from cmsync.clickmeeting import errors
from cmsync.sync import allowance, conferences, planning, skips
from cmsync.sync.importer import RunContext, import_meeting, write_meeting
from cmsync.sync.leases import new_holder, release_lease, take_lease
from cmsync.sync.models import SyncRun
from cmsync.sync.prefetch import MeetingPrefetcher
from cmsync.sync.runlog import RunRecorder, fail_stale_runs
from meetings.models import Meeting

logger = logging.getLogger(__name__)

# Local changes are pushed by their own task right after the save. The bulk
# sync only picks up pushes that have been waiting longer than this.
PUSH_RETRY_AFTER = timedelta(minutes=5)
MAX_PUSHES_PER_RUN = 100
# After this many meetings in a row fail with a transient error (timeouts,
# 5xx), ClickMeeting is treated as down and the rest waits for the next run.
MAX_TRANSIENT_FAILURES_IN_A_ROW = 3


class Outcome(Enum):
    IMPORTED = "imported"
    BUSY = "busy"
    FAILED = "failed"
    TRANSIENT = "transient"
    RATE_LIMITED = "rate_limited"


def create_run(kind: str, **fields) -> SyncRun:
    return SyncRun.objects.create(kind=kind, **fields)


def open_client(recorder: RunRecorder):
    """Return a configured client, or None after recording why there is none."""
    try:
        client = config_services.get_client()
    except config_services.NotConfiguredError as exc:
        logger.warning("sync run %s cannot start: %s", recorder.run.pk, exc)
        recorder.record_error(str(exc))
        fail_run(recorder)
        return None
    recorder.attach_client(client)
    return client


def sync_start() -> datetime:
    return planning.start_of_day(config_services.get_config().sync_start_date)


def run_bulk_sync(run: SyncRun) -> SyncRun:
    """List every room, mirror them as meetings, and import what is new."""
    recorder = RunRecorder(run)
    recorder.start()
    fail_stale_runs()
    client = open_client(recorder)
    if client is None:
        return run
    config = config_services.get_config()
    start = planning.start_of_day(config.sync_start_date)
    enqueue_pending_pushes()

    listing = conferences.fetch_conferences(client)
    for failure in listing.failures:
        recorder.record_error(failure)
    record_listing_skips(recorder, listing)
    run.meetings_seen = len(listing.rooms)
    if not listing.rooms and not listing.complete:
        config_services.record_failure(listing.failures[0])
        recorder.finish(SyncRun.State.FAILED)
        return run
    config_services.record_success()

    changes = conferences.mirror_meetings(
        listing, content_owner_id=config.sync_content_owner_id, sync_start=start
    )
    conferences.flag_deleted_meetings(listing)
    run.rows_created += changes.created
    run.rows_updated += changes.updated

    context = RunContext(
        client, sync_start=start, lead_owner_id=config.sync_content_owner_id
    )
    meetings = planning.meetings_to_import(start)
    meetings = [m for m in meetings if m.pk not in history_pending_ids()]
    import_meetings(context, recorder, meetings, holder=new_holder(f"bulk-{run.pk}"))
    recorder.finish()
    return run


def record_listing_skips(recorder, listing: conferences.ConferenceListing) -> None:
    skips.record_run_level(
        recorder,
        listing.skipped,
        "room list",
        "Until ClickMeeting lists them intact, their meetings are neither created "
        "nor updated from the list, and none is flagged as deleted.",
    )


def record_chat_list_skips(context: RunContext, recorder) -> None:
    skips.record_run_level(
        recorder,
        context.unreported_chat_list_skips(),
        "chat list",
        "Sessions whose chat may be among them are fetched again next run.",
    )


def import_meetings(context, recorder, meetings, *, holder, force=False) -> list:
    """Import meetings one after another; return the ids left for later.

    Each meeting is fetched while the one before it is written (see
    `prefetch`), and the order of the imports is kept.
    """
    recorder.set_total(recorder.run.progress_done + len(meetings))
    transient_in_a_row = 0
    prefetcher = MeetingPrefetcher(context, holder=holder, force=force)
    # Fetches started and not handed to import_one yet, by meeting index.
    ahead: dict[int, Future | None] = {}
    try:
        for index, meeting in enumerate(meetings):
            if index not in ahead:
                ahead[index] = prefetcher.start(meeting)
            if index + 1 < len(meetings):
                ahead[index + 1] = prefetcher.start(meetings[index + 1])
            fetch = ahead.pop(index)
            if fetch is None:
                outcome = Outcome.BUSY
            else:
                outcome = import_one(
                    context, recorder, meeting, holder=holder, fetch=fetch
                )
            if outcome is Outcome.BUSY:
                recorder.record_skipped()
            transient_in_a_row = transient_in_a_row + 1 if _transient(outcome) else 0
            stop = outcome is Outcome.RATE_LIMITED or (
                transient_in_a_row >= MAX_TRANSIENT_FAILURES_IN_A_ROW
            )
            if stop:
                _abandon(prefetcher, meetings, ahead, wait_for_calls=True)
                left = [m.pk for m in meetings[index + 1 :]]
                recorder.record_error(
                    f"ClickMeeting is limiting or failing requests; {len(left)} "
                    "meetings wait for the next run."
                )
                return left
        return []
    finally:
        # Not empty only after an exception, such as the soft time limit.
        _abandon(prefetcher, meetings, ahead, wait_for_calls=False)
        prefetcher.close()


def _abandon(prefetcher, meetings, ahead: dict, *, wait_for_calls: bool) -> None:
    for index, fetch in ahead.items():
        if fetch is not None:
            prefetcher.abandon(meetings[index], fetch, wait_for_calls=wait_for_calls)
    ahead.clear()


def _transient(outcome: Outcome) -> bool:
    return outcome in (Outcome.TRANSIENT, Outcome.RATE_LIMITED)


def import_one(
    context, recorder, meeting, *, holder, force=False, fetch: Future | None = None
) -> Outcome:
    """Import one meeting under its lease; record the result or the error.

    `fetch` is a fetch started by a MeetingPrefetcher, which also took the
    lease; without it, this takes the lease and fetches here.
    """
    outcome = _import_one(
        context, recorder, meeting, holder=holder, force=force, fetch=fetch
    )
    # The run's chat list is read by the first fetch that needs it.
    record_chat_list_skips(context, recorder)
    return outcome


def _import_one(context, recorder, meeting, *, holder, force, fetch) -> Outcome:
    if fetch is None and not take_lease(meeting.pk, holder):
        logger.info("meeting %s is being imported by another run; skipped", meeting.pk)
        return Outcome.BUSY
    try:
        if fetch is None:
            result = import_meeting(context, meeting, force=force)
        else:
            result = write_meeting(context, meeting, fetch.result())
    except SoftTimeLimitExceeded:
        raise
    except errors.ClickMeetingError as exc:
        logger.warning(
            "import of meeting %s (room %s) failed: %s",
            meeting.pk,
            meeting.clickmeeting_id,
            exc,
        )
        recorder.record_error(exc.message, meeting=meeting)
        recorder.record_skipped()
        if isinstance(exc, errors.RateLimitedError):
            return Outcome.RATE_LIMITED
        return Outcome.TRANSIENT if errors.is_transient(exc) else Outcome.FAILED
    except Exception as exc:  # noqa: BLE001 - one bad meeting must not stop the run
        context.forget_people()
        logger.exception(
            "import of meeting %s (room %s) failed", meeting.pk, meeting.clickmeeting_id
        )
        recorder.record_error(f"{type(exc).__name__}: {exc}", meeting=meeting)
        recorder.record_skipped()
        return Outcome.FAILED
    finally:
        release_lease(meeting.pk, holder)
    logger.info(
        "imported meeting %s (room %s): created=%s updated=%s leads=%s",
        meeting.pk,
        meeting.clickmeeting_id,
        result.created,
        result.updated,
        result.leads_created,
    )
    if result.skipped_records:
        recorder.record_error(
            skips.meeting_error(result.skipped_records, result.skipped_items),
            meeting=meeting,
        )
    recorder.record_meeting(result)
    return Outcome.IMPORTED


def history_pending_ids() -> set[int]:
    """Meetings an unfinished historical import will import at its own pace."""
    pending = set()
    active = SyncRun.objects.filter(
        kind=SyncRun.Kind.HISTORY,
        state__in=[SyncRun.State.QUEUED, SyncRun.State.RUNNING],
    ).values_list("pending_meeting_ids", flat=True)
    for ids in active:
        pending.update(ids or [])
    return pending


def enqueue_pending_pushes() -> int:
    """Queue the push of local changes that have waited for a while."""
    try:
        from meetings.tasks import push_meeting
    except ImportError:
        logger.warning("meetings.tasks.push_meeting is missing; no push is queued")
        return 0
    cutoff = timezone.now() - PUSH_RETRY_AFTER
    waiting = list(
        Meeting.objects.filter(
            push_state__in=[Meeting.PushState.PENDING, Meeting.PushState.FAILED],
            updated_at__lt=cutoff,
            deleted_at_source__isnull=True,
        )
        .order_by("updated_at")
        .values_list("pk", flat=True)[:MAX_PUSHES_PER_RUN]
    )
    for meeting_id in waiting:
        push_meeting.delay(meeting_id)
    if waiting:
        logger.info("queued the push of %d meetings: %s", len(waiting), waiting)
    return len(waiting)


@dataclass(frozen=True)
class ManualImportRequest:
    accepted: bool
    run: SyncRun | None = None
    next_available_at: datetime | None = None
    reason: str = ""


def request_manual_import(meeting: Meeting, user) -> ManualImportRequest:
    """Start "Import data now" unless the meeting was imported this way lately.

    The 12-hour allowance is claimed with one conditional UPDATE, so two
    clicks at the same moment start one import. The run records the claim,
    so a run that fails without importing can give the allowance back.
    """
    if not meeting.clickmeeting_id:
        return ManualImportRequest(False, reason="not_in_clickmeeting")
    with transaction.atomic():
        claim = allowance.claim(meeting.pk)
        if not claim.accepted:
            return ManualImportRequest(
                False, next_available_at=claim.next_available_at, reason="too_soon"
            )
        run = create_run(
            SyncRun.Kind.MANUAL,
            meeting=meeting,
            requested_by=user,
            allowance_claimed_at=claim.claimed_at,
            allowance_previous_at=claim.previous_at,
        )
        transaction.on_commit(lambda: _enqueue_manual_import(run.pk))
    logger.info(
        "import of meeting %s requested by user %s (run %s)",
        meeting.pk,
        user.pk,
        run.pk,
    )
    return ManualImportRequest(True, run=run, next_available_at=claim.next_available_at)


def _enqueue_manual_import(run_id: int) -> None:
    from cmsync.sync.tasks import import_meeting_now

    try:
        import_meeting_now.delay(run_id)
    except Exception as exc:  # noqa: BLE001 - any broker failure
        logger.exception("queueing the import of run %s failed", run_id)
        run = SyncRun.objects.get(pk=run_id)
        recorder = RunRecorder(run)
        recorder.record_error(
            f"The import could not be queued ({type(exc).__name__}); "
            "try again in a moment."
        )
        fail_run(recorder)


def fail_run(recorder: RunRecorder) -> None:
    """Finish a run as failed and give back an allowance it did not use.

    A manual run that imported nothing restores its meeting's 12-hour
    allowance in the same transaction, so no page shows the failure while
    the button is still disabled.
    """
    with transaction.atomic():
        recorder.finish(SyncRun.State.FAILED)
        allowance.give_back(recorder.run)


def run_meeting_import(run: SyncRun, *, holder: str | None = None) -> Outcome:
    """Import the run's meeting in full, complete sessions included."""
    recorder = RunRecorder(run)
    recorder.start()
    meeting = Meeting.objects.filter(pk=run.meeting_id).first()
    if meeting is None or not meeting.clickmeeting_id:
        recorder.record_error("The meeting no longer exists or is not in ClickMeeting.")
        fail_run(recorder)
        return Outcome.FAILED
    client = open_client(recorder)
    if client is None:
        return Outcome.FAILED
    config = config_services.get_config()
    context = RunContext(
        client,
        sync_start=planning.start_of_day(config.sync_start_date),
        lead_owner_id=config.sync_content_owner_id,
    )
    run.meetings_seen = 1
    recorder.set_total(1)
    holder = holder or new_holder(f"manual-{run.pk}")
    outcome = import_one(context, recorder, meeting, holder=holder, force=True)
    if outcome is Outcome.BUSY:
        # The caller retries later; the run stays open until then.
        return outcome
    if outcome is Outcome.IMPORTED:
        recorder.finish()
    else:
        fail_run(recorder)
    return outcome


def finish_busy_run(run: SyncRun) -> None:
    """Close a run whose meeting stayed locked by other imports."""
    recorder = RunRecorder(run)
    recorder.record_error(
        "Another import of this meeting kept running; try again later.",
        meeting=run.meeting,
    )
    fail_run(recorder)
