"""Writes to meetings: save, assign, retry a push, recreate a room, join."""

import logging
from dataclasses import dataclass
from functools import partial
from urllib.parse import urlencode

from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from meetings import interactive, validators
from meetings.models import Meeting
from meetings.room_urls import slugify_room_name

logger = logging.getLogger(__name__)

# The fields the meeting form edits; each of them is sent to ClickMeeting.
EDITABLE_FIELDS = (
    "name",
    "room_url_name",
    "access_type",
    "password",
    "starts_at",
    "timezone",
    "duration",
    "room_type",
    "lobby_enabled",
    "lobby_description",
    "registration_enabled",
)
# A change of one of these makes the invitations already sent out of date.
INVITATION_FIELDS = ("name", "starts_at", "access_type", "password")
ROOM_URL_NAME_FALLBACK = "meeting"


@dataclass(frozen=True)
class SaveResult:
    meeting: Meeting
    created: bool
    changed_fields: tuple[str, ...]
    invitations_resend_due: bool


def meeting_save(meeting, *, user, derive_room_url_name=False):
    """Store a new or edited meeting and push it to ClickMeeting after commit.

    Only the form's fields are written, so the state a running push stores
    (ClickMeeting id, room address, push state) is never overwritten. An edit
    of the name, start or access settings marks the invitations for resending
    once ClickMeeting has the new details. A meeting whose room was deleted in
    ClickMeeting is saved here only; meeting_recreate_room sends it again.
    """
    with transaction.atomic():
        if meeting.pk is None:
            result = _create(meeting, user, derive_room_url_name)
        else:
            result = _update(meeting, derive_room_url_name)
        if result.changed_fields and not result.meeting.deleted_at_source:
            transaction.on_commit(partial(enqueue_push, result.meeting.pk))
    logger.info(
        "meeting %s saved by user %s: created=%s changed=%s resend_due=%s",
        result.meeting.pk,
        user.pk,
        result.created,
        ",".join(result.changed_fields),
        result.invitations_resend_due,
    )
    return result


def _create(meeting, user, derive_room_url_name):
    meeting.owner = user
    if not meeting.room_url_name or derive_room_url_name:
        meeting.room_url_name = unique_room_url_name(
            meeting.room_url_name or meeting.name
        )
    meeting.push_state = Meeting.PushState.PENDING
    meeting.save()
    return SaveResult(meeting, True, EDITABLE_FIELDS, False)


def _update(meeting, derive_room_url_name):
    stored = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if not meeting.room_url_name:
        meeting.room_url_name = stored.room_url_name or unique_room_url_name(
            meeting.name, exclude_pk=meeting.pk
        )
    elif derive_room_url_name and meeting.room_url_name != stored.room_url_name:
        meeting.room_url_name = unique_room_url_name(
            meeting.room_url_name, exclude_pk=meeting.pk
        )

    changed = tuple(
        name
        for name in EDITABLE_FIELDS
        if getattr(stored, name) != getattr(meeting, name)
    )
    if not changed:
        return SaveResult(stored, False, (), stored.invitations_resend_due)

    meeting.save(update_fields=[*changed, "updated_at"])
    resend_due = stored.invitations_resend_due or any(
        name in INVITATION_FIELDS for name in changed
    )
    push_fields = {}
    if not stored.deleted_at_source:
        push_fields = {"push_state": Meeting.PushState.PENDING, "push_error": ""}
    Meeting.objects.filter(pk=meeting.pk).update(
        local_version=F("local_version") + 1,
        invitations_resend_due=resend_due,
        **push_fields,
    )
    meeting.refresh_from_db()
    return SaveResult(meeting, False, changed, resend_due)


def unique_room_url_name(text, exclude_pk=None):
    """Derive a room URL from text, adding "-2", "-3"... when it is taken."""
    max_length = validators.ROOM_URL_NAME_MAX_LENGTH
    base = slugify_room_name(text)[: max_length - 4].strip("-_")
    if len(base) < validators.ROOM_URL_NAME_MIN_LENGTH:
        # "Q4" would make a URL too short for ClickMeeting: "q4-meeting".
        base = "-".join(part for part in (base, ROOM_URL_NAME_FALLBACK) if part)
    taken = set(
        Meeting.objects.filter(room_url_name__startswith=base)
        .exclude(pk=exclude_pk)
        .values_list("room_url_name", flat=True)
    )
    candidate = base
    suffix = 1
    while candidate in taken:
        suffix += 1
        candidate = f"{base}-{suffix}"
    return candidate


def enqueue_push(meeting_id):
    from meetings.tasks import push_meeting

    push_meeting.delay(meeting_id)


def meeting_retry_push(meeting, *, user):
    """Queue a new push of a meeting whose last push failed."""
    Meeting.objects.filter(pk=meeting.pk).update(
        push_state=Meeting.PushState.PENDING, push_error=""
    )
    transaction.on_commit(partial(enqueue_push, meeting.pk))
    logger.info("push of meeting %s retried by user %s", meeting.pk, user.pk)


def meeting_recreate_room(meeting, *, user):
    """Create a new ClickMeeting room for a meeting whose room was deleted there.

    Forgets the deleted room and pushes the meeting as new. The invitations
    already sent link to the deleted room, so they are sent again once the
    new room exists. Returns False when the room was not deleted.
    """
    with transaction.atomic():
        locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
        if not locked.deleted_at_source:
            return False
        deleted_room_id = locked.clickmeeting_id
        Meeting.objects.filter(pk=meeting.pk).update(
            clickmeeting_id=None,
            room_url="",
            room_pin=None,
            source_status="",
            deleted_at_source=None,
            local_version=F("local_version") + 1,
            # No earlier create attempt of the new room exists, so the push
            # must not look for a room it may have created.
            push_attempts=0,
            push_state=Meeting.PushState.PENDING,
            push_error="",
            invitations_resend_due=True,
        )
        transaction.on_commit(partial(enqueue_push, meeting.pk))
    logger.info(
        "room of meeting %s recreated by user %s (deleted room %s)",
        meeting.pk,
        user.pk,
        deleted_room_id,
    )
    return True


def meeting_assign(meeting, *, user):
    """Make the user the owner of the meeting and return the previous owner.

    The previous owner (None when the meeting had none) keeps read access but
    can no longer edit the meeting.
    """
    with transaction.atomic():
        locked = (
            # Lock the meeting row only: PostgreSQL cannot lock the nullable
            # side of the outer join to the owner.
            Meeting.objects.select_for_update(of=("self",))
            .select_related("owner")
            .get(pk=meeting.pk)
        )
        previous_owner = locked.owner
        Meeting.objects.filter(pk=meeting.pk).update(owner=user)
    meeting.owner = user
    logger.info(
        "meeting %s assigned to user %s (previous owner %s)",
        meeting.pk,
        user.pk,
        previous_owner.pk if previous_owner else None,
    )
    return previous_owner


class JoinError(Exception):
    """The host link cannot be made; the message is safe to show the user."""


def meeting_host_join_url(meeting, *, user):
    """Ask ClickMeeting for a one-time host login and return the room link.

    The autologin hash is requested at click time because it logs in one
    person and must not be stored or reused.
    """
    from admin_config.services import NotConfiguredError
    from cmsync.clickmeeting import errors

    if meeting.deleted_at_source:
        raise JoinError(
            _(
                "The room was deleted in ClickMeeting. Recreate it from the "
                "meeting page to join."
            )
        )
    if not meeting.clickmeeting_id or not meeting.room_url:
        raise JoinError(
            _(
                "The room does not exist in ClickMeeting yet. Wait until the "
                "push is done, then try again."
            )
        )
    if not user.email:
        raise JoinError(
            _(
                "Your user account has no email address, and ClickMeeting needs "
                "one to log you in as host. Ask an administrator to add it."
            )
        )
    nickname = user.get_full_name() or user.get_username()
    try:
        with interactive.interactive_client() as client:
            login_hash = client.create_autologin_hash(
                meeting.clickmeeting_id,
                email=user.email,
                nickname=nickname,
                role="host",
            )
    except NotConfiguredError as exc:
        raise JoinError(str(exc)) from exc
    except errors.ClickMeetingError as exc:
        logger.warning(
            "autologin hash for meeting %s (room %s) for user %s failed: %s",
            meeting.pk,
            meeting.clickmeeting_id,
            user.pk,
            exc,
        )
        raise JoinError(join_failure_message(exc)) from exc
    logger.info(
        "host login link made for meeting %s (room %s) for user %s",
        meeting.pk,
        meeting.clickmeeting_id,
        user.pk,
    )
    separator = "&" if "?" in meeting.room_url else "?"
    return meeting.room_url + separator + urlencode({"l": login_hash})


def join_failure_message(exc):
    """Return why joining failed and what to do, in two short sentences."""
    messages_by_kind = {
        interactive.NOT_FOUND: _(
            "ClickMeeting no longer has this room. Ask the owner or an "
            "administrator to check the meeting."
        ),
        interactive.CREDENTIALS: _(
            "ClickMeeting rejected the API key. Ask an administrator to check "
            "it on the settings page."
        ),
        interactive.REJECTED: _(
            "ClickMeeting refused the host login for your account. Check your "
            "email address or ask an administrator."
        ),
        interactive.RATE_LIMITED: _(
            "ClickMeeting is limiting requests. Try again in a minute."
        ),
        interactive.UNREADABLE: _(
            "ClickMeeting sent a response that could not be read. Try again in "
            "a few minutes."
        ),
    }
    return messages_by_kind.get(
        interactive.failure_kind(exc),
        _("ClickMeeting is not responding. Try again in a few minutes."),
    )
