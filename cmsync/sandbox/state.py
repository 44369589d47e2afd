"""In-memory state of one sandbox account, guarded by one lock.

Every request handler runs under `SandboxState.lock`, so handlers may read
and change the records freely. Dates are stored as aware UTC datetimes and
formatted per field when a response is built.
"""

import random
import threading
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from . import identifiers
from .timefmt import now

DEFAULT_API_KEY = "sandbox-demo-key"
ACCOUNT_ID = 741209

DEFAULT_SETTINGS = {
    "show_on_personal_page": True,
    "thank_you_emails_enabled": True,
    "connection_tester_enabled": False,
    "recorder_autostart_enabled": False,
    "room_invite_button_enabled": True,
    "social_media_sharing_enabled": False,
    "connection_status_enabled": True,
}
# Registration form labels of the default template, keyed by field id.
DEFAULT_REGISTRATION_FIELDS = {
    "1": "First Name",
    "2": "Last Name",
    "3": "Email Address",
}


class Absent:
    """Marker for a key the response leaves out (not the same as JSON null)."""

    def __repr__(self) -> str:
        return "ABSENT"


ABSENT = Absent()


@dataclass
class Room:
    """One conference room, with the values ClickMeeting stores for it."""

    id: int
    name: str
    name_url: str
    room_type: str
    access_type: int
    permanent_room: bool
    timezone: str
    created_at: datetime
    updated_at: datetime
    room_pin: int
    phone_presenter_pin: int
    phone_listener_pin: int
    widgets_hash: str
    host_autologin_hash: str
    starts_at: datetime | None = None
    duration: timedelta | None = None
    password: str | None = None
    lobby_enabled: bool = False
    lobby_description: str | None = ""
    registration_enabled: bool = False
    registration_template: int = 1
    status: str = "active"
    description: object = ABSENT
    skin_id: int | None = None
    settings: dict = field(default_factory=lambda: dict(DEFAULT_SETTINGS))
    registration_fields: dict = field(
        default_factory=lambda: dict(DEFAULT_REGISTRATION_FIELDS)
    )

    @property
    def ends_at(self) -> datetime | None:
        if self.permanent_room or self.starts_at is None or self.duration is None:
            return None
        return self.starts_at + self.duration


@dataclass
class Attendee:
    id: int
    role: str
    nickname: str
    email: str | None
    start: datetime
    end: datetime
    device: str = ""
    user_ip: str = "192.0.2.1"
    rating: str | None = None
    rating_comment: str | None = None
    polls: list = field(default_factory=list)


@dataclass
class Session:
    id: int
    room_id: int
    start: datetime
    end: datetime
    attendees: list[Attendee] = field(default_factory=list)
    # Language -> number of generate-pdf calls so far (drives NEW/IN PROGRESS/FINISHED).
    pdf_requests: dict = field(default_factory=dict)
    pdf_code: str = ""


@dataclass
class Registration:
    id: int
    room_id: int
    email: str
    first_name: str
    last_name: str
    fields: dict
    registered_at: datetime
    code: str
    confirmed_at: datetime | None = None
    session_id: int | None = None
    http_referer: str | None = None


@dataclass
class ChatMessage:
    session_id: int
    sent_at: datetime
    email: str
    nickname: str
    message: str


@dataclass
class AccessToken:
    token: str
    room_id: int
    sent_to_email: str | None = None
    first_use_date: datetime | None = None


@dataclass
class Recording:
    id: int
    room_id: int
    started: datetime
    duration_seconds: int
    file_size: int
    node: str
    storage_key: str


@dataclass
class LibraryFile:
    id: int
    name: str
    document_type: str
    content: bytes
    uploaded_at: datetime
    stored_name: str
    status: str = "converted"
    status_message: str = ""
    room_ids: set = field(default_factory=set)
    # Right after upload ClickMeeting lists the API download URL and no created_at.
    fresh_upload: bool = False


@dataclass
class AutologinGrant:
    room_id: int
    email: str
    nickname: str
    role: str
    created_at: datetime


@dataclass
class Options:
    """Switches for the payload variants real ClickMeeting sources disagree on."""

    # DELETE conferences/{id} returns "200 OK" ("string") or {"result":"OK"} ("result").
    delete_style: str = "string"
    # lobby_enabled as true/false ("bool") or as "1"/"0" ("string", the doc example).
    lobby_style: str = "bool"
    # Send `polls` on session attendees who took part in a poll.
    include_polls: bool = True
    # Add parent_id, password, paid_enabled, automated_enabled and type to rooms.
    newer_fields: bool = False
    # Encode &, ", < and > in room names as HTML entities, as one capture showed.
    html_escape_names: bool = True
    page_size: int = 250
    # Minutes after ends_at when a scheduled room turns inactive on its own.
    inactive_after_minutes: int = 10
    # Seconds a signed download URL stays valid.
    signed_url_lifetime: int = 86400

    CHOICES = {"delete_style": ("string", "result"), "lobby_style": ("bool", "string")}


class IdSequence:
    """Increasing ids starting near the ranges real ClickMeeting ids were in.

    Callers hold `SandboxState.lock`, which makes `next` safe across threads.
    """

    def __init__(self, start: int):
        self.next_value = start

    def next(self) -> int:
        value = self.next_value
        self.next_value += 1
        return value

    def continue_after(self, last_issued: int, used_ids) -> None:
        """Move past `last_issued` and every id in `used_ids`; never move back."""
        self.next_value = max(
            self.next_value, last_issued + 1, max(used_ids, default=0) + 1
        )


class SandboxState:
    """Everything one sandbox account holds, plus the request log and faults."""

    def __init__(self, api_key: str = DEFAULT_API_KEY):
        self.lock = threading.RLock()
        self.api_key = api_key
        self.reset()

    def reset(self) -> None:
        with self.lock:
            self.options = Options()
            self.rng = random.Random()  # noqa: S311 - fake data, not secrets
            self.rooms: dict[int, Room] = {}
            self.sessions: dict[int, Session] = {}
            self.registrations: dict[int, Registration] = {}
            self.chat_messages: list[ChatMessage] = []
            self.tokens: list[AccessToken] = []
            self.recordings: dict[int, Recording] = {}
            self.files: dict[int, LibraryFile] = {}
            self.autologin_grants: dict[str, AutologinGrant] = {}
            self.invitations: list[dict] = []
            self.contacts: dict[str, dict] = {}
            self.faults: list = []
            self.request_log: list[dict] = []
            self.api_request_count = 0
            self.expired_urls_pending = 0
            self.room_ids = IdSequence(9_200_001)
            self.session_ids = IdSequence(48_600_001)
            self.attendee_ids = IdSequence(60_200_001)
            self.registration_ids = IdSequence(31_900_001)
            self.recording_ids = IdSequence(7_800_001)
            self.file_ids = IdSequence(2_260_001)

    def new_room(self, **values) -> Room:
        """Create and store a room, filling the generated pins and hashes."""
        moment = values.pop("created_at", None) or now()
        if values.get("starts_at") is not None:
            values["starts_at"] = values["starts_at"].astimezone(UTC)
        room = Room(
            id=self.room_ids.next(),
            created_at=moment,
            updated_at=values.pop("updated_at", None) or moment,
            room_pin=identifiers.room_pin(self.rng),
            phone_presenter_pin=identifiers.phone_pin(self.rng),
            phone_listener_pin=identifiers.phone_pin(self.rng),
            widgets_hash=identifiers.widgets_hash(self.rng),
            host_autologin_hash=identifiers.autologin_hash(self.rng),
            **values,
        )
        self.rooms[room.id] = room
        self.autologin_grants[room.host_autologin_hash] = AutologinGrant(
            room.id, "", "Host", "host", moment
        )
        return room

    def refresh_room_status(self, room: Room) -> None:
        """Turn a scheduled room inactive a few minutes after it ended."""
        ends_at = room.ends_at
        if room.status != "active" or ends_at is None:
            return
        switch_at = ends_at + timedelta(minutes=self.options.inactive_after_minutes)
        if now() >= switch_at:
            room.status = "inactive"
            room.updated_at = switch_at

    def room_sessions(self, room_id: int) -> list[Session]:
        found = [s for s in self.sessions.values() if s.room_id == room_id]
        return sorted(found, key=lambda s: s.start)

    def room_tokens(self, room_id: int) -> list[AccessToken]:
        return [t for t in self.tokens if t.room_id == room_id]

    def room_recordings(self, room_id: int) -> list[Recording]:
        found = [r for r in self.recordings.values() if r.room_id == room_id]
        return sorted(found, key=lambda r: r.started)

    def room_registrations(self, room_id: int) -> list[Registration]:
        found = [r for r in self.registrations.values() if r.room_id == room_id]
        return sorted(found, key=lambda r: r.registered_at)

    def session_chat(self, session_id: int) -> list[ChatMessage]:
        found = [m for m in self.chat_messages if m.session_id == session_id]
        return sorted(found, key=lambda m: m.sent_at)

    def name_url_taken(self, name_url: str, except_room_id: int | None = None) -> bool:
        return any(
            room.name_url == name_url and room.id != except_room_id
            for room in self.rooms.values()
        )

    def delete_room(self, room_id: int) -> None:
        self.rooms.pop(room_id, None)
        self.tokens = [t for t in self.tokens if t.room_id != room_id]
        for recording_id in [r.id for r in self.room_recordings(room_id)]:
            del self.recordings[recording_id]
        for library_file in self.files.values():
            library_file.room_ids.discard(room_id)
