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


def fake_conference(meeting, room_id=9120475):
    from cmsync.clickmeeting import types

    return types.Conference(
        id=room_id,
        name=meeting.name,
        name_url=meeting.room_url_name,
        room_type=meeting.room_type,
        access_type=meeting.access_type,
        permanent_room=False,
        status="active",
        starts_at=meeting.starts_at,
        ends_at=meeting.ends_at,
        timezone=meeting.timezone,
        lobby_enabled=False,
        lobby_description="",
        registration_enabled=False,
        room_url=f"https://example.clickmeeting.com/{meeting.room_url_name}",
        room_pin=708214693,
        created_at=None,
        updated_at=None,
    )
