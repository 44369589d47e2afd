"""Template tags for attendee data, and the ClickMeeting history panel that
Contact and Lead pages show."""

from datetime import timedelta

from django import template
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from attendees.display import attendance_seconds, registration_answers
from attendees.history import person_history

register = template.Library()

# The attendee roles ClickMeeting reports; it calls a participant a "listener".
ATTENDEE_ROLE_LABELS = {
    "host": gettext_lazy("Host"),
    "presenter": gettext_lazy("Presenter"),
    "listener": gettext_lazy("Participant"),
}


@register.inclusion_tag("attendees/includes/clickmeeting_history.html")
def clickmeeting_history(person):
    """Render the meetings, chat messages and poll answers of a person."""
    return {"person": person, "history": person_history(person)}


@register.filter
def duration_text(value):
    """Format seconds or a timedelta as "1 h", "1 h 05 min", "25 min" or "45 s".

    Seconds are shown only under one hour ("12 min 30 s"); above it they are
    dropped. None and "" give "", so a `default` filter can follow.
    """
    if value is None or value == "":
        return ""
    if isinstance(value, timedelta):
        value = value.total_seconds()
    total = int(value)
    hours, remainder = divmod(total, 3600)
    minutes, seconds = divmod(remainder, 60)
    if hours and minutes:
        return _("%(hours)d h %(minutes)02d min") % {
            "hours": hours,
            "minutes": minutes,
        }
    if hours:
        return _("%(hours)d h") % {"hours": hours}
    if minutes and seconds:
        return _("%(minutes)d min %(seconds)02d s") % {
            "minutes": minutes,
            "seconds": seconds,
        }
    if minutes:
        return _("%(minutes)d min") % {"minutes": minutes}
    return _("%(seconds)d s") % {"seconds": seconds}


@register.filter
def attendee_role_label(role):
    """Return the label of a ClickMeeting attendee role; unknown roles unchanged."""
    return ATTENDEE_ROLE_LABELS.get(role, role)


@register.filter
def stay_duration(attendee):
    """Return how long an attendee stayed, in seconds, or None."""
    return attendance_seconds(attendee)


@register.filter
def answers(raw):
    """Return the registration answers of a stored JSON value."""
    return registration_answers(raw)
