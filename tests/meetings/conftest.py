"""Fixtures of the meeting tests."""

import pytest

from tests.meetings.helpers import configure_clickmeeting


@pytest.fixture
def single_attempt_client(settings):
    # The push task's own retries are under test; the client's retries (with
    # their waits) would only slow the tests down.
    settings.CLICKMEETING_MAX_ATTEMPTS = 1


@pytest.fixture
def clickmeeting_account(clickmeeting_sandbox, single_attempt_client, db):
    """The sandbox, configured as this application's ClickMeeting account."""
    configure_clickmeeting(clickmeeting_sandbox.endpoint, clickmeeting_sandbox.api_key)
    return clickmeeting_sandbox
