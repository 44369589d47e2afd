"""Every documented call the client makes against the sandbox parses."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import requests

from cmsync.clickmeeting import errors, types

WARSAW = ZoneInfo("Europe/Warsaw")


def new_meeting(**changes) -> types.ConferenceInput:
    values = {
        "name": "Quarterly review",
        "room_type": "meeting",
        "permanent_room": False,
        "access_type": 1,
        "starts_at": dt.datetime(2031, 3, 30, 10, 0, tzinfo=WARSAW),
        "timezone": "Europe/Warsaw",
        "duration": dt.timedelta(hours=1, minutes=30),
    }
    values.update(changes)
    return types.ConferenceInput(**values)


def fetch(url: str) -> requests.Response:
    session = requests.Session()
    session.trust_env = False
    return session.get(url, timeout=5)


def test_ping_and_reference_lists(client, demo):
    client.ping()

    assert "Europe/Warsaw" in client.list_time_zones()
    assert client.list_time_zones("pl") == ["Europe/Warsaw"]
    assert {skin.id for skin in client.list_skins()} >= {4, 5, 10}
    assert client.list_phone_gateways()
    client.add_contact(email="jan@example.com", first_name="Jan", last_name="Nowak")


def test_list_and_get_conferences(client, demo):
    active = client.list_conferences("active")
    inactive = client.list_conferences("inactive")
    both = client.list_conferences(None)

    assert "Weekly Product Demo" in {room.name for room in active}
    assert '"Onboarding" webinar & Q&A' in {room.name for room in inactive}
    assert len(both) == len(active) + len(inactive)
    room = client.get_conference(demo["Zespół Łódź – sprint review"])
    assert room.access_type == 2
    assert room.starts_at.tzinfo is not None
    assert room.starts_at.astimezone(WARSAW).hour == 14
    assert room.room_url.endswith("/room/zespol-lodz-sprint-review")


def test_room_lists_page_by_250(client, sandbox):
    # Two of every three bench rooms are scheduled in the past, so inactive.
    sandbox.control.seed_bench(meetings=400, attendees=1)

    inactive = client.list_conferences("inactive")
    active = client.list_conferences("active")

    assert len(inactive) == 266
    assert len(active) == 134
    assert len({room.id for room in inactive + active}) == 400
    assert sandbox.control.request_count(path="conferences/inactive") == 2


def test_create_update_delete_conference(client, sandbox):
    created = client.create_conference(
        new_meeting(access_type=2, password="pa55", custom_room_url_name="q-review")
    )
    updated = client.update_conference(
        created.id,
        new_meeting(
            name="Quarterly review & planning",
            access_type=2,
            password="pa55",
            custom_room_url_name="q-review",
        ),
    )
    client.delete_conference(created.id)

    assert created.name_url == "q-review"
    assert created.starts_at == dt.datetime(2031, 3, 30, 10, 0, tzinfo=WARSAW)
    assert created.ends_at - created.starts_at == dt.timedelta(minutes=90)
    assert updated.name == "Quarterly review & planning"
    assert updated.name_url == "q-review"
    with pytest.raises(errors.NotFoundError):
        client.get_conference(created.id)
    with pytest.raises(errors.NotFoundError):
        client.delete_conference(created.id)


def test_delete_with_result_object_style(client, sandbox):
    sandbox.control.set_options(delete_style="result")
    room = client.create_conference(new_meeting())

    client.delete_conference(room.id)

    with pytest.raises(errors.NotFoundError):
        client.delete_conference(room.id)


def test_doc_style_lobby_flag_parses(client, sandbox, demo):
    sandbox.control.set_options(lobby_style="string", newer_fields=True)

    room = client.get_conference(demo["Weekly Product Demo"])

    assert room.lobby_enabled is True
    assert room.raw["lobby_enabled"] == "1"


def test_autologin_link_opens_sandbox_room(client, demo):
    room = client.get_conference(demo["Customer advisory board"])
    code = client.create_autologin_hash(
        room.id, email="marta.kowalczyk@example.com", nickname="Marta"
    )

    page = fetch(f"{room.room_url}?l={code}")

    assert page.status_code == 200
    assert "Customer advisory board" in page.text
    assert "valid: joining as Marta" in page.text
    assert "role host" in page.text


def test_tokens_and_invitations(client, sandbox, demo):
    room_id = demo["Customer advisory board"]

    generated = client.generate_tokens(room_id, 2)
    client.send_invitations(
        room_id, emails=["zoe.lm@example.com", "tom.oneill@example.com"], lang="pl"
    )
    tokens = client.list_tokens(room_id)
    sent = sandbox.control.sent_invitations()

    assert len(generated) == 2
    assert [i["email"] for i in sent] == [
        "zoe.lm@example.com",
        "tom.oneill@example.com",
    ]
    assert {i["lang"] for i in sent} == {"pl"}
    assert {i["role"] for i in sent} == {"listener"}
    assert {t.sent_to_email for t in tokens} >= {"zoe.lm@example.com"}
    assert all(i["token"] for i in sent)


def test_sessions_attendees_and_polls(client, demo):
    room_id = demo["Weekly Product Demo"]

    sessions = client.list_sessions(room_id, timezone="Europe/Warsaw")
    detail = client.get_session(room_id, sessions[0].id)
    attendees = client.list_session_attendees(room_id, sessions[0].id)

    assert len(sessions) == 2
    assert detail.total_visitors == len(attendees) == sessions[0].total_visitors
    assert "zoe.lm@example.com" in {a.email for a in attendees}
    assert sum(1 for a in attendees if not a.email) == 2
    assert any(a.polls for a in attendees)
    answer = next(a for a in attendees if a.polls).polls[0]
    assert answer.question == "How useful was this session?"
    assert all(a.joined_at <= a.left_at for a in attendees)


def test_session_pdf_report(client, demo):
    room_id = demo["Weekly Product Demo"]
    session_id = client.list_sessions(room_id)[0].id

    reports = [client.generate_session_pdf(room_id, session_id, "en") for _ in range(3)]

    assert [r.status for r in reports] == ["NEW", "IN PROGRESS", "FINISHED"]
    download = fetch(reports[-1].url)
    assert download.status_code == 200
    assert download.content.startswith(b"%PDF-")


def test_registrations(client, demo):
    room_id = demo["Weekly Product Demo"]
    session_id = client.list_sessions(room_id)[0].id

    everyone = client.list_registrations(room_id)
    in_session = client.list_session_registrations(room_id, session_id)
    result = client.register(
        room_id, first_name="Lucía", last_name="Fernández", email="lucia@example.org"
    )
    again = client.register(
        room_id, first_name="Lucía", last_name="F", email="LUCIA@example.org"
    )

    assert everyone
    assert {r.session_id for r in in_session} == {session_id}
    assert any(r.confirmed_at is None for r in everyone)
    assert all("Company" in r.fields for r in everyone)
    assert result.already_registered is False
    assert again.already_registered is True
    assert again.join_url == result.join_url


def test_chats(client, demo):
    chats = client.list_chats()
    messages = client.get_chat(chats[0].session_id)

    assert chats[0].timezone == "Europe/Warsaw"
    assert messages
    assert any("\n" in m.message for m in messages)
    assert any('"pro"' in m.message for m in messages)
    assert all(m.sent_at.tzinfo is not None for m in messages)


def test_recordings_download(client, demo):
    recordings = client.list_recordings(demo["Weekly Product Demo"])

    download = fetch(recordings[0].url)

    assert download.status_code == 200
    assert len(download.content) == recordings[0].file_size


def test_files_upload_and_fresh_download_url(client, demo):
    room_id = demo["Weekly Product Demo"]

    uploaded = client.upload_file("notes.txt", b"agenda", room_id=room_id)
    listed = client.list_conference_files(room_id)
    fresh = client.get_file(uploaded.id)
    download = fetch(fresh.download_url)

    assert uploaded.status == "waiting_for_conversion"
    assert uploaded.id in {f.id for f in listed}
    assert fresh.status == "converted"
    assert "st=" in fresh.download_url
    assert download.content == b"agenda"
    assert download.headers["Content-Disposition"] == 'attachment; filename="notes.txt"'
    assert {f.id for f in client.list_files()} >= {uploaded.id}


def test_simulated_meeting_reaches_the_client(client, sandbox):
    room = client.create_conference(new_meeting(registration_enabled=True))
    summary = sandbox.control.simulate_meeting(
        room.id,
        attendees=["Marta.Kowalczyk@Example.com", "new.person@example.com"],
        phone_attendees=2,
        guests=0,
        duration_minutes=30,
        chat_messages=4,
    )

    attendees = client.list_session_attendees(room.id, summary["session_id"])

    assert len(attendees) == 4
    assert sum(1 for a in attendees if not a.email) == 2
    assert summary["attendees_without_email"] == 2
    assert len(client.get_chat(summary["session_id"])) == 4
    assert client.list_registrations(room.id)
