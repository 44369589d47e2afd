"""The simulated ClickMeeting REST API v1, one module per group of calls.

Importing the modules registers their routes; `reference` comes first so that
`conferences/skins` is matched before `conferences/{room}`.
"""

from . import reference  # noqa: I001
from . import conferences, library, sessions
from .routing import router

__all__ = ["conferences", "library", "reference", "router", "sessions"]
