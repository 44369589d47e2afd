"""Sending claimed invitations through ClickMeeting and recording the outcome.

ClickMeeting answers an invitation call for several addresses as a whole:
when it rejects one address (HTTP 422), nobody in that call was e-mailed.
A rejected call is therefore repeated one address at a time, so the
rejection lands on the person it concerns and everyone else is sent.
Invitation calls are never repeated automatically after a timeout or a
server error, because ClickMeeting may have sent the e-mails already.
"""

import logging
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import timedelta
from uuid import uuid4

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from admin_config import services as config_services
from cmsync.clickmeeting import errors
from crm.models import normalize_email
from invitations.models import Invitation
from meetings.models import Meeting

logger = logging.getLogger(__name__)

# A claim older than this belongs to a worker that died: Celery's hard time
# limit (CELERY_TASK_TIME_LIMIT, 30 minutes by default) has killed it by then.
STALE_CLAIM_AFTER = timedelta(minutes=40)


@dataclass
class SendReport:
    """Outcome of one send: invitations sent, failed, or waiting for the push."""

    sent: list = field(default_factory=list)
    failed: list = field(default_factory=list)
    waiting: bool = False


def claim(queryset):
    """Move the pending rows of `queryset` to "sending" and return them.

    One conditional UPDATE stamps a fresh batch id, so a row claimed by
    another worker at the same moment is never returned here.
    """
    batch = uuid4().hex
    now = timezone.now()
    claimable = Q(state=Invitation.State.PENDING) | Q(
        state=Invitation.State.SENDING, claimed_at__lt=now - STALE_CLAIM_AFTER
    )
    queryset.filter(claimable).update(
        state=Invitation.State.SENDING, send_batch=batch, claimed_at=now
    )
    return list(
        Invitation.objects.filter(send_batch=batch, state=Invitation.State.SENDING)
        .select_related("meeting")
        .order_by("pk")
    )


def release(invitations):
    """Put claimed rows back to pending, for a meeting not in ClickMeeting yet."""
    Invitation.objects.filter(pk__in=[i.pk for i in invitations]).update(
        state=Invitation.State.PENDING, send_batch="", claimed_at=None
    )


def deliver(meeting: Meeting, invitations) -> SendReport:
    """Send claimed invitations of one meeting and record each outcome."""
    report = SendReport()
    if not invitations:
        return report
    if meeting.deleted_at_source is not None:
        reason = _("The meeting was deleted in ClickMeeting.")
        mark_failed(invitations, reason, report)
        return report
    if meeting.clickmeeting_id is None:
        # Sent once the meeting's push to ClickMeeting completes.
        release(invitations)
        report.waiting = True
        logger.info(
            "invitations of meeting %s wait for its push: ids=%s",
            meeting.pk,
            [i.pk for i in invitations],
        )
        return report

    try:
        client = config_services.get_client()
    except config_services.NotConfiguredError as exc:
        mark_failed(invitations, str(exc), report)
        return report

    try:
        _send_all(client, meeting, invitations, report)
    except Exception:
        # A bug must not leave rows claimed until the claim goes stale.
        unfinished = [i for i in invitations if i.state == Invitation.State.SENDING]
        mark_failed(unfinished, _("Unexpected error while sending."), report)
        logger.exception("sending invitations of meeting %s failed", meeting.pk)
        raise
    return report


def _send_all(client, meeting, invitations, report):
    token_room = meeting.access_type == Meeting.AccessType.TOKEN
    if token_room and not _prepare_tokens(client, meeting, invitations, report):
        return

    groups = defaultdict(list)
    for invitation in invitations:
        groups[(invitation.role, invitation.language)].append(invitation)
    for group in groups.values():
        _send_group(client, meeting, group, report)

    if token_room and report.sent:
        _adopt_delivered_tokens(client, meeting, invitations)


def _prepare_tokens(client, meeting, invitations, report):
    """Generate one new access token per invitee and store it on them.

    ClickMeeting puts an unused token of the room into each invitation
    e-mail, so generating them first makes sure there is one per person.
    """
    try:
        tokens = client.generate_tokens(
            meeting.clickmeeting_id, len(invitations), timezone=meeting.timezone
        )
    except errors.ClickMeetingError as exc:
        _record_api_failure(meeting, invitations, exc, report)
        return False
    for invitation, token in zip(invitations, tokens, strict=False):
        invitation.token = token.token
    Invitation.objects.bulk_update(invitations, ["token"])
    logger.info("generated %s access tokens for meeting %s", len(tokens), meeting.pk)
    return True


def _adopt_delivered_tokens(client, meeting, invitations):
    """Store the token ClickMeeting reports as sent to each address.

    Which unused token goes into which e-mail is ClickMeeting's choice; the
    token list names the address each one went to.
    """
    try:
        tokens = client.list_tokens(meeting.clickmeeting_id, timezone=meeting.timezone)
    except errors.ClickMeetingError as exc:
        logger.warning(
            "could not read back access tokens of meeting %s: %s", meeting.pk, exc
        )
        return
    by_email = {}
    for token in tokens:
        if token.sent_to_email and token.first_used_at is None:
            # A later entry is a newer token for the same address.
            by_email[normalize_email(token.sent_to_email)] = token.token
    changed = []
    for invitation in invitations:
        token = by_email.get(invitation.email_normalized)
        if invitation.state == Invitation.State.SENT and token:
            if token != invitation.token:
                invitation.token = token
                changed.append(invitation)
    if changed:
        Invitation.objects.bulk_update(changed, ["token"])


def _send_group(client, meeting, group, report):
    """Send invitations that share a role and a language in one call."""
    first = group[0]
    try:
        client.send_invitations(
            meeting.clickmeeting_id,
            emails=[invitation.email for invitation in group],
            role=first.clickmeeting_role,
            lang=first.language,
        )
    except errors.ValidationError as exc:
        if len(group) > 1:
            logger.info(
                "ClickMeeting rejected invitations of meeting %s as a batch; "
                "sending %s one by one",
                meeting.pk,
                len(group),
            )
            for invitation in group:
                _send_group(client, meeting, [invitation], report)
            return
        mark_failed(group, describe_rejection(exc), report)
        logger.info(
            "ClickMeeting rejected invitation %s of meeting %s: %s",
            first.pk,
            meeting.pk,
            exc,
        )
        return
    except errors.ClickMeetingError as exc:
        _record_api_failure(meeting, group, exc, report)
        return
    mark_sent(group, report)
    config_services.record_success()
    logger.info(
        "sent %s %s invitations of meeting %s in %s",
        len(group),
        first.role,
        meeting.pk,
        first.language,
    )


def _record_api_failure(meeting, invitations, exc, report):
    reason = exc.message
    if errors.is_transient(exc):
        reason = _(
            "%(reason)s ClickMeeting may or may not have sent this invitation. "
            "Use “Retry failed” to send it again."
        ) % {"reason": exc.message}
    mark_failed(invitations, reason, report)
    config_services.record_failure(exc)
    logger.warning(
        "sending invitations %s of meeting %s failed: %s",
        [i.pk for i in invitations],
        meeting.pk,
        exc,
    )


def describe_rejection(exc: errors.ValidationError) -> str:
    """Return ClickMeeting's reasons for rejecting an address, in one line."""
    messages = [m for values in exc.field_errors.values() for m in values]
    return "; ".join(messages) if messages else exc.message


def mark_sent(invitations, report):
    now = timezone.now()
    for invitation in invitations:
        invitation.state = Invitation.State.SENT
        invitation.error = ""
        invitation.sent_at = now
        invitation.send_count += 1
        invitation.send_batch = ""
        invitation.claimed_at = None
    Invitation.objects.bulk_update(
        invitations,
        ["state", "error", "sent_at", "send_count", "send_batch", "claimed_at"],
    )
    report.sent.extend(invitations)


def mark_failed(invitations, reason, report):
    for invitation in invitations:
        invitation.state = Invitation.State.FAILED
        invitation.error = reason
        invitation.send_batch = ""
        invitation.claimed_at = None
    Invitation.objects.bulk_update(
        invitations, ["state", "error", "send_batch", "claimed_at"]
    )
    report.failed.extend(invitations)
