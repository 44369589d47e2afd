"""Validation of conference parameters (POST and PUT conferences).

Collects every problem first and raises one `FieldErrors`, so one 422 response
lists each offending parameter like ClickMeeting's error envelope does.
NOTE: ClickMeeting does not publish its limits; the slug rules, the name
length and the 24-hour duration cap here are the sandbox's own choices.
"""

import re
import unicodedata
from datetime import timedelta

from .http import FieldErrors
from .state import DEFAULT_SETTINGS, Room, SandboxState
from .timefmt import is_known_zone, parse_duration, parse_starts_at

ROOM_TYPES = ("meeting", "webinar")
ACCESS_TYPES = {"1": 1, "2": 2, "3": 3}
STATUSES = ("active", "inactive")
SKIN_IDS = ("4", "5", "6", "7", "8", "10")
SLUG_RE = re.compile(r"^[a-z0-9_-]{3,100}$")
NAME_MAX_LENGTH = 255
MAX_DURATION = timedelta(hours=24)
TRUE_WORDS = ("1", "true")
FALSE_WORDS = ("0", "false")
SETTING_NAMES = (*DEFAULT_SETTINGS, "phonegateway_enabled")
# Letters NFKD cannot split into a base letter and an accent.
TRANSLITERATION = str.maketrans(
    {
        "ł": "l",
        "Ł": "l",
        "ø": "o",
        "ß": "ss",
        "æ": "ae",
        "đ": "d",
        **dict(
            zip(
                "абвгдеёжзийклмнопрстуфхцчшщъыьэюяіїєґ",
                "a b v g d e e zh z i i k l m n o p r s t u f h c ch sh sch  y  e yu ya"
                " i i e g".split(" "),
                strict=True,
            )
        ),
    }
)


class ConferenceParams:
    """Check and normalise conference parameters; `values` contains Room attributes."""

    def __init__(self, params: dict, state: SandboxState, room: Room | None = None):
        self.params = params
        self.state = state
        self.room = room
        self.creating = room is None
        self.values: dict = {}
        self.errors: list[dict] = []

    def validate(self) -> dict:
        self.check_name()
        self.check_choice("room_type", ROOM_TYPES)
        self.check_flag("permanent_room", required=self.creating)
        self.check_access_type()
        self.check_timezone()
        self.check_schedule()
        self.check_flag("lobby_enabled")
        self.check_text("lobby_description")
        self.check_text("description")
        self.check_choice("status", STATUSES, required=False)
        self.check_skin()
        self.check_registration()
        self.check_settings()
        self.check_custom_url()
        if self.errors:
            raise FieldErrors(self.errors)
        return self.values

    def fail(self, field_name: str, message: str) -> None:
        self.errors.append({"name": field_name, "message": message})

    def text(self, field_name: str):
        value = self.params.get(field_name)
        if value is None or isinstance(value, str):
            return value
        self.fail(field_name, "Value must be a string")
        return None

    def check_name(self) -> None:
        name = self.text("name")
        if name is None:
            if self.creating:
                self.fail("name", "Value is required and can't be empty")
            return
        name = name.strip()
        if not name:
            self.fail("name", "Value is required and can't be empty")
        elif len(name) > NAME_MAX_LENGTH:
            self.fail("name", f"Value is longer than {NAME_MAX_LENGTH} characters")
        else:
            self.values["name"] = name

    def check_choice(self, field_name, choices, required=None) -> None:
        required = self.creating if required is None else required
        value = self.text(field_name)
        if value is None:
            if required:
                self.fail(field_name, "Value is required and can't be empty")
            return
        if value not in choices:
            self.fail(field_name, f"Value is not one of: {', '.join(choices)}")
            return
        self.values[field_name] = value

    def check_flag(self, field_name, required=False, target=None) -> bool | None:
        value = self.text(field_name)
        if value is None:
            if required:
                self.fail(field_name, "Value is required and can't be empty")
            return None
        flag = parse_flag(value)
        if flag is None:
            self.fail(field_name, "Value must be 1 or 0")
            return None
        self.values[target or field_name] = flag
        return flag

    def check_text(self, field_name: str) -> None:
        value = self.text(field_name)
        if value is not None:
            self.values[field_name] = value

    def check_access_type(self) -> None:
        value = self.text("access_type")
        if value is None:
            if self.creating:
                self.fail("access_type", "Value is required and can't be empty")
            return
        if value.strip() not in ACCESS_TYPES:
            self.fail("access_type", "Value is not one of: 1, 2, 3")
            return
        access_type = ACCESS_TYPES[value.strip()]
        self.values["access_type"] = access_type
        password = self.text("password")
        if password is not None and password.strip():
            self.values["password"] = password
        if access_type == 2 and "password" not in self.values:
            has_password = self.room is not None and bool(self.room.password)
            if not has_password:
                self.fail("password", "Password is required when access_type is 2")

    def check_timezone(self) -> None:
        zone_name = self.text("timezone")
        if zone_name is None:
            return
        if not is_known_zone(zone_name.strip()):
            self.fail("timezone", f"Unknown time zone: {zone_name}")
            return
        self.values["timezone"] = zone_name.strip()

    def check_schedule(self) -> None:
        zone_name = self.values.get("timezone") or (
            self.room.timezone if self.room else "Europe/Warsaw"
        )
        starts_at_text = self.text("starts_at")
        if starts_at_text is not None:
            starts_at = parse_starts_at(starts_at_text, zone_name)
            if starts_at is None:
                self.fail(
                    "starts_at",
                    "Invalid date format, expected YYYY-MM-DD HH:MM:SS "
                    "or ISO-8601 with an offset",
                )
            else:
                self.values["starts_at"] = starts_at
        duration_text = self.text("duration")
        if duration_text is not None:
            duration = parse_duration(duration_text)
            if duration is None:
                self.fail("duration", "Invalid duration, expected H:MM")
            elif not timedelta(0) < duration <= MAX_DURATION:
                self.fail("duration", "Duration must be between 0:01 and 24:00")
            else:
                self.values["duration"] = duration

    def check_skin(self) -> None:
        skin = self.text("skin_id")
        if skin is None or skin == "":
            return
        if skin.strip() not in SKIN_IDS:
            self.fail("skin_id", f"Unknown skin: {skin}")
            return
        self.values["skin_id"] = int(skin)

    def check_registration(self) -> None:
        registration = self.params.get("registration")
        if registration is None:
            return
        if not isinstance(registration, dict):
            self.fail("registration", "Value must be a map")
            return
        enabled = registration.get("enabled")
        if enabled is not None:
            flag = parse_flag(enabled) if isinstance(enabled, str) else None
            if flag is None:
                self.fail("registration[enabled]", "Value must be 1 or 0")
            else:
                self.values["registration_enabled"] = flag
        template = registration.get("template")
        if template is not None:
            if template not in ("1", "2", "3"):
                self.fail("registration[template]", "Value is not one of: 1, 2, 3")
            else:
                self.values["registration_template"] = int(template)

    def check_settings(self) -> None:
        settings = self.params.get("settings")
        if settings is None:
            return
        if not isinstance(settings, dict):
            self.fail("settings", "Value must be a map")
            return
        merged = dict(self.room.settings if self.room else DEFAULT_SETTINGS)
        for name, value in settings.items():
            if name == "thank_you_page_url" and isinstance(value, str):
                merged[name] = value
                continue
            if name not in SETTING_NAMES:
                self.fail(f"settings[{name}]", "Unknown setting")
                continue
            flag = parse_flag(value) if isinstance(value, str) else None
            if flag is None:
                self.fail(f"settings[{name}]", "Value must be 1 or 0")
            else:
                merged[name] = flag
        self.values["settings"] = merged

    def check_custom_url(self) -> None:
        slug = self.text("custom_room_url_name")
        if slug is None or slug == "":
            return
        if not SLUG_RE.match(slug):
            self.fail(
                "custom_room_url_name",
                "Room URL may contain only lower-case letters a-z, digits, "
                "hyphens and underscores, 3 to 100 characters",
            )
            return
        if self.state.name_url_taken(slug, self.room.id if self.room else None):
            self.fail("custom_room_url_name", f"Room URL '{slug}' is already taken")
            return
        self.values["name_url"] = slug


def parse_flag(value: str) -> bool | None:
    word = value.strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    return None


def slug_from_name(name: str) -> str:
    """Turn a room name into a URL slug: "Zespół Łódź" -> "zespol-lodz"."""
    text = name.lower().translate(TRANSLITERATION)
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", text).strip("-")
    return slug[:90] or "room"


def unique_slug(name: str, state: SandboxState) -> str:
    base = slug_from_name(name)
    candidate, suffix = base, 2
    while state.name_url_taken(candidate):
        candidate = f"{base}-{suffix}"
        suffix += 1
    return candidate


def parse_email(value) -> str | None:
    """Return the trimmed address when it looks like one, else None."""
    if not isinstance(value, str):
        return None
    address = value.strip()
    if re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", address):
        return address
    return None
