"""File downloads against the ClickMeeting sandbox over real HTTP on loopback."""

from urllib.parse import urlsplit

import pytest
import requests
from django.contrib.messages import get_messages
from django.urls import reverse

from admin_config import services
from meetings.models import File
from tests.attendees.factories import FileFactory, MeetingFactory


@pytest.fixture
def configured_sandbox(clickmeeting_sandbox, settings, db):
    settings.CLICKMEETING_MAX_ATTEMPTS = 1
    config = services.get_config()
    config.endpoint_url = clickmeeting_sandbox.endpoint
    config.set_api_key(clickmeeting_sandbox.api_key)
    config.save()
    return clickmeeting_sandbox


@pytest.fixture
def held_meeting(configured_sandbox):
    """A sandbox room that held a session with one recording and one file."""
    rooms = configured_sandbox.control.seed_demo()["rooms"]
    room_id = rooms[0]["id"]
    held = configured_sandbox.control.simulate_meeting(
        room_id, recordings=1, files=1, seed=7
    )
    meeting = MeetingFactory(clickmeeting_id=room_id)
    recording = FileFactory(
        meeting=meeting,
        kind=File.Kind.RECORDING,
        clickmeeting_id=held["recording_ids"][0],
        name="recording.mp4",
    )
    document = FileFactory(
        meeting=meeting, clickmeeting_id=held["file_ids"][0], name="Agenda.pdf"
    )
    return recording, document


def download(client, file):
    return client.get(
        reverse("meetings:file_download", args=[file.meeting_id, file.pk])
    )


def fetch(url):
    session = requests.Session()
    session.trust_env = False
    with session:
        return session.get(url, timeout=5)


@pytest.mark.parametrize("kind", ["recording", "document"])
def test_download_link_serves_the_file(client, viewer, held_meeting, kind):
    file = held_meeting[0] if kind == "recording" else held_meeting[1]
    client.force_login(viewer)

    response = download(client, file)

    assert response.status_code == 302
    location = response["Location"]
    assert urlsplit(location).hostname in ("127.0.0.1", "::1", "localhost")
    assert "st=" in location
    fetched = fetch(location)
    assert fetched.status_code == 200
    assert len(fetched.content) > 0


def test_expired_link_from_sandbox_is_reported(
    client, viewer, configured_sandbox, held_meeting
):
    recording = held_meeting[0]
    room_id = recording.meeting.clickmeeting_id
    recordings = services.get_client().list_recordings(room_id)
    # Every link of the next recordings list is expired, not only the first.
    configured_sandbox.control.inject_fault("expired_url", count=len(recordings))
    client.force_login(viewer)

    response = download(client, recording)

    assert response["Location"] == reverse(
        "meetings:files", args=[recording.meeting_id]
    )
    messages = [str(message) for message in get_messages(response.wsgi_request)]
    assert "already expired" in messages[0]


def test_file_deleted_in_sandbox(client, viewer, configured_sandbox, held_meeting):
    document = held_meeting[1]
    document.clickmeeting_id = 999_999_999
    document.save()
    client.force_login(viewer)

    response = download(client, document)

    messages = [str(message) for message in get_messages(response.wsgi_request)]
    assert "no longer available in ClickMeeting" in messages[0]
