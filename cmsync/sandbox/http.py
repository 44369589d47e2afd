"""Request and response objects shared by the API, control and page handlers."""

import json
from dataclasses import dataclass, field
from http import HTTPStatus
from urllib.parse import unquote

from .formdata import parse_multipart, parse_query

MAX_BODY_BYTES = 50 * 1024 * 1024


@dataclass
class Request:
    method: str
    path: str
    query_string: str
    headers: dict
    remote_addr: str
    body: bytes = b""
    query: dict = field(default_factory=dict)
    form: dict = field(default_factory=dict)
    files: dict = field(default_factory=dict)

    @classmethod
    def from_environ(cls, environ: dict) -> "Request":
        headers = {
            key[5:].replace("_", "-").lower(): value
            for key, value in environ.items()
            if key.startswith("HTTP_")
        }
        content_type = environ.get("CONTENT_TYPE", "")
        if content_type:
            headers["content-type"] = content_type
        length_text = environ.get("CONTENT_LENGTH") or "0"
        length = min(int(length_text), MAX_BODY_BYTES) if length_text.isdigit() else 0
        body = environ["wsgi.input"].read(length) if length else b""
        # wsgiref decodes the path as latin-1; undo that to get UTF-8 text back.
        raw_path = environ.get("PATH_INFO", "/").encode("latin-1")
        request = cls(
            method=environ.get("REQUEST_METHOD", "GET").upper(),
            path=unquote(raw_path.decode("utf-8", errors="replace")),
            query_string=environ.get("QUERY_STRING", ""),
            headers=headers,
            remote_addr=environ.get("REMOTE_ADDR", ""),
            body=body,
        )
        request.query = parse_query(request.query_string)
        request.parse_body(content_type)
        return request

    def parse_body(self, content_type: str) -> None:
        if content_type.startswith("multipart/form-data"):
            self.form, self.files = parse_multipart(self.body, content_type)
        elif self.body and not content_type.startswith("application/json"):
            self.form = parse_query(self.body.decode("utf-8", errors="replace"))

    @property
    def params(self) -> dict:
        """Query and body parameters together; the body wins on a clash."""
        return {**self.query, **self.form}

    def json(self) -> dict:
        if not self.body:
            return {}
        value = json.loads(self.body.decode("utf-8"))
        if not isinstance(value, dict):
            raise ValueError("expected a JSON object")
        return value


@dataclass
class Response:
    status: int = 200
    body: object = b""
    headers: list = field(default_factory=list)

    @property
    def status_line(self) -> str:
        return f"{self.status} {HTTPStatus(self.status).phrase}"

    def header(self, name: str) -> str | None:
        for key, value in self.headers:
            if key.lower() == name.lower():
                return value
        return None

    def set_header(self, name: str, value: str) -> None:
        self.headers = [(k, v) for k, v in self.headers if k.lower() != name.lower()]
        self.headers.append((name, value))


def php_json(value) -> bytes:
    """Encode compactly like PHP's json_encode: `\\/` for "/" and `\\uXXXX` escapes.

    Replacing "/" is safe on the encoded text because JSON has no "/" outside
    string literals.
    """
    text = json.dumps(value, ensure_ascii=True, separators=(",", ":"))
    return text.replace("/", "\\/").encode("ascii")


def json_response(value, status: int = 200) -> Response:
    return Response(
        status, php_json(value), [("Content-Type", "application/json; charset=utf-8")]
    )


def plain_json_response(value, status: int = 200) -> Response:
    """Encode readable UTF-8 JSON; used by the control interface."""
    body = json.dumps(value, ensure_ascii=False, indent=2, default=str).encode()
    return Response(status, body, [("Content-Type", "application/json")])


def error_response(status: int, message: str, field_name=None) -> Response:
    return errors_response(status, [{"name": field_name, "message": message}])


def errors_response(status: int, errors: list[dict]) -> Response:
    envelope = {"code": status, "name": HTTPStatus(status).phrase, "errors": errors}
    return json_response(envelope, status)


class ApiError(Exception):
    """Raised by a handler to respond with the ClickMeeting error envelope."""

    def __init__(self, status: int, message: str, field_name=None):
        super().__init__(message)
        self.response = error_response(status, message, field_name)


class FieldErrors(Exception):
    """Raised with every invalid parameter; sent as one 422 response."""

    def __init__(self, errors: list[dict]):
        super().__init__("; ".join(e["message"] for e in errors))
        self.response = errors_response(422, errors)


def not_found(what: str = "Conference") -> ApiError:
    return ApiError(404, f"{what} not found")
