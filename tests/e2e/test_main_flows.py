"""The main flows in headless Chromium, against the live server and the sandbox.

A Creator plans a meeting, invites people, imports what happened in the room
and joins it as host. A Viewer reads the same pages without the actions.
Celery runs eagerly, so the push, the sending and the import run in the live
server's thread when their transaction commits. They call the sandbox over
HTTP on loopback.
"""

import re
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from admin_config.services import get_config
from cmsync.clickmeeting import ClickMeetingClient
from crm.models import Lead
from invitations import services as invitation_services
from meetings import services as meeting_services
from meetings.models import Meeting
from tests.invitations.factories import ContactFactory

pytestmark = pytest.mark.django_db(transaction=True)

WARSAW = ZoneInfo("Europe/Warsaw")
DETAIL_URL = re.compile(r"/meetings/\d+/$")
WALK_IN_EMAIL = "wanda.walkin@unknown.example"


def wait_for_htmx(browser):
    # Swapped-in controls get their htmx handlers only once the swap settles.
    browser.wait_for_function(
        "!document.querySelector('.htmx-request, .htmx-swapping, .htmx-settling')"
    )


def sandbox_client(sandbox):
    """A client of the sandbox for checks made outside the code under test."""
    return ClickMeetingClient(sandbox.endpoint, sandbox.api_key, max_attempts=1)


def cell_in_column(browser, row, header):
    """Return the cell of `row` under the column header named `header`."""
    headers = browser.get_by_role("columnheader").all_inner_texts()
    return row.get_by_role("cell").nth(headers.index(header))


@pytest.fixture
def pushed_meeting(clickmeeting_account, creator):
    """A meeting of the Creator, saved and pushed to the sandbox as the form does."""
    meeting = Meeting(
        name="Partner onboarding",
        access_type=Meeting.AccessType.OPEN,
        starts_at=timezone.now() + timedelta(days=2),
        timezone="Europe/Warsaw",
        duration=timedelta(hours=1),
        registration_enabled=True,
    )
    meeting_services.meeting_save(meeting, user=creator)
    meeting.refresh_from_db()
    assert meeting.push_state == Meeting.PushState.DONE, meeting.push_error
    return meeting


@pytest.fixture
def people():
    return {
        "anna": ContactFactory(
            first_name="Anna", last_name="Nowak", email="anna.nowak@acme.example"
        ),
        "bruno": ContactFactory(
            first_name="Bruno", last_name="Kowal", email="bruno.kowal@acme.example"
        ),
        "celina": ContactFactory(
            first_name="Celina",
            last_name="Mazur",
            email="celina.mazur@fabrikam.example",
        ),
        "dorota": ContactFactory(
            first_name="Dorota", last_name="Lis", email="dorota.lis@fabrikam.example"
        ),
    }


@pytest.fixture
def held_meeting(pushed_meeting, creator, people, clickmeeting_account):
    """The pushed meeting with three people invited, after a session took place.

    Anna (participant) and Celina (presenter) attend, Bruno (participant)
    does not, and a visitor whose email matches no contact or lead joins too.
    """
    config = get_config()
    config.sync_start_date = timezone.localdate() - timedelta(days=7)
    config.save()
    invitation_services.record_invitations(
        pushed_meeting,
        creator,
        participants=[people["anna"], people["bruno"]],
        presenters=[people["celina"]],
    )
    clickmeeting_account.control.simulate_meeting(
        pushed_meeting.clickmeeting_id,
        people=[
            {"email": people["anna"].email, "nickname": "Anna N.", "role": "listener"},
            {
                "email": people["celina"].email,
                "nickname": "Celina Mazur",
                "role": "presenter",
            },
            {"email": WALK_IN_EMAIL, "nickname": "Wanda Walkin", "role": "listener"},
        ],
        attendees=0,
        phone_attendees=0,
        guests=0,
        registrations=True,
        recordings=0,
        files=0,
        seed=11,
    )
    return pushed_meeting


def test_creator_plans_a_meeting(log_in, creator, clickmeeting_account):
    start_day = timezone.localdate() + timedelta(days=3)
    browser = log_in(creator)

    browser.get_by_role("navigation").get_by_role("link", name="Meetings").click()
    browser.get_by_role("link", name="Plan a meeting").click()
    browser.get_by_label("Room name").fill("Wdrożenie partnerów Q3")
    expect(browser.get_by_label("Room URL")).to_have_value("wdrozenie-partnerow-q3")

    password = browser.get_by_label("Password", exact=True)
    expect(password).to_be_hidden()
    browser.get_by_label("Access type").select_option(label="Password-protected")
    expect(password).to_be_visible()
    password.fill("s3cret-room")

    browser.get_by_label("Start").fill(f"{start_day.isoformat()}T10:30")
    browser.get_by_label("Time zone").select_option("Europe/Warsaw")
    browser.get_by_label("Registration enabled").check()
    browser.get_by_role("button", name="Save").click()

    browser.wait_for_url(DETAIL_URL)
    expect(
        browser.get_by_role("heading", name="Wdrożenie partnerów Q3")
    ).to_be_visible()
    expect(browser.get_by_text("Sent to ClickMeeting", exact=True)).to_be_visible()
    start_row = browser.locator("dd", has_text="Europe/Warsaw").first
    expect(start_row).to_contain_text(f"{start_day.day} {start_day:%b %Y}, 10:30")

    meeting = Meeting.objects.get(name="Wdrożenie partnerów Q3")
    assert meeting.clickmeeting_id
    conference = sandbox_client(clickmeeting_account).get_conference(
        meeting.clickmeeting_id
    )
    assert conference.name == "Wdrożenie partnerów Q3"
    assert conference.name_url == "wdrozenie-partnerow-q3"
    assert conference.access_type == Meeting.AccessType.PASSWORD
    assert conference.registration_enabled
    assert conference.starts_at == datetime.combine(
        start_day, time(10, 30), tzinfo=WARSAW
    )


def test_owner_invites_people(
    log_in, creator, pushed_meeting, people, clickmeeting_account
):
    browser = log_in(creator)
    browser.goto(pushed_meeting.get_absolute_url())
    browser.get_by_role("link", name="Invite people").click()

    participants = browser.get_by_role("region", name="Participants")
    participants.get_by_label("First name, last name or email").fill("acme")
    expect(participants.get_by_text("Celina Mazur")).to_have_count(0)
    participants.get_by_label("Anna Nowak", exact=False).check()
    participants.get_by_label("Bruno Kowal", exact=False).check()
    participants.get_by_role("button", name="Add").click()
    expect(participants.get_by_role("heading", name="Selected 2")).to_be_visible()
    wait_for_htmx(browser)

    presenters = browser.get_by_role("region", name="Presenters")
    presenters.get_by_label("First name, last name or email").fill("celina")
    expect(presenters.get_by_text("Dorota Lis")).to_have_count(0)
    presenters.get_by_label("Celina Mazur", exact=False).check()
    presenters.get_by_role("button", name="Add").click()
    expect(presenters.get_by_role("heading", name="Selected 1")).to_be_visible()
    wait_for_htmx(browser)

    browser.get_by_role("button", name="Send invitations").click()
    browser.wait_for_url(re.compile(r"/invitations/meeting/\d+/$"))
    expected_roles = {
        "anna.nowak@acme.example": "Participant",
        "bruno.kowal@acme.example": "Participant",
        "celina.mazur@fabrikam.example": "Presenter",
    }
    for email, role in expected_roles.items():
        row = browser.get_by_role("row").filter(has_text=email)
        expect(cell_in_column(browser, row, "Role")).to_have_text(role)
        expect(cell_in_column(browser, row, "State")).to_contain_text("Sent")
    expect(browser.get_by_text("dorota.lis@fabrikam.example")).to_have_count(0)

    sent = clickmeeting_account.control.sent_invitations()
    sent_roles = {
        entry["email"]: entry["role"]
        for entry in sent
        if entry["room_id"] == pushed_meeting.clickmeeting_id
    }
    assert sent_roles == {
        "anna.nowak@acme.example": "listener",
        "bruno.kowal@acme.example": "listener",
        "celina.mazur@fabrikam.example": "presenter",
    }
    assert len(sent) == 3


def test_owner_imports_data_now(log_in, creator, held_meeting, clickmeeting_account):
    registrations = sandbox_client(clickmeeting_account).list_registrations(
        held_meeting.clickmeeting_id
    )
    anna_answers = next(
        r.fields for r in registrations if r.email == "anna.nowak@acme.example"
    )
    browser = log_in(creator)
    browser.goto(held_meeting.get_absolute_url())

    browser.get_by_role("button", name="Import data now").click()
    # The task runs eagerly here, so the page reloads with the finished import.
    expect(browser.get_by_text("The import has finished.")).to_be_visible()
    expect(
        browser.get_by_text(re.compile(r"records created · .* · 1 new lead\b"))
    ).to_be_visible()

    session_rows = browser.get_by_role("row").filter(has=browser.get_by_role("cell"))
    expect(session_rows).to_have_count(1)
    expect(cell_in_column(browser, session_rows, "Total visitors")).to_have_text("3")

    browser.get_by_role("link", name="Invitations 3").click()
    attended = {
        "anna.nowak@acme.example": "Yes",
        "bruno.kowal@acme.example": "No",
        "celina.mazur@fabrikam.example": "Yes",
    }
    for email, answer in attended.items():
        row = browser.get_by_role("row").filter(has_text=email)
        expect(cell_in_column(browser, row, "Attended")).to_have_text(answer)
    anna_row = browser.get_by_role("row").filter(has_text="anna.nowak@acme.example")
    expect(cell_in_column(browser, anna_row, "Login")).to_have_text("Anna N.")

    cell_in_column(browser, anna_row, "Attendee number").get_by_role("link").click()
    expect(
        browser.get_by_role("heading", name=re.compile("^Attendee "))
    ).to_be_visible()
    attendance = browser.locator(".card").filter(has_text="Attendance")
    expect(attendance).to_contain_text("Anna N.")
    answers = browser.locator(".card").filter(has_text="Registration answers")
    for label in ("Company", "Job title", "How did you hear about us?"):
        expect(answers).to_contain_text(label)
        expect(answers).to_contain_text(anna_answers[label])

    browser.get_by_role("navigation").get_by_role("link", name="Leads").click()
    lead_row = browser.get_by_role("row").filter(has_text=WALK_IN_EMAIL)
    expect(lead_row).to_contain_text("Wanda Walkin")
    assert Lead.objects.filter(email_normalized=WALK_IN_EMAIL).count() == 1


def test_viewer_sees_no_actions(log_in, viewer, pushed_meeting):
    browser = log_in(viewer)
    browser.goto(pushed_meeting.get_absolute_url())

    expect(browser.get_by_role("heading", name="Partner onboarding")).to_be_visible()
    expect(browser.get_by_text("Sent to ClickMeeting", exact=True)).to_be_visible()
    expect(browser.get_by_role("link", name="Invitations 0")).to_be_visible()
    expect(browser.get_by_role("link", name="Edit", exact=True)).to_have_count(0)
    expect(browser.get_by_role("link", name="Invite people")).to_have_count(0)
    expect(browser.get_by_role("button", name="Import data now")).to_have_count(0)
    expect(browser.get_by_role("button", name="Join meeting now")).to_have_count(0)

    response = browser.goto(f"{pushed_meeting.get_absolute_url()}edit/")
    assert response.status == 403
    expect(
        browser.get_by_role("heading", name="You are not allowed to do this")
    ).to_be_visible()


def test_owner_joins_as_host(log_in, creator, pushed_meeting, clickmeeting_account):
    browser = log_in(creator)
    browser.goto(pushed_meeting.get_absolute_url())

    browser.get_by_role("button", name="Join meeting now").click()

    browser.wait_for_url(f"{clickmeeting_account.base_url}/room/**")
    assert "l=" in browser.url
    expect(
        browser.get_by_text(
            "Autologin hash is valid: joining as creator <creator@example.com>, "
            "role host."
        )
    ).to_be_visible()
