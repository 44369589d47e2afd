"""The sessions, polls, chat and files pages of a meeting."""

from datetime import timedelta

import pytest
from django.urls import reverse

from meetings.models import File
from tests.attendees.factories import (
    SESSION_START,
    AttendeeFactory,
    ChatMessageFactory,
    ContactFactory,
    FileFactory,
    LeadFactory,
    MeetingFactory,
    PollAnswerFactory,
    RegistrationFactory,
    SessionFactory,
)
from tests.attendees.helpers import (
    ESCAPED_HOSTILE,
    HOSTILE,
    ROLE_MATRIX,
    assert_role_allowed,
    get_as,
)

PAGES = ["sessions", "session_detail", "polls", "chat", "files"]


@pytest.fixture
def meeting(creator):
    return MeetingFactory(owner=creator)


@pytest.fixture
def session(meeting):
    return SessionFactory(meeting=meeting)


def page_url(name, meeting, session=None):
    if name == "session_detail":
        return reverse("meetings:session_detail", args=[meeting.pk, session.pk])
    return reverse(f"meetings:{name}", args=[meeting.pk])


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize(("persona", "status"), ROLE_MATRIX)
def test_page_role_matrix(request, client, meeting, session, page, persona, status):
    response = get_as(request, client, persona, page_url(page, meeting, session))

    assert_role_allowed(response, status)


@pytest.mark.parametrize("page", PAGES)
def test_page_unknown_meeting_is_404(client, viewer, session, page):
    client.force_login(viewer)
    missing = MeetingFactory.build(pk=999999)

    response = client.get(page_url(page, missing, session))

    assert response.status_code == 404


def test_session_of_other_meeting_is_404(client, viewer, meeting):
    other_session = SessionFactory()
    client.force_login(viewer)

    response = client.get(page_url("session_detail", meeting, other_session))

    assert response.status_code == 404


def test_sessions_page_without_sessions(client, viewer, meeting):
    client.force_login(viewer)

    response = client.get(page_url("sessions", meeting))

    assert response.context["totals"]["sessions"] == 0
    assert "No data yet" in response.content.decode()


def test_sessions_page_lists_sessions_with_counts(client, viewer, meeting):
    session = SessionFactory(meeting=meeting, total_visitors=17, peak_visitors=11)
    AttendeeFactory.create_batch(3, session=session)
    AttendeeFactory(session=session, attended=False, joined_at=None, left_at=None)
    RegistrationFactory.create_batch(2, meeting=meeting, session=session)
    client.force_login(viewer)

    response = client.get(page_url("sessions", meeting))

    listed = response.context["sessions"][0]
    assert listed.attendee_count == 4
    assert listed.attended_count == 3
    assert listed.registration_count == 2
    assert listed.visitor_chart.peak == 3
    assert response.context["totals"]["visitors"] == 17
    assert response.context["totals"]["peak"] == 11
    html = response.content.decode()
    assert "<svg" in html
    assert reverse("meetings:session_detail", args=[meeting.pk, session.pk]) in html
    assert "1 h" in html
    assert "1 h 00 min" not in html


def test_session_detail_shows_chart_and_attendees(client, viewer, meeting):
    session = SessionFactory(meeting=meeting)
    contact = ContactFactory(first_name="Marta", last_name="Kowalczyk")
    first = AttendeeFactory(
        session=session,
        contact=contact,
        joined_at=SESSION_START,
        left_at=SESSION_START + timedelta(minutes=30),
        duration_seconds=None,
    )
    AttendeeFactory(
        session=session,
        lead=LeadFactory(),
        joined_at=SESSION_START + timedelta(minutes=10),
        left_at=SESSION_START + timedelta(minutes=20),
        duration_seconds=None,
    )
    client.force_login(viewer)

    response = client.get(page_url("session_detail", meeting, session))

    chart = response.context["visitor_chart"]
    assert chart.minutes == 60
    assert chart.peak == 2
    assert response.context["totals"]["minutes"] == 40
    html = response.content.decode()
    assert first.get_absolute_url() in html
    assert "Marta Kowalczyk" in html
    assert '<path d="M0,160' in html


def test_session_detail_unlinked_attendee(client, viewer, meeting, session):
    guest = AttendeeFactory(session=session, email="")
    client.force_login(viewer)

    response = client.get(page_url("session_detail", meeting, session))

    # Only the attendee number links to the attendee, not the empty person cell.
    assert response.content.decode().count(guest.get_absolute_url()) == 1


def test_session_detail_paginates_attendees(client, viewer, meeting):
    session = SessionFactory(meeting=meeting)
    AttendeeFactory.create_batch(55, session=session)
    client.force_login(viewer)

    first_page = client.get(page_url("session_detail", meeting, session))
    second_page = client.get(page_url("session_detail", meeting, session) + "?page=2")

    assert len(first_page.context["attendees"]) == 50
    assert len(second_page.context["attendees"]) == 5
    # The chart counts everyone, not only the current page.
    assert second_page.context["visitor_chart"].peak == 55


def test_polls_page_totals_and_respondents(client, viewer, meeting, session):
    contact = ContactFactory(first_name="Marta", last_name="Kowalczyk")
    attendee = AttendeeFactory(session=session, login="Guest Z")
    PollAnswerFactory.create_batch(3, session=session, answer="Yes", contact=contact)
    PollAnswerFactory(
        session=session, answer="No", attendee=attendee, respondent_name="Guest Z"
    )
    PollAnswerFactory(session=session, question="Other question?", answer="Maybe")
    client.force_login(viewer)

    response = client.get(page_url("polls", meeting))

    totals = {t.question: t for t in response.context["question_totals"]}
    useful = totals["How useful was the demo?"]
    assert useful.total == 4
    assert [(bar.answer, bar.count, bar.percent) for bar in useful.bars] == [
        ("Yes", 3, 75),
        ("No", 1, 25),
    ]
    assert totals["Other question?"].total == 1
    html = response.content.decode()
    assert 'style="width: 75%"' in html
    assert "Marta Kowalczyk" in html
    assert attendee.get_absolute_url() in html


def test_polls_page_merges_many_answers(client, viewer, meeting, session):
    for number in range(14):
        PollAnswerFactory(session=session, question="Your name?", answer=f"N{number}")
    client.force_login(viewer)

    response = client.get(page_url("polls", meeting))

    bars = response.context["question_totals"][0].bars
    assert len(bars) == 11
    assert bars[-1].is_other
    assert bars[-1].count == 4


def test_polls_page_escapes_hostile_text(client, viewer, meeting, session):
    PollAnswerFactory(
        session=session, poll_title=HOSTILE, question=HOSTILE, answer=HOSTILE
    )
    client.force_login(viewer)

    response = client.get(page_url("polls", meeting))

    assert HOSTILE.encode() not in response.content
    assert ESCAPED_HOSTILE in response.content


def test_chat_page_in_order_with_authors(client, viewer, meeting, session):
    lead = LeadFactory(first_name="Daniel", last_name="Okafor")
    ChatMessageFactory(
        session=session, text="second", sent_at=SESSION_START + timedelta(minutes=9)
    )
    ChatMessageFactory(
        session=session,
        text="first",
        lead=lead,
        sent_at=SESSION_START + timedelta(minutes=2),
    )
    ChatMessageFactory(
        session=session,
        text="third",
        sent_at=SESSION_START + timedelta(minutes=9),
        position=10_000,
    )
    client.force_login(viewer)

    response = client.get(page_url("chat", meeting))

    texts = [message.text for message in response.context["chat_messages"]]
    assert texts == ["first", "second", "third"]
    assert "Daniel Okafor" in response.content.decode()


def test_chat_page_escapes_message_and_keeps_lines(client, viewer, meeting, session):
    ChatMessageFactory(
        session=session,
        author_name=HOSTILE,
        text=f'Hello\n{HOSTILE}\n<img src=x onerror="alert(2)">',
    )
    client.force_login(viewer)

    response = client.get(page_url("chat", meeting))

    assert HOSTILE.encode() not in response.content
    assert b"<img src=x" not in response.content
    assert b"Hello<br>" + ESCAPED_HOSTILE + b"<br>&lt;img" in response.content
    assert response.content.count(ESCAPED_HOSTILE) == 2


def test_chat_page_is_paginated(client, viewer, meeting, session):
    ChatMessageFactory.create_batch(101, session=session)
    client.force_login(viewer)

    response = client.get(page_url("chat", meeting))

    assert len(response.context["chat_messages"]) == 100
    assert response.context["page_obj"].paginator.num_pages == 2


def test_files_page_lists_files(client, viewer, meeting):
    document = FileFactory(meeting=meeting, name="Agenda.pdf", size_bytes=1_536_000)
    recording = FileFactory(
        meeting=meeting,
        kind=File.Kind.RECORDING,
        name="recording.mp4",
        file_type="video/mp4",
        size_bytes=412_733_961,
        duration_seconds=5412,
    )
    client.force_login(viewer)

    response = client.get(page_url("files", meeting))

    html = response.content.decode()
    assert "Agenda.pdf" in html
    assert "1.5\xa0MB" in html
    assert "393.6\xa0MB" in html
    assert "1 h 30 min" in html
    for file in (document, recording):
        url = reverse("meetings:file_download", args=[meeting.pk, file.pk])
        assert url in html


def fill_meeting(meeting, rows):
    """Give a meeting `rows` rows of every kind, spread over two sessions."""
    sessions = SessionFactory.create_batch(2, meeting=meeting)
    for index in range(rows):
        session = sessions[index % 2]
        person = {"contact": ContactFactory()} if index % 2 else {"lead": LeadFactory()}
        attendee = AttendeeFactory(session=session, **person)
        PollAnswerFactory(session=session, attendee=attendee, **person)
        ChatMessageFactory(session=session, **person)
        FileFactory(meeting=meeting)
    return sessions[0]


@pytest.mark.parametrize("page", PAGES)
def test_page_query_count_is_constant(
    client, viewer, django_assert_max_num_queries, page
):
    small, large = MeetingFactory(), MeetingFactory()
    small_session = fill_meeting(small, 5)
    large_session = fill_meeting(large, 100)
    client.force_login(viewer)

    with django_assert_max_num_queries(12) as small_queries:
        client.get(page_url(page, small, small_session))
    with django_assert_max_num_queries(12) as large_queries:
        response = client.get(page_url(page, large, large_session))

    assert response.status_code == 200
    assert len(large_queries.captured_queries) == len(small_queries.captured_queries)
