"""Invitation services: record invitations, and send them through ClickMeeting.

Recording happens in the request. Sending runs in Celery tasks enqueued
after the recording transaction commits, so a slow or failing ClickMeeting
never loses who was invited.
"""

import logging
from dataclasses import dataclass, field
from functools import partial

from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from admin_config.services import get_config
from crm.models import Contact, normalize_email
from invitations import sending
from invitations.models import Invitation
from meetings.models import Meeting

logger = logging.getLogger(__name__)


class InvitationConflictError(Exception):
    """Someone else invited one of these people at the same moment."""


class MeetingDeletedError(Exception):
    """The meeting's room was deleted in ClickMeeting, so nobody can be invited."""


def deleted_room_message():
    return _(
        "The room of this meeting was deleted in ClickMeeting, so invitations "
        "to it cannot be sent. Recreate the room from the meeting page first."
    )


def ensure_room_exists(meeting):
    """Raise MeetingDeletedError when ClickMeeting no longer has the room."""
    if meeting.deleted_at_source is not None:
        raise MeetingDeletedError(deleted_room_message())


@dataclass
class RecordResult:
    """The invitations created, and the people skipped with the reason."""

    created: list = field(default_factory=list)
    skipped: list = field(default_factory=list)


def record_invitations(meeting, user, *, participants=(), presenters=()):
    """Create pending invitations and send them once the transaction commits.

    `participants` and `presenters` are Contact or Lead instances. People
    without an email, already invited, or sharing an email with someone
    earlier in the lists are skipped with a reason. Raises
    InvitationConflictError when a concurrent request invited one of them, and
    MeetingDeletedError when the room was deleted in ClickMeeting.
    """
    ensure_room_exists(meeting)
    result = RecordResult()
    language = get_config().invitation_language
    wanted = [(p, Invitation.Role.PARTICIPANT) for p in participants]
    wanted += [(p, Invitation.Role.PRESENTER) for p in presenters]
    emails = {normalize_email(person.email) for person, _role in wanted}
    already_invited = set(
        Invitation.objects.filter(
            meeting=meeting, email_normalized__in=emails - {""}
        ).values_list("email_normalized", flat=True)
    )

    rows = []
    for person, role in wanted:
        email = normalize_email(person.email)
        reason = _skip_reason(email, already_invited)
        if reason:
            result.skipped.append((person, reason))
            continue
        already_invited.add(email)
        rows.append(_new_invitation(meeting, person, role, language, user))

    try:
        with transaction.atomic():
            result.created = Invitation.objects.bulk_create(rows)
            ids = [invitation.pk for invitation in result.created]
            if ids:
                transaction.on_commit(partial(_enqueue_send, meeting.pk, ids))
    except IntegrityError as exc:
        raise InvitationConflictError(
            _(
                "Someone invited one of these people to this meeting at the "
                "same moment. Nothing was recorded; reload the page and try again."
            )
        ) from exc

    logger.info(
        "recorded %s invitations to meeting %s by user %s (%s skipped)",
        len(result.created),
        meeting.pk,
        getattr(user, "pk", None),
        len(result.skipped),
    )
    return result


def _skip_reason(email, already_invited):
    if not email:
        return _("no email address")
    if email in already_invited:
        return _("already invited")
    return ""


def _new_invitation(meeting, person, role, language, user):
    is_contact = isinstance(person, Contact)
    email = person.email.strip()
    # bulk_create skips save(), which would fill email_normalized.
    return Invitation(
        meeting=meeting,
        contact=person if is_contact else None,
        lead=None if is_contact else person,
        email=email,
        email_normalized=normalize_email(email),
        role=role,
        language=language,
        sent_by=user,
    )


def retry_failed(meeting):
    """Queue the meeting's failed invitations for sending again; return how many.

    Raises MeetingDeletedError when the room was deleted in ClickMeeting.
    """
    ensure_room_exists(meeting)
    with transaction.atomic():
        failed = Invitation.objects.filter(
            meeting=meeting, state=Invitation.State.FAILED
        )
        ids = list(failed.values_list("pk", flat=True))
        if ids:
            Invitation.objects.filter(pk__in=ids).update(
                state=Invitation.State.PENDING, error=""
            )
            transaction.on_commit(partial(_enqueue_send, meeting.pk, ids))
    logger.info("retrying %s failed invitations of meeting %s", len(ids), meeting.pk)
    return len(ids)


def send_invitations(meeting_id, invitation_ids):
    """Send the given pending invitations of a meeting through ClickMeeting."""
    meeting = Meeting.objects.filter(pk=meeting_id).first()
    if meeting is None:
        logger.info("meeting %s is gone; no invitations sent", meeting_id)
        return sending.SendReport()
    claimed = sending.claim(
        Invitation.objects.filter(meeting_id=meeting_id, pk__in=invitation_ids)
    )
    return sending.deliver(meeting, claimed)


def send_pending(meeting_id):
    """Send every pending invitation of a meeting.

    The meeting push calls this once the room exists in ClickMeeting, for
    invitations recorded before it did.
    """
    meeting = Meeting.objects.filter(pk=meeting_id).first()
    if meeting is None:
        logger.info("meeting %s is gone; no invitations sent", meeting_id)
        return sending.SendReport()
    claimed = sending.claim(Invitation.objects.filter(meeting_id=meeting_id))
    return sending.deliver(meeting, claimed)


def resend_invitations(meeting_id):
    """Send every delivered invitation of a meeting again, with its new details.

    For a start, name or access change. Token-protected rooms get a fresh
    token per person. Failed invitations stay failed (they never reached the
    person; "Retry failed" sends them), and pending ones go out with the rest.
    """
    updated = Invitation.objects.filter(
        meeting_id=meeting_id, state=Invitation.State.SENT
    ).update(state=Invitation.State.PENDING, token="")
    logger.info("re-sending %s invitations of meeting %s", updated, meeting_id)
    return send_pending(meeting_id)


def active_meetings_for(user, person, *, is_administrator):
    """Meetings `user` may invite `person` to: running now or starting later.

    Permanent rooms have no schedule and count as running. Meetings deleted
    in ClickMeeting and meetings that already invite this email are left out.
    """
    return _running_meetings_for(user, person, is_administrator).filter(
        deleted_at_source__isnull=True
    )


def deleted_meetings_for(user, person, *, is_administrator):
    """Return the meetings that active_meetings_for leaves out only because
    their room was deleted in ClickMeeting."""
    return _running_meetings_for(user, person, is_administrator).filter(
        deleted_at_source__isnull=False
    )


def _running_meetings_for(user, person, is_administrator):
    now = timezone.now()
    running_or_future = (
        Q(permanent_room=True)
        | Q(starts_at__gte=now)
        | Q(starts_at__lte=now, ends_at_value__gt=now)
    )
    meetings = (
        Meeting.objects.alias(ends_at_value=F("starts_at") + F("duration"))
        .filter(running_or_future)
        .select_related("owner")
        .order_by("starts_at", "pk")
    )
    if not is_administrator:
        meetings = meetings.filter(owner=user)
    email = normalize_email(person.email)
    if email:
        invited = Invitation.objects.filter(email_normalized=email).values("meeting_id")
        meetings = meetings.exclude(pk__in=invited)
    return meetings


def _enqueue_send(meeting_id, invitation_ids):
    from invitations.tasks import send_invitations as send_task

    send_task.delay(meeting_id, invitation_ids)
