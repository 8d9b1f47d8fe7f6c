"""Sign-in settings from the environment, each with a safe default.

STANCE_LOGIN_MAX_FAILURES (5) wrong passwords in a row lock an account for
STANCE_LOGIN_LOCK_MINUTES (15); a sign-in lasts STANCE_SESSION_HOURS (12); a screen link
STANCE_SCREEN_LINK_HOURS (24) unless given another life; people signed in by single sign-on
get STANCE_SSO_ROLE (viewer) until an admin gives them another. STANCE_TRUSTED_PROXY_HEADER
(e.g. X-Forwarded-Email) names the header an authenticating proxy sets, trusted only from
STANCE_TRUSTED_PROXY_IPS (addresses or networks, comma-separated; 127.0.0.1 when unset).
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from stance.auth.roles import ROLES


@dataclass(frozen=True)
class AuthSettings:
    max_failures: int = 5
    lock_minutes: float = 15.0
    session_hours: float = 12.0
    screen_link_hours: float = 24.0
    sso_role: str = "viewer"
    proxy_header: str | None = None
    proxy_ips: tuple[str, ...] = ("127.0.0.1",)


def _number(name: str, default: float, kind: type = float) -> float:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        value = kind(raw)
    except ValueError:
        raise ValueError(f"{name} must be a number, not {raw!r}") from None
    if value <= 0:
        raise ValueError(f"{name} must be above 0, not {raw!r}")
    return value


def auth_settings() -> AuthSettings:
    role = os.environ.get("STANCE_SSO_ROLE", "").strip().lower() or "viewer"
    if role not in ROLES:
        raise ValueError(f"STANCE_SSO_ROLE must be one of {', '.join(ROLES)}, not {role!r}")
    ips = tuple(part.strip() for part in os.environ.get("STANCE_TRUSTED_PROXY_IPS", "").split(",") if part.strip())
    return AuthSettings(
        max_failures=int(_number("STANCE_LOGIN_MAX_FAILURES", 5, int)),
        lock_minutes=_number("STANCE_LOGIN_LOCK_MINUTES", 15.0),
        session_hours=_number("STANCE_SESSION_HOURS", 12.0),
        screen_link_hours=_number("STANCE_SCREEN_LINK_HOURS", 24.0),
        sso_role=role,
        proxy_header=os.environ.get("STANCE_TRUSTED_PROXY_HEADER", "").strip() or None,
        proxy_ips=ips or ("127.0.0.1",),
    )
