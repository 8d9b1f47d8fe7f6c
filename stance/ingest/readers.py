"""One reader per file format: bytes in, raw documents out.

Readers only turn bytes into text plus whatever metadata the format carries; cleaning
and metadata from the text happen once, in `stance.ingest.clean`, for every format.
"""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile
from dataclasses import dataclass

from stance.ingest.errors import IngestError

SUPPORTED = (".txt", ".md", ".html", ".htm", ".pdf", ".docx", ".csv", ".jsonl")
BATCH_FORMATS = (".csv", ".jsonl")
_MAX_ZIP_UNCOMPRESSED = 100 * 1024 * 1024


@dataclass
class RawDocument:
    """Text from one file (or one row of a batch file) with the metadata the format gave."""

    text: str
    title: str | None = None
    date: str | None = None
    source: str | None = None
    url: str | None = None
    label: str = ""  # names the row in a batch file, for messages


def decode_text(name: str, data: bytes) -> str:
    if b"\x00" in data[:8192]:
        raise IngestError(name, "looks like a binary file, not text. Upload the article as .txt, .html, .pdf or .docx.")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise IngestError(
            name, "is not UTF-8 text. Save it with UTF-8 encoding (most editors offer this under 'Save as') and upload it again."
        ) from None
    controls = sum(1 for ch in text[:20000] if ord(ch) < 32 and ch not in "\n\r\t\f")
    if controls > 0.01 * min(len(text), 20000) + 5:
        raise IngestError(name, "looks like a binary file, not text. Upload the article as .txt, .html, .pdf or .docx.")
    return text


def read_text(name: str, data: bytes) -> list[RawDocument]:
    return [RawDocument(text=decode_text(name, data))]


def read_markdown(name: str, data: bytes) -> list[RawDocument]:
    text = decode_text(name, data)
    text = re.sub(r"^\s{0,3}#{1,6}\s*", "", text, flags=re.M)  # headings
    text = re.sub(r"!\[[^\]]*\]\([^)]*\)", "", text)  # images
    text = re.sub(r"\[([^\]]+)\]\([^)]*\)", r"\1", text)  # links keep their words
    text = re.sub(r"(\*\*|__|(?<![\w*])\*(?!\s)|(?<!\w)_(?!\s))", "", text)  # emphasis marks
    text = re.sub(r"^\s*>\s?", "", text, flags=re.M)  # block quotes
    return [RawDocument(text=text)]


def read_html(name: str, data: bytes) -> list[RawDocument]:
    from bs4 import BeautifulSoup

    text = decode_text(name, data)
    soup = BeautifulSoup(text, "lxml")

    def meta(*keys: str) -> str | None:
        for key in keys:
            tag = soup.find("meta", attrs={"property": key}) or soup.find("meta", attrs={"name": key})
            if tag and tag.get("content", "").strip():
                return tag["content"].strip()
        return None

    title = meta("og:title", "twitter:title") or (soup.title.get_text(strip=True) if soup.title else None)
    published = meta("article:published_time", "og:published_time", "date", "pubdate", "dc.date", "parsely-pub-date")
    if not published:
        time_tag = soup.find("time", attrs={"datetime": True})
        published = time_tag["datetime"] if time_tag else None
    source = meta("og:site_name", "application-name")
    url = meta("og:url")
    for tag in soup(["script", "style", "noscript", "nav", "footer", "header", "aside", "form", "iframe", "svg", "button"]):
        tag.decompose()
    root = soup.find("article") or soup.find("main") or soup.body or soup
    blocks = root.find_all(["h1", "h2", "h3", "p", "li", "blockquote"])
    if blocks:
        body = "\n\n".join(b.get_text(" ", strip=True) for b in blocks if b.get_text(strip=True))
    else:
        body = root.get_text("\n", strip=True)
    if title and not body.startswith(title):
        body = f"{title}\n\n{body}"
    return [RawDocument(text=body, title=title, date=published, source=source, url=url)]


def read_pdf(name: str, data: bytes) -> list[RawDocument]:
    import logging

    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    logging.getLogger("pypdf").setLevel(logging.ERROR)  # broken files are reported to the user instead

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise IngestError(name, "is a password-protected PDF. Remove the password and upload it again.")
        pages = [page.extract_text() or "" for page in reader.pages]
        info = reader.metadata or {}
        title = info.get("/Title") if hasattr(info, "get") else None
    except IngestError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError, OSError, RecursionError) as exc:
        raise IngestError(name, f"could not be read as a PDF ({type(exc).__name__}); the file may be damaged. Export it again or paste its text.") from None
    text = "\n\n".join(pages)
    return [RawDocument(text=text, title=str(title) if title else None)]


def _check_zip(name: str, data: bytes) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            total = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile:
        raise IngestError(name, "could not be read as a Word document (.docx); the file may be damaged. Save it again from Word or paste its text.") from None
    if total > _MAX_ZIP_UNCOMPRESSED:
        raise IngestError(name, "unpacks to more than 100 MB, which no article needs; it may be a zip bomb. Save the document again or paste its text.")


def read_docx(name: str, data: bytes) -> list[RawDocument]:
    import docx

    _check_zip(name, data)
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises many types for broken packages
        raise IngestError(name, f"could not be read as a Word document ({type(exc).__name__}); the file may be damaged. Save it again from Word or paste its text.") from None
    text = "\n\n".join(p.text for p in document.paragraphs)
    props = document.core_properties
    return [RawDocument(text=text, title=props.title or None, date=props.created.isoformat() if props.created else None)]


def _row_document(name: str, row: dict, label: str) -> RawDocument:
    lowered = {str(k).strip().lower(): v for k, v in row.items() if k is not None}
    text = lowered.get("text")
    if not isinstance(text, str) or not text.strip():
        raise IngestError(f"{name} {label}", "has no 'text'. Each row needs a text column; title, date and source are optional.")

    def optional(key: str) -> str | None:
        value = lowered.get(key)
        return str(value).strip() if value not in (None, "") else None

    return RawDocument(text=text, title=optional("title"), date=optional("date"), source=optional("source"), url=optional("url"), label=label)


def _row_or_error(name: str, row: dict, label: str) -> RawDocument | IngestError:
    """A bad row is reported on its own; the other rows of the batch go on."""
    try:
        return _row_document(name, row, label)
    except IngestError as error:
        return error


def read_csv(name: str, data: bytes) -> list[RawDocument | IngestError]:
    text = decode_text(name, data)
    try:
        reader = csv.DictReader(io.StringIO(text))
        fields = [f.strip().lower() for f in (reader.fieldnames or [])]
        if "text" not in fields:
            raise IngestError(name, "has no 'text' column. The first line must name the columns: title, date, source, text.")
        rows = list(reader)
    except csv.Error as exc:
        raise IngestError(name, f"is not a valid CSV file ({exc}). Check the quoting and upload it again.") from None
    return [_row_or_error(name, row, f"row {i}") for i, row in enumerate(rows, start=2)]


def read_jsonl(name: str, data: bytes) -> list[RawDocument | IngestError]:
    text = decode_text(name, data)
    documents: list[RawDocument | IngestError] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            documents.append(IngestError(f"{name} line {number}", f"is not valid JSON ({exc.msg}). Each line must be one JSON object."))
            continue
        if not isinstance(row, dict):
            documents.append(IngestError(f"{name} line {number}", 'is not a JSON object. Each line must look like {"title": ..., "text": ...}.'))
            continue
        documents.append(_row_or_error(name, row, f"line {number}"))
    return documents


READERS = {
    ".txt": read_text,
    ".md": read_markdown,
    ".html": read_html,
    ".htm": read_html,
    ".pdf": read_pdf,
    ".docx": read_docx,
    ".csv": read_csv,
    ".jsonl": read_jsonl,
}
