"""ClickMeetingClient: one method per ClickMeeting REST API v1 call the product uses."""

from __future__ import annotations

import datetime as dt
import json
import logging
import random
import time
from collections.abc import Callable, Iterable
from typing import Any
from urllib.parse import quote

from . import chat, errors, parsing, skips, types
from .endpoint import DEFAULT_ENDPOINT
from .fields import PayloadError, zone
from .forms import conference_form
from .http import (
    DEFAULT_CONNECT_TIMEOUT,
    DEFAULT_MAX_ATTEMPTS,
    DEFAULT_READ_TIMEOUT,
    HttpTransport,
    RawResponse,
)

logger = logging.getLogger(__name__)

# Room lists come in pages of 250 according to a third-party client; a
# shorter page is the last one. NOTE: the page size is unconfirmed, so it is
# a constructor argument.
DEFAULT_PAGE_SIZE = 250
# Stops a server that ignores `page` from looping forever (100,000 rooms).
DEFAULT_MAX_PAGES = 400
INVITATION_ROLES = ("listener", "presenter")
CONFERENCE_STATUSES = ("active", "inactive")


class ClickMeetingClient:
    """Client of the ClickMeeting REST API v1 for one endpoint and API key.

    Dates that ClickMeeting sends without an offset are read in the room's
    time zone when the caller passes it (`timezone=`), else in
    `default_timezone`.

    List methods return a `types.ItemList`. An item that fails validation is
    logged, left out, listed in the result's `skipped` and counted in
    `skipped_items`. A list whose own shape is wrong still raises
    MalformedResponseError.
    """

    def __init__(
        self,
        endpoint: str = DEFAULT_ENDPOINT,
        api_key: str = "",
        *,
        connect_timeout: float = DEFAULT_CONNECT_TIMEOUT,
        read_timeout: float = DEFAULT_READ_TIMEOUT,
        max_attempts: int = DEFAULT_MAX_ATTEMPTS,
        page_size: int = DEFAULT_PAGE_SIZE,
        max_pages: int = DEFAULT_MAX_PAGES,
        default_timezone: str = "UTC",
        sleep: Callable[[float], None] = time.sleep,
        random_fraction: Callable[[], float] = random.random,
        **transport_options: Any,
    ) -> None:
        self._http = HttpTransport(
            endpoint=endpoint,
            api_key=api_key,
            connect_timeout=connect_timeout,
            read_timeout=read_timeout,
            max_attempts=max_attempts,
            sleep=sleep,
            random_fraction=random_fraction,
            **transport_options,
        )
        self.page_size = page_size
        self.max_pages = max_pages
        self.default_timezone = default_timezone
        self._skipped_items = 0
        zone(default_timezone)

    def __repr__(self) -> str:
        return (
            f"<ClickMeetingClient endpoint={self.endpoint!r} calls={self.call_count}>"
        )

    @property
    def endpoint(self) -> str:
        return self._http.endpoint

    @property
    def call_count(self) -> int:
        """Number of HTTP attempts made so far, retries included."""
        return self._http.call_count

    @property
    def skipped_items(self) -> int:
        """Number of list items left out as malformed so far, on every call."""
        return self._skipped_items

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> ClickMeetingClient:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    # Account

    def ping(self) -> None:
        """Check that the endpoint responds and accepts the API key."""
        self._request_json("GET", "ping")

    def list_skins(self) -> types.ItemList[types.Skin]:
        return self._parse("GET", "conferences/skins", parsing.skins)

    def list_time_zones(self, country: str | None = None) -> types.ItemList[str]:
        """List the IANA names ClickMeeting accepts, optionally for one country."""
        path = "time_zone_list"
        if country:
            path += "/" + _segment(country.lower())
        return self._parse("GET", path, parsing.time_zones)

    def list_phone_gateways(self) -> types.ItemList[types.PhoneGateway]:
        return self._parse("GET", "phone_gateways", parsing.phone_gateways)

    def add_contact(
        self, *, email: str, first_name: str, last_name: str, **optional: str
    ) -> None:
        """Add or update a contact in the account's address book.

        `optional` may hold phone, company and country (ISO 3166 alpha-2).
        """
        data = {"email": email, "firstname": first_name, "lastname": last_name}
        data.update({key: value for key, value in optional.items() if value})
        self._parse("POST", "contacts", parsing.status_ok, data=data)

    # Conferences

    def list_conferences(
        self, status: str | None = "active"
    ) -> types.ItemList[types.Conference]:
        """List rooms with the given status, fetching every page.

        `status=None` lists active and inactive rooms in one call.
        """
        if status is None:
            return self._parse(
                "GET", "conferences", lambda body: parsing.conference_list(body, None)
            )
        if status not in CONFERENCE_STATUSES:
            raise ValueError(
                f"status must be one of {CONFERENCE_STATUSES}, not {status!r}"
            )
        return self._list_conference_pages(status)

    def _list_conference_pages(self, status: str) -> types.ItemList[types.Conference]:
        path = f"conferences/{status}"
        rooms: dict[int, types.Conference] = {}
        skipped: list[types.SkippedItem] = []
        seen_ids: set[int] = set()
        for page in range(1, self.max_pages + 1):
            batch = self._parse(
                "GET",
                path,
                lambda body: parsing.conference_list(body, status),
                params={"page": page},
                report_skipped=False,
            )
            # Skipped rooms count, or a page with a bad room would look short.
            listed = len(batch) + len(batch.skipped)
            page_ids = {room.id for room in batch}
            page_ids.update(
                item.item_id for item in batch.skipped if item.item_id is not None
            )
            if page > 1 and listed and not page_ids - seen_ids:
                # A server that ignores `page` sends the first page again.
                # Its skipped rooms were reported with the first page already.
                logger.warning(
                    "ClickMeeting %s page %d repeated earlier rooms; stopping",
                    path,
                    page,
                )
                break
            seen_ids.update(page_ids)
            self._report_skipped("GET", f"{path}?page={page}", batch)
            skipped.extend(batch.skipped)
            for room in batch:
                rooms.setdefault(room.id, room)
            if listed < self.page_size:
                break
        else:
            logger.warning(
                "ClickMeeting %s stopped after %d pages", path, self.max_pages
            )
        return types.ItemList(rooms.values(), skipped)

    def get_conference(self, room_id: int) -> types.Conference:
        return self._parse("GET", f"conferences/{_id(room_id)}", parsing.conference)

    def create_conference(self, data: types.ConferenceInput) -> types.Conference:
        return self._parse(
            "POST", "conferences", parsing.conference, data=conference_form(data)
        )

    def update_conference(
        self, room_id: int, data: types.ConferenceInput
    ) -> types.Conference:
        return self._parse(
            "PUT",
            f"conferences/{_id(room_id)}",
            parsing.conference,
            data=conference_form(data),
        )

    def delete_conference(self, room_id: int) -> None:
        """Delete a room. Any 2xx response is success, whatever its body.

        ClickMeeting returns "200 OK" or {"result": "OK"}. A body of
        "404 Not Found" is read as NotFoundError even with a 2xx status.
        """
        path = f"conferences/{_id(room_id)}"
        response = self._http.request("DELETE", path)
        body = _json_or_none(response.content)
        if isinstance(body, str) and body.strip().startswith("404"):
            raise errors.NotFoundError(
                f"ClickMeeting could not find room {room_id}.",
                method="DELETE",
                path=path,
                status=response.status,
            )

    def create_autologin_hash(
        self,
        room_id: int,
        *,
        email: str,
        nickname: str,
        role: str = "host",
        password: str | None = None,
        token: str | None = None,
    ) -> str:
        """Create a one-click login code; the join URL is `room_url?l=<code>`."""
        if role not in types.ROLES:
            raise ValueError(f"role must be one of {types.ROLES}, not {role!r}")
        data = {"email": email, "nickname": nickname, "role": role}
        if password:
            data["password"] = password
        if token:
            data["token"] = token
        return self._parse(
            "POST",
            f"conferences/{_id(room_id)}/room/autologin_hash",
            parsing.autologin_hash,
            data=data,
        )

    # Tokens and invitations

    def generate_tokens(
        self, room_id: int, how_many: int, *, timezone: str | None = None
    ) -> types.ItemList[types.AccessToken]:
        if how_many < 1:
            raise ValueError("how_many must be at least 1.")
        room_zone = self._zone(timezone)
        return self._parse(
            "POST",
            f"conferences/{_id(room_id)}/tokens",
            lambda body: parsing.access_tokens(body, room_zone),
            data={"how_many": how_many},
        )

    def list_tokens(
        self, room_id: int, *, timezone: str | None = None
    ) -> types.ItemList[types.AccessToken]:
        room_zone = self._zone(timezone)
        return self._parse(
            "GET",
            f"conferences/{_id(room_id)}/tokens",
            lambda body: parsing.access_tokens(body, room_zone),
        )

    def send_invitations(
        self,
        room_id: int,
        *,
        emails: Iterable[str],
        role: str = "listener",
        lang: str = "en",
        template: str | None = None,
    ) -> None:
        """Ask ClickMeeting to e-mail invitations in language `lang`."""
        if role not in INVITATION_ROLES:
            raise ValueError(f"role must be one of {INVITATION_ROLES}, not {role!r}")
        addresses = [email.strip() for email in emails if email and email.strip()]
        if not addresses:
            raise ValueError("At least one e-mail address is needed.")
        data: list[tuple[str, str]] = [
            ("attendees[][email]", address) for address in addresses
        ]
        data.append(("role", role))
        if template:
            data.append(("template", template))
        self._parse(
            "POST",
            f"conferences/{_id(room_id)}/invitation/email/{_segment(lang)}",
            parsing.status_ok,
            data=data,
        )

    # Sessions

    def list_sessions(
        self, room_id: int, *, timezone: str | None = None
    ) -> types.ItemList[types.SessionSummary]:
        room_zone = self._zone(timezone)
        return self._parse(
            "GET",
            f"conferences/{_id(room_id)}/sessions",
            lambda body: parsing.session_summaries(body, room_zone),
        )

    def get_session(
        self, room_id: int, session_id: int, *, timezone: str | None = None
    ) -> types.SessionDetail:
        room_zone = self._zone(timezone)
        return self._parse(
            "GET",
            f"conferences/{_id(room_id)}/sessions/{_id(session_id)}",
            lambda body: parsing.session_detail(body, room_id, session_id, room_zone),
        )

    def list_session_attendees(
        self, room_id: int, session_id: int, *, timezone: str | None = None
    ) -> types.ItemList[types.SessionAttendee]:
        room_zone = self._zone(timezone)
        return self._parse(
            "GET",
            f"conferences/{_id(room_id)}/sessions/{_id(session_id)}/attendees",
            lambda body: parsing.session_attendees(body, room_zone),
        )

    def generate_session_pdf(
        self, room_id: int, session_id: int, lang: str = "en"
    ) -> types.PdfReport:
        """Start or poll generation of the session report PDF in `lang`."""
        path = (
            f"conferences/{_id(room_id)}/sessions/{_id(session_id)}"
            f"/generate-pdf/{_segment(lang)}"
        )
        return self._parse("GET", path, lambda body: parsing.pdf_report(body, lang))

    # Registrations

    def list_registrations(
        self, room_id: int, status: str = "all", *, timezone: str | None = None
    ) -> types.ItemList[types.Registration]:
        room_zone = self._zone(timezone)
        return self._parse(
            "GET",
            f"conferences/{_id(room_id)}/registrations/{_segment(status)}",
            lambda body: parsing.registrations(body, room_zone),
        )

    def list_session_registrations(
        self,
        room_id: int,
        session_id: int,
        status: str = "all",
        *,
        timezone: str | None = None,
    ) -> types.ItemList[types.Registration]:
        room_zone = self._zone(timezone)
        path = (
            f"conferences/{_id(room_id)}/sessions/{_id(session_id)}"
            f"/registrations/{_segment(status)}"
        )
        return self._parse(
            "GET", path, lambda body: parsing.registrations(body, room_zone)
        )

    def register(
        self,
        room_id: int,
        *,
        first_name: str,
        last_name: str,
        email: str,
        confirmation_lang: str | None = None,
    ) -> types.RegistrationResult:
        """Register a person with the default form (1 first name, 2 last, 3 e-mail)."""
        data = {
            "registration[1]": first_name,
            "registration[2]": last_name,
            "registration[3]": email,
        }
        if confirmation_lang:
            data["confirmation_email[enabled]"] = "1"
            data["confirmation_email[lang]"] = confirmation_lang
        return self._parse(
            "POST",
            f"conferences/{_id(room_id)}/registration",
            parsing.registration_result,
            data=data,
        )

    # Chats

    def list_chats(self) -> types.ItemList[types.ChatSummary]:
        return self._parse("GET", "chats", parsing.chat_summaries)

    def get_chat(
        self, session_id: int, *, timezone: str | None = None
    ) -> types.ItemList[types.ChatMessage]:
        """Download a session's chat export and return its messages in order.

        The export's times have no offset and are in the room's time zone.
        Without `timezone`, the zone comes from the chat list (one more call)
        or, failing that, from `default_timezone`.
        """
        if timezone is None:
            timezone = self._chat_timezone(session_id)
        room_zone = self._zone(timezone)
        path = f"chats/{_id(session_id)}"
        response = self._http.request(
            "GET", path, max_body_bytes=chat.MAX_UNCOMPRESSED_BYTES
        )
        try:
            messages = chat.parse_chat_export(response.content, room_zone)
        except PayloadError as exc:
            error = _malformed("GET", path, response.status, exc)
            error.message = self._http.redact(error.message)
            raise error from None
        self._report_skipped("GET", path, messages)
        return messages

    def _chat_timezone(self, session_id: int) -> str | None:
        for summary in self.list_chats():
            if summary.session_id == session_id and summary.timezone:
                return summary.timezone
        logger.warning(
            "No time zone known for the chat of session %s; reading it in %s",
            session_id,
            self.default_timezone,
        )
        return None

    # Recordings and files

    def list_recordings(self, room_id: int) -> types.ItemList[types.Recording]:
        return self._parse(
            "GET", f"conferences/{_id(room_id)}/recordings", parsing.recordings
        )

    def delete_recordings(self, room_id: int) -> None:
        """Delete every recording of a room."""
        self._parse(
            "DELETE", f"conferences/{_id(room_id)}/recordings", parsing.status_ok
        )

    def list_files(self) -> types.ItemList[types.LibraryFile]:
        """List every file of the account's file library."""
        return self._parse("GET", "file-library", parsing.library_files)

    def list_conference_files(self, room_id: int) -> types.ItemList[types.LibraryFile]:
        return self._parse(
            "GET", f"file-library/conferences/{_id(room_id)}", parsing.library_files
        )

    def get_file(self, file_id: int) -> types.LibraryFile:
        """Fetch one file; its `download_url` is freshly signed."""
        return self._parse("GET", f"file-library/{_id(file_id)}", parsing.library_file)

    def upload_file(
        self,
        filename: str,
        content: bytes,
        *,
        room_id: int | None = None,
        content_type: str = "application/octet-stream",
    ) -> types.LibraryFile:
        """Upload a file to the library, attached to `room_id` when given."""
        path = "file-library"
        if room_id is not None:
            path += f"/conferences/{_id(room_id)}"
        return self._parse(
            "POST",
            path,
            parsing.library_file,
            files={"uploaded": (filename, content, content_type)},
        )

    # Plumbing

    def _zone(self, timezone: str | None) -> dt.tzinfo:
        try:
            return zone(timezone or self.default_timezone)
        except PayloadError as exc:
            raise ValueError(str(exc)) from exc

    def _request_json(self, method: str, path: str, **options: Any) -> Any:
        response = self._http.request(method, path, **options)
        return _decode_json(response, method, path)

    def _parse(
        self,
        method: str,
        path: str,
        parser: Callable[[Any], Any],
        *,
        report_skipped: bool = True,
        **options: Any,
    ) -> Any:
        response = self._http.request(method, path, **options)
        body = _decode_json(response, method, path)
        try:
            result = parser(body)
        except PayloadError as exc:
            error = _malformed(method, path, response.status, exc)
            error.message = self._http.redact(error.message)
            raise error from None
        if report_skipped and isinstance(result, types.ItemList):
            self._report_skipped(method, path, result)
        return result

    def _report_skipped(self, method: str, path: str, items: types.ItemList) -> None:
        if items.skipped:
            skips.report(method, path, items, redact=self._http.redact)
            self._skipped_items += len(items.skipped)


def _id(value: int) -> str:
    """Check an id before it goes into a path, so no caller can inject one."""
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValueError(f"Invalid ClickMeeting id {value!r}.")
    return str(value)


def _segment(value: str) -> str:
    if not value or not value.replace("-", "").replace("_", "").isalnum():
        raise ValueError(f"Invalid path segment {value!r}.")
    return quote(value, safe="")


def _json_or_none(content: bytes) -> Any:
    try:
        return json.loads(content.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return None


def _decode_json(response: RawResponse, method: str, path: str) -> Any:
    try:
        return json.loads(response.content.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise _malformed(method, path, response.status, exc) from None
    except ValueError as exc:
        problem = "is not valid JSON"
        if not response.content.strip():
            problem = "is empty"
        raise errors.MalformedResponseError(
            f"ClickMeeting's response {problem} ({type(exc).__name__}).",
            method=method,
            path=path,
            status=response.status,
        ) from None


def _malformed(
    method: str, path: str, status: int, exc: Exception
) -> errors.MalformedResponseError:
    return errors.MalformedResponseError(
        f"ClickMeeting's response has an unexpected shape: {exc}.",
        method=method,
        path=path,
        status=status,
    )
