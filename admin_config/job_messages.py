"""The message shown after "Create jobs" on the settings page and in admin."""

from django.utils import formats, timezone
from django.utils.translation import gettext as _

from admin_config.models import ClickMeetingConfig
from admin_config.services import PeriodicJobState, PeriodicJobSync


def job_message(
    config: ClickMeetingConfig, sync: PeriodicJobSync, state: PeriodicJobState
) -> str:
    """Describe what "Create jobs" did to the bulk sync job and when it runs."""
    action = {
        "created": _("Created the periodic bulk sync job in the scheduler."),
        "updated": _("Updated the periodic bulk sync job in the scheduler."),
        "unchanged": _(
            "The periodic bulk sync job was already up to date in the scheduler."
        ),
    }[sync.action]

    if not sync.job.enabled:
        return f"{action} {disabled_reason(config)}"

    schedule = _("It is enabled and runs every %(minutes)s minutes.") % {
        "minutes": state.every_minutes
    }
    if state.next_run_at is None:
        return f"{action} {schedule}"
    next_run = _("Next run at about %(when)s.") % {
        "when": formats.date_format(
            timezone.localtime(state.next_run_at), "SHORT_DATETIME_FORMAT"
        )
    }
    return f"{action} {schedule} {next_run}"


def disabled_reason(config: ClickMeetingConfig) -> str:
    if config.has_api_key:
        return _(
            "It is disabled because the stored API key cannot be decrypted. "
            "Enter the API key again under Edit to enable it."
        )
    return _(
        "It is disabled because no API key is stored. Enter one under Edit "
        "to enable it."
    )
