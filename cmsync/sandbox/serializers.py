"""Build response dicts with the exact key order and type mix ClickMeeting sends."""

import html
import time
from dataclasses import dataclass

from . import identifiers, signing
from .state import (
    ABSENT,
    ACCOUNT_ID,
    Attendee,
    LibraryFile,
    Recording,
    Registration,
    Room,
    SandboxState,
    Session,
)
from .timefmt import iso_local, iso_utc, now, offset_seconds, plain_utc

PDF_LANGUAGES = ("en", "pl", "de", "es", "ru")
EXPIRED_LINK_AGE = -3600


@dataclass
class Context:
    """Serializer inputs besides the record: the state and the public base URL."""

    state: SandboxState
    base_url: str

    def signed(self, path: str) -> str:
        lifetime = self.state.options.signed_url_lifetime
        if self.state.expired_urls_pending > 0:
            self.state.expired_urls_pending -= 1
            lifetime = EXPIRED_LINK_AGE
        return signing.signed_url(self.base_url, path, lifetime)

    def room_url(self, room: Room) -> str:
        return f"{self.base_url}/room/{room.name_url}"


def room_name(room: Room, context: Context) -> str:
    if context.state.options.html_escape_names:
        return html.escape(room.name, quote=False).replace('"', "&quot;")
    return room.name


def room_dict(room: Room, context: Context) -> dict:
    """Serialise a room as the list, read, create and update calls return it."""
    options = context.state.options
    zone_name = room.timezone
    data: dict = {"id": room.id}
    if options.newer_fields:
        data["parent_id"] = None
    data.update(
        room_type=room.room_type,
        room_pin=room.room_pin,
        name=room_name(room, context),
        name_url=room.name_url,
    )
    if room.description is not ABSENT:
        data["description"] = room.description
    if room.ends_at is not None:
        data["starts_at"] = iso_local(room.starts_at, zone_name)
        data["ends_at"] = iso_local(room.ends_at, zone_name)
    data["access_type"] = room.access_type
    if options.newer_fields:
        data["password"] = room.password
    data.update(
        lobby_enabled=lobby_value(room.lobby_enabled, options.lobby_style),
        lobby_description=room.lobby_description,
        registration_enabled=int(room.registration_enabled),
        status=room.status,
        timezone=zone_name,
        timezone_offset=offset_seconds(now(), zone_name),
    )
    if options.newer_fields:
        data.update(paid_enabled=0, automated_enabled=0)
    data.update(
        created_at=iso_local(room.created_at, zone_name),
        updated_at=iso_local(room.updated_at, zone_name),
    )
    if options.newer_fields:
        data["type"] = 0
    data["permanent_room"] = room.permanent_room
    if room.ends_at is not None:
        data["ccc"] = plain_utc(room.starts_at)
    data.update(room_links(room, context))
    return data


def lobby_value(enabled: bool, style: str):
    if style == "string":
        return "1" if enabled else "0"
    return enabled


def room_links(room: Room, context: Context) -> dict:
    unix_time = int(time.time())
    return {
        # Re-minted on every read: the last 8 hex digits are the time of the call.
        "access_role_hashes": {
            role: identifiers.role_hash(unix_time)
            for role in ("listener", "presenter", "host")
        },
        "room_url": context.room_url(room),
        "phone_presenter_pin": room.phone_presenter_pin,
        "phone_listener_pin": room.phone_listener_pin,
        "embed_room_url": (
            f"{context.base_url}/embed_conference.html?r=1{ACCOUNT_ID}{room.id}"
        ),
        "widgets_hash": room.widgets_hash,
        "recorder_list": [
            recording_url(recording, context)
            for recording in context.state.room_recordings(room.id)
        ],
        "settings": dict(room.settings),
        "autologin_hashes": {"host": room.host_autologin_hash},
        "autologin_hash": room.host_autologin_hash,
    }


def session_summary(session: Session, zone_name: str) -> dict:
    return {
        "id": session.id,
        "total_visitors": total_visitors(session),
        "max_visitors": max_visitors(session),
        "start_date": iso_local(session.start, zone_name),
        "end_date": iso_local(session.end, zone_name),
    }


def total_visitors(session: Session) -> int:
    return len(session.attendees)


def max_visitors(session: Session) -> int:
    """Return the peak number of attendees present at the same time."""
    events = []
    for attendee in session.attendees:
        events.append((attendee.start, 1))
        events.append((attendee.end, -1))
    peak = current = 0
    for _, change in sorted(events, key=lambda event: (event[0], event[1])):
        current += change
        peak = max(peak, current)
    return peak


def session_detail(session: Session, room: Room, context: Context) -> dict:
    """Serialise one session: no `id` key, `login` instead of `nickname`, a pdf map."""
    summary = session_summary(session, room.timezone)
    del summary["id"]
    summary["attendees"] = [
        {
            "id": attendee.id,
            "start_date": iso_local(attendee.start, room.timezone),
            "end_date": iso_local(attendee.end, room.timezone),
            "login": attendee.nickname,
            "email": attendee.email,
        }
        for attendee in session.attendees
    ]
    summary["pdf"] = {
        language: pdf_entry(session, room, language, context)
        for language in PDF_LANGUAGES
    }
    return summary


def pdf_entry(session: Session, room: Room, language: str, context: Context) -> dict:
    if session.pdf_requests.get(language):
        status = pdf_status(session, language, context)
        return {
            "status": status["status"],
            "url": pdf_url(session, language, context),
            "progress": status["progress"],
        }
    return {
        "generate_pdf_url": (
            f"{context.base_url}/v1/conferences/{room.id}/sessions/{session.id}"
            f"/generate-pdf/{language}"
        ),
        "progress": 0,
    }


def pdf_status(session: Session, language: str, context: Context) -> dict:
    """Return the report state: NEW on the first request, then IN PROGRESS, FINISHED."""
    requests_so_far = session.pdf_requests.get(language, 0)
    if requests_so_far <= 1:
        return {"status": "NEW", "progress": 0}
    if requests_so_far == 2:
        return {
            "status": "IN PROGRESS",
            "progress": 0,
            "url": pdf_url(session, language, context),
        }
    return {
        "status": "FINISHED",
        "url": pdf_url(session, language, context),
        "progress": 100,
    }


def pdf_url(session: Session, language: str, context: Context) -> str:
    return f"{context.base_url}/panel/pdf/{language}/{session.id}/{session.pdf_code}"


def attendee_dict(attendee: Attendee, zone_name: str, include_polls: bool) -> dict:
    data = {
        "uid": str(attendee.id),
        "role": attendee.role,
        "nickname": attendee.nickname,
        "email": attendee.email,
        "device": attendee.device,
        "rating": attendee.rating,
        "rating_comment": attendee.rating_comment,
        "start_date": iso_local(attendee.start, zone_name),
        "end_date": iso_local(attendee.end, zone_name),
        "user_ip": attendee.user_ip,
    }
    if include_polls and attendee.polls:
        data["polls"] = attendee.polls
    return data


def registration_dict(registration: Registration, room: Room, context: Context) -> dict:
    confirmed = registration.confirmed_at
    return {
        "id": registration.id,
        "visitor_nickname": f"{registration.first_name} {registration.last_name}",
        "email": registration.email,
        "registration_date": iso_local(registration.registered_at, room.timezone),
        # Unconfirmed registrations carry the four-letter string "null".
        "registration_confirmed": (
            iso_local(confirmed, room.timezone) if confirmed else "null"
        ),
        "session_id": registration.session_id,
        "fields": dict(registration.fields),
        "url": registration_url(registration, room, context),
        "r": registration.code,
        "http_referer": registration.http_referer,
        "geo": {"country": None, "city": None},
    }


def registration_url(registration: Registration, room: Room, context: Context) -> str:
    return f"{context.base_url}/room/{room.room_pin}?r={registration.code}"


def token_dict(token, zone_name: str) -> dict:
    first_use = token.first_use_date
    return {
        "token": token.token,
        "sent_to_email": token.sent_to_email,
        "first_use_date": iso_local(first_use, zone_name) if first_use else None,
    }


def recording_path(recording: Recording) -> str:
    started = recording.started
    return (
        f"/recorder/download/{started.year}/{started.month}/{started.day}/"
        f"{recording.node}/{ACCOUNT_ID}/{recording.storage_key}/recording.mp4"
    )


def recording_url(recording: Recording, context: Context) -> str:
    return context.signed(recording_path(recording))


def recording_dict(recording: Recording, context: Context) -> dict:
    return {
        "id": recording.id,
        "recording_url": recording_url(recording, context),
        "recording_duration": recording.duration_seconds,
        "recorder_started": plain_utc(recording.started),
        "recorder_start_date": iso_utc(recording.started),
        "recording_file_size": recording.file_size,
    }


def file_path(library_file: LibraryFile) -> str:
    return f"/files/download/12/09/{ACCOUNT_ID}/{library_file.stored_name}"


def file_dict(library_file: LibraryFile, context: Context) -> dict:
    data = {
        "id": library_file.id,
        "name": library_file.name,
        "document_type": library_file.document_type,
        "conversion_progress": 0,
        "status": library_file.status,
        "status_message": library_file.status_message,
        "upload_date": plain_utc(library_file.uploaded_at),
    }
    if library_file.fresh_upload:
        data["url"] = f"{context.base_url}/v1/file-library/{library_file.id}/download"
        return data
    data["url"] = context.signed(file_path(library_file))
    data["created_at"] = iso_utc(library_file.uploaded_at)
    return data


def chat_summary(session: Session, room: Room, context: Context) -> dict:
    local = iso_local(session.start, room.timezone)
    return {
        "id": session.id,
        "name": room_name(room, context),
        "date": local[:10],
        "time": local[11:16],
        "timezone": room.timezone,
        "download_link": f"{context.base_url}/v1/chats/{session.id}",
    }
