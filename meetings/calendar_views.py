"""The home calendar's data and the personal iCalendar feed pages."""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View

from cmsync.permissions import ViewerRequiredMixin
from meetings import calendar_feeds, month_calendar, queries, timezones

HOME_UPCOMING_SHOWN = 10


def home_context(request):
    """Return the home page's month grid, upcoming list and feed address."""
    user = request.user
    zone_name = timezones.user_zone_name(request)
    now = timezone.now()
    today = timezones.aware_to_wall_time(now, zone_name).date()

    month = month_calendar.build_month(
        month_calendar.parse_month(request.GET.get("month"), today), today
    )
    grid_start, grid_end = month_calendar.grid_bounds(month, zone_name)
    month_meetings = (
        queries.meetings_of_user(user)
        .filter(starts_at__gte=grid_start, starts_at__lt=grid_end)
        .order_by("starts_at", "pk")
    )
    month_calendar.place_meetings(month, month_meetings, zone_name)

    upcoming = queries.upcoming(queries.meetings_of_user(user), now).order_by(
        "starts_at", "pk"
    )[:HOME_UPCOMING_SHOWN]
    feed = calendar_feeds.feed_of(user)
    feed_url = request.build_absolute_uri(feed.get_absolute_url()) if feed else ""
    return {
        "month": month,
        "upcoming_meetings": upcoming,
        "user_zone": zone_name,
        "feed_url": feed_url,
    }


class CalendarFeedView(View):
    """The iCalendar feed; the secret token in the URL replaces a login."""

    http_method_names = ["get", "head"]

    def get(self, request, token):
        user = calendar_feeds.user_for_token(token)
        if user is None:
            raise Http404("No calendar feed has this address.")

        def detail_url_of(meeting):
            return request.build_absolute_uri(meeting.get_absolute_url())

        body = calendar_feeds.build_calendar(
            calendar_feeds.feed_meetings(user), detail_url_of
        )
        response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
        response["Content-Disposition"] = 'inline; filename="meetings.ics"'
        response["Cache-Control"] = "private, max-age=300"
        return response


class CalendarFeedRegenerateView(ViewerRequiredMixin, View):
    http_method_names = ["post"]

    def post(self, request):
        calendar_feeds.feed_regenerate(request.user)
        messages.success(
            request,
            _(
                "Your calendar feed has a new address. The previous address no "
                "longer works."
            ),
        )
        return redirect(reverse("home") + "#calendar-feed")


class CalendarFeedRevokeView(ViewerRequiredMixin, View):
    http_method_names = ["post"]

    def post(self, request):
        calendar_feeds.feed_revoke(request.user)
        messages.success(request, _("Your calendar feed address no longer works."))
        return redirect(reverse("home") + "#calendar-feed")
