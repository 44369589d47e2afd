"""Session, attendee, registration, recording and file calls against the fixtures."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from .conftest import fixture_json, url

ROOM = 9120451
SESSION = 48211907
SESSION_PATH = f"conferences/{ROOM}/sessions/{SESSION}"


def test_list_sessions(client, mocked):
    mocked.get(
        url(f"conferences/{ROOM}/sessions"),
        json=fixture_json("GET_conferences_ROOM_sessions.json"),
    )

    sessions = client.list_sessions(ROOM)

    assert [session.id for session in sessions] == [48211907, 48377120, 48533402]
    first = sessions[0]
    assert first.total_visitors == 5
    assert first.max_visitors == 4
    assert first.started_at == dt.datetime(2024, 3, 12, 8, 52, tzinfo=dt.UTC)
    assert first.ended_at == dt.datetime(2024, 3, 12, 10, 31, tzinfo=dt.UTC)


def test_get_session_embedded_attendees(client, mocked):
    mocked.get(
        url(SESSION_PATH),
        json=fixture_json("GET_conferences_ROOM_sessions_SESSION.json"),
    )

    session = client.get_session(ROOM, SESSION)

    assert session.id == SESSION
    assert session.room_id == ROOM
    assert session.total_visitors == 5
    assert [person.id for person in session.attendees][:2] == [60119832, 60120077]
    assert session.attendees[2].login == "Zoë Łukasiewicz-Müller"
    assert session.attendees[3].email is None
    assert session.attendees[4].email is None
    assert session.attendees[0].joined_at == dt.datetime(
        2024, 3, 12, 8, 52, tzinfo=dt.UTC
    )


def test_get_session_pdf_states(client, mocked):
    mocked.get(
        url(SESSION_PATH),
        json=fixture_json("GET_conferences_ROOM_sessions_SESSION.json"),
    )

    reports = client.get_session(ROOM, SESSION).pdf_reports

    assert set(reports) == {"en", "pl", "de", "es", "ru"}
    assert reports["en"].status == "FINISHED"
    assert reports["en"].progress == 100
    assert reports["en"].url.endswith("/panel/pdf/en/48211907/ghSWNw")
    assert reports["pl"].status is None
    assert reports["pl"].url is None
    assert reports["pl"].generate_url.endswith("/generate-pdf/pl")
    assert reports["de"].status == "IN PROGRESS"


@pytest.mark.parametrize(
    ("lang", "status", "progress", "has_url"),
    [
        ("en", "FINISHED", 100, True),
        ("pl", "NEW", 0, False),
        ("de", "IN PROGRESS", 0, False),
    ],
)
def test_generate_session_pdf(client, mocked, lang, status, progress, has_url):
    mocked.get(
        url(f"{SESSION_PATH}/generate-pdf/{lang}"),
        json=fixture_json(
            f"GET_conferences_ROOM_sessions_SESSION_generate-pdf_{lang}.json"
        ),
    )

    report = client.generate_session_pdf(ROOM, SESSION, lang)

    assert report.language == lang
    assert report.status == status
    assert report.progress == progress
    assert (report.url is not None) == has_url


def test_attendees_quirks(client, mocked):
    mocked.get(
        url(f"{SESSION_PATH}/attendees"),
        json=fixture_json("GET_conferences_ROOM_sessions_SESSION_attendees.json"),
    )

    attendees = client.list_session_attendees(ROOM, SESSION)

    assert [person.uid for person in attendees] == [
        60119832,
        60120077,
        60121450,
        60121988,
        60122301,
    ]
    host, _, zoe, yaroslava, guest = attendees
    assert host.role == "host"
    assert host.rating is None
    assert zoe.rating == 5
    assert zoe.nickname == "Zoë Łukasiewicz-Müller"
    assert (
        zoe.rating_comment
        == 'Great demo!\nCould you share the slides, "final" version?'
    )
    assert yaroslava.nickname == "Ярослава"
    assert yaroslava.email is None
    assert yaroslava.rating == 4
    assert yaroslava.rating_comment is None
    assert guest.email is None
    assert guest.device == ""
    assert guest.ip_address == "192.0.2.200"
    assert zoe.joined_at == dt.datetime(2024, 3, 12, 9, 0, tzinfo=dt.UTC)
    assert all(person.polls == [] for person in attendees)


def test_attendees_polls_are_flattened(client, mocked):
    payload = fixture_json("GET_conferences_ROOM_sessions_SESSION_attendees.json")
    payload[2]["polls"] = [
        {
            "name": "Product fit",
            "questions": [
                {
                    "question": "Which plan do you use?",
                    "answers": [{"points": "0", "value": "Pro"}],
                },
                {
                    "question": "Features you need &amp; why",
                    "answers": [
                        {"points": 2, "value": "Exports"},
                        {"points": None, "value": "API"},
                    ],
                },
            ],
        }
    ]
    payload[3]["polls"] = []
    payload[4]["polls"] = None
    mocked.get(url(f"{SESSION_PATH}/attendees"), json=payload)

    attendees = client.list_session_attendees(ROOM, SESSION)

    answers = attendees[2].polls
    assert [(a.question, a.answer, a.points) for a in answers] == [
        ("Which plan do you use?", "Pro", 0),
        ("Features you need & why", "Exports", 2),
        ("Features you need & why", "API", None),
    ]
    assert {answer.poll_name for answer in answers} == {"Product fit"}
    assert attendees[3].polls == []
    assert attendees[4].polls == []


def test_attendees_malformed_polls_skip_attendee(client, mocked):
    payload = fixture_json("GET_conferences_ROOM_sessions_SESSION_attendees.json")
    payload[0]["polls"] = "yes"
    mocked.get(url(f"{SESSION_PATH}/attendees"), json=payload)

    attendees = client.list_session_attendees(ROOM, SESSION)

    assert len(attendees) == 4
    (skipped,) = attendees.skipped
    assert skipped.item_id == 60119832
    assert skipped.reason == "field 'polls' is not a list (got str)"


def test_attendee_date_without_offset_uses_given_zone(client, mocked):
    payload = fixture_json("GET_conferences_ROOM_sessions_SESSION_attendees.json")
    payload[0]["start_date"] = "2024-03-12 09:52:00"
    mocked.get(url(f"{SESSION_PATH}/attendees"), json=payload)

    attendees = client.list_session_attendees(ROOM, SESSION, timezone="Asia/Tokyo")

    assert attendees[0].joined_at == dt.datetime(
        2024, 3, 12, 9, 52, tzinfo=ZoneInfo("Asia/Tokyo")
    )
    assert attendees[0].joined_at.utcoffset() == dt.timedelta(hours=9)


def test_registrations_quirks(client, mocked):
    mocked.get(
        url(f"conferences/{ROOM}/registrations/all"),
        json=fixture_json("GET_conferences_ROOM_registrations_all.json"),
    )

    registrations = client.list_registrations(ROOM)

    zoe, priya, yaroslava = registrations[:3]
    assert zoe.confirmed_at == dt.datetime(2024, 3, 5, 11, 14, 9, tzinfo=dt.UTC)
    assert zoe.session_id is None
    assert zoe.first_name == "Zoë"
    assert zoe.last_name == "Łukasiewicz-Müller"
    assert zoe.http_referer == "https://www.example.org/webinars/product-demo"
    assert priya.confirmed_at is None
    assert priya.session_id == SESSION
    assert priya.code == priya.join_url.split("?r=")[1]
    assert yaroslava.nickname == "Ярослава Ковальчук"
    assert yaroslava.http_referer is None
    assert yaroslava.country is None
    assert yaroslava.fields["Email Address"] == "yaroslava.k@example.org"
    assert any(item.nickname == "Tom O'Neill" for item in registrations)


def test_session_registrations(client, mocked):
    mocked.get(
        url(f"{SESSION_PATH}/registrations/all"),
        json=fixture_json(
            "GET_conferences_ROOM_sessions_SESSION_registrations_all.json"
        ),
    )

    registrations = client.list_session_registrations(ROOM, SESSION)

    assert [item.id for item in registrations] == [31840391, 31842566]
    assert all(item.session_id == SESSION for item in registrations)
    assert all(item.confirmed_at is None for item in registrations)


def test_register_person(client, mocked):
    mocked.post(
        url(f"conferences/{ROOM}/registration"),
        json=fixture_json("POST_conferences_ROOM_registration.json"),
    )

    result = client.register(
        ROOM,
        first_name="Zoë",
        last_name="Łukasiewicz-Müller",
        email="zoe.lm@example.com",
        confirmation_lang="pl",
    )

    assert result.already_registered is True
    assert result.join_url.startswith("https://example.clickmeeting.com/472915306?r=")
    assert result.code == result.join_url.split("?r=")[1]
    body = mocked.calls[0].request.body
    assert "registration%5B1%5D=Zo%C3%AB" in body
    assert "confirmation_email%5Blang%5D=pl" in body


def test_recordings(client, mocked):
    mocked.get(
        url(f"conferences/{ROOM}/recordings"),
        json=fixture_json("GET_conferences_ROOM_recordings.json"),
    )

    first, second = client.list_recordings(ROOM)

    assert first.id == 7712093
    assert first.duration == dt.timedelta(seconds=5412)
    assert first.file_size == 412733961
    assert first.started_at == dt.datetime(2024, 3, 12, 9, 0, 41, tzinfo=dt.UTC)
    assert "st=gPhPzqa-cAMaPHZZLJ49Ze&e=1711625405" in first.url
    assert second.duration == dt.timedelta(seconds=96)


def test_recording_start_without_offset_is_utc(client, mocked):
    payload = fixture_json("GET_conferences_ROOM_recordings.json")
    del payload[0]["recorder_start_date"]
    mocked.get(url(f"conferences/{ROOM}/recordings"), json=payload)

    first = client.list_recordings(ROOM)[0]

    assert first.started_at == dt.datetime(2024, 3, 12, 9, 0, 41, tzinfo=dt.UTC)


def test_delete_recordings_uppercase_status(client, mocked):
    mocked.delete(
        url(f"conferences/{ROOM}/recordings"),
        json=fixture_json("DELETE_conferences_ROOM_recordings.json"),
    )

    assert client.delete_recordings(ROOM) is None


def test_account_files(client, mocked):
    mocked.get(url("file-library"), json=fixture_json("GET_file-library.json"))

    files = client.list_files()

    assert [item.status for item in files] == [
        "converted",
        "converted",
        "waiting_for_conversion",
    ]
    assert files[2].status_message == "queued for conversion"


def test_conference_files(client, mocked):
    mocked.get(
        url(f"file-library/conferences/{ROOM}"),
        json=fixture_json("GET_file-library_conferences_ROOM.json"),
    )

    agenda, screenshot = client.list_conference_files(ROOM)

    assert agenda.name == "Agenda – marzec 2024 (final).pdf"
    assert agenda.document_type == "presentation_pdf"
    # upload_date has no offset and is UTC, unlike the room's other dates.
    assert agenda.uploaded_at == dt.datetime(2024, 3, 11, 15, 40, 2, tzinfo=dt.UTC)
    assert agenda.created_at == dt.datetime(2024, 3, 11, 15, 40, 2, tzinfo=dt.UTC)
    assert screenshot.document_type == "image"


def test_get_file_fresh_url(client, mocked):
    mocked.get(
        url("file-library/2250931"), json=fixture_json("GET_file-library_FILE.json")
    )

    file = client.get_file(2250931)

    assert file.id == 2250931
    assert file.download_url.startswith("https://files.clickmeeting.com/download/")
    assert "e=1711625405" in file.download_url


def test_upload_file_multipart(client, mocked):
    mocked.post(url("file-library"), json=fixture_json("POST_file-library.json"))

    file = client.upload_file(
        "handout.pdf", b"%PDF-1.4 test", content_type="application/pdf"
    )

    assert file.id == 2251402
    assert file.created_at is None
    assert (
        file.download_url
        == "https://api.clickmeeting.com/v1/file-library/2251402/download"
    )
    request = mocked.calls[0].request
    assert request.headers["Content-Type"].startswith("multipart/form-data")
    assert b'name="uploaded"; filename="handout.pdf"' in request.body
