"""Duration and role filters shared by meeting, invitation and attendee pages."""

from datetime import timedelta

import pytest

from attendees.templatetags.attendee_tags import attendee_role_label, duration_text
from meetings.templatetags.meeting_tags import hours_minutes


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (45, "45 s"),
        (0, "0 s"),
        (25 * 60, "25 min"),
        (12 * 60 + 30, "12 min 30 s"),
        (3600, "1 h"),
        (3600 + 5 * 60, "1 h 05 min"),
        # Seconds are dropped from one hour on.
        (3600 + 5 * 60 + 40, "1 h 05 min"),
        (5412, "1 h 30 min"),
        (timedelta(minutes=25), "25 min"),
        (timedelta(hours=2), "2 h"),
        (None, ""),
        ("", ""),
    ],
)
def test_duration_text_formats(value, expected):
    assert duration_text(value) == expected


def test_hours_minutes_matches_duration_text():
    for duration in (timedelta(hours=1), timedelta(minutes=25), timedelta(0)):
        assert hours_minutes(duration) == duration_text(duration)


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("host", "Host"),
        ("presenter", "Presenter"),
        ("listener", "Participant"),
        ("moderator", "moderator"),
        ("", ""),
    ],
)
def test_attendee_role_label(role, expected):
    assert str(attendee_role_label(role)) == expected
