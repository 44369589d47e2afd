"""The sandbox's WSGI application: API, control interface, pages and downloads."""

import hmac
import logging
import threading
import time
from urllib.parse import parse_qsl, urlencode

from . import control, faults, pages
from .api import router
from .http import ApiError, FieldErrors, Request, Response, error_response
from .persistence import StateFile
from .serializers import Context
from .state import SandboxState
from .timefmt import now

logger = logging.getLogger(__name__)

OTHER_FORMATS = (".xml", ".js", ".php", ".printr")
MAX_LOG_ENTRIES = 10_000
# Requests in these methods are not followed by a save of the state file.
READ_METHODS = ("GET", "HEAD", "OPTIONS")
DOWNLOAD_PREFIXES = {
    "/recorder/download/": pages.recording_download,
    "/files/download/": pages.file_download,
    "/panel/pdf/": pages.pdf_download,
    "/skins/": pages.skin_thumbnail,
}


class SandboxApp:
    """Route a request to the API, the control interface or a page."""

    def __init__(
        self,
        state: SandboxState,
        base_url: str = "",
        state_file: StateFile | None = None,
    ):
        self.state = state
        self.base_url = base_url
        self.state_file = state_file
        # Set when the server stops, so injected delays end early.
        self.stopping = threading.Event()

    def __call__(self, environ, start_response):
        request = Request.from_environ(environ)
        response = self.respond(request)
        headers = list(response.headers)
        body = response.body
        if isinstance(body, bytes):
            if response.header("Content-Length") is None:
                headers.append(("Content-Length", str(len(body))))
            body = [body]
        start_response(response.status_line, headers)
        return body

    def respond(self, request: Request) -> Response:
        context = Context(self.state, self.base_url)
        path = request.path
        if path == "/_sandbox" or path.startswith("/_sandbox/"):
            response = control.handle(
                request, context, path[len("/_sandbox/") :].strip("/")
            )
            self.save_after(request)
            return response
        if path == "/v1" or path.startswith("/v1/"):
            api_path = path[len("/v1/") :].strip("/")
            response = self.with_faults(request, api_path, self.api_response)
            self.save_after(request)
            return response
        for prefix, handler in DOWNLOAD_PREFIXES.items():
            if path.startswith(prefix):
                return self.with_faults(request, path.strip("/"), handler)
        with self.state.lock:
            if path.startswith("/room/"):
                return pages.room_page(
                    request, context, path[len("/room/") :].strip("/")
                )
            if path == "/embed_conference.html":
                return pages.embed_page(request, context)
            if path == "/":
                return pages.index_page(request, context)
        return pages.page(404, "Not found", [f"Nothing is served at {path}."])

    def with_faults(self, request: Request, fault_path: str, handler) -> Response:
        """Run `handler` with the injected faults that match, and log the request."""
        started = time.monotonic()
        method = request.method
        with self.state.lock:
            delay = faults.take(self.state.faults, ("delay",), method, fault_path)
            status_fault = faults.take(
                self.state.faults, faults.STATUS_KINDS, method, fault_path
            )
        if delay:
            self.stopping.wait(delay.seconds)
        if status_fault:
            response = faults.status_response(status_fault)
        else:
            with self.state.lock:
                response = self.guarded(request, fault_path, handler)
                body_fault = faults.take(
                    self.state.faults, faults.BODY_KINDS, method, fault_path
                )
            if body_fault:
                response = faults.break_body(body_fault, response)
        applied = [f.kind for f in (delay, status_fault) if f]
        if not status_fault and body_fault:
            applied.append(body_fault.kind)
        self.log(request, fault_path, response, applied, started)
        return response

    def save_after(self, request: Request) -> None:
        """Write the state file after a request that may have changed the state.

        NOTE: a few GET handlers change the state too (a file's conversion
        status, the PDF generation progress, a room turning inactive). Those
        changes reach the file with the next write or when the sandbox stops,
        and a room's status is recomputed from the clock anyway.
        """
        if self.state_file is None or request.method in READ_METHODS:
            return
        with self.state.lock:
            self.state_file.save_logging_errors(self.state)

    def guarded(self, request: Request, fault_path: str, handler) -> Response:
        context = Context(self.state, self.base_url)
        try:
            if request.path.startswith("/v1"):
                return handler(request, fault_path, context)
            return handler(request, context)
        except (ApiError, FieldErrors) as error:
            return error.response
        except Exception:
            logger.exception("Sandbox failed on %s %s", request.method, request.path)
            return error_response(500, "Internal server error")

    def api_response(self, request: Request, api_path: str, context: Context):
        if not self.key_is_valid(request):
            return error_response(401, "Invalid API key")
        for suffix in OTHER_FORMATS:
            if api_path.endswith(suffix):
                message = f"Response format {suffix} is not supported; use .json"
                return error_response(400, message)
        return router.dispatch(request, api_path.removesuffix(".json"), context)

    def key_is_valid(self, request: Request) -> bool:
        given = request.headers.get("x-api-key", "")
        return hmac.compare_digest(given.encode(), self.state.api_key.encode())

    def log(self, request, fault_path, response, applied, started) -> None:
        entry = {
            "time": now().isoformat(),
            "method": request.method,
            "path": request.path,
            "api_path": fault_path.removesuffix(".json"),
            # Only the header carries the key, but drop a stray api_key parameter.
            "query": urlencode(
                [(k, v) for k, v in parse_qsl(request.query_string) if k != "api_key"]
            ),
            "status": response.status,
            "faults": applied,
            "milliseconds": round((time.monotonic() - started) * 1000, 1),
        }
        with self.state.lock:
            if request.path.startswith("/v1"):
                self.state.api_request_count += 1
            self.state.request_log.append(entry)
            del self.state.request_log[:-MAX_LOG_ENTRIES]
