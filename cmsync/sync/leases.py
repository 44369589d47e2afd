"""The per-meeting import lease, so two imports never write one meeting together.

A lease is taken with one conditional UPDATE on the meeting row: it succeeds
only when no other holder has an unexpired lease. A worker that dies keeps
its lease until it expires, after which the next run takes the meeting over.
"""

import logging
import uuid
from datetime import timedelta

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from meetings.models import Meeting

logger = logging.getLogger(__name__)

DEFAULT_LEASE_SECONDS = 15 * 60


def lease_duration() -> timedelta:
    return timedelta(
        seconds=getattr(settings, "SYNC_IMPORT_LEASE_SECONDS", DEFAULT_LEASE_SECONDS)
    )


def new_holder(label: str) -> str:
    """Return a lease holder name unique to one import attempt."""
    return f"{label}:{uuid.uuid4().hex[:16]}"[:64]


def take_lease(meeting_id: int, holder: str) -> bool:
    """Take or renew the import lease of a meeting; False when someone has it."""
    now = timezone.now()
    free = (
        Q(import_lease_until__isnull=True)
        | Q(import_lease_until__lt=now)
        | Q(import_lease_holder=holder)
    )
    taken = (
        Meeting.objects.filter(pk=meeting_id)
        .filter(free)
        .update(import_lease_until=now + lease_duration(), import_lease_holder=holder)
    )
    return taken == 1


def release_lease(meeting_id: int, holder: str) -> None:
    Meeting.objects.filter(pk=meeting_id, import_lease_holder=holder).update(
        import_lease_until=None, import_lease_holder=""
    )
