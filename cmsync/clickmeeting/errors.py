"""Errors raised by the ClickMeeting client.

Every error carries the HTTP method, the API path (never the full URL, so no
query string), the HTTP status when there was a response, and a message that
is safe to show a user. No error ever contains the API key.
"""

from __future__ import annotations


class ClickMeetingError(Exception):
    """Base class of every error the ClickMeeting client raises."""

    default_message = "The ClickMeeting request failed."

    def __init__(
        self,
        message: str | None = None,
        *,
        method: str | None = None,
        path: str | None = None,
        status: int | None = None,
    ) -> None:
        self.message = message or self.default_message
        self.method = method
        self.path = path
        self.status = status
        super().__init__(self.message)

    def __str__(self) -> str:
        parts = [self.message]
        if self.method and self.path:
            parts.append(f"[{self.method} {self.path}]")
        if self.status is not None:
            parts.append(f"(HTTP {self.status})")
        return " ".join(parts)

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}(message={self.message!r}, method={self.method!r}, "
            f"path={self.path!r}, status={self.status!r})"
        )


class InvalidEndpointError(ClickMeetingError):
    """The endpoint URL is not allowed, or the endpoint responded with a redirect.

    The URL is checked before any request is sent. Redirects are never
    followed, because the key would go to the host the redirect names.
    """

    default_message = "The ClickMeeting endpoint URL is invalid."


class AuthenticationError(ClickMeetingError):
    """HTTP 401: the API key is missing, wrong or revoked."""

    default_message = (
        "ClickMeeting rejected the API key. Check the API key in the ClickMeeting "
        "settings."
    )


class PermissionDeniedError(ClickMeetingError):
    """HTTP 403: the account may not do this, often because of its plan."""

    default_message = "ClickMeeting does not allow this operation for this account."


class NotFoundError(ClickMeetingError):
    """HTTP 404: the room, session or file does not exist in ClickMeeting."""

    default_message = "ClickMeeting could not find the requested object."


class ValidationError(ClickMeetingError):
    """HTTP 400 or 422: ClickMeeting rejected the parameters sent.

    `field_errors` maps a parameter name to its messages. Messages that name no
    parameter are stored under "__all__", as Django does for non-field errors.
    """

    default_message = "ClickMeeting rejected the data sent."

    def __init__(
        self,
        message: str | None = None,
        *,
        field_errors: dict[str, list[str]] | None = None,
        **context,
    ) -> None:
        super().__init__(message, **context)
        self.field_errors = field_errors or {}


class RateLimitedError(ClickMeetingError):
    """HTTP 429 that persisted after the retries.

    `retry_after` is the wait in seconds ClickMeeting requested, or None.
    """

    default_message = "ClickMeeting is limiting requests. Try again later."

    def __init__(
        self, message: str | None = None, *, retry_after: float | None = None, **context
    ) -> None:
        super().__init__(message, **context)
        self.retry_after = retry_after


class UnavailableError(ClickMeetingError):
    """HTTP 5xx that persisted after the retries.

    `retry_after` is the wait in seconds ClickMeeting requested, or None.
    """

    default_message = "ClickMeeting is unavailable at the moment. Try again later."

    def __init__(
        self, message: str | None = None, *, retry_after: float | None = None, **context
    ) -> None:
        super().__init__(message, **context)
        self.retry_after = retry_after


class RequestTimeoutError(ClickMeetingError):
    """ClickMeeting did not respond within the connect or read timeout."""

    default_message = "ClickMeeting did not respond in time. Try again later."


class ConnectionFailedError(ClickMeetingError):
    """No connection: refused, unreachable host, DNS or TLS failure.

    `reason` is one of "refused", "dns", "tls", "reset" (the connection dropped
    after the request may have been sent) or "unreachable".
    """

    default_message = "Could not connect to ClickMeeting."

    def __init__(
        self, message: str | None = None, *, reason: str = "unreachable", **context
    ) -> None:
        super().__init__(message, **context)
        self.reason = reason


class MalformedResponseError(ClickMeetingError):
    """The response body could not be read, or its shape is not the expected one."""

    default_message = "ClickMeeting sent a response that could not be read."


_TRANSIENT_ERRORS = (
    RateLimitedError,
    UnavailableError,
    RequestTimeoutError,
    ConnectionFailedError,
)


def is_transient(exc: BaseException) -> bool:
    """Tell whether repeating the same request later may succeed.

    Rate limits, server errors, timeouts, connection failures other than TLS
    failures, and bodies cut off in transit are transient. Authentication,
    permission, not-found, validation and other malformed-response errors are
    permanent until someone changes the data or the configuration.
    """
    if isinstance(exc, ConnectionFailedError) and exc.reason == "tls":
        # A certificate problem does not fix itself between two sync runs.
        return False
    # A body cut off in transit is malformed but may arrive whole next time.
    if getattr(exc, "may_succeed_later", False):
        return True
    return isinstance(exc, _TRANSIENT_ERRORS)
