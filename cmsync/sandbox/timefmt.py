"""Date and time formats of the ClickMeeting API, one function per format.

ClickMeeting mixes several formats in one payload. Most fields are ISO-8601
with the room's offset, and files and recordings use +00:00. `ccc`,
`recorder_started` and `upload_date` are a bare UTC "YYYY-MM-DD HH:MM:SS".
The chat export writes English 12-hour text without an offset.
"""

import re
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

PLAIN_FORMAT = "%Y-%m-%d %H:%M:%S"
PLAIN_RE = re.compile(r"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}(:\d{2})?$")
ISO_WITH_OFFSET_RE = re.compile(
    r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?(\.\d+)?([+-]\d{2}:?\d{2}|Z)$"
)


def now() -> datetime:
    """Return the current time, aware, in UTC."""
    return datetime.now(UTC)


def zone(name: str) -> ZoneInfo:
    return ZoneInfo(name)


def is_known_zone(name: str) -> bool:
    if not name or name not in available_timezones():
        return False
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return True


def iso_local(moment: datetime, zone_name: str) -> str:
    """Format as ISO-8601 with the offset `zone_name` has at that moment."""
    local = moment.astimezone(ZoneInfo(zone_name)).replace(microsecond=0)
    return local.isoformat()


def iso_utc(moment: datetime) -> str:
    return moment.astimezone(UTC).replace(microsecond=0).isoformat()


def plain_utc(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime(PLAIN_FORMAT)


def chat_local(moment: datetime, zone_name: str) -> str:
    """Format like the chat export: "March 12, 2024 07:26:04 PM", local time."""
    local = moment.astimezone(ZoneInfo(zone_name))
    return f"{local:%B} {local.day}, {local:%Y %I:%M:%S %p}"


def offset_seconds(moment: datetime, zone_name: str) -> int:
    offset = moment.astimezone(ZoneInfo(zone_name)).utcoffset()
    return int(offset.total_seconds()) if offset else 0


def floor_minute(moment: datetime) -> datetime:
    return moment.replace(second=0, microsecond=0)


def parse_starts_at(text: str, zone_name: str) -> datetime | None:
    """Parse a `starts_at` input: local wall time in `zone_name`, or ISO with offset.

    Returns None when the text matches neither format.
    """
    text = text.strip()
    if PLAIN_RE.match(text):
        pattern = PLAIN_FORMAT if text.count(":") == 2 else "%Y-%m-%d %H:%M"
        try:
            naive = datetime.strptime(text, pattern)  # noqa: DTZ007 - zone added below
        except ValueError:
            return None
        return naive.replace(tzinfo=ZoneInfo(zone_name)).astimezone(UTC)
    if ISO_WITH_OFFSET_RE.match(text):
        try:
            return datetime.fromisoformat(text).astimezone(UTC)
        except ValueError:
            return None
    return None


def parse_duration(text: str) -> timedelta | None:
    """Parse `H:MM` leniently (`3:0` and a bare number of hours are accepted too)."""
    text = text.strip()
    match = re.fullmatch(r"(\d{1,3}):(\d{1,2})", text)
    if match:
        hours, minutes = int(match.group(1)), int(match.group(2))
        if minutes >= 60:
            return None
        return timedelta(hours=hours, minutes=minutes)
    if re.fullmatch(r"\d{1,3}", text):
        return timedelta(hours=int(text))
    return None
