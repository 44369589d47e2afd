"""Readers for single fields of ClickMeeting payloads.

ClickMeeting spells the same kind of value in several ways. Booleans arrive
as true, 1 or "1", and numbers as 5 or "5". An empty value arrives as null,
"" or the four-letter string "null". Dates arrive with an offset, as bare
"YYYY-MM-DD HH:MM:SS" or as English 12-hour text. Each reader accepts every
spelling seen and raises PayloadError for anything else.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

UTC = dt.UTC

_TRUE_STRINGS = {"1", "true", "yes", "on"}
_FALSE_STRINGS = {"0", "false", "no", "off", ""}
_NAIVE_FORMATS = ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S")
_MONTHS = {
    name: number
    for number, name in enumerate(
        (
            "january",
            "february",
            "march",
            "april",
            "may",
            "june",
            "july",
            "august",
            "september",
            "october",
            "november",
            "december",
        ),
        start=1,
    )
}
# "March 12, 2024 09:58:41 AM": the chat export's date format.
_ENGLISH_DATE = re.compile(
    r"^\s*([A-Za-z]+)\s+(\d{1,2}),\s*(\d{4})\s+(\d{1,2}):(\d{2}):(\d{2})\s*([AaPp][Mm])\s*$"
)


_NO_VALUE = object()


class PayloadError(ValueError):
    """A payload value is missing or has a type or format the client cannot read.

    `str()` shows a preview of the offending value, for errors about a whole
    response. `reason` names the field and the problem with only the value's
    type, so it is safe to log for one item of a list that may hold personal
    data.
    """

    def __init__(self, problem: str, *, value: Any = _NO_VALUE) -> None:
        if value is _NO_VALUE:
            self.reason = problem
            super().__init__(problem)
        else:
            self.reason = f"{problem} (got {type(value).__name__})"
            super().__init__(f"{problem}: {_preview(value)}")


def is_empty(value: Any) -> bool:
    """Tell whether a value means "nothing": None, "" or the string "null"."""
    if value is None:
        return True
    return isinstance(value, str) and value.strip().lower() in ("", "null")


def require(payload: dict, key: str) -> Any:
    if not isinstance(payload, dict):
        raise PayloadError(f"expected an object, got {type(payload).__name__}")
    if key not in payload:
        raise PayloadError(f"missing field {key!r}")
    return payload[key]


def as_int(value: Any, name: str) -> int:
    if isinstance(value, bool):
        raise PayloadError(f"field {name!r} is a boolean, expected a number")
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and re.fullmatch(r"\s*-?\d+\s*", value):
        return int(value)
    raise PayloadError(f"field {name!r} is not an integer", value=value)


def as_optional_int(value: Any, name: str) -> int | None:
    return None if is_empty(value) else as_int(value, name)


def as_bool(value: Any, name: str) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, int) and value in (0, 1):
        return bool(value)
    if value is None:
        return False
    if isinstance(value, str):
        lowered = value.strip().lower()
        if lowered in _TRUE_STRINGS:
            return True
        if lowered in _FALSE_STRINGS:
            return False
    raise PayloadError(f"field {name!r} is not a boolean", value=value)


def as_str(value: Any, name: str) -> str:
    """Read a text field; None becomes ""."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    raise PayloadError(f"field {name!r} is not text", value=value)


def as_optional_str(value: Any, name: str) -> str | None:
    """Read a text field where None, "" and "null" all mean "no value"."""
    return None if is_empty(value) else as_str(value, name)


def as_email(value: Any, name: str = "email") -> str | None:
    """Read an e-mail address; missing, empty and "null" become None."""
    text = as_optional_str(value, name)
    return text.strip() if text and text.strip() else None


def as_display_text(value: Any, name: str) -> str:
    """Read a name meant for display, decoding HTML entities such as &quot;."""
    return html.unescape(as_str(value, name))


def zone(name: str | None) -> dt.tzinfo:
    """Return the named IANA time zone, or UTC for an empty name."""
    if not name:
        return UTC
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise PayloadError(f"unknown time zone {_preview(name)}") from exc


def as_datetime(value: Any, name: str, default_zone: dt.tzinfo) -> dt.datetime | None:
    """Read a date-time; a value without an offset is read in `default_zone`.

    Empty values and "null" become None. ISO 8601 with an offset keeps its
    offset; bare "YYYY-MM-DD HH:MM:SS" and English 12-hour text get
    `default_zone`.
    """
    if is_empty(value):
        return None
    if not isinstance(value, str):
        raise PayloadError(f"field {name!r} is not a date", value=value)
    text = value.strip()
    parsed = _parse_iso(text) or _parse_naive(text) or _parse_english(text)
    if parsed is None:
        raise PayloadError(f"field {name!r} is not a date", value=value)
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=default_zone)
    return parsed


def _parse_iso(text: str) -> dt.datetime | None:
    try:
        return dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None


def _parse_naive(text: str) -> dt.datetime | None:
    for pattern in _NAIVE_FORMATS:
        try:
            return dt.datetime.strptime(text, pattern)  # noqa: DTZ007 - zone added later
        except ValueError:
            continue
    return None


def _parse_english(text: str) -> dt.datetime | None:
    # Parsed by hand because strptime's %B and %p follow the process locale.
    match = _ENGLISH_DATE.match(text)
    if not match:
        return None
    month_name, day, year, hour, minute, second, meridiem = match.groups()
    month = _MONTHS.get(month_name.lower())
    hour_12 = int(hour)
    if month is None or not 1 <= hour_12 <= 12:
        return None
    hour_24 = hour_12 % 12 + (12 if meridiem.lower() == "pm" else 0)
    try:
        return dt.datetime(  # noqa: DTZ001 - zone added by the caller
            int(year), month, int(day), hour_24, int(minute), int(second)
        )
    except ValueError:
        return None


def as_list(value: Any, name: str) -> list:
    if value is None:
        return []
    if isinstance(value, list):
        return value
    raise PayloadError(f"field {name!r} is not a list", value=value)


def as_dict(value: Any, name: str) -> dict:
    if value is None:
        return {}
    if isinstance(value, dict):
        return value
    # PHP encodes an empty associative array as [].
    if value == []:
        return {}
    raise PayloadError(f"field {name!r} is not an object", value=value)


def _preview(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."
