"""Configuration services: the only code that reads the ClickMeeting API key.

Other apps get a ready client from `get_client()` and report the outcome of
their calls with `record_success()` / `record_failure()`, which feed the
connection status line on the settings page.
"""

import logging
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import partial
from urllib.parse import urlsplit

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_celery_beat.models import IntervalSchedule, PeriodicTask

from admin_config.models import (
    SINGLETON_PK,
    ApiKeyUnreadableError,
    ClickMeetingConfig,
    mask_secret,
)
from cmsync.clickmeeting import ClickMeetingClient, errors

logger = logging.getLogger(__name__)

BULK_SYNC_JOB_NAME = "ClickMeeting bulk sync"
BULK_SYNC_TASK = "cmsync.sync.tasks.run_bulk_sync"
STATUS_MESSAGE_MAX_LENGTH = 500


class NotConfiguredError(Exception):
    """ClickMeeting cannot be called: no usable endpoint or API key is stored."""


class EndpointNotAllowedError(NotConfiguredError):
    """The stored endpoint URL is not allowed, such as http:// to a remote host."""


@dataclass(frozen=True)
class ConnectionResult:
    """Outcome of a connection test.

    `reason` is "ok", "not_configured", "invalid_endpoint", "bad_key",
    "permission_denied", "timeout", "tls", "unreachable", "rate_limited",
    "unavailable", "malformed_response" or "error"; `message` is safe to show.
    """

    ok: bool
    reason: str
    message: str
    checked_at: datetime


@dataclass(frozen=True)
class PeriodicJobSync:
    """The bulk sync job after `sync_periodic_task()`, and what that call did.

    `action` is "created", "updated" or "unchanged".
    """

    job: PeriodicTask
    action: str


@dataclass(frozen=True)
class PeriodicJobState:
    """State of the bulk sync job in the beat schedule."""

    exists: bool
    enabled: bool = False
    every_minutes: int | None = None
    last_run_at: datetime | None = None
    next_run_at: datetime | None = None
    total_run_count: int = 0


def get_config() -> ClickMeetingConfig:
    """Load the configuration row, creating it with defaults on first use.

    Every call reads the database, so a change saved by another process is
    seen at once. Callers that need the row several times keep the instance.
    """
    config, _created = ClickMeetingConfig.objects.select_related(
        "sync_content_owner"
    ).get_or_create(pk=SINGLETON_PK)
    return config


def save_config(config: ClickMeetingConfig) -> ClickMeetingConfig:
    """Save the configuration and bring the dependent jobs in line with it.

    Updates the periodic bulk sync job, and when the synchronization start
    date moved earlier, schedules the import of the meetings in between once
    the transaction commits. A stored start date after today counts as
    today, because no meeting has ended after today: moving back from such a
    date imports only the meetings that ended before today.
    """
    with transaction.atomic():
        stored_start = (
            ClickMeetingConfig.objects.select_for_update()
            .filter(pk=SINGLETON_PK)
            .values_list("sync_start_date", flat=True)
            .first()
        )
        new_start = config.sync_start_date
        if stored_start is not None and new_start != stored_start:
            config.previous_sync_start_date = stored_start
            config.sync_start_date_changed_at = timezone.now()
        config.save()
        sync_periodic_task(config)
        if stored_start is not None:
            imported_until = min(stored_start, timezone.localdate())
            if new_start < imported_until:
                transaction.on_commit(
                    partial(start_date_moved_earlier, imported_until, new_start)
                )

    logger.info(
        "ClickMeeting configuration saved: endpoint=%s has_api_key=%s "
        "frequency_minutes=%s sync_start_date=%s",
        config.endpoint_url,
        config.has_api_key,
        config.sync_frequency_minutes,
        config.sync_start_date,
    )
    return config


def start_date_moved_earlier(old: date, new: date) -> None:
    """Enqueue the historical import of meetings that ended from `new` to `old`."""
    # Imported here because cmsync.sync imports this module.
    from cmsync.sync.tasks import schedule_history_import

    logger.info(
        "synchronization start date moved earlier from %s to %s: enqueuing "
        "the historical import",
        old.isoformat(),
        new.isoformat(),
    )
    schedule_history_import.delay(old.isoformat(), new.isoformat())


def get_client(**overrides) -> ClickMeetingClient:
    """Build a ClickMeeting client from the stored configuration.

    Keyword arguments override the client's options (timeouts, max_attempts).
    Raises NotConfiguredError, with a message an administrator can act on,
    when no API key is stored, the stored key is unreadable, or the endpoint
    is not allowed.
    """
    config = get_config()
    try:
        api_key = config.api_key
    except ApiKeyUnreadableError as exc:
        raise NotConfiguredError(
            _(
                "The stored ClickMeeting API key cannot be decrypted with the "
                "current FIELD_ENCRYPTION_KEYS. An administrator must enter "
                "the API key again on the ClickMeeting settings page."
            )
        ) from exc
    if not api_key:
        raise NotConfiguredError(
            _(
                "No ClickMeeting API key is configured. An administrator can "
                "enter one on the ClickMeeting settings page or in Django admin."
            )
        )

    options = {
        "endpoint": config.endpoint_url,
        "api_key": api_key,
        "connect_timeout": settings.CLICKMEETING_CONNECT_TIMEOUT,
        "read_timeout": settings.CLICKMEETING_READ_TIMEOUT,
        "max_attempts": settings.CLICKMEETING_MAX_ATTEMPTS,
    }
    options.update(overrides)
    try:
        return ClickMeetingClient(**options)
    except errors.InvalidEndpointError as exc:
        raise EndpointNotAllowedError(
            _(
                "The ClickMeeting endpoint URL %(endpoint)s is not allowed: "
                "%(reason)s Correct it on the ClickMeeting settings page."
            )
            % {"endpoint": config.endpoint_url, "reason": exc.message}
        ) from exc


def test_connection() -> ConnectionResult:
    """Call ClickMeeting's ping with the stored key and record the outcome."""
    try:
        # One attempt: the administrator is waiting for the result, and the
        # reason of the first failure is the one worth showing.
        with get_client(max_attempts=1) as client:
            client.ping()
    except EndpointNotAllowedError as exc:
        return _failed_test("invalid_endpoint", str(exc))
    except NotConfiguredError as exc:
        return _failed_test("not_configured", str(exc))
    except errors.ClickMeetingError as exc:
        reason, message = describe_error(exc, get_config().endpoint_url)
        return _failed_test(reason, message)

    record_success()
    message = _("Connected to ClickMeeting at %(endpoint)s.") % {
        "endpoint": get_config().endpoint_url
    }
    logger.info("ClickMeeting test connection succeeded")
    return ConnectionResult(True, "ok", message, timezone.now())


# pytest would otherwise collect this function as a test in any test module
# that imports it by name.
test_connection.__test__ = False


def _failed_test(reason: str, message: str) -> ConnectionResult:
    message = _mask_api_key(message)
    record_failure(message)
    logger.warning(
        "ClickMeeting test connection failed: reason=%s message=%s", reason, message
    )
    return ConnectionResult(False, reason, message, timezone.now())


# Checked in order, so a subclass must come before its base class.
_ERROR_DESCRIPTIONS = [
    (
        errors.InvalidEndpointError,
        "invalid_endpoint",
        gettext_lazy("The endpoint URL is not allowed: %(detail)s"),
    ),
    (
        errors.AuthenticationError,
        "bad_key",
        gettext_lazy(
            "Bad API key: ClickMeeting rejected it (HTTP 401). Copy the key "
            "from the ClickMeeting panel (Settings, API) and save it again."
        ),
    ),
    (
        errors.PermissionDeniedError,
        "permission_denied",
        gettext_lazy(
            "ClickMeeting refused access for this API key (HTTP 403). Check "
            "that the account's plan includes API access."
        ),
    ),
    (
        errors.RequestTimeoutError,
        "timeout",
        gettext_lazy("Timeout: %(host)s did not answer in time. %(detail)s"),
    ),
    (
        errors.ConnectionFailedError,
        "unreachable",
        gettext_lazy("Unreachable host: could not connect to %(host)s. %(detail)s"),
    ),
    (
        errors.RateLimitedError,
        "rate_limited",
        gettext_lazy("ClickMeeting is limiting requests (HTTP 429). %(detail)s"),
    ),
    (
        errors.UnavailableError,
        "unavailable",
        gettext_lazy("ClickMeeting is unavailable (HTTP %(status)s). %(detail)s"),
    ),
    (
        errors.MalformedResponseError,
        "malformed_response",
        gettext_lazy(
            "%(host)s sent a response that is not from the ClickMeeting API. "
            "Check the endpoint URL. %(detail)s"
        ),
    ),
]
_TLS_ERROR_TEXT = gettext_lazy(
    "TLS error: the secure connection to %(host)s failed. %(detail)s"
)


def describe_error(exc: errors.ClickMeetingError, endpoint: str) -> tuple[str, str]:
    """Return a reason code and a message an administrator can act on."""
    values = {
        "host": urlsplit(endpoint).hostname or endpoint,
        "detail": exc.message,
        "status": exc.status,
    }
    if isinstance(exc, errors.ConnectionFailedError) and exc.reason == "tls":
        return "tls", _TLS_ERROR_TEXT % values

    for error_class, reason, text in _ERROR_DESCRIPTIONS:
        if isinstance(exc, error_class):
            return reason, text % values
    return "error", str(exc)


def record_success(at: datetime | None = None) -> None:
    """Store the time of a successful ClickMeeting call on the status line."""
    _update_status(last_success_at=at or timezone.now())


def record_failure(error: BaseException | str, at: datetime | None = None) -> None:
    """Store a failed ClickMeeting call's message and time on the status line.

    The text is stored with the API key masked, in case an exception that
    did not come from the ClickMeeting client quoted it.
    """
    if isinstance(error, errors.ClickMeetingError):
        text = str(error)
    else:
        text = str(error) or type(error).__name__
    text = _mask_api_key(text)[:STATUS_MESSAGE_MAX_LENGTH]
    _update_status(last_error_message=text, last_error_at=at or timezone.now())


def _update_status(**fields) -> None:
    # A targeted UPDATE, so a status change never overwrites settings that
    # an administrator saved at the same time.
    updated = ClickMeetingConfig.objects.filter(pk=SINGLETON_PK).update(**fields)
    if not updated:
        get_config()
        ClickMeetingConfig.objects.filter(pk=SINGLETON_PK).update(**fields)


def _mask_api_key(text: str) -> str:
    try:
        api_key = get_config().api_key
    except ApiKeyUnreadableError:
        return text
    if api_key and api_key in text:
        return text.replace(api_key, mask_secret(api_key))
    return text


def sync_periodic_task(config: ClickMeetingConfig) -> PeriodicJobSync:
    """Create or update the beat job that runs the bulk sync.

    The job runs every `sync_frequency_minutes` and is enabled only while a
    readable API key is stored. Beat's database scheduler picks up the
    change without a restart.
    """
    every = config.sync_frequency_minutes
    interval = IntervalSchedule.objects.filter(
        every=every, period=IntervalSchedule.MINUTES
    ).first()
    if interval is None:
        interval = IntervalSchedule.objects.create(
            every=every, period=IntervalSchedule.MINUTES
        )

    wanted = {
        "task": BULK_SYNC_TASK,
        "interval": interval,
        "crontab": None,
        "solar": None,
        "clocked": None,
        "one_off": False,
        "enabled": config.has_readable_api_key,
    }
    job = PeriodicTask.objects.filter(name=BULK_SYNC_JOB_NAME).first()
    if job is None:
        job = PeriodicTask.objects.create(name=BULK_SYNC_JOB_NAME, **wanted)
        logger.info(
            "created periodic job %r: every %s minutes, enabled=%s",
            BULK_SYNC_JOB_NAME,
            every,
            job.enabled,
        )
        return PeriodicJobSync(job, "created")

    changed = [name for name, value in wanted.items() if getattr(job, name) != value]
    if changed:
        for name in changed:
            setattr(job, name, wanted[name])
        # Saving every field lets PeriodicTask.save() check the schedule and
        # tell beat that the schedule changed.
        job.save()
        logger.info(
            "updated periodic job %r (id=%s): every %s minutes, enabled=%s",
            BULK_SYNC_JOB_NAME,
            job.pk,
            every,
            job.enabled,
        )
        return PeriodicJobSync(job, "updated")
    return PeriodicJobSync(job, "unchanged")


def get_periodic_job_state() -> PeriodicJobState:
    """Describe the bulk sync job for the settings page."""
    job = (
        PeriodicTask.objects.select_related("interval")
        .filter(name=BULK_SYNC_JOB_NAME)
        .first()
    )
    if job is None:
        return PeriodicJobState(exists=False)

    every_minutes = None
    next_run_at = None
    if job.interval is not None:
        every_minutes = _interval_minutes(job.interval)
    if job.enabled and every_minutes:
        # Beat counts the first interval from the last change of a job that
        # has never run.
        basis = job.last_run_at or job.date_changed
        next_run_at = basis + timedelta(minutes=every_minutes)
    return PeriodicJobState(
        exists=True,
        enabled=job.enabled,
        every_minutes=every_minutes,
        last_run_at=job.last_run_at,
        next_run_at=next_run_at,
        total_run_count=job.total_run_count,
    )


def _interval_minutes(interval: IntervalSchedule) -> int | None:
    seconds_per_period = {
        IntervalSchedule.SECONDS: 1,
        IntervalSchedule.MINUTES: 60,
        IntervalSchedule.HOURS: 3600,
        IntervalSchedule.DAYS: 86400,
    }
    seconds = seconds_per_period.get(interval.period)
    if seconds is None:
        return None
    return interval.every * seconds // 60
