"""Encoding of the form parameters the client sends to ClickMeeting.

ClickMeeting reads application/x-www-form-urlencoded bodies with PHP-style
brackets for nesting (`registration[enabled]=1`) and booleans as 1/0.
"""

from __future__ import annotations

import datetime as dt

from . import types
from .fields import zone


def conference_form(data: types.ConferenceInput) -> dict[str, str]:
    """Encode room settings as ClickMeeting's form parameters.

    The start goes out as wall time in the room's zone plus the zone name, so
    a meeting keeps its local time across daylight saving changes.
    """
    form = {
        "name": data.name,
        "room_type": data.room_type,
        "permanent_room": _flag(data.permanent_room),
        "access_type": str(data.access_type),
        "lobby_enabled": _flag(data.lobby_enabled),
        "lobby_description": data.lobby_description if data.lobby_enabled else "",
        "registration[enabled]": _flag(data.registration_enabled),
        "timezone": data.timezone,
    }
    if not data.permanent_room:
        local_start = data.starts_at.astimezone(zone(data.timezone))
        form["starts_at"] = local_start.strftime("%Y-%m-%d %H:%M:%S")
        form["duration"] = format_duration(data.duration)
    if data.access_type == types.ACCESS_PASSWORD and data.password:
        form["password"] = data.password
    if data.custom_room_url_name:
        form["custom_room_url_name"] = data.custom_room_url_name
    if data.skin_id is not None:
        form["skin_id"] = str(data.skin_id)
    return form


def format_duration(duration: dt.timedelta) -> str:
    """Write a duration as ClickMeeting's "H:MM", rounding up to whole minutes."""
    minutes = -(-int(duration.total_seconds()) // 60)
    return f"{minutes // 60}:{minutes % 60:02d}"


def _flag(value: bool) -> str:
    return "1" if value else "0"
