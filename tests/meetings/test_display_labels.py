"""Labels the meeting pages show for raw ClickMeeting values and push states."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from meetings.models import File, Meeting
from meetings.templatetags.meeting_tags import file_type_label, room_status_label
from tests.attendees.factories import AttendeeFactory, FileFactory, SessionFactory
from tests.meetings.factories import MeetingFactory


def detail_page(client, meeting):
    return client.get(reverse("meetings:detail", args=[meeting.pk])).content.decode()


@pytest.mark.parametrize(
    ("status", "expected"),
    [("active", "Active"), ("inactive", "Inactive"), ("archived", "archived")],
)
def test_room_status_label(status, expected):
    assert str(room_status_label(status)) == expected


@pytest.mark.parametrize(
    ("file_type", "expected"),
    [
        ("presentation_pdf", "PDF presentation"),
        ("recording", "Recording"),
        ("mp4", "MP4 video"),
        ("image", "Image"),
        ("spreadsheet_xlsx", "spreadsheet_xlsx"),
    ],
)
def test_file_type_label(file_type, expected):
    assert str(file_type_label(file_type)) == expected


def test_detail_shows_status_label(login, viewer):
    meeting = MeetingFactory(clickmeeting_id=9120001, source_status="active")

    page = detail_page(login(viewer), meeting)

    assert '<dd class="col-sm-8">Active</dd>' in page


def test_imported_meeting_says_imported(login, viewer):
    # What the sync stores for a room it found in ClickMeeting.
    meeting = MeetingFactory(
        clickmeeting_id=9120002,
        push_state=Meeting.PushState.DONE,
        pushed_version=1,
        local_version=1,
    )

    page = detail_page(login(viewer), meeting)

    assert "Imported from ClickMeeting" in page
    assert "Sent to ClickMeeting" not in page


def test_pushed_meeting_says_sent(login, viewer):
    meeting = MeetingFactory(
        clickmeeting_id=9120003,
        push_state=Meeting.PushState.DONE,
        pushed_at=timezone.now(),
    )

    page = detail_page(login(viewer), meeting)

    assert "Sent to ClickMeeting" in page
    assert "Imported from ClickMeeting" not in page


def test_imported_meeting_edit_waits_for_push(login, viewer):
    meeting = MeetingFactory(
        clickmeeting_id=9120004, push_state=Meeting.PushState.PENDING
    )

    page = detail_page(login(viewer), meeting)

    assert "Waiting to be sent to ClickMeeting" in page
    assert "Imported from ClickMeeting" not in page


def test_list_shows_imported_badge(login, viewer):
    MeetingFactory(clickmeeting_id=9120005, push_state=Meeting.PushState.DONE)

    response = login(viewer).get(reverse("meetings:list") + "?scope=all")

    assert "Imported from ClickMeeting" in response.content.decode()


def test_detail_durations_use_one_format(login, viewer):
    meeting = MeetingFactory(duration=timedelta(hours=1))
    start = timezone.now() - timedelta(days=1)
    SessionFactory(
        meeting=meeting, started_at=start, ended_at=start + timedelta(minutes=25)
    )

    page = detail_page(login(viewer), meeting)

    assert ">1 h<" in page
    assert "25 min" in page
    assert "1 h 00 min" not in page


def test_session_page_labels_roles(login, viewer):
    session = SessionFactory()
    AttendeeFactory(session=session, role="listener")
    AttendeeFactory(session=session, role="host")
    url = reverse("meetings:session_detail", args=[session.meeting_id, session.pk])

    page = login(viewer).get(url).content.decode()

    assert "<td>Participant</td>" in page
    assert "<td>Host</td>" in page
    assert "listener" not in page


def test_files_page_labels_types_and_fits_phones(login, viewer):
    meeting = MeetingFactory()
    FileFactory(meeting=meeting, name="Quarterly_pricing_deck_final.pdf")
    FileFactory(
        meeting=meeting,
        kind=File.Kind.RECORDING,
        file_type="mp4",
        duration_seconds=25 * 60,
    )

    page = login(viewer).get(reverse("meetings:files", args=[meeting.pk]))
    html = page.content.decode()

    assert "PDF presentation" in html
    assert "MP4 video" in html
    assert "presentation_pdf" not in html
    assert "25 min" in html
    assert '<div class="table-responsive">' in html
    assert '<td class="file-name-cell text-break">' in html
    # Type and Created appear from the large breakpoint on.
    assert '<th scope="col" class="d-none d-lg-table-cell">Created</th>' in html


def test_detail_without_owner_renders(login, viewer):
    # Rooms the sync imports without a content owner have no owner.
    meeting = MeetingFactory(owner=None, clickmeeting_id=9120006)

    response = login(viewer).get(reverse("meetings:detail", args=[meeting.pk]))

    assert response.status_code == 200
