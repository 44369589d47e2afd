"""Conference rooms listed by ClickMeeting, mirrored as Meeting rows.

A room the application does not know yet becomes a Meeting owned by the
synchronization content owner. A known room gets ClickMeeting's values,
unless the meeting has local changes that are still waiting to be pushed.
A meeting missing from both room lists is flagged as deleted at the source,
but only when both list calls succeeded. A room the client left out of a list
as malformed is not read as deleted.
"""

import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db.models import Q
from django.utils import timezone

from cmsync.clickmeeting import errors, types
from meetings.models import Meeting

logger = logging.getLogger(__name__)

STATUSES = ("active", "inactive")
# ClickMeeting drops rooms that have been inactive for more than six months
# from its lists, so such a room is not read as deleted when it is missing.
LIST_RETENTION = timedelta(days=180)
# A room this young may have just been created by the push of a local
# meeting that is not linked to it yet. It is left for the next run, so it
# is not duplicated.
PUSH_LINK_GRACE = timedelta(minutes=30)
DEFAULT_DURATION = timedelta(hours=1)

# Fields that the application lets users edit: ClickMeeting's values replace
# them only when no local change is waiting to be pushed.
EDITABLE_FIELDS = (
    "name",
    "room_url_name",
    "room_type",
    "access_type",
    "permanent_room",
    "starts_at",
    "duration",
    "timezone",
    "lobby_enabled",
    "lobby_description",
    "registration_enabled",
)
SOURCE_FIELDS = (
    "room_url",
    "room_pin",
    "source_status",
    "source_updated_at",
    "deleted_at_source",
)


@dataclass
class ConferenceListing:
    rooms: dict[int, types.Conference] = field(default_factory=dict)
    failures: list[str] = field(default_factory=list)
    # Rooms the client left out of the lists as malformed.
    skipped: list[types.SkippedItem] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        return not self.failures

    def may_hold(self, room_id: int) -> bool:
        """Return whether the room may be one of the skipped malformed rooms.

        A room skipped without a readable id may be any room.
        """
        return any(
            item.item_id is None or item.item_id == room_id for item in self.skipped
        )


@dataclass
class MeetingChanges:
    created: int = 0
    updated: int = 0
    flagged_deleted: int = 0


def fetch_conferences(client) -> ConferenceListing:
    """List active and inactive rooms; a failed list is noted, not raised."""
    listing = ConferenceListing()
    for status in STATUSES:
        try:
            rooms = client.list_conferences(status)
        except errors.ClickMeetingError as exc:
            logger.warning("listing %s ClickMeeting rooms failed: %s", status, exc)
            listing.failures.append(f"Listing {status} rooms failed: {exc.message}")
            continue
        for room in rooms:
            listing.rooms.setdefault(room.id, room)
        listing.skipped.extend(getattr(rooms, "skipped", []))
    return listing


def meeting_values(room: types.Conference) -> dict:
    """Return the Meeting fields that a ClickMeeting room defines."""
    duration = DEFAULT_DURATION
    if room.starts_at and room.ends_at and room.ends_at > room.starts_at:
        duration = room.ends_at - room.starts_at
    return {
        "name": room.name[:255],
        "room_url_name": (room.name_url or "")[:100],
        "room_type": room.room_type
        if room.room_type in Meeting.RoomType.values
        else Meeting.RoomType.MEETING,
        "access_type": room.access_type
        if room.access_type in Meeting.AccessType.values
        else Meeting.AccessType.OPEN,
        "permanent_room": room.permanent_room,
        "starts_at": None if room.permanent_room else room.starts_at,
        "duration": duration,
        "timezone": (room.timezone or "UTC")[:64],
        "lobby_enabled": room.lobby_enabled,
        "lobby_description": room.lobby_description or "",
        "registration_enabled": room.registration_enabled,
        "room_url": (room.room_url or "")[:500],
        "room_pin": room.room_pin,
        "source_status": (room.status or "")[:20],
        "source_updated_at": room.updated_at,
        "deleted_at_source": None,
    }


def mirror_meetings(
    listing: ConferenceListing,
    *,
    content_owner_id: int | None,
    sync_start: datetime,
    room_filter=None,
) -> MeetingChanges:
    """Create and update Meeting rows from the listed rooms.

    Rooms that ended before `sync_start` are not created. `room_filter`, when
    given, limits which new rooms are created (the historical import uses it).
    """
    changes = MeetingChanges()
    stored = {
        row["clickmeeting_id"]: row
        for row in Meeting.objects.filter(
            clickmeeting_id__in=list(listing.rooms)
        ).values(
            "pk",
            "clickmeeting_id",
            "push_state",
            "local_version",
            *EDITABLE_FIELDS,
            *SOURCE_FIELDS,
        )
    }
    new_rooms = []
    for room_id, room in listing.rooms.items():
        if room_id in stored:
            if _update_meeting(stored[room_id], meeting_values(room)):
                changes.updated += 1
        elif _may_create(room, sync_start, room_filter):
            new_rooms.append(room)
    new_rooms = _without_unlinked_pushes(new_rooms)
    changes.created = _create_meetings(new_rooms, content_owner_id)
    return changes


def _update_meeting(current: dict, remote: dict) -> bool:
    fields = list(SOURCE_FIELDS)
    if current["push_state"] == Meeting.PushState.DONE:
        fields += EDITABLE_FIELDS
    if remote["permanent_room"]:
        # A permanent room has no schedule in ClickMeeting; the local start
        # and duration are kept as the user set them.
        fields = [name for name in fields if name not in ("starts_at", "duration")]
    changed = {name: remote[name] for name in fields if current[name] != remote[name]}
    if not changed:
        return False
    if current["source_updated_at"] != remote["source_updated_at"]:
        # The room changed in ClickMeeting: it may have new sessions.
        changed["import_complete"] = False
    # The condition on the version keeps a local edit saved meanwhile: that
    # edit wins and is pushed to ClickMeeting later.
    updated = Meeting.objects.filter(
        pk=current["pk"], local_version=current["local_version"]
    ).update(**changed)
    if updated:
        logger.info(
            "meeting %s updated from ClickMeeting room %s: %s",
            current["pk"],
            current["clickmeeting_id"],
            ", ".join(sorted(changed)),
        )
    return bool(updated)


def _may_create(room: types.Conference, sync_start: datetime, room_filter) -> bool:
    if room_filter is not None:
        return room_filter(room)
    return room.permanent_room or room.ends_at is None or room.ends_at >= sync_start


def _without_unlinked_pushes(rooms: list[types.Conference]) -> list[types.Conference]:
    """Leave out new rooms that may belong to a local meeting being pushed."""
    cutoff = timezone.now() - PUSH_LINK_GRACE
    young = [room for room in rooms if room.created_at and room.created_at > cutoff]
    if not young:
        return rooms
    waiting = Meeting.objects.filter(clickmeeting_id__isnull=True).filter(
        Q(name__in=[room.name for room in young])
        | Q(room_url_name__in=[room.name_url for room in young if room.name_url])
    )
    names = set()
    for name, slug in waiting.values_list("name", "room_url_name"):
        names.update({name, slug} - {""})
    kept = [room for room in rooms if room not in young or not _is_waiting(room, names)]
    if len(kept) < len(rooms):
        logger.info(
            "left %d new rooms for the next run: a local meeting with the same "
            "name is still being pushed",
            len(rooms) - len(kept),
        )
    return kept


def _is_waiting(room: types.Conference, names: set[str]) -> bool:
    return room.name in names or (room.name_url and room.name_url in names)


def _create_meetings(rooms: list[types.Conference], owner_id: int | None) -> int:
    if not rooms:
        return 0
    meetings = [
        Meeting(
            clickmeeting_id=room.id,
            owner_id=owner_id,
            # The room already is what ClickMeeting has: nothing to push.
            push_state=Meeting.PushState.DONE,
            pushed_version=1,
            local_version=1,
            **meeting_values(room),
        )
        for room in rooms
    ]
    # A push may link a room to a local meeting at the same moment. The
    # unique ClickMeeting id then keeps that meeting and drops this copy.
    Meeting.objects.bulk_create(meetings, batch_size=500, ignore_conflicts=True)
    logger.info("created %d meetings from new ClickMeeting rooms", len(meetings))
    return len(meetings)


def flag_deleted_meetings(listing: ConferenceListing) -> int:
    """Flag meetings whose room is in neither list; only for a complete listing."""
    if not listing.complete:
        return 0
    now = timezone.now()
    missing = (
        Meeting.objects.filter(
            clickmeeting_id__isnull=False, deleted_at_source__isnull=True
        )
        .exclude(clickmeeting_id__in=list(listing.rooms))
        .values("pk", "clickmeeting_id", "permanent_room", "starts_at", "duration")
    )
    gone = [
        row["pk"]
        for row in missing
        if not _aged_out_of_lists(row, now)
        and not listing.may_hold(row["clickmeeting_id"])
    ]
    if gone:
        Meeting.objects.filter(pk__in=gone).update(deleted_at_source=now)
        logger.info(
            "flagged %d meetings as deleted in ClickMeeting: %s", len(gone), gone
        )
    return len(gone)


def _aged_out_of_lists(row: dict, now: datetime) -> bool:
    if row["permanent_room"] or row["starts_at"] is None:
        return False
    return row["starts_at"] + row["duration"] < now - LIST_RETENTION
