"""Make a room look as if a meeting took place in it.

One call adds a session with attendees (some dialled in by phone, so without
e-mail), registrations with custom fields, chat messages, poll responses,
ratings, recordings and files, with the awkward details real data has.
"""

import random
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from . import identifiers
from .exports import session_pdf
from .state import (
    Attendee,
    ChatMessage,
    LibraryFile,
    Recording,
    Registration,
    Room,
    SandboxState,
    Session,
)
from .timefmt import floor_minute, now

DEVICES = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko)"
    " Chrome/122.0.0.0 Safari/537.36",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10.15; rv:123.0) Gecko/20100101"
    " Firefox/123.0",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_3 like Mac OS X) AppleWebKit/605.1.15"
    " (KHTML, like Gecko) Version/17.3 Mobile/15E148 Safari/604.1",
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko)"
    " Chrome/121.0.0.0 Safari/537.36",
)
CUSTOM_REGISTRATION_FIELDS = {
    "4": "Company",
    "5": "Job title",
    "6": "How did you hear about us?",
}
HEARD_FROM = (
    "Newsletter",
    'A colleague said "you have to see this"',
    "LinkedIn, then your website",
    "Конференция",
)
COMPANIES = ("Northwind Analytics", "Kowalczyk & Partners", "Okafor Logistics, Ltd.")
JOB_TITLES = ("Head of Sales", "Data Engineer", "COO", "Analyst")
CHAT_LINES = (
    "Welcome everyone, we start in two minutes",
    "Hi! Audio is fine here, video a bit laggy",
    'Q: does the "pro" plan include exports?\nAnd is there an API for it?',
    "path is C:\\exports\\q1, right?",
    "Привет",
    "thanks",
    "Can you share the slides, please?",
    "Great session, see you next week",
)
RATING_COMMENTS = (
    'Great demo!\nCould you share the slides, "final" version?',
    "Useful, but a bit long",
    "",
    None,
)
POLL = {
    "name": "Quick poll",
    "questions": (
        ("How useful was this session?", ("Very useful", "Somewhat", "Not at all")),
        ("Which topics next?", ("Reporting", "Integrations", "Pricing, plans")),
    ),
}
BYTES_PER_RECORDED_SECOND = 2_000


@dataclass
class MeetingOptions:
    """Options of `simulate_meeting`, each with a realistic default."""

    attendees: object = 5
    phone_attendees: int = 1
    guests: int = 1
    email_variants: bool = True
    start: datetime | None = None
    duration_minutes: int | None = None
    registrations: bool | None = None
    chat_messages: int = 6
    polls: bool = True
    recordings: int = 1
    files: int = 1
    close_room: bool = False
    seed: int | None = None
    people: list = field(default_factory=list)

    @classmethod
    def from_dict(cls, data: dict) -> "MeetingOptions":
        known = set(cls.__dataclass_fields__)
        unknown = sorted(set(data) - known)
        if unknown:
            raise ValueError(f"unknown simulation options: {', '.join(unknown)}")
        options = cls(**data)
        if isinstance(options.start, str):
            options.start = datetime.fromisoformat(options.start)
        if options.start is not None and options.start.tzinfo is None:
            raise ValueError("start must carry a UTC offset")
        return options


def simulate_meeting(state: SandboxState, room: Room, options: MeetingOptions) -> dict:
    """Add one session that took place in `room`; return a summary of what was made."""
    rng = random.Random(options.seed)  # noqa: S311 - fake data, not secrets
    start, end = session_window(room, options)
    session = Session(
        id=state.session_ids.next(),
        room_id=room.id,
        start=start,
        end=end,
        pdf_code=identifiers.alphanumeric(6, rng),
    )
    people = planned_people(options, rng)
    session.attendees = [
        make_attendee(state, room, person, start, end, position, rng)
        for position, person in enumerate(people)
    ]
    state.sessions[session.id] = session

    registrations = add_registrations(state, room, session, people, options, rng)
    chat_count = add_chat(state, session, options.chat_messages, rng)
    recordings = [
        add_recording(state, room, session, rng) for _ in range(options.recordings)
    ]
    files = [add_file(state, room, session, index) for index in range(options.files)]
    if options.close_room and not room.permanent_room:
        room.status = "inactive"
    room.updated_at = max(room.updated_at, min(end, now()))

    return {
        "room_id": room.id,
        "session_id": session.id,
        "start_date": start.isoformat(),
        "end_date": end.isoformat(),
        "attendees": len(session.attendees),
        "attendees_with_email": sum(1 for a in session.attendees if a.email),
        "attendees_without_email": sum(1 for a in session.attendees if not a.email),
        "emails": [a.email for a in session.attendees if a.email],
        "registrations": registrations,
        "chat_messages": chat_count,
        "poll_answers": sum(len(a.polls) for a in session.attendees),
        "recording_ids": [recording.id for recording in recordings],
        "file_ids": [library_file.id for library_file in files],
    }


def session_window(room: Room, options: MeetingOptions) -> tuple[datetime, datetime]:
    """Use the given start, else the room's start if it has passed, else end now."""
    if options.duration_minutes is not None:
        duration = timedelta(minutes=max(int(options.duration_minutes), 1))
    else:
        duration = room.duration or timedelta(hours=1)
    if options.start is not None:
        start = options.start
    elif room.starts_at is not None and room.starts_at + duration <= now():
        start = room.starts_at
    else:
        start = now() - duration
    start = floor_minute(start.astimezone(UTC))
    return start, floor_minute(start + duration)


def planned_people(options: MeetingOptions, rng: random.Random) -> list[dict]:
    """List who attends: people with e-mail, then phone dial-ins and guests."""
    people = [dict(person) for person in options.people]
    if isinstance(options.attendees, list):
        people += [
            entry if isinstance(entry, dict) else {"email": entry}
            for entry in options.attendees
        ]
    else:
        people += [
            {"email": f"attendee{number:03d}@example.com"}
            for number in range(1, int(options.attendees) + 1)
        ]
    for position, person in enumerate(people):
        person.setdefault("nickname", nickname_from_email(person.get("email") or ""))
        if options.email_variants and person.get("email") and position % 3 == 1:
            person["email"] = email_variant(person["email"], position)
    for _ in range(options.phone_attendees):
        people.append(
            {
                "email": "",
                "nickname": f"+48 22 *** ** {rng.randint(10, 99)}",
                "phone": 1,
            }
        )
    for _ in range(options.guests):
        people.append({"email": None, "nickname": f"guest_{rng.randint(1000, 9999)}"})
    return people


def nickname_from_email(email: str) -> str:
    local_part = email.strip().split("@")[0]
    words = local_part.replace("_", ".").replace("-", ".").split(".")
    return " ".join(word.capitalize() for word in words if word) or "Guest"


def email_variant(email: str, position: int) -> str:
    """Change case or add spaces the way attendees type their address."""
    if position % 2:
        return f" {email.strip().title()} "
    return email.strip().upper()


def make_attendee(state, room, person, start, end, position, rng) -> Attendee:
    total = max(int((end - start).total_seconds() // 60), 1)
    joined = start + timedelta(
        minutes=0 if position == 0 else rng.randint(0, total // 4)
    )
    left = end - timedelta(minutes=0 if position == 0 else rng.randint(0, total // 3))
    if left <= joined:
        left = joined + timedelta(minutes=1)
    attendee = Attendee(
        id=state.attendee_ids.next(),
        role=person.get("role") or default_role(room, position),
        nickname=person["nickname"],
        email=person.get("email"),
        start=joined,
        end=left,
        device="" if person.get("email") is None else rng.choice(DEVICES),
        user_ip=f"{rng.choice(('192.0.2', '198.51.100'))}.{rng.randint(1, 254)}",
    )
    if position > 0 and rng.random() < 0.5:
        attendee.rating = str(rng.randint(3, 5))
        attendee.rating_comment = rng.choice(RATING_COMMENTS)
    if attendee.email and person.get("polls", True) and position % 2 == 0:
        attendee.polls = poll_answers(rng)
    return attendee


def default_role(room: Room, position: int) -> str:
    if position == 0:
        return "host"
    if position == 1 and room.room_type == "webinar":
        return "presenter"
    return "listener"


def poll_answers(rng: random.Random) -> list[dict]:
    questions = [
        {
            "question": question,
            "answers": [{"points": 1, "value": rng.choice(choices)}],
        }
        for question, choices in POLL["questions"]
    ]
    return [{"name": POLL["name"], "questions": questions}]


def add_registrations(state, room, session, people, options, rng) -> int:
    wanted = (
        room.registration_enabled
        if options.registrations is None
        else options.registrations
    )
    if not wanted:
        return 0
    room.registration_fields.update(CUSTOM_REGISTRATION_FIELDS)
    known = {r.email.strip().lower() for r in state.room_registrations(room.id)}
    created = 0
    for position, person in enumerate(people):
        email = (person.get("email") or "").strip()
        if not email or email.lower() in known or position % 4 == 3:
            continue
        known.add(email.lower())
        registration = make_registration(state, room, session, person, email, rng)
        state.registrations[registration.id] = registration
        created += 1
    return created


def make_registration(state, room, session, person, email, rng) -> Registration:
    first, _, last = person["nickname"].partition(" ")
    registered = session.start - timedelta(
        days=rng.randint(1, 14), minutes=rng.randint(0, 600)
    )
    fields = {
        "First Name": first,
        "Last Name": last or first,
        "Email Address": email,
        "Company": rng.choice(COMPANIES),
        "Job title": rng.choice(JOB_TITLES),
        "How did you hear about us?": rng.choice(HEARD_FROM),
    }
    return Registration(
        id=state.registration_ids.next(),
        room_id=room.id,
        email=email,
        first_name=first,
        last_name=last or first,
        fields=fields,
        registered_at=registered,
        code=identifiers.registration_code(rng),
        confirmed_at=registered if rng.random() < 0.6 else None,
        session_id=session.id if rng.random() < 0.5 else None,
        http_referer=rng.choice((None, "https://www.example.org/webinars")),
    )


def add_chat(state, session: Session, count: int, rng: random.Random) -> int:
    # Phone dial-ins cannot type; everyone else may chat.
    speakers = [a for a in session.attendees if not a.nickname.startswith("+")]
    if not speakers:
        return 0
    for index in range(count):
        speaker = speakers[index % len(speakers)]
        sent_at = session.start + timedelta(
            minutes=index * 3 + 1, seconds=rng.randint(0, 59)
        )
        state.chat_messages.append(
            ChatMessage(
                session_id=session.id,
                sent_at=min(sent_at, session.end),
                email=(speaker.email or "").strip(),
                nickname=speaker.nickname,
                message=CHAT_LINES[index % len(CHAT_LINES)],
            )
        )
    return count


def add_recording(state, room, session, rng) -> Recording:
    started = session.start + timedelta(seconds=rng.randint(0, 90))
    duration = max(int((session.end - started).total_seconds()), 1)
    recording = Recording(
        id=state.recording_ids.next(),
        room_id=room.id,
        started=started,
        duration_seconds=duration,
        file_size=duration * BYTES_PER_RECORDED_SECOND,
        node=f"rec-lw-eu-{rng.randint(1, 4)}",
        storage_key=identifiers.hex_string(32, rng),
    )
    state.recordings[recording.id] = recording
    return recording


def add_file(state, room, session, index: int) -> LibraryFile:
    number = "" if index == 0 else f" {index + 1}"
    name = f"Agenda – {session.start:%B %Y} (final){number}.pdf"
    content = session_pdf(name, [f"Handout for room {room.id}"])
    library_file = LibraryFile(
        id=state.file_ids.next(),
        name=name,
        document_type="presentation_pdf",
        content=content,
        uploaded_at=session.start - timedelta(hours=1, minutes=index),
        stored_name=f"{int(session.start.timestamp())}{index:04d}.{len(content)}.pdf",
        room_ids={room.id},
    )
    state.files[library_file.id] = library_file
    return library_file
