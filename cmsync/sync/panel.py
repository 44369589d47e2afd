"""The "Import data now" panel of a meeting: what it shows to whom."""

from cmsync.permissions import can_edit_owned
from cmsync.sync.models import SyncRun


def latest_manual_run(meeting):
    return (
        SyncRun.objects.filter(meeting=meeting, kind=SyncRun.Kind.MANUAL)
        .order_by("-created_at", "-pk")
        .first()
    )


def import_panel_context(meeting, user, *, message="", message_level="info"):
    """Template context of the panel; one query for the latest manual run."""
    return {
        "meeting": meeting,
        "can_import": bool(user and can_edit_owned(user, meeting)),
        "in_clickmeeting": bool(meeting.clickmeeting_id),
        "next_available_at": meeting.next_manual_import_at,
        "latest_run": latest_manual_run(meeting),
        "message": message,
        "message_level": message_level,
    }
