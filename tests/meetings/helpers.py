"""Helpers shared by the meeting tests."""

from admin_config.services import get_config
from cmsync.clickmeeting import ClickMeetingClient


def configure_clickmeeting(endpoint, api_key):
    """Store the endpoint and API key the application's client uses."""
    config = get_config()
    config.endpoint_url = endpoint
    config.set_api_key(api_key)
    config.save()
    return config


def sandbox_rooms(sandbox):
    """Return the sandbox's rooms as the API lists them, active and inactive."""
    client = ClickMeetingClient(sandbox.endpoint, sandbox.api_key, max_attempts=1)
    return client.list_conferences(status="active") + client.list_conferences(
        status="inactive"
    )
