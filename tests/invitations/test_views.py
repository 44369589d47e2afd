"""Invitation pages: roles, pickers, sending and the meeting's section."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from invitations.models import Invitation
from invitations.people import PAGE_SIZE
from meetings.models import Session

from .conftest import ENDPOINT
from .factories import (
    AccountFactory,
    ContactFactory,
    InvitationFactory,
    LeadFactory,
    MeetingFactory,
)

PERSONAS = [
    "anonymous",
    "no_group_user",
    "viewer",
    "creator",
    "other_creator",
    "administrator",
]


def client_for(persona, request, client):
    if persona != "anonymous":
        client.force_login(request.getfixturevalue(persona))
    return client


def invite_url(meeting):
    return reverse("invitations:invite", args=[meeting.pk])


def section_url(meeting):
    return reverse("invitations:meeting_invitations", args=[meeting.pk])


def assert_redirects_to_login(response):
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


# Role matrix ---------------------------------------------------------------

INVITE_ALLOWED = {"creator", "administrator"}
SECTION_ALLOWED = {"viewer", "creator", "other_creator", "administrator"}
PERSON_ALLOWED = {"creator", "other_creator", "administrator"}


@pytest.mark.parametrize("persona", PERSONAS)
def test_invite_page_roles(persona, request, client, meeting):
    response = client_for(persona, request, client).get(invite_url(meeting))

    if persona == "anonymous":
        assert_redirects_to_login(response)
    elif persona in INVITE_ALLOWED:
        assert response.status_code == 200
    else:
        assert response.status_code == 403


@pytest.mark.parametrize("persona", PERSONAS)
def test_invite_post_roles(persona, request, client, meeting):
    contact = ContactFactory()
    response = client_for(persona, request, client).post(
        invite_url(meeting),
        {"action": "send", "participant": f"contact:{contact.pk}"},
    )

    if persona == "anonymous":
        assert_redirects_to_login(response)
    elif persona in INVITE_ALLOWED:
        assert response.status_code == 302
    else:
        assert response.status_code == 403
    expected = 1 if persona in INVITE_ALLOWED else 0
    assert Invitation.objects.count() == expected


@pytest.mark.parametrize("persona", PERSONAS)
def test_section_roles(persona, request, client, meeting):
    InvitationFactory(meeting=meeting)

    response = client_for(persona, request, client).get(section_url(meeting))

    if persona == "anonymous":
        assert_redirects_to_login(response)
    elif persona in SECTION_ALLOWED:
        assert response.status_code == 200
        shows_invite = invite_url(meeting) in response.content.decode()
        assert shows_invite == (persona in INVITE_ALLOWED)
    else:
        assert response.status_code == 403


@pytest.mark.parametrize("persona", PERSONAS)
def test_retry_failed_roles(persona, request, client, meeting):
    InvitationFactory(meeting=meeting, state=Invitation.State.FAILED, error="x")
    url = reverse("invitations:retry_failed", args=[meeting.pk])

    response = client_for(persona, request, client).post(url)

    if persona == "anonymous":
        assert_redirects_to_login(response)
    elif persona in INVITE_ALLOWED:
        assert response.status_code == 302
    else:
        assert response.status_code == 403


@pytest.mark.parametrize("persona", PERSONAS)
def test_invite_person_roles(persona, request, client, meeting):
    contact = ContactFactory()
    url = reverse("invitations:invite_person") + f"?contact={contact.pk}"

    response = client_for(persona, request, client).get(url)

    if persona == "anonymous":
        assert_redirects_to_login(response)
    elif persona in PERSON_ALLOWED:
        assert response.status_code == 200
        offers_meeting = f'value="{meeting.pk}"' in response.content.decode()
        # Only the owner and administrators may invite to the meeting.
        assert offers_meeting == (persona in INVITE_ALLOWED)
    else:
        assert response.status_code == 403


def test_invite_page_of_unknown_meeting_is_404(login, creator):
    response = login(creator).get(reverse("invitations:invite", args=[999999]))

    assert response.status_code == 404


# "Invite people" pickers -----------------------------------------------------


def post_invite(client, meeting, data, htmx_target=None):
    headers = {}
    if htmx_target:
        headers = {"HX-Request": "true", "HX-Target": htmx_target}
    return client.post(invite_url(meeting), data, headers=headers)


def test_picker_lists_matching_contacts(login, creator, meeting):
    ContactFactory(first_name="Zofia", last_name="Wiśniewska")
    ContactFactory(first_name="Adam", last_name="Kowalski")

    response = post_invite(
        login(creator),
        meeting,
        {"action": "search", "participant_type": "contact", "participant_q": "zof"},
    )

    available = response.context["selection"].pickers["participant"].available
    assert [c.name for c in available.candidates] == ["Zofia Wiśniewska"]


def test_picker_searches_leads_and_accounts(login, creator, meeting):
    account = AccountFactory(name="Contoso Pharma")
    in_account = ContactFactory(account=account, last_name="Inaccount")
    ContactFactory(last_name="Outside")
    lead = LeadFactory(last_name="Leadperson")
    client = login(creator)

    by_account = post_invite(
        client,
        meeting,
        {"participant_type": "account", "participant_q": "contoso"},
    )
    by_lead = post_invite(
        client, meeting, {"presenter_type": "lead", "presenter_q": "leadp"}
    )

    accounts = by_account.context["selection"].pickers["participant"].available
    leads = by_lead.context["selection"].pickers["presenter"].available
    assert [c.person for c in accounts.candidates] == [in_account]
    assert [c.person for c in leads.candidates] == [lead]


def test_adding_keeps_selection_as_hidden_inputs(login, creator, meeting):
    first, second = ContactFactory.create_batch(2)
    client = login(creator)

    response = post_invite(
        client,
        meeting,
        {
            "action": "add_participant",
            "participant": f"contact:{first.pk}",
            "participant_available": f"contact:{second.pk}",
        },
    )

    page = response.content.decode()
    assert f'name="participant" value="contact:{first.pk}"' in page
    assert f'name="participant" value="contact:{second.pk}"' in page
    available = response.context["selection"].pickers["participant"].available
    assert first not in [c.person for c in available.candidates]


def test_removing_drops_person_from_selection(login, creator, meeting):
    first, second = ContactFactory.create_batch(2)

    response = post_invite(
        login(creator),
        meeting,
        {
            "action": "remove_participant",
            "participant": [f"contact:{first.pk}", f"contact:{second.pk}"],
            "participant_selected": f"contact:{first.pk}",
        },
    )

    selected = response.context["selection"].participants
    assert [c.person for c in selected] == [second]


def test_person_cannot_be_in_both_lists(login, creator, meeting):
    contact = ContactFactory()

    response = post_invite(
        login(creator),
        meeting,
        {
            "action": "add_presenter",
            "participant": f"contact:{contact.pk}",
            "presenter_available": f"contact:{contact.pk}",
        },
    )

    selection = response.context["selection"]
    assert [c.person for c in selection.participants] == [contact]
    assert selection.presenters == []
    assert "only one role" in response.content.decode()
    presenters_offered = selection.pickers["presenter"].available.candidates
    assert contact not in [c.person for c in presenters_offered]


def test_contact_without_email_cannot_be_selected(login, creator, meeting):
    contact = ContactFactory(first_name="Noemail", last_name="Person", email="")
    client = login(creator)

    listed = client.get(invite_url(meeting))
    added = post_invite(
        client,
        meeting,
        {"action": "add_participant", "participant_available": f"contact:{contact.pk}"},
    )

    page = listed.content.decode()
    assert f'value="contact:{contact.pk}"' in page
    checkbox = page.split(f'value="contact:{contact.pk}"')[1].split(">")[0]
    assert "disabled" in checkbox
    assert "No email address: add one to the record" in page
    assert added.context["selection"].participants == []
    assert "Noemail Person has no email address" in added.content.decode()


def test_already_invited_people_are_not_offered(login, creator, meeting):
    invited = ContactFactory(email="invited@example.com")
    same_email_lead = LeadFactory(email="INVITED@example.com")
    InvitationFactory(meeting=meeting, contact=invited)
    other = ContactFactory()

    response = login(creator).get(invite_url(meeting))

    offered = [
        c.person
        for c in response.context["selection"]
        .pickers["participant"]
        .available.candidates
    ]
    assert invited not in offered
    assert other in offered
    leads = post_invite(login(creator), meeting, {"participant_type": "lead"})
    offered_leads = leads.context["selection"].pickers["participant"].available
    assert same_email_lead not in [c.person for c in offered_leads.candidates]


def test_picker_pages_without_count(login, creator, meeting):
    ContactFactory.create_batch(PAGE_SIZE + 5)
    client = login(creator)

    first = post_invite(client, meeting, {"participant_q": ""})
    with CaptureQueriesContext(connection) as queries:
        second = post_invite(
            client,
            meeting,
            {"participant_shown_page": "1", "participant_page": "2"},
        )

    first_page = first.context["selection"].pickers["participant"].available
    second_page = second.context["selection"].pickers["participant"].available
    assert len(first_page.candidates) == PAGE_SIZE
    assert first_page.has_next
    assert len(second_page.candidates) == 5
    assert not second_page.has_next
    statements = [query["sql"].upper() for query in queries.captured_queries]
    assert not [sql for sql in statements if "COUNT(" in sql]


def test_changed_search_returns_to_first_page(login, creator, meeting):
    ContactFactory.create_batch(PAGE_SIZE + 5)

    response = post_invite(
        login(creator),
        meeting,
        {
            "participant_shown_page": "2",
            "participant_shown_q": "",
            "participant_q": "a",
        },
    )

    assert response.context["selection"].pickers["participant"].available.number == 1


def test_htmx_search_returns_only_that_list(login, creator, meeting):
    ContactFactory(first_name="Zofia")

    response = post_invite(
        login(creator),
        meeting,
        {"participant_q": "zof"},
        htmx_target="participant-available",
    )

    page = response.content.decode()
    assert page.lstrip().startswith('<div id="participant-available">')
    assert "Zofia" in page
    assert "<html" not in page


def test_htmx_add_returns_the_form(login, creator, meeting):
    contact = ContactFactory()

    response = post_invite(
        login(creator),
        meeting,
        {"action": "add_participant", "participant_available": f"contact:{contact.pk}"},
        htmx_target="invite-form",
    )

    page = response.content.decode()
    assert page.lstrip().startswith('<form id="invite-form"')
    assert f'name="participant" value="contact:{contact.pk}"' in page


def test_invite_page_warns_that_sending_is_final(login, creator, meeting):
    response = login(creator).get(invite_url(meeting))

    page = response.content.decode()
    assert "Send invitations" in page
    assert "Sending cannot be undone" in page


@pytest.mark.parametrize("people", [5, 40])
def test_invite_page_query_count_is_constant(
    people, login, creator, meeting, django_assert_max_num_queries
):
    contacts = ContactFactory.create_batch(people, account=AccountFactory())
    leads = LeadFactory.create_batch(people)
    selected = [f"contact:{c.pk}" for c in contacts[:3]]
    client = login(creator)

    with django_assert_max_num_queries(9):
        post_invite(
            client,
            meeting,
            {
                "action": "add_presenter",
                "participant": selected,
                "presenter_available": f"lead:{leads[0].pk}",
            },
        )


def test_sending_records_pending_invitations_at_once(
    login, creator, meeting, django_capture_on_commit_callbacks
):
    contact = ContactFactory()
    lead = LeadFactory()

    # Not executing the on-commit callbacks leaves the send task unqueued.
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = post_invite(
            login(creator),
            meeting,
            {
                "action": "send",
                "participant": f"contact:{contact.pk}",
                "presenter": f"lead:{lead.pk}",
            },
        )

    assert response.status_code == 302
    assert response["Location"] == section_url(meeting)
    assert len(callbacks) == 1
    roles = dict(Invitation.objects.values_list("email", "role"))
    assert roles == {
        contact.email: Invitation.Role.PARTICIPANT,
        lead.email: Invitation.Role.PRESENTER,
    }
    assert set(Invitation.objects.values_list("state", flat=True)) == {"pending"}
    section = login(creator).get(section_url(meeting)).content.decode()
    assert contact.email in section
    assert lead.email in section


def test_htmx_send_redirects_client(login, creator, meeting):
    contact = ContactFactory()

    response = post_invite(
        login(creator),
        meeting,
        {"action": "send", "participant": f"contact:{contact.pk}"},
        htmx_target="invite-form",
    )

    assert response.status_code == 200
    assert response["HX-Redirect"] == section_url(meeting)


def test_sending_nothing_asks_for_a_selection(login, creator, meeting):
    response = post_invite(login(creator), meeting, {"action": "send"})

    assert response.status_code == 200
    assert "Select at least one person" in response.content.decode()


def test_tampered_key_is_ignored(login, creator, meeting):
    response = post_invite(
        login(creator),
        meeting,
        {"action": "send", "participant": ["contact:abc", "account:1", "lead:999999"]},
    )

    assert response.status_code == 200
    assert Invitation.objects.count() == 0


# The meeting's Invitations section -----------------------------------------


def test_section_shows_no_data_before_event(login, viewer, meeting):
    InvitationFactory(meeting=meeting)

    response = login(viewer).get(section_url(meeting))

    assert "No data yet" in response.content.decode()


def test_section_shows_attendance(login, viewer, meeting):
    from attendees.models import Attendee

    start = timezone.now() - timedelta(days=1)
    session = Session.objects.create(
        meeting=meeting, clickmeeting_id=5550001, started_at=start
    )
    linked = InvitationFactory(meeting=meeting)
    by_email = InvitationFactory(meeting=meeting)
    absent = InvitationFactory(meeting=meeting)
    Attendee.objects.create(
        meeting=meeting,
        session=session,
        clickmeeting_id="a1",
        invitation=linked,
        login="Linked Login",
        joined_at=start,
        left_at=start + timedelta(minutes=30),
        duration_seconds=1800,
    )
    Attendee.objects.create(
        meeting=meeting,
        session=session,
        clickmeeting_id="a2",
        email=by_email.email.upper(),
        email_normalized=by_email.email_normalized,
        login="Email Login",
        duration_seconds=600,
    )

    response = login(viewer).get(section_url(meeting))

    rows = {
        invitation.pk: attendance for invitation, attendance in response.context["rows"]
    }
    assert rows[linked.pk].attended
    assert rows[linked.pk].login == "Linked Login"
    assert rows[linked.pk].duration == timedelta(minutes=30)
    assert rows[by_email.pk].login == "Email Login"
    assert not rows[absent.pk].attended
    page = response.content.decode()
    assert "No data yet" not in page
    assert "Linked Login" in page
    assert "<td>30 min</td>" in page
    assert "0:30:00" not in page


def test_section_links_meeting_sections(login, viewer, meeting):
    page = login(viewer).get(section_url(meeting)).content.decode()

    breadcrumb = page.split('<ol class="breadcrumb">')[1].split("</ol>")[0]
    assert f'<a href="{reverse("meetings:list")}">Meetings</a>' in breadcrumb
    meeting_link = f'<a href="{reverse("meetings:detail", args=[meeting.pk])}">'
    assert meeting_link + f"{meeting.name}</a>" in breadcrumb
    assert "Invitations" in breadcrumb
    for name in ("sessions", "polls", "chat", "files"):
        assert reverse(f"meetings:{name}", args=[meeting.pk]) in page
    export_url = reverse("meetings:export", args=[meeting.pk, "attendees"])
    assert export_url in page
    assert "Export CSV" in page


def test_section_shows_failure_reason(login, viewer, meeting):
    InvitationFactory(
        meeting=meeting, state=Invitation.State.FAILED, error="Invalid e-mail <b>"
    )

    page = login(viewer).get(section_url(meeting)).content.decode()

    assert "Invalid e-mail &lt;b&gt;" in page
    assert "Retry failed" not in page


def test_section_offers_retry_to_owner(login, creator, meeting):
    InvitationFactory(meeting=meeting, state=Invitation.State.FAILED, error="x")

    page = login(creator).get(section_url(meeting)).content.decode()

    assert "Retry failed (1)" in page


@pytest.mark.parametrize("count", [3, 30])
def test_section_query_count_is_constant(
    count, login, viewer, meeting, django_assert_max_num_queries
):
    session = Session.objects.create(meeting=meeting, clickmeeting_id=5550002)
    for invitation in InvitationFactory.create_batch(count, meeting=meeting):
        invitation.attendees.create(
            meeting=meeting, session=session, clickmeeting_id=f"x{invitation.pk}"
        )
    lead_invitation = InvitationFactory(
        meeting=meeting, contact=None, lead=LeadFactory(), email="lead@example.org"
    )
    client = login(viewer)

    with django_assert_max_num_queries(9):
        response = client.get(section_url(meeting))

    assert response.status_code == 200
    assert lead_invitation.email in response.content.decode()


def test_section_is_paginated(login, viewer, meeting):
    InvitationFactory.create_batch(51, meeting=meeting)

    response = login(viewer).get(section_url(meeting) + "?page=2")

    assert len(response.context["rows"]) == 1
    assert "Page 2 of 2" in response.content.decode()


# "Invite to ClickMeeting" from a contact or lead ---------------------------


def person_url(**query):
    key, value = next(iter(query.items()))
    return reverse("invitations:invite_person") + f"?{key}={value}"


def test_invite_person_creates_and_sends(
    login, creator, meeting, configured, api, django_capture_on_commit_callbacks
):
    api.post(
        f"{ENDPOINT}conferences/{meeting.clickmeeting_id}/invitation/email/de",
        json={"status": "OK"},
    )
    lead = LeadFactory()

    with django_capture_on_commit_callbacks(execute=True):
        response = login(creator).post(
            person_url(lead=lead.pk), {"role": "presenter", "meeting": meeting.pk}
        )

    assert response.status_code == 302
    invitation = Invitation.objects.get()
    assert invitation.lead == lead
    assert invitation.role == Invitation.Role.PRESENTER
    assert invitation.state == Invitation.State.SENT
    assert "role=presenter" in api.calls[0].request.body


def test_invite_person_rejects_meeting_of_other_owner(login, other_creator, meeting):
    contact = ContactFactory()

    response = login(other_creator).post(
        person_url(contact=contact.pk), {"role": "participant", "meeting": meeting.pk}
    )

    assert response.status_code == 200
    assert response.context["form"].errors["meeting"]
    assert Invitation.objects.count() == 0


def test_invite_person_hides_invited_and_past_meetings(login, creator, meeting):
    contact = ContactFactory()
    past = MeetingFactory(owner=creator, starts_at=timezone.now() - timedelta(days=2))
    invited = MeetingFactory(owner=creator)
    InvitationFactory(meeting=invited, contact=contact)

    response = login(creator).get(person_url(contact=contact.pk))

    offered = list(response.context["form"].fields["meeting"].queryset)
    assert offered == [meeting]
    assert past not in offered


def test_invite_person_without_email_says_why(login, creator, meeting):
    contact = ContactFactory(email="")

    response = login(creator).get(person_url(contact=contact.pk))

    assert "has no email address" in response.content.decode()
    assert "Create invitation" not in response.content.decode()


def test_invite_person_needs_a_person(login, creator):
    client = login(creator)

    assert client.get(reverse("invitations:invite_person")).status_code == 404
    assert client.get(person_url(contact="x")).status_code == 404
    assert client.get(person_url(lead=999999)).status_code == 404
