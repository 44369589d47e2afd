"""The file download link: a fresh ClickMeeting URL at click time."""

import time

import pytest
import responses
from django.contrib.messages import get_messages
from django.urls import reverse

from admin_config import services
from meetings.models import File
from tests.attendees.factories import FileFactory, MeetingFactory
from tests.attendees.helpers import ROLE_MATRIX, assert_role_allowed, get_as

# The .invalid top-level domain never resolves, so nothing can escape the mock.
ENDPOINT = "https://api.clickmeeting.invalid/v1/"
API_KEY = "eu0d7c3b9a5e1f2468ace0bd13579f2c4e6a8b0"
ROOM_ID = 680846


def signed_url(host, path, expires_in=86400):
    expires_at = int(time.time()) + expires_in
    return f"https://{host}/download/{path}?st=gPhPzqa-cAMaPHZZLJ49Ze&e={expires_at}"


@pytest.fixture
def configured(db, settings):
    settings.CLICKMEETING_MAX_ATTEMPTS = 1
    config = services.get_config()
    config.endpoint_url = ENDPOINT
    config.set_api_key(API_KEY)
    services.save_config(config)
    return config


@pytest.fixture
def meeting(creator):
    return MeetingFactory(owner=creator, clickmeeting_id=ROOM_ID)


@pytest.fixture
def document(meeting):
    return FileFactory(meeting=meeting, clickmeeting_id=2250931, name="Agenda.pdf")


@pytest.fixture
def recording(meeting):
    return FileFactory(
        meeting=meeting,
        kind=File.Kind.RECORDING,
        clickmeeting_id=7740218,
        name="recording.mp4",
    )


def download_url(file):
    return reverse("meetings:file_download", args=[file.meeting_id, file.pk])


def files_url(file):
    return reverse("meetings:files", args=[file.meeting_id])


def file_payload(file_id, url):
    return {
        "id": file_id,
        "name": "Agenda.pdf",
        "document_type": "presentation_pdf",
        "conversion_progress": 0,
        "status": "converted",
        "status_message": "",
        "upload_date": "2024-03-11 15:40:02",
        "url": url,
        "created_at": "2024-03-11T15:40:02+00:00",
    }


def recording_payload(recording_id, url):
    return {
        "id": recording_id,
        "recording_url": url,
        "recording_duration": 96,
        "recorder_started": "2024-03-19 08:58:02",
        "recorder_start_date": "2024-03-19T08:58:02+00:00",
        "recording_file_size": 3105528,
    }


def error_message(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


@pytest.mark.parametrize(("persona", "status"), ROLE_MATRIX)
@responses.activate
def test_download_role_matrix(request, client, configured, document, persona, status):
    fresh = signed_url("files.clickmeeting.invalid", "agenda.pdf")
    responses.get(ENDPOINT + "file-library/2250931", json=file_payload(2250931, fresh))

    response = get_as(request, client, persona, download_url(document))

    if status == 200:
        # Every role may download: the response is a redirect to ClickMeeting.
        assert response.status_code == 302
        assert response["Location"] == fresh
    else:
        assert_role_allowed(response, status)
        assert len(responses.calls) == 0


@responses.activate
def test_document_redirects_to_fresh_url(client, viewer, configured, document):
    fresh = signed_url("files.clickmeeting.invalid", "agenda.pdf")
    responses.get(ENDPOINT + "file-library/2250931", json=file_payload(2250931, fresh))
    client.force_login(viewer)

    response = client.get(download_url(document))

    assert response.status_code == 302
    assert response["Location"] == fresh
    assert responses.calls[0].request.headers["X-Api-Key"] == API_KEY
    assert services.get_config().last_success_at is not None


@responses.activate
def test_each_click_asks_again(client, viewer, configured, document):
    first = signed_url("files.clickmeeting.invalid", "one.pdf")
    second = signed_url("files.clickmeeting.invalid", "two.pdf")
    responses.get(ENDPOINT + "file-library/2250931", json=file_payload(2250931, first))
    responses.get(ENDPOINT + "file-library/2250931", json=file_payload(2250931, second))
    client.force_login(viewer)

    locations = [client.get(download_url(document))["Location"] for _ in range(2)]

    assert locations == [first, second]


@responses.activate
def test_recording_redirects_to_its_url(client, viewer, configured, recording):
    other = signed_url("recorder.clickmeeting.invalid", "other.mp4")
    wanted = signed_url("recorder.clickmeeting.invalid", "recording.mp4")
    responses.get(
        ENDPOINT + f"conferences/{ROOM_ID}/recordings",
        json=[recording_payload(7712093, other), recording_payload(7740218, wanted)],
    )
    client.force_login(viewer)

    response = client.get(download_url(recording))

    assert response.status_code == 302
    assert response["Location"] == wanted


@responses.activate
def test_recording_gone_from_room(client, viewer, configured, recording):
    other = signed_url("recorder.clickmeeting.invalid", "other.mp4")
    responses.get(
        ENDPOINT + f"conferences/{ROOM_ID}/recordings",
        json=[recording_payload(7712093, other)],
    )
    client.force_login(viewer)

    response = client.get(download_url(recording))

    assert response["Location"] == files_url(recording)
    assert "no longer available in ClickMeeting" in error_message(response)[0]


@responses.activate
def test_document_not_found(client, viewer, configured, document):
    responses.get(
        ENDPOINT + "file-library/2250931",
        status=404,
        json={"code": 404, "message": "Not found"},
    )
    client.force_login(viewer)

    response = client.get(download_url(document))

    assert response["Location"] == files_url(document)
    assert "“Agenda.pdf” is no longer available" in error_message(response)[0]


@responses.activate
def test_clickmeeting_unavailable(client, viewer, configured, document):
    responses.get(ENDPOINT + "file-library/2250931", status=503, body="down")
    client.force_login(viewer)

    response = client.get(download_url(document))

    assert response["Location"] == files_url(document)
    message = error_message(response)[0]
    assert "No download link for “Agenda.pdf”" in message
    assert message.count("ClickMeeting") == 1
    assert "Try again" in message
    assert API_KEY not in message
    assert services.get_config().last_error_at is not None


@responses.activate
def test_expired_url_is_not_followed(client, viewer, configured, document):
    expired = signed_url("files.clickmeeting.invalid", "agenda.pdf", expires_in=-60)
    responses.get(
        ENDPOINT + "file-library/2250931", json=file_payload(2250931, expired)
    )
    client.force_login(viewer)

    response = client.get(download_url(document))

    assert response["Location"] == files_url(document)
    assert "already expired" in error_message(response)[0]


@responses.activate
def test_non_http_url_is_not_followed(client, viewer, configured, document):
    responses.get(
        ENDPOINT + "file-library/2250931",
        json=file_payload(2250931, "javascript:alert(1)"),
    )
    client.force_login(viewer)

    response = client.get(download_url(document))

    assert response["Location"] == files_url(document)
    assert "no usable download link" in error_message(response)[0]


def test_not_configured(client, viewer, document):
    client.force_login(viewer)

    response = client.get(download_url(document))

    assert response["Location"] == files_url(document)
    assert "No ClickMeeting API key is configured" in error_message(response)[0]


def test_recording_of_meeting_without_room(client, viewer, configured):
    recording = FileFactory(
        meeting=MeetingFactory(clickmeeting_id=None), kind=File.Kind.RECORDING
    )
    client.force_login(viewer)

    response = client.get(download_url(recording))

    assert response["Location"] == files_url(recording)
    assert "no longer available" in error_message(response)[0]


def test_file_of_other_meeting_is_404(client, viewer, meeting):
    other_file = FileFactory()
    client.force_login(viewer)

    response = client.get(
        reverse("meetings:file_download", args=[meeting.pk, other_file.pk])
    )

    assert response.status_code == 404
