"""Reporting of list items left out because they failed validation."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import replace

from . import types

logger = logging.getLogger(__name__)

# Skipped items beyond this many in one response are counted in one log line
# instead of one line each, so a systematic change of format cannot flood
# the log. Every skipped item is still listed in the result's `skipped`.
MAX_LOGGED_PER_RESPONSE = 10


def report(
    method: str,
    path: str,
    items: types.ItemList,
    *,
    redact: Callable[[str], str],
) -> None:
    """Stamp the request path on the skipped items of `items` and log them.

    The log names an item by index and id only, never by its content, which
    may be personal data.
    """
    items.skipped = [
        replace(item, path=path, reason=redact(item.reason)) for item in items.skipped
    ]
    for item in items.skipped[:MAX_LOGGED_PER_RESPONSE]:
        logger.warning(
            "Skipped a malformed item of ClickMeeting %s %s: index=%d id=%s: %s",
            method,
            path,
            item.index,
            item.item_id,
            item.reason,
        )
    unlogged = len(items.skipped) - MAX_LOGGED_PER_RESPONSE
    if unlogged > 0:
        logger.warning(
            "Skipped %d more malformed items of ClickMeeting %s %s (%d kept)",
            unlogged,
            method,
            path,
            len(items),
        )
