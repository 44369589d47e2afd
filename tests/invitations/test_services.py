"""Recording and sending invitations, against ClickMeeting faked by `responses`."""

import json
import re
from datetime import timedelta
from urllib.parse import parse_qsl

import pytest
from django.utils import timezone

from invitations import sending, services, tasks
from invitations.models import Invitation
from meetings.models import Meeting

from .conftest import invitation_url, tokens_url
from .factories import ContactFactory, InvitationFactory, LeadFactory, MeetingFactory

OK = {"status": "OK"}
ANY_INVITATION_URL = re.compile(r".*/conferences/\d+/invitation/email/\w+$")


def sent_form(call):
    return parse_qsl(call.request.body)


def sent_emails(call):
    return [value for key, value in sent_form(call) if key == "attendees[][email]"]


def sent_role(call):
    return dict(sent_form(call))["role"]


def rejection(*emails):
    return {
        "code": 422,
        "name": "Unprocessable Entity",
        "errors": [
            {"name": "attendees[0][email]", "message": f"Invalid e-mail: {email}"}
            for email in emails
        ],
    }


def invitation_calls(api):
    return [c for c in api.calls if "/invitation/email/" in c.request.url]


@pytest.fixture
def record(meeting, creator, django_capture_on_commit_callbacks):
    """Record invitations and run the send task enqueued on commit."""

    def _record(participants=(), presenters=(), target=None):
        with django_capture_on_commit_callbacks(execute=True):
            return services.record_invitations(
                target or meeting,
                creator,
                participants=participants,
                presenters=presenters,
            )

    return _record


def test_recording_sends_roles_in_configured_language(configured, api, record):
    api.post(ANY_INVITATION_URL, json=OK)
    contacts = ContactFactory.create_batch(2)
    lead = LeadFactory()
    presenter = ContactFactory()

    result = record(participants=[*contacts, lead], presenters=[presenter])

    assert len(result.created) == 4
    calls = invitation_calls(api)
    assert len(calls) == 2
    by_role = {sent_role(call): sent_emails(call) for call in calls}
    assert sorted(by_role["listener"]) == sorted(
        [c.email for c in contacts] + [lead.email]
    )
    assert by_role["presenter"] == [presenter.email]
    assert all(call.request.url.endswith("/email/de") for call in calls)
    states = set(Invitation.objects.values_list("state", flat=True))
    assert states == {Invitation.State.SENT}


def test_recorded_invitations_store_person_role_and_sender(
    configured, api, record, creator
):
    api.post(ANY_INVITATION_URL, json=OK)
    contact = ContactFactory(email="  Mixed.Case@Example.com ")
    lead = LeadFactory()

    record(participants=[contact], presenters=[lead])

    by_role = {i.role: i for i in Invitation.objects.all()}
    participant = by_role[Invitation.Role.PARTICIPANT]
    assert participant.contact == contact
    assert participant.lead is None
    assert participant.email_normalized == "mixed.case@example.com"
    assert participant.language == "de"
    assert participant.sent_by == creator
    assert participant.sent_at is not None
    assert participant.send_count == 1
    assert by_role[Invitation.Role.PRESENTER].lead == lead


def test_already_invited_person_is_not_sent_twice(configured, api, record):
    api.post(ANY_INVITATION_URL, json=OK)
    contact = ContactFactory()
    record(participants=[contact])

    result = record(participants=[contact])

    assert result.created == []
    assert result.skipped[0][1] == "already invited"
    assert len(invitation_calls(api)) == 1
    assert Invitation.objects.count() == 1


def test_person_without_email_is_skipped(configured, api, record):
    contact = ContactFactory(email="")

    result = record(participants=[contact])

    assert result.created == []
    assert result.skipped == [(contact, "no email address")]
    assert invitation_calls(api) == []


def test_contact_and_lead_sharing_email_get_one_invitation(configured, api, record):
    api.post(ANY_INVITATION_URL, json=OK)
    contact = ContactFactory(email="shared@example.com")
    lead = LeadFactory(email="SHARED@example.com")

    result = record(participants=[contact, lead])

    assert [i.contact for i in result.created] == [contact]
    assert result.skipped == [(lead, "already invited")]


def test_rejected_email_fails_alone(configured, api, record):
    good = ContactFactory(email="good@example.com")
    bad = ContactFactory(email="bad@example.com")
    also_good = LeadFactory(email="also-good@example.org")

    def answer(request):
        emails = [v for k, v in parse_qsl(request.body) if k == "attendees[][email]"]
        if "bad@example.com" in emails:
            return 422, {}, json.dumps(rejection("bad@example.com"))
        return 200, {}, json.dumps(OK)

    api.add_callback("POST", ANY_INVITATION_URL, callback=answer)

    record(participants=[good, bad, also_good])

    states = {i.email: (i.state, i.error) for i in Invitation.objects.all()}
    assert states["good@example.com"] == (Invitation.State.SENT, "")
    assert states["also-good@example.org"] == (Invitation.State.SENT, "")
    assert states["bad@example.com"][0] == Invitation.State.FAILED
    assert "Invalid e-mail: bad@example.com" in states["bad@example.com"][1]
    # One rejected batch, then one call per address.
    assert len(invitation_calls(api)) == 4


def test_retry_failed_sends_only_failed(
    configured, api, meeting, django_capture_on_commit_callbacks
):
    api.post(ANY_INVITATION_URL, json=OK)
    InvitationFactory(meeting=meeting, state=Invitation.State.SENT)
    failed = InvitationFactory(
        meeting=meeting, state=Invitation.State.FAILED, error="Invalid e-mail"
    )

    with django_capture_on_commit_callbacks(execute=True):
        count = services.retry_failed(meeting)

    assert count == 1
    calls = invitation_calls(api)
    assert len(calls) == 1
    assert sent_emails(calls[0]) == [failed.email]
    failed.refresh_from_db()
    assert failed.state == Invitation.State.SENT
    assert failed.error == ""


def test_unpushed_meeting_keeps_invitations_pending(configured, api, creator, record):
    unpushed = MeetingFactory(owner=creator, clickmeeting_id=None)
    api.post(ANY_INVITATION_URL, json=OK)

    record(participants=[ContactFactory()], target=unpushed)

    invitation = Invitation.objects.get()
    assert invitation.state == Invitation.State.PENDING
    assert invitation_calls(api) == []

    unpushed.clickmeeting_id = 7399999
    unpushed.save()
    summary = tasks.send_pending_invitations(unpushed.pk)

    invitation.refresh_from_db()
    assert summary["sent"] == [invitation.pk]
    assert invitation.state == Invitation.State.SENT
    assert len(invitation_calls(api)) == 1


def test_send_pending_twice_sends_once(configured, api, meeting):
    api.post(ANY_INVITATION_URL, json=OK)
    InvitationFactory(meeting=meeting, state=Invitation.State.PENDING)

    services.send_pending(meeting.pk)
    services.send_pending(meeting.pk)

    assert len(invitation_calls(api)) == 1


def test_claimed_rows_are_not_claimed_again(meeting):
    invitation = InvitationFactory(meeting=meeting, state=Invitation.State.PENDING)
    queryset = Invitation.objects.filter(meeting=meeting)

    first = sending.claim(queryset)
    second = sending.claim(queryset)

    assert [i.pk for i in first] == [invitation.pk]
    assert second == []


def test_stale_claim_is_taken_over(meeting):
    invitation = InvitationFactory(
        meeting=meeting,
        state=Invitation.State.SENDING,
        send_batch="deadworker",
        claimed_at=timezone.now() - timedelta(hours=1),
    )

    claimed = sending.claim(Invitation.objects.filter(meeting=meeting))

    assert [i.pk for i in claimed] == [invitation.pk]


def test_resend_sends_everyone_sent_again(configured, api, meeting):
    api.post(ANY_INVITATION_URL, json=OK)
    sent = InvitationFactory.create_batch(2, meeting=meeting, send_count=1)
    failed = InvitationFactory(meeting=meeting, state=Invitation.State.FAILED)

    summary = tasks.resend_invitations_task(meeting.pk)

    assert sorted(summary["sent"]) == sorted(i.pk for i in sent)
    emails = sent_emails(invitation_calls(api)[0])
    assert sorted(emails) == sorted(i.email for i in sent)
    assert failed.email not in emails
    for invitation in sent:
        invitation.refresh_from_db()
        assert invitation.send_count == 2


def test_token_room_gets_one_token_per_invitee(configured, api, creator, record):
    room = MeetingFactory(owner=creator, access_type=Meeting.AccessType.TOKEN)
    contacts = ContactFactory.create_batch(2)
    api.post(
        tokens_url(room),
        json={
            "access_tokens": [
                {"token": "Q7K4PX", "sent_to_email": None, "first_use_date": None},
                {"token": "DXXQ9F", "sent_to_email": None, "first_use_date": None},
            ]
        },
    )
    api.post(invitation_url(room, "de"), json=OK)
    # ClickMeeting picks which unused token goes to whom: here, crosswise.
    api.get(
        tokens_url(room),
        json={
            "access_tokens": [
                {
                    "token": "Q7K4PX",
                    "sent_to_email": contacts[1].email,
                    "first_use_date": None,
                },
                {
                    "token": "DXXQ9F",
                    "sent_to_email": contacts[0].email,
                    "first_use_date": None,
                },
            ]
        },
    )

    record(participants=contacts, target=room)

    generate = [
        c for c in api.calls if c.request.method == "POST" and "tokens" in c.request.url
    ]
    assert dict(parse_qsl(generate[0].request.body)) == {"how_many": "2"}
    tokens = {i.email: i.token for i in Invitation.objects.all()}
    assert tokens == {contacts[0].email: "DXXQ9F", contacts[1].email: "Q7K4PX"}


def test_token_generation_failure_fails_invitations(configured, api, creator, record):
    room = MeetingFactory(owner=creator, access_type=Meeting.AccessType.TOKEN)
    api.post(
        tokens_url(room),
        status=422,
        json={
            "code": 422,
            "name": "Unprocessable Entity",
            "errors": [
                {"name": "access_type", "message": "Room is not protected by tokens"}
            ],
        },
    )

    record(participants=[ContactFactory()], target=room)

    invitation = Invitation.objects.get()
    assert invitation.state == Invitation.State.FAILED
    assert invitation_calls(api) == []


def test_server_error_is_reported_as_uncertain(configured, api, record):
    api.post(ANY_INVITATION_URL, status=503, json={"code": 503})

    record(participants=[ContactFactory()])

    invitation = Invitation.objects.get()
    assert invitation.state == Invitation.State.FAILED
    assert "may or may not have sent" in invitation.error
    assert "Retry failed" in invitation.error


def test_missing_configuration_fails_with_reason(db, record):
    record(participants=[ContactFactory()])

    invitation = Invitation.objects.get()
    assert invitation.state == Invitation.State.FAILED
    assert "No ClickMeeting API key" in invitation.error


def test_meeting_deleted_at_source_fails_invitations(configured, api, creator):
    gone = MeetingFactory(owner=creator)
    result = services.record_invitations(gone, creator, participants=[ContactFactory()])
    # The room disappears in ClickMeeting before the send task runs.
    Meeting.objects.filter(pk=gone.pk).update(deleted_at_source=timezone.now())

    services.send_invitations(gone.pk, [i.pk for i in result.created])

    invitation = Invitation.objects.get()
    assert invitation.state == Invitation.State.FAILED
    assert invitation_calls(api) == []


def test_send_task_for_deleted_meeting_does_nothing(db):
    summary = tasks.send_invitations(987654, [1, 2])

    assert summary == {"sent": [], "failed": [], "waiting": False}


def test_active_meetings_for_person(creator, other_creator):
    now = timezone.now()
    contact = ContactFactory()
    future = MeetingFactory(owner=creator, starts_at=now + timedelta(days=1))
    running = MeetingFactory(
        owner=creator,
        starts_at=now - timedelta(minutes=10),
        duration=timedelta(hours=1),
    )
    permanent = MeetingFactory(owner=creator, starts_at=None, permanent_room=True)
    MeetingFactory(owner=creator, starts_at=now - timedelta(hours=3))
    MeetingFactory(
        owner=creator,
        starts_at=now + timedelta(days=1),
        deleted_at_source=now,
    )
    MeetingFactory(owner=other_creator, starts_at=now + timedelta(days=1))
    invited = MeetingFactory(owner=creator, starts_at=now + timedelta(days=3))
    InvitationFactory(meeting=invited, contact=contact)

    meetings = services.active_meetings_for(creator, contact, is_administrator=False)

    assert set(meetings) == {future, running, permanent}


def test_active_meetings_for_administrator_include_all_owners(
    administrator, other_creator
):
    other = MeetingFactory(owner=other_creator)

    meetings = services.active_meetings_for(
        administrator, ContactFactory(), is_administrator=True
    )

    assert list(meetings) == [other]
