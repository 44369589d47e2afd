"""Retry, timeout and error behaviour of the client, and that the key never leaks."""

import socket
import threading

import pytest
import requests
import urllib3.exceptions

from cmsync.clickmeeting import ClickMeetingClient, errors

from .conftest import API_KEY, assert_key_hidden, fixture_json, url


def test_429_then_success_honours_retry_after(client, mocked, sleeps, debug_logs):
    mocked.get(
        url("conferences/9120451"),
        json=fixture_json("ERROR_429.json"),
        status=429,
        headers={"Retry-After": "7"},
    )
    mocked.get(
        url("conferences/9120451"), json=fixture_json("GET_conferences_ROOM.json")
    )

    room = client.get_conference(9120451)

    assert room.id == 9120451
    assert sleeps.waits == [7.0]
    assert client.call_count == 2
    assert "retrying" in debug_logs.text
    assert API_KEY not in debug_logs.text


def test_429_without_retry_after_backs_off(client, mocked, sleeps):
    mocked.get(url("ping"), json=fixture_json("ERROR_429.json"), status=429)
    mocked.get(url("ping"), json=fixture_json("GET_ping.json"))

    client.ping()

    assert sleeps.waits == [0.75]


def test_429_persisting_raises_rate_limited(client, mocked, sleeps, debug_logs):
    mocked.get(
        url("ping"),
        json=fixture_json("ERROR_429.json"),
        status=429,
        headers={"Retry-After": "3"},
    )

    with pytest.raises(errors.RateLimitedError) as caught:
        client.ping()

    error = caught.value
    assert error.retry_after == 3.0
    assert error.status == 429
    assert client.call_count == 5
    assert sleeps.waits == [3.0] * 4
    assert errors.is_transient(error)
    assert_key_hidden(error, client, debug_logs)


def test_long_retry_after_goes_to_caller(client, mocked, sleeps):
    mocked.get(
        url("ping"),
        json=fixture_json("ERROR_429.json"),
        status=429,
        headers={"Retry-After": "3600"},
    )

    with pytest.raises(errors.RateLimitedError) as caught:
        client.ping()

    assert caught.value.retry_after == 3600.0
    assert sleeps.waits == []
    assert client.call_count == 1


def test_retry_after_http_date(client, mocked, sleeps):
    mocked.get(
        url("ping"),
        status=429,
        headers={"Retry-After": "Wed, 21 Oct 2015 07:28:00 GMT"},
    )
    mocked.get(url("ping"), json=fixture_json("GET_ping.json"))

    client.ping()

    # A date in the past means "retry now".
    assert sleeps.waits == [0.0]


def test_five_503_raise_unavailable(client, mocked, sleeps, debug_logs):
    mocked.get(url("conferences/active"), status=503, body="Service Unavailable")

    with pytest.raises(errors.UnavailableError) as caught:
        client.list_conferences("active")

    error = caught.value
    assert error.status == 503
    assert error.method == "GET"
    assert error.path == "conferences/active"
    assert client.call_count == 5
    assert len(mocked.calls) == 5
    assert sleeps.waits == [0.75, 1.5, 3.0, 6.0]
    assert "page=" not in debug_logs.text
    assert_key_hidden(error, client, debug_logs)


def test_backoff_is_capped_and_jittered(mocked):
    waits = []
    fractions = iter([0.0, 1.0, 0.0, 1.0, 0.0, 1.0])
    client = ClickMeetingClient(
        "https://api.clickmeeting.invalid/v1/",
        API_KEY,
        max_attempts=7,
        sleep=waits.append,
        random_fraction=lambda: next(fractions),
        backoff_max=10.0,
    )
    mocked.get(url("ping"), status=502)

    with pytest.raises(errors.UnavailableError):
        client.ping()

    assert waits == [0.5, 2.0, 2.0, 8.0, 5.0, 10.0]


@pytest.mark.parametrize(
    ("status", "error_type", "fixture"),
    [
        (400, errors.ValidationError, "ERROR_422.json"),
        (401, errors.AuthenticationError, "ERROR_401.json"),
        (403, errors.PermissionDeniedError, "ERROR_403.json"),
        (404, errors.NotFoundError, "ERROR_404.json"),
        (422, errors.ValidationError, "ERROR_422.json"),
    ],
)
def test_client_errors_not_retried(
    client, mocked, sleeps, debug_logs, status, error_type, fixture
):
    mocked.get(url("conferences/9120451"), json=fixture_json(fixture), status=status)

    with pytest.raises(error_type) as caught:
        client.get_conference(9120451)

    error = caught.value
    assert error.status == status
    assert error.path == "conferences/9120451"
    assert client.call_count == 1
    assert sleeps.waits == []
    assert not errors.is_transient(error)
    assert_key_hidden(error, client, debug_logs)


def test_401_message_is_actionable(client, mocked):
    mocked.get(url("ping"), json=fixture_json("ERROR_401.json"), status=401)

    with pytest.raises(errors.AuthenticationError) as caught:
        client.ping()

    assert "API key" in caught.value.message
    assert "Invalid API key" in caught.value.message


def test_echoed_key_is_redacted(client, mocked, debug_logs):
    body = {
        "code": 401,
        "errors": [{"name": None, "message": f"Key {API_KEY} unknown"}],
    }
    mocked.get(url("ping"), json=body, status=401)

    with pytest.raises(errors.AuthenticationError) as caught:
        client.ping()

    assert "Key *** unknown" in caught.value.message
    assert_key_hidden(caught.value, client, debug_logs)


def test_truncated_json_is_malformed(client, mocked, sleeps, debug_logs):
    mocked.get(url("conferences/9120451"), body='{"conference": {"id": 9120451, "na')

    with pytest.raises(errors.MalformedResponseError) as caught:
        client.get_conference(9120451)

    error = caught.value
    assert "not valid JSON" in error.message
    assert error.status == 200
    assert client.call_count == 1
    assert not errors.is_transient(error)
    assert_key_hidden(error, client, debug_logs)


def test_empty_body_is_malformed(client, mocked):
    mocked.get(url("conferences/9120451"), body="")

    with pytest.raises(errors.MalformedResponseError, match="empty"):
        client.get_conference(9120451)


def test_cut_off_body_is_retried(client, mocked, sleeps):
    mocked.get(
        url("ping"),
        body=requests.exceptions.ChunkedEncodingError(
            "Connection broken: IncompleteRead"
        ),
    )
    mocked.get(url("ping"), json=fixture_json("GET_ping.json"))

    client.ping()

    assert client.call_count == 2
    assert len(sleeps.waits) == 1


def test_oversized_body_is_malformed(mocked):
    client = ClickMeetingClient(
        "https://api.clickmeeting.invalid/v1/", API_KEY, max_body_bytes=100
    )
    mocked.get(url("conferences/active"), json=[{"name": "x" * 200}])

    with pytest.raises(errors.MalformedResponseError, match="larger than 100 bytes"):
        client.list_conferences("active")


def test_read_timeout_mocked(client, mocked, sleeps, debug_logs):
    mocked.get(url("ping"), body=requests.exceptions.ReadTimeout("read timed out"))

    with pytest.raises(errors.RequestTimeoutError) as caught:
        client.ping()

    assert client.call_count == 5
    assert "60 s" in caught.value.message
    assert errors.is_transient(caught.value)
    assert_key_hidden(caught.value, client, debug_logs)


@pytest.fixture
def silent_server():
    """A loopback server that accepts connections and never responds."""
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    accepted = []
    stop = threading.Event()

    def accept_loop():
        listener.settimeout(0.1)
        while not stop.is_set():
            try:
                connection, _ = listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            accepted.append(connection)

    thread = threading.Thread(target=accept_loop, daemon=True)
    thread.start()
    yield listener.getsockname()[1]
    stop.set()
    thread.join()
    for connection in accepted:
        connection.close()
    listener.close()


def test_read_timeout_real_socket(silent_server, sleeps, caplog):
    caplog.set_level("DEBUG")
    client = ClickMeetingClient(
        f"http://127.0.0.1:{silent_server}/v1/",
        API_KEY,
        read_timeout=0.2,
        max_attempts=2,
        sleep=sleeps,
    )

    with pytest.raises(errors.RequestTimeoutError) as caught:
        client.ping()

    assert client.call_count == 2
    assert caught.value.path == "ping"
    assert "0.2 s" in caught.value.message
    assert_key_hidden(caught.value, client, caplog)


def closed_port() -> int:
    probe = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    probe.bind(("127.0.0.1", 0))
    port = probe.getsockname()[1]
    probe.close()
    return port


def test_connection_refused_real_socket(sleeps, caplog):
    caplog.set_level("DEBUG")
    client = ClickMeetingClient(
        f"http://127.0.0.1:{closed_port()}/v1/", API_KEY, max_attempts=3, sleep=sleeps
    )

    with pytest.raises(errors.ConnectionFailedError) as caught:
        client.ping()

    error = caught.value
    assert error.reason == "refused"
    assert "refused" in error.message
    assert error.status is None
    assert client.call_count == 3
    assert errors.is_transient(error)
    assert_key_hidden(error, client, caplog)


def test_post_retried_when_connection_refused(sleeps):
    client = ClickMeetingClient(
        f"http://127.0.0.1:{closed_port()}/v1/", API_KEY, max_attempts=2, sleep=sleeps
    )

    with pytest.raises(errors.ConnectionFailedError):
        client.generate_tokens(1, 3)

    assert client.call_count == 2


def dns_failure() -> requests.ConnectionError:
    reason = urllib3.exceptions.NameResolutionError(
        "api.clickmeeting.invalid",
        None,
        socket.gaierror(-2, "Name or service not known"),
    )
    wrapped = urllib3.exceptions.MaxRetryError(None, "/v1/ping", reason)
    return requests.ConnectionError(wrapped)


def test_dns_failure_says_dns(client, mocked, debug_logs):
    mocked.get(url("ping"), body=dns_failure())

    with pytest.raises(errors.ConnectionFailedError) as caught:
        client.ping()

    assert caught.value.reason == "dns"
    assert "DNS" in caught.value.message
    assert_key_hidden(caught.value, client, debug_logs)


def test_tls_failure_not_retried(client, mocked, sleeps, debug_logs):
    mocked.get(
        url("ping"), body=requests.exceptions.SSLError("certificate verify failed")
    )

    with pytest.raises(errors.ConnectionFailedError) as caught:
        client.ping()

    assert caught.value.reason == "tls"
    assert "TLS" in caught.value.message
    assert client.call_count == 1
    assert not errors.is_transient(caught.value)
    assert_key_hidden(caught.value, client, debug_logs)


def test_post_not_retried_on_503(client, mocked, sleeps):
    mocked.post(url("conferences/1/tokens"), status=503)

    with pytest.raises(errors.UnavailableError):
        client.generate_tokens(1, 3)

    assert client.call_count == 1
    assert sleeps.waits == []


def test_post_not_retried_after_reset(client, mocked, sleeps):
    reset = requests.ConnectionError(
        urllib3.exceptions.ProtocolError("Connection aborted.", ConnectionResetError())
    )
    mocked.post(url("conferences/1/tokens"), body=reset)

    with pytest.raises(errors.ConnectionFailedError) as caught:
        client.generate_tokens(1, 3)

    assert caught.value.reason == "reset"
    assert client.call_count == 1


def test_post_not_retried_on_read_timeout(client, mocked, sleeps):
    mocked.post(url("conferences/1/tokens"), body=requests.exceptions.ReadTimeout())

    with pytest.raises(errors.RequestTimeoutError):
        client.generate_tokens(1, 3)

    assert client.call_count == 1


def test_post_retried_on_429(client, mocked, sleeps):
    mocked.post(
        url("conferences/1/tokens"), status=429, json=fixture_json("ERROR_429.json")
    )
    mocked.post(
        url("conferences/1/tokens"),
        json=fixture_json("POST_conferences_ROOM_tokens.json"),
    )

    tokens = client.generate_tokens(1, 3)

    assert len(tokens) == 3
    assert client.call_count == 2


def test_put_retried_on_504(client, mocked, sleeps):
    from .test_conferences import scheduled_input

    mocked.put(url("conferences/9120451"), status=504)
    mocked.put(
        url("conferences/9120451"), json=fixture_json("PUT_conferences_ROOM.json")
    )

    client.update_conference(9120451, scheduled_input())

    assert client.call_count == 2


def test_redirect_not_followed(client, mocked, sleeps, debug_logs):
    mocked.get(
        url("ping"), status=302, headers={"Location": "https://elsewhere.invalid/steal"}
    )

    with pytest.raises(errors.InvalidEndpointError, match="redirect") as caught:
        client.ping()

    assert len(mocked.calls) == 1
    assert client.call_count == 1
    assert_key_hidden(caught.value, client, debug_logs)


def test_call_count_includes_every_attempt(client, mocked):
    mocked.get(url("ping"), status=500)
    mocked.get(url("ping"), json=fixture_json("GET_ping.json"))
    mocked.get(
        url("conferences/skins"), json=fixture_json("GET_conferences_skins.json")
    )

    client.ping()
    client.list_skins()

    assert client.call_count == 3


def test_success_logs_path_without_key(client, mocked, debug_logs):
    mocked.get(url("conferences/active"), json=[])

    client.list_conferences("active")

    assert "GET conferences/active -> 200" in debug_logs.text
    assert API_KEY not in debug_logs.text
    assert API_KEY not in repr(client)
    assert API_KEY not in repr(client._http)


def test_cut_off_body_persisting_is_transient(client, mocked, sleeps):
    mocked.get(
        url("ping"),
        body=requests.exceptions.ChunkedEncodingError(
            "Connection broken: IncompleteRead"
        ),
    )

    with pytest.raises(errors.MalformedResponseError, match="cut off") as caught:
        client.ping()

    assert client.call_count == 5
    assert errors.is_transient(caught.value)


@pytest.fixture(params=["stall"])
def stalling_server(request):
    """A loopback server that sends headers and part of the body.

    With the parameter "stall" it then keeps the connection open; with
    "close" it closes the connection.
    """
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    connections = []
    stop = threading.Event()

    def serve():
        listener.settimeout(0.1)
        while not stop.is_set():
            try:
                connection, _ = listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            connections.append(connection)
            connection.recv(65536)
            connection.sendall(
                b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                b'Content-Length: 100\r\n\r\n{"ping": '
            )
            if request.param == "close":
                connection.close()

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    yield listener.getsockname()[1]
    stop.set()
    thread.join()
    for connection in connections:
        connection.close()
    listener.close()


def test_read_timeout_inside_body(stalling_server, sleeps):
    client = ClickMeetingClient(
        f"http://127.0.0.1:{stalling_server}/v1/",
        API_KEY,
        read_timeout=0.2,
        max_attempts=2,
        sleep=sleeps,
    )

    with pytest.raises(errors.RequestTimeoutError) as caught:
        client.ping()

    assert client.call_count == 2
    assert "finish sending" in caught.value.message


@pytest.mark.parametrize("stalling_server", ["close"], indirect=True)
def test_connection_closed_inside_body(stalling_server, sleeps):
    client = ClickMeetingClient(
        f"http://127.0.0.1:{stalling_server}/v1/",
        API_KEY,
        max_attempts=2,
        sleep=sleeps,
    )

    with pytest.raises(errors.MalformedResponseError, match="cut off") as caught:
        client.ping()

    assert client.call_count == 2
    assert errors.is_transient(caught.value)
