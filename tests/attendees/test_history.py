"""The ClickMeeting history panel of a contact or a lead."""

from datetime import timedelta

import pytest
from django.template import Context, Template
from django.urls import reverse

from attendees.history import person_history
from tests.attendees.factories import (
    SESSION_START,
    AttendeeFactory,
    ChatMessageFactory,
    ContactFactory,
    LeadFactory,
    PollAnswerFactory,
    SessionFactory,
)
from tests.attendees.helpers import ESCAPED_HOSTILE, HOSTILE

pytestmark = pytest.mark.django_db


def render_history(person):
    template = Template("{% load attendee_tags %}{% clickmeeting_history person %}")
    return template.render(Context({"person": person}))


def test_summary_counts_engagement():
    contact = ContactFactory()
    first, second = SessionFactory(), SessionFactory()
    AttendeeFactory(session=first, contact=contact, duration_seconds=30 * 60)
    AttendeeFactory(
        session=first,
        contact=contact,
        duration_seconds=None,
        joined_at=SESSION_START,
        left_at=SESSION_START + timedelta(minutes=15),
    )
    AttendeeFactory(session=second, contact=contact, duration_seconds=10 * 60)
    AttendeeFactory(
        session=second, contact=contact, attended=False, duration_seconds=600
    )
    AttendeeFactory(session=second, contact=ContactFactory())
    ChatMessageFactory.create_batch(2, session=first, contact=contact)
    PollAnswerFactory(session=second, contact=contact)

    summary = person_history(contact).summary

    assert summary.meetings_attended == 2
    assert summary.total_minutes == 55
    assert summary.chat_messages == 2
    assert summary.poll_answers == 1


def test_lead_history_is_separate_from_contact():
    lead = LeadFactory()
    AttendeeFactory(lead=lead)
    AttendeeFactory(contact=ContactFactory())

    history = person_history(lead)

    assert history.attendance_count == 1
    assert history.attendances[0].lead == lead


def test_history_rejects_other_objects():
    with pytest.raises(TypeError):
        person_history(object())


def test_panel_links_each_row():
    contact = ContactFactory()
    attendee = AttendeeFactory(contact=contact)
    message = ChatMessageFactory(contact=contact, text="Hello there")
    answer = PollAnswerFactory(contact=contact, answer="Very useful")

    html = render_history(contact)

    assert attendee.get_absolute_url() in html
    assert (
        reverse(
            "meetings:session_detail", args=[attendee.meeting_id, attendee.session_id]
        )
        in html
    )
    assert reverse("meetings:chat", args=[message.meeting_id]) in html
    assert reverse("meetings:polls", args=[answer.meeting_id]) in html
    assert "Hello there" in html
    assert "Very useful" in html
    assert "45 min" in html


def test_panel_for_person_without_activity():
    html = render_history(LeadFactory())

    assert "No ClickMeeting activity recorded" in html


def test_panel_escapes_hostile_text():
    contact = ContactFactory()
    session = SessionFactory(meeting__name=HOSTILE)
    ChatMessageFactory(session=session, contact=contact, text=f"hi\n{HOSTILE}")
    PollAnswerFactory(
        session=session, contact=contact, question=HOSTILE, answer=HOSTILE
    )

    html = render_history(contact).encode()

    assert HOSTILE.encode() not in html
    assert b"hi<br>" + ESCAPED_HOSTILE in html
    assert html.count(ESCAPED_HOSTILE) >= 4


def test_panel_shows_latest_twenty_with_counts():
    contact = ContactFactory()
    session = SessionFactory()
    for minute in range(25):
        AttendeeFactory(
            session=session,
            contact=contact,
            joined_at=SESSION_START + timedelta(minutes=minute),
        )
    ChatMessageFactory.create_batch(22, session=session, contact=contact)

    history = person_history(contact)
    html = render_history(contact)

    assert len(history.attendances) == 20
    assert history.attendance_count == 25
    assert history.attendances[0].joined_at == SESSION_START + timedelta(minutes=24)
    assert len(history.chat_messages) == 20
    assert "(25 attendances)" in html
    assert html.count("Showing the latest 20.") == 2


def test_panel_query_count_is_constant(django_assert_max_num_queries):
    counts = []
    for rows in (5, 100):
        contact = ContactFactory()
        for _ in range(rows):
            session = SessionFactory()
            AttendeeFactory(session=session, contact=contact)
            ChatMessageFactory(session=session, contact=contact)
            PollAnswerFactory(session=session, contact=contact)

        with django_assert_max_num_queries(6) as queries:
            render_history(contact)

        counts.append(len(queries.captured_queries))

    assert counts[0] == counts[1]
