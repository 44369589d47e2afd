"""The "Invite people" page in headless Chromium: htmx search, Add, Send."""

import pytest
from django.urls import reverse

from invitations.models import Invitation
from tests.invitations.factories import ContactFactory, LeadFactory, MeetingFactory

pytestmark = pytest.mark.django_db(transaction=True)


def wait_for_htmx(browser):
    # Swapped-in controls get their htmx handlers only once the swap settles.
    browser.wait_for_function(
        "!document.querySelector('.htmx-request, .htmx-swapping, .htmx-settling')"
    )


def test_search_add_and_send(log_in, creator):
    meeting = MeetingFactory(owner=creator, clickmeeting_id=None)
    ContactFactory(
        first_name="Zofia", last_name="Wiśniewska", email="zofia@example.com"
    )
    ContactFactory(first_name="Adam", last_name="Kowalski", email="adam@example.com")
    LeadFactory(first_name="Lena", last_name="Leadova", email="lena@example.org")
    browser = log_in(creator)

    browser.goto(reverse("invitations:invite", args=[meeting.pk]))
    participants = browser.locator("#participant-picker")
    participants.get_by_label("First name, last name or email").fill("zof")
    available = browser.locator("#participant-available")
    available.get_by_text("Adam Kowalski").wait_for(state="detached")
    available.get_by_label("Zofia Wiśniewska", exact=False).check()
    available.get_by_role("button", name="Add").click()
    participants.locator('input[name="participant_selected"]').wait_for()
    wait_for_htmx(browser)

    presenters = browser.locator("#presenter-picker")
    presenters.get_by_label("Search in").select_option("lead")
    presenter_list = browser.locator("#presenter-available")
    presenter_list.get_by_text("Lena Leadova").wait_for()
    presenter_list.get_by_label("Lena Leadova", exact=False).check()
    presenter_list.get_by_role("button", name="Add").click()
    presenters.locator('input[name="presenter_selected"]').wait_for()
    wait_for_htmx(browser)

    browser.get_by_role("button", name="Send invitations").click()
    browser.wait_for_url(
        f"**{reverse('invitations:meeting_invitations', args=[meeting.pk])}"
    )

    roles = dict(Invitation.objects.values_list("email", "role"))
    assert roles == {
        "zofia@example.com": "participant",
        "lena@example.org": "presenter",
    }
    assert "zofia@example.com" in browser.content()
