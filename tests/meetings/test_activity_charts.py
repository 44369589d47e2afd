"""Visitors per minute, and the SVG chart drawn from them."""

from datetime import UTC, datetime, timedelta

from meetings.activity.attendance import (
    MAX_SERIES_MINUTES,
    Stay,
    visitors_per_minute,
)
from meetings.activity.charts import visitor_chart

START = datetime(2024, 3, 12, 9, 0, tzinfo=UTC)


def at(minutes, seconds=0):
    return START + timedelta(minutes=minutes, seconds=seconds)


def test_series_counts_overlapping_stays():
    stays = [Stay(at(0), at(3)), Stay(at(1), at(5)), Stay(at(2), at(2, 30))]

    series = visitors_per_minute(stays, START, at(6))

    assert series.start == START
    assert series.counts == (1, 2, 3, 1, 1, 0)
    assert series.peak == 3


def test_series_stay_without_left_lasts_until_session_end():
    series = visitors_per_minute([Stay(at(2), None)], START, at(4))

    assert series.counts == (0, 0, 1, 1)


def test_series_uses_duration_when_left_missing():
    series = visitors_per_minute([Stay(at(0), None, 120)], START, at(4))

    assert series.counts == (1, 1, 0, 0)


def test_series_zero_length_stay_counts_once():
    series = visitors_per_minute([Stay(at(1), at(1))], START, at(3))

    assert series.counts == (0, 1, 0)


def test_series_without_session_times_spans_the_stays():
    stays = [Stay(at(10, 20), at(12)), Stay(at(11), at(13, 10))]

    series = visitors_per_minute(stays)

    assert series.start == at(10)
    assert series.counts == (1, 2, 1, 1)


def test_series_ignores_stays_outside_the_session():
    stays = [Stay(at(-30), at(-20)), Stay(at(90), at(95)), Stay(at(-5), at(1))]

    series = visitors_per_minute(stays, START, at(3))

    assert series.counts == (1, 0, 0)


def test_series_ignores_attendees_without_join_time():
    series = visitors_per_minute([Stay(None, at(2))], START, at(2))

    assert series.counts == (0, 0)


def test_series_empty_without_any_time():
    series = visitors_per_minute([])

    assert series.start is None
    assert series.counts == ()
    assert series.peak == 0


def test_series_is_bounded_for_endless_sessions():
    stays = [Stay(at(0), START + timedelta(days=400))]

    series = visitors_per_minute(stays)

    assert len(series.counts) == MAX_SERIES_MINUTES
    assert set(series.counts) == {1}


def test_chart_draws_one_step_per_minute():
    series = visitors_per_minute([Stay(at(0), at(1)), Stay(at(0), at(2))], START, at(2))

    chart = visitor_chart(series, width=100, height=10)

    assert chart.peak == 2
    assert chart.minutes_per_step == 1
    assert chart.line_path == "M0,0 L50,0 L50,5 L100,5"
    assert chart.area_path == "M0,10 L0,0 L50,0 L50,5 L100,5 L100,10 Z"
    assert chart.start == START
    assert chart.end == at(2)


def test_chart_merges_long_series_keeping_peaks():
    # 10 minutes with a one-minute peak, drawn with at most 5 steps.
    stays = [Stay(at(0), at(10)), Stay(at(7), at(8))]
    series = visitors_per_minute(stays, START, at(10))

    chart = visitor_chart(series, width=50, height=10, max_points=5)

    assert chart.minutes_per_step == 2
    assert chart.line_path.count("L") == 2 * 5 - 1
    assert "L30,0 L40,0" in chart.line_path


def test_chart_empty_series():
    chart = visitor_chart(visitors_per_minute([]))

    assert chart.is_empty
    assert chart.line_path == ""
