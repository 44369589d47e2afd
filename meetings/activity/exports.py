"""The CSV exports of a meeting: attendees, registrations, chat and polls.

Each export returns a header and a lazy iterator of rows, so the response
streams from a database cursor instead of holding the meeting in memory.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from attendees.display import attendance_seconds, registration_answers
from attendees.models import Attendee, Registration
from meetings.models import ChatMessage, PollAnswer

CHUNK_SIZE = 1000
PERSON_HEADER = ["Person type", "Person id", "Person name"]


@dataclass(frozen=True)
class Export:
    """The columns and rows of one CSV file."""

    header: list[str]
    rows: Iterable[list]


def attendees_export(meeting) -> Export:
    attendees = Attendee.objects.filter(meeting=meeting)
    labels = _answer_labels(attendees.values_list("registration", flat=True))
    header = [
        "Attendee number",
        "Session id",
        "Session start",
        "ClickMeeting attendee id",
        "Email",
        "Login",
        "Role",
        "Joined",
        "Left",
        "Duration (seconds)",
        "Attended",
        "Device",
        *PERSON_HEADER,
        *labels,
    ]
    rows = (
        [
            attendee.attendee_number,
            attendee.session.clickmeeting_id,
            attendee.session.started_at,
            attendee.clickmeeting_id,
            attendee.email,
            attendee.login,
            attendee.role,
            attendee.joined_at,
            attendee.left_at,
            attendance_seconds(attendee),
            attendee.attended,
            attendee.device,
            *_person_cells(attendee),
            *_answer_cells(attendee.registration, labels),
        ]
        for attendee in attendees.select_related("session", "contact", "lead")
        .order_by("session__started_at", "session_id", "joined_at", "id")
        .iterator(chunk_size=CHUNK_SIZE)
    )
    return Export(header, rows)


def registrations_export(meeting) -> Export:
    registrations = Registration.objects.filter(meeting=meeting)
    labels = _answer_labels(registrations.values_list("fields", flat=True))
    header = [
        "ClickMeeting registration id",
        "Session id",
        "Session start",
        "Email",
        "First name",
        "Last name",
        "Registered",
        "Confirmed",
        *PERSON_HEADER,
        *labels,
    ]
    rows = (
        [
            registration.clickmeeting_id,
            registration.session.clickmeeting_id if registration.session else None,
            registration.session.started_at if registration.session else None,
            registration.email,
            registration.first_name,
            registration.last_name,
            registration.registered_at,
            registration.confirmed_at,
            *_person_cells(registration),
            *_answer_cells(registration.fields, labels),
        ]
        for registration in registrations.select_related("session", "contact", "lead")
        .order_by("registered_at", "id")
        .iterator(chunk_size=CHUNK_SIZE)
    )
    return Export(header, rows)


def chat_export(meeting) -> Export:
    header = [
        "Session id",
        "Session start",
        "Time",
        "Author",
        "Email",
        *PERSON_HEADER,
        "Message",
    ]
    rows = (
        [
            message.session.clickmeeting_id,
            message.session.started_at,
            message.sent_at,
            message.author_name,
            message.author_email,
            *_person_cells(message),
            message.text,
        ]
        for message in ChatMessage.objects.filter(meeting=meeting)
        .select_related("session", "contact", "lead")
        .order_by(*CHAT_ORDER)
        .iterator(chunk_size=CHUNK_SIZE)
    )
    return Export(header, rows)


def polls_export(meeting) -> Export:
    header = [
        "Session id",
        "Session start",
        "Poll",
        "Question",
        "Answer",
        "Respondent",
        "Email",
        "Attendee number",
        *PERSON_HEADER,
    ]
    rows = (
        [
            answer.session.clickmeeting_id,
            answer.session.started_at,
            answer.poll_title,
            answer.question,
            answer.answer,
            answer.respondent_name,
            answer.respondent_email,
            answer.attendee.attendee_number if answer.attendee else None,
            *_person_cells(answer),
        ]
        for answer in PollAnswer.objects.filter(meeting=meeting)
        .select_related("session", "attendee", "contact", "lead")
        .order_by(*POLL_ORDER)
        .iterator(chunk_size=CHUNK_SIZE)
    )
    return Export(header, rows)


EXPORTS = {
    "attendees": attendees_export,
    "registrations": registrations_export,
    "chat": chat_export,
    "polls": polls_export,
}

# Chat in the order it was written; position breaks ties inside a second.
CHAT_ORDER = ("session__started_at", "session_id", "sent_at", "position", "id")
POLL_ORDER = ("session__started_at", "session_id", "poll_title", "question", "id")


def _person_cells(row) -> list:
    if row.contact_id:
        return ["contact", row.contact_id, row.contact.full_name]
    if row.lead_id:
        return ["lead", row.lead_id, row.lead.full_name]
    return ["", None, ""]


def _answer_labels(raw_values) -> list[str]:
    """Return every answer label used, in the order first seen."""
    labels: dict[str, None] = {}
    for raw in raw_values.iterator(chunk_size=CHUNK_SIZE):
        for answer in registration_answers(raw):
            labels.setdefault(answer.label, None)
    return list(labels)


def _answer_cells(raw, labels) -> list[str]:
    by_label: dict[str, list[str]] = {}
    for answer in registration_answers(raw):
        by_label.setdefault(answer.label, []).append(answer.value)
    return ["; ".join(by_label.get(label, [])) for label in labels]
