"""Shared helpers for the ClickMeeting client tests: fixtures, mocks, client."""

import json
import logging
from pathlib import Path

import pytest
import responses

from cmsync.clickmeeting import ClickMeetingClient

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "clickmeeting"
# The .invalid top-level domain never resolves, so a request that escapes the
# mock cannot reach a real host.
ENDPOINT = "https://api.clickmeeting.invalid/v1/"
API_KEY = "eu5f0c2a9b7e41d38a6c0f95e2b7d4a1c3e8f6"


def fixture_bytes(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def fixture_json(name: str):
    return json.loads(fixture_bytes(name).decode("utf-8"))


def url(path: str) -> str:
    return ENDPOINT + path


class SleepRecorder:
    """A stand-in for time.sleep that records the waits instead of waiting."""

    def __init__(self):
        self.waits: list[float] = []

    def __call__(self, seconds: float) -> None:
        self.waits.append(seconds)


@pytest.fixture
def sleeps():
    return SleepRecorder()


@pytest.fixture
def client(sleeps):
    with ClickMeetingClient(
        ENDPOINT,
        API_KEY,
        sleep=sleeps,
        random_fraction=lambda: 0.5,
        default_timezone="Europe/Warsaw",
    ) as instance:
        yield instance


@pytest.fixture
def mocked():
    with responses.RequestsMock(assert_all_requests_are_fired=True) as mock:
        yield mock


@pytest.fixture
def debug_logs(caplog):
    caplog.set_level(logging.DEBUG)
    return caplog


def assert_key_hidden(error, client, caplog):
    """Check the API key is absent from every text an error or client exposes."""
    texts = {
        "message": error.message,
        "str": str(error),
        "repr": repr(error),
        "args": repr(error.args),
        "client repr": repr(client),
        "log": caplog.text,
    }
    for label, text in texts.items():
        assert API_KEY not in text, f"API key leaked in {label}"
