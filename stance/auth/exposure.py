"""Whether the dashboard may listen beyond this machine: only where people have to sign in.

>>> is_local_address("127.0.0.1"), is_local_address("localhost"), is_local_address("0.0.0.0")
(True, True, False)
"""

from __future__ import annotations

import ipaddress
import tomllib
from pathlib import Path

from stance.auth.settings import auth_settings


def is_local_address(host: str) -> bool:
    """An address only this machine reaches (loopback), by name or number."""
    host = (host or "").strip().strip("[]")
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def secrets_files(cwd: Path | None = None) -> list[Path]:
    """Where Streamlit reads secrets.toml: the user's ~/.streamlit, then the folder it is started from."""
    return [Path.home() / ".streamlit" / "secrets.toml", (cwd or Path.cwd()) / ".streamlit" / "secrets.toml"]


def oidc_configured(cwd: Path | None = None) -> bool:
    """An [auth] section with a redirect_uri and a client in secrets.toml: st.login can sign people in."""
    for path in secrets_files(cwd):
        try:
            auth = tomllib.loads(path.read_text(encoding="utf-8")).get("auth")
        except (OSError, tomllib.TOMLDecodeError):
            continue
        if (
            isinstance(auth, dict)
            and auth.get("redirect_uri")
            and (auth.get("client_id") or any(isinstance(v, dict) for v in auth.values()))
        ):
            return True
    return False


def sign_in_required(has_users: bool) -> tuple[bool, str]:
    """(True, how) when the dashboard makes everyone sign in: accounts in the store, single sign-on, or a trusted proxy."""
    settings = auth_settings()
    if settings.proxy_header:
        return True, f"trusted proxy header {settings.proxy_header} from {', '.join(settings.proxy_ips)}"
    if oidc_configured():
        return True, "single sign-on (st.login, OpenID Connect, from .streamlit/secrets.toml)"
    if has_users:
        return True, "built-in accounts (name and password)"
    return False, "none (no accounts)"
