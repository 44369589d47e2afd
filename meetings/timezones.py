"""Time zones of users and meetings: choices, the user's zone, wall times."""

import zoneinfo
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.utils import timezone

# meetings.js stores the browser's IANA zone name in this cookie.
BROWSER_ZONE_COOKIE = "cmsync_tz"


def _zone_names():
    # available_timezones() also lists aliases such as "posixrules" and
    # "Factory"; an "Area/Location" name or UTC is what a user picks from.
    names = {
        name
        for name in zoneinfo.available_timezones()
        if "/" in name and not name.startswith(("posix/", "right/", "Etc/"))
    }
    names.add("UTC")
    return sorted(names)


TIME_ZONE_NAMES = _zone_names()
TIME_ZONE_NAME_SET = frozenset(TIME_ZONE_NAMES)
TIME_ZONE_CHOICES = [(name, name.replace("_", " ")) for name in TIME_ZONE_NAMES]


def is_known_zone(name):
    return name in TIME_ZONE_NAME_SET


def user_zone_name(request):
    """Return the IANA zone to show times in for this request's user.

    The browser's zone (sent back by meetings.js) comes first, then the zone
    of the user's latest meeting, then settings.TIME_ZONE.
    """
    browser_zone = request.COOKIES.get(BROWSER_ZONE_COOKIE, "")
    if is_known_zone(browser_zone):
        return browser_zone
    return remembered_zone_name(request.user)


def remembered_zone_name(user):
    from meetings.models import Meeting

    latest_zone = (
        Meeting.objects.filter(owner_id=user.pk)
        .order_by("-created_at", "-pk")
        .values_list("timezone", flat=True)
        .first()
    )
    if latest_zone and is_known_zone(latest_zone):
        return latest_zone
    return settings.TIME_ZONE


class NonexistentTimeError(ValueError):
    """The wall time falls in a daylight saving gap of the zone."""


def wall_time_to_aware(wall_time, zone_name):
    """Attach a zone to a naive wall time, rejecting times that never occur.

    Ambiguous times (the hour repeated when clocks go back) take the first
    occurrence, as Python's fold=0 does.
    """
    zone = zoneinfo.ZoneInfo(zone_name)
    aware = wall_time.replace(tzinfo=zone)
    round_trip = aware.astimezone(UTC).astimezone(zone)
    if round_trip.replace(tzinfo=None) != wall_time:
        raise NonexistentTimeError(wall_time, zone_name)
    return aware


def aware_to_wall_time(moment, zone_name):
    return moment.astimezone(zoneinfo.ZoneInfo(zone_name)).replace(tzinfo=None)


def default_start_wall_time(zone_name, now=None):
    """Return one hour from now as wall time in the zone, whole minutes."""
    now = now or timezone.now()
    start = aware_to_wall_time(now + timedelta(hours=1), zone_name)
    return start.replace(second=0, microsecond=0)


def local_day_bounds(day, zone_name):
    """Return the UTC instants of the start of `day` and of the next day."""
    zone = zoneinfo.ZoneInfo(zone_name)
    start = datetime.combine(day, datetime.min.time(), tzinfo=zone)
    end = datetime.combine(day + timedelta(days=1), datetime.min.time(), tzinfo=zone)
    return start.astimezone(UTC), end.astimezone(UTC)


def valid_zone_name(name):
    """Return name when it is an IANA zone this system knows, else "UTC"."""
    try:
        zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, TypeError):
        return "UTC"
    return name
