"""Request-wide middleware of the project."""

import zoneinfo

from django.utils import timezone

# static/js/timezone.js stores the browser's IANA zone name in this cookie.
BROWSER_ZONE_COOKIE = "cmsync_tz"


class BrowserTimezoneMiddleware:
    """Show times in the zone of the user's browser, on every page.

    Without the cookie (first page, scripts off) times stay in
    settings.TIME_ZONE; an unknown zone name is ignored.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        zone = parse_zone(request.COOKIES.get(BROWSER_ZONE_COOKIE, ""))
        if zone is None:
            timezone.deactivate()
        else:
            timezone.activate(zone)
        return self.get_response(request)


def parse_zone(name):
    if not name or len(name) > 64:
        return None
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return None
