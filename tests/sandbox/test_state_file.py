"""The sandbox state file: saved after changes, loaded at the next start."""

import datetime as dt
import json
import logging
import os
import re
import signal
import subprocess
import sys
from pathlib import Path

import pytest
import requests

from cmsync.sandbox.persistence import FORMAT_VERSION, state_document
from cmsync.sandbox.server import start_sandbox

PROJECT_ROOT = Path(__file__).resolve().parents[2]


class Api:
    """Minimal API client for one running sandbox."""

    def __init__(self, sandbox):
        self.sandbox = sandbox
        self.http = requests.Session()
        self.http.trust_env = False

    def call(self, method, path, **options):
        response = self.http.request(
            method,
            self.sandbox.endpoint + path,
            headers={"X-Api-Key": self.sandbox.api_key},
            timeout=5,
            **options,
        )
        assert response.status_code == 200, response.text
        return response.json()

    def create_room(self, name, access_type=1):
        data = {
            "name": name,
            "room_type": "meeting",
            "permanent_room": "0",
            "access_type": str(access_type),
            "starts_at": "2031-03-30T10:00:00+02:00",
            "duration": "1:30",
            "registration[enabled]": "1",
        }
        return self.call("POST", "conferences", data=data)["room"]["id"]


@pytest.fixture
def running():
    """Start sandboxes for a test and stop any the test left running."""
    started = []

    def start(**options):
        sandbox = start_sandbox(port=0, **options)
        started.append(sandbox)
        return sandbox

    yield start
    for sandbox in started:
        if sandbox.thread.is_alive():
            sandbox.stop()


def saved_document(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def comparable(sandbox) -> dict:
    document = state_document(sandbox.state)
    del document["saved_at"]
    return document


def stable_room(sandbox, room_id) -> dict:
    """Return a room's API data without the values each response makes anew.

    The role hashes carry the time of the call, signed recording URLs their
    expiry time, and every URL the sandbox's port, which differs per run.
    """
    room = Api(sandbox).call("GET", f"conferences/{room_id}")["conference"]
    del room["access_role_hashes"]
    del room["recorder_list"]
    text = json.dumps(room).replace(sandbox.base_url, "http://sandbox")
    return json.loads(text)


def session_ids_and_attendees(api, room_id):
    found = {}
    for session in api.call("GET", f"conferences/{room_id}/sessions"):
        path = f"conferences/{room_id}/sessions/{session['id']}/attendees"
        found[session["id"]] = api.call("GET", path)
    return found


def test_state_survives_restart(running, tmp_path):
    path = tmp_path / "state.json"
    first = running(state_file=path)
    api = Api(first)
    room_id = api.create_room("Quarterly review", access_type=3)
    meeting = first.control.simulate_meeting(
        room_id, attendees=3, registrations=True, chat_messages=2
    )
    api.call(
        "POST",
        f"conferences/{room_id}/invitation/email/en",
        data=[
            ("attendees[][email]", "zoe.lm@example.com"),
            ("attendees[][email]", "tom.oneill@example.com"),
        ],
    )
    room_before = stable_room(first, room_id)
    sessions_before = session_ids_and_attendees(api, room_id)
    invitations_before = first.control.sent_invitations()
    everything_before = comparable(first)
    first.stop()

    second = running(state_file=path, seed="demo")
    api = Api(second)

    assert comparable(second) == everything_before
    assert [room["id"] for room in second.control.state()["rooms"]] == [room_id]
    assert stable_room(second, room_id) == room_before
    assert session_ids_and_attendees(api, room_id) == sessions_before
    assert second.control.sent_invitations() == invitations_before
    assert len(invitations_before) == 2
    assert api.call("GET", f"conferences/{room_id}/registrations/all")
    assert meeting["session_id"] in {chat["id"] for chat in api.call("GET", "chats")}

    new_room_id = api.create_room("Next review")
    new_meeting = second.control.simulate_meeting(new_room_id, attendees=2)
    old_attendee_ids = [
        attendee.id
        for session_id in sessions_before
        for attendee in second.state.sessions[session_id].attendees
    ]
    new_attendee_ids = [
        attendee.id
        for attendee in second.state.sessions[new_meeting["session_id"]].attendees
    ]

    assert new_room_id == room_id + 1
    assert new_meeting["session_id"] == meeting["session_id"] + 1
    assert min(new_attendee_ids) > max(old_attendee_ids)


def test_ids_of_deleted_rooms_not_reused(running, tmp_path):
    path = tmp_path / "state.json"
    first = running(state_file=path)
    api = Api(first)
    kept = api.create_room("Kept")
    deleted = api.create_room("Deleted")
    api.call("DELETE", f"conferences/{deleted}")
    first.stop()

    second = running(state_file=path)

    assert Api(second).create_room("After restart") == deleted + 1
    assert kept + 1 == deleted


def test_every_change_is_saved_at_once(running, tmp_path):
    path = tmp_path / "state.json"
    sandbox = running(state_file=path)

    room_id = Api(sandbox).create_room("Saved at once")
    rooms_after_create = saved_document(path)["rooms"]
    sandbox.control.set_options(delete_style="result")
    options_after_change = saved_document(path)["options"]

    assert [room["id"] for room in rooms_after_create] == [room_id]
    assert options_after_change["delete_style"] == "result"
    assert not list(tmp_path.glob("*.tmp"))


def test_seed_applies_only_without_saved_state(running, tmp_path):
    path = tmp_path / "state.json"
    first = running(state_file=path, seed="demo")
    seeded_rooms = first.control.state()["rooms"]
    first.stop()

    second = running(state_file=path, seed="demo")

    assert len(seeded_rooms) == 6
    assert saved_document(path)["version"] == FORMAT_VERSION
    assert second.control.state()["rooms"] == seeded_rooms


def test_reset_saves_empty_state(running, tmp_path):
    path = tmp_path / "state.json"
    first = running(state_file=path, seed="demo")

    first.control.reset()
    saved = saved_document(path)
    first.stop()
    second = running(state_file=path, seed="demo")

    assert saved["rooms"] == []
    assert saved["sessions"] == []
    assert second.control.state()["rooms"] == []


@pytest.mark.parametrize(
    "content",
    [
        pytest.param(b"{not json", id="invalid-json"),
        pytest.param(b"\xff\xfe\x00garbage", id="not-utf8"),
        pytest.param(b'{"format": "something else"}', id="other-format"),
        pytest.param(
            json.dumps(
                {"format": "cmsync-clickmeeting-sandbox-state", "version": 999}
            ).encode(),
            id="newer-version",
        ),
    ],
)
def test_broken_file_moved_aside(running, tmp_path, caplog, content):
    path = tmp_path / "state.json"
    path.write_bytes(content)

    with caplog.at_level(logging.WARNING, logger="cmsync.sandbox.persistence"):
        sandbox = running(state_file=path, seed="demo")

    broken = list(tmp_path.glob("state.json.broken-*"))
    assert len(broken) == 1
    assert broken[0].read_bytes() == content
    assert len(sandbox.control.state()["rooms"]) == 6
    assert len(saved_document(path)["rooms"]) == 6
    assert "moved it to" in caplog.text
    assert str(broken[0]) in caplog.text


def test_file_with_wrong_field_type_moved_aside(running, tmp_path):
    path = tmp_path / "state.json"
    first = running(state_file=path, seed="demo")
    first.stop()
    document = saved_document(path)
    document["rooms"][0]["id"] = "not a number"
    path.write_text(json.dumps(document), encoding="utf-8")

    second = running(state_file=path)

    assert len(list(tmp_path.glob("state.json.broken-*"))) == 1
    assert second.control.state()["rooms"] == []


def test_without_state_file_state_lives_in_memory(running, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    first = running(seed="demo")
    Api(first).create_room("Forgotten at stop")
    first.stop()

    second = running(seed="demo")

    assert first.state_file is None
    assert len(second.control.state()["rooms"]) == 6
    assert list(tmp_path.iterdir()) == []


def test_command_saves_state_on_sigterm(tmp_path):
    path = tmp_path / "state.json"
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "tests.settings"}
    process = subprocess.Popen(  # noqa: S603 - fixed arguments
        [
            sys.executable,
            "manage.py",
            "clickmeeting_sandbox",
            "--skip-checks",
            "--port",
            "0",
            "--seed",
            "demo",
            "--api-key",
            "test-key",
            "--state-file",
            str(path),
        ],
        cwd=PROJECT_ROOT,
        env=env,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        line = process.stdout.readline()
        match = re.search(r"endpoint (http://127\.0\.0\.1:\d+/v1/)", line)
        assert match, line
        http = requests.Session()
        http.trust_env = False
        headers = {"X-Api-Key": "test-key"}
        endpoint = match.group(1)
        room = http.get(
            endpoint + "conferences/inactive", headers=headers, timeout=5
        ).json()[0]
        session = http.get(
            endpoint + f"conferences/{room['id']}/sessions", headers=headers, timeout=5
        ).json()[0]
        # A GET that changes the state, so only the save at exit writes it.
        pdf_path = f"conferences/{room['id']}/sessions/{session['id']}/generate-pdf/en"
        assert http.get(endpoint + pdf_path, headers=headers, timeout=5).ok
        saved_before_stop = saved_document(path)

        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=10) == 0
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(timeout=10)

    def pdf_requests(document):
        sessions = {s["id"]: s for s in document["sessions"]}
        return sessions[session["id"]]["pdf_requests"]

    assert pdf_requests(saved_before_stop) == {}
    assert pdf_requests(saved_document(path)) == {"en": 1}
    assert dt.datetime.fromisoformat(saved_document(path)["saved_at"]).tzinfo
