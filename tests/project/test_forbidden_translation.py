"""The refusal page speaks the user's language, and dates stay ISO in forms."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.fixture
def russian(client):
    client.cookies["django_language"] = "ru"
    yield client
    from django.utils import translation

    translation.activate("en")


def test_refusal_reason_is_translated(russian, login, viewer):
    client = login(viewer)

    response = client.get(reverse("meetings:create"))

    assert response.status_code == 403
    assert "Ваша роль не даёт доступа к этой странице." in response.content.decode()


def test_settings_start_date_is_iso_in_russian(russian, login, administrator):
    from admin_config.services import get_config

    config = get_config()
    config.save()
    client = login(administrator)

    page = client.get(reverse("admin_config:edit")).content.decode()

    assert f'value="{config.sync_start_date:%Y-%m-%d}"' in page
