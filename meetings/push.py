"""Push a meeting to ClickMeeting: create or update its conference room.

The push is idempotent. It sends only a version of the meeting that was not
sent yet (`local_version` against `pushed_version`). It takes a lease, so two
pushes of one meeting never run together. Before creating a room again after
an attempt whose response was lost, it looks for the room that attempt may
have created.
"""

import logging
from datetime import timedelta

from celery.exceptions import SoftTimeLimitExceeded
from django.db import IntegrityError, transaction
from django.db.models import Case, F, Q, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from admin_config.services import NotConfiguredError, get_client
from cmsync.clickmeeting import errors, types
from meetings.models import Meeting

logger = logging.getLogger(__name__)

# Longer than one push can take: a few calls, each bounded by the client's
# timeouts and attempts.
PUSH_LEASE = timedelta(minutes=10)

# ClickMeeting's parameter names, as our form labels them.
FIELD_LABELS = {
    "name": gettext_lazy("Room name"),
    "custom_room_url_name": gettext_lazy("Room URL"),
    "access_type": gettext_lazy("Access type"),
    "password": gettext_lazy("Password"),
    "starts_at": gettext_lazy("Start"),
    "timezone": gettext_lazy("Time zone"),
    "duration": gettext_lazy("Duration"),
    "room_type": gettext_lazy("Room type"),
    "lobby_enabled": gettext_lazy("Waiting room"),
    "lobby_description": gettext_lazy("Waiting room agenda"),
    "registration": gettext_lazy("Registration"),
    "registration[enabled]": gettext_lazy("Registration"),
    "permanent_room": gettext_lazy("Permanent room"),
}


class TransientPushError(Exception):
    """The push failed in a way a later attempt may fix; retry it."""

    def __init__(self, reason):
        super().__init__(reason)
        self.reason = reason


class PushBusyError(TransientPushError):
    """Another push of the same meeting holds the lease."""


def meeting_push(meeting_id):
    """Create or update the ClickMeeting room of a meeting.

    Returns "missing", "deleted_at_source", "up_to_date", "done" or "failed".
    Raises TransientPushError when a retry may succeed; the meeting stays
    pending.
    """
    meeting = Meeting.objects.filter(pk=meeting_id).first()
    if meeting is None:
        logger.info("push of meeting %s skipped: the meeting is gone", meeting_id)
        return "missing"
    if meeting.deleted_at_source:
        # Updating a room deleted in ClickMeeting only fails with "not found".
        # Recreating it is a deliberate action (services.meeting_recreate_room).
        logger.info(
            "push of meeting %s skipped: room %s was deleted in ClickMeeting",
            meeting_id,
            meeting.clickmeeting_id,
        )
        return "deleted_at_source"
    if meeting.clickmeeting_id and meeting.pushed_version >= meeting.local_version:
        _mark_up_to_date(meeting)
        return "up_to_date"
    if not _claim_lease(meeting_id):
        logger.info("push of meeting %s waits: another push is running", meeting_id)
        raise PushBusyError(_("Another push of this meeting is running."))

    try:
        return _push_claimed(meeting_id)
    finally:
        Meeting.objects.filter(pk=meeting_id).update(push_lease_until=None)


def _claim_lease(meeting_id):
    now = timezone.now()
    claimed = (
        Meeting.objects.filter(pk=meeting_id)
        .filter(Q(push_lease_until__isnull=True) | Q(push_lease_until__lt=now))
        .update(push_lease_until=now + PUSH_LEASE)
    )
    return claimed == 1


def _push_claimed(meeting_id):
    meeting = Meeting.objects.get(pk=meeting_id)
    version = meeting.local_version
    earlier_attempts = meeting.push_attempts
    Meeting.objects.filter(pk=meeting_id).update(push_attempts=F("push_attempts") + 1)
    logger.info(
        "push of meeting %s started: version=%s room=%s attempt=%s",
        meeting_id,
        version,
        meeting.clickmeeting_id,
        earlier_attempts + 1,
    )
    try:
        client = get_client()
        conference = _send(client, meeting, earlier_attempts)
    except NotConfiguredError as exc:
        return _mark_failed(meeting_id, str(exc))
    except errors.ClickMeetingError as exc:
        if errors.is_transient(exc):
            reason = describe_push_error(exc)
            _note_transient_failure(meeting_id, reason)
            logger.warning("push of meeting %s failed, will retry: %s", meeting_id, exc)
            raise TransientPushError(reason) from exc
        return _mark_failed(meeting_id, describe_push_error(exc), exc)

    try:
        _record_success(meeting_id, conference, version)
    except IntegrityError:
        other_meeting_id = _meeting_linked_to_room(conference.id, meeting_id)
        if other_meeting_id is None:
            raise
        return _mark_room_taken(meeting_id, conference.id, other_meeting_id)
    _trigger_invitations(meeting_id, room_created=meeting.clickmeeting_id is None)
    return "done"


def _send(client, meeting, earlier_attempts):
    data = conference_input(meeting)
    if meeting.clickmeeting_id:
        return client.update_conference(meeting.clickmeeting_id, data)
    if earlier_attempts:
        # An earlier create may have reached ClickMeeting with its response
        # lost (a timeout or a dropped connection): adopt that room.
        existing = _find_created_room(client, meeting)
        if existing is not None:
            logger.info(
                "push of meeting %s found room %s from an earlier attempt",
                meeting.pk,
                existing.id,
            )
            return client.update_conference(existing.id, data)
    return client.create_conference(data)


def _find_created_room(client, meeting):
    linked_ids = set(
        Meeting.objects.exclude(pk=meeting.pk)
        .filter(clickmeeting_id__isnull=False)
        .values_list("clickmeeting_id", flat=True)
    )
    for conference in client.list_conferences(status="active"):
        if conference.id in linked_ids:
            continue
        same_url = conference.name_url == meeting.room_url_name
        same_plan = (
            conference.name == meeting.name
            and conference.starts_at is not None
            and conference.starts_at == meeting.starts_at
        )
        if same_url or same_plan:
            return conference
    return None


def conference_input(meeting):
    """Build what ClickMeeting is sent for a meeting."""
    is_password_room = meeting.access_type == Meeting.AccessType.PASSWORD
    return types.ConferenceInput(
        name=meeting.name,
        room_type=meeting.room_type,
        permanent_room=meeting.permanent_room,
        access_type=meeting.access_type,
        password=meeting.password if is_password_room else None,
        # A permanent room has no schedule; ClickMeeting ignores its start.
        starts_at=meeting.starts_at or timezone.now(),
        timezone=meeting.timezone,
        duration=meeting.duration,
        lobby_enabled=meeting.lobby_enabled,
        lobby_description=meeting.lobby_description if meeting.lobby_enabled else "",
        registration_enabled=meeting.registration_enabled,
        custom_room_url_name=meeting.room_url_name,
    )


def _record_success(meeting_id, conference, version):
    # The state becomes "done" only if nobody edited the meeting meanwhile;
    # otherwise the edit's own push is queued and the state stays pending.
    room_fields = {}
    if conference.name_url:
        # ClickMeeting may keep or adjust the slug; store the one it uses.
        room_fields["room_url_name"] = conference.name_url
    # A savepoint, so a unique violation on clickmeeting_id leaves an outer
    # transaction usable on PostgreSQL.
    with transaction.atomic():
        _store_room(meeting_id, conference, version, room_fields)
    logger.info(
        "push of meeting %s done: room=%s version=%s",
        meeting_id,
        conference.id,
        version,
    )


def _store_room(meeting_id, conference, version, room_fields):
    Meeting.objects.filter(pk=meeting_id).update(
        **room_fields,
        clickmeeting_id=conference.id,
        room_url=conference.room_url,
        room_pin=conference.room_pin,
        source_status=conference.status,
        deleted_at_source=None,
        pushed_version=version,
        pushed_at=timezone.now(),
        push_error="",
        push_state=Case(
            When(local_version=version, then=Value(Meeting.PushState.DONE)),
            default=Value(Meeting.PushState.PENDING),
        ),
    )


def _meeting_linked_to_room(room_id, meeting_id):
    return (
        Meeting.objects.exclude(pk=meeting_id)
        .filter(clickmeeting_id=room_id)
        .values_list("pk", flat=True)
        .first()
    )


def _mark_room_taken(meeting_id, room_id, other_meeting_id):
    """Fail a push whose room is already linked to another meeting here.

    This happens when an import links the room to a new meeting while this
    push is still waiting for ClickMeeting's response. Retrying cannot help
    until one of the two meetings is removed.
    """
    reason = _(
        "ClickMeeting returned room %(room)s, which another meeting here "
        "already uses (meeting %(other)s), so this meeting was not linked to "
        "it. If meeting %(other)s is a copy of this one, ask an administrator "
        "to delete the copy, then use “Retry push” here."
    ) % {"room": room_id, "other": other_meeting_id}
    Meeting.objects.filter(pk=meeting_id).update(
        push_state=Meeting.PushState.FAILED, push_error=reason
    )
    logger.error(
        "push of meeting %s failed: ClickMeeting returned room %s, which "
        "meeting %s already uses",
        meeting_id,
        room_id,
        other_meeting_id,
    )
    return "failed"


def _mark_up_to_date(meeting):
    if meeting.push_state != Meeting.PushState.DONE:
        Meeting.objects.filter(
            pk=meeting.pk, local_version=meeting.local_version
        ).update(push_state=Meeting.PushState.DONE, push_error="")


def _note_transient_failure(meeting_id, reason):
    Meeting.objects.filter(pk=meeting_id).update(
        push_state=Meeting.PushState.PENDING,
        push_error=_("Last attempt failed, retrying automatically: %(reason)s")
        % {"reason": reason},
    )


def _mark_failed(meeting_id, reason, exc=None):
    Meeting.objects.filter(pk=meeting_id).update(
        push_state=Meeting.PushState.FAILED, push_error=reason
    )
    logger.warning("push of meeting %s failed: %s", meeting_id, exc or reason)
    return "failed"


def mark_push_abandoned(meeting_id, reason, attempts):
    """Mark a push failed after its automatic retries ran out."""
    text = _(
        "ClickMeeting could not be reached after %(attempts)d attempts: "
        "%(reason)s Your changes are saved here; use “Retry push” to send them."
    ) % {"attempts": attempts, "reason": reason}
    _mark_failed(meeting_id, text)


def mark_push_crashed(meeting_id, exc):
    """Mark a push failed after an error that no automatic retry can fix."""
    if isinstance(exc, SoftTimeLimitExceeded):
        text = _(
            "The push took too long and was stopped. Your changes are saved "
            "here; use “Retry push” to send them again."
        )
    else:
        text = _(
            "The push stopped on an unexpected error (%(error)s). Your changes "
            "are saved here; use “Retry push” to send them again, and tell an "
            "administrator if it fails again."
        ) % {"error": type(exc).__name__}
    _mark_failed(meeting_id, text, exc)


def describe_push_error(exc):
    """Return the reason of a failed push in words the meeting's owner can use."""
    if isinstance(exc, errors.ValidationError):
        return _describe_validation_error(exc)
    if isinstance(exc, errors.NotFoundError):
        return _(
            "The room no longer exists in ClickMeeting; it may have been deleted there."
        )
    if isinstance(exc, errors.AuthenticationError | errors.PermissionDeniedError):
        return _(
            "%(reason)s Ask an administrator to check the ClickMeeting settings."
        ) % {"reason": exc.message}
    return exc.message


def _describe_validation_error(exc):
    parts = []
    for field, messages in exc.field_errors.items():
        text = " ".join(str(message) for message in messages)
        if field == "__all__" or not field:
            parts.append(text)
        else:
            label = FIELD_LABELS.get(field, field)
            parts.append(f"{label}: {text}")
    details = "; ".join(parts) or exc.message
    return _(
        "ClickMeeting rejected the meeting. %(details)s. Edit the meeting to fix "
        "it; saving sends it again."
    ) % {"details": details.rstrip(".")}


def _trigger_invitations(meeting_id, room_created):
    """Queue the invitation sends that waited for this push.

    An edit of the start, name or access settings re-sends every invitation.
    A room that did not exist before gets the invitations recorded while it
    was being created.
    """
    resend_claimed = Meeting.objects.filter(
        pk=meeting_id, invitations_resend_due=True
    ).update(invitations_resend_due=False)
    if not resend_claimed and not room_created:
        return
    try:
        from invitations import tasks as invitation_tasks

        resend_task = invitation_tasks.resend_invitations_task
        send_pending_task = invitation_tasks.send_pending_invitations
    except (ImportError, AttributeError):
        if resend_claimed:
            Meeting.objects.filter(pk=meeting_id).update(invitations_resend_due=True)
        logger.error(
            "invitations of meeting %s cannot be sent: invitations.tasks lacks "
            "resend_invitations_task or send_pending_invitations; a due resend "
            "stays due",
            meeting_id,
        )
        return
    # The resend also sends invitations still pending.
    task = resend_task if resend_claimed else send_pending_task
    try:
        task.delay(meeting_id)
    except Exception:
        # The room is pushed, so the push must not be marked failed over a
        # broker outage. A claimed resend stays due and the next push of the
        # meeting queues it again.
        # NOTE: invitations pending for a new room are not queued again by a
        # later push; they stay pending until someone sends them.
        if resend_claimed:
            Meeting.objects.filter(pk=meeting_id).update(invitations_resend_due=True)
        logger.exception(
            "invitations of meeting %s could not be queued (%s)",
            meeting_id,
            task.name,
        )
        return
    logger.info("invitations of meeting %s queued (%s)", meeting_id, task.name)
