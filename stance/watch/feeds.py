"""The list of watched feeds: add (the address checked first), list with health, remove.

add_feed(store, "https://example.org/rss.xml", conflict="russia-ukraine") -> Feed(id=1, health="new", ...)
add_feed(store, "ftp://example.org/feed")  -> ValueError: ... only http:// and https:// feeds can be watched.
remove_feed(store, "1") or remove_feed(store, "https://example.org/rss.xml") -> the Feed removed
"""

from __future__ import annotations

from urllib.parse import urlsplit, urlunsplit

from stance.store import Store
from stance.store import feeds as feed_rows
from stance.store.feeds import Feed

MAX_URL_CHARS = 2_000  # the feed.url column (counted in UTF-8 bytes: a PostgreSQL index entry has room for about 2,700)


def feed_address(url: str) -> str:
    """The address as it will be stored and fetched, or ValueError saying what is wrong with it."""
    url = (url or "").strip()
    if not url:
        raise ValueError("Give the feed's address, e.g. https://example.org/rss.xml.")
    if len(url.encode("utf-8")) > MAX_URL_CHARS:
        raise ValueError(
            f"The address is longer than {MAX_URL_CHARS:,} characters. Check that it is one feed's address."
        )
    if any(ch.isspace() or not ch.isprintable() for ch in url):
        raise ValueError("The address holds spaces or control characters. Copy it again from the site.")
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https"):
        what = f"a {parts.scheme}: address" if parts.scheme else "not a web address"
        raise ValueError(f"{url} is {what}; only http:// and https:// feeds can be watched.")
    if not parts.hostname:
        raise ValueError(f"{url} has no host name. Give the full address, e.g. https://example.org/rss.xml.")
    if parts.username or parts.password:
        raise ValueError(f"{url} holds a user name or password. Give the feed's address without them.")
    try:
        _ = parts.port  # reading it checks it
    except ValueError:
        raise ValueError(f"{url} has an invalid port. Check the address.") from None
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), parts.path or "/", parts.query, ""))


def known_conflicts() -> list[str]:
    """The conflict tags of the actor registry (data/actors.yaml): what a feed may be filed under."""
    from stance.store.queries import actor_conflicts

    return sorted({tag for tags in actor_conflicts().values() for tag in tags})


def add_feed(store: Store, url: str, conflict: str | None = None) -> Feed:
    """Watch a feed from the next poll on. `conflict` files its articles under one of known_conflicts()."""
    address = feed_address(url)
    conflict = (conflict or "").strip().lower() or None
    if conflict is not None:
        known = known_conflicts()
        if conflict not in known:
            raise ValueError(f"{conflict!r} is not a conflict Stance Tracker knows. Use one of: {', '.join(known)}.")
    return feed_rows.add(store.guarded("feed.add", address, {"conflict": conflict}), address, conflict)


def list_feeds(store: Store) -> list[Feed]:
    return feed_rows.feeds(store.db)


def remove_feed(store: Store, url_or_id: str | int) -> Feed:
    """Stop watching a feed (by id or address); the articles it brought stay in the store."""
    store.require("feed.remove")
    wanted = str(url_or_id).strip()
    try:
        feed = feed_rows.find(store.db, wanted)
    except LookupError:
        if wanted.isdigit():
            raise
        feed = feed_rows.find(store.db, feed_address(wanted))  # the address as `add` stored it
    feed_rows.remove(store.guarded("feed.remove", feed.url, {"feed_id": feed.id}), feed.id)
    return feed
