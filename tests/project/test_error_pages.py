"""Error pages use the app's layout and say what to do next."""

import pytest
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_expired_form_gets_the_app_page(viewer):
    client = Client(enforce_csrf_checks=True)
    client.force_login(viewer)

    response = client.post(reverse("set_language"), {"language": "ru"})

    assert response.status_code == 403
    assert b"The form expired" in response.content
    assert b"Nothing was saved" in response.content


def test_favicon_is_linked(client):
    page = client.get(reverse("login")).content.decode()

    assert "favicon.svg" in page
