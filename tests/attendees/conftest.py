"""Fixtures shared by the attendee and meeting activity page tests."""

import pytest

from cmsync.permissions import ADMINISTRATOR, CREATOR, VIEWER  # noqa: F401
from tests.attendees.factories import MeetingFactory


@pytest.fixture
def owned_meeting(creator):
    """A meeting owned by the `creator` persona."""
    return MeetingFactory(owner=creator)
