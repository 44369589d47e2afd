"""Injected faults behave as specified and the client reacts to each as expected."""

import pytest
import requests

from cmsync.clickmeeting import ClickMeetingClient, errors
from cmsync.sandbox.control_client import SandboxControlError


def test_rate_limit_then_success_is_retried(client, sandbox, sleeps):
    sandbox.control.inject_fault("rate_limit", count=2, retry_after=3)

    client.ping()

    assert client.call_count == 3
    assert sleeps.waits == [3, 3]


def test_rate_limit_answer_has_retry_after_and_body(api, sandbox):
    sandbox.control.inject_fault("rate_limit", retry_after=7)

    response = api.get("ping")

    assert response.status_code == 429
    assert response.headers["Retry-After"] == "7"
    assert response.json()["code"] == 429


def test_five_503s_raise_unavailable(client, sandbox):
    sandbox.control.inject_fault("unavailable", count=5)

    with pytest.raises(errors.UnavailableError) as caught:
        client.ping()

    assert caught.value.status == 503
    assert client.call_count == 5


def test_server_error_with_chosen_status(api, sandbox):
    sandbox.control.inject_fault("server_error", status=504)

    assert api.get("ping").status_code == 504
    assert api.get("ping").status_code == 200


def test_truncated_body_is_malformed(client, sandbox, demo):
    sandbox.control.inject_fault("truncated", path="conferences/active")

    with pytest.raises(errors.MalformedResponseError):
        client.list_conferences("active")

    assert client.call_count == 1


def test_cut_off_body_is_retried(client, sandbox, demo):
    sandbox.control.inject_fault("cut_off", path="conferences/active")

    rooms = client.list_conferences("active")

    assert rooms
    assert client.call_count == 2


def test_malformed_json_for_one_path_only(client, sandbox, demo):
    sandbox.control.inject_fault("malformed_json", path="conferences/*/sessions")
    room_id = demo["Weekly Product Demo"]

    client.ping()
    with pytest.raises(errors.MalformedResponseError):
        client.list_sessions(room_id)

    assert client.list_sessions(room_id)


def test_delay_beyond_read_timeout(sandbox, sleeps):
    sandbox.control.inject_fault("delay", count=2, seconds=1.0)
    with ClickMeetingClient(
        sandbox.endpoint,
        sandbox.api_key,
        read_timeout=0.2,
        max_attempts=2,
        sleep=sleeps,
    ) as client:
        with pytest.raises(errors.RequestTimeoutError):
            client.ping()

        assert client.call_count == 2


def test_expired_download_url(client, sandbox, demo):
    file_id = client.list_conference_files(demo["Weekly Product Demo"])[0].id
    sandbox.control.inject_fault("expired_url")
    session = requests.Session()
    session.trust_env = False

    expired = client.get_file(file_id).download_url
    fresh = client.get_file(file_id).download_url

    assert session.get(expired, timeout=5).status_code == 410
    assert session.get(fresh, timeout=5).status_code == 200
    assert session.get(fresh + "x", timeout=5).status_code == 403


def test_fault_scoped_by_method(api, sandbox, demo):
    sandbox.control.inject_fault("unavailable", method="POST", count=3)

    assert api.get("ping").status_code == 200
    assert api.call("POST", "contacts", data={}).status_code == 503
    assert len(sandbox.control.faults()["faults"]) == 1


def test_clear_faults(api, sandbox):
    sandbox.control.inject_fault("unavailable", count=10)
    sandbox.control.inject_fault("expired_url", count=10)

    sandbox.control.clear_faults()

    assert api.get("ping").status_code == 200
    assert sandbox.control.faults() == {"faults": [], "expired_urls_pending": 0}


def test_invalid_fault_is_rejected(sandbox):
    with pytest.raises(SandboxControlError, match="kind must be one of"):
        sandbox.control.inject_fault("earthquake")
    with pytest.raises(SandboxControlError, match="seconds > 0"):
        sandbox.control.inject_fault("delay")


@pytest.mark.parametrize(
    "kind", ["rate_limit", "unavailable", "server_error", "truncated", "malformed_json"]
)
def test_errors_never_contain_the_key(sandbox, kind, caplog):
    sandbox.control.inject_fault(kind, count=10)
    with ClickMeetingClient(
        sandbox.endpoint,
        sandbox.api_key,
        read_timeout=2,
        max_attempts=2,
        sleep=lambda seconds: None,
    ) as client:
        with pytest.raises(errors.ClickMeetingError) as caught:
            client.ping()

    assert sandbox.api_key not in str(caught.value)
    assert sandbox.api_key not in caught.value.message
    assert sandbox.api_key not in caplog.text
    assert sandbox.api_key not in str(sandbox.control.requests())
