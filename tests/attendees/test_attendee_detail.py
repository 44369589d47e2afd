"""The attendee detail page."""

from datetime import timedelta

import pytest
from django.urls import reverse

from tests.attendees.factories import (
    SESSION_START,
    AttendeeFactory,
    ContactFactory,
    InvitationFactory,
    LeadFactory,
    MeetingFactory,
    SessionFactory,
)
from tests.attendees.helpers import (
    ESCAPED_HOSTILE,
    HOSTILE,
    ROLE_MATRIX,
    assert_role_allowed,
    get_as,
)


@pytest.fixture
def attendee(creator):
    session = SessionFactory(meeting=MeetingFactory(owner=creator))
    return AttendeeFactory(session=session)


def detail_url(attendee):
    return reverse("attendees:detail", args=[attendee.pk])


@pytest.mark.parametrize(("persona", "status"), ROLE_MATRIX)
def test_detail_role_matrix(request, client, attendee, persona, status):
    response = get_as(request, client, persona, detail_url(attendee))

    assert_role_allowed(response, status)


def test_detail_shows_every_field(client, viewer, administrator):
    contact = ContactFactory(first_name="Marta", last_name="Kowalczyk")
    session = SessionFactory(clickmeeting_id=9555001)
    invitation = InvitationFactory(
        meeting=session.meeting, contact=contact, sent_by=administrator
    )
    attendee = AttendeeFactory(
        session=session,
        contact=contact,
        invitation=invitation,
        clickmeeting_id="60119832",
        email="marta.kowalczyk@example.com",
        login="Marta K.",
        role="presenter",
        duration_seconds=3725,
        registration=[
            {"label": "First Name", "value": "Marta"},
            {"label": "Company", "value": "Kowalczyk & Co"},
        ],
    )
    client.force_login(viewer)

    response = client.get(detail_url(attendee))

    html = response.content.decode()
    assert attendee.attendee_number in html
    assert session.meeting.name in html
    assert f'href="{contact.get_absolute_url()}">Marta Kowalczyk</a>' in html
    assert "marta.kowalczyk@example.com" in html
    assert "Presenter" in html
    assert "1 h 02 min" in html
    assert "Marta K." in html
    assert "60119832" in html
    assert "administrator" in html
    assert "<dt>First Name</dt>" in html
    assert "Kowalczyk &amp; Co" in html
    assert (
        reverse("meetings:session_detail", args=[session.meeting_id, session.pk])
        in html
    )


def test_detail_links_lead(client, viewer):
    lead = LeadFactory(first_name="Daniel", last_name="Okafor")
    attendee = AttendeeFactory(lead=lead)
    client.force_login(viewer)

    response = client.get(detail_url(attendee))

    html = response.content.decode()
    assert f'href="{lead.get_absolute_url()}">Daniel Okafor</a>' in html
    assert "Lead" in html


def test_detail_unlinked_guest(client, viewer):
    attendee = AttendeeFactory(email="", duration_seconds=None, left_at=None)
    client.force_login(viewer)

    response = client.get(detail_url(attendee))

    assert response.status_code == 200
    assert "Not linked" in response.content.decode()
    assert ">Not linked</a>" not in response.content.decode()
    assert "Not invited from this application" in response.content.decode()


def test_detail_duration_from_joined_and_left(client, viewer):
    attendee = AttendeeFactory(
        duration_seconds=None,
        joined_at=SESSION_START,
        left_at=SESSION_START + timedelta(minutes=12, seconds=30),
    )
    client.force_login(viewer)

    response = client.get(detail_url(attendee))

    assert "12 min 30 s" in response.content.decode()


def test_detail_escapes_hostile_text(client, viewer):
    attendee = AttendeeFactory(
        login=HOSTILE,
        email=HOSTILE,
        registration=[
            {"label": HOSTILE, "value": f"line one\n{HOSTILE}"},
        ],
    )
    client.force_login(viewer)

    response = client.get(detail_url(attendee))

    assert HOSTILE.encode() not in response.content
    assert response.content.count(ESCAPED_HOSTILE) >= 4
    assert b"line one<br>" in response.content


def test_detail_tolerates_malformed_registration(client, viewer):
    attendee = AttendeeFactory(
        registration=["not an object", {"label": "Phone", "value": ["1", "2"]}, 7]
    )
    client.force_login(viewer)

    response = client.get(detail_url(attendee))

    assert response.status_code == 200
    assert "<dt>Phone</dt>" in response.content.decode()
    assert "1, 2" in response.content.decode()


def test_detail_unknown_attendee_is_404(client, viewer):
    client.force_login(viewer)

    response = client.get(reverse("attendees:detail", args=[999999]))

    assert response.status_code == 404


def test_detail_query_count(client, viewer, django_assert_max_num_queries):
    attendee = AttendeeFactory(contact=ContactFactory(), invitation=InvitationFactory())
    client.force_login(viewer)

    with django_assert_max_num_queries(8):
        response = client.get(detail_url(attendee))

    assert response.status_code == 200


def test_breadcrumb_links_meeting_and_session(client, viewer, attendee):
    client.force_login(viewer)
    session = attendee.session

    page = client.get(detail_url(attendee)).content.decode()

    breadcrumb = page.split('<ol class="breadcrumb">')[1].split("</ol>")[0]
    assert f'<a href="{reverse("meetings:list")}">Meetings</a>' in breadcrumb
    meeting_link = f'<a href="{reverse("meetings:detail", args=[session.meeting_id])}">'
    assert meeting_link + f"{session.meeting.name}</a>" in breadcrumb
    session_url = reverse(
        "meetings:session_detail", args=[session.meeting_id, session.pk]
    )
    assert f'<a href="{session_url}">' in breadcrumb
    assert ">Sessions<" not in breadcrumb
    assert attendee.attendee_number in breadcrumb
    order = [
        breadcrumb.index(">Meetings<"),
        breadcrumb.index(session.meeting.name),
        breadcrumb.index(session_url),
        breadcrumb.index(attendee.attendee_number),
    ]
    assert order == sorted(order)
