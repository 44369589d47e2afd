"""The /_sandbox/ control interface and its Python wrapper."""

import datetime as dt

import pytest

from cmsync.sandbox import control
from cmsync.sandbox.control_client import SandboxControlError
from cmsync.sandbox.http import Request
from cmsync.sandbox.serializers import Context

# Addresses of the demo CRM people, as the CRM files spell them.
CRM_EMAILS = {
    "marta.kowalczyk@example.com",
    "daniel.okafor@example.org",
    "zoe.lm@example.com",
    "tom.oneill@example.com",
    "priya.raman@example.com",
    "anna.nowak@example.com",
    "lucia.fernandez@example.org",
    "chen.wei@example.com",
}


def all_attendee_emails(api, room_ids):
    emails = []
    for room_id in room_ids:
        for session in api.json("GET", f"conferences/{room_id}/sessions"):
            path = f"conferences/{room_id}/sessions/{session['id']}/attendees"
            emails += [a["email"] for a in api.json("GET", path)]
    return emails


def test_demo_seed_contents(api, sandbox, demo):
    active = api.json("GET", "conferences/active")
    inactive = api.json("GET", "conferences/inactive")
    rooms = active + inactive

    assert len(rooms) == 6
    assert {r["room_type"] for r in rooms} == {"meeting", "webinar"}
    assert {r["access_type"] for r in rooms} == {1, 2, 3}
    assert {r["permanent_room"] for r in rooms} == {True, False}
    assert len(inactive) == 2
    assert any(
        r.get("starts_at", "") > dt.datetime.now(dt.UTC).isoformat() for r in active
    )
    emails = all_attendee_emails(api, demo.values())
    normalised = {e.strip().lower() for e in emails if e}
    assert normalised >= CRM_EMAILS
    assert "yaroslava.k@example.org" in normalised
    assert any(e and e != e.strip() for e in emails)
    assert any(e and e != e.lower() for e in emails)
    assert "" in emails
    assert None in emails


def test_reset_empties_everything(api, sandbox, demo):
    sandbox.control.inject_fault("unavailable", count=5, path="chats")
    sandbox.control.set_options(delete_style="result")

    sandbox.control.reset()

    assert api.json("GET", "conferences/active") == []
    assert api.json("GET", "chats") == []
    assert sandbox.control.options()["delete_style"] == "string"
    assert sandbox.control.request_count() == 2


def test_each_test_starts_empty(sandbox):
    state = sandbox.control.state()

    assert state["rooms"] == []
    assert state["invitations"] == 0
    assert sandbox.control.request_count() == 0


def test_bench_seed(sandbox):
    summary = sandbox.control.seed_bench(meetings=30, attendees=20)
    state = sandbox.control.state()

    assert summary["rooms"] == 30
    assert state["sessions"] == 30
    assert state["attendees"] == 30 * 21  # one phone dial-in per meeting


def test_bench_seed_rejects_bad_counts(sandbox):
    with pytest.raises(SandboxControlError, match="whole numbers"):
        sandbox.control.seed_bench(meetings="many", attendees=1)
    with pytest.raises(SandboxControlError, match="meetings >= 1"):
        sandbox.control.seed_bench(meetings=0, attendees=1)


def test_simulate_meeting_options(api, sandbox, demo):
    room_id = demo["Customer advisory board"]
    start = dt.datetime(2024, 3, 12, 9, 52, tzinfo=dt.UTC)

    summary = sandbox.control.simulate_meeting(
        room_id,
        attendees=["a@example.com", {"email": "b@example.com", "role": "presenter"}],
        phone_attendees=1,
        guests=1,
        email_variants=False,
        start=start,
        duration_minutes=40,
        chat_messages=2,
        recordings=2,
        files=1,
        seed=7,
    )

    assert summary["attendees"] == 4
    assert summary["emails"] == ["a@example.com", "b@example.com"]
    assert summary["start_date"] == "2024-03-12T09:52:00+00:00"
    assert summary["end_date"] == "2024-03-12T10:32:00+00:00"
    assert len(summary["recording_ids"]) == 2
    assert summary["registrations"] == 2
    attendees = api.json(
        "GET", f"conferences/{room_id}/sessions/{summary['session_id']}/attendees"
    )
    assert [a["role"] for a in attendees][:2] == ["host", "presenter"]


def test_simulate_rejects_unknown_room_and_option(sandbox, demo):
    with pytest.raises(SandboxControlError, match="not found"):
        sandbox.control.simulate_meeting(1)
    with pytest.raises(SandboxControlError, match="unknown simulation options"):
        sandbox.control.simulate_meeting(demo["Open office hours"], colour="red")


def test_simulate_can_close_scheduled_room(api, sandbox, demo):
    room_id = demo["Zespół Łódź – sprint review"]

    sandbox.control.simulate_meeting(room_id, close_room=True)

    assert api.json("GET", f"conferences/{room_id}")["conference"]["status"] == (
        "inactive"
    )


def test_scheduled_room_turns_inactive_after_end(api, sandbox):
    started = dt.datetime.now(dt.UTC) - dt.timedelta(hours=2)
    created = api.json(
        "POST",
        "conferences",
        data={
            "name": "Yesterday",
            "room_type": "meeting",
            "permanent_room": "0",
            "access_type": "1",
            "starts_at": started.isoformat(timespec="seconds"),
            "duration": "1:00",
        },
    )["room"]

    room = api.json("GET", f"conferences/{created['id']}")["conference"]

    assert created["status"] == "active"
    assert room["status"] == "inactive"
    assert room["updated_at"] > room["ends_at"]


def test_invitations_are_recorded(api, sandbox, demo):
    room_id = demo["Zespół Łódź – sprint review"]
    api.json(
        "POST",
        f"conferences/{room_id}/invitation/email/de",
        data=[
            ("attendees[][email]", "a@example.com"),
            ("attendees[][email]", "b@example.com"),
            ("role", "presenter"),
        ],
    )

    sent = sandbox.control.sent_invitations()

    assert [(i["email"], i["role"], i["lang"]) for i in sent] == [
        ("a@example.com", "presenter", "de"),
        ("b@example.com", "presenter", "de"),
    ]
    assert all(i["room_id"] == room_id and i["sent_at"] for i in sent)
    assert all(i["includes_password"] for i in sent)


def test_request_log(api, sandbox):
    api.get("ping")
    api.get("ping", key=False)
    api.get("conferences/active")

    entries = sandbox.control.requests()

    assert sandbox.control.request_count() == 3
    assert sandbox.control.request_count(path="ping") == 2
    assert [e["status"] for e in entries] == [200, 401, 200]
    assert sandbox.api_key not in str(entries)
    sandbox.control.clear_requests()
    assert sandbox.control.request_count() == 0


def test_options_are_validated(sandbox):
    with pytest.raises(SandboxControlError, match="unknown option"):
        sandbox.control.set_options(colour="red")
    with pytest.raises(SandboxControlError, match="must be one of"):
        sandbox.control.set_options(delete_style="loud")
    with pytest.raises(SandboxControlError, match="must be a bool"):
        sandbox.control.set_options(include_polls="yes")


def test_polls_can_be_switched_off(api, sandbox, demo):
    sandbox.control.set_options(include_polls=False)
    room_id = demo["Weekly Product Demo"]
    session_id = api.json("GET", f"conferences/{room_id}/sessions")[0]["id"]

    attendees = api.json(
        "GET", f"conferences/{room_id}/sessions/{session_id}/attendees"
    )

    assert not any("polls" in a for a in attendees)


def test_control_rejects_other_addresses(sandbox):
    request = Request("POST", "/_sandbox/reset", "", {}, remote_addr="192.0.2.5")

    response = control.handle(request, Context(sandbox.state, ""), "reset")

    assert response.status == 403


def test_unknown_control_path(sandbox):
    with pytest.raises(SandboxControlError, match="unknown control path"):
        sandbox.control.call("GET", "nothing")


def test_control_overview_lists_paths(sandbox):
    overview = sandbox.control.call("GET", "")

    assert "POST /_sandbox/reset" in overview["paths"]
