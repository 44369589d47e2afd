"""The home page's month calendar and the personal iCalendar feed."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse
from icalendar import Calendar

from crm.models import Contact
from invitations.models import Invitation
from meetings import month_calendar
from meetings.models import CalendarFeed
from meetings.timezones import BROWSER_ZONE_COOKIE
from tests.meetings.factories import MeetingFactory

UTC = ZoneInfo("UTC")
NOW = datetime(2030, 5, 14, 9, 0, tzinfo=UTC)


def test_month_grid_covers_whole_weeks():
    month = month_calendar.build_month(date(2030, 5, 1), today=date(2030, 5, 14))

    assert month.grid_start == date(2030, 4, 29)
    assert month.grid_end == date(2030, 6, 2)
    assert all(len(week) == 7 for week in month.weeks)
    assert month.previous_month == date(2030, 4, 1)
    assert month.next_month == date(2030, 6, 1)
    today_cells = [cell for week in month.weeks for cell in week if cell.is_today]
    assert [cell.day for cell in today_cells] == [date(2030, 5, 14)]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2030-12", date(2030, 12, 1)),
        ("2030-13", date(2030, 5, 1)),
        ("junk", date(2030, 5, 1)),
        (None, date(2030, 5, 1)),
    ],
)
def test_parse_month(value, expected):
    assert month_calendar.parse_month(value, date(2030, 5, 14)) == expected


@pytest.fixture
def frozen_now():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.mark.django_db
def test_home_places_owned_and_invited_meetings(
    login, creator, other_creator, frozen_now
):
    owned = MeetingFactory(
        owner=creator, starts_at=datetime(2030, 5, 20, 8, 0, tzinfo=UTC)
    )
    invited = MeetingFactory(
        owner=other_creator, starts_at=datetime(2030, 5, 21, 23, 30, tzinfo=UTC)
    )
    MeetingFactory(owner=other_creator, starts_at=datetime(2030, 5, 22, tzinfo=UTC))
    contact = Contact.objects.create(
        first_name="C", last_name="Reator", email="CREATOR@example.com", owner=creator
    )
    Invitation.objects.create(meeting=invited, contact=contact, email=contact.email)
    client = login(creator)
    client.cookies[BROWSER_ZONE_COOKIE] = "Europe/Warsaw"

    response = client.get(reverse("home"))

    cells = {
        cell.day: cell for week in response.context["month"].weeks for cell in week
    }
    assert cells[date(2030, 5, 20)].meetings == [owned]
    # 23:30 UTC is already the next day in Warsaw.
    assert cells[date(2030, 5, 22)].meetings == [invited]
    assert list(response.context["upcoming_meetings"]) == [owned, invited]
    assert response.context["user_zone"] == "Europe/Warsaw"


@pytest.mark.django_db
def test_home_month_navigation(login, creator, frozen_now):
    later = MeetingFactory(
        owner=creator, starts_at=datetime(2030, 7, 3, 10, tzinfo=UTC)
    )

    response = login(creator).get(reverse("home"), {"month": "2030-07"})

    cells = [cell for week in response.context["month"].weeks for cell in week]
    assert [cell.meetings for cell in cells if cell.meetings] == [[later]]
    assert b"?month=2030-06" in response.content
    assert b"?month=2030-08" in response.content


@pytest.mark.django_db
def test_feed_regenerate_and_revoke(login, creator):
    client = login(creator)

    client.post(reverse("meetings:calendar_feed_regenerate"))
    first_token = CalendarFeed.objects.get(user=creator).token
    client.post(reverse("meetings:calendar_feed_regenerate"))
    second_token = CalendarFeed.objects.get(user=creator).token

    assert first_token != second_token
    assert len(second_token) >= 40
    old = client.get(reverse("meetings:calendar_feed", args=[first_token]))
    assert old.status_code == 404
    home = client.get(reverse("home"))
    assert second_token in home.content.decode()

    client.post(reverse("meetings:calendar_feed_revoke"))

    assert not CalendarFeed.objects.filter(user=creator).exists()
    gone = client.get(reverse("meetings:calendar_feed", args=[second_token]))
    assert gone.status_code == 404


@pytest.mark.django_db
def test_feed_works_without_login(client, creator, other_creator, frozen_now):
    owned = MeetingFactory(
        owner=creator,
        name="Board <meeting>",
        starts_at=NOW + timedelta(days=1),
        duration=timedelta(minutes=90),
        room_url="https://example.clickmeeting.com/board",
    )
    MeetingFactory(owner=other_creator, name="Not mine")
    feed = CalendarFeed.objects.create(user=creator, token="t" * 43)

    response = client.get(reverse("meetings:calendar_feed", args=[feed.token]))

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    events = list(calendar.walk("VEVENT"))
    assert len(events) == 1
    event = events[0]
    assert str(event["summary"]) == "Board <meeting>"
    assert event.decoded("dtstart") == owned.starts_at
    assert event.decoded("dtend") == owned.starts_at + timedelta(minutes=90)
    assert event.decoded("dtstart").utcoffset() == timedelta(0)
    assert str(event["uid"]) == f"meeting-{owned.pk}@cmsync"
    assert str(event["url"]) == "https://example.clickmeeting.com/board"


@pytest.mark.django_db
def test_feed_of_inactive_user_is_gone(client, creator):
    creator.is_active = False
    creator.save()
    feed = CalendarFeed.objects.create(user=creator, token="u" * 43)

    response = client.get(reverse("meetings:calendar_feed", args=[feed.token]))

    assert response.status_code == 404
