"""Turn decoded ClickMeeting JSON into the typed values of `types`.

Every function raises `fields.PayloadError` when the payload has the wrong
shape; the client turns that into MalformedResponseError with the request's
method and path. List parsers raise it only when the list itself is wrong.
An item that fails validation is left out and listed in the returned
`types.ItemList`'s `skipped`, so one bad record cannot hide the others.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from . import types
from .fields import (
    UTC,
    PayloadError,
    as_bool,
    as_datetime,
    as_dict,
    as_display_text,
    as_email,
    as_int,
    as_list,
    as_optional_int,
    as_optional_str,
    as_str,
    is_empty,
    require,
    zone,
)


def parse_items(
    items: list, parse_item: Callable[[Any], Any], *, id_key: str | None = "id"
) -> types.ItemList:
    """Parse each item, leaving out and recording the ones that fail validation.

    The recorded `SkippedItem`s have an empty `path`, because only the
    client knows the request.
    """
    parsed = types.ItemList()
    for index, item in enumerate(items):
        try:
            parsed.append(parse_item(item))
        except PayloadError as exc:
            parsed.skipped.append(skipped_item(index, exc, item_id(item, id_key)))
    return parsed


def skipped_item(
    index: int, exc: PayloadError, item_id: int | None = None
) -> types.SkippedItem:
    return types.SkippedItem(path="", index=index, item_id=item_id, reason=exc.reason)


def item_id(item: Any, id_key: str | None) -> int | None:
    """Return the item's id if it reads as a non-negative integer, else None."""
    if id_key is None or not isinstance(item, dict):
        return None
    try:
        value = as_optional_int(item.get(id_key), id_key)
    except PayloadError:
        return None
    return value if value is not None and value >= 0 else None


def unwrap(payload: Any, *keys: str) -> Any:
    """Return the value under the first of `keys` present, else the payload.

    ClickMeeting wraps one room in "conference" on read and update but in
    "room" on create; some clients see it bare.
    """
    if isinstance(payload, dict):
        for key in keys:
            if key in payload:
                return payload[key]
    return payload


def conference(payload: Any) -> types.Conference:
    item = unwrap(payload, "conference", "room")
    if not isinstance(item, dict):
        raise PayloadError("expected a conference object")
    timezone_name = as_str(item.get("timezone"), "timezone")
    room_zone = zone(timezone_name)
    return types.Conference(
        id=as_int(require(item, "id"), "id"),
        name=as_display_text(require(item, "name"), "name"),
        name_url=as_str(item.get("name_url"), "name_url"),
        room_type=as_str(require(item, "room_type"), "room_type"),
        access_type=as_int(require(item, "access_type"), "access_type"),
        permanent_room=as_bool(item.get("permanent_room"), "permanent_room"),
        status=as_str(require(item, "status"), "status"),
        starts_at=as_datetime(item.get("starts_at"), "starts_at", room_zone),
        ends_at=as_datetime(item.get("ends_at"), "ends_at", room_zone),
        timezone=timezone_name,
        lobby_enabled=as_bool(item.get("lobby_enabled"), "lobby_enabled"),
        lobby_description=as_str(item.get("lobby_description"), "lobby_description"),
        registration_enabled=as_bool(
            item.get("registration_enabled"), "registration_enabled"
        ),
        room_url=as_str(item.get("room_url"), "room_url"),
        room_pin=as_optional_int(item.get("room_pin"), "room_pin"),
        created_at=as_datetime(item.get("created_at"), "created_at", room_zone),
        updated_at=as_datetime(item.get("updated_at"), "updated_at", room_zone),
        description=as_str(item.get("description"), "description"),
        raw=item,
    )


def conference_list(
    payload: Any, status: str | None
) -> types.ItemList[types.Conference]:
    """Read a room list: a bare array, or an object of per-status arrays.

    The unfiltered call returns {"active_conferences": [...],
    "inactive_conferences": [...]}; either key may be missing. A skipped
    room's index then counts the active rooms first, then the inactive ones.
    """
    if isinstance(payload, list):
        items = payload
    elif isinstance(payload, dict):
        keys = [f"{status}_conferences"] if status else []
        keys = keys or ["active_conferences", "inactive_conferences"]
        if not any(key in payload for key in keys) and not status:
            raise PayloadError("expected active_conferences or inactive_conferences")
        items = []
        for key in keys:
            items.extend(as_list(payload.get(key), key))
    else:
        raise PayloadError("expected a list of conferences")
    return parse_items(items, conference)


def access_tokens(
    payload: Any, room_zone: dt.tzinfo
) -> types.ItemList[types.AccessToken]:
    items = as_list(unwrap(payload, "access_tokens"), "access_tokens")
    # Tokens have no id, and the token itself is a credential, so a skipped
    # token is identified by its index only.
    return parse_items(items, lambda item: access_token(item, room_zone), id_key=None)


def access_token(item: Any, room_zone: dt.tzinfo) -> types.AccessToken:
    return types.AccessToken(
        token=as_str(require(item, "token"), "token"),
        sent_to_email=as_email(item.get("sent_to_email"), "sent_to_email"),
        first_used_at=as_datetime(
            item.get("first_use_date"), "first_use_date", room_zone
        ),
    )


def autologin_hash(payload: Any) -> str:
    value = as_str(require(payload, "autologin_hash"), "autologin_hash")
    if not value:
        raise PayloadError("autologin_hash is empty")
    return value


def session_summaries(
    payload: Any, room_zone: dt.tzinfo
) -> types.ItemList[types.SessionSummary]:
    return parse_items(
        as_list(payload, "sessions"), lambda item: session_summary(item, room_zone)
    )


def session_summary(item: Any, room_zone: dt.tzinfo) -> types.SessionSummary:
    return types.SessionSummary(
        id=as_int(require(item, "id"), "id"),
        total_visitors=as_int(item.get("total_visitors", 0), "total_visitors"),
        max_visitors=as_int(item.get("max_visitors", 0), "max_visitors"),
        started_at=as_datetime(item.get("start_date"), "start_date", room_zone),
        ended_at=as_datetime(item.get("end_date"), "end_date", room_zone),
    )


def session_detail(
    payload: Any, room_id: int, session_id: int, room_zone: dt.tzinfo
) -> types.SessionDetail:
    # The session call carries no "id" key of its own; the ids come from the
    # request path.
    item = unwrap(payload, "session")
    if not isinstance(item, dict):
        raise PayloadError("expected a session object")
    participants = [
        types.SessionParticipant(
            id=as_int(require(person, "id"), "attendees.id"),
            login=as_str(person.get("login"), "attendees.login"),
            email=as_email(person.get("email"), "attendees.email"),
            joined_at=as_datetime(person.get("start_date"), "start_date", room_zone),
            left_at=as_datetime(person.get("end_date"), "end_date", room_zone),
        )
        for person in as_list(item.get("attendees"), "attendees")
    ]
    return types.SessionDetail(
        id=session_id,
        room_id=room_id,
        total_visitors=as_int(item.get("total_visitors", 0), "total_visitors"),
        max_visitors=as_int(item.get("max_visitors", 0), "max_visitors"),
        started_at=as_datetime(item.get("start_date"), "start_date", room_zone),
        ended_at=as_datetime(item.get("end_date"), "end_date", room_zone),
        attendees=participants,
        pdf_reports=pdf_reports(item.get("pdf")),
    )


def pdf_reports(payload: Any) -> dict[str, types.PdfReport]:
    return {
        str(language): pdf_report(entry, str(language))
        for language, entry in as_dict(payload, "pdf").items()
    }


def pdf_report(payload: Any, language: str) -> types.PdfReport:
    """Read a report state: {status, progress, url} or {generate_pdf_url, progress}."""
    if not isinstance(payload, dict):
        raise PayloadError(f"pdf report {language!r} is not an object")
    return types.PdfReport(
        language=language,
        status=as_optional_str(payload.get("status"), "status"),
        progress=as_int(payload.get("progress", 0), "progress"),
        url=as_optional_str(payload.get("url"), "url"),
        generate_url=as_optional_str(
            payload.get("generate_pdf_url"), "generate_pdf_url"
        ),
    )


def session_attendees(
    payload: Any, room_zone: dt.tzinfo
) -> types.ItemList[types.SessionAttendee]:
    return parse_items(
        as_list(payload, "attendees"),
        lambda item: session_attendee(item, room_zone),
        id_key="uid",
    )


def session_attendee(item: Any, room_zone: dt.tzinfo) -> types.SessionAttendee:
    if not isinstance(item, dict):
        raise PayloadError("expected an attendee object")
    return types.SessionAttendee(
        uid=as_int(require(item, "uid"), "uid"),
        role=as_str(item.get("role"), "role"),
        nickname=as_display_text(item.get("nickname"), "nickname"),
        email=as_email(item.get("email")),
        device=as_str(item.get("device"), "device"),
        rating=as_optional_int(item.get("rating"), "rating"),
        rating_comment=as_optional_str(item.get("rating_comment"), "rating_comment"),
        joined_at=as_datetime(item.get("start_date"), "start_date", room_zone),
        left_at=as_datetime(item.get("end_date"), "end_date", room_zone),
        ip_address=as_optional_str(item.get("user_ip"), "user_ip"),
        polls=poll_answers(item.get("polls")),
    )


def poll_answers(payload: Any) -> list[types.PollAnswer]:
    """Flatten [{name, questions: [{question, answers: [{points, value}]}]}].

    The only known description of this data is a third-party model, so
    absent or empty data is normal and yields an empty list.
    """
    answers: list[types.PollAnswer] = []
    for poll in as_list(payload, "polls"):
        if not isinstance(poll, dict):
            raise PayloadError("polls entry is not an object")
        poll_name = as_display_text(poll.get("name"), "polls.name")
        for question in as_list(poll.get("questions"), "polls.questions"):
            if not isinstance(question, dict):
                raise PayloadError("polls question is not an object")
            question_text = as_display_text(question.get("question"), "question")
            for answer in as_list(question.get("answers"), "polls.answers"):
                if not isinstance(answer, dict):
                    raise PayloadError("polls answer is not an object")
                answers.append(
                    types.PollAnswer(
                        poll_name=poll_name,
                        question=question_text,
                        answer=as_str(answer.get("value"), "answers.value"),
                        points=as_optional_int(answer.get("points"), "points"),
                    )
                )
    return answers


def registrations(
    payload: Any, room_zone: dt.tzinfo
) -> types.ItemList[types.Registration]:
    return parse_items(
        as_list(payload, "registrations"), lambda item: registration(item, room_zone)
    )


def registration(item: Any, room_zone: dt.tzinfo) -> types.Registration:
    if not isinstance(item, dict):
        raise PayloadError("expected a registration object")
    geo = as_dict(item.get("geo"), "geo")
    form_fields = {
        str(label): as_str(value, f"fields.{label}")
        for label, value in as_dict(item.get("fields"), "fields").items()
    }
    return types.Registration(
        id=as_int(require(item, "id"), "id"),
        nickname=as_display_text(item.get("visitor_nickname"), "visitor_nickname"),
        email=as_email(item.get("email")),
        registered_at=as_datetime(
            item.get("registration_date"), "registration_date", room_zone
        ),
        # "registration_confirmed" is the string "null" while unconfirmed.
        confirmed_at=as_datetime(
            item.get("registration_confirmed"), "registration_confirmed", room_zone
        ),
        session_id=as_optional_int(item.get("session_id"), "session_id"),
        fields=form_fields,
        join_url=as_str(item.get("url"), "url"),
        code=as_str(item.get("r"), "r"),
        http_referer=as_optional_str(item.get("http_referer"), "http_referer"),
        country=as_optional_str(geo.get("country"), "geo.country"),
        city=as_optional_str(geo.get("city"), "geo.city"),
    )


def registration_result(payload: Any) -> types.RegistrationResult:
    return types.RegistrationResult(
        join_url=as_str(require(payload, "url"), "url"),
        code=as_str(payload.get("r"), "r"),
        already_registered=as_bool(payload.get("exist"), "exist"),
    )


def chat_summaries(payload: Any) -> types.ItemList[types.ChatSummary]:
    return parse_items(as_list(payload, "chats"), chat_summary)


def chat_summary(item: Any) -> types.ChatSummary:
    if not isinstance(item, dict):
        raise PayloadError("expected a chat object")
    # Third-party models disagree on the key: "timezone" or "time_zone".
    timezone_name = as_optional_str(
        item.get("timezone", item.get("time_zone")), "timezone"
    )
    return types.ChatSummary(
        session_id=as_int(require(item, "id"), "id"),
        name=as_display_text(item.get("name"), "name"),
        started_at=_chat_start(item, timezone_name),
        timezone=timezone_name,
        download_url=as_optional_str(item.get("download_link"), "download_link"),
    )


def _chat_start(item: dict, timezone_name: str | None) -> dt.datetime | None:
    date_text = as_optional_str(item.get("date"), "date")
    if date_text is None:
        return None
    time_text = as_optional_str(item.get("time"), "time") or "00:00"
    combined = f"{date_text} {time_text}"
    return as_datetime(combined, "date", zone(timezone_name))


def recordings(payload: Any) -> types.ItemList[types.Recording]:
    return parse_items(as_list(payload, "recordings"), recording)


def recording(item: Any) -> types.Recording:
    if not isinstance(item, dict):
        raise PayloadError("expected a recording object")
    # "recorder_start_date" carries an offset; "recorder_started" is the
    # same moment in UTC without one.
    started_at = as_datetime(
        item.get("recorder_start_date"), "recorder_start_date", UTC
    ) or as_datetime(item.get("recorder_started"), "recorder_started", UTC)
    return types.Recording(
        id=as_int(require(item, "id"), "id"),
        url=as_str(require(item, "recording_url"), "recording_url"),
        duration=dt.timedelta(
            seconds=as_int(item.get("recording_duration", 0), "duration")
        ),
        started_at=started_at,
        file_size=as_int(item.get("recording_file_size", 0), "file_size"),
    )


def library_files(payload: Any) -> types.ItemList[types.LibraryFile]:
    return parse_items(as_list(payload, "files"), library_file)


def library_file(payload: Any) -> types.LibraryFile:
    item = unwrap(payload, "file")
    if not isinstance(item, dict):
        raise PayloadError("expected a file object")
    return types.LibraryFile(
        id=as_int(require(item, "id"), "id"),
        name=as_str(item.get("name"), "name"),
        document_type=as_str(item.get("document_type"), "document_type"),
        status=as_str(item.get("status"), "status"),
        status_message=as_str(item.get("status_message"), "status_message"),
        conversion_progress=as_int(
            item.get("conversion_progress", 0), "conversion_progress"
        ),
        # "upload_date" has no offset and is UTC in every capture.
        uploaded_at=as_datetime(item.get("upload_date"), "upload_date", UTC),
        created_at=as_datetime(item.get("created_at"), "created_at", UTC),
        download_url=as_str(item.get("url"), "url"),
    )


def skins(payload: Any) -> types.ItemList[types.Skin]:
    return parse_items(as_list(payload, "skins"), skin)


def skin(item: Any) -> types.Skin:
    return types.Skin(
        id=as_int(require(item, "id"), "id"),
        name=as_str(item.get("name"), "name"),
        thumbnail_url=as_str(item.get("thumbnail_url"), "thumbnail_url"),
    )


def phone_gateways(payload: Any) -> types.ItemList[types.PhoneGateway]:
    return parse_items(as_list(payload, "phone_gateways"), phone_gateway, id_key=None)


def phone_gateway(item: Any) -> types.PhoneGateway:
    if not isinstance(item, dict):
        raise PayloadError("expected a phone gateway object")
    return types.PhoneGateway(
        code=as_str(item.get("code"), "code"),
        location=as_str(item.get("location"), "location"),
        number=as_str(item.get("value"), "value"),
        region=as_str(item.get("geo"), "geo"),
    )


def time_zones(payload: Any) -> types.ItemList[str]:
    return parse_items(
        as_list(payload, "time zones"),
        lambda name: as_str(name, "time zone"),
        id_key=None,
    )


def status_ok(payload: Any) -> None:
    """Check an acknowledgement: {"status": "OK"}, {"STATUS": "OK"} or similar."""
    if isinstance(payload, dict):
        for key in ("status", "STATUS", "result"):
            value = payload.get(key)
            if isinstance(value, str) and not is_empty(value):
                if value.strip().upper() != "OK":
                    raise PayloadError(f"ClickMeeting reported status {value!r}")
                return
    # Any other body of a 2xx response counts as success.
