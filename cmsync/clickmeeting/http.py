"""The one HTTP entry point to ClickMeeting: session, timeouts, retries, errors.

Retry policy:
- GET, PUT and DELETE are idempotent, so they are retried on connection
  errors, timeouts, cut-off bodies, HTTP 429 and HTTP 5xx.
- POST creates things (rooms, tokens, invitations), so it is retried only
  when the server cannot have acted on it: HTTP 429, or a connection that
  failed before the request was sent.
- Other 4xx responses are never retried.
Waits grow exponentially with jitter, and a `Retry-After` header wins over
the computed wait.
"""

from __future__ import annotations

import logging
import random
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import requests
import urllib3.exceptions

from . import errors, failures
from .endpoint import is_loopback_host, validate_endpoint

logger = logging.getLogger(__name__)

# ClickMeeting's official PHP client raised its timeouts to 60 s in 2023
# because report and list calls can take that long.
DEFAULT_CONNECT_TIMEOUT = 10.0
DEFAULT_READ_TIMEOUT = 60.0
DEFAULT_MAX_ATTEMPTS = 5
DEFAULT_BACKOFF_BASE = 1.0
DEFAULT_BACKOFF_MAX = 30.0
# A Retry-After longer than this is not waited for inside one call: the
# error goes to the caller, which can reschedule the work.
DEFAULT_MAX_RETRY_AFTER = 120.0
# The largest JSON body accepted; room lists of 250 rooms are ~1 MB.
DEFAULT_MAX_BODY_BYTES = 32 * 1024 * 1024

IDEMPOTENT_METHODS = {"GET", "PUT", "DELETE", "HEAD"}
SUCCESS_STATUSES = range(200, 300)


class _CutOffBodyError(Exception):
    """The connection ended before the whole body arrived."""


class _BodyTooLargeError(Exception):
    """The body is larger than the client accepts."""


@dataclass(frozen=True)
class RawResponse:
    """A successful response: its status, headers and whole body."""

    status: int
    headers: Mapping[str, str]
    content: bytes


class HttpTransport:
    """Send requests to one ClickMeeting endpoint with retries and counting.

    `sleep` and `random_fraction` are injectable so tests neither wait nor
    depend on chance. `call_count` counts every attempt, retries included.
    """

    def __init__(
        self,
        *,
        endpoint: str,
        api_key: str,
        connect_timeout: float = DEFAULT_CONNECT_TIMEOUT,
        read_timeout: float = DEFAULT_READ_TIMEOUT,
        max_attempts: int = DEFAULT_MAX_ATTEMPTS,
        backoff_base: float = DEFAULT_BACKOFF_BASE,
        backoff_max: float = DEFAULT_BACKOFF_MAX,
        max_retry_after: float = DEFAULT_MAX_RETRY_AFTER,
        max_body_bytes: int = DEFAULT_MAX_BODY_BYTES,
        sleep: Callable[[float], None] = time.sleep,
        random_fraction: Callable[[], float] = random.random,
        session: requests.Session | None = None,
    ) -> None:
        if max_attempts < 1:
            raise ValueError("max_attempts must be at least 1.")
        if not api_key:
            raise ValueError("The ClickMeeting API key is missing.")
        self.endpoint = validate_endpoint(endpoint)
        self._api_key = api_key
        self.timeout = (connect_timeout, read_timeout)
        self.max_attempts = max_attempts
        self.backoff_base = backoff_base
        self.backoff_max = backoff_max
        self.max_retry_after = max_retry_after
        self.max_body_bytes = max_body_bytes
        self._sleep = sleep
        self._random_fraction = random_fraction
        self._call_count = 0
        self._count_lock = threading.Lock()
        self.session = session or requests.Session()
        self.session.headers["X-Api-Key"] = api_key
        self.session.headers["Accept"] = "application/json"
        # An empty Expect header avoids the 100-continue handshake,
        # as ClickMeeting's own client does.
        self.session.headers["Expect"] = ""
        if is_loopback_host(urlsplit(self.endpoint).hostname or ""):
            # Proxy variables from the environment must not route sandbox
            # traffic away from this machine.
            self.session.trust_env = False

    def __repr__(self) -> str:
        return f"<HttpTransport endpoint={self.endpoint!r} calls={self.call_count}>"

    @property
    def call_count(self) -> int:
        return self._call_count

    def close(self) -> None:
        self.session.close()

    def redact(self, text: str) -> str:
        """Replace the API key in text that may echo a response."""
        return text.replace(self._api_key, "***")

    def request(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, Any] | None = None,
        data: Any = None,
        files: Any = None,
        max_body_bytes: int | None = None,
    ) -> RawResponse:
        """Send one request, retrying as the module policy allows.

        Returns the 2xx response; raises a ClickMeetingError otherwise.
        """
        method = method.upper()
        url = self.endpoint + path
        limit = max_body_bytes or self.max_body_bytes
        attempt = 0
        while True:
            attempt += 1
            try:
                response = self._send_once(
                    method, url, path, params, data, files, limit
                )
            except errors.ClickMeetingError as exc:
                wait = self._retry_wait(method, exc, attempt)
                if wait is None:
                    if attempt > 1:
                        logger.warning(
                            "ClickMeeting %s %s failed (%s) after %d attempts",
                            method,
                            path,
                            type(exc).__name__,
                            attempt,
                        )
                    raise
                logger.warning(
                    "ClickMeeting %s %s failed (%s), attempt %d of %d; retrying in "
                    "%.1f s",
                    method,
                    path,
                    type(exc).__name__,
                    attempt,
                    self.max_attempts,
                    wait,
                )
                self._sleep(wait)
                continue
            return response

    def _send_once(self, method, url, path, params, data, files, limit) -> RawResponse:
        with self._count_lock:
            self._call_count += 1
        started = time.monotonic()
        try:
            response = self.session.request(
                method,
                url,
                params=params,
                data=data,
                files=files,
                timeout=self.timeout,
                stream=True,
                # Redirects are refused: following one would send the key to
                # whatever host the redirect names.
                allow_redirects=False,
            )
        except requests.RequestException as exc:
            raise self._transport_error(exc, method, path) from None

        try:
            content = _read_limited(response, limit)
        except _BodyTooLargeError:
            raise errors.MalformedResponseError(
                f"ClickMeeting sent a response larger than {limit} bytes.",
                method=method,
                path=path,
                status=response.status_code,
            ) from None
        except _CutOffBodyError:
            raise failures.CutOffResponseError(
                "ClickMeeting's response was cut off before it was complete.",
                method=method,
                path=path,
                status=response.status_code,
            ) from None
        except requests.Timeout:
            raise errors.RequestTimeoutError(
                f"ClickMeeting did not finish sending its response within "
                f"{self.timeout[1]:g} s.",
                method=method,
                path=path,
            ) from None
        finally:
            response.close()

        elapsed_ms = (time.monotonic() - started) * 1000
        logger.debug(
            "ClickMeeting %s %s -> %d in %.0f ms",
            method,
            path,
            response.status_code,
            elapsed_ms,
        )
        if response.status_code in SUCCESS_STATUSES:
            return RawResponse(response.status_code, response.headers, content)
        raise self._status_error(response, content, method, path)

    def _retry_wait(
        self, method: str, exc: errors.ClickMeetingError, attempt: int
    ) -> float | None:
        """Return the seconds to wait before retrying, or None to give up."""
        if attempt >= self.max_attempts or not self._may_retry(method, exc):
            return None
        backoff = min(self.backoff_max, self.backoff_base * 2 ** (attempt - 1))
        # Equal jitter: at least half the backoff, so retries stay spread out
        # without collapsing to zero.
        wait = backoff / 2 + backoff / 2 * self._random_fraction()
        retry_after = getattr(exc, "retry_after", None)
        if retry_after is not None:
            if retry_after > self.max_retry_after:
                return None
            wait = max(retry_after, 0.0)
        return wait

    @staticmethod
    def _may_retry(method: str, exc: errors.ClickMeetingError) -> bool:
        if isinstance(exc, errors.RateLimitedError):
            return True
        if isinstance(exc, failures.NotSent):
            return getattr(exc, "reason", "") != "tls"
        if method not in IDEMPOTENT_METHODS:
            return False
        if isinstance(exc, errors.ConnectionFailedError):
            return exc.reason != "tls"
        return isinstance(
            exc,
            errors.UnavailableError
            | errors.RequestTimeoutError
            | failures.CutOffResponseError,
        )

    def _transport_error(
        self, exc: requests.RequestException, method: str, path: str
    ) -> errors.ClickMeetingError:
        context = {"method": method, "path": path}
        if isinstance(exc, requests.ConnectTimeout):
            return failures.NotSentTimeoutError(
                f"Connecting to ClickMeeting timed out after {self.timeout[0]:g} s.",
                **context,
            )
        if isinstance(exc, requests.Timeout):
            return errors.RequestTimeoutError(
                f"ClickMeeting did not respond within {self.timeout[1]:g} s.", **context
            )
        if isinstance(exc, requests.exceptions.SSLError):
            return failures.NotSentConnectionError(
                "The TLS connection to ClickMeeting failed (certificate or "
                "handshake error). Check the endpoint URL.",
                reason="tls",
                **context,
            )
        if isinstance(exc, requests.ConnectionError):
            return failures.connection_error(exc, context)
        if isinstance(
            exc,
            requests.exceptions.ChunkedEncodingError
            | requests.exceptions.ContentDecodingError,
        ):
            return failures.CutOffResponseError(
                "ClickMeeting's response was cut off before it was complete.",
                **context,
            )
        return errors.ConnectionFailedError(
            f"The request to ClickMeeting failed ({type(exc).__name__}).", **context
        )

    def _status_error(
        self, response: requests.Response, content: bytes, method: str, path: str
    ) -> errors.ClickMeetingError:
        status = response.status_code
        detail, field_errors = failures.parse_error_body(content, self._api_key)
        context = {"method": method, "path": path, "status": status}

        def message(default: str) -> str:
            return f"{default} ClickMeeting said: {detail}" if detail else default

        if status == 401:
            return errors.AuthenticationError(
                message(errors.AuthenticationError.default_message), **context
            )
        if status == 403:
            return errors.PermissionDeniedError(
                message(errors.PermissionDeniedError.default_message), **context
            )
        if status == 404:
            return errors.NotFoundError(
                message(errors.NotFoundError.default_message), **context
            )
        if status in (400, 422):
            return errors.ValidationError(
                message(errors.ValidationError.default_message),
                field_errors=field_errors,
                **context,
            )
        if status == 429:
            return errors.RateLimitedError(
                errors.RateLimitedError.default_message,
                retry_after=failures.parse_retry_after(
                    response.headers.get("Retry-After")
                ),
                **context,
            )
        if status >= 500:
            return errors.UnavailableError(
                f"ClickMeeting responded with a server error (HTTP {status}). "
                "Try again later.",
                retry_after=failures.parse_retry_after(
                    response.headers.get("Retry-After")
                ),
                **context,
            )
        if 300 <= status < 400:
            return errors.InvalidEndpointError(
                f"ClickMeeting responded with an unexpected redirect (HTTP {status}). "
                "Check the endpoint URL.",
                **context,
            )
        return errors.ClickMeetingError(
            message(f"ClickMeeting rejected the request (HTTP {status})."), **context
        )


def _read_limited(response: requests.Response, limit: int) -> bytes:
    """Read the (decompressed) body, refusing more than `limit` bytes."""
    declared = response.headers.get("Content-Length", "")
    if declared.isdigit() and "Content-Encoding" not in response.headers:
        if int(declared) > limit:
            raise _BodyTooLargeError
    chunks: list[bytes] = []
    total = 0
    try:
        for chunk in response.iter_content(chunk_size=64 * 1024):
            total += len(chunk)
            if total > limit:
                raise _BodyTooLargeError
            chunks.append(chunk)
    except (
        requests.exceptions.ChunkedEncodingError,
        requests.exceptions.ContentDecodingError,
        urllib3.exceptions.ProtocolError,
    ) as exc:
        raise _CutOffBodyError from exc
    except requests.ConnectionError as exc:
        # requests reports a read timeout inside the body as a ConnectionError.
        chain = failures.exception_chain(exc)
        if any(isinstance(e, urllib3.exceptions.ReadTimeoutError) for e in chain):
            raise requests.ReadTimeout(str(exc)) from exc
        raise _CutOffBodyError from exc
    return b"".join(chunks)
