"""A CRM person's ClickMeeting history: attendance, chat and poll answers."""

from dataclasses import dataclass

from django.db.models import Q

from attendees.display import stay_seconds
from attendees.models import Attendee
from crm.models import Contact, Lead
from meetings.models import ChatMessage, PollAnswer

HISTORY_LIST_LIMIT = 20


@dataclass(frozen=True)
class EngagementSummary:
    """Totals over everything ClickMeeting reported for one person."""

    meetings_attended: int
    total_minutes: int
    chat_messages: int
    poll_answers: int


@dataclass(frozen=True)
class PersonHistory:
    """The latest rows of each kind, with the full count of each."""

    attendances: list
    attendance_count: int
    chat_messages: list
    poll_answers: list
    summary: EngagementSummary

    @property
    def is_empty(self):
        summary = self.summary
        return not (
            self.attendance_count or summary.chat_messages or summary.poll_answers
        )


def person_filter(person) -> Q:
    """Return the filter that selects rows linked to a Contact or a Lead."""
    if isinstance(person, Contact):
        return Q(contact=person)
    if isinstance(person, Lead):
        return Q(lead=person)
    raise TypeError(f"Expected a Contact or a Lead, got {type(person).__name__}.")


def person_history(person, limit: int = HISTORY_LIST_LIMIT) -> PersonHistory:
    """Load a person's history in a fixed number of queries (six)."""
    linked = person_filter(person)
    attendance_totals = _attendance_totals(linked)
    attendances = list(
        Attendee.objects.filter(linked)
        .select_related("meeting", "session")
        .order_by("-joined_at", "-id")[:limit]
    )
    chat_messages = list(
        ChatMessage.objects.filter(linked)
        .select_related("meeting")
        .order_by("-sent_at", "-id")[:limit]
    )
    poll_answers = list(
        PollAnswer.objects.filter(linked)
        .select_related("meeting", "attendee")
        .order_by("-session__started_at", "-id")[:limit]
    )
    summary = EngagementSummary(
        meetings_attended=attendance_totals["meetings"],
        total_minutes=round(attendance_totals["seconds"] / 60),
        chat_messages=ChatMessage.objects.filter(linked).count(),
        poll_answers=PollAnswer.objects.filter(linked).count(),
    )
    return PersonHistory(
        attendances=attendances,
        attendance_count=attendance_totals["rows"],
        chat_messages=chat_messages,
        poll_answers=poll_answers,
        summary=summary,
    )


def _attendance_totals(linked: Q) -> dict:
    # Summed in Python because a stay without ClickMeeting's duration is
    # measured from the joined and left times, and date arithmetic differs
    # between SQLite and PostgreSQL. One narrow row per attendance is cheap.
    rows = Attendee.objects.filter(linked).values_list(
        "meeting_id", "attended", "duration_seconds", "joined_at", "left_at"
    )
    meetings = set()
    seconds = 0
    count = 0
    for meeting_id, attended, duration, joined_at, left_at in rows:
        count += 1
        if not attended:
            continue
        meetings.add(meeting_id)
        seconds += stay_seconds(duration, joined_at, left_at) or 0
    return {"rows": count, "meetings": len(meetings), "seconds": seconds}
