"""Passwords of built-in accounts: argon2id (argon2-cffi), never stored or logged in clear."""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

MIN_LENGTH = 10
MAX_LENGTH = 1000  # hashing a megabyte "password" would be a cheap way to burn the server's CPU

_hasher = PasswordHasher()  # argon2id with the library's current recommended cost
# Verified against when the name is unknown, so a wrong name takes as long as a wrong password.
_DUMMY = _hasher.hash("not a password anyone has")


def check_strength(password: str) -> None:
    """ValueError saying what is wrong with a new password."""
    if not isinstance(password, str) or len(password) < MIN_LENGTH:
        raise ValueError(f"The password must be at least {MIN_LENGTH} characters long.")
    if len(password) > MAX_LENGTH:
        raise ValueError(f"The password must be at most {MAX_LENGTH} characters long.")
    if not password.strip():
        raise ValueError("The password cannot be only spaces.")


def hash_password(password: str) -> str:
    check_strength(password)
    return _hasher.hash(password)


def verify(stored_hash: str | None, password: str) -> bool:
    """True when the password matches; a missing hash (an SSO-only account) never matches."""
    if not isinstance(password, str) or len(password) > MAX_LENGTH:
        return False
    try:
        return _hasher.verify(stored_hash or _DUMMY, password) and stored_hash is not None
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(stored_hash: str) -> bool:
    return _hasher.check_needs_rehash(stored_hash)
