"""Personal iCalendar feeds: the secret token per user and the feed itself."""

import logging
import secrets
from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from icalendar import Calendar, Event

from meetings import queries
from meetings.models import CalendarFeed

logger = logging.getLogger(__name__)

# How far back the feed reaches, and how many events it lists at most, so a
# calendar client polling it every few minutes stays cheap.
FEED_HISTORY = timedelta(days=90)
FEED_MAX_EVENTS = 500
FEED_PRODUCT_ID = "-//cmsync//ClickMeeting sync meetings//EN"


def new_token():
    return secrets.token_urlsafe(32)


def feed_of(user):
    return CalendarFeed.objects.filter(user=user).first()


def feed_regenerate(user):
    """Give the user a new feed address; the previous one stops working."""
    with transaction.atomic():
        feed, created = CalendarFeed.objects.select_for_update().get_or_create(
            user=user, defaults={"token": new_token()}
        )
        if not created:
            feed.token = new_token()
            feed.save(update_fields=["token"])
    logger.info("calendar feed of user %s regenerated (new=%s)", user.pk, created)
    return feed


def feed_revoke(user):
    deleted, _details = CalendarFeed.objects.filter(user=user).delete()
    logger.info("calendar feed of user %s revoked (existed=%s)", user.pk, bool(deleted))


def user_for_token(token):
    """Return the active user whose feed has this token, or None."""
    feed = (
        CalendarFeed.objects.select_related("user")
        .filter(token=token, user__is_active=True)
        .first()
    )
    return feed.user if feed else None


def feed_meetings(user, now=None):
    now = now or timezone.now()
    return (
        queries.meetings_of_user(user)
        .filter(starts_at__gte=now - FEED_HISTORY)
        .order_by("starts_at", "pk")[:FEED_MAX_EVENTS]
    )


def build_calendar(meetings, detail_url_of):
    """Render meetings as an iCalendar document (bytes).

    Times are written in UTC, which every calendar client converts to its
    own zone. `detail_url_of(meeting)` returns the meeting page's full URL.
    """
    document = Calendar()
    document.add("prodid", FEED_PRODUCT_ID)
    document.add("version", "2.0")
    document.add("calscale", "GREGORIAN")
    document.add("x-wr-calname", "ClickMeeting")
    stamp = timezone.now()
    for meeting in meetings:
        document.add_component(_event(meeting, detail_url_of(meeting), stamp))
    return document.to_ical()


def _event(meeting, detail_url, stamp):
    event = Event()
    event.add("uid", f"meeting-{meeting.pk}@cmsync")
    event.add("dtstamp", stamp)
    event.add("dtstart", meeting.starts_at)
    event.add("dtend", meeting.ends_at)
    event.add("summary", meeting.name)
    event.add("last-modified", meeting.updated_at)
    event.add("url", meeting.room_url or detail_url)
    lines = [detail_url]
    if meeting.room_url:
        lines.insert(0, meeting.room_url)
    event.add("description", "\n".join(lines))
    if meeting.deleted_at_source:
        event.add("status", "CANCELLED")
    else:
        event.add("status", "CONFIRMED")
    return event
