"""ClickMeeting REST API v1 client: HTTP, errors and payload parsing.

Knows nothing of Django; callers pass the endpoint, key and limits in.
"""

from . import errors, types
from .client import ClickMeetingClient

__all__ = ["ClickMeetingClient", "errors", "types"]
