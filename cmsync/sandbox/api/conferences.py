"""Conference (room) calls: list, read, create, update, delete, join links."""

import logging
from datetime import timedelta

from .. import identifiers
from ..formdata import as_list
from ..http import ApiError, FieldErrors, Request, json_response, not_found
from ..serializers import Context, room_dict, token_dict
from ..state import AccessToken, AutologinGrant, Room
from ..timefmt import floor_minute, now
from ..validation import ConferenceParams, parse_email, unique_slug
from .routing import integer_id, router

logger = logging.getLogger(__name__)

ROLES = ("listener", "presenter", "host")
DEFAULT_TIMEZONE = "Europe/Warsaw"
ROOM_DEFAULT_DURATION = timedelta(hours=1)
# NOTE: ClickMeeting's limit on `how_many` is unknown; 1000 is the sandbox's.
MAX_TOKENS_PER_CALL = 1000
INVITATION_LANGUAGES = (
    "en pl de es fr it pt ru nl tr cs sk hu ro uk ja zh ko ar he sv da fi no"
).split()


def find_room(context: Context, room_text: str) -> Room:
    room = context.state.rooms.get(integer_id(room_text, "Conference"))
    if room is None:
        raise not_found("Conference")
    context.state.refresh_room_status(room)
    return room


def rooms_by_status(context: Context, status: str) -> list[Room]:
    rooms = sorted(context.state.rooms.values(), key=lambda room: room.id)
    for room in rooms:
        context.state.refresh_room_status(room)
    return [room for room in rooms if room.status == status]


def page_number(request: Request) -> int:
    """Read `page` leniently: the official PHP client sends `page=1.json`."""
    text = request.query.get("page", "1")
    digits = ""
    for character in text if isinstance(text, str) else "":
        if not character.isdigit():
            break
        digits += character
    return max(int(digits), 1) if digits else 1


@router.add("GET", "conferences/{status}")
def list_conferences(request: Request, context: Context, status: str):
    if status not in ("active", "inactive"):
        return get_conference(request, context, room=status)
    size = context.state.options.page_size
    first = (page_number(request) - 1) * size
    rooms = rooms_by_status(context, status)[first : first + size]
    return json_response([room_dict(room, context) for room in rooms])


@router.add("GET", "conferences")
def list_all_conferences(request: Request, context: Context):
    return json_response(
        {
            "active_conferences": [
                room_dict(room, context) for room in rooms_by_status(context, "active")
            ],
            "inactive_conferences": [
                room_dict(room, context)
                for room in rooms_by_status(context, "inactive")
            ],
        }
    )


def get_conference(request: Request, context: Context, room: str):
    found = find_room(context, room)
    return json_response({"conference": room_dict(found, context)})


@router.add("POST", "conferences")
def create_conference(request: Request, context: Context):
    state = context.state
    values = ConferenceParams(request.params, state).validate()
    values.setdefault("timezone", DEFAULT_TIMEZONE)
    if not values["permanent_room"]:
        values.setdefault("starts_at", floor_minute(now()))
        values.setdefault("duration", ROOM_DEFAULT_DURATION)
    values.setdefault("description", "")
    name_url = values.pop("name_url", None) or unique_slug(values["name"], state)
    room = state.new_room(name_url=name_url, **values)
    logger.info("Sandbox created room %s (%s)", room.id, room.room_type)
    return json_response({"room": room_dict(room, context)})


@router.add("PUT", "conferences/{room}")
def update_conference(request: Request, context: Context, room: str):
    found = find_room(context, room)
    values = ConferenceParams(request.params, context.state, found).validate()
    for key, value in values.items():
        setattr(found, key, value)
    if found.permanent_room:
        found.starts_at = None
        found.duration = None
    elif found.starts_at is None:
        found.starts_at = floor_minute(now())
        found.duration = found.duration or ROOM_DEFAULT_DURATION
    elif found.duration is None:
        found.duration = ROOM_DEFAULT_DURATION
    if found.access_type != 2:
        found.password = None
    if "status" not in values and found.ends_at and found.ends_at > now():
        found.status = "active"
    found.updated_at = now()
    return json_response({"conference": room_dict(found, context)})


@router.add("DELETE", "conferences/{room}")
def delete_conference(request: Request, context: Context, room: str):
    style = context.state.options.delete_style
    room_id = int(room) if room.isdigit() else None
    if room_id is None or room_id not in context.state.rooms:
        if style == "string":
            return json_response("404 Not Found", 404)
        raise not_found("Conference")
    context.state.delete_room(room_id)
    logger.info("Sandbox deleted room %s", room_id)
    if style == "string":
        return json_response("200 OK")
    return json_response({"result": "OK"})


@router.add("POST", "conferences/{room}/room/autologin_hash")
def create_autologin_hash(request: Request, context: Context, room: str):
    found = find_room(context, room)
    params = request.params
    errors = []
    email = parse_email(params.get("email"))
    if email is None:
        errors.append({"name": "email", "message": "Invalid e-mail address"})
    nickname = params.get("nickname")
    if not isinstance(nickname, str) or not nickname.strip():
        errors.append(
            {"name": "nickname", "message": "Value is required and can't be empty"}
        )
    role = params.get("role")
    if role not in ROLES:
        errors.append(
            {"name": "role", "message": f"Value is not one of: {', '.join(ROLES)}"}
        )
    if not errors and role != "host":
        errors.extend(check_room_credentials(context, found, params, email))
    if errors:
        raise FieldErrors(errors)
    autologin_hash = identifiers.autologin_hash()
    context.state.autologin_grants[autologin_hash] = AutologinGrant(
        found.id, email, nickname.strip(), role, now()
    )
    return json_response({"autologin_hash": autologin_hash})


def check_room_credentials(context, room: Room, params: dict, email: str) -> list:
    """Check the password or token a listener or presenter must bring.

    NOTE: whether ClickMeeting also requires them from hosts is unconfirmed.
    The sandbox lets hosts in without them, so "join as host" works everywhere.
    """
    if room.access_type == 2:
        if params.get("password") != room.password:
            return [{"name": "password", "message": "Invalid room password"}]
    if room.access_type == 3:
        token_text = params.get("token")
        for token in context.state.room_tokens(room.id):
            if token.token == token_text and token.first_use_date is None:
                token.first_use_date = now()
                token.sent_to_email = token.sent_to_email or email
                return []
        return [{"name": "token", "message": "Invalid or already used token"}]
    return []


@router.add("GET", "conferences/{room}/tokens")
def list_tokens(request: Request, context: Context, room: str):
    found = find_room(context, room)
    tokens = context.state.room_tokens(found.id)
    return json_response({"access_tokens": [token_entry(t, found) for t in tokens]})


@router.add("POST", "conferences/{room}/tokens")
def generate_tokens(request: Request, context: Context, room: str):
    found = find_room(context, room)
    how_many = request.params.get("how_many")
    if not isinstance(how_many, str) or not how_many.strip().isdigit():
        raise ApiError(422, "Value must be a whole number", "how_many")
    count = int(how_many)
    if not 1 <= count <= MAX_TOKENS_PER_CALL:
        raise ApiError(
            422, f"Value must be between 1 and {MAX_TOKENS_PER_CALL}", "how_many"
        )
    if found.access_type != 3:
        raise ApiError(422, "Room is not protected by tokens", "access_type")
    created = [new_token(context, found) for _ in range(count)]
    return json_response({"access_tokens": [token_entry(t, found) for t in created]})


def new_token(context: Context, room: Room) -> AccessToken:
    existing = {token.token for token in context.state.tokens}
    text = identifiers.access_token()
    while text in existing:
        text = identifiers.access_token()
    token = AccessToken(text, room.id)
    context.state.tokens.append(token)
    return token


def token_entry(token: AccessToken, room: Room) -> dict:
    return token_dict(token, room.timezone)


@router.add("POST", "conferences/{room}/invitation/email/{lang}")
def send_invitations(request: Request, context: Context, room: str, lang: str):
    found = find_room(context, room)
    params = request.params
    errors, addresses = invitation_addresses(params.get("attendees"))
    role = params.get("role", "listener")
    if role not in ROLES:
        errors.append(
            {"name": "role", "message": f"Value is not one of: {', '.join(ROLES)}"}
        )
    template = params.get("template", "basic")
    if template not in ("basic", "advanced"):
        errors.append(
            {"name": "template", "message": "Value is not one of: basic, advanced"}
        )
    if lang not in INVITATION_LANGUAGES:
        errors.append({"name": "lang", "message": f"Unsupported language: {lang}"})
    if errors:
        raise FieldErrors(errors)
    for address in addresses:
        record_invitation(context, found, address, role, lang, template)
    logger.info("Sandbox recorded %s invitations for room %s", len(addresses), found.id)
    return json_response({"status": "OK"})


def invitation_addresses(attendees) -> tuple[list, list]:
    entries = as_list(attendees)
    if not entries:
        message = "At least one attendee e-mail is required"
        return [{"name": "attendees", "message": message}], []
    errors, addresses = [], []
    for position, entry in enumerate(entries):
        value = entry.get("email") if isinstance(entry, dict) else entry
        address = parse_email(value)
        if address is None:
            errors.append(
                {
                    "name": f"attendees[{position}][email]",
                    "message": f"Invalid e-mail address: {value!r}",
                }
            )
        else:
            addresses.append(address)
    return errors, addresses


def record_invitation(context, room: Room, address, role, lang, template) -> None:
    """Store the e-mail ClickMeeting would send; token rooms hand out one token each."""
    token_text = None
    join_url = context.room_url(room)
    if room.access_type == 3:
        token = next(
            (
                t
                for t in context.state.room_tokens(room.id)
                if t.sent_to_email is None and t.first_use_date is None
            ),
            None,
        ) or new_token(context, room)
        token.sent_to_email = address
        token_text = token.token
    context.state.invitations.append(
        {
            "room_id": room.id,
            "room_name": room.name,
            "email": address,
            "role": role,
            "lang": lang,
            "template": template,
            "sent_at": now().isoformat(),
            "join_url": join_url,
            "token": token_text,
            "includes_password": room.access_type == 2,
        }
    )
