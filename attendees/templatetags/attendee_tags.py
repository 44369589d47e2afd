"""Template tags for attendee data, and the ClickMeeting history panel that
Contact and Lead pages show."""

from datetime import timedelta

from django import template
from django.utils.translation import gettext as _

from attendees.display import attendance_seconds, registration_answers
from attendees.history import person_history

register = template.Library()


@register.inclusion_tag("attendees/includes/clickmeeting_history.html")
def clickmeeting_history(person):
    """Render the meetings, chat messages and poll answers of a person."""
    return {"person": person, "history": person_history(person)}


@register.filter
def duration_text(value):
    """Format seconds (or a timedelta) as "1 h 05 min", "12 min 30 s" or "45 s"."""
    if value is None or value == "":
        return ""
    if isinstance(value, timedelta):
        value = value.total_seconds()
    total = int(value)
    hours, remainder = divmod(total, 3600)
    minutes, seconds = divmod(remainder, 60)
    if hours:
        return _("%(hours)d h %(minutes)02d min") % {
            "hours": hours,
            "minutes": minutes,
        }
    if minutes and not seconds:
        return _("%(minutes)d min") % {"minutes": minutes}
    if minutes:
        return _("%(minutes)d min %(seconds)02d s") % {
            "minutes": minutes,
            "seconds": seconds,
        }
    return _("%(seconds)d s") % {"seconds": seconds}


@register.filter
def stay_duration(attendee):
    """Return how long an attendee stayed, in seconds, or None."""
    return attendance_seconds(attendee)


@register.filter
def answers(raw):
    """Return the registration answers of a stored JSON value."""
    return registration_answers(raw)
