"""Fixtures for the invitation tests: a configured client and an owned meeting."""

import pytest
import responses

from admin_config import services as config_services

from .factories import MeetingFactory

# Shaped like a real key, never valid anywhere.
API_KEY = "eu7d41c0a9b2e6f8c3d5a1b7e9f0c2d4a6b8e1f3"
ENDPOINT = "https://api.clickmeeting.example/v1/"


@pytest.fixture(autouse=True)
def single_attempt(settings):
    # Retries sleep between attempts; these tests check one answer each.
    settings.CLICKMEETING_MAX_ATTEMPTS = 1


@pytest.fixture
def configured(db):
    """Configuration with an API key, the endpoint answered by `responses`."""
    config = config_services.get_config()
    config.endpoint_url = ENDPOINT
    config.invitation_language = "de"
    config.set_api_key(API_KEY)
    config_services.save_config(config)
    return config


@pytest.fixture
def api():
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        yield mock


@pytest.fixture
def meeting(creator):
    return MeetingFactory(owner=creator)


def invitation_url(meeting, lang):
    return f"{ENDPOINT}conferences/{meeting.clickmeeting_id}/invitation/email/{lang}"


def tokens_url(meeting):
    return f"{ENDPOINT}conferences/{meeting.clickmeeting_id}/tokens"
