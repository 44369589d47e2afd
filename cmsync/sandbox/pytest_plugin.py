"""pytest fixtures for the ClickMeeting sandbox.

`clickmeeting_sandbox` gives each test an empty sandbox account on a free
loopback port. One server runs per test session; the fixture resets its
state, faults, options and request log before each test.
"""

import pytest

from .server import RunningSandbox, start_sandbox


@pytest.fixture(scope="session")
def clickmeeting_sandbox_server():
    sandbox = start_sandbox(port=0)
    yield sandbox
    sandbox.stop()


@pytest.fixture
def clickmeeting_sandbox(clickmeeting_sandbox_server) -> RunningSandbox:
    clickmeeting_sandbox_server.control.reset()
    return clickmeeting_sandbox_server
