"""File library, recordings and chat export calls."""

import time
from pathlib import PurePosixPath

from ..exports import chat_zip, chat_zip_filename
from ..http import ApiError, Request, Response, json_response, not_found
from ..serializers import Context, chat_summary, file_dict, recording_dict
from ..state import LibraryFile
from ..timefmt import now
from .conferences import find_room
from .routing import integer_id, router

DOCUMENT_TYPES = {
    ".pdf": "presentation_pdf",
    ".png": "image",
    ".jpg": "image",
    ".jpeg": "image",
    ".gif": "image",
    ".ppt": "presentation",
    ".pptx": "presentation",
    ".odp": "presentation",
    ".key": "presentation",
    ".doc": "document",
    ".docx": "document",
    ".odt": "document",
    ".pages": "document",
    ".xls": "document",
    ".xlsx": "document",
    ".ods": "document",
    ".txt": "document",
    ".mp4": "video",
    ".mov": "video",
    ".avi": "video",
    ".mkv": "video",
    ".mp3": "audio",
    ".wav": "audio",
    ".ogg": "audio",
}
MAX_UPLOAD_BYTES = 20 * 1024 * 1024


def find_file(context: Context, file_text: str) -> LibraryFile:
    library_file = context.state.files.get(integer_id(file_text, "File"))
    if library_file is None:
        raise not_found("File")
    return library_file


def finish_conversion(files: list[LibraryFile]) -> None:
    """Mark fresh uploads converted: the sandbox converts between two reads."""
    for library_file in files:
        if library_file.fresh_upload:
            library_file.fresh_upload = False
            library_file.status = "converted"
            library_file.status_message = ""


def files_response(files: list[LibraryFile], context: Context) -> Response:
    finish_conversion(files)
    ordered = sorted(files, key=lambda f: f.uploaded_at)
    return json_response([file_dict(f, context) for f in ordered])


@router.add("GET", "file-library")
def list_files(request: Request, context: Context):
    return files_response(list(context.state.files.values()), context)


@router.add("GET", "file-library/conferences/{room}")
def list_room_files(request: Request, context: Context, room: str):
    room_id = find_room(context, room).id
    files = [f for f in context.state.files.values() if room_id in f.room_ids]
    return files_response(files, context)


@router.add("GET", "file-library/{file}")
def get_file(request: Request, context: Context, file: str):
    library_file = find_file(context, file)
    finish_conversion([library_file])
    return json_response(file_dict(library_file, context))


@router.add("GET", "file-library/{file}/download")
def download_file(request: Request, context: Context, file: str):
    return file_download_response(find_file(context, file))


def file_download_response(library_file: LibraryFile) -> Response:
    # WSGI headers are latin-1 text; this passes the UTF-8 bytes of the name on.
    name = library_file.name.replace('"', "'").encode("utf-8").decode("latin-1")
    return Response(
        200,
        library_file.content,
        [
            ("Content-Type", "application/octet-stream"),
            ("Content-Disposition", f'attachment; filename="{name}"'),
            ("Content-Transfer-Encoding", "binary"),
            ("Pragma", "public"),
        ],
    )


@router.add("POST", "file-library")
def upload_file(request: Request, context: Context):
    return json_response(file_dict(store_upload(request, context), context))


@router.add("POST", "file-library/conferences/{room}")
def upload_room_file(request: Request, context: Context, room: str):
    room_id = find_room(context, room).id
    library_file = store_upload(request, context)
    library_file.room_ids.add(room_id)
    return json_response(file_dict(library_file, context))


def store_upload(request: Request, context: Context) -> LibraryFile:
    upload = request.files.get("uploaded")
    if upload is None:
        raise ApiError(422, "A file is required in the field 'uploaded'", "uploaded")
    filename, content = upload
    suffix = PurePosixPath(filename).suffix.lower()
    if not filename or suffix not in DOCUMENT_TYPES:
        raise ApiError(422, f"Unsupported file type: {filename!r}", "uploaded")
    if len(content) > MAX_UPLOAD_BYTES:
        raise ApiError(422, "File is larger than 20 MB", "uploaded")
    library_file = LibraryFile(
        id=context.state.file_ids.next(),
        name=PurePosixPath(filename).name,
        document_type=DOCUMENT_TYPES[suffix],
        content=content,
        uploaded_at=now(),
        stored_name=f"{time.time_ns() // 100_000}.{len(content)}{suffix}",
        status="waiting_for_conversion",
        status_message="queued for conversion",
        fresh_upload=True,
    )
    context.state.files[library_file.id] = library_file
    return library_file


@router.add("DELETE", "file-library/{file}")
def delete_file(request: Request, context: Context, file: str):
    library_file = find_file(context, file)
    del context.state.files[library_file.id]
    return json_response({"status": "OK"})


@router.add("GET", "conferences/{room}/recordings")
def list_recordings(request: Request, context: Context, room: str):
    recordings = context.state.room_recordings(find_room(context, room).id)
    return json_response([recording_dict(r, context) for r in recordings])


@router.add("DELETE", "conferences/{room}/recordings")
def delete_recordings(request: Request, context: Context, room: str):
    for recording in context.state.room_recordings(find_room(context, room).id):
        del context.state.recordings[recording.id]
    return json_response({"STATUS": "OK"})


@router.add("DELETE", "conferences/{room}/recordings/{recording}")
def delete_recording(request: Request, context: Context, room: str, recording: str):
    room_id = find_room(context, room).id
    recording_id = integer_id(recording, "Recording")
    found = context.state.recordings.get(recording_id)
    if found is None or found.room_id != room_id:
        raise not_found("Recording")
    del context.state.recordings[recording_id]
    return json_response({"STATUS": "OK"})


@router.add("GET", "chats")
def list_chats(request: Request, context: Context):
    state = context.state
    summaries = []
    for session in sorted(state.sessions.values(), key=lambda s: s.start):
        room = state.rooms.get(session.room_id)
        if room is not None and state.session_chat(session.id):
            summaries.append(chat_summary(session, room, context))
    return json_response(summaries)


@router.add("GET", "chats/{session}")
def download_chat(request: Request, context: Context, session: str):
    state = context.state
    found = state.sessions.get(integer_id(session, "Chat"))
    room = state.rooms.get(found.room_id) if found else None
    if found is None or room is None or not state.session_chat(found.id):
        raise not_found("Chat")
    body = chat_zip(found, state.session_chat(found.id), room.timezone)
    return Response(
        200,
        body,
        [
            ("Content-Type", "application/zip"),
            (
                "Content-Disposition",
                f"attachment; filename={chat_zip_filename(found)}",
            ),
        ],
    )
