"""Save the sandbox account to a JSON file and load it back at the next start.

The file contains what the account stores (rooms, sessions with their attendees,
registrations, chat messages, tokens, recordings, files, autologin hashes,
recorded invitations, contacts), the next id of every id sequence, and the
options. Faults, the request log and the API key are not saved: they belong
to one run, and the key comes from the command line.
"""

import base64
import dataclasses
import json
import logging
import os
import tempfile
import types
import typing
from datetime import UTC, datetime, timedelta
from pathlib import Path

from .state import (
    ABSENT,
    AccessToken,
    AutologinGrant,
    ChatMessage,
    LibraryFile,
    Options,
    Recording,
    Registration,
    Room,
    SandboxState,
    Session,
)

logger = logging.getLogger(__name__)

FORMAT_NAME = "cmsync-clickmeeting-sandbox-state"
# Raise when a change to the records makes older files unreadable.
FORMAT_VERSION = 1
# Id sequence attribute of SandboxState -> key under "next_ids" in the file.
ID_SEQUENCES = {
    "room_ids": "rooms",
    "session_ids": "sessions",
    "attendee_ids": "attendees",
    "registration_ids": "registrations",
    "recording_ids": "recordings",
    "file_ids": "files",
}


class StateFileError(Exception):
    """Raised when the state file can be neither read nor moved aside."""


class IncompatibleStateError(ValueError):
    """Raised when a state file is valid JSON but not a state this code can load."""


class StateFile:
    """JSON file that keeps the sandbox state between runs."""

    def __init__(self, path: str | os.PathLike):
        self.path = Path(path)
        self.save_failing = False

    def load_into(self, state: SandboxState) -> bool:
        """Replace the state's records with the saved ones; return False if none.

        An unreadable or incompatible file is renamed to PATH.broken-<UTC time>
        and the state is left empty, so the caller seeds it as on a first start.
        """
        try:
            text = self.path.read_text(encoding="utf-8")
        except FileNotFoundError:
            logger.info("Sandbox state file %s not found; starting fresh", self.path)
            return False
        except UnicodeDecodeError as error:
            self.move_aside(error)
            return False
        except OSError as error:
            raise StateFileError(
                f"Cannot read the sandbox state file {self.path}: {error}"
            ) from error
        try:
            restore_state(state, json.loads(text))
        except (ValueError, TypeError, KeyError, AttributeError) as error:
            state.reset()
            self.move_aside(error)
            return False
        logger.info(
            "Sandbox state loaded from %s: %s rooms, %s sessions, %s invitations",
            self.path,
            len(state.rooms),
            len(state.sessions),
            len(state.invitations),
        )
        return True

    def move_aside(self, error: Exception) -> None:
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
        broken = self.path.with_name(f"{self.path.name}.broken-{stamp}")
        try:
            os.replace(self.path, broken)
        except OSError as move_error:
            raise StateFileError(
                f"The sandbox state file {self.path} cannot be loaded ({error}) "
                f"and cannot be moved aside ({move_error}); move or delete it."
            ) from move_error
        logger.warning(
            "Sandbox state file %s cannot be loaded (%s: %s); moved it to %s "
            "and starting fresh",
            self.path,
            type(error).__name__,
            error,
            broken,
        )

    def save(self, state: SandboxState) -> None:
        """Write the state to a temporary file in the same folder, then rename it
        over the file with os.replace, so readers find the old or the new state
        and never a partly written file.

        The caller holds `state.lock`, so concurrent saves cannot interleave.
        """
        text = json.dumps(state_document(state), ensure_ascii=False, indent=1)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        handle = tempfile.NamedTemporaryFile(  # noqa: SIM115 - closed below
            "w",
            encoding="utf-8",
            dir=self.path.parent,
            prefix=f"{self.path.name}.",
            suffix=".tmp",
            delete=False,
        )
        try:
            with handle:
                handle.write(text)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(handle.name, self.path)
        except BaseException:
            Path(handle.name).unlink(missing_ok=True)
            raise

    def save_logging_errors(self, state: SandboxState) -> None:
        """Save the state, and log a failed save instead of raising.

        Only the first failure of a series is logged, so a full disk does not
        add one error line per request.
        """
        try:
            self.save(state)
        except OSError as error:
            if not self.save_failing:
                logger.error(
                    "Saving the sandbox state to %s failed: %s; the sandbox keeps "
                    "serving and retries after the next change",
                    self.path,
                    error,
                )
            self.save_failing = True
            return
        if self.save_failing:
            logger.info("Saving the sandbox state to %s works again", self.path)
        self.save_failing = False


def state_document(state: SandboxState) -> dict:
    """Return the JSON-ready document of everything the file keeps."""
    return {
        "format": FORMAT_NAME,
        "version": FORMAT_VERSION,
        "saved_at": datetime.now(UTC).isoformat(),
        "next_ids": {
            key: getattr(state, attribute).next_value
            for attribute, key in ID_SEQUENCES.items()
        },
        "options": encode_record(state.options),
        "rooms": [encode_record(room) for room in state.rooms.values()],
        "sessions": [encode_record(session) for session in state.sessions.values()],
        "registrations": [encode_record(r) for r in state.registrations.values()],
        "chat_messages": [encode_record(m) for m in state.chat_messages],
        "tokens": [encode_record(token) for token in state.tokens],
        "recordings": [encode_record(r) for r in state.recordings.values()],
        "files": [encode_record(f) for f in state.files.values()],
        "autologin_grants": {
            autologin_hash: encode_record(grant)
            for autologin_hash, grant in state.autologin_grants.items()
        },
        "invitations": list(state.invitations),
        "contacts": dict(state.contacts),
    }


def restore_state(state: SandboxState, document) -> None:
    """Replace the state's records with those of a saved document.

    Raises IncompatibleStateError, TypeError or KeyError on a document that
    does not match this format. The state is then partly filled, so the
    caller must reset it.
    """
    if not isinstance(document, dict) or document.get("format") != FORMAT_NAME:
        raise IncompatibleStateError("not a sandbox state file")
    version = document.get("version")
    if version != FORMAT_VERSION:
        raise IncompatibleStateError(
            f"format version {version!r}, this sandbox reads version {FORMAT_VERSION}"
        )
    options = decode_record(Options, document["options"])
    for name, allowed in Options.CHOICES.items():
        if getattr(options, name) not in allowed:
            raise IncompatibleStateError(f"option {name} must be one of {allowed}")
    state.options = options
    state.rooms = records_by_id(Room, document["rooms"])
    state.sessions = records_by_id(Session, document["sessions"])
    state.registrations = records_by_id(Registration, document["registrations"])
    state.recordings = records_by_id(Recording, document["recordings"])
    state.files = records_by_id(LibraryFile, document["files"])
    state.chat_messages = decode_list(ChatMessage, document["chat_messages"])
    state.tokens = decode_list(AccessToken, document["tokens"])
    state.autologin_grants = {
        require_type(autologin_hash, str, "autologin hash"): decode_record(
            AutologinGrant, grant
        )
        for autologin_hash, grant in require_type(
            document["autologin_grants"], dict, "autologin_grants"
        ).items()
    }
    state.invitations = require_type(document["invitations"], list, "invitations")
    state.contacts = require_type(document["contacts"], dict, "contacts")
    restore_id_sequences(state, require_type(document["next_ids"], dict, "next_ids"))


def restore_id_sequences(state: SandboxState, next_ids: dict) -> None:
    """Continue every sequence after both the saved counter and the largest id
    in use, so no id is handed out twice even if the counter was edited."""
    used_ids = {
        "room_ids": state.rooms.keys(),
        "session_ids": state.sessions.keys(),
        "attendee_ids": [
            attendee.id
            for session in state.sessions.values()
            for attendee in session.attendees
        ],
        "registration_ids": state.registrations.keys(),
        "recording_ids": state.recordings.keys(),
        "file_ids": state.files.keys(),
    }
    for attribute, key in ID_SEQUENCES.items():
        saved_next = require_type(next_ids[key], int, f"next_ids.{key}")
        getattr(state, attribute).continue_after(saved_next - 1, used_ids[attribute])


def encode_record(record) -> dict:
    """Turn a state dataclass into JSON-ready values; ABSENT fields are left out."""
    encoded = {}
    for record_field in dataclasses.fields(record):
        value = getattr(record, record_field.name)
        if value is not ABSENT:
            encoded[record_field.name] = encode_value(value)
    return encoded


def encode_value(value):
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, timedelta):
        return value.total_seconds()
    if isinstance(value, bytes):
        return base64.b64encode(value).decode("ascii")
    if isinstance(value, set):
        return sorted(value)
    if dataclasses.is_dataclass(value):
        return encode_record(value)
    if isinstance(value, list):
        return [encode_value(item) for item in value]
    if isinstance(value, dict):
        return {key: encode_value(item) for key, item in value.items()}
    return value


def records_by_id(record_type, items) -> dict:
    records = decode_list(record_type, items)
    by_id = {record.id: record for record in records}
    if len(by_id) != len(records):
        raise IncompatibleStateError(f"duplicate ids among {record_type.__name__}")
    return by_id


def decode_list(record_type, items) -> list:
    require_type(items, list, f"{record_type.__name__} list")
    return [decode_record(record_type, item) for item in items]


def decode_record(record_type, data):
    """Build a state dataclass from its encoded form, checking each value's type.

    A field missing from `data` takes the dataclass default (ABSENT for
    `Room.description`); a missing field without default raises TypeError.
    """
    name = record_type.__name__
    require_type(data, dict, name)
    hints = typing.get_type_hints(record_type)
    known = {record_field.name for record_field in dataclasses.fields(record_type)}
    unknown = set(data) - known
    if unknown:
        raise IncompatibleStateError(f"unknown {name} fields: {sorted(unknown)}")
    values = {
        field_name: decode_value(hints[field_name], value, f"{name}.{field_name}")
        for field_name, value in data.items()
    }
    return record_type(**values)


def decode_value(hint, value, where: str):
    if hint is object:
        return value
    if isinstance(hint, types.UnionType):
        if value is None:
            return None
        hint = next(arg for arg in typing.get_args(hint) if arg is not type(None))
    if typing.get_origin(hint) is list:
        (item_type,) = typing.get_args(hint)
        require_type(value, list, where)
        return [decode_record(item_type, item) for item in value]
    if hint is datetime:
        moment = datetime.fromisoformat(require_type(value, str, where))
        if moment.tzinfo is None:
            raise IncompatibleStateError(f"{where} has no time zone: {value}")
        return moment
    if hint is timedelta:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise IncompatibleStateError(f"{where} must be a number of seconds")
        return timedelta(seconds=value)
    if hint is bytes:
        return base64.b64decode(require_type(value, str, where), validate=True)
    if hint is set:
        return set(require_type(value, list, where))
    return require_type(value, hint, where)


def require_type(value, expected: type, where: str):
    # bool is a subclass of int, but a bool where an id belongs is a broken file.
    if not isinstance(value, expected) or (expected is int and isinstance(value, bool)):
        raise IncompatibleStateError(
            f"{where} must be {expected.__name__}, not {type(value).__name__}"
        )
    return value
