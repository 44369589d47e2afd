"""A month of meetings as a grid of weeks, for the home page."""

import calendar
import re
import zoneinfo
from dataclasses import dataclass, field
from datetime import date, datetime

from django.utils.dates import WEEKDAYS_ABBR

MONTH_PATTERN = re.compile(r"^(\d{4})-(\d{2})$")


@dataclass
class CalendarDay:
    day: date
    in_month: bool
    is_today: bool
    meetings: list = field(default_factory=list)


@dataclass
class MonthCalendar:
    first_day: date
    weeks: list
    weekday_names: list

    @property
    def previous_month(self):
        return _shift_month(self.first_day, -1)

    @property
    def next_month(self):
        return _shift_month(self.first_day, 1)

    @property
    def grid_start(self):
        return self.weeks[0][0].day

    @property
    def grid_end(self):
        return self.weeks[-1][-1].day


def parse_month(value, today):
    """Return the first day of the month named "YYYY-MM", or today's month."""
    match = MONTH_PATTERN.match(value or "")
    if match:
        year, month = int(match.group(1)), int(match.group(2))
        if 1 <= month <= 12 and 1900 <= year <= 9999:
            return date(year, month, 1)
    return today.replace(day=1)


def build_month(first_day, today, firstweekday=calendar.MONDAY):
    """Lay out the weeks that cover the month, days of nearby months included."""
    month_days = calendar.Calendar(firstweekday).monthdatescalendar(
        first_day.year, first_day.month
    )
    weeks = [
        [
            CalendarDay(
                day=day, in_month=day.month == first_day.month, is_today=day == today
            )
            for day in week
        ]
        for week in month_days
    ]
    # Django's names follow the active language; calendar.day_abbr would not.
    weekday_names = [WEEKDAYS_ABBR[(firstweekday + offset) % 7] for offset in range(7)]
    return MonthCalendar(first_day=first_day, weeks=weeks, weekday_names=weekday_names)


def place_meetings(month, meetings, zone_name):
    """Put each meeting on the grid day of its start in the given zone."""
    zone = zoneinfo.ZoneInfo(zone_name)
    days = {cell.day: cell for week in month.weeks for cell in week}
    for meeting in meetings:
        local_day = meeting.starts_at.astimezone(zone).date()
        if local_day in days:
            days[local_day].meetings.append(meeting)


def grid_bounds(month, zone_name):
    """Return the UTC instants where the grid's first day starts and last ends."""
    zone = zoneinfo.ZoneInfo(zone_name)
    start = datetime.combine(month.grid_start, datetime.min.time(), tzinfo=zone)
    end_day = month.grid_end.toordinal() + 1
    end = datetime.combine(date.fromordinal(end_day), datetime.min.time(), tzinfo=zone)
    return start, end


def _shift_month(first_day, months):
    index = first_day.year * 12 + first_day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)
