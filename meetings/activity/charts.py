"""Geometry of the inline SVG chart of visitors over a session.

The chart is drawn on the server so the page needs no JavaScript. Paths
contain only numbers and SVG path commands, so the template can print them
with autoescaping on.
"""

import math
from dataclasses import dataclass
from datetime import datetime

from meetings.activity.attendance import VisitorSeries

DEFAULT_MAX_POINTS = 360


@dataclass(frozen=True)
class VisitorChart:
    """A step chart of visitors over time, in a `width` x `height` viewBox."""

    width: int
    height: int
    area_path: str
    line_path: str
    peak: int
    start: datetime | None
    end: datetime | None
    minutes: int
    minutes_per_step: int

    @property
    def is_empty(self) -> bool:
        return self.minutes == 0


def visitor_chart(
    series: VisitorSeries,
    width: int = 600,
    height: int = 160,
    max_points: int = DEFAULT_MAX_POINTS,
) -> VisitorChart:
    """Build a step chart of a visitor series.

    A long series is merged into at most `max_points` steps, each showing
    the highest count of the minutes it covers, so short peaks stay visible.
    """
    minutes_per_step = max(1, math.ceil(len(series.counts) / max_points))
    steps = [
        max(series.counts[i : i + minutes_per_step])
        for i in range(0, len(series.counts), minutes_per_step)
    ]
    scale_top = max(series.peak, 1)
    line = []
    for index, count in enumerate(steps):
        x_from = _coordinate(index * width / len(steps))
        x_to = _coordinate((index + 1) * width / len(steps))
        y = _coordinate(height - count * height / scale_top)
        line.append(f"L{x_from},{y} L{x_to},{y}")

    line_path = ("M" + " ".join(line)[1:]) if line else ""
    area_path = f"M0,{height} {' '.join(line)} L{width},{height} Z" if line else ""
    return VisitorChart(
        width=width,
        height=height,
        area_path=area_path,
        line_path=line_path,
        peak=series.peak,
        start=series.start,
        end=series.end,
        minutes=len(series.counts),
        minutes_per_step=minutes_per_step,
    )


def _coordinate(value: float) -> str:
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text
