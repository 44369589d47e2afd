"""Run log entries for the malformed records the ClickMeeting client left out.

The client drops a list item that fails validation and returns it in the
list's `skipped` (see `cmsync.clickmeeting.types.SkippedItem`). The run log
names such items by request path, index, id and reason. None of these
carries personal data, so they may be shown to an administrator.
"""

from cmsync.clickmeeting import types
from cmsync.sync.runlog import MAX_ERROR_LENGTH

# Items named in one run log entry; the rest are counted. The client's
# WARNING log names up to ten items of each response.
MAX_DESCRIBED = 3


def describe(skipped: list[types.SkippedItem]) -> str:
    """Name the first skipped items and count the others."""
    names = [_describe_one(item) for item in skipped[:MAX_DESCRIBED]]
    rest = len(skipped) - MAX_DESCRIBED
    if rest > 0:
        names.append(f"and {rest} more")
    return "; ".join(names)


def _describe_one(item: types.SkippedItem) -> str:
    item_id = "no id" if item.item_id is None else f"id {item.item_id}"
    return f"{item.path} item {item.index} ({item_id}): {item.reason}"


def meeting_error(skipped_records: int, skipped: list[types.SkippedItem]) -> str:
    """Return the run log text for the records an import of one meeting skipped.

    `skipped_records` counts the items the client left out (`skipped`) and
    the records the importer could not store.
    """
    text = (
        f"Skipped {skipped_records} malformed records; the rest of the meeting "
        "was imported."
    )
    if skipped:
        text += f" Left out of ClickMeeting's responses: {describe(skipped)}."
    return text + " The worker log names them."


def record_run_level(
    recorder, skipped: list[types.SkippedItem], what: str, effect: str
) -> None:
    """Record the items skipped by a call made for the whole run, not one meeting.

    `what` names the list and `effect` describes what the gap means for the sync.
    An entry already in the run log is not added again, so a call repeated by
    each batch of a historical import is reported once.
    """
    if not skipped:
        return
    message = (
        f"Skipped {len(skipped)} malformed entries of the {what}: "
        f"{describe(skipped)}. {effect}"
    )[:MAX_ERROR_LENGTH]
    if any(entry.get("error") == message for entry in recorder.run.errors):
        return
    recorder.record_error(message)
