"""A "Key: value" header block at the top of an article, as clipping tools and analysts' notes write it.

    [headline] Envoys meet again in Geneva         <- the headline ("[headline] " is dropped)
    Date: 2025-08-16                               <- Date / Published / Posted / Updated
    Source: https://www.example.org/2025/08/16/x   <- an outlet name, or an address (its host is the source)
    By Jane Doe                                    <- By / Author / Byline
    URL: https://...                               <- URL / Link
                                                   <- a blank line, then the body
    GENEVA -- Envoys met again on Friday ...

The header's fields go to the document's metadata and its lines leave the text, so they never
become statements; the headline stays as the text's first line, as every reader gives it.
Only a block at the very top counts, and only when a "Key: value" line in it names a date, source,
address or author.
"""

from __future__ import annotations

import re
from dataclasses import replace
from urllib.parse import urlsplit

from stance.ingest.dates import parse_date
from stance.ingest.readers import RawDocument

_MAX_LINES = 15  # a header is a handful of lines; reading stops here whatever follows
_KEYS = {
    "date": "date",
    "dated": "date",
    "published": "date",
    "published on": "date",
    "publication date": "date",
    "pub date": "date",
    "posted": "date",
    "posted on": "date",
    "updated": "updated",
    "last updated": "updated",
    "source": "source",
    "publication": "source",
    "publisher": "source",
    "outlet": "source",
    "newspaper": "source",
    "site": "source",
    "url": "url",
    "link": "url",
    "original url": "url",
    "address": "url",
    "author": "author",
    "authors": "author",
    "byline": "author",
    "by": "author",
    "written by": "author",
    "reporter": "author",
    "title": "title",
    "headline": "title",
    "language": "language",
    "section": "other",
    "category": "other",
    "words": "other",
    "word count": "other",
    "length": "other",
}
_KEY_LINE = re.compile(r"^[ \t]*(?P<key>[A-Za-z][A-Za-z ]{0,20}?)[ \t]*:[ \t]*(?P<value>.{0,500}?)[ \t]*$")
_BY_LINE = re.compile(r"^[ \t]*By[ \t]+(?P<value>[A-Z][^\n]{0,120}?)[ \t]*$")
_MARK = re.compile(r"^\s*\[(?:headline|title)\]\s*", re.I)
_URL = re.compile(r"^(?:https?://|www\.)\S+$", re.I)
_NEEDED = {"date", "updated", "source", "url", "author"}  # a "Key: value" line with one of these makes a block a header


def _key(line: str) -> tuple[str, str, bool] | None:
    """(field, value, whether it was written "Key: value") for a header line; None for any other line."""
    match = _KEY_LINE.match(line)
    if match:
        field = _KEYS.get(re.sub(r"\s+", " ", match.group("key").strip().lower()))
        if field:
            return field, match.group("value"), True
    match = _BY_LINE.match(line)
    if match and len(match.group("value").split()) <= 8 and not match.group("value").endswith("."):
        return "author", match.group("value"), False
    return None


def host(url: str) -> str | None:
    """The outlet an address points to: "www.example.org/x" -> "example.org"."""
    value = url.strip()
    if not re.match(r"^[a-z][a-z0-9+.-]*://", value, re.I):
        value = "http://" + value
    try:
        name = urlsplit(value).hostname
    except ValueError:
        return None
    if not name:
        return None
    return re.sub(r"^www\d?\.", "", name.lower()) or None


def read_header(doc: RawDocument) -> RawDocument:
    """doc with its header block read into title, date, source, url, byline and language; unchanged without one.

    What the format itself gave (HTML metadata, a batch row's columns) wins over the header.
    """
    lines = doc.text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    index, seen, title, keyed = 0, 0, None, False
    fields: dict[str, str] = {}
    consumed = 0  # lines (of the text) that belong to the header
    while index < len(lines) and seen < _MAX_LINES:
        line = lines[index]
        index += 1
        if not line.strip():
            continue
        seen += 1
        found = _key(line)
        if found is None:
            if seen == 1 and len(line) <= 300:
                title = _MARK.sub("", line).strip()
                consumed = index
                continue
            break
        field, value, written_as_key = found
        if field in ("date", "updated") and parse_date(value) is None:
            value = ""  # "Updated: 2 hours ago" is no date; the line still goes
        if value.strip():
            fields.setdefault(field, value.strip())
        keyed = keyed or (written_as_key and field in _NEEDED)
        consumed = index
    if not keyed:
        return doc
    body = "\n".join(lines[consumed:]).strip("\n")
    title = title or fields.get("title") or None
    url = fields.get("url")
    source = fields.get("source")
    if source and _URL.match(source):
        url = url or source
        source = host(source)
    if source is None and url:
        source = host(url)
    text = f"{title}\n\n{body}" if title else body
    return replace(
        doc,
        text=text,
        title=doc.title or title,
        date=doc.date or fields.get("date") or fields.get("updated"),
        source=doc.source or source,
        url=doc.url or url,
        byline=doc.byline or fields.get("author"),
        language=doc.language or fields.get("language"),
    )
