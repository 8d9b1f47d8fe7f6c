"""Single sign-on through an authenticating reverse proxy (oauth2-proxy and the like).

The proxy signs people in and passes who they are in a header (`X-Forwarded-Email: ana@example.org`).
Anyone can send that header, so it counts only when both hold:

* STANCE_TRUSTED_PROXY_HEADER names it (off by default), and
* the connection comes from an address in STANCE_TRUSTED_PROXY_IPS (the proxy's own).

    >>> trusted_identity({"X-Forwarded-Email": "ana@example.org"}, "127.0.0.1", "X-Forwarded-Email", ("127.0.0.1",))
    'ana@example.org'
    >>> trusted_identity({"X-Forwarded-Email": "ana@example.org"}, "203.0.113.9", "X-Forwarded-Email", ("127.0.0.1",)) is None
    True
"""

from __future__ import annotations

import ipaddress
from collections.abc import Mapping

MAX_NAME = 100  # the users table's name column


def from_trusted_address(peer: str | None, trusted: tuple[str, ...]) -> bool:
    """Is the connection's own address (the TCP peer, not X-Forwarded-For) one of the trusted proxies?"""
    if not peer:
        return False
    try:
        address = ipaddress.ip_address(peer.strip().strip("[]"))
    except ValueError:
        return False
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:  # ::ffff:127.0.0.1 is 127.0.0.1
        address = address.ipv4_mapped
    for entry in trusted:
        try:
            if address in ipaddress.ip_network(entry.strip(), strict=False):
                return True
        except ValueError:
            continue
    return False


def trusted_identity(
    headers: Mapping[str, str], peer: str | None, header: str | None, trusted: tuple[str, ...]
) -> str | None:
    """The signed-in name the proxy passed, or None when the header is off, absent, malformed or not from the proxy."""
    if not header or not from_trusted_address(peer, trusted):
        return None
    wanted = header.strip().lower()
    values = [value for key, value in headers.items() if key.lower() == wanted]
    if len(values) != 1:
        return None
    name = values[0].strip()
    if not name or len(name) > MAX_NAME or any(ord(c) < 32 or ord(c) == 127 for c in name):
        return None
    return name
