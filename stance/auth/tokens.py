"""Session and screen-link tokens: random, shown once, stored only as their SHA-256."""

from __future__ import annotations

import hashlib
import hmac
import secrets

TOKEN_BYTES = 32


def new_token() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


def token_hash(token: str) -> str:
    """What the store keeps. A token is 256 random bits, so an unsalted hash is enough: a leaked
    table gives no usable token."""
    return hashlib.sha256(str(token).encode("utf-8", "replace")).hexdigest()


def same(a: str, b: str) -> bool:
    return hmac.compare_digest(a, b)
