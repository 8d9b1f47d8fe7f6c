"""Ingest: files, uploads and pasted text become clean `Article` records.

Every failure is an `IngestError` naming the file and what to do; a bad file or row never
stops the others in its batch.
"""

from __future__ import annotations

import hashlib
import logging
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path, PurePath

from stance.config import Limits
from stance.config import limits as default_limits
from stance.ingest.bounded import run_bounded
from stance.ingest.clean import clean
from stance.ingest.dates import date_from_url, parse_date
from stance.ingest.errors import IngestError
from stance.ingest.exports import split_export
from stance.ingest.headers import read_header
from stance.ingest.html import decode_html, extract_html, preload_web, read_web_page
from stance.ingest.language import ENGLISH, code_for, language_of
from stance.ingest.readers import READERS, SUPPORTED, RawDocument, preload
from stance.records import Article

__all__ = [
    "IngestError",
    "LoadResult",
    "RawDocument",
    "SUPPORTED",
    "content_hash",
    "load_bytes",
    "load_document",
    "load_path",
    "load_text",
    "load_web_page",
    "safe_name",
    "too_many_files",
]

# Uploaded web pages are read as fetched ones are (trafilatura, with the plain reader as its fallback): it
# measured better on our HTML fixtures (bench/html_extractors.py). Added here: stance.ingest.html builds on readers.
READERS.update({".html": read_web_page, ".htm": read_web_page})
_SLOW_FORMATS = (".pdf", ".docx", ".html", ".htm")
_EXPORT_FORMATS = (".txt", ".rtf", ".docx", ".pdf")  # what Factiva and LexisNexis export
_MAX_NAME = 120
_HOST = re.compile(r"[\w-]+(\.[\w-]+)+(:\d+)?")  # "harborpress.example": a site's address, not its name
# Text may shrink this much in cleaning (boilerplate, spacing); a file with more raw text
# than _RAW_FACTOR times the article limit cannot end up under it.
_RAW_FACTOR = 4
_UNEXPECTED = "could not be read because of an error in Stance Tracker itself (it has been logged). Paste the article text instead."
log = logging.getLogger(__name__)


@dataclass
class LoadResult:
    """One article, or one reason why a file (or a row of a batch file) gave none."""

    name: str
    article: Article | None = None
    error: str | None = None
    pending: RawDocument | None = (
        None  # a batch row that gave only a page's address: `stance.fetch.complete` fetches it
    )


def safe_name(name: str | None) -> str:
    """An uploaded file name fit for messages and storage: no folders, no control characters.

    Upload names are untrusted: "../../etc/passwd.txt" becomes "passwd.txt", and line or
    paragraph separators cannot forge extra lines in a message. A long name is shortened
    in the middle so that its extension, which picks the reader, survives.
    """
    base = PurePath(str(name or "upload").replace("\\", "/")).name
    base = "".join(
        ch for ch in base if unicodedata.category(ch)[0] != "C" and unicodedata.category(ch) not in ("Zl", "Zp")
    )
    base = re.sub(r"\s+", " ", base).strip()
    if base in ("", ".", ".."):
        return "upload"
    if len(base) > _MAX_NAME:
        suffix = PurePath(base).suffix[:16]
        base = base[: _MAX_NAME - len(suffix) - 1] + "…" + suffix
    return base


def content_hash(text: str) -> str:
    """The same article text, however spaced or cased, hashes the same: it is stored once."""
    normal = re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text)).strip().lower()
    return hashlib.sha256(normal.encode("utf-8")).hexdigest()


def _given(value: str | None) -> str | None:
    """What the user typed, or None when they typed only spaces."""
    return value.strip() or None if isinstance(value, str) else None


def _to_article(
    doc: RawDocument, name: str, lim: Limits, title: str | None, published: date | None, source: str | None
) -> Article:
    if len(doc.text) > _RAW_FACTOR * lim.max_article_chars:  # refuse before cleaning: cleaning costs time per line
        raise IngestError(name, _too_long(len(doc.text), lim))
    meta_date = parse_date(doc.date)
    seen_date = parse_date(doc.seen_date)  # when a crawler saw the page: after the page's own dates
    url_date = date_from_url(doc.url)
    cleaned = clean(doc.text, context=[d for d in (published, meta_date, url_date, seen_date) if d], today=date.today())
    if not cleaned.text.strip():
        raise IngestError(
            name, "has no article text after cleaning. Check that it is a news article and not only a page of links."
        )
    if len(cleaned.text) > lim.max_article_chars:
        raise IngestError(name, _too_long(len(cleaned.text), lim))
    if published is None and doc.label and doc.date and meta_date is None:
        raise IngestError(
            name,
            f"has a date that cannot be read as a publication date ({doc.date[:40]!r}). Use YYYY-MM-DD, from 1900 on.",
        )
    if published is not None:
        when, where = published, "given"
    elif meta_date is not None:
        when, where = meta_date, "metadata"
    elif url_date is not None:
        when, where = url_date, "metadata"
    elif seen_date is not None:
        when, where = seen_date, "metadata"
    elif cleaned.published is not None:
        when, where = cleaned.published, "text"
    else:
        when, where = None, None
    if when is not None and where is not None and when > date.today() + timedelta(days=1):
        found = {"given": "as given", "metadata": "in its metadata", "text": "in its text"}[where]
        raise IngestError(
            name,
            f"has a date in the future ({when.isoformat()}, {found}). Check the date, or type the publication date yourself.",
        )
    return Article(
        language=_language(doc.language, cleaned.text),
        text=cleaned.text,
        title=_given(title) or doc.title or cleaned.title,
        published=when,
        date_source=where,
        source=_given(source) or doc.source or cleaned.source or cleaned.agency,
        url=doc.url,
        file_name=name,
    )


def _language(declared: str | None, text: str) -> str:
    """The article's language: what its metadata says (Factiva's LA, a batch's language column) when
    that is English or a language the detector agrees is not English, else what the detector is sure of."""
    detected = language_of(text)
    named = (declared or "").strip()
    if not named:
        return detected
    code = code_for(named)
    if code == ENGLISH:
        return ENGLISH
    return detected if detected != ENGLISH else (code or named.lower()[:10])


def _too_long(chars: int, lim: Limits) -> str:
    return (
        f"is {chars:,} characters long, over the limit of {lim.max_article_chars:,} "
        "(STANCE_MAX_ARTICLE_CHARS). Split it into separate articles."
    )


def _too_big(size: int, lim: Limits) -> str:
    mb = 1024 * 1024
    return (
        f"is {size / mb:.1f} MB, over the {lim.max_upload_bytes / mb:g} MB upload limit "
        "(STANCE_MAX_UPLOAD_MB). Split it or upload the text only."
    )


def load_bytes(
    name: str | None,
    data: bytes,
    *,
    title: str | None = None,
    published: date | None = None,
    source: str | None = None,
    lim: Limits | None = None,
) -> list[LoadResult]:
    """Read one uploaded file. What the user typed (title, date, source) wins over the file."""
    lim = lim or default_limits()
    name = safe_name(name)
    try:
        given_date = _given_date(name, published)
        docs = _read(name, data, lim)
    except IngestError as error:
        return [LoadResult(name=name, error=error.reason)]
    except Exception:  # a bug, not a bad file: log it, but one file must not stop the batch
        log.exception("reading %s failed", name)
        return [LoadResult(name=name, error=_UNEXPECTED)]
    results = []
    for doc in docs:
        if isinstance(doc, IngestError):
            results.append(LoadResult(name=doc.file_name, error=doc.reason))
            continue
        label = f"{name} {doc.label}".strip()
        if not doc.text.strip() and doc.url:  # a row that gives only the page's address (GDELT, Meltwater)
            results.append(LoadResult(name=label, pending=doc))
            continue
        try:
            article = _to_article(doc, label, lim, title, given_date, source)
            results.append(LoadResult(name=label, article=article))
        except IngestError as error:
            results.append(LoadResult(name=label, error=error.reason))
        except Exception:
            log.exception("cleaning %s failed", label)
            results.append(LoadResult(name=label, error=_UNEXPECTED))
    return results


def load_document(
    name: str,
    doc: RawDocument,
    *,
    title: str | None = None,
    published: date | None = None,
    source: str | None = None,
    lim: Limits | None = None,
) -> LoadResult:
    """A document another part of Stance Tracker read (a fetched page, a feed item): the same cleaning,
    checks and language gate as an upload; what the caller gives wins over the document."""
    lim = lim or default_limits()
    try:
        return LoadResult(name=name, article=_to_article(doc, name, lim, title, _given_date(name, published), source))
    except IngestError as error:
        return LoadResult(name=name, error=error.reason)
    except Exception:
        log.exception("cleaning %s failed", name)
        return LoadResult(name=name, error=_UNEXPECTED)


def load_web_page(
    name: str,
    data: bytes,
    *,
    url: str | None = None,
    encoding: str | None = None,
    row: RawDocument | None = None,
    lim: Limits | None = None,
    **given,
) -> LoadResult:
    """A fetched page: decoded in its declared charset (`encoding`, from the HTTP header, wins), main text,
    title, date and site read by trafilatura and htmldate in a bounded child, then cleaned as an upload is.
    `url` (where the page was fetched from) is kept as the article's URL; what a batch `row` said of the
    page (title, date, source, language) wins over the page."""
    lim = lim or default_limits()
    if not data.strip():
        return LoadResult(name=name, error="is an empty page. Check the address in a browser.")
    if len(data) > lim.max_upload_bytes:
        return LoadResult(name=name, error=_too_big(len(data), lim))

    def read(label: str, page: bytes) -> list[RawDocument]:
        return [extract_html(label, decode_html(page, encoding), url)]

    try:
        preload()
        preload_web()
        (doc,) = run_bounded(read, name, data, lim.parse_timeout_s)
    except IngestError as error:
        return LoadResult(name=name, error=error.reason)
    except Exception:
        log.exception("reading %s failed", name)
        return LoadResult(name=name, error=_UNEXPECTED)
    if url:
        doc.url = url
    if row is not None:
        doc.title, doc.date = row.title or doc.title, row.date or doc.date
        # an outlet's name in the row wins; a bare domain (GDELT's) only when the page names no site
        if row.source and (not _HOST.fullmatch(row.source) or not doc.source or _HOST.fullmatch(doc.source)):
            doc.source = row.source
        doc.language, doc.seen_date = row.language or doc.language, row.seen_date
    result = load_document(name, doc, lim=lim, **given)
    if result.article is not None:
        result.article.file_name = None  # a page has an address, not a file name
    return result


def _given_date(name: str, published: object) -> date | None:
    """The date the user typed, as a date (a datetime or an ISO string is accepted too)."""
    if published is None or published == "":
        return None
    value = parse_date(published)
    if value is None:
        raise IngestError(name, f"was given a date that cannot be read ({str(published)[:40]!r}). Use YYYY-MM-DD.")
    return value


def _read(name: str, data: bytes, lim: Limits) -> list[RawDocument | IngestError]:
    """The raw documents in one file, after the checks that need no parsing."""
    suffix = Path(name).suffix.lower()
    if suffix not in READERS:
        shown = suffix or "no extension"
        raise IngestError(
            name, f"has an unsupported type ({shown}). Upload {', '.join(SUPPORTED)} files, or paste the text."
        )
    if len(data) == 0:
        raise IngestError(name, "is empty. Choose the file again, or paste the article text.")
    if len(data) > lim.max_upload_bytes:
        raise IngestError(name, _too_big(len(data), lim))
    reader = READERS[suffix]
    raw: Sequence[RawDocument | IngestError]
    if suffix in _SLOW_FORMATS:
        preload()
        raw = run_bounded(reader, name, data, lim.parse_timeout_s)
    else:
        raw = reader(name, data)
    docs = _documents(name, suffix, raw)
    if not docs:
        raise IngestError(
            name,
            "holds no articles. Check that a CSV or JSONL batch has one article per row, each with a 'text' field.",
        )
    if len(docs) > lim.max_batch_rows:
        raise IngestError(
            name,
            f"holds {len(docs):,} rows, over the limit of {lim.max_batch_rows:,} (STANCE_MAX_BATCH_ROWS). Split the batch.",
        )
    return docs


def _documents(name: str, suffix: str, docs: Sequence[RawDocument | IngestError]) -> list[RawDocument | IngestError]:
    """Each article the reader's documents hold: an export is split into its articles, a header block is read."""
    found: list[RawDocument | IngestError] = []
    for doc in docs:
        if isinstance(doc, IngestError):
            found.append(doc)
            continue
        articles = split_export(name, doc.text) if suffix in _EXPORT_FORMATS and not doc.label else None
        if articles is None:
            found.append(read_header(doc))
        else:
            found.extend(articles)
    return found


def too_many_files(count: int, lim: Limits | None = None) -> str | None:
    """The message for an upload of more files than STANCE_MAX_BATCH_FILES, or None when it fits.

    One upload runs in the analyst's browser session; a cap keeps it to minutes, and a bigger
    batch belongs to `stance ingest`, which streams and resumes.
    """
    lim = lim or default_limits()
    if count <= lim.max_batch_files:
        return None
    return (
        f"{count} files is more than the {lim.max_batch_files} one upload may hold (STANCE_MAX_BATCH_FILES). "
        "Upload them in smaller groups, or use `stance ingest FOLDER` for a large batch."
    )


def load_path(path: Path, lim: Limits | None = None) -> list[LoadResult]:
    """Read a file from disk, with the same checks as an upload."""
    lim = lim or default_limits()
    name = safe_name(path.name)
    try:
        if not path.is_file():
            return [LoadResult(name=name, error="is not a file (it is missing, or a folder). Check the path.")]
        if path.stat().st_size > lim.max_upload_bytes:
            return [LoadResult(name=name, error=_too_big(path.stat().st_size, lim))]
        data = path.read_bytes()
    except OSError as exc:
        return [
            LoadResult(
                name=name, error=f"cannot be opened ({exc.strerror or exc}). Check the path and its permissions."
            )
        ]
    return load_bytes(path.name, data, lim=lim)


def load_text(
    text: str,
    *,
    title: str | None = None,
    published: date | None = None,
    source: str | None = None,
    lim: Limits | None = None,
) -> LoadResult:
    """Pasted text: the same cleaning as a .txt file."""
    lim = lim or default_limits()
    if not text or not text.strip():
        return LoadResult(name="pasted text", error="is empty. Paste the article text first.")
    return load_bytes(
        "pasted-text.txt", text.encode("utf-8"), title=title, published=published, source=source, lim=lim
    )[0]
