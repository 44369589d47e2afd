"""Input checks for the ClickMeeting configuration."""

import ipaddress
from datetime import date
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

LOOPBACK_HOST_NAMES = {"localhost"}


def is_loopback_host(host: str | None) -> bool:
    """Tell whether a URL host is this machine (localhost, 127.0.0.0/8, ::1)."""
    if not host:
        return False
    if host.lower() in LOOPBACK_HOST_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def validate_endpoint_url(value: str) -> None:
    """Accept https:// endpoints, and http:// only on a loopback host.

    The API key travels in a header on every call, so plain HTTP is allowed
    only for the bundled sandbox running on this machine.
    """
    parts = urlsplit(value)
    if parts.username or parts.password:
        raise ValidationError(
            _("The endpoint URL must not contain a user name or password."),
            code="endpoint_credentials",
        )
    if parts.query or parts.fragment:
        raise ValidationError(
            _("The endpoint URL must not contain a query string or fragment."),
            code="endpoint_query",
        )
    if parts.scheme == "https":
        return
    if parts.scheme == "http" and is_loopback_host(parts.hostname):
        return
    raise ValidationError(
        _(
            "The endpoint URL must start with https:// (plain http:// is "
            "accepted only for localhost, 127.0.0.1 or ::1). Got: %(value)s"
        ),
        code="endpoint_not_https",
        params={"value": value},
    )


def validate_api_key(value: str) -> None:
    """Reject keys that cannot be sent in an HTTP header as they are."""
    if any(character.isspace() or not character.isprintable() for character in value):
        raise ValidationError(
            _(
                "The API key must not contain spaces or control characters. "
                "Copy it again from the ClickMeeting panel (Settings, API)."
            ),
            code="api_key_characters",
        )


def validate_start_date_not_in_future(value: date) -> None:
    """Reject a synchronization start date after today.

    Meetings that ended after a future date do not exist yet, so such a date
    would stop the synchronization and make a later move back import a range
    that has no meaning. "Today" is taken in the active time zone, which is
    the browser's zone on the settings pages.
    """
    today = timezone.localdate()
    if value > today:
        raise ValidationError(
            _(
                "The synchronization start date must be today or earlier "
                "(today is %(today)s). Got: %(value)s"
            ),
            code="start_date_in_future",
            params={"today": today.isoformat(), "value": value.isoformat()},
        )
