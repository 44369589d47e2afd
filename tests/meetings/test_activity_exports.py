"""The per-meeting CSV exports."""

import csv
import io
from datetime import timedelta

import pytest
from django.http import StreamingHttpResponse
from django.urls import reverse

from meetings.activity.csv_export import csv_cell
from tests.attendees.factories import (
    SESSION_START,
    AttendeeFactory,
    ChatMessageFactory,
    ContactFactory,
    LeadFactory,
    MeetingFactory,
    PollAnswerFactory,
    RegistrationFactory,
    SessionFactory,
)
from tests.attendees.helpers import ROLE_MATRIX, assert_role_allowed, get_as

KINDS = ["attendees", "registrations", "chat", "polls"]


@pytest.fixture
def meeting(creator):
    return MeetingFactory(owner=creator)


@pytest.fixture
def session(meeting):
    return SessionFactory(meeting=meeting, clickmeeting_id=9100777)


def export_url(meeting, kind):
    return reverse("meetings:export", args=[meeting.pk, kind])


def read_csv(response):
    assert isinstance(response, StreamingHttpResponse)
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text[1:])))


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize(("persona", "status"), ROLE_MATRIX)
def test_export_role_matrix(request, client, meeting, session, kind, persona, status):
    response = get_as(request, client, persona, export_url(meeting, kind))

    assert_role_allowed(response, status)
    if status == 200:
        assert response["Content-Type"] == "text/csv; charset=utf-8"
        assert (
            response["Content-Disposition"]
            == f'attachment; filename="meeting-{meeting.pk}-{kind}.csv"'
        )


def test_unknown_export_is_404(client, viewer, meeting):
    client.force_login(viewer)

    response = client.get(f"/meetings/{meeting.pk}/export/secrets.csv")

    assert response.status_code == 404


def test_attendees_export_has_answers(client, viewer, meeting, session):
    contact = ContactFactory(first_name="Marta", last_name="Kowalczyk")
    AttendeeFactory(
        session=session,
        contact=contact,
        clickmeeting_id="60119832",
        email="marta@example.com",
        login="Marta K.",
        role="host",
        joined_at=SESSION_START,
        left_at=SESSION_START + timedelta(minutes=99),
        duration_seconds=None,
        registration=[
            {"label": "First Name", "value": "Marta"},
            {"label": "Company", "value": "Kowalczyk & Co"},
        ],
    )
    AttendeeFactory(
        session=session,
        email="",
        registration=[{"label": "Phone", "value": "+48 600 000 000"}],
    )
    AttendeeFactory(session=SessionFactory())  # another meeting's attendee
    client.force_login(viewer)

    rows = read_csv(client.get(export_url(meeting, "attendees")))

    assert len(rows) == 2
    marta = rows[0]
    assert marta["Session id"] == "9100777"
    assert marta["ClickMeeting attendee id"] == "60119832"
    assert marta["Email"] == "marta@example.com"
    assert marta["Login"] == "Marta K."
    assert marta["Role"] == "host"
    assert marta["Joined"] == "2024-03-12T09:00:00+00:00"
    assert marta["Duration (seconds)"] == "5940"
    assert marta["Attended"] == "yes"
    assert marta["Person type"] == "contact"
    assert marta["Person id"] == str(contact.pk)
    assert marta["Person name"] == "Marta Kowalczyk"
    assert marta["First Name"] == "Marta"
    assert marta["Company"] == "Kowalczyk & Co"
    assert marta["Phone"] == ""
    assert rows[1]["Phone"] == "'+48 600 000 000"
    assert rows[1]["Person type"] == ""


def test_registrations_export(client, viewer, meeting, session):
    lead = LeadFactory(first_name="Daniel", last_name="Okafor")
    RegistrationFactory(
        meeting=meeting,
        session=session,
        lead=lead,
        clickmeeting_id=4411,
        email="daniel@example.org",
        fields=[{"label": "Role", "value": "CTO"}],
    )
    RegistrationFactory(meeting=meeting, session=None, fields=[])
    client.force_login(viewer)

    rows = read_csv(client.get(export_url(meeting, "registrations")))

    assert [row["ClickMeeting registration id"] for row in rows][0] == "4411"
    assert rows[0]["Role"] == "CTO"
    assert rows[0]["Person type"] == "lead"
    assert rows[0]["Person name"] == "Daniel Okafor"
    assert rows[0]["Session id"] == "9100777"
    assert rows[1]["Session id"] == ""
    assert len(rows) == 2


def test_chat_export_in_order(client, viewer, meeting, session):
    ChatMessageFactory(
        session=session, text="later", sent_at=SESSION_START + timedelta(minutes=5)
    )
    ChatMessageFactory(
        session=session,
        text="line one\nline two",
        author_name="Zoë",
        sent_at=SESSION_START + timedelta(minutes=1),
    )
    client.force_login(viewer)

    rows = read_csv(client.get(export_url(meeting, "chat")))

    assert [row["Message"] for row in rows] == ["line one\nline two", "later"]
    assert rows[0]["Author"] == "Zoë"


def test_polls_export(client, viewer, meeting, session):
    attendee = AttendeeFactory(session=session)
    PollAnswerFactory(session=session, attendee=attendee, answer="Yes")
    client.force_login(viewer)

    rows = read_csv(client.get(export_url(meeting, "polls")))

    assert len(rows) == 1
    assert rows[0]["Poll"] == "Feedback"
    assert rows[0]["Question"] == "How useful was the demo?"
    assert rows[0]["Answer"] == "Yes"
    assert rows[0]["Attendee number"] == attendee.attendee_number


@pytest.mark.parametrize(
    "hostile", ['=HYPERLINK("http://x")', "+1+1", "-2+3", "@SUM(A1)", "\tcmd", "\rx"]
)
def test_export_quotes_formula_cells(client, viewer, meeting, session, hostile):
    ChatMessageFactory(session=session, author_name=hostile, text=hostile)
    AttendeeFactory(
        session=session,
        login=hostile,
        registration=[{"label": hostile, "value": hostile}],
    )
    client.force_login(viewer)

    chat = read_csv(client.get(export_url(meeting, "chat")))
    attendees = read_csv(client.get(export_url(meeting, "attendees")))

    assert chat[0]["Message"] == "'" + hostile
    assert chat[0]["Author"] == "'" + hostile
    assert attendees[0]["Login"] == "'" + hostile
    # The registration label becomes a column name, quoted as well.
    assert attendees[0]["'" + hostile] == "'" + hostile


def test_csv_cell_leaves_safe_values():
    assert csv_cell("Hello = world") == "Hello = world"
    assert csv_cell(42) == 42
    assert csv_cell(None) == ""
    assert csv_cell(False) == "no"


@pytest.mark.parametrize("kind", KINDS)
def test_export_query_count_is_constant(
    client, viewer, django_assert_max_num_queries, kind
):
    counts = []
    for rows in (5, 100):
        meeting = MeetingFactory()
        session = SessionFactory(meeting=meeting)
        for _ in range(rows):
            person = {"contact": ContactFactory()}
            AttendeeFactory(session=session, **person)
            RegistrationFactory(meeting=meeting, session=session, **person)
            ChatMessageFactory(session=session, **person)
            PollAnswerFactory(session=session, **person)
        client.force_login(viewer)

        with django_assert_max_num_queries(10) as queries:
            response = client.get(export_url(meeting, kind))
            exported = read_csv(response)

        assert len(exported) == rows
        counts.append(len(queries.captured_queries))

    assert counts[0] == counts[1]
