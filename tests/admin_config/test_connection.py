"""Test connection: success and every failure reason, without leaking the key."""

import logging
import re

import pytest
import requests
import responses
import urllib3

from admin_config import services
from admin_config.models import ClickMeetingConfig
from cmsync.clickmeeting import ClickMeetingClient, errors

from .conftest import API_KEY, ENDPOINT, SANDBOX_ENDPOINT

pytestmark = pytest.mark.django_db

PING_URL = re.compile(re.escape(ENDPOINT) + r"ping(\.json)?$")


@responses.activate
def test_success_records_status(configured):
    responses.get(PING_URL, json={"ping": "pong"})

    result = services.test_connection()

    assert result.ok is True
    assert result.reason == "ok"
    assert ENDPOINT in result.message
    config = services.get_config()
    assert config.last_success_at is not None
    assert config.connection_ok is True
    assert responses.calls[0].request.headers["X-Api-Key"] == API_KEY


@responses.activate
def test_bad_key(configured):
    responses.get(
        PING_URL,
        status=401,
        json={
            "code": 401,
            "name": "Unauthorized",
            "errors": [{"name": None, "message": "Invalid API key"}],
        },
    )

    result = services.test_connection()

    assert result.ok is False
    assert result.reason == "bad_key"
    assert "Bad API key" in result.message
    config = services.get_config()
    assert config.last_error_message == result.message
    assert config.connection_ok is False


@responses.activate
def test_permission_denied(configured):
    responses.get(PING_URL, status=403, json={"code": 403, "errors": []})

    result = services.test_connection()

    assert result.reason == "permission_denied"
    assert "HTTP 403" in result.message


def _new_connection_error(inner):
    pool = urllib3.HTTPSConnectionPool("api.clickmeeting.example", 443)
    connection_error = urllib3.exceptions.NewConnectionError(pool, str(inner))
    connection_error.__cause__ = inner
    return requests.ConnectionError(
        urllib3.exceptions.MaxRetryError(pool, "/v1/ping", connection_error)
    )


@responses.activate
def test_unreachable_host(configured):
    error = _new_connection_error(OSError("Network is unreachable"))
    responses.get(PING_URL, body=error)

    result = services.test_connection()

    assert result.reason == "unreachable"
    assert "Unreachable host" in result.message
    assert "api.clickmeeting.example" in result.message
    assert "Unreachable host" in services.get_config().last_error_message


@responses.activate
def test_connection_refused(configured):
    error = _new_connection_error(ConnectionRefusedError("refused"))
    responses.get(PING_URL, body=error)

    result = services.test_connection()

    assert result.reason == "unreachable"
    assert "refused" in result.message


@responses.activate
def test_timeout(configured):
    responses.get(PING_URL, body=requests.ReadTimeout("read timed out"))

    result = services.test_connection()

    assert result.reason == "timeout"
    assert result.message.startswith("Timeout: api.clickmeeting.example")
    assert "Timeout" in services.get_config().last_error_message


@responses.activate
def test_connect_timeout_tries_once(configured):
    responses.get(PING_URL, body=requests.ConnectTimeout("connect timed out"))

    result = services.test_connection()

    assert result.reason == "timeout"
    assert len(responses.calls) == 1


@responses.activate
def test_tls_error(configured):
    responses.get(
        PING_URL, body=requests.exceptions.SSLError("certificate verify failed")
    )

    result = services.test_connection()

    assert result.reason == "tls"
    assert result.message.startswith("TLS error")
    assert "api.clickmeeting.example" in result.message


@responses.activate
def test_server_error(configured):
    responses.get(PING_URL, status=503, body="down")

    result = services.test_connection()

    assert result.reason == "unavailable"
    assert "HTTP 503" in result.message


@responses.activate
def test_non_api_response(configured):
    responses.get(PING_URL, body="<html>hello</html>", content_type="text/html")

    result = services.test_connection()

    assert result.reason == "malformed_response"
    assert "Check the endpoint URL" in result.message


def test_remote_http_endpoint_rejected_before_request(configured):
    # The model rejects such a URL, so only a row updated directly can contain
    # one. The mock records every request that the client sends.
    ClickMeetingConfig.objects.update(endpoint_url="http://api.clickmeeting.com/v1/")

    with responses.RequestsMock() as mock:
        result = services.test_connection()

        assert len(mock.calls) == 0
    assert result.reason == "invalid_endpoint"
    assert "https://" in result.message
    assert "https://" in services.get_config().last_error_message


def test_not_configured(db):
    result = services.test_connection()

    assert result.ok is False
    assert result.reason == "not_configured"
    assert "No ClickMeeting API key" in services.get_config().last_error_message


@responses.activate
def test_sandbox_endpoint_over_http(db):
    config = services.get_config()
    config.endpoint_url = SANDBOX_ENDPOINT
    config.set_api_key(API_KEY)
    services.save_config(config)
    responses.get(
        re.compile(re.escape(SANDBOX_ENDPOINT) + r"ping(\.json)?$"),
        json={"ping": "pong"},
    )

    result = services.test_connection()

    assert result.ok is True


@responses.activate
def test_error_echoing_key_is_masked(configured):
    responses.get(
        PING_URL,
        status=401,
        json={"code": 401, "errors": [{"message": f"key {API_KEY} is invalid"}]},
    )

    result = services.test_connection()

    assert API_KEY not in result.message
    assert API_KEY not in services.get_config().last_error_message


@pytest.mark.parametrize(
    "failure",
    [
        {"status": 401, "json": {"code": 401, "errors": []}},
        {"body": requests.exceptions.SSLError("certificate verify failed")},
        {"body": requests.ReadTimeout("read timed out")},
        {"json": {"ping": "pong"}},
    ],
)
@responses.activate
def test_key_never_logged(configured, caplog, failure):
    responses.get(PING_URL, **failure)
    caplog.set_level(logging.DEBUG)

    services.test_connection()

    assert caplog.records
    assert API_KEY not in caplog.text


def test_failure_message_masks_echoed_key(configured, monkeypatch):
    def ping_quoting_key(self):
        raise errors.ClickMeetingError(f"rejected {API_KEY}", method="GET", path="ping")

    monkeypatch.setattr(ClickMeetingClient, "ping", ping_quoting_key)

    result = services.test_connection()

    assert result.reason == "error"
    assert API_KEY not in result.message
    assert "••••" + API_KEY[-4:] in result.message
