"""Endpoint validation: https everywhere, plain http only on loopback."""

import pytest

from cmsync.clickmeeting import ClickMeetingClient, errors
from cmsync.clickmeeting.endpoint import validate_endpoint

from .conftest import API_KEY


@pytest.mark.parametrize(
    ("endpoint", "expected"),
    [
        ("https://api.clickmeeting.com/v1/", "https://api.clickmeeting.com/v1/"),
        ("https://api.clickmeeting.com/v1", "https://api.clickmeeting.com/v1/"),
        ("http://127.0.0.1:8765/v1/", "http://127.0.0.1:8765/v1/"),
        ("http://127.20.30.40/v1/", "http://127.20.30.40/v1/"),
        ("http://[::1]:8765/v1/", "http://[::1]:8765/v1/"),
        ("http://localhost:8765/v1", "http://localhost:8765/v1/"),
        ("HTTP://LOCALHOST:8765/v1/", "http://LOCALHOST:8765/v1/"),
    ],
)
def test_allowed_endpoints(endpoint, expected):
    assert validate_endpoint(endpoint) == expected


@pytest.mark.parametrize(
    ("endpoint", "reason"),
    [
        ("http://api.clickmeeting.com/v1/", "must use https://"),
        ("http://10.0.0.5/v1/", "must use https://"),
        ("http://0.0.0.0:8000/v1/", "must use https://"),
        ("http://localhost.example.com/v1/", "must use https://"),
        ("http://128.0.0.1/v1/", "must use https://"),
        ("ftp://api.clickmeeting.com/v1/", "must start with https://"),
        ("api.clickmeeting.com/v1/", "must start with https://"),
        ("", "must start with https://"),
        ("https://user:pass@api.clickmeeting.com/v1/", "user name or password"),
        ("https://api.clickmeeting.com/v1/?api_key=x", "query string"),
        ("https://api.clickmeeting.com:99999/v1/", "not a valid URL"),
    ],
)
def test_rejected_endpoints(endpoint, reason):
    with pytest.raises(errors.InvalidEndpointError, match=reason):
        validate_endpoint(endpoint)


def test_client_rejects_before_any_request(mocked):
    with pytest.raises(errors.InvalidEndpointError) as caught:
        ClickMeetingClient("http://api.clickmeeting.com/v1/", API_KEY)

    assert len(mocked.calls) == 0
    assert caught.value.status is None
    assert API_KEY not in str(caught.value)


def test_client_needs_key():
    with pytest.raises(ValueError, match="API key"):
        ClickMeetingClient("https://api.clickmeeting.com/v1/", "")


def test_client_defaults():
    client = ClickMeetingClient(api_key=API_KEY)

    assert client.endpoint == "https://api.clickmeeting.com/v1/"
    assert client._http.timeout == (10.0, 60.0)
    assert client._http.max_attempts == 5
    assert client.call_count == 0


def test_loopback_client_ignores_proxy_environment():
    client = ClickMeetingClient("http://127.0.0.1:8765/v1/", API_KEY)

    assert client._http.session.trust_env is False
