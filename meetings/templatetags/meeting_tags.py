"""Display helpers of the meeting pages."""

import zoneinfo

from django import template
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from attendees.templatetags.attendee_tags import duration_text
from meetings import timezones

register = template.Library()

# Values ClickMeeting sends as they are; any other value is shown unchanged.
ROOM_STATUS_LABELS = {
    "active": _("Active"),
    "inactive": _("Inactive"),
}
# Recordings carry the extension of their URL (or "recording" without one);
# library documents carry ClickMeeting's document_type.
FILE_TYPE_LABELS = {
    "recording": _("Recording"),
    "mp4": _("MP4 video"),
    "presentation_pdf": _("PDF presentation"),
    "image": _("Image"),
    "video": _("Video"),
    "audio": _("Audio"),
}


@register.filter
def hours_minutes(duration):
    """Render a timedelta as "1 h 30 min": attendee_tags' duration_text, kept
    under this name for templates outside the meeting pages."""
    return duration_text(duration)


@register.filter
def room_status_label(status):
    return ROOM_STATUS_LABELS.get(status, status)


@register.filter
def file_type_label(file_type):
    return FILE_TYPE_LABELS.get(file_type, file_type)


@register.simple_tag
def meeting_zone_time(value, zone_name):
    """Render an aware datetime in the meeting's zone, labelled with the zone.

    Other times on a page are in the browser's zone and carry no label, so the
    label is what tells the two apart. An unknown zone name falls back to UTC.
    """
    if value is None:
        return "—"
    zone_name = timezones.valid_zone_name(zone_name)
    local = timezone.localtime(value, zoneinfo.ZoneInfo(zone_name))
    return format_html(
        '<span class="text-nowrap">{}</span> '
        '<span class="text-body-secondary small text-nowrap">{}</span>',
        date_format(local, "DATETIME_FORMAT"),
        zone_name.replace("_", " "),
    )
