"""Read ClickMeeting's chat export: a zip archive holding one `chat.csv`.

The CSV has no header row and four columns (date, email, nickname,
message). Messages may contain commas, quotes and newlines, so records are
read with the csv module, never split by line. Dates are English 12-hour
text in the room's local time without an offset. A record that cannot be
read (too few columns, a date that does not parse) is left out and listed
in the result's `skipped`. A CSV syntax error rejects the whole export,
because the records after it cannot be trusted.

The archive comes from the network, so it is checked before anything is
expanded: the number of entries, each entry's declared size and its
compression ratio. The entry is then read in chunks with a cap, because
declared sizes can lie.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile

from . import types
from .fields import PayloadError, as_datetime, as_email
from .parsing import skipped_item

CHAT_ENTRY_NAME = "chat.csv"
# The export contains one entry. A few more are tolerated, thousands are not.
MAX_ENTRIES = 16
# A chat of a full-day webinar with thousands of messages stays far below
# this.
MAX_UNCOMPRESSED_BYTES = 32 * 1024 * 1024
# Text compresses well, but not by more than this outside of crafted archives.
# The ratio is checked only for entries large enough to matter.
MAX_COMPRESSION_RATIO = 200
RATIO_CHECK_MIN_BYTES = 1024 * 1024
_READ_CHUNK_BYTES = 64 * 1024


def parse_chat_export(
    archive: bytes,
    room_zone: dt.tzinfo,
    *,
    max_uncompressed_bytes: int = MAX_UNCOMPRESSED_BYTES,
) -> types.ItemList[types.ChatMessage]:
    """Unzip the export safely and return its messages in order."""
    csv_bytes = extract_chat_csv(archive, max_uncompressed_bytes=max_uncompressed_bytes)
    try:
        text = csv_bytes.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise PayloadError("chat.csv is not valid UTF-8") from exc
    return parse_chat_csv(text, room_zone)


def extract_chat_csv(
    archive: bytes, *, max_uncompressed_bytes: int = MAX_UNCOMPRESSED_BYTES
) -> bytes:
    """Return the bytes of `chat.csv` after checking the archive's proportions."""
    try:
        with zipfile.ZipFile(io.BytesIO(archive)) as zip_file:
            entries = zip_file.infolist()
            _check_entries(entries, max_uncompressed_bytes)
            entry = _chat_entry(entries)
            return _read_capped(zip_file, entry, max_uncompressed_bytes)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError) as exc:
        raise PayloadError(
            f"the chat export is not a valid zip archive ({exc})"
        ) from exc
    except NotImplementedError as exc:
        # Raised for compression methods the zipfile module cannot read.
        raise PayloadError(
            f"the chat export uses an unsupported format ({exc})"
        ) from exc


def _check_entries(entries: list[zipfile.ZipInfo], max_bytes: int) -> None:
    if not entries:
        raise PayloadError("the chat export archive is empty")
    if len(entries) > MAX_ENTRIES:
        raise PayloadError(
            f"the chat export contains {len(entries)} entries (at most {MAX_ENTRIES} "
            "accepted)"
        )
    total = sum(entry.file_size for entry in entries)
    if total > max_bytes:
        raise PayloadError(
            f"the chat export expands to {total} bytes (at most {max_bytes} accepted)"
        )
    for entry in entries:
        if entry.flag_bits & 0x1:
            raise PayloadError("the chat export is encrypted")
        if entry.file_size < RATIO_CHECK_MIN_BYTES:
            continue
        ratio = entry.file_size / max(entry.compress_size, 1)
        if ratio > MAX_COMPRESSION_RATIO:
            raise PayloadError(
                f"the chat export entry {entry.filename!r} has a compression ratio "
                f"of {ratio:.0f}:1 (at most {MAX_COMPRESSION_RATIO}:1 accepted)"
            )


def _chat_entry(entries: list[zipfile.ZipInfo]) -> zipfile.ZipInfo:
    files = [entry for entry in entries if not entry.is_dir()]
    for entry in files:
        if entry.filename.rsplit("/", 1)[-1].lower() == CHAT_ENTRY_NAME:
            return entry
    if len(files) == 1:
        return files[0]
    raise PayloadError("the chat export contains no chat.csv")


def _read_capped(
    zip_file: zipfile.ZipFile, entry: zipfile.ZipInfo, max_bytes: int
) -> bytes:
    chunks: list[bytes] = []
    total = 0
    with zip_file.open(entry) as stream:
        while chunk := stream.read(_READ_CHUNK_BYTES):
            total += len(chunk)
            if total > max_bytes or total > entry.file_size:
                raise PayloadError(
                    f"the chat export entry {entry.filename!r} expands beyond its "
                    "declared or allowed size"
                )
            chunks.append(chunk)
    return b"".join(chunks)


def parse_chat_csv(
    text: str, room_zone: dt.tzinfo
) -> types.ItemList[types.ChatMessage]:
    """Parse chat.csv text; each record is date, email, nickname, message.

    A message's `position` is its record's index, counting skipped records,
    so positions stay the same when a bad record is later fixed.
    """
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    messages = types.ItemList()
    index = 0
    try:
        for record in reader:
            if not record or record == [""]:
                continue
            try:
                messages.append(
                    _chat_message(record, index, reader.line_num, room_zone)
                )
            except PayloadError as exc:
                messages.skipped.append(skipped_item(index, exc))
            index += 1
    except csv.Error as exc:
        raise PayloadError(f"chat.csv line {reader.line_num}: {exc}") from exc
    return messages


def _chat_message(
    record: list[str], position: int, line_number: int, room_zone: dt.tzinfo
) -> types.ChatMessage:
    if len(record) < 4:
        raise PayloadError(
            f"chat.csv line {line_number} has {len(record)} columns, expected 4"
        )
    # A fifth or later column can only come from an unquoted comma in the
    # message, so those columns are joined back into it.
    date_text, email, nickname = record[0], record[1], record[2]
    message = ",".join(record[3:])
    sent_at = as_datetime(date_text, f"chat.csv line {line_number} date", room_zone)
    if sent_at is None:
        raise PayloadError(f"chat.csv line {line_number} has no date")
    return types.ChatMessage(
        position=position,
        sent_at=sent_at,
        email=as_email(email),
        nickname=nickname,
        message=message,
    )
