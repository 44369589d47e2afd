"""Fixtures for the configuration tests."""

import pytest

from admin_config import services

# Shaped like a real key (lower-case hex with the "eu" prefix), never valid.
API_KEY = "eu3f9c2a7d1b5e8f0a4c6d2e9b7a1f3c5d8e0b2"
ENDPOINT = "https://api.clickmeeting.example/v1/"
SANDBOX_ENDPOINT = "http://127.0.0.1:8765/v1/"


@pytest.fixture
def configured(db):
    """The configuration row with an API key and a remote https endpoint."""
    config = services.get_config()
    config.endpoint_url = ENDPOINT
    config.set_api_key(API_KEY)
    services.save_config(config)
    return config
