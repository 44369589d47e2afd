"""Batched upserts write changed rows only."""

import pytest

from attendees.models import Attendee
from cmsync.sync.upsert import upsert_rows
from meetings.models import Meeting, Session

pytestmark = pytest.mark.django_db


def session_rows(meeting, visitors):
    return [
        {"meeting_id": meeting.pk, "clickmeeting_id": 100 + n, "total_visitors": v}
        for n, v in enumerate(visitors)
    ]


def test_upsert_creates_updates_and_skips(django_assert_num_queries):
    meeting = Meeting.objects.create(name="m")
    existing = Session.objects.filter(meeting=meeting)
    first = upsert_rows(
        Session,
        session_rows(meeting, [1, 2, 3]),
        key_fields=("clickmeeting_id",),
        existing=existing,
    )

    with django_assert_num_queries(1):
        same = upsert_rows(
            Session,
            session_rows(meeting, [1, 2, 3]),
            key_fields=("clickmeeting_id",),
            existing=existing,
        )
    changed = upsert_rows(
        Session,
        session_rows(meeting, [1, 5, 3, 4]),
        key_fields=("clickmeeting_id",),
        existing=existing,
        return_ids=True,
    )

    assert (first.created, first.updated) == (3, 0)
    assert (same.created, same.updated) == (0, 0)
    assert (changed.created, changed.updated) == (1, 1)
    assert sorted(existing.values_list("total_visitors", flat=True)) == [1, 3, 4, 5]
    assert changed.ids[(103,)] == Session.objects.get(clickmeeting_id=103).pk


def test_upsert_clips_long_text():
    meeting = Meeting.objects.create(name="m")
    session = Session.objects.create(meeting=meeting, clickmeeting_id=1)
    row = {
        "meeting_id": meeting.pk,
        "session_id": session.pk,
        "clickmeeting_id": "7",
        "device": "x" * 300,
    }
    keys = ("session_id", "clickmeeting_id")

    upsert_rows(Attendee, [row], key_fields=keys, existing=Attendee.objects.all())
    again = upsert_rows(
        Attendee, [row], key_fields=keys, existing=Attendee.objects.all()
    )

    assert len(Attendee.objects.get().device) == 100
    assert (again.created, again.updated) == (0, 0)
