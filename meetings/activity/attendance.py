"""Visitors over a session, counted per minute from attendees' stays."""

import math
from dataclasses import dataclass
from datetime import datetime, timedelta

from attendees.display import stay_seconds

MINUTE = timedelta(minutes=1)
# Maximum length of a series, a week of minutes. A left time far off (bad
# data, or a permanent room whose session never closed) is cut there.
MAX_SERIES_MINUTES = 7 * 24 * 60


@dataclass(frozen=True)
class Stay:
    """When one attendee was in the room; `left_at` may be unknown."""

    joined_at: datetime | None
    left_at: datetime | None
    duration_seconds: int | None = None

    @property
    def seconds(self) -> int | None:
        return stay_seconds(self.duration_seconds, self.joined_at, self.left_at)

    def end(self, fallback: datetime | None) -> datetime | None:
        if self.left_at is not None:
            return self.left_at
        if self.joined_at is not None and self.duration_seconds is not None:
            return self.joined_at + timedelta(seconds=self.duration_seconds)
        return fallback


@dataclass(frozen=True)
class VisitorSeries:
    """Number of attendees present in each minute from `start` on.

    Minute i covers [start + i min, start + (i + 1) min). An attendee counts
    in every minute their stay overlaps, so a short visit counts once.
    """

    start: datetime | None
    counts: tuple[int, ...]

    @property
    def peak(self) -> int:
        return max(self.counts, default=0)

    @property
    def end(self) -> datetime | None:
        if self.start is None:
            return None
        return self.start + MINUTE * len(self.counts)


def visitors_per_minute(
    stays: list[Stay],
    session_start: datetime | None = None,
    session_end: datetime | None = None,
) -> VisitorSeries:
    """Count the attendees present in each minute of a session.

    The series runs from the session start (or the first join) to the
    session end (or the last departure). A stay with no known end lasts
    until the session end.
    """
    known = [stay for stay in stays if stay.joined_at is not None]
    start = session_start or min((stay.joined_at for stay in known), default=None)
    if start is None:
        return VisitorSeries(None, ())
    start = start.replace(second=0, microsecond=0)
    ends = [stay.end(session_end) for stay in known]
    end = session_end or max((e for e in ends if e is not None), default=start)
    minutes = min(max(_minutes_between(start, end, math.ceil), 1), MAX_SERIES_MINUTES)

    # A difference array: +1 where a stay starts, -1 after its last minute.
    changes = [0] * (minutes + 1)
    for stay, stay_end in zip(known, ends, strict=True):
        stay_end = stay_end if stay_end is not None else stay.joined_at
        first = _minutes_between(start, stay.joined_at, math.floor)
        # A stay that ends the moment it starts still counts in that minute.
        last = max(_minutes_between(start, stay_end, math.ceil) - 1, first)
        if last < 0 or first >= minutes:
            continue
        changes[max(first, 0)] += 1
        changes[min(last, minutes - 1) + 1] -= 1

    counts = []
    present = 0
    for change in changes[:minutes]:
        present += change
        counts.append(present)
    return VisitorSeries(start, tuple(counts))


def _minutes_between(start: datetime, moment: datetime, rounding) -> int:
    return int(rounding((moment - start).total_seconds() / 60))
