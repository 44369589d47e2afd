"""ClickMeeting calls made while a person waits for the page.

Background tasks use the client's long default timeouts and many attempts.
A click on "Join meeting now" or a download link must not hang the request
for that long, so these calls get a short budget and fail with one short
message that says what to do.
"""

from django.conf import settings

from admin_config.services import get_client
from cmsync.clickmeeting import errors

# Seconds. With two attempts, an unreachable ClickMeeting answers the click
# within about 2 × 3 s; a slow response may take up to 2 × 15 s.
INTERACTIVE_CONNECT_TIMEOUT = 3
INTERACTIVE_READ_TIMEOUT = 15
INTERACTIVE_MAX_ATTEMPTS = 2

UNREACHABLE = "unreachable"
RATE_LIMITED = "rate_limited"
CREDENTIALS = "credentials"
NOT_FOUND = "not_found"
REJECTED = "rejected"
UNREADABLE = "unreadable"


def interactive_client():
    """Build a ClickMeeting client for a call made inside a web request.

    Each limit is the smaller of the interactive one and the configured one.
    Raises admin_config.services.NotConfiguredError like get_client().
    """
    return get_client(
        connect_timeout=min(
            INTERACTIVE_CONNECT_TIMEOUT, settings.CLICKMEETING_CONNECT_TIMEOUT
        ),
        read_timeout=min(INTERACTIVE_READ_TIMEOUT, settings.CLICKMEETING_READ_TIMEOUT),
        max_attempts=min(INTERACTIVE_MAX_ATTEMPTS, settings.CLICKMEETING_MAX_ATTEMPTS),
    )


def failure_kind(exc):
    """Classify a ClickMeeting error by what the person should do next."""
    if isinstance(exc, errors.RateLimitedError):
        return RATE_LIMITED
    if isinstance(exc, errors.AuthenticationError | errors.PermissionDeniedError):
        return CREDENTIALS
    if isinstance(exc, errors.NotFoundError):
        return NOT_FOUND
    if isinstance(exc, errors.ValidationError):
        return REJECTED
    if isinstance(exc, errors.MalformedResponseError):
        return UNREADABLE
    return UNREACHABLE
