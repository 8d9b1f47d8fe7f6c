"""A fetched feed document -> its items, with feedparser (RSS 0.9x, 1.0, 2.0 and Atom).

    <rss version="2.0">...<item><guid>g1</guid><link>/news/talks</link>...  -> FeedItem(key="g1", link="https://site/news/talks")
    <feed xmlns="http://www.w3.org/2005/Atom">...<entry><id>tag:...</id>   -> FeedItem(key="tag:...", link=...)
    <rss>...<item><title>Talks</ti          (cut off)                      -> the items read, problem="not well-formed XML ..."
    <html>...                                                               -> not a feed: "is a web page, not a feed ..."

feedparser reads a broken feed as far as it can (its "bozo" flag); what it read is used and the
flaw is reported, so the analyst can tell the publisher. Parsing runs in a bounded child process,
as every uploaded file does (stance.ingest.bounded), so a hostile feed cannot hang the watcher.
"""

from __future__ import annotations

import calendar
import hashlib
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from urllib.parse import urlsplit

MAX_KEY_CHARS = 300  # the item_key column; a longer guid or link is kept as its hash
_HARMLESS = ("CharacterEncodingOverride", "NonXMLContentType")  # feedparser's notes that do not make a feed unreadable


@dataclass
class FeedItem:
    key: str  # the guid (Atom id), else the link, else a hash of title and text
    link: str | None  # absolute http(s) address of the item's page
    title: str | None = None
    published: str | None = None  # ISO date from the item, if it gives one
    content: str | None = None  # the item's own text (HTML): full content where the feed carries it, else its summary


@dataclass
class ParsedFeed:
    version: str  # feedparser's name for the format ("rss20", "rss10", "atom10"...); "" when not a feed
    title: str | None = None
    items: list[FeedItem] = field(default_factory=list)
    problem: str | None = None  # why the document is not (wholly) a readable feed

    @property
    def is_feed(self) -> bool:
        return bool(self.version or self.items)


def parse_feed(data: bytes, *, url: str, content_type: str | None = None) -> ParsedFeed:
    """Items in document order, each key once; relative links are resolved against `url`."""
    import feedparser

    if not isinstance(data, bytes):  # feedparser would fetch a str that looks like an address, or open it as a file
        raise TypeError("parse_feed reads a fetched document (bytes), never an address")

    headers = {"content-location": url}
    if content_type:
        headers["content-type"] = content_type
    parsed = feedparser.parse(data, response_headers=headers, sanitize_html=True, resolve_relative_uris=True)
    items, keys = [], set()
    for entry in parsed.entries:
        item = _item(entry)
        if item is not None and item.key not in keys:
            keys.add(item.key)
            items.append(item)
    version = parsed.get("version") or ""
    title = " ".join(str(parsed.feed.get("title") or "").split()) or None
    return ParsedFeed(version=version, title=title, items=items, problem=_problem(parsed, data, bool(version or items)))


def _item(entry) -> FeedItem | None:
    link = _web_link(entry.get("link"))
    title = " ".join(str(entry.get("title") or "").split()) or None
    contents = [c.get("value") for c in entry.get("content") or [] if c.get("value")]
    content = max(contents, key=len) if contents else entry.get("summary") or None
    key = str(entry.get("id") or "").strip() or link
    if not key:
        if not (title or content):
            return None
        key = "text:" + hashlib.sha256(f"{title}\n{content}".encode()).hexdigest()
    if len(key) > MAX_KEY_CHARS:
        key = "sha256:" + hashlib.sha256(key.encode()).hexdigest()
    return FeedItem(key=key, link=link, title=title, published=_date(entry), content=content)


def _web_link(link: object) -> str | None:
    link = str(link or "").strip()
    return link if urlsplit(link).scheme.lower() in ("http", "https") and urlsplit(link).hostname else None


def _date(entry) -> str | None:
    when = entry.get("published_parsed") or entry.get("updated_parsed")
    if not isinstance(when, time.struct_time):
        return None
    try:
        return datetime.fromtimestamp(calendar.timegm(when), tz=UTC).date().isoformat()
    except (OverflowError, OSError, ValueError):
        return None


def _problem(parsed, data: bytes, readable: bool) -> str | None:
    error = parsed.get("bozo_exception") if parsed.get("bozo") else None
    if not readable:
        opening = data[:2048].lstrip().lower()
        if opening.startswith((b"<!doctype html", b"<html")) or b"<html" in opening:
            return "is a web page, not a feed. Give the feed's own address (sites link it as RSS or Atom, often /feed or /rss.xml)."
        if not data.strip():
            return "sent an empty document, not a feed. Check the address in a browser."
        return f"is not an RSS or Atom feed ({_describe(error) if error else 'no feed elements found'}). Check the address in a browser."
    if error is None or type(error).__name__ in _HARMLESS:
        return None
    return f"is not well-formed XML ({_describe(error)}); the items before the flaw were read. Tell the publisher if it persists."


def _describe(error: Exception) -> str:
    message = error.getMessage() if hasattr(error, "getMessage") else str(error)
    if hasattr(error, "getLineNumber") and hasattr(error, "getColumnNumber"):  # xml.sax.SAXParseException
        return f"{message} at line {error.getLineNumber()}, column {error.getColumnNumber()}"
    return " ".join(str(message).split())[:200]


def read_feed(data: bytes, *, url: str, content_type: str | None = None, timeout_s: float = 20) -> ParsedFeed:
    """parse_feed in a bounded child process: IngestError (naming the feed) if it takes too long or too much memory."""
    from stance.ingest.bounded import run_bounded

    def read(_name: str, document: bytes) -> list[ParsedFeed]:
        return [parse_feed(document, url=url, content_type=content_type)]

    (parsed,) = run_bounded(read, url, data, timeout_s)
    return parsed
