"""Non-API paths: the join page behind room_url, and the signed downloads.

The real service puts these on other hosts: the account subdomain, the
recorder and the file servers. The sandbox serves them itself, so every link
in its payloads leads somewhere on loopback.
"""

import html
import re
import struct
import zlib

from . import signing
from .api.library import file_download_response
from .exports import session_pdf
from .http import Request, Response
from .serializers import (
    Context,
    file_path,
    max_visitors,
    recording_path,
    total_visitors,
)
from .state import Room

DOWNLOAD_CHUNK = 64 * 1024


def page(status: int, title: str, paragraphs: list[str]) -> Response:
    body = "".join(f"<p>{html.escape(text)}</p>" for text in paragraphs)
    document = (
        "<!doctype html><html lang=en><meta charset=utf-8>"
        f"<title>{html.escape(title)}</title>"
        f"<h1>{html.escape(title)}</h1>{body}"
        "<p><small>ClickMeeting sandbox: no real meeting room runs here.</small></p>"
        "</html>"
    )
    return Response(
        status, document.encode("utf-8"), [("Content-Type", "text/html; charset=utf-8")]
    )


def find_room_by_address(context: Context, identifier: str) -> Room | None:
    for room in context.state.rooms.values():
        if identifier in (room.name_url, str(room.room_pin)):
            return room
    return None


def room_page(request: Request, context: Context, identifier: str) -> Response:
    """Show which room a join link opens and whether its `l=` or `r=` code is valid."""
    room = find_room_by_address(context, identifier)
    if room is None:
        return page(404, "Room not found", [f"No room has the address {identifier!r}."])
    lines = [f"Room status: {room.status}."]
    autologin_hash = request.query.get("l")
    registration_code = request.query.get("r")
    if autologin_hash:
        lines.append(autologin_line(context, room, autologin_hash))
    elif registration_code:
        lines.append(registration_line(context, room, registration_code))
    else:
        lines.append("No autologin hash (l=) in the link: the visitor would log in.")
    return page(200, f"Room: {room.name}", lines)


def autologin_line(context: Context, room: Room, autologin_hash: str) -> str:
    grant = context.state.autologin_grants.get(autologin_hash)
    if grant is None or grant.room_id != room.id:
        return "Autologin hash is invalid for this room."
    who = grant.nickname + (f" <{grant.email}>" if grant.email else "")
    return f"Autologin hash is valid: joining as {who}, role {grant.role}."


def registration_line(context: Context, room: Room, code: str) -> str:
    for registration in context.state.room_registrations(room.id):
        if registration.code == code:
            return f"Registration link is valid for {registration.email}."
    return "Registration link is invalid for this room."


def embed_page(request: Request, context: Context) -> Response:
    code = request.query.get("r", "")
    for room in context.state.rooms.values():
        if isinstance(code, str) and code.endswith(str(room.id)):
            return room_page(request, context, room.name_url)
    return page(404, "Room not found", ["The embed code matches no room."])


def signed_download_failure(request: Request) -> Response | None:
    outcome = signing.check(request.path, request.query)
    if outcome == "expired":
        return page(410, "Link expired", ["This download link has expired."])
    if outcome == "invalid":
        return page(403, "Forbidden", ["The download link signature is invalid."])
    return None


def recording_download(request: Request, context: Context) -> Response:
    for recording in context.state.recordings.values():
        if recording_path(recording) == request.path:
            failure = signed_download_failure(request)
            if failure:
                return failure
            return Response(
                200,
                filler_bytes(recording.file_size),
                [
                    ("Content-Type", "video/mp4"),
                    ("Content-Length", str(recording.file_size)),
                ],
            )
    return page(404, "Not found", ["No recording at this address."])


def filler_bytes(size: int):
    """Yield `size` bytes in chunks, so a large recording is never held in memory."""
    chunk = bytes(range(256)) * (DOWNLOAD_CHUNK // 256)
    remaining = size
    while remaining > 0:
        piece = chunk[: min(remaining, DOWNLOAD_CHUNK)]
        remaining -= len(piece)
        yield piece


def file_download(request: Request, context: Context) -> Response:
    for library_file in context.state.files.values():
        if file_path(library_file) == request.path:
            return signed_download_failure(request) or file_download_response(
                library_file
            )
    return page(404, "Not found", ["No file at this address."])


PDF_PATH_RE = re.compile(r"^/panel/pdf/(\w+)/(\d+)/(\w+)$")


def pdf_download(request: Request, context: Context) -> Response:
    match = PDF_PATH_RE.match(request.path)
    session = context.state.sessions.get(int(match.group(2))) if match else None
    if session is None or session.pdf_code != match.group(3):
        return page(404, "Not found", ["No report at this address."])
    room = context.state.rooms.get(session.room_id)
    title = f"Session report {session.id}" + (f": {room.name}" if room else "")
    lines = [
        f"Language: {match.group(1)}",
        f"Total visitors: {total_visitors(session)}",
        f"Peak visitors: {max_visitors(session)}",
    ]
    return Response(
        200, session_pdf(title, lines), [("Content-Type", "application/pdf")]
    )


def skin_thumbnail(request: Request, context: Context) -> Response:
    return Response(200, tiny_png(), [("Content-Type", "image/png")])


def tiny_png() -> bytes:
    """Return a valid 1x1 grey PNG."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        checksum = zlib.crc32(kind + data) & 0xFFFFFFFF
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", checksum)

    header = struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)
    pixels = zlib.compress(b"\x00\x80")
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", pixels)
        + chunk(b"IEND", b"")
    )


def index_page(request: Request, context: Context) -> Response:
    return page(
        200,
        "ClickMeeting sandbox",
        [
            f"API endpoint: {context.base_url}/v1/ (send the X-Api-Key header).",
            f"Control interface: {context.base_url}/_sandbox/ (JSON, loopback only).",
        ],
    )
