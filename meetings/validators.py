"""Checks that mirror what ClickMeeting accepts for a room.

Running them in the form shows a user the problem next to the field, instead
of as a failed push minutes later.
"""

import re
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# NOTE: ClickMeeting documents no limits for these values. The lengths are
# those of our own columns, and the room URL alphabet is what ClickMeeting
# uses in the room slugs it generates (lowercase letters, digits, "-", "_").
NAME_MAX_LENGTH = 255
ROOM_URL_NAME_MIN_LENGTH = 3
ROOM_URL_NAME_MAX_LENGTH = 100
PASSWORD_MAX_LENGTH = 64
ROOM_URL_NAME_PATTERN = re.compile(r"^[a-z0-9](?:[a-z0-9_-]*[a-z0-9])?$")
CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f]")

# The usual length of a meeting. Values outside it are allowed but warned
# about, because they are more often a typo than a choice.
USUAL_MIN_DURATION = timedelta(minutes=5)
USUAL_MAX_DURATION = timedelta(hours=3)
MAX_DURATION = timedelta(hours=24)


def validate_room_name(value):
    if not value.strip():
        raise ValidationError(_("Enter a room name."), code="blank")
    if CONTROL_CHARACTERS.search(value):
        raise ValidationError(
            _("The room name contains a control character; remove it."),
            code="control_character",
        )


def validate_room_url_name(value):
    if not ROOM_URL_NAME_MIN_LENGTH <= len(value) <= ROOM_URL_NAME_MAX_LENGTH:
        raise ValidationError(
            _("The room URL must have %(min)d to %(max)d characters."),
            code="length",
            params={
                "min": ROOM_URL_NAME_MIN_LENGTH,
                "max": ROOM_URL_NAME_MAX_LENGTH,
            },
        )
    if not ROOM_URL_NAME_PATTERN.match(value):
        raise ValidationError(
            _(
                "Use only lowercase letters a-z, digits, hyphens and underscores "
                "in the room URL, starting and ending with a letter or digit."
            ),
            code="invalid",
        )


def validate_room_password(value):
    if not value:
        raise ValidationError(
            _("Enter a password: a password-protected room needs one."),
            code="required",
        )
    if value != value.strip():
        raise ValidationError(
            _("The password may not start or end with a space."), code="spaces"
        )
    if CONTROL_CHARACTERS.search(value):
        raise ValidationError(
            _("The password contains a control character; remove it."),
            code="control_character",
        )


def validate_duration(value):
    if value <= timedelta(0):
        raise ValidationError(
            _("Enter a duration longer than zero."), code="not_positive"
        )
    if value > MAX_DURATION:
        raise ValidationError(
            _("A meeting may last at most 24 hours."), code="too_long"
        )


def is_unusual_duration(value):
    return not USUAL_MIN_DURATION <= value <= USUAL_MAX_DURATION
