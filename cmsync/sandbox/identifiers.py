"""Random values in the formats ClickMeeting uses (pins, hashes, tokens, codes)."""

import random
import string

SYSTEM_RANDOM = random.SystemRandom()
ALPHANUMERIC = string.ascii_letters + string.digits
# Access tokens use an alphabet without look-alike characters.
TOKEN_ALPHABET = "346789CDEFGHKPQRWXY"  # noqa: S105 - an alphabet, not a secret


def alphanumeric(length: int, rng: random.Random = SYSTEM_RANDOM) -> str:
    return "".join(rng.choice(ALPHANUMERIC) for _ in range(length))


def hex_string(length: int, rng: random.Random = SYSTEM_RANDOM) -> str:
    return "".join(rng.choice("0123456789abcdef") for _ in range(length))


def room_pin(rng: random.Random = SYSTEM_RANDOM) -> int:
    return rng.randint(100_000_000, 999_999_999)


def phone_pin(rng: random.Random = SYSTEM_RANDOM) -> int:
    return rng.randint(100_000, 999_999)


def access_token(rng: random.Random = SYSTEM_RANDOM) -> str:
    return "".join(rng.choice(TOKEN_ALPHABET) for _ in range(6))


def autologin_hash(rng: random.Random = SYSTEM_RANDOM) -> str:
    """Return a hash like ClickMeeting's: 110-150 alphanumerics ending in "__"."""
    return alphanumeric(rng.randint(108, 128), rng) + "__"


def role_hash(unix_time: int, rng: random.Random = SYSTEM_RANDOM) -> str:
    """Return 32 hex characters whose last 8 are the Unix time of the call."""
    return hex_string(24, rng) + f"{unix_time:08x}"[-8:]


def registration_code(rng: random.Random = SYSTEM_RANDOM) -> str:
    return alphanumeric(rng.choice([40, 64]), rng)


def widgets_hash(rng: random.Random = SYSTEM_RANDOM) -> str:
    return alphanumeric(6, rng)
