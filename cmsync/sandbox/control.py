"""The control interface under /_sandbox/: JSON in and out, loopback only.

Tests and demos use it to reset and seed the account, hold meetings, read
the invitations the API recorded, inject faults and read the request log.
`control_client.SandboxControl` wraps every path for Python callers.
"""

import dataclasses
import logging
import re
from fnmatch import fnmatchcase

from .faults import (
    KIND_DESCRIPTIONS,
    PARAMETER_DESCRIPTIONS,
    PATH_PATTERNS,
    FaultError,
    build_fault,
)
from .http import Request, Response, plain_json_response
from .seed import seed_bench, seed_demo
from .serializers import Context
from .simulation import MeetingOptions, simulate_meeting
from .state import Options

logger = logging.getLogger(__name__)

LOOPBACK_ADDRESSES = ("127.0.0.1", "::1", "::ffff:127.0.0.1")
MAX_BENCH_ROWS = 2_000_000
SIMULATE_PATH_RE = re.compile(r"^conferences/(\d+)/simulate$")
PATHS = {
    "GET /_sandbox/": "this overview",
    "GET /_sandbox/state": "counts of what the account holds, and its rooms",
    "POST /_sandbox/reset": "empty the account, faults, options and request log",
    "POST /_sandbox/seed/demo": "add the demo rooms, sessions and files",
    "POST /_sandbox/seed/bench": '{"meetings": M, "attendees": A}',
    "POST /_sandbox/conferences/{id}/simulate": (
        "hold a meeting in room {id}; JSON body of simulate_options, all optional"
    ),
    "GET /_sandbox/invitations": "invitation e-mails recorded instead of sent",
    "GET|POST|DELETE /_sandbox/faults": (
        "list, add (JSON body of fault parameters) or clear injected faults"
    ),
    "GET|DELETE /_sandbox/requests": "read (?path=pattern) or clear the request log",
    "GET|POST /_sandbox/options": "read or change payload variants",
}

# Options of POST /_sandbox/conferences/{id}/simulate, as MeetingOptions reads them.
SIMULATE_OPTIONS = {
    "attendees": "attendees with e-mail: a count of generated ones "
    "(attendee001@example.com, ...) or a list of e-mails or of person dicts "
    "as in people (default 5)",
    "people": "person dicts that attend before `attendees`, with keys email, "
    "nickname, role (host, presenter, listener) and polls (false: no poll "
    "answers) (default [])",
    "phone_attendees": "attendees who dial in by phone, with an empty e-mail "
    "(default 1)",
    "guests": "guests without e-mail, null in the API (default 1)",
    "email_variants": "change the case of, or add spaces around, every third "
    "e-mail, as people type them (default true)",
    "start": "ISO 8601 start of the session with a UTC offset (default: the "
    "room's start if the session would have ended by now, else now minus the "
    "duration)",
    "duration_minutes": "length of the session in minutes (default: the room's "
    "duration, else 60)",
    "registrations": "register the attendees with e-mail, except every fourth, "
    "with custom fields (default: whether the room has registration enabled)",
    "chat_messages": "number of chat messages (default 6)",
    "polls": "accepted for compatibility but has no effect: every other "
    "attendee with e-mail answers the poll unless their person dict says "
    '"polls": false',
    "recordings": "number of recordings of the session (default 1)",
    "files": "number of library files added to the room (default 1)",
    "close_room": "make a room that is not permanent inactive afterwards "
    "(default false)",
    "seed": "random seed, so the same call makes the same data (default: random)",
}


class ControlError(Exception):
    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status


def handle(request: Request, context: Context, path: str) -> Response:
    """Handle one control request; `path` is relative to /_sandbox/."""
    if request.remote_addr not in LOOPBACK_ADDRESSES:
        return plain_json_response({"error": "loopback clients only"}, 403)
    try:
        data = request.json() if request.method in ("POST", "PUT") else {}
        with context.state.lock:
            return plain_json_response(route(request, context, path, data))
    except ControlError as error:
        return plain_json_response({"error": str(error)}, error.status)
    except (ValueError, TypeError, FaultError) as error:
        return plain_json_response({"error": str(error)}, 400)


def route(request: Request, context: Context, path: str, data: dict):
    state = context.state
    key = f"{request.method} {path}"
    simulate_match = SIMULATE_PATH_RE.match(path)
    if simulate_match and request.method == "POST":
        return simulate(context, int(simulate_match.group(1)), data)
    if key == "GET ":
        return overview()
    if key == "GET state":
        return state_summary(context)
    if key == "POST reset":
        state.reset()
        logger.info("Sandbox state reset")
        return {"status": "OK"}
    if key == "POST seed/demo":
        return seed_demo(state)
    if key == "POST seed/bench":
        return bench(context, data)
    if key == "GET invitations":
        return {"invitations": list(state.invitations)}
    if path == "faults":
        return faults(context, request.method, data)
    if path == "requests":
        return requests_log(context, request)
    if path == "options":
        return options(context, request.method, data)
    raise ControlError(404, f"unknown control path: {request.method} /_sandbox/{path}")


def overview() -> dict:
    return {
        "paths": PATHS,
        "simulate_options": SIMULATE_OPTIONS,
        "faults": {
            "kinds": KIND_DESCRIPTIONS,
            "parameters": PARAMETER_DESCRIPTIONS,
            "path_patterns": PATH_PATTERNS,
        },
    }


def state_summary(context: Context) -> dict:
    state = context.state
    for room in state.rooms.values():
        state.refresh_room_status(room)
    return {
        "api_key": state.api_key,
        "endpoint": f"{context.base_url}/v1/",
        "rooms": [
            {"id": room.id, "name": room.name, "status": room.status}
            for room in sorted(state.rooms.values(), key=lambda room: room.id)
        ],
        "sessions": len(state.sessions),
        "attendees": sum(len(s.attendees) for s in state.sessions.values()),
        "registrations": len(state.registrations),
        "chat_messages": len(state.chat_messages),
        "recordings": len(state.recordings),
        "files": len(state.files),
        "tokens": len(state.tokens),
        "invitations": len(state.invitations),
        "contacts": len(state.contacts),
    }


def simulate(context: Context, room_id: int, data: dict) -> dict:
    room = context.state.rooms.get(room_id)
    if room is None:
        raise ControlError(404, f"room {room_id} not found")
    summary = simulate_meeting(context.state, room, MeetingOptions.from_dict(data))
    logger.info(
        "Sandbox held a meeting in room %s: session %s", room_id, summary["session_id"]
    )
    return summary


def bench(context: Context, data: dict) -> dict:
    meetings = data.get("meetings")
    attendees = data.get("attendees")
    if not isinstance(meetings, int) or not isinstance(attendees, int):
        raise ControlError(400, "meetings and attendees must be whole numbers")
    if meetings < 1 or attendees < 1 or meetings * attendees > MAX_BENCH_ROWS:
        raise ControlError(
            400, f"need meetings >= 1, attendees >= 1, product <= {MAX_BENCH_ROWS}"
        )
    return seed_bench(context.state, meetings, attendees)


def faults(context: Context, method: str, data: dict) -> dict:
    state = context.state
    if method == "POST":
        fault = build_fault(data)
        if fault.kind == "expired_url":
            state.expired_urls_pending += fault.count
        else:
            state.faults.append(fault)
        logger.info(
            "Sandbox fault added: %s x%s on %s", fault.kind, fault.count, fault.path
        )
    elif method == "DELETE":
        state.faults.clear()
        state.expired_urls_pending = 0
    elif method != "GET":
        raise ControlError(405, "use GET, POST or DELETE on /_sandbox/faults")
    return {
        "faults": [fault.as_dict() for fault in state.faults],
        "expired_urls_pending": state.expired_urls_pending,
    }


def requests_log(context: Context, request: Request) -> dict:
    state = context.state
    if request.method == "DELETE":
        state.request_log.clear()
        state.api_request_count = 0
        return {"count": 0, "requests": []}
    if request.method != "GET":
        raise ControlError(405, "use GET or DELETE on /_sandbox/requests")
    pattern = request.query.get("path")
    entries = state.request_log
    if isinstance(pattern, str) and pattern:
        entries = [e for e in entries if fnmatchcase(e["api_path"], pattern)]
        return {"count": len(entries), "requests": entries}
    return {"count": state.api_request_count, "requests": entries}


def options(context: Context, method: str, data: dict) -> dict:
    state = context.state
    if method == "POST":
        changed = dataclasses.asdict(state.options)
        for name, value in data.items():
            if name not in changed:
                raise ControlError(400, f"unknown option: {name}")
            if not isinstance(value, type(changed[name])):
                raise ControlError(
                    400, f"{name} must be a {type(changed[name]).__name__}"
                )
            allowed = Options.CHOICES.get(name)
            if allowed and value not in allowed:
                raise ControlError(400, f"{name} must be one of: {', '.join(allowed)}")
            changed[name] = value
        state.options = Options(**changed)
    elif method != "GET":
        raise ControlError(405, "use GET or POST on /_sandbox/options")
    return dataclasses.asdict(state.options)
