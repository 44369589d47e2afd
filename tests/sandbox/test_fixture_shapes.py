"""The sandbox's JSON has the keys and value types of the captured fixtures."""

import csv
import io
import re
import zipfile

import pytest

from .conftest import fixture_json
from .shapes import shape_problems, template_of

# Registration `fields` are keyed by form labels; the simulator adds custom ones.
CUSTOM_FIELD_LABELS = ("Company", "Job title", "How did you hear about us?")
POLL_KEYS = ("polls", "name", "questions", "question", "answers", "points", "value")


def assert_shape(actual, fixture_name, extra_keys=()):
    expected = fixture_json(fixture_name)
    problems = shape_problems(actual, template_of(expected), extra_keys=extra_keys)
    assert problems == [], f"{fixture_name}: {problems}"


@pytest.fixture
def product_demo(demo):
    return demo["Weekly Product Demo"]


@pytest.fixture
def first_session(api, product_demo):
    return api.json("GET", f"conferences/{product_demo}/sessions")[0]["id"]


@pytest.mark.parametrize(
    ("path", "fixture_name"),
    [
        ("conferences/active", "GET_conferences_active.json"),
        ("conferences/inactive", "GET_conferences_inactive.json"),
        ("conferences", "GET_conferences.json"),
        ("conferences/skins", "GET_conferences_skins.json"),
        ("chats", "GET_chats.json"),
        ("file-library", "GET_file-library.json"),
        ("time_zone_list", "GET_time_zone_list.json"),
        ("time_zone_list/pl", "GET_time_zone_list_pl.json"),
        ("phone_gateways", "GET_phone_gateways.json"),
        ("ping", "GET_ping.json"),
    ],
)
def test_account_call_shapes(api, demo, path, fixture_name):
    assert_shape(api.json("GET", path), fixture_name)


@pytest.mark.parametrize(
    ("path", "fixture_name"),
    [
        ("conferences/{room}", "GET_conferences_ROOM.json"),
        ("conferences/{room}/sessions", "GET_conferences_ROOM_sessions.json"),
        ("conferences/{room}/tokens", "GET_conferences_ROOM_tokens.json"),
        ("conferences/{room}/recordings", "GET_conferences_ROOM_recordings.json"),
        (
            "conferences/{room}/registrations/all",
            "GET_conferences_ROOM_registrations_all.json",
        ),
        ("file-library/conferences/{room}", "GET_file-library_conferences_ROOM.json"),
    ],
)
def test_room_call_shapes(api, product_demo, path, fixture_name):
    actual = api.json("GET", path.format(room=product_demo))
    assert_shape(actual, fixture_name, extra_keys=CUSTOM_FIELD_LABELS)


def test_session_shapes(api, product_demo, first_session):
    base = f"conferences/{product_demo}/sessions/{first_session}"
    for _ in range(3):
        api.json("GET", f"{base}/generate-pdf/en")
    api.json("GET", f"{base}/generate-pdf/de")
    api.json("GET", f"{base}/generate-pdf/de")

    detail = api.json("GET", base)

    assert_shape(detail, "GET_conferences_ROOM_sessions_SESSION.json")
    assert "id" not in detail
    assert detail["pdf"]["en"]["status"] == "FINISHED"
    assert detail["pdf"]["de"]["status"] == "IN PROGRESS"
    assert "generate_pdf_url" in detail["pdf"]["pl"]


def test_attendee_shapes_allow_polls(api, product_demo, first_session):
    path = f"conferences/{product_demo}/sessions/{first_session}/attendees"
    attendees = api.json("GET", path)

    assert_shape(
        attendees,
        "GET_conferences_ROOM_sessions_SESSION_attendees.json",
        extra_keys=POLL_KEYS,
    )
    assert all(isinstance(a["uid"], str) and a["uid"].isdigit() for a in attendees)
    assert any(a["email"] == "" for a in attendees)
    assert any(a["email"] is None for a in attendees)
    assert any("polls" in a for a in attendees)


def test_session_registrations_shape(api, product_demo, first_session):
    path = f"conferences/{product_demo}/sessions/{first_session}/registrations/all"
    registrations = api.json("GET", path)

    assert_shape(
        registrations,
        "GET_conferences_ROOM_sessions_SESSION_registrations_all.json",
        extra_keys=CUSTOM_FIELD_LABELS,
    )
    assert {r["session_id"] for r in registrations} <= {first_session}


def test_generate_pdf_progression(api, product_demo, first_session):
    path = f"conferences/{product_demo}/sessions/{first_session}/generate-pdf/pl"

    first, second, third = (api.json("GET", path) for _ in range(3))

    assert_shape(first, "GET_conferences_ROOM_sessions_SESSION_generate-pdf_pl.json")
    assert first == {"status": "NEW", "progress": 0}
    assert second["status"] == "IN PROGRESS"
    assert_shape(third, "GET_conferences_ROOM_sessions_SESSION_generate-pdf_en.json")
    assert third["progress"] == 100


def test_file_shape(api, demo):
    file_id = api.json("GET", "file-library")[0]["id"]
    assert_shape(
        api.json("GET", f"file-library/{file_id}"), "GET_file-library_FILE.json"
    )


def test_write_call_shapes(api, product_demo):
    room = f"conferences/{product_demo}"
    tokens = api.json("POST", f"{room}/tokens", data={"how_many": "3"})
    autologin = api.json(
        "POST",
        f"{room}/room/autologin_hash",
        data={"email": "a@example.com", "nickname": "A", "role": "host"},
    )
    invitation = api.json(
        "POST",
        f"{room}/invitation/email/en",
        data={"attendees[][email]": "a@example.com", "role": "listener"},
    )
    registration = api.json(
        "POST",
        f"{room}/registration",
        data={
            "registration[1]": "Ada",
            "registration[2]": "L",
            "registration[3]": "ada@example.com",
        },
    )
    contact = api.json(
        "POST",
        "contacts",
        data={"email": "c@example.com", "firstname": "C", "lastname": "D"},
    )

    assert_shape(tokens, "POST_conferences_ROOM_tokens.json")
    assert len(tokens["access_tokens"]) == 3
    assert_shape(autologin, "POST_conferences_ROOM_room_autologin_hash.json")
    assert re.fullmatch(r"[A-Za-z0-9]{108,148}__", autologin["autologin_hash"])
    assert_shape(invitation, "POST_conferences_ROOM_invitation_email_en.json")
    assert_shape(registration, "POST_conferences_ROOM_registration.json")
    assert registration["exist"] == 0
    assert_shape(contact, "POST_contacts.json")


def test_conference_update_shape(api, product_demo):
    path = f"conferences/{product_demo}"
    before = api.json("GET", path)["conference"]

    updated = api.json("PUT", path, data={"name": "Weekly Product Demo (EMEA)"})

    assert_shape(updated, "PUT_conferences_ROOM.json")
    assert updated["conference"]["name"] == "Weekly Product Demo (EMEA)"
    assert updated["conference"]["name_url"] == before["name_url"]
    assert updated["conference"]["updated_at"] >= before["updated_at"]


def test_conference_create_update_delete_shapes(api, sandbox):
    created = api.json(
        "POST",
        "conferences",
        data={
            "name": "Customer advisory board",
            "room_type": "meeting",
            "permanent_room": "0",
            "access_type": "2",
            "password": "s3cret",
            "starts_at": "2030-04-10 15:00:00",
            "duration": "1:30",
            "timezone": "Europe/Warsaw",
        },
    )
    room_id = created["room"]["id"]
    updated = api.json("PUT", f"conferences/{room_id}", data={"name": "CAB (EMEA)"})
    deleted = api.json("DELETE", f"conferences/{room_id}")

    assert_shape(created, "POST_conferences.json")
    assert created["room"]["ccc"] == "2030-04-10 13:00:00"
    assert created["room"]["starts_at"] == "2030-04-10T15:00:00+02:00"
    assert updated["conference"]["name"] == "CAB (EMEA)"
    assert updated["conference"]["name_url"] == "customer-advisory-board"
    assert deleted == fixture_json("DELETE_conferences_ROOM.json")


def test_permanent_room_has_no_schedule_keys(api, demo):
    room = api.json("GET", f"conferences/{demo['Weekly Product Demo']}")["conference"]

    assert room["permanent_room"] is True
    assert not {"starts_at", "ends_at", "ccc"} & set(room)
    assert isinstance(room["registration_enabled"], int)
    assert isinstance(room["lobby_enabled"], bool)


def test_role_hashes_change_on_every_read(api, demo):
    path = f"conferences/{demo['Open office hours']}"

    first = api.json("GET", path)["conference"]["access_role_hashes"]
    second = api.json("GET", path)["conference"]["access_role_hashes"]

    assert first != second
    assert all(re.fullmatch(r"[0-9a-f]{32}", value) for value in first.values())


def test_delete_recordings_shape(api, demo):
    room = demo["Weekly Product Demo"]
    answer = api.json("DELETE", f"conferences/{room}/recordings")

    assert answer == fixture_json("DELETE_conferences_ROOM_recordings.json")
    assert api.json("GET", f"conferences/{room}/recordings") == []


def test_upload_shape(api, demo):
    answer = api.json(
        "POST", "file-library", files={"uploaded": ("handout.pdf", b"%PDF-1.4\n")}
    )

    assert_shape(answer, "POST_file-library.json")
    assert answer["status"] == "waiting_for_conversion"
    assert answer["url"].endswith(f"/v1/file-library/{answer['id']}/download")


def test_compact_php_style_json(api, demo):
    body = api.get("conferences/active").text

    assert "\\/" in body
    assert "\\u0142" in body  # "ł" of "Zespół Łódź"
    assert "\n" not in body


def test_html_entities_in_names(api, demo):
    rooms = api.json("GET", "conferences/inactive")

    assert "&quot;Onboarding&quot; webinar &amp; Q&amp;A" in [r["name"] for r in rooms]


def test_chat_export_is_zip_of_php_csv(api, demo):
    session_id = api.json("GET", "chats")[0]["id"]
    response = api.get(f"chats/{session_id}")

    assert response.headers["Content-Type"] == "application/zip"
    disposition = response.headers["Content-Disposition"]
    assert re.fullmatch(
        rf"attachment; filename=chat_history_{session_id}_\d{{8}}_\d{{6}}\.zip",
        disposition,
    )
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    assert archive.namelist() == ["chat.csv"]
    text = archive.read("chat.csv").decode("utf-8")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert all(len(row) == 4 for row in rows)
    assert all(
        re.fullmatch(r"[A-Z][a-z]+ \d{1,2}, \d{4} \d{2}:\d{2}:\d{2} [AP]M", row[0])
        for row in rows
    )
    assert text.startswith('"')
    assert any("\n" in row[3] for row in rows)
    assert any('"' in row[3] for row in rows)
    assert '""pro""' in text
    assert text.endswith("\n")
