"""The configuration model: endpoint rules, encryption at rest, masking."""

import pytest
from cryptography.fernet import Fernet
from django.core.exceptions import ValidationError
from django.db import connection

from admin_config.models import (
    ApiKeyUnreadableError,
    ClickMeetingConfig,
    mask_secret,
)
from admin_config.services import get_config

from .conftest import API_KEY

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "url",
    [
        "https://api.clickmeeting.com/v1/",
        "https://eu.example.com:8443/v1/",
        "http://127.0.0.1:8765/v1/",
        "http://127.5.5.5/v1/",
        "http://localhost:8000/v1/",
        "http://[::1]:8765/v1/",
    ],
)
def test_endpoint_accepted(url):
    config = get_config()
    config.endpoint_url = url

    config.full_clean()


@pytest.mark.parametrize(
    "url",
    [
        "http://api.clickmeeting.com/v1/",
        "http://10.0.0.5/v1/",
        "http://localhost.example.com/v1/",
        "ftp://api.clickmeeting.com/v1/",
        "https://user:secret@api.clickmeeting.com/v1/",
        "https://api.clickmeeting.com/v1/?api_key=abc",
        "not a url",
    ],
)
def test_endpoint_rejected(url):
    config = get_config()
    config.endpoint_url = url

    with pytest.raises(ValidationError) as excinfo:
        config.full_clean()

    assert "endpoint_url" in excinfo.value.message_dict


def test_plain_http_rejection_explains_rule():
    config = get_config()
    config.endpoint_url = "http://api.clickmeeting.com/v1/"

    with pytest.raises(ValidationError) as excinfo:
        config.full_clean()

    message = " ".join(excinfo.value.message_dict["endpoint_url"])
    assert "https://" in message
    assert "localhost" in message


def test_defaults():
    config = get_config()

    assert config.endpoint_url == "https://api.clickmeeting.com/v1/"
    assert config.invitation_language == "en"
    assert config.sync_frequency_minutes == 30
    assert config.has_api_key is False
    assert config.api_key == ""
    assert config.masked_api_key == ""


def test_singleton_keeps_one_row():
    first = get_config()
    second = ClickMeetingConfig()
    second.save()

    assert ClickMeetingConfig.objects.count() == 1
    assert second.pk == first.pk


def _raw_api_key_column():
    table = ClickMeetingConfig._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT api_key_encrypted FROM {table}")  # noqa: S608
        return cursor.fetchone()[0]


def test_api_key_not_stored_in_clear():
    config = get_config()
    config.set_api_key(API_KEY)
    config.save()

    raw = _raw_api_key_column()

    assert raw
    assert API_KEY not in raw
    assert API_KEY[-4:] not in raw
    assert ClickMeetingConfig.objects.get().api_key == API_KEY


def test_api_key_stripped_and_removable():
    config = get_config()
    config.set_api_key(f"  {API_KEY}\n")
    assert config.api_key == API_KEY

    config.set_api_key("")

    assert config.has_api_key is False
    assert config.api_key_encrypted == ""


def test_key_rotation_with_multifernet(settings):
    old_key = settings.FIELD_ENCRYPTION_KEYS[0]
    new_key = Fernet.generate_key().decode()
    config = get_config()
    config.set_api_key(API_KEY)
    config.save()
    token_with_old_key = config.api_key_encrypted

    settings.FIELD_ENCRYPTION_KEYS = [new_key, old_key]
    config = ClickMeetingConfig.objects.get()
    assert config.api_key == API_KEY

    config.rotate_api_key_encryption()
    config.save()
    assert config.api_key_encrypted != token_with_old_key

    settings.FIELD_ENCRYPTION_KEYS = [new_key]
    assert ClickMeetingConfig.objects.get().api_key == API_KEY


def test_key_unreadable_after_keys_lost(settings):
    config = get_config()
    config.set_api_key(API_KEY)
    config.save()

    settings.FIELD_ENCRYPTION_KEYS = [Fernet.generate_key().decode()]
    config = ClickMeetingConfig.objects.get()

    with pytest.raises(ApiKeyUnreadableError):
        config.api_key  # noqa: B018
    assert config.has_api_key is True
    assert config.has_readable_api_key is False
    assert "enter it again" in config.masked_api_key


@pytest.mark.parametrize(
    ("secret", "masked"),
    [
        (API_KEY, "••••" + API_KEY[-4:]),
        ("abcdefghijkl", "••••ijkl"),
        ("abcdefghijk", "••••"),
        ("abcd", "••••"),
    ],
)
def test_mask_secret(secret, masked):
    assert mask_secret(secret) == masked


def test_masked_api_key_shows_last_four():
    config = get_config()
    config.set_api_key(API_KEY)

    assert config.masked_api_key == "••••" + API_KEY[-4:]
    assert API_KEY[:-4] not in config.masked_api_key


@pytest.mark.parametrize(
    ("success", "error", "expected"),
    [
        (None, None, None),
        ("2026-01-02T10:00Z", None, True),
        (None, "2026-01-02T10:00Z", False),
        ("2026-01-02T10:00Z", "2026-01-02T09:00Z", True),
        ("2026-01-02T09:00Z", "2026-01-02T10:00Z", False),
    ],
)
def test_connection_ok_follows_latest_call(success, error, expected):
    from django.utils.dateparse import parse_datetime

    config = get_config()
    config.last_success_at = parse_datetime(success) if success else None
    config.last_error_at = parse_datetime(error) if error else None

    assert config.connection_ok is expected
