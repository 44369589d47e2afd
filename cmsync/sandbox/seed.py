"""Seed data: a small demo account, or a large one for benchmarks.

The demo attendees overlap the demo CRM people on purpose (same addresses,
some in other case or with spaces), and add people the CRM does not know, so
a sync creates leads for them.
"""

import random
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from .exports import session_pdf
from .simulation import MeetingOptions, simulate_meeting
from .state import AccessToken, LibraryFile, Room, SandboxState
from .timefmt import now
from .validation import slug_from_name

DEMO_ZONE = "Europe/Warsaw"
DEMO_SEED = 2024
MARTA = {"email": "marta.kowalczyk@example.com", "nickname": "Marta Kowalczyk"}
DANIEL = {"email": "daniel.okafor@example.org", "nickname": "Daniel Okafor"}
ZOE = {"email": "zoe.lm@example.com", "nickname": "Zoë Łukasiewicz-Müller"}
TOM = {"email": "tom.oneill@example.com", "nickname": "Tom O'Neill"}
PRIYA = {"email": "priya.raman@example.com", "nickname": "Priya Raman"}
YAROSLAVA = {"email": "yaroslava.k@example.org", "nickname": "Ярослава"}
LUCIA = {"email": "lucia.fernandez@example.org", "nickname": "Lucía Fernández"}
CHEN = {"email": "chen.wei@example.com", "nickname": "Chen Wei"}
ANNA = {"email": "anna.nowak@example.com", "nickname": "Anna Nowak"}
ANNA_2 = {"email": "anna.nowak2@example.com", "nickname": "Anna N."}
DEMO_TOKENS = ("8PQYP6", "Y474R7", "DREW9W", "EKRPHW", "W7D8E9", "HGG8CD", "HHWQDG")


def local_time(days_from_today: int, hour: int, minute: int = 0) -> datetime:
    """Return a wall-clock time in the demo zone, `days_from_today` days away."""
    zone = ZoneInfo(DEMO_ZONE)
    day = now().astimezone(zone).date() + timedelta(days=days_from_today)
    return datetime.combine(day, time(hour, minute), tzinfo=zone)


def as_person(person: dict, **changes) -> dict:
    return {**person, **changes}


def add_room(state: SandboxState, name: str, created_days_ago: int, **values) -> Room:
    values.setdefault("timezone", DEMO_ZONE)
    created = now() - timedelta(days=created_days_ago, hours=3, minutes=17)
    return state.new_room(
        name=name,
        name_url=values.pop("name_url", None) or slug_from_name(name),
        created_at=created,
        **values,
    )


def seed_demo(state: SandboxState) -> dict:
    """Fill the account with a handful of realistic rooms; return their ids."""
    # A fixed seed keeps the demo pins and hashes the same from run to run.
    state.rng = random.Random(DEMO_SEED)  # noqa: S311 - fake data, not secrets
    rooms = [
        seed_product_demo(state),
        seed_sprint_review(state),
        seed_office_hours(state),
        seed_onboarding_webinar(state),
        seed_advisory_board(state),
        seed_partner_onboarding(state),
    ]
    seed_unattached_upload(state)
    return {
        "rooms": [
            {"id": room.id, "name": room.name, "status": room.status} for room in rooms
        ],
        "sessions": len(state.sessions),
    }


def seed_product_demo(state: SandboxState) -> Room:
    room = add_room(
        state,
        "Weekly Product Demo",
        40,
        room_type="webinar",
        access_type=3,
        permanent_room=True,
        lobby_enabled=True,
        lobby_description="We start at the full hour. Grab a coffee!",
        registration_enabled=True,
    )
    first = MeetingOptions(
        people=[
            as_person(MARTA, role="host"),
            as_person(DANIEL, email=" Daniel.Okafor@example.org", role="presenter"),
            ZOE,
            YAROSLAVA,
            as_person(PRIYA, email="PRIYA.RAMAN@EXAMPLE.COM"),
            TOM,
        ],
        attendees=0,
        email_variants=False,
        start=local_time(-14, 9, 52),
        duration_minutes=99,
        seed=1,
    )
    simulate_meeting(state, room, first)
    second = MeetingOptions(
        people=[as_person(MARTA, role="host"), ZOE, PRIYA, TOM, LUCIA, CHEN],
        attendees=0,
        guests=0,
        email_variants=False,
        start=local_time(-7, 9, 55),
        duration_minutes=67,
        files=0,
        seed=2,
    )
    simulate_meeting(state, room, second)
    state.tokens += [AccessToken(text, room.id) for text in DEMO_TOKENS]
    used, sent = state.tokens[-len(DEMO_TOKENS) :][:2]
    used.sent_to_email = ZOE["email"]
    used.first_use_date = local_time(-14, 10, 0)
    sent.sent_to_email = PRIYA["email"]
    return room


def seed_sprint_review(state: SandboxState) -> Room:
    start = local_time(3, 14)
    return add_room(
        state,
        "Zespół Łódź – sprint review",
        5,
        room_type="meeting",
        access_type=2,
        password="lodz-sprint",  # noqa: S106 - a made-up demo room password
        permanent_room=False,
        starts_at=start,
        duration=timedelta(minutes=90),
        lobby_description="",
    )


def seed_office_hours(state: SandboxState) -> Room:
    room = add_room(
        state,
        "Open office hours",
        150,
        room_type="meeting",
        access_type=1,
        permanent_room=True,
        lobby_enabled=True,
        lobby_description=None,
        description=None,
    )
    options = MeetingOptions(
        people=[as_person(MARTA, role="host"), ANNA, ANNA_2],
        attendees=0,
        phone_attendees=1,
        guests=0,
        email_variants=False,
        start=local_time(-2, 10, 1),
        duration_minutes=45,
        chat_messages=3,
        files=0,
        seed=3,
    )
    simulate_meeting(state, room, options)
    return room


def seed_onboarding_webinar(state: SandboxState) -> Room:
    start = local_time(-10, 16)
    room = add_room(
        state,
        '"Onboarding" webinar & Q&A',
        18,
        name_url="_onboarding_webinar_q_a",
        room_type="webinar",
        access_type=1,
        permanent_room=False,
        starts_at=start,
        duration=timedelta(hours=1),
        lobby_enabled=True,
        lobby_description=None,
        description=None,
    )
    options = MeetingOptions(
        people=[
            as_person(MARTA, role="host"),
            as_person(TOM, role="presenter"),
            CHEN,
            LUCIA,
            as_person(DANIEL, email=" Daniel.Okafor@Example.org "),
        ],
        attendees=0,
        email_variants=False,
        seed=4,
    )
    simulate_meeting(state, room, options)
    state.refresh_room_status(room)
    return room


def seed_advisory_board(state: SandboxState) -> Room:
    room = add_room(
        state,
        "Customer advisory board",
        2,
        room_type="meeting",
        access_type=3,
        permanent_room=False,
        starts_at=local_time(10, 15),
        duration=timedelta(minutes=90),
        lobby_enabled=True,
        registration_enabled=True,
        description="",
    )
    return room


def seed_partner_onboarding(state: SandboxState) -> Room:
    room = add_room(
        state,
        "Partner onboarding – Northwind Analytics",
        9,
        room_type="meeting",
        access_type=2,
        password="northwind",  # noqa: S106 - a made-up demo room password
        permanent_room=False,
        starts_at=local_time(-1, 11, 30),
        duration=timedelta(minutes=50),
        description=None,
    )
    options = MeetingOptions(
        people=[
            as_person(TOM, role="host"),
            ANNA,
            as_person(MARTA, email="Marta.Kowalczyk@Example.com"),
        ],
        attendees=0,
        guests=0,
        email_variants=False,
        recordings=1,
        files=0,
        seed=6,
    )
    simulate_meeting(state, room, options)
    state.refresh_room_status(room)
    return room


def seed_unattached_upload(state: SandboxState) -> None:
    """Add an account file still waiting for conversion, attached to no room."""
    content = session_pdf("Roadmap", ["Draft"])
    library_file = LibraryFile(
        id=state.file_ids.next(),
        name="roadmap.pptx",
        document_type="presentation",
        content=content,
        uploaded_at=now() - timedelta(minutes=32),
        stored_name=f"{int(now().timestamp())}0000.{len(content)}.pptx",
        status="waiting_for_conversion",
        status_message="queued for conversion",
    )
    state.files[library_file.id] = library_file


def seed_bench(state: SandboxState, meetings: int, attendees: int) -> dict:
    """Create `meetings` past rooms with one session of `attendees` people each.

    People come from a shared pool, so the same addresses recur across
    meetings as they do in a real account.
    """
    pool_size = max(attendees * 5, 500)
    started = now()
    for number in range(meetings):
        permanent = number % 3 == 0
        start = started - timedelta(hours=2 + number)
        room = state.new_room(
            name=f"Benchmark meeting {number + 1:04d}",
            name_url=f"benchmark-meeting-{number + 1:04d}",
            room_type="webinar" if number % 2 else "meeting",
            access_type=1,
            permanent_room=permanent,
            timezone=DEMO_ZONE,
            starts_at=None if permanent else start,
            duration=None if permanent else timedelta(hours=1),
            registration_enabled=number % 2 == 0,
            created_at=start - timedelta(days=7),
        )
        emails = [
            f"bench.person{(number * attendees + offset) % pool_size:05d}@example.com"
            for offset in range(attendees)
        ]
        options = MeetingOptions(
            attendees=emails,
            guests=0,
            start=start,
            duration_minutes=60,
            chat_messages=3,
            files=0,
            seed=number,
        )
        simulate_meeting(state, room, options)
    return {
        "meetings": meetings,
        "attendees_per_meeting": attendees,
        "rooms": len(state.rooms),
        "sessions": len(state.sessions),
        "seconds": round((now() - started).total_seconds(), 2),
    }
