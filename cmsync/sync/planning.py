"""Which meetings can have new data, so an idle account costs only list calls.

A scheduled meeting is imported from its start until its data is complete:
every session ended and was imported after it settled, and the recording
window after the end has passed (ClickMeeting publishes recordings late).
Then `Meeting.import_complete` is set and the meeting is not fetched again,
unless the room changes in ClickMeeting.

A permanent room can host a new session at any time and gives no sign of it
in the room list. It is imported when it was never imported, when the room
changed in ClickMeeting, and while a session is not complete. Otherwise it
is checked every `SYNC_PERMANENT_ROOM_RECHECK_SECONDS`.
"""

from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.utils import timezone

from meetings.models import Meeting, Session

# A meeting is watched from a little before its scheduled start.
START_MARGIN = timedelta(minutes=15)
DEFAULTS = {
    # How long after its end a session's attendees and chat are re-read.
    "SYNC_SESSION_SETTLE_SECONDS": 30 * 60,
    # How long after a meeting's end its recordings are still looked for.
    "SYNC_RECORDING_WINDOW_SECONDS": 24 * 3600,
    # NOTE: whether a new session changes a room's `updated_at` is not
    # documented, so permanent rooms are polled; six hours is a guess.
    "SYNC_PERMANENT_ROOM_RECHECK_SECONDS": 6 * 3600,
}


def setting_delta(name: str) -> timedelta:
    return timedelta(seconds=getattr(settings, name, DEFAULTS[name]))


def start_of_day(day: date) -> datetime:
    """Return the first moment of `day` in the project's time zone."""
    return timezone.make_aware(datetime.combine(day, time.min))


def meetings_to_import(sync_start: datetime, now: datetime | None = None) -> list:
    """Meetings the bulk sync should import now, oldest start first."""
    now = now or timezone.now()
    candidates = list(
        Meeting.objects.filter(
            clickmeeting_id__isnull=False,
            deleted_at_source__isnull=True,
            import_complete=False,
        ).order_by("starts_at", "pk")
    )
    permanent_ids = [m.pk for m in candidates if m.permanent_room]
    unsettled = set()
    if permanent_ids:
        unsettled = set(
            Session.objects.filter(
                meeting_id__in=permanent_ids, import_complete=False
            ).values_list("meeting_id", flat=True)
        )
    return [
        meeting
        for meeting in candidates
        if _can_have_new_data(meeting, sync_start, now, meeting.pk in unsettled)
    ]


def _can_have_new_data(meeting, sync_start, now, has_unsettled_session) -> bool:
    if meeting.permanent_room or meeting.starts_at is None:
        last = meeting.last_bulk_import_at
        return (
            last is None
            or has_unsettled_session
            or (meeting.source_updated_at and meeting.source_updated_at > last)
            or last < now - setting_delta("SYNC_PERMANENT_ROOM_RECHECK_SECONDS")
        )
    if meeting.ends_at < sync_start:
        return False
    return meeting.starts_at <= now + START_MARGIN


def session_settled(ended_at: datetime | None, now: datetime) -> bool:
    """Return whether a session ended so long ago that its data is final."""
    if ended_at is None:
        return False
    return ended_at <= now - setting_delta("SYNC_SESSION_SETTLE_SECONDS")


def recording_window_over(meeting, now: datetime) -> bool:
    """Return whether a scheduled meeting is past its recording window."""
    if meeting.permanent_room or meeting.starts_at is None:
        return False
    return meeting.ends_at <= now - setting_delta("SYNC_RECORDING_WINDOW_SECONDS")
