"""The settings page's "Test connection" against the bundled sandbox."""

import socket

import pytest
from django.urls import reverse

from admin_config.services import get_config

pytestmark = pytest.mark.django_db


def configure(endpoint, api_key):
    config = get_config()
    config.endpoint_url = endpoint
    config.set_api_key(api_key)
    config.save()


def messages_after_test_connection(client):
    response = client.post(reverse("admin_config:test_connection"), follow=True)
    return [str(message) for message in response.context["messages"]]


def free_loopback_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_valid_key_connects(login, administrator, clickmeeting_sandbox):
    configure(clickmeeting_sandbox.endpoint, clickmeeting_sandbox.api_key)

    messages = messages_after_test_connection(login(administrator))

    assert any("Connected to ClickMeeting" in text for text in messages)
    assert get_config().connection_ok is True


def test_wrong_key_is_named_without_leaking_it(
    login, administrator, clickmeeting_sandbox
):
    configure(clickmeeting_sandbox.endpoint, "wrong-key-0123456789")

    messages = messages_after_test_connection(login(administrator))

    text = " ".join(messages)
    assert "API key" in text
    assert "wrong-key-0123456789" not in text
    assert get_config().connection_ok is False


def test_unreachable_port_is_named(login, administrator):
    configure(f"http://127.0.0.1:{free_loopback_port()}/v1/", "some-key-0123456789")

    messages = messages_after_test_connection(login(administrator))

    text = " ".join(messages).lower()
    assert "refused" in text or "could not connect" in text or "unreachable" in text


def test_plain_http_remote_endpoint_is_refused_before_any_request(
    login, administrator, clickmeeting_sandbox
):
    configure("http://api.example.com/v1/", "some-key-0123456789")
    calls_before = clickmeeting_sandbox.control.request_count()

    messages = messages_after_test_connection(login(administrator))

    assert "https" in " ".join(messages)
    assert clickmeeting_sandbox.control.request_count() == calls_before
