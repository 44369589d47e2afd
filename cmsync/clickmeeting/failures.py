"""Classification of failed ClickMeeting requests into client errors."""

from __future__ import annotations

import json
import time
from email.utils import parsedate_to_datetime
from typing import Any

import requests
import urllib3.exceptions

from . import errors


class NotSent:
    """Marks a failure that happened before any byte of the request left."""


class NotSentConnectionError(NotSent, errors.ConnectionFailedError):
    pass


class NotSentTimeoutError(NotSent, errors.RequestTimeoutError):
    pass


class CutOffResponseError(errors.MalformedResponseError):
    """The body ended early; the same request may succeed when repeated."""

    may_succeed_later = True


def connection_error(exc: requests.ConnectionError, context: dict) -> Exception:
    """Classify a connection error, telling whether the request was sent."""
    chain = exception_chain(exc)
    if any(isinstance(e, urllib3.exceptions.NameResolutionError) for e in chain):
        return NotSentConnectionError(
            "The ClickMeeting host name could not be resolved (DNS). Check the "
            "endpoint URL and the network.",
            reason="dns",
            **context,
        )
    if any(isinstance(e, ConnectionRefusedError) for e in chain):
        return NotSentConnectionError(
            "The connection to ClickMeeting was refused: the service may be "
            "down. Try again later; if it keeps failing, check the endpoint URL.",
            reason="refused",
            **context,
        )
    if any(isinstance(e, urllib3.exceptions.NewConnectionError) for e in chain):
        return NotSentConnectionError(
            "The ClickMeeting host is unreachable. Check the endpoint URL and the "
            "network.",
            reason="unreachable",
            **context,
        )
    # The connection was open and then dropped: the request may have arrived.
    return errors.ConnectionFailedError(
        "The connection to ClickMeeting was interrupted.", reason="reset", **context
    )


def exception_chain(exc: BaseException) -> list[BaseException]:
    """List an exception with its causes, contexts and wrapped `reason`s."""
    seen: list[BaseException] = []
    pending: list[Any] = [exc]
    while pending:
        current = pending.pop()
        if not isinstance(current, BaseException) or any(current is s for s in seen):
            continue
        seen.append(current)
        pending.extend([current.__cause__, current.__context__])
        pending.extend(current.args)
        pending.append(getattr(current, "reason", None))
    return seen


def parse_error_body(content: bytes, api_key: str) -> tuple[str, dict[str, list]]:
    """Extract a readable detail and per-field errors from an error body.

    ClickMeeting sends {"code", "name", "errors": [{"name", "message"}]}, but
    some calls respond with a bare JSON string such as "404 Not Found".
    """
    try:
        body = json.loads(content.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return "", {}

    field_errors: dict[str, list[str]] = {}
    details: list[str] = []
    if isinstance(body, str):
        details.append(body)
    elif isinstance(body, dict):
        for item in body.get("errors") or []:
            if not isinstance(item, dict) or item.get("message") is None:
                continue
            text = str(item["message"])
            name = item.get("name")
            key = str(name) if name not in (None, "") else "__all__"
            field_errors.setdefault(key, []).append(text)
            details.append(f"{name}: {text}" if key != "__all__" else text)
        if not details and isinstance(body.get("name"), str):
            details.append(body["name"])

    detail = "; ".join(details)[:500]
    # Defence in depth: never let an echoed key reach a message.
    detail = detail.replace(api_key, "***")
    field_errors = {
        key: [text.replace(api_key, "***") for text in texts]
        for key, texts in field_errors.items()
    }
    return detail, field_errors


def parse_retry_after(value: str | None) -> float | None:
    """Read a Retry-After header: delay seconds or an HTTP date."""
    if not value:
        return None
    value = value.strip()
    try:
        return max(float(value), 0.0)
    except ValueError:
        pass
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        return None
    return max(when.timestamp() - time.time(), 0.0)
