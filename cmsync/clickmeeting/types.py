"""Typed values the ClickMeeting client sends and returns.

Every datetime here is timezone-aware. Values are frozen dataclasses, so a
parsed payload cannot be changed by accident after validation.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Literal, TypeVar
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

RoomType = Literal["meeting", "webinar"]
RoomStatus = Literal["active", "inactive"]
Role = Literal["host", "presenter", "listener"]

ACCESS_OPEN = 1
ACCESS_PASSWORD = 2
ACCESS_TOKEN = 3
ACCESS_TYPES = (ACCESS_OPEN, ACCESS_PASSWORD, ACCESS_TOKEN)
ROOM_TYPES = ("meeting", "webinar")
ROLES = ("host", "presenter", "listener")


@dataclass(frozen=True, kw_only=True)
class ConferenceInput:
    """Room settings the application sends when it creates or updates a room.

    `starts_at` is sent as wall time in `timezone` together with the zone
    name, so ClickMeeting applies the zone's daylight saving rules itself.
    """

    name: str
    room_type: RoomType
    permanent_room: bool
    access_type: int
    starts_at: dt.datetime
    timezone: str
    duration: dt.timedelta
    password: str | None = None
    lobby_enabled: bool = False
    lobby_description: str = ""
    registration_enabled: bool = False
    custom_room_url_name: str = ""
    skin_id: int | None = None

    def __post_init__(self) -> None:
        if not self.name.strip():
            raise ValueError("Room name is missing.")
        if self.room_type not in ROOM_TYPES:
            raise ValueError(f"Invalid room type {self.room_type!r}.")
        if self.access_type not in ACCESS_TYPES:
            raise ValueError(f"Invalid access type {self.access_type!r}.")
        if self.access_type == ACCESS_PASSWORD and not self.password:
            raise ValueError("A password-protected room needs a password.")
        if self.starts_at.tzinfo is None or self.starts_at.utcoffset() is None:
            raise ValueError("starts_at must be timezone-aware.")
        if self.duration <= dt.timedelta(0):
            raise ValueError("Duration must be positive.")
        try:
            ZoneInfo(self.timezone)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(f"Unknown time zone {self.timezone!r}.") from exc


@dataclass(frozen=True, kw_only=True)
class Conference:
    """A ClickMeeting conference room.

    `name` has HTML entities decoded for display; `raw` is the payload as
    received, which keeps the undecoded name for matching.
    """

    id: int
    name: str
    name_url: str
    room_type: str
    access_type: int
    permanent_room: bool
    status: str
    starts_at: dt.datetime | None
    ends_at: dt.datetime | None
    timezone: str
    lobby_enabled: bool
    lobby_description: str
    registration_enabled: bool
    room_url: str
    room_pin: int | None
    created_at: dt.datetime | None
    updated_at: dt.datetime | None
    description: str = ""
    raw: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)


@dataclass(frozen=True, kw_only=True)
class AccessToken:
    """A single-use join token of a token-protected room."""

    token: str
    sent_to_email: str | None
    first_used_at: dt.datetime | None


@dataclass(frozen=True, kw_only=True)
class SessionSummary:
    """One occurrence of a room, as listed by the sessions call."""

    id: int
    total_visitors: int
    max_visitors: int
    started_at: dt.datetime | None
    ended_at: dt.datetime | None


@dataclass(frozen=True, kw_only=True)
class SessionParticipant:
    """An attendee as embedded in the session detail (`id` and `login` keys)."""

    id: int
    login: str
    email: str | None
    joined_at: dt.datetime | None
    left_at: dt.datetime | None


@dataclass(frozen=True, kw_only=True)
class PdfReport:
    """State of the session report PDF in one language.

    `status` is None when the report was never requested; then
    `generate_url` is the API URL that starts its generation.
    """

    language: str
    status: str | None
    progress: int
    url: str | None
    generate_url: str | None = None


@dataclass(frozen=True, kw_only=True)
class SessionDetail:
    """One session of a room with its embedded attendees and report states."""

    id: int
    room_id: int
    total_visitors: int
    max_visitors: int
    started_at: dt.datetime | None
    ended_at: dt.datetime | None
    attendees: list[SessionParticipant]
    pdf_reports: dict[str, PdfReport]


@dataclass(frozen=True, kw_only=True)
class PollAnswer:
    """One answer an attendee gave to one poll question."""

    poll_name: str
    question: str
    answer: str
    points: int | None


@dataclass(frozen=True, kw_only=True)
class SessionAttendee:
    """An attendee of a session, as returned by the attendees call.

    `email` is None for guests who gave none (ClickMeeting sends "" or null).
    `polls` is empty when ClickMeeting sends no poll data.
    """

    uid: int
    role: str
    nickname: str
    email: str | None
    device: str
    rating: int | None
    rating_comment: str | None
    joined_at: dt.datetime | None
    left_at: dt.datetime | None
    ip_address: str | None
    polls: list[PollAnswer] = field(default_factory=list)


@dataclass(frozen=True, kw_only=True)
class Registration:
    """A registration form submission for a room (or one of its sessions).

    `fields` maps the form labels ClickMeeting sends ("First Name", ...) to
    the values entered.
    """

    id: int
    nickname: str
    email: str | None
    registered_at: dt.datetime | None
    confirmed_at: dt.datetime | None
    session_id: int | None
    fields: dict[str, str]
    join_url: str
    code: str
    http_referer: str | None
    country: str | None
    city: str | None

    @property
    def first_name(self) -> str:
        return _field_by_label(self.fields, "first name")

    @property
    def last_name(self) -> str:
        return _field_by_label(self.fields, "last name")


def _field_by_label(fields: dict[str, str], label: str) -> str:
    # NOTE: only the English labels of the default form are known. The label
    # language of accounts in other languages is unconfirmed.
    for key, value in fields.items():
        if key.strip().casefold() == label:
            return value
    return ""


@dataclass(frozen=True, kw_only=True)
class RegistrationResult:
    """The result of registering a person: their personal join link."""

    join_url: str
    code: str
    already_registered: bool


@dataclass(frozen=True, kw_only=True)
class ChatSummary:
    """A session that has a chat log."""

    session_id: int
    name: str
    started_at: dt.datetime | None
    timezone: str | None
    download_url: str | None


@dataclass(frozen=True, kw_only=True)
class ChatMessage:
    """One chat message; `position` is its 0-based record index in the export.

    Skipped records keep their index, so the positions of the messages
    returned can have gaps.
    """

    position: int
    sent_at: dt.datetime
    email: str | None
    nickname: str
    message: str


@dataclass(frozen=True, kw_only=True)
class Recording:
    """A session recording; `url` is signed and expires within about a day."""

    id: int
    url: str
    duration: dt.timedelta
    started_at: dt.datetime | None
    file_size: int


@dataclass(frozen=True, kw_only=True)
class LibraryFile:
    """A file of the account's file library (presentation, image, ...).

    `download_url` is signed and expires, so fetch the file again right
    before a download instead of storing the URL.
    """

    id: int
    name: str
    document_type: str
    status: str
    status_message: str
    conversion_progress: int
    uploaded_at: dt.datetime | None
    created_at: dt.datetime | None
    download_url: str


@dataclass(frozen=True, kw_only=True)
class Skin:
    """A room skin (visual template) that `ConferenceInput.skin_id` can name."""

    id: int
    name: str
    thumbnail_url: str


@dataclass(frozen=True, kw_only=True)
class PhoneGateway:
    """A dial-in number; the shape of this payload is unconfirmed."""

    code: str
    location: str
    number: str
    region: str


@dataclass(frozen=True, kw_only=True)
class SkippedItem:
    """An item of a list response that failed validation and was left out.

    `path` is the request path, with `?page=N` for a paged room list.
    `index` is the item's 0-based position in the response's list, or among
    the CSV records of a chat export. `item_id` is the item's ClickMeeting id
    when it reads as an integer, else None. `reason` names the field and the
    problem but not the value, which may be personal data.
    """

    path: str
    index: int
    item_id: int | None
    reason: str


ItemT = TypeVar("ItemT")


class ItemList(list[ItemT]):
    """Items parsed from a list response, plus the items left out as malformed.

    A plain list in every other respect, so callers that iterate it or take
    its len() need not change.
    """

    def __init__(self, items=(), skipped=()) -> None:
        super().__init__(items)
        self.skipped: list[SkippedItem] = list(skipped)

    def __repr__(self) -> str:
        return f"ItemList({list.__repr__(self)}, skipped={self.skipped!r})"
