"""Bulk sync against the sandbox over real HTTP."""

import datetime as dt

import pytest
from django.utils import timezone

from admin_config.services import get_config
from attendees.models import Attendee, Registration
from cmsync.clickmeeting import types
from cmsync.sandbox.simulation import POLL
from cmsync.sync.models import SyncRun
from crm.models import Contact, Lead
from meetings.models import ChatMessage, File, Meeting, PollAnswer, Session
from tests.sync.conftest import bulk_sync, create_room

pytestmark = pytest.mark.django_db


def test_full_run_imports_simulated_meeting(sandbox, api):
    room = create_room(api)
    summary = sandbox.control.simulate_meeting(room.id, attendees=6, seed=1)

    run = bulk_sync()

    assert run.state == SyncRun.State.SUCCEEDED, run.errors
    meeting = Meeting.objects.get(clickmeeting_id=room.id)
    assert Session.objects.filter(meeting=meeting).count() == 1
    assert Attendee.objects.filter(meeting=meeting).count() == summary["attendees"]
    assert (
        Registration.objects.filter(meeting=meeting).count() == summary["registrations"]
    )
    assert (
        ChatMessage.objects.filter(meeting=meeting).count() == summary["chat_messages"]
    )
    answers_per_poll = len(POLL["questions"])
    assert (
        PollAnswer.objects.filter(meeting=meeting).count()
        == summary["poll_answers"] * answers_per_poll
    )
    assert File.objects.filter(meeting=meeting).count() == len(
        summary["recording_ids"]
    ) + len(summary["file_ids"])


def data_snapshot():
    """Every imported row's id and change time, by model."""
    snapshot = {}
    for model in (Session, Attendee, Registration, ChatMessage, PollAnswer, File):
        fields = ["pk"]
        if any(f.name == "updated_at" for f in model._meta.fields):
            fields.append("updated_at")
        snapshot[model.__name__] = sorted(model.objects.values_list(*fields))
    return snapshot


def test_second_run_changes_nothing(sandbox, api):
    room = create_room(api)
    sandbox.control.simulate_meeting(room.id, attendees=6, seed=2)
    first = bulk_sync()
    before = data_snapshot()
    leads_before = Lead.objects.count()
    meeting_before = Meeting.objects.values().get(clickmeeting_id=room.id)

    second = bulk_sync()

    assert second.state == SyncRun.State.SUCCEEDED, second.errors
    assert first.rows_created > 0
    assert second.rows_created == 0
    assert second.rows_updated == 0
    assert second.leads_created == 0
    assert data_snapshot() == before
    assert Lead.objects.count() == leads_before
    meeting_after = Meeting.objects.values().get(clickmeeting_id=room.id)
    assert meeting_after["updated_at"] == meeting_before["updated_at"]


def test_idle_account_costs_only_list_calls(sandbox, api):
    # Ended two days ago: the first run imports it in full and completes it.
    room = create_room(api, hours_ago=50)
    sandbox.control.simulate_meeting(room.id, attendees=3, seed=3)
    bulk_sync()
    assert Meeting.objects.get(clickmeeting_id=room.id).import_complete
    sandbox.control.clear_requests()

    run = bulk_sync()

    paths = [entry["path"] for entry in sandbox.control.requests()]
    assert paths
    assert all("conferences/active" in p or "conferences/inactive" in p for p in paths)
    assert run.api_calls == len(paths)
    assert run.meetings_imported == 0


def test_recent_meeting_is_checked_for_recordings_only(sandbox, api):
    room = create_room(api, hours_ago=4)
    sandbox.control.simulate_meeting(room.id, attendees=3, seed=4)
    bulk_sync()
    meeting = Meeting.objects.get(clickmeeting_id=room.id)
    assert not meeting.import_complete
    assert meeting.sessions.get().import_complete
    sandbox.control.clear_requests()

    bulk_sync()

    paths = [entry["path"] for entry in sandbox.control.requests()]
    meeting_paths = sorted(p for p in paths if f"conferences/{room.id}" in p)
    assert [p.rsplit("/", 1)[-1] for p in meeting_paths] == [
        "recordings",
        "sessions",
    ]


def test_case_and_spaces_variants_match_one_contact(sandbox, api):
    contact = Contact.objects.create(
        first_name="Ada", last_name="Lovelace", email="ada@example.com"
    )
    room = create_room(api, permanent=True)
    for variant, start_hours in ((" ADA@Example.COM ", 6), ("Ada@example.com", 3)):
        sandbox.control.simulate_meeting(
            room.id,
            attendees=[{"email": variant, "nickname": "Ada L."}],
            phone_attendees=0,
            guests=0,
            email_variants=False,
            start=timezone.now() - dt.timedelta(hours=start_hours),
            duration_minutes=60,
        )

    bulk_sync()

    attendees = Attendee.objects.filter(meeting__clickmeeting_id=room.id)
    assert attendees.count() == 2
    assert set(attendees.values_list("contact_id", flat=True)) == {contact.pk}
    assert not attendees.filter(lead__isnull=False).exists()
    assert ChatMessage.objects.filter(contact=contact).exists()
    assert Lead.objects.count() == 0
    contact.refresh_from_db()
    assert contact.first_name == "Ada"
    assert contact.email == "ada@example.com"


def test_unknown_email_creates_exactly_one_lead(sandbox, api):
    room = create_room(api, permanent=True, registration_enabled=False)
    person = {"email": "nova.quinn@example.org", "nickname": "Nova Q"}
    for start_hours in (6, 3):
        sandbox.control.simulate_meeting(
            room.id,
            people=[person],
            attendees=2,
            registrations=False,
            start=timezone.now() - dt.timedelta(hours=start_hours),
            duration_minutes=60,
            seed=start_hours,
        )

    bulk_sync()

    leads = Lead.objects.filter(email_normalized="nova.quinn@example.org")
    assert leads.count() == 1
    lead = leads.get()
    assert lead.first_name == "Nova Q"
    assert lead.last_name == "ClickMeeting"
    assert lead.company == "ClickMeeting"
    assert lead.lead_source == "ClickMeeting"
    assert Attendee.objects.filter(lead=lead).count() == 2
    assert ChatMessage.objects.filter(lead=lead).exists()
    assert PollAnswer.objects.filter(lead=lead).exists()


def test_registered_unknown_email_lead_uses_form_names(sandbox, api):
    room = create_room(api, registration_enabled=True)
    sandbox.control.simulate_meeting(
        room.id,
        people=[{"email": "marta.nowak@example.org", "nickname": "Marta Nowak"}],
        attendees=0,
        registrations=True,
        seed=5,
    )

    bulk_sync()

    lead = Lead.objects.get(email_normalized="marta.nowak@example.org")
    assert (lead.first_name, lead.last_name) == ("Marta", "Nowak")
    assert (lead.company, lead.lead_source) == ("ClickMeeting", "ClickMeeting")
    attendee = Attendee.objects.get(lead=lead)
    assert attendee.login == "Marta Nowak"
    assert {"label": "Company", "value": attendee.registration[3]["value"]} in (
        attendee.registration
    )


def test_phone_participant_creates_no_lead(sandbox, api):
    room = create_room(api)
    summary = sandbox.control.simulate_meeting(
        room.id, attendees=2, phone_attendees=1, guests=1, seed=6
    )

    bulk_sync()

    unlinked = Attendee.objects.filter(email_normalized="")
    assert unlinked.count() == summary["attendees_without_email"] == 2
    assert not unlinked.filter(contact__isnull=False).exists()
    assert not unlinked.filter(lead__isnull=False).exists()
    assert Lead.objects.count() == len(
        {email.strip().lower() for email in summary["emails"]}
    )


def test_new_room_gets_content_owner(sandbox, api, administrator):
    config = get_config()
    config.sync_content_owner = administrator
    config.save()
    room = create_room(api, hours_ago=-48)

    bulk_sync()

    meeting = Meeting.objects.get(clickmeeting_id=room.id)
    assert meeting.owner == administrator
    assert meeting.push_state == Meeting.PushState.DONE
    assert meeting.name == "Quarterly review"


def test_renamed_room_is_updated_in_place(sandbox, api):
    room = create_room(api, hours_ago=-48)
    bulk_sync()
    meeting = Meeting.objects.get(clickmeeting_id=room.id)
    api.update_conference(
        room.id,
        types.ConferenceInput(
            name="Quarterly review (moved)",
            room_type="webinar",
            permanent_room=False,
            access_type=1,
            starts_at=meeting.starts_at,
            timezone="Europe/Warsaw",
            duration=meeting.duration,
        ),
    )

    bulk_sync()

    assert Meeting.objects.get(pk=meeting.pk).name == "Quarterly review (moved)"
    assert Meeting.objects.filter(clickmeeting_id=room.id).count() == 1


def test_deleted_room_is_flagged_and_kept(sandbox, api):
    room = create_room(api)
    sandbox.control.simulate_meeting(room.id, attendees=2, seed=7)
    bulk_sync()
    api.delete_conference(room.id)

    bulk_sync()

    meeting = Meeting.objects.get(clickmeeting_id=room.id)
    assert meeting.deleted_at_source is not None
    assert meeting.attendees.count() > 0


def test_failed_list_call_flags_nothing(sandbox, api):
    room = create_room(api, hours_ago=-48)
    bulk_sync()
    sandbox.control.inject_fault("unavailable", count=10, path="conferences/inactive*")

    run = bulk_sync()

    assert Meeting.objects.get(clickmeeting_id=room.id).deleted_at_source is None
    assert run.state == SyncRun.State.PARTIAL
    assert any("inactive" in error["error"] for error in run.errors)


def test_meeting_ended_before_start_date_is_skipped(sandbox, api):
    room = create_room(api, hours_ago=24 * 40)

    run = bulk_sync()

    assert run.meetings_seen == 1
    assert not Meeting.objects.filter(clickmeeting_id=room.id).exists()
