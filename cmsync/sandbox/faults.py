"""Faults a test can inject: throttling, server errors, slow and broken responses.

Body faults: "truncated" sends the first half of the body with a matching
Content-Length (a complete but unparseable response); "cut_off" declares the
full length and closes the connection after half of it (a body broken in
transit); "malformed_json" puts a PHP warning in front of the JSON.

A fault applies to the next `count` requests whose path matches `path` (a
shell-style pattern such as "conferences/*/sessions", matched against the API
path without "/v1/" and ".json"; None matches every path), then disappears.
KIND_DESCRIPTIONS, PARAMETER_DESCRIPTIONS and PATH_PATTERNS are shown on the
control index, GET /_sandbox/.
"""

import fnmatch
from dataclasses import asdict, dataclass
from urllib.parse import urlsplit

from .http import Response, error_response

STATUS_KINDS = {"rate_limit": 429, "server_error": 500, "unavailable": 503}
BODY_KINDS = ("truncated", "cut_off", "malformed_json")
KINDS = (*STATUS_KINDS, "delay", *BODY_KINDS, "expired_url")
STATUS_MESSAGES = {
    429: "Request limit exceeded, retry later",
    500: "Internal server error",
    502: "Bad gateway",
    503: "Service temporarily unavailable",
    504: "Gateway timeout",
}
# PHP warning text that precedes the JSON when a warning leaks into the output.
PHP_WARNING_PREFIX = (
    b"<br />\n<b>Warning</b>:  Undefined array key &quot;conference&quot; in "
    b"<b>/var/www/api/src/Controller.php</b> on line <b>212</b><br />\n"
)

KIND_DESCRIPTIONS = {
    "rate_limit": "respond 429 with a Retry-After header of `retry_after` seconds",
    "server_error": "respond 500, or `status` if given",
    "unavailable": "respond 503, or `status` if given",
    "delay": "wait `seconds` before handling the request; combines with the others",
    "truncated": "send the first half of the body with a matching Content-Length, "
    "so the response is complete but is not valid JSON",
    "cut_off": "declare the full Content-Length and close the connection after "
    "half of the body",
    "malformed_json": "put a PHP warning in front of the JSON body",
    "expired_url": "make the next `count` download URLs in API responses expired, "
    "so fetching them gets 410; `path` and `method` are ignored",
}
PARAMETER_DESCRIPTIONS = {
    "kind": f"required, one of: {', '.join(KINDS)}",
    "count": "how many matching requests the fault applies to, then it is "
    "removed (default 1)",
    "path": "pattern of the API paths to match (see path_patterns), or null for "
    "every path (default null)",
    "method": "HTTP method to match, such as GET or POST, or null for any "
    "(default null)",
    "retry_after": "Retry-After seconds of a rate_limit response, or null to "
    "send no header (default 1)",
    "seconds": "length of a delay fault, more than 0 and at most 600",
    "status": f"status of a rate_limit, server_error or unavailable response "
    f"in place of its own, one of: {', '.join(map(str, STATUS_MESSAGES))}",
}
PATH_PATTERNS = (
    "A shell-style pattern (fnmatch: * matches any characters, / included) "
    "matched against the whole API path without the /v1/ prefix and the .json "
    'suffix, for example "conferences/active", "conferences/*/sessions" or '
    '"*/attendees". "conferences" matches only that exact path, so use '
    '"conferences/*" for every path below it. A leading "/", "/v1/" or a full '
    "URL is stripped when the fault is added. Download links are matched by "
    'their path without the leading "/", such as "files/download/*".'
)


class FaultError(ValueError):
    """Raised for an invalid fault description; the message names the field."""


@dataclass
class Fault:
    kind: str
    count: int = 1
    path: str | None = None
    method: str | None = None
    retry_after: int | None = 1
    seconds: float = 0.0
    status: int | None = None

    def matches(self, method: str, path: str) -> bool:
        if self.method and self.method.upper() != method:
            return False
        if self.path is None:
            return True
        return fnmatch.fnmatchcase(path.removesuffix(".json"), self.path)

    def as_dict(self) -> dict:
        return asdict(self)


def build_fault(data: dict) -> Fault:
    """Check a fault description from the control interface and build the Fault."""
    kind = data.get("kind")
    if kind not in KINDS:
        raise FaultError(f"kind must be one of: {', '.join(KINDS)}")
    count = data.get("count", 1)
    if not isinstance(count, int) or count < 1:
        raise FaultError("count must be a whole number of at least 1")
    seconds = data.get("seconds", 0.0)
    if not isinstance(seconds, int | float) or not 0 <= seconds <= 600:
        raise FaultError("seconds must be a number from 0 to 600")
    if kind == "delay" and seconds <= 0:
        raise FaultError("a delay fault needs seconds > 0")

    status = data.get("status")
    if status is not None and status not in STATUS_MESSAGES:
        raise FaultError(f"status must be one of: {sorted(STATUS_MESSAGES)}")
    retry_after = data.get("retry_after", 1)
    if retry_after is not None and (
        not isinstance(retry_after, int) or retry_after < 0
    ):
        raise FaultError("retry_after must be a whole number of seconds, or null")
    path = data.get("path")
    if path is not None and not isinstance(path, str):
        raise FaultError("path must be a pattern string, or null")

    return Fault(
        kind=kind,
        count=count,
        path=normalize_path(path) if path else None,
        method=data.get("method"),
        retry_after=retry_after,
        seconds=float(seconds),
        status=status,
    )


def normalize_path(pattern: str) -> str | None:
    """Return `pattern` in the form request paths are matched in.

    People copy paths from URLs and logs, so a scheme and host, a leading "/",
    the "/v1/" prefix and a ".json" suffix are removed. A pattern with nothing
    left, such as "/v1/", becomes None, which matches every path.
    """
    pattern = pattern.strip()
    if "://" in pattern:
        pattern = urlsplit(pattern).path
    pattern = pattern.strip("/")
    if pattern == "v1" or pattern.startswith("v1/"):
        pattern = pattern.removeprefix("v1").lstrip("/")
    return pattern.removesuffix(".json") or None


def take(faults: list[Fault], kinds, method: str, path: str) -> Fault | None:
    """Return the first matching fault of `kinds`, using up one of its count."""
    for fault in faults:
        if fault.kind in kinds and fault.matches(method, path):
            fault.count -= 1
            if fault.count <= 0:
                faults.remove(fault)
            return fault
    return None


def status_response(fault: Fault) -> Response:
    status = fault.status or STATUS_KINDS[fault.kind]
    response = error_response(status, STATUS_MESSAGES[status])
    if status == 429 and fault.retry_after is not None:
        response.set_header("Retry-After", str(fault.retry_after))
    return response


def break_body(fault: Fault, response: Response) -> Response:
    """Cut the body in half, or put a PHP warning in front of it."""
    body = response.body
    if not isinstance(body, bytes):
        body = b"".join(body)
    declared_length = len(body)
    if fault.kind == "malformed_json":
        response.body = PHP_WARNING_PREFIX + body
        declared_length = len(response.body)
    else:
        response.body = body[: max(len(body) // 2, 1)]
        if fault.kind == "truncated":
            declared_length = len(response.body)
    response.set_header("Content-Length", str(declared_length))
    return response
