"""Invitations to a meeting whose room was deleted in ClickMeeting are refused."""

from datetime import timedelta

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from invitations import services
from invitations.models import Invitation

from .factories import ContactFactory, InvitationFactory, MeetingFactory

DELETED_MESSAGE = "was deleted in ClickMeeting, so invitations to it cannot be sent"


@pytest.fixture
def deleted_meeting(creator):
    return MeetingFactory(
        owner=creator, deleted_at_source=timezone.now() - timedelta(hours=1)
    )


def invite_url(meeting):
    return reverse("invitations:invite", args=[meeting.pk])


def section_url(meeting):
    return reverse("invitations:meeting_invitations", args=[meeting.pk])


def person_url(contact):
    return reverse("invitations:invite_person") + f"?contact={contact.pk}"


def messages_of(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


def test_invite_page_explains_deleted_room(login, creator, deleted_meeting):
    response = login(creator).get(invite_url(deleted_meeting))

    html = response.content.decode()
    assert response.status_code == 200
    assert DELETED_MESSAGE in html
    assert "Send invitations" not in html
    assert reverse("meetings:detail", args=[deleted_meeting.pk]) in html


def test_invite_post_to_deleted_room_is_refused(login, creator, deleted_meeting):
    contact = ContactFactory()

    response = login(creator).post(
        invite_url(deleted_meeting),
        {"action": "send", "participant": f"contact:{contact.pk}"},
    )

    assert response.status_code == 302
    assert response["Location"] == section_url(deleted_meeting)
    assert any(DELETED_MESSAGE in text for text in messages_of(response))
    assert not Invitation.objects.exists()


def test_htmx_post_to_deleted_room_redirects(login, creator, deleted_meeting):
    response = login(creator).post(
        invite_url(deleted_meeting),
        {"action": "search", "participant_q": "a"},
        headers={"HX-Request": "true", "HX-Target": "participant-available"},
    )

    assert response.status_code == 200
    assert response["HX-Redirect"] == section_url(deleted_meeting)


def test_record_invitations_refuses_deleted_room(creator, deleted_meeting):
    with pytest.raises(services.MeetingDeletedError):
        services.record_invitations(
            deleted_meeting, creator, participants=[ContactFactory()]
        )

    assert not Invitation.objects.exists()


def test_retry_failed_refused_for_deleted_room(login, creator, deleted_meeting):
    failed = InvitationFactory(
        meeting=deleted_meeting, state=Invitation.State.FAILED, error="Not found"
    )
    url = reverse("invitations:retry_failed", args=[deleted_meeting.pk])

    response = login(creator).post(url)

    assert response.status_code == 302
    assert any(DELETED_MESSAGE in text for text in messages_of(response))
    failed.refresh_from_db()
    assert failed.state == Invitation.State.FAILED


def test_section_of_deleted_room_offers_no_sending(login, creator, deleted_meeting):
    InvitationFactory(meeting=deleted_meeting, state=Invitation.State.FAILED)

    html = login(creator).get(section_url(deleted_meeting)).content.decode()

    assert "deleted in ClickMeeting, so no invitation can be sent" in html
    assert invite_url(deleted_meeting) not in html
    assert "Retry failed" not in html


def test_person_page_counts_deleted_meetings(login, creator, deleted_meeting):
    contact = ContactFactory()

    response = login(creator).get(person_url(contact))

    html = response.content.decode()
    assert list(response.context["form"].fields["meeting"].queryset) == []
    assert "1 meeting is not offered because its room was deleted" in html


def test_person_post_to_deleted_room_says_why(login, creator, deleted_meeting):
    MeetingFactory(owner=creator)
    contact = ContactFactory()

    response = login(creator).post(
        person_url(contact), {"role": "participant", "meeting": deleted_meeting.pk}
    )

    assert response.status_code == 200
    errors = response.context["form"].errors["meeting"]
    assert any(DELETED_MESSAGE in error for error in errors)
    assert not Invitation.objects.exists()
