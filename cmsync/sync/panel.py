"""The "Data import" card of a meeting: what it shows to whom."""

from cmsync.permissions import can_edit_owned, is_administrator
from cmsync.sync.models import SyncRun


def latest_manual_run(meeting):
    return (
        SyncRun.objects.filter(meeting=meeting, kind=SyncRun.Kind.MANUAL)
        .select_related("requested_by")
        .order_by("-created_at", "-pk")
        .first()
    )


def import_panel_context(meeting, user, *, message="", message_level="info"):
    """Return the template context of the card, with one query for the latest run.

    Users who may import always see the card, because it contains their button.
    Everyone else sees it only when there is an import time or a run to show.
    """
    can_import = bool(user and can_edit_owned(user, meeting))
    latest_run = latest_manual_run(meeting)
    # The importer stamps last_bulk_import_at after every import of the
    # meeting, whether the bulk sync or "Import data now" ran it.
    last_imported_at = meeting.last_bulk_import_at
    return {
        "meeting": meeting,
        "show_panel": can_import or latest_run is not None or bool(last_imported_at),
        "can_import": can_import,
        "can_view_runs": bool(user and is_administrator(user)),
        "in_clickmeeting": bool(meeting.clickmeeting_id),
        "next_available_at": meeting.next_manual_import_at,
        "last_imported_at": last_imported_at,
        "latest_run": latest_run,
        "message": message,
        "message_level": message_level,
    }
