"""Inviting people end to end: the pages, the send task and the sandbox over HTTP."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from admin_config import services as config_services
from cmsync.clickmeeting import types
from invitations import services
from invitations.models import Invitation
from meetings.models import Meeting

from .factories import ContactFactory, LeadFactory, MeetingFactory


@pytest.fixture
def sandbox_config(db, clickmeeting_sandbox):
    config = config_services.get_config()
    config.endpoint_url = clickmeeting_sandbox.endpoint
    config.invitation_language = "pl"
    config.set_api_key(clickmeeting_sandbox.api_key)
    config_services.save_config(config)
    return config


def sandbox_room(creator, access_type=Meeting.AccessType.OPEN):
    """A meeting whose room exists in the sandbox."""
    starts_at = timezone.now() + timedelta(days=1)
    conference = config_services.get_client().create_conference(
        types.ConferenceInput(
            name="Partner onboarding",
            room_type="meeting",
            permanent_room=False,
            access_type=access_type,
            password=None,
            starts_at=starts_at,
            timezone="Europe/Warsaw",
            duration=timedelta(hours=1),
        )
    )
    return MeetingFactory(
        owner=creator,
        clickmeeting_id=conference.id,
        access_type=access_type,
        starts_at=starts_at,
    )


@pytest.fixture
def send(client, creator, django_capture_on_commit_callbacks):
    """Press "Send invitations" on the page with the given selection."""
    client.force_login(creator)

    def _send(meeting, participants=(), presenters=(), expect_status=302):
        data = {
            "action": "send",
            "participant": [key_of(p) for p in participants],
            "presenter": [key_of(p) for p in presenters],
        }
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(
                reverse("invitations:invite", args=[meeting.pk]), data
            )
        assert response.status_code == expect_status
        return response

    return _send


def key_of(person):
    kind = "lead" if hasattr(person, "company") else "contact"
    return f"{kind}:{person.pk}"


def sent_for(sandbox, meeting):
    return [
        entry
        for entry in sandbox.control.sent_invitations()
        if entry["room_id"] == meeting.clickmeeting_id
    ]


def test_sandbox_records_exactly_the_invitations(
    sandbox_config, clickmeeting_sandbox, creator, send
):
    meeting = sandbox_room(creator)
    contacts = ContactFactory.create_batch(3)
    leads = LeadFactory.create_batch(2)
    presenter = leads[1]

    send(meeting, participants=[*contacts, leads[0]], presenters=[presenter])

    sent = sent_for(clickmeeting_sandbox, meeting)
    roles = {entry["email"]: entry["role"] for entry in sent}
    expected = {person.email: "listener" for person in [*contacts, leads[0]]}
    expected[presenter.email] = "presenter"
    assert roles == expected
    assert len(sent) == 5
    assert {entry["lang"] for entry in sent} == {"pl"}
    assert set(Invitation.objects.values_list("state", flat=True)) == {"sent"}


def test_inviting_same_person_again_sends_nothing(
    sandbox_config, clickmeeting_sandbox, creator, send
):
    meeting = sandbox_room(creator)
    contact = ContactFactory()
    send(meeting, participants=[contact])

    again = send(meeting, participants=[contact], expect_status=200)
    as_presenter = send(meeting, presenters=[contact], expect_status=200)

    assert "is already invited" in again.content.decode()
    assert "is already invited" in as_presenter.content.decode()
    assert len(sent_for(clickmeeting_sandbox, meeting)) == 1
    assert Invitation.objects.count() == 1


def test_rejected_email_is_reported_per_person(
    sandbox_config, clickmeeting_sandbox, creator, send
):
    meeting = sandbox_room(creator)
    good = ContactFactory(email="first@example.com")
    rejected = ContactFactory(email="nobody@localhost")
    lead = LeadFactory(email="second@example.org")

    send(meeting, participants=[good, rejected, lead])

    sent = {entry["email"] for entry in sent_for(clickmeeting_sandbox, meeting)}
    assert sent == {"first@example.com", "second@example.org"}
    failed = Invitation.objects.get(state=Invitation.State.FAILED)
    assert failed.email == "nobody@localhost"
    assert "nobody@localhost" in failed.error
    assert Invitation.objects.filter(state=Invitation.State.SENT).count() == 2


def test_server_error_then_retry_failed_sends_once(
    sandbox_config,
    clickmeeting_sandbox,
    creator,
    send,
    client,
    django_capture_on_commit_callbacks,
):
    meeting = sandbox_room(creator)
    contact = ContactFactory()
    clickmeeting_sandbox.control.inject_fault(
        "server_error", path="conferences/*/invitation/email/*", method="POST"
    )

    send(meeting, participants=[contact])

    invitation = Invitation.objects.get()
    assert invitation.state == Invitation.State.FAILED
    assert sent_for(clickmeeting_sandbox, meeting) == []

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("invitations:retry_failed", args=[meeting.pk]))

    invitation.refresh_from_db()
    assert invitation.state == Invitation.State.SENT
    assert [e["email"] for e in sent_for(clickmeeting_sandbox, meeting)] == [
        contact.email
    ]


def test_token_room_stores_each_invitees_token(
    sandbox_config, clickmeeting_sandbox, creator, send
):
    meeting = sandbox_room(creator, access_type=Meeting.AccessType.TOKEN)
    contacts = ContactFactory.create_batch(3)

    send(meeting, participants=contacts)

    emailed = {e["email"]: e["token"] for e in sent_for(clickmeeting_sandbox, meeting)}
    stored = dict(Invitation.objects.values_list("email", "token"))
    assert stored == emailed
    assert len(set(stored.values())) == 3


def test_resend_gives_token_room_fresh_tokens(
    sandbox_config, clickmeeting_sandbox, creator, send
):
    meeting = sandbox_room(creator, access_type=Meeting.AccessType.TOKEN)
    contacts = ContactFactory.create_batch(2)
    send(meeting, participants=contacts)
    first_tokens = dict(Invitation.objects.values_list("email", "token"))

    services.resend_invitations(meeting.pk)

    sent = sent_for(clickmeeting_sandbox, meeting)
    assert len(sent) == 4
    new_tokens = dict(Invitation.objects.values_list("email", "token"))
    assert set(new_tokens.values()).isdisjoint(first_tokens.values())
    latest = {entry["email"]: entry["token"] for entry in sent}
    assert new_tokens == latest
