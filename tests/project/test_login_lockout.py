"""Repeated wrong passwords lock a username out for a while."""

import pytest
from django.test import override_settings
from django.urls import reverse

from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def post_login(client, username, password):
    return client.post(
        reverse("login"),
        {"username": username, "password": password},
        REMOTE_ADDR="127.0.0.1",
    )


@override_settings(AXES_ENABLED=True, AXES_FAILURE_LIMIT=3)
def test_lockout_after_repeated_failures(client, viewer):
    for _ in range(3):
        post_login(client, viewer.username, "wrong-password")

    response = post_login(client, viewer.username, PASSWORD)

    assert response.status_code == 429
    assert b"Too many failed logins" in response.content
    assert "_auth_user_id" not in client.session


@override_settings(AXES_ENABLED=True, AXES_FAILURE_LIMIT=3)
def test_success_before_the_limit_resets_the_count(client, viewer):
    post_login(client, viewer.username, "wrong-password")
    post_login(client, viewer.username, "wrong-password")

    response = post_login(client, viewer.username, PASSWORD)

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(viewer.pk)


@override_settings(AXES_ENABLED=True, AXES_FAILURE_LIMIT=2)
def test_lockout_page_says_how_long(client, viewer, settings):
    post_login(client, viewer.username, "wrong-password")
    response = post_login(client, viewer.username, "wrong-password")

    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    assert f"{minutes} minutes after 2 wrong passwords" in response.content.decode()
