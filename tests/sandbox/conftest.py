"""Fixtures for the sandbox tests: a seeded sandbox, a raw HTTP helper, the client."""

import json
from pathlib import Path

import pytest
import requests

from cmsync.clickmeeting import ClickMeetingClient

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "clickmeeting"


def fixture_json(name: str):
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


class RawApi:
    """Send API requests with or without the key and return requests' Response."""

    def __init__(self, sandbox):
        self.sandbox = sandbox
        self.http = requests.Session()
        self.http.trust_env = False

    def call(self, method, path, key=True, **options):
        headers = {"X-Api-Key": self.sandbox.api_key} if key else {}
        return self.http.request(
            method, self.sandbox.endpoint + path, headers=headers, timeout=5, **options
        )

    def get(self, path, **options):
        return self.call("GET", path, **options)

    def json(self, method, path, **options):
        response = self.call(method, path, **options)
        assert response.status_code == 200, response.text
        return response.json()


class SleepRecorder:
    """Stands in for time.sleep in the client so retries do not wait."""

    def __init__(self):
        self.waits: list[float] = []

    def __call__(self, seconds: float) -> None:
        self.waits.append(seconds)


@pytest.fixture
def sandbox(clickmeeting_sandbox):
    return clickmeeting_sandbox


@pytest.fixture
def demo(sandbox):
    """A sandbox holding the demo rooms; returns {room name: room id}."""
    summary = sandbox.control.seed_demo()
    return {room["name"]: room["id"] for room in summary["rooms"]}


@pytest.fixture
def api(sandbox):
    raw = RawApi(sandbox)
    yield raw
    raw.http.close()


@pytest.fixture
def sleeps():
    return SleepRecorder()


@pytest.fixture
def client(sandbox, sleeps):
    with ClickMeetingClient(
        sandbox.endpoint,
        sandbox.api_key,
        connect_timeout=2,
        read_timeout=2,
        max_attempts=5,
        sleep=sleeps,
        random_fraction=lambda: 0.5,
        default_timezone="Europe/Warsaw",
    ) as instance:
        yield instance
