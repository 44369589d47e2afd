"""The 12-hour allowance of "Import data now", claimed per click.

The limit spares ClickMeeting's API limits, so a manual run that ends failed
without importing its meeting does not count. Its meeting's
last_manual_import_at goes back to the value it had before the claim.

Both steps are conditional UPDATEs (compare-and-swap on
last_manual_import_at), so two clicks at the same moment claim once, and
giving back an old claim never undoes a newer one.
"""

import logging
from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.utils import timezone

from cmsync.sync.models import SyncRun
from meetings.models import MANUAL_IMPORT_INTERVAL, Meeting

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Claim:
    """Outcome of a claim, with `claimed_at` None when the claim was rejected."""

    claimed_at: datetime | None
    previous_at: datetime | None

    @property
    def accepted(self) -> bool:
        return self.claimed_at is not None

    @property
    def next_available_at(self) -> datetime | None:
        latest = self.claimed_at or self.previous_at
        return latest + MANUAL_IMPORT_INTERVAL if latest else None


def claim(meeting_id: int) -> Claim:
    """Stamp the meeting's last_manual_import_at unless it is within 12 hours.

    The UPDATE only applies while the column still contains the value read
    just before it, so of two concurrent claims only one succeeds. The loser
    gets the winner's time back, as a rejected claim.
    """
    now = timezone.now()
    previous = _last_manual_import_at(meeting_id)
    if previous is not None and previous > now - MANUAL_IMPORT_INTERVAL:
        return Claim(claimed_at=None, previous_at=previous)
    unchanged = Meeting.objects.filter(pk=meeting_id)
    if previous is None:
        unchanged = unchanged.filter(last_manual_import_at__isnull=True)
    else:
        unchanged = unchanged.filter(last_manual_import_at=previous)
    if unchanged.update(last_manual_import_at=now) != 1:
        return Claim(claimed_at=None, previous_at=_last_manual_import_at(meeting_id))
    return Claim(claimed_at=now, previous_at=previous)


def _last_manual_import_at(meeting_id: int) -> datetime | None:
    return (
        Meeting.objects.filter(pk=meeting_id)
        .values_list("last_manual_import_at", flat=True)
        .first()
    )


def give_back(run: SyncRun) -> bool:
    """Restore the meeting's allowance claimed by a manual run that imported nothing.

    Return True when the meeting still carried this run's claim and got its
    previous value back. A newer claim, or a run that claimed nothing, stays
    as it is. The restore and the run's allowance_returned flag are written
    in one transaction.
    """
    if run.kind != SyncRun.Kind.MANUAL or run.allowance_claimed_at is None:
        return False
    if run.meetings_imported or run.allowance_returned:
        return False
    with transaction.atomic():
        restored = Meeting.objects.filter(
            pk=run.meeting_id, last_manual_import_at=run.allowance_claimed_at
        ).update(last_manual_import_at=run.allowance_previous_at)
        if not restored:
            logger.info(
                "run %s imported nothing, but meeting %s has a newer manual "
                "import claim; its allowance stays used",
                run.pk,
                run.meeting_id,
            )
            return False
        SyncRun.objects.filter(pk=run.pk).update(allowance_returned=True)
    run.allowance_returned = True
    logger.info(
        "run %s imported nothing, so meeting %s may be imported manually again",
        run.pk,
        run.meeting_id,
    )
    return True
