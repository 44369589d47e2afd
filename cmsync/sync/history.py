"""The historical import: meetings between an earlier sync start date and the old one.

Planning lists the rooms once, mirrors the ones in the period as meetings and
stores their ids on the run. Background batches then import a few meetings
each, one call at a time with a pause between calls, and hand the rest to
the next batch. ClickMeeting documents no request quota, and the safe course
for a long job is to stay serial. So at most one historical import runs at a
time, and its calls are spaced by `SYNC_HISTORY_MIN_CALL_INTERVAL_SECONDS`.
"""

import logging
from datetime import date

from django.conf import settings
from django.utils import timezone

from admin_config import services as config_services
from cmsync.sync import conferences, planning
from cmsync.sync.importer import RunContext
from cmsync.sync.leases import new_holder
from cmsync.sync.models import SyncRun
from cmsync.sync.runlog import RunRecorder, stale_after
from cmsync.sync.services import (
    Outcome,
    import_one,
    open_client,
    record_listing_skips,
)
from cmsync.sync.throttle import ThrottledClient
from meetings.models import Meeting

logger = logging.getLogger(__name__)

DEFAULTS = {
    "SYNC_HISTORY_BATCH_SIZE": 10,
    "SYNC_HISTORY_MIN_CALL_INTERVAL_SECONDS": 1.0,
    "SYNC_HISTORY_BATCH_PAUSE_SECONDS": 5.0,
    # Pause after ClickMeeting still returned 429 when the client gave up retrying.
    "SYNC_HISTORY_RATE_LIMIT_PAUSE_SECONDS": 300.0,
}


def setting(name: str):
    return getattr(settings, name, DEFAULTS[name])


def create_history_run(new_start: date, old_start: date) -> SyncRun:
    return SyncRun.objects.create(
        kind=SyncRun.Kind.HISTORY, history_from=new_start, history_until=old_start
    )


def plan_history_import(run: SyncRun) -> bool:
    """Find the meetings of the run's period; return whether any is left to do."""
    recorder = RunRecorder(run)
    recorder.start()
    client = open_client(recorder)
    if client is None:
        return False
    window_start = planning.start_of_day(run.history_from)
    window_end = planning.start_of_day(run.history_until)

    listing = conferences.fetch_conferences(client)
    for failure in listing.failures:
        recorder.record_error(failure)
    record_listing_skips(recorder, listing)
    if not listing.rooms and not listing.complete:
        recorder.finish(SyncRun.State.FAILED)
        return False

    def in_period(room) -> bool:
        if room.permanent_room or room.ends_at is None:
            return True
        return window_start <= room.ends_at < window_end

    config = config_services.get_config()
    changes = conferences.mirror_meetings(
        listing,
        content_owner_id=config.sync_content_owner_id,
        sync_start=window_start,
        room_filter=in_period,
    )
    room_ids = [room_id for room_id, room in listing.rooms.items() if in_period(room)]
    meeting_ids = list(
        Meeting.objects.filter(
            clickmeeting_id__in=room_ids,
            deleted_at_source__isnull=True,
            import_complete=False,
        )
        .order_by("starts_at", "pk")
        .values_list("pk", flat=True)
    )
    run.meetings_seen = len(room_ids)
    run.rows_created += changes.created
    run.rows_updated += changes.updated
    run.pending_meeting_ids = meeting_ids
    recorder.set_total(len(meeting_ids))
    logger.info(
        "historical import %s planned: %d meetings between %s and %s",
        run.pk,
        len(meeting_ids),
        run.history_from,
        run.history_until,
    )
    if not meeting_ids:
        recorder.finish()
    return bool(meeting_ids)


def other_history_run_active(run: SyncRun) -> bool:
    """Return whether an older historical import is still working.

    Historical imports run one at a time, oldest first.
    """
    return (
        SyncRun.objects.filter(
            kind=SyncRun.Kind.HISTORY,
            state=SyncRun.State.RUNNING,
            pk__lt=run.pk,
            heartbeat_at__gte=timezone.now() - stale_after(),
        )
        .exclude(pending_meeting_ids=[])
        .exists()
    )


def run_history_batch(run: SyncRun) -> float | None:
    """Import the next meetings of the run; return seconds until the next batch.

    Returns None when the run is finished.
    """
    recorder = RunRecorder(run)
    recorder.start()
    client = open_client(recorder)
    if client is None:
        return None
    client = ThrottledClient(
        client, float(setting("SYNC_HISTORY_MIN_CALL_INTERVAL_SECONDS"))
    )
    recorder.attach_client(client)
    context = RunContext(
        client,
        sync_start=planning.start_of_day(run.history_from),
        lead_owner_id=config_services.get_config().sync_content_owner_id,
    )
    batch_size = int(setting("SYNC_HISTORY_BATCH_SIZE"))
    batch, rest = (
        run.pending_meeting_ids[:batch_size],
        run.pending_meeting_ids[batch_size:],
    )
    meetings = Meeting.objects.in_bulk(batch)
    holder = new_holder(f"history-{run.pk}")
    retry_later = []
    pause = float(setting("SYNC_HISTORY_BATCH_PAUSE_SECONDS"))
    for index, meeting_id in enumerate(batch):
        meeting = meetings.get(meeting_id)
        if meeting is None:
            recorder.record_skipped()
            continue
        outcome = import_one(context, recorder, meeting, holder=holder)
        if outcome is Outcome.BUSY:
            retry_later.append(meeting_id)
        elif outcome is Outcome.RATE_LIMITED:
            # Leave the rest of the batch (this meeting included) for later.
            retry_later.extend(batch[index:])
            pause = float(setting("SYNC_HISTORY_RATE_LIMIT_PAUSE_SECONDS"))
            break

    run.pending_meeting_ids = rest + retry_later
    if not run.pending_meeting_ids:
        recorder.finish()
        return None
    recorder.save()
    return pause
