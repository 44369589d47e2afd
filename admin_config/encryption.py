"""Encryption at rest for secrets stored in the database.

Values are Fernet tokens made with the keys in settings.FIELD_ENCRYPTION_KEYS:
the first key encrypts, every key decrypts, so a new key can be put first and
the old one kept until `rotate()` has re-encrypted the stored values.
"""

from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings

__all__ = ["InvalidToken", "decrypt", "encrypt", "rotate"]


@lru_cache(maxsize=4)
def _multi_fernet(keys):
    return MultiFernet([Fernet(key) for key in keys])


def _current_fernet():
    # Cached per key tuple, so a changed setting (in tests) takes effect.
    return _multi_fernet(tuple(settings.FIELD_ENCRYPTION_KEYS))


def encrypt(plaintext: str) -> str:
    """Encrypt text with the first configured key and return the token."""
    return _current_fernet().encrypt(plaintext.encode()).decode("ascii")


def decrypt(token: str) -> str:
    """Decrypt a token made with any configured key.

    Raises cryptography.fernet.InvalidToken when no configured key fits.
    """
    return _current_fernet().decrypt(token.encode("ascii")).decode()


def rotate(token: str) -> str:
    """Re-encrypt a token with the first configured key."""
    return _current_fernet().rotate(token.encode("ascii")).decode("ascii")
