"""Test connection over real HTTP against a small server on 127.0.0.1."""

import json
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from admin_config import services

from .conftest import API_KEY

pytestmark = pytest.mark.django_db

SLOW_RESPONSE_SECONDS = 0.5


class FakeClickMeetingHandler(BaseHTTPRequestHandler):
    """A stand-in for ClickMeeting's ping: 200 for the right key, 401 otherwise."""

    def do_GET(self):  # noqa: N802 - name fixed by BaseHTTPRequestHandler
        if self.path.startswith("/slow/"):
            time.sleep(SLOW_RESPONSE_SECONDS)
        if self.headers.get("X-Api-Key") == API_KEY:
            self._send_json(200, {"ping": "pong"})
        else:
            body = {"code": 401, "name": "Unauthorized", "errors": []}
            self._send_json(401, body)

    def _send_json(self, status, payload):
        body = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format, *args):  # noqa: A002 - signature of the base
        pass


class LoopbackServer(ThreadingHTTPServer):
    # Shutting down does not wait for a deliberately slow response.
    daemon_threads = True
    block_on_close = False


@pytest.fixture
def loopback_server():
    server = LoopbackServer(("127.0.0.1", 0), FakeClickMeetingHandler)
    thread = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
    )
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()


def _configure(endpoint, api_key=API_KEY):
    config = services.get_config()
    config.endpoint_url = endpoint
    config.set_api_key(api_key)
    services.save_config(config)


def _closed_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_success(loopback_server):
    _configure(f"{loopback_server}/v1/")

    result = services.test_connection()

    assert result.ok is True
    assert services.get_config().connection_ok is True


def test_bad_key(loopback_server):
    _configure(f"{loopback_server}/v1/", api_key="eu-wrong-key-0000000000")

    result = services.test_connection()

    assert result.reason == "bad_key"


def test_refused_port():
    _configure(f"http://127.0.0.1:{_closed_port()}/v1/")

    result = services.test_connection()

    assert result.reason == "unreachable"
    assert "127.0.0.1" in result.message


def test_read_timeout(loopback_server, settings):
    settings.CLICKMEETING_READ_TIMEOUT = 0.1
    _configure(f"{loopback_server}/slow/")

    result = services.test_connection()

    assert result.reason == "timeout"
