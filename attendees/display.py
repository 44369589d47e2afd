"""Read helpers for attendee data as ClickMeeting sent it."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Answer:
    """One registration form field and what the person typed into it."""

    label: str
    value: str


def registration_answers(raw) -> list[Answer]:
    """Return the answers stored in a `registration`/`fields` JSON value.

    The sync stores a list of {"label": ..., "value": ...} objects, but the
    value comes from ClickMeeting, so anything else in the list is skipped
    instead of breaking the page.
    """
    if not isinstance(raw, list):
        return []
    answers = []
    for item in raw:
        if not isinstance(item, dict):
            continue
        label = _as_text(item.get("label"))
        value = _as_text(item.get("value"))
        if label or value:
            answers.append(Answer(label, value))
    return answers


def attendance_seconds(attendee) -> int | None:
    """Return how long an attendee stayed, in seconds, or None when unknown."""
    return stay_seconds(attendee.duration_seconds, attendee.joined_at, attendee.left_at)


def stay_seconds(duration_seconds, joined_at, left_at) -> int | None:
    """Return a stored duration, or else the gap between joined and left."""
    if duration_seconds is not None:
        return duration_seconds
    if joined_at and left_at and left_at >= joined_at:
        return int((left_at - joined_at).total_seconds())
    return None


def _as_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return ", ".join(_as_text(part) for part in value)
    return str(value)
