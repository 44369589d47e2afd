"""Model rows built from the ClickMeeting client's typed values.

Each builder returns a dict of model attribute names for `upsert_rows`.
ClickMeeting gives chat messages and poll responses no id, so their identity
(`source_key`) is a hash of the values that identify them.
"""

import hashlib
from datetime import UTC
from pathlib import PurePosixPath
from urllib.parse import urlsplit

from crm.models import normalize_email
from meetings.models import File

SEPARATOR = "\x1f"


def source_key(*parts) -> str:
    text = SEPARATOR.join("" if part is None else str(part) for part in parts)
    return hashlib.sha256(text.encode()).hexdigest()


def person_fields(link) -> dict:
    return {"contact_id": link.contact_id, "lead_id": link.lead_id}


def session_row(meeting_id: int, session) -> dict:
    return {
        "meeting_id": meeting_id,
        "clickmeeting_id": session.id,
        "started_at": session.started_at,
        "ended_at": session.ended_at,
        "total_visitors": max(session.total_visitors or 0, 0),
        "peak_visitors": max(session.max_visitors or 0, 0),
    }


def form_answers(fields: dict) -> list[dict]:
    """Return registration form fields as [{"label", "value"}] in form order."""
    return [
        {"label": str(label), "value": str(value)} for label, value in fields.items()
    ]


def registration_row(meeting_id, registration, session_pk, link) -> dict:
    return {
        "meeting_id": meeting_id,
        "clickmeeting_id": registration.id,
        "session_id": session_pk,
        "email": (registration.email or "").strip(),
        "email_normalized": normalize_email(registration.email),
        "first_name": registration.first_name,
        "last_name": registration.last_name,
        "fields": form_answers(registration.fields),
        "registered_at": registration.registered_at,
        "confirmed_at": registration.confirmed_at,
        **person_fields(link),
    }


def attendee_row(meeting_id, session_pk, attendee, *, answers, invitation_id, link):
    duration = None
    if (
        attendee.joined_at
        and attendee.left_at
        and attendee.left_at >= attendee.joined_at
    ):
        duration = int((attendee.left_at - attendee.joined_at).total_seconds())
    return {
        "meeting_id": meeting_id,
        "session_id": session_pk,
        "clickmeeting_id": str(attendee.uid),
        "email": (attendee.email or "").strip(),
        "email_normalized": normalize_email(attendee.email),
        "login": attendee.nickname,
        "role": attendee.role,
        "joined_at": attendee.joined_at,
        "left_at": attendee.left_at,
        "duration_seconds": duration,
        "attended": True,
        "device": attendee.device,
        "registration": answers,
        "invitation_id": invitation_id,
        **person_fields(link),
    }


def poll_answer_rows(meeting_id, session_pk, attendee, attendee_pk, link) -> list:
    rows = []
    for answer in attendee.polls:
        rows.append(
            {
                "meeting_id": meeting_id,
                "session_id": session_pk,
                "source_key": source_key(
                    attendee.uid, answer.poll_name, answer.question, answer.answer
                ),
                "attendee_id": attendee_pk,
                "poll_title": answer.poll_name,
                "question": answer.question,
                "answer": answer.answer,
                "respondent_email": (attendee.email or "").strip(),
                "respondent_name": attendee.nickname,
                **person_fields(link),
            }
        )
    return rows


def chat_rows(meeting_id, session_pk, messages, directory) -> list:
    rows = []
    seen: dict[str, int] = {}
    for message in messages:
        identity = source_key(
            message.sent_at.isoformat(),
            message.email,
            message.nickname,
            message.message,
        )
        # Identical lines (same time, author and text) are kept apart by
        # their occurrence number, so a repeated message is not merged.
        occurrence = seen.get(identity, 0)
        seen[identity] = occurrence + 1
        rows.append(
            {
                "meeting_id": meeting_id,
                "session_id": session_pk,
                "source_key": source_key(identity, occurrence),
                "sent_at": message.sent_at,
                "author_name": message.nickname,
                "author_email": (message.email or "").strip(),
                "text": message.message,
                "position": message.position,
                **person_fields(directory.link(message.email)),
            }
        )
    return rows


def recording_row(meeting_id, recording) -> dict:
    # Only the id and the facts about the recording are kept: its URL is
    # signed and expires, so downloads ask ClickMeeting for a fresh one.
    started = recording.started_at
    name = "Recording"
    if started:
        name = f"Recording {started.astimezone(UTC):%Y-%m-%d %H:%M} UTC"
    suffix = PurePosixPath(urlsplit(recording.url or "").path).suffix.lstrip(".")
    return {
        "meeting_id": meeting_id,
        "kind": File.Kind.RECORDING,
        "clickmeeting_id": recording.id,
        "name": f"{name} ({recording.id})",
        "file_type": suffix.lower() or "recording",
        "size_bytes": recording.file_size,
        "duration_seconds": int(recording.duration.total_seconds()),
        "created_at_source": started,
    }


def document_row(meeting_id, library_file) -> dict:
    return {
        "meeting_id": meeting_id,
        "kind": File.Kind.DOCUMENT,
        "clickmeeting_id": library_file.id,
        "name": library_file.name,
        "file_type": library_file.document_type,
        "size_bytes": None,
        "duration_seconds": None,
        "created_at_source": library_file.created_at or library_file.uploaded_at,
    }
