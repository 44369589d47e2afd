"""The configure_clickmeeting management command."""

import io
from datetime import date, timedelta

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone
from django_celery_beat.models import IntervalSchedule, PeriodicTask

from admin_config import services
from admin_config.models import ClickMeetingConfig

from .conftest import API_KEY, ENDPOINT, SANDBOX_ENDPOINT

pytestmark = pytest.mark.django_db

SANDBOX_KEY = "sandbox0000000000000000000000000000"


def _configure(*args, stdin=None):
    output = io.StringIO()
    call_command("configure_clickmeeting", *args, stdout=output, stdin=stdin)
    return output.getvalue()


def test_sets_endpoint_and_key():
    output = _configure("--endpoint", SANDBOX_ENDPOINT, "--api-key", SANDBOX_KEY)

    config = services.get_config()
    assert config.endpoint_url == SANDBOX_ENDPOINT
    assert config.api_key == SANDBOX_KEY
    assert SANDBOX_KEY not in output
    assert "••••" + SANDBOX_KEY[-4:] in output
    assert PeriodicTask.objects.get(name="ClickMeeting bulk sync").enabled is True


def test_idempotent():
    args = ["--endpoint", SANDBOX_ENDPOINT, "--api-key", SANDBOX_KEY]
    _configure(*args, "--language", "pl")
    first = ClickMeetingConfig.objects.values().get()

    _configure(*args, "--language", "pl")

    second = ClickMeetingConfig.objects.values().get()
    first.pop("updated_at")
    second.pop("updated_at")
    assert second == first
    assert PeriodicTask.objects.filter(name="ClickMeeting bulk sync").count() == 1
    assert IntervalSchedule.objects.count() == 1


def test_optional_settings(creator):
    _configure(
        "--endpoint",
        SANDBOX_ENDPOINT,
        "--api-key",
        SANDBOX_KEY,
        "--language",
        "de",
        "--content-owner",
        "creator",
        "--frequency",
        "15",
        "--start-date",
        "2025-06-01",
    )

    config = services.get_config()
    assert config.invitation_language == "de"
    assert config.sync_content_owner == creator
    assert config.sync_frequency_minutes == 15
    assert config.sync_start_date == date(2025, 6, 1)
    job = PeriodicTask.objects.select_related("interval").get()
    assert job.interval.every == 15


def test_only_if_unset_keeps_real_key(configured):
    output = _configure(
        "--endpoint", SANDBOX_ENDPOINT, "--api-key", SANDBOX_KEY, "--only-if-unset"
    )

    config = services.get_config()
    assert config.endpoint_url == ENDPOINT
    assert config.api_key == API_KEY
    assert "nothing changed" in output


def test_only_if_unset_configures_empty(db):
    _configure(
        "--endpoint", SANDBOX_ENDPOINT, "--api-key", SANDBOX_KEY, "--only-if-unset"
    )

    assert services.get_config().api_key == SANDBOX_KEY


def test_only_if_unset_replaces_sandbox_config(db):
    _configure("--endpoint", SANDBOX_ENDPOINT, "--api-key", SANDBOX_KEY)
    new_endpoint = "http://127.0.0.1:9999/v1/"

    _configure("--endpoint", new_endpoint, "--api-key", SANDBOX_KEY, "--only-if-unset")

    assert services.get_config().endpoint_url == new_endpoint


def test_reads_key_from_stdin():
    _configure(
        "--endpoint", SANDBOX_ENDPOINT, "--api-key", "-", stdin=io.StringIO("k" * 20)
    )

    assert services.get_config().api_key == "k" * 20


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--endpoint", "http://api.clickmeeting.com/v1/"], "https://"),
        (["--endpoint", SANDBOX_ENDPOINT, "--language", "xx"], "invitation_language"),
        (["--endpoint", SANDBOX_ENDPOINT, "--content-owner", "ghost"], "ghost"),
        (["--endpoint", SANDBOX_ENDPOINT, "--start-date", "01/02/2025"], "YYYY-MM-DD"),
    ],
)
def test_invalid_input_changes_nothing(args, message):
    with pytest.raises(CommandError) as excinfo:
        _configure(*args, "--api-key", SANDBOX_KEY)

    assert message in str(excinfo.value)
    assert SANDBOX_KEY not in str(excinfo.value)
    assert services.get_config().has_api_key is False


def test_rejects_key_with_spaces():
    with pytest.raises(CommandError, match="must not contain spaces"):
        _configure("--endpoint", SANDBOX_ENDPOINT, "--api-key", "two words")


@pytest.mark.parametrize("persona", ["viewer", "no_group_user"])
def test_rejects_content_owner_without_role(request, persona):
    user = request.getfixturevalue(persona)

    with pytest.raises(CommandError) as excinfo:
        _configure(
            "--endpoint",
            SANDBOX_ENDPOINT,
            "--api-key",
            SANDBOX_KEY,
            "--content-owner",
            user.username,
        )

    message = str(excinfo.value)
    assert f"Invalid --content-owner {user.username!r}" in message
    assert "Creator or Administrator group" in message
    assert services.get_config().has_api_key is False


def test_rejects_inactive_content_owner(creator):
    creator.is_active = False
    creator.save()

    with pytest.raises(CommandError, match="cannot own synchronized meetings"):
        _configure(
            "--endpoint",
            SANDBOX_ENDPOINT,
            "--api-key",
            SANDBOX_KEY,
            "--content-owner",
            "creator",
        )


def test_accepts_administrator_as_content_owner(administrator):
    _configure(
        "--endpoint",
        SANDBOX_ENDPOINT,
        "--api-key",
        SANDBOX_KEY,
        "--content-owner",
        "administrator",
    )

    assert services.get_config().sync_content_owner == administrator


def test_rejects_future_start_date():
    tomorrow = timezone.localdate() + timedelta(days=1)

    with pytest.raises(CommandError) as excinfo:
        _configure(
            "--endpoint",
            SANDBOX_ENDPOINT,
            "--api-key",
            SANDBOX_KEY,
            "--start-date",
            tomorrow.isoformat(),
        )

    assert "must be today or earlier" in str(excinfo.value)
    assert services.get_config().has_api_key is False
