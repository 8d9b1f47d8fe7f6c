"""Web pages: bytes in the page's declared charset, then main text, title, date and site name.

    <meta charset="windows-1251">                    -> decoded as windows-1251 (an HTTP header's charset wins)
    <script type="application/ld+json">{"datePublished": "2025-05-16T09:30:00Z", ...}
                                                     -> date 2025-05-16 (htmldate)
    <meta property="og:site_name" content="Reuters"> -> source "Reuters"
    nav bars, share buttons, "Most read" lists       -> left out (trafilatura keeps the main text)

Used for pages fetched by URL (`stance.fetch`) and, where it measured better than the
plain reader (see the README), for uploaded .html files.
"""

from __future__ import annotations

import codecs
import re
from urllib.parse import urlsplit

from stance.ingest.errors import IngestError
from stance.ingest.readers import FAR_FUTURE, RawDocument, _wrong_type, html_document

_META_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]{1,40})""", re.I)
_SNIFF_BYTES = 4096  # browsers look for <meta charset> in the first 1024 bytes; some pages put it later


def known_encoding(name: str | None) -> str | None:
    """The Python codec for a charset label ("windows-1251", "latin-1", "UTF8"), or None when there is none."""
    if not name:
        return None
    try:
        return codecs.lookup(name.strip().strip("\"'")).name
    except (LookupError, ValueError):
        return None


def declared_charset(data: bytes) -> str | None:
    """The charset a page declares in its first bytes: a byte-order mark, <meta charset> or http-equiv Content-Type."""
    if data.startswith(codecs.BOM_UTF8):
        return "utf-8"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    match = _META_CHARSET.search(data[:_SNIFF_BYTES])
    return known_encoding(match.group(1).decode("ascii")) if match else None


def decode_html(data: bytes, encoding: str | None = None) -> str:
    """A page as text: the charset given (an HTTP header's), else the one the page declares, else UTF-8,
    else windows-1252 (what browsers assume for an undeclared page)."""
    for candidate in (known_encoding(encoding), declared_charset(data)):
        if candidate:
            try:
                return data.decode("utf-8-sig" if candidate == "utf-8" else candidate)
            except UnicodeDecodeError:
                continue  # a wrong label: try what the bytes say
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def extract_html(name: str, html: str, url: str | None = None) -> RawDocument:
    """Main text, title, date and site of a page (trafilatura, with htmldate for the date)."""
    import trafilatura
    from htmldate import find_date

    try:
        found = trafilatura.bare_extraction(
            html,
            url=url,
            with_metadata=True,
            include_comments=False,
            include_tables=False,
            include_images=False,
            favor_precision=True,
            deduplicate=False,
        )
    except (MemoryError, RecursionError):
        raise
    except Exception as exc:  # lxml and trafilatura raise many types for broken markup
        raise IngestError(
            name, f"could not be read as a web page ({type(exc).__name__}). Save the page's text and upload that."
        ) from None
    text = (getattr(found, "text", None) or "").strip() if found is not None else ""
    if not text:  # a page with little markup (or little text) trafilatura will not call an article: read it plainly
        return _plain(html, url)
    title = _headline(_clean(getattr(found, "title", None)), html)
    source = _clean(getattr(found, "sitename", None)) or _host(url or getattr(found, "url", None))
    try:
        published = find_date(html, url=url, original_date=True, extensive_search=False, max_date=FAR_FUTURE)
    except Exception:  # a date is optional; a page htmldate chokes on still has its text
        published = None
    page_url = url or _clean(getattr(found, "url", None))
    if title and not text.startswith(title):  # the headline belongs to the article (attribution reads it)
        text = f"{title}\n\n{text}"
    return RawDocument(text=text, title=title, date=published, source=source, url=page_url)


_HEADLINE_PLACES = re.compile(
    r"<title[^>]*>(?P<a>[^<]{1,1000})</title>|<h1[^>]*>(?P<b>.{1,1000}?)</h1>"
    r"""|<meta[^>]{0,200}?(?:og:title|twitter:title)[^>]{0,200}?content\s*=\s*["'](?P<c>[^"']{1,1000})""",
    re.I | re.S,
)


def _plain(html: str, url: str | None) -> RawDocument:
    doc = html_document(html)
    if url:
        doc.url = url
    if not doc.source:
        doc.source = _host(url)
    return doc


def _headline(title: str | None, html: str) -> str | None:
    """trafilatura's title, if the page names it as its headline (<title>, og:title, <h1>).

    On a page with none of these it falls back to the first heading it sees, which may be a
    sidebar's "Most read"; no title is better than that one.
    """
    if not title:
        return None
    import html as entities

    key = " ".join(title.split()).lower()
    for match in _HEADLINE_PLACES.finditer(html[:500_000]):
        place = next(v for v in match.groups() if v)
        if key in " ".join(entities.unescape(re.sub(r"<[^>]{0,500}>", " ", place)).split()).lower():
            return title
    return None


def _clean(value: object) -> str | None:
    return " ".join(str(value).split())[:1000] or None if value else None


def _host(url: str | None) -> str | None:
    """The site's host name without "www.", as the source of last resort."""
    if not url:
        return None
    host = (urlsplit(url).hostname or "").lower()
    return host.removeprefix("www.") or None


def preload_web() -> None:
    """Import the extractors before a forked child runs them (see `readers.preload`)."""
    import htmldate  # noqa: F401
    import trafilatura  # noqa: F401


def read_web_page(name: str, data: bytes) -> list[RawDocument]:
    """An uploaded .html file, read as a fetched page is (its own charset declaration honoured)."""
    wrong = _wrong_type(name, data)
    if wrong:
        raise wrong
    if b"\x00" in data[:8192] and not data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise IngestError(
            name, "looks like a binary file, not a web page. Upload the article as .txt, .html, .pdf or .docx."
        )
    return [extract_html(name, decode_html(data))]
