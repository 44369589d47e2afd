"""Session calls (sessions, attendees, PDF report) and registrations."""

from .. import identifiers
from ..http import ApiError, FieldErrors, Request, json_response, not_found
from ..serializers import (
    Context,
    attendee_dict,
    pdf_status,
    registration_dict,
    registration_url,
    session_detail,
    session_summary,
)
from ..state import Registration, Room, Session
from ..timefmt import now
from ..validation import parse_email
from .conferences import find_room
from .routing import integer_id, router

PDF_LANGUAGE_CODES = ("en", "pl", "de", "es", "ru", "fr", "it", "pt")
REGISTRATION_STATUSES = ("all", "active")


def find_session(context: Context, room: Room, session_text: str) -> Session:
    session = context.state.sessions.get(integer_id(session_text, "Session"))
    if session is None or session.room_id != room.id:
        raise not_found("Session")
    return session


@router.add("GET", "conferences/{room}/sessions")
def list_sessions(request: Request, context: Context, room: str):
    found = find_room(context, room)
    sessions = context.state.room_sessions(found.id)
    return json_response([session_summary(s, found.timezone) for s in sessions])


@router.add("GET", "conferences/{room}/sessions/{session}")
def get_session(request: Request, context: Context, room: str, session: str):
    found = find_room(context, room)
    detail = session_detail(find_session(context, found, session), found, context)
    return json_response(detail)


@router.add("GET", "conferences/{room}/sessions/{session}/attendees")
def list_attendees(request: Request, context: Context, room: str, session: str):
    found = find_room(context, room)
    include_polls = context.state.options.include_polls
    attendees = find_session(context, found, session).attendees
    return json_response(
        [attendee_dict(a, found.timezone, include_polls) for a in attendees]
    )


@router.add("GET", "conferences/{room}/sessions/{session}/generate-pdf/{lang}")
def generate_pdf(request: Request, context: Context, room: str, session: str, lang):
    found_session = find_session(context, find_room(context, room), session)
    if lang not in PDF_LANGUAGE_CODES:
        raise ApiError(422, f"Unsupported language: {lang}", "lang")
    requests_so_far = found_session.pdf_requests.get(lang, 0) + 1
    found_session.pdf_requests[lang] = requests_so_far
    if not found_session.pdf_code:
        found_session.pdf_code = identifiers.alphanumeric(6)
    return json_response(pdf_status(found_session, lang, context))


@router.add("GET", "conferences/{room}/registrations/{status}")
def list_registrations(request: Request, context: Context, room: str, status: str):
    found = find_room(context, room)
    registrations = filter_registrations(context, found, status)
    return json_response([registration_dict(r, found, context) for r in registrations])


@router.add("GET", "conferences/{room}/sessions/{session}/registrations/{status}")
def list_session_registrations(
    request: Request, context: Context, room, session, status
):
    found = find_room(context, room)
    session_id = find_session(context, found, session).id
    registrations = [
        r
        for r in filter_registrations(context, found, status)
        if r.session_id == session_id
    ]
    return json_response([registration_dict(r, found, context) for r in registrations])


def filter_registrations(context: Context, room: Room, status: str) -> list:
    """Filter by status; "active" keeps confirmed registrations.

    NOTE: ClickMeeting does not document what "active" means; confirmed is a guess.
    """
    if status not in REGISTRATION_STATUSES:
        raise ApiError(
            422, f"Value is not one of: {', '.join(REGISTRATION_STATUSES)}", "status"
        )
    registrations = context.state.room_registrations(room.id)
    if status == "active":
        return [r for r in registrations if r.confirmed_at is not None]
    return registrations


@router.add("POST", "conferences/{room}/registration")
def register(request: Request, context: Context, room: str):
    found = find_room(context, room)
    if not found.registration_enabled:
        raise ApiError(422, "Registration is not enabled for this room", "registration")
    answers = request.params.get("registration")
    if not isinstance(answers, dict):
        answers = {}
    first_name, last_name, email = check_registration_answers(answers)
    for existing in context.state.room_registrations(found.id):
        if existing.email.lower() == email.lower():
            return registration_answer(existing, found, context, exists=True)
    registration = Registration(
        id=context.state.registration_ids.next(),
        room_id=found.id,
        email=email,
        first_name=first_name,
        last_name=last_name,
        fields=labelled_fields(found, answers),
        registered_at=now(),
        code=identifiers.registration_code(),
        confirmed_at=registration_confirmation(request.params),
    )
    context.state.registrations[registration.id] = registration
    return registration_answer(registration, found, context, exists=False)


def check_registration_answers(answers: dict) -> tuple[str, str, str]:
    errors = []
    names = []
    for field_id in ("1", "2"):
        value = answers.get(field_id)
        if not isinstance(value, str) or not value.strip():
            errors.append(
                {
                    "name": f"registration[{field_id}]",
                    "message": "Value is required and can't be empty",
                }
            )
        else:
            names.append(value.strip())
    email = parse_email(answers.get("3"))
    if email is None:
        errors.append({"name": "registration[3]", "message": "Invalid e-mail address"})
    if errors:
        raise FieldErrors(errors)
    return names[0], names[1], email


def labelled_fields(room: Room, answers: dict) -> dict:
    """Key the form values by field label, as the registration list returns them."""
    fields = {}
    for field_id, value in sorted(answers.items(), key=lambda item: item[0].zfill(4)):
        label = room.registration_fields.get(field_id, f"Field {field_id}")
        fields[label] = value.strip() if isinstance(value, str) else value
    return fields


def registration_confirmation(params: dict):
    confirmation = params.get("confirmation_email")
    enabled = isinstance(confirmation, dict) and confirmation.get("enabled") == "1"
    # Without a confirmation e-mail the registration counts as confirmed at once.
    return None if enabled else now()


def registration_answer(registration, room: Room, context: Context, exists: bool):
    return json_response(
        {
            "status": "OK",
            "exist": int(exists),
            "url": registration_url(registration, room, context),
            "r": registration.code,
        }
    )
