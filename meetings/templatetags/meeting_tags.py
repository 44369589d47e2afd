"""Display helpers of the meeting pages."""

import zoneinfo

from django import template
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext as _

from meetings import timezones

register = template.Library()


@register.filter
def hours_minutes(duration):
    """Render a timedelta as "1 h 30 min"; empty for None."""
    if duration is None:
        return ""
    total_minutes = int(duration.total_seconds() // 60)
    hours, minutes = divmod(total_minutes, 60)
    if hours and minutes:
        return _("%(hours)d h %(minutes)d min") % {"hours": hours, "minutes": minutes}
    if hours:
        return _("%(hours)d h") % {"hours": hours}
    return _("%(minutes)d min") % {"minutes": minutes}


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
