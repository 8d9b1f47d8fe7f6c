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
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import PurePath

from stance.ingest.errors import IngestError

SUPPORTED = (".txt", ".md", ".html", ".htm", ".pdf", ".docx", ".rtf", ".csv", ".jsonl", ".xlsx")
_MAX_ZIP_UNCOMPRESSED = 100 * 1024 * 1024
_MAX_ZIP_ENTRIES = 10_000
_MAX_CSV_FIELD = 64 * 1024 * 1024  # uploads are capped well below this anyway
FAR_FUTURE = "2100-12-31"  # htmldate drops dates after today; ingest refuses them itself, saying so


@dataclass
class RawDocument:
    """Text from one file (or one row of a batch file) with the metadata the format gave."""

    text: str
    title: str | None = None
    date: str | None = None
    source: str | None = None
    url: str | None = None
    label: str = ""  # names the row in a batch file, for messages
    byline: str | None = None
    language: str | None = None  # as the format names it ("English", "en", "GERMAN")
    seen_date: str | None = None  # when a crawler saw the page (GDELT's seendate): a date of last resort


_MAGIC = (
    (b"%PDF-", "a PDF", ".pdf"),
    (b"PK\x03\x04", "a zip archive (a Word .docx file is one)", ".docx"),
    (b"\xd0\xcf\x11\xe0", "an old Word .doc or Excel file", None),
    (b"{\\rtf", "an RTF document", ".rtf"),
    (b"\x89PNG", "a PNG image", None),
    (b"\xff\xd8\xff", "a JPEG image", None),
    (b"GIF8", "a GIF image", None),
    (b"\x1f\x8b", "a gzip archive", None),
)


def sniff(data: bytes) -> tuple[str, str | None] | None:
    """What a file really is when its first bytes say so: (description, extension to use)."""
    head = data[:8].lstrip()
    for magic, what, suffix in _MAGIC:
        if head.startswith(magic):
            return what, suffix
    return None


def _wrong_type(name: str, data: bytes) -> IngestError | None:
    """A clear message for a file whose content is another format than its name says."""
    found = sniff(data)
    if found is None or found[1] == PurePath(name).suffix.lower():
        return None
    what, suffix = found
    fix = f"Rename it to {suffix} and upload it again." if suffix else "Save the article as .txt, .html, .pdf or .docx."
    return IngestError(name, f"is named {PurePath(name).suffix or 'without an extension'} but is {what}. {fix}")


def decode_text(name: str, data: bytes) -> str:
    """UTF-8 text (or UTF-16 with a byte-order mark, as Windows Notepad writes it); anything else is refused."""
    wrong = _wrong_type(name, data)
    if wrong:
        raise wrong
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise IngestError(
                name, "is damaged UTF-16 text. Save it with UTF-8 encoding and upload it again."
            ) from None
    if b"\x00" in data[:8192]:
        raise IngestError(name, "looks like a binary file, not text. Upload the article as .txt, .html, .pdf or .docx.")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise IngestError(
            name,
            f"is not UTF-8 text (byte {exc.start:,} cannot be read). Save it with UTF-8 encoding "
            "(most editors offer this under 'Save as') and upload it again.",
        ) from None
    controls = sum(1 for ch in text[:20000] if ord(ch) < 32 and ch not in "\n\r\t\f")
    if controls > 0.01 * min(len(text), 20000) + 5:
        raise IngestError(name, "looks like a binary file, not text. Upload the article as .txt, .html, .pdf or .docx.")
    return text


def read_text(name: str, data: bytes) -> list[RawDocument]:
    return [RawDocument(text=decode_text(name, data))]


def read_markdown(name: str, data: bytes) -> list[RawDocument]:
    """Markdown marks removed, words kept.

    Every pattern stays on one line and excludes its own delimiters from what it skips,
    so a hostile file ("[[[[..." or a million blank lines) costs linear time.
    """
    text = decode_text(name, data)
    text = re.sub(r"^[ \t]{0,3}#{1,6}[ \t]*", "", text, flags=re.M)  # headings
    text = re.sub(r"^[ \t]{0,3}([-*_][ \t]*){3,}$", "", text, flags=re.M)  # horizontal rules
    text = re.sub(r"!\[[^\[\]\n]*\]\([^()\n]*\)", "", text)  # images
    text = re.sub(r"\[([^\[\]\n]+)\]\([^()\n]*\)", r"\1", text)  # links keep their words
    text = re.sub(
        r"(\*\*|__|(?<![\w*])\*(?=\S)|(?<=\S)\*(?![\w*])|(?<!\w)_(?=\S)|(?<=\S)_(?!\w))", "", text
    )  # emphasis
    text = re.sub(r"^[ \t]*>[ \t]?", "", text, flags=re.M)  # block quotes
    return [RawDocument(text=text)]


def _outermost(root, names: list[str]) -> list:
    """Block elements not inside another one: a <p> in a <blockquote> must not come out twice."""
    inner: set[int] = set()
    blocks = []
    for block in root.find_all(names):
        if id(block) in inner:
            continue
        blocks.append(block)
        inner.update(id(b) for b in block.find_all(names))
    return blocks


def html_document(text: str) -> RawDocument:
    """The plain reading of a page: text of the <article> (else <main>, else <body>), with title, date
    and source from the meta tags. Web pages are read by `stance.ingest.html` (trafilatura), which
    falls back on this one; READERS gets .html and .htm there, in `stance.ingest`."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(text, "lxml")

    metas: dict[str, str] = {}  # one pass over the tree: a large page is searched once, not once per key
    for tag in soup.find_all("meta"):
        content = str(tag.get("content") or "").strip()
        for attr in ("property", "name", "itemprop"):
            key = str(tag.get(attr) or "").strip().lower()
            if key and content:
                metas.setdefault(key, content)

    def meta(*keys: str) -> str | None:
        return next((metas[key] for key in keys if key in metas), None)

    source = meta("og:site_name", "application-name")
    title = meta("og:title", "twitter:title") or (soup.title.get_text(" ", strip=True) if soup.title else None)
    if title and source:  # "Headline | Site Name" -> "Headline"
        title = re.sub(rf"\s+[|–—-]\s+{re.escape(source)}\s*$", "", title) or title
    published = meta(
        "article:published_time", "og:published_time", "datepublished", "date", "pubdate", "dc.date", "parsely-pub-date"
    )
    if not published:
        time_tag = soup.find("time", attrs={"datetime": True})
        stamp = time_tag.get("datetime") if time_tag else None
        published = stamp if isinstance(stamp, str) else None
    if not published:  # JSON-LD datePublished and the other places htmldate knows
        published = _htmldate(soup)
    url = meta("og:url")
    for tag in soup(
        ["script", "style", "noscript", "nav", "footer", "header", "aside", "form", "iframe", "svg", "button"]
    ):
        tag.decompose()
    root = soup.find("article") or soup.find("main") or soup.body or soup
    blocks = _outermost(root, ["h1", "h2", "h3", "h4", "p", "li", "blockquote", "pre"])
    if blocks:
        body = "\n\n".join(text for b in blocks if (text := b.get_text(" ", strip=True)))
    else:
        body = root.get_text("\n", strip=True)
    if title and not body.startswith(title):
        body = f"{title}\n\n{body}"
    return RawDocument(text=body, title=title, date=published, source=source, url=url)


def _htmldate(soup) -> str | None:
    """The publication date htmldate finds in the page's markup (JSON-LD, itemprops, ...), not guessed from its text."""
    from htmldate import find_date

    try:
        return find_date(str(soup), original_date=True, extensive_search=False, max_date=FAR_FUTURE)
    except Exception:  # a date is optional; a page htmldate chokes on still has its text
        return None


def _useful_title(value: object) -> str | None:
    """A document title from file metadata, unless it is the usual junk ("Microsoft Word - draft.docx")."""
    title = str(value or "").strip()
    if not title or len(title) > 300:
        return None
    if re.match(r"(microsoft \w+ - |untitled\b|document\d*$|word document$)", title, re.I):
        return None
    if re.search(r"\.(docx?|pdf|txt|html?|odt|rtf)$", title, re.I):
        return None
    return title


def read_pdf(name: str, data: bytes) -> list[RawDocument]:
    import logging

    from pypdf import PdfReader

    logging.getLogger("pypdf").setLevel(logging.ERROR)  # broken files are reported to the user instead

    if b"%PDF" not in data[:1024]:
        raise _wrong_type(name, data) or IngestError(
            name, "is not a PDF (it lacks the %PDF header). Export it again as PDF, or paste its text."
        )
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise IngestError(name, "is a password-protected PDF. Remove the password and upload it again.")
        pages = [page.extract_text() or "" for page in reader.pages]
        info = reader.metadata
        title = info.get("/Title") if info is not None else None
    except (IngestError, MemoryError, RecursionError):
        raise  # the bounded runner has its own message for the last two
    except Exception as exc:  # pypdf raises many types for damaged files; all mean the same to the user
        raise IngestError(
            name,
            f"could not be read as a PDF ({type(exc).__name__}); the file may be damaged. Export it again or paste its text.",
        ) from None
    text = "\n\n".join(pages)
    if not text.strip():
        raise IngestError(
            name, "has no text layer (it may be a scanned image). Run it through OCR first, or paste its text."
        )
    return [RawDocument(text=text, title=_useful_title(title))]


def _check_zip(
    name: str,
    data: bytes,
    what: str = "a Word document (.docx)",
    fix: str = "Save it again from Word or paste its text",
) -> None:
    """Refuse a zip that would unpack to far more than any article (a zip bomb) before anything unpacks it.

    The sizes come from the zip's own directory. A zip that lies about them cannot do harm
    either: Python's zipfile stops reading an entry at its declared size.
    """
    wrong = None if data.startswith(b"PK\x03\x04") else _wrong_type(name, data)  # .docx and .xlsx are both zips
    if wrong:
        raise wrong
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            entries = archive.infolist()
    except Exception:  # BadZipFile, and the odd ValueError or OSError on mangled headers
        raise IngestError(name, f"could not be read as {what}; the file may be damaged. {fix}.") from None
    if sum(info.file_size for info in entries) > _MAX_ZIP_UNCOMPRESSED or len(entries) > _MAX_ZIP_ENTRIES:
        raise IngestError(
            name,
            "unpacks to more than 100 MB, which no article needs; it may be a zip bomb. Save the document again or paste its text.",
        )


def read_docx(name: str, data: bytes) -> list[RawDocument]:
    """Paragraph text of a Word document.

    The document's "created" date is not used: it is when the file (or its template) was
    made, not when the article was published; python-docx's own template says 2013.
    """
    import docx

    _check_zip(name, data)
    try:
        document = docx.Document(io.BytesIO(data))
        text = "\n\n".join(p.text for p in document.paragraphs)
        title = document.core_properties.title
    except (MemoryError, RecursionError):
        raise
    except Exception as exc:  # python-docx raises many types for broken packages
        raise IngestError(
            name,
            f"could not be read as a Word document ({type(exc).__name__}); the file may be damaged. "
            "Save it again from Word or paste its text.",
        ) from None
    return [RawDocument(text=text, title=_useful_title(title))]


# RTF: control words, hex escapes, escaped characters, groups, and runs of plain text.
_RTF_TOKEN = re.compile(
    r"\\([a-zA-Z]{1,32})(-?\d{1,10})? ?|\\'([0-9a-fA-F]{2})|\\([^a-zA-Z])|([{}])|[\r\n]+|([^\\{}\r\n]+)"
)
_RTF_SKIP = frozenset(
    "fonttbl colortbl stylesheet info pict header headerl headerr headerf footer footerl footerr footerf footnote "
    "object objdata themedata datastore colorschememapping listtable listoverridetable rsidtbl generator "
    "xmlnstbl latentstyles mmathPr fldinst bkmkstart bkmkend filetbl revtbl pgdsctbl operator author "
    "comment title subject keywords doccomm company category".split()
)
_RTF_BREAKS = {"par": "\n", "line": "\n", "sect": "\n\n", "page": "\n\n", "row": "\n", "cell": "\t", "tab": "\t"}
_RTF_CHARS = {
    "emdash": "—",
    "endash": "–",
    "lquote": "‘",
    "rquote": "’",
    "ldblquote": "“",
    "rdblquote": "”",
    "bullet": "•",
    "emspace": " ",
    "enspace": " ",
    "qmspace": " ",
}
_RTF_MAX_DEPTH = 200


# A tokenizer: one branch per RTF token type is the readable shape, however many branches that is.
def rtf_text(name: str, data: bytes) -> str:  # noqa: C901
    """The text of an RTF document: a single linear pass over its tokens, groups nested at most 200 deep.

    Destinations that hold no article text (font and colour tables, document info, pictures,
    headers and footers, field instructions, anything starred) are skipped; \\uN characters
    and \\'hh bytes (in the document's code page) are decoded.
    """
    wrong = _wrong_type(name, data)
    if wrong:
        raise wrong
    if not data.lstrip()[:5] == b"{\\rtf":
        raise IngestError(
            name, "is not an RTF document (it lacks the {\\rtf header). Save it again as RTF, or paste its text."
        )
    raw = data.decode("latin-1")
    codepage = "cp1252"
    out: list[str] = []
    stack: list[tuple[bool, int]] = []
    skipping, uc, pending_skip = False, 1, 0
    hexbytes = bytearray()

    def flush_hex() -> None:
        if hexbytes:
            out.append(hexbytes.decode(codepage, errors="replace"))
            hexbytes.clear()

    for match in _RTF_TOKEN.finditer(raw):
        word, arg, hexcode, escaped, brace, plain = match.groups()
        if hexcode is None:
            flush_hex()
        if pending_skip and (plain is not None or hexcode is not None):  # the fallback after \\uN
            if hexcode is not None:
                pending_skip -= 1
                continue
            cut = min(pending_skip, len(plain))
            plain, pending_skip = plain[cut:], pending_skip - cut
            if not plain:
                continue
        if brace == "{":
            if len(stack) >= _RTF_MAX_DEPTH:
                raise IngestError(
                    name,
                    "is an RTF document nested too deeply to read. Save it again as RTF or plain text, or paste its text.",
                )
            stack.append((skipping, uc))
        elif brace == "}":
            skipping, uc = stack.pop() if stack else (skipping, uc)
            pending_skip = 0
        elif escaped is not None:
            if escaped == "*":
                skipping = True
            elif not skipping and escaped in "\\{}":
                out.append(escaped)
            elif not skipping and escaped == "~":
                out.append(" ")
            elif not skipping and escaped == "_":
                out.append("-")
            elif not skipping and escaped in "\n\r":
                out.append("\n")
        elif word is not None:
            if word in _RTF_SKIP:
                skipping = True
            elif word == "ansicpg" and arg:
                candidate = f"cp{arg}"
                try:
                    "".encode(candidate)
                    codepage = candidate
                except LookupError:
                    pass
            elif word == "uc" and arg:
                uc = max(0, min(int(arg), 10))
            elif word == "u" and arg and not skipping:
                value = int(arg) + 65536 if int(arg) < 0 else int(arg)
                out.append(chr(value) if 0 < value < 0x110000 and not 0xD800 <= value < 0xE000 else "\ufffd")
                pending_skip = uc
            elif not skipping and word in _RTF_BREAKS:
                out.append(_RTF_BREAKS[word])
            elif not skipping and word in _RTF_CHARS:
                out.append(_RTF_CHARS[word])
        elif hexcode is not None:
            if not skipping:
                hexbytes.append(int(hexcode, 16))
        elif plain is not None and not skipping:
            out.append(plain)
    flush_hex()
    return "".join(out)


def read_rtf(name: str, data: bytes) -> list[RawDocument]:
    """Text of an RTF document (as Factiva and Nexis Uni export); no package needed."""
    text = rtf_text(name, data)
    if not text.strip():
        raise IngestError(
            name,
            "has no text in it (the RTF document may be damaged or only hold pictures). Save it again or paste its text.",
        )
    return [RawDocument(text=text)]


# Column names of the exports analysts have, each mapped to one field. Names are compared lower-cased,
# with "_", "-" and runs of spaces read as one space. The first alias a row fills wins.
COLUMN_ALIASES: dict[str, tuple[str, ...]] = {
    "text": ("text", "body", "content", "full text", "fulltext", "article text", "story text", "article body"),
    "title": ("title", "headline"),
    # Media Cloud: publish_date; Meltwater: Date; GDELT article lists: seendate (below, a fallback)
    "date": (
        "date",
        "publish date",
        "published",
        "published date",
        "publication date",
        "pubdate",
        "publishdate",
        "published at",
    ),
    # Media Cloud: media_name; Meltwater: Source Name; then the site's domain (GDELT: domain)
    "source": (
        "source",
        "media name",
        "source name",
        "outlet",
        "publication",
        "publisher",
        "media",
        "domain",
        "source domain",
        "media url",
    ),
    "url": ("url", "link", "article url", "page url", "permalink"),
    "language": ("language", "lang"),
    "seen_date": ("seendate", "seen date", "indexed date", "collect date"),
}
_ALIAS_FIELD = {alias: field for field, aliases in COLUMN_ALIASES.items() for alias in aliases}


def column_key(name: object) -> str:
    """A column name as it is compared with the aliases: "Publish_Date " -> "publish date"."""
    return " ".join(re.sub(r"[_\-]+", " ", str(name)).lower().split())


def _column_field(name: object) -> str | None:
    return _ALIAS_FIELD.get(column_key(name))


def _row_document(name: str, row: dict, label: str) -> RawDocument:
    values: dict[str, object] = {}
    for key, value in row.items():
        field = _column_field(key) if key is not None else None
        if field is None or value is None or isinstance(value, (dict, list)) or not str(value).strip():
            continue
        if field not in values or _rank(field, key) < _rank(field, values.get(f"_{field}_key")):
            values[field], values[f"_{field}_key"] = value, key

    def optional(key: str) -> str | None:
        value = values.get(key)
        if value is None:
            return None
        return str(value).strip()[:1000] or None

    text = values.get("text")
    url = optional("url")
    if not isinstance(text, str) or not text.strip():
        if url and re.match(r"https?://", url, re.I):  # a GDELT or Meltwater row: the page is fetched
            text = ""
        else:
            raise IngestError(
                f"{name} {label}",
                "has no 'text' and no 'url'. Add the article text (or the page's address, to fetch it) to this row; title, date and source are optional.",
            )
    return RawDocument(
        text=text,
        title=optional("title"),
        date=optional("date"),
        source=_source(optional("source")),
        url=url,
        label=label,
        language=optional("language"),
        seen_date=optional("seen_date"),
    )


def _rank(field: str, key: object) -> int:
    """Which of two columns for one field wins: the alias named first ("source name" before "domain")."""
    if key is None:
        return len(COLUMN_ALIASES[field])
    return COLUMN_ALIASES[field].index(column_key(key))


def _source(value: str | None) -> str | None:
    """A source as exports give it; a site address ("https://www.bbc.co.uk/") becomes its host ("bbc.co.uk")."""
    if value and re.match(r"(https?://)?(www\.)?[\w-]+(\.[\w-]+)+/?$", value, re.I) and " " not in value:
        host = re.sub(r"^(https?://)?(www\.)?", "", value, flags=re.I).rstrip("/")
        return host.lower()
    return value


def _row_or_error(name: str, row: dict, label: str) -> RawDocument | IngestError:
    """A bad row is reported on its own; the other rows of the batch go on."""
    try:
        return _row_document(name, row, label)
    except IngestError as error:
        return error


def read_csv(name: str, data: bytes) -> list[RawDocument | IngestError]:
    """One article per row. A row with more values than the header has columns is refused, not cut.

    Extra values almost always mean an unquoted comma in the text, so keeping the row
    would silently store half an article.
    """
    text = decode_text(name, data)
    csv.field_size_limit(max(csv.field_size_limit(), _MAX_CSV_FIELD))  # an article is longer than csv's 128 KB default
    first_line = text.split("\n", 1)[0]
    delimiter = "\t" if first_line.count("\t") > first_line.count(",") else ","  # Meltwater exports UTF-16 with tabs
    try:
        # strict: an unclosed quote must not swallow the rows after it
        reader = csv.reader(io.StringIO(text, newline=""), strict=True, delimiter=delimiter)
        header = next(reader, None)
        fields = [f.strip().lower() for f in header or []]
        _check_columns(name, fields)
        rows = [row for row in reader if any(value.strip() for value in row)]
    except csv.Error as exc:
        raise IngestError(name, f"is not a valid CSV file ({exc}). Check the quoting and upload it again.") from None
    documents: list[RawDocument | IngestError] = []
    for number, row in enumerate(rows, start=2):
        label = f"row {number}"
        if len(row) > len(fields):
            documents.append(
                IngestError(
                    f"{name} {label}",
                    f"has {len(row)} values but the header names {len(fields)} columns. "
                    'Put double quotes around any value that contains a comma, e.g. "Hello, world".',
                )
            )
            continue
        if len(row) <= _first_needed(fields):
            documents.append(
                IngestError(
                    f"{name} {label}",
                    f"has only {len(row)} of the {len(fields)} columns the header names, so it has no text. "
                    "Fill in every column (leave optional ones empty between commas).",
                )
            )
            continue
        documents.append(_row_or_error(name, dict(zip(fields, row)), label))
    return documents


def _check_columns(name: str, fields: list) -> None:
    """A batch file must name a text column or a URL column (see COLUMN_ALIASES)."""
    found = {_column_field(f) for f in fields}
    if "text" not in found and "url" not in found:
        raise IngestError(
            name,
            "has no 'text' column (nor a 'url' column to fetch the pages from). Add a first line that names the columns: "
            "title, date, source, text (or url). Exports from Media Cloud, GDELT and Meltwater are read as they are.",
        )


def _first_needed(fields: list) -> int:
    """The position of the first text or URL column: a shorter row has neither."""
    return min(i for i, f in enumerate(fields) if _column_field(f) in ("text", "url"))


def read_jsonl(name: str, data: bytes) -> list[RawDocument | IngestError]:
    """One JSON object per line. Lines are split on newline only: JSON strings may hold U+2028."""
    text = decode_text(name, data)
    documents: list[RawDocument | IngestError] = []
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        where = f"{name} line {number}"
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            documents.append(
                IngestError(where, f"is not valid JSON ({exc.msg}). Check the line: each line must be one JSON object.")
            )
            continue
        except (ValueError, RecursionError):  # a 5,000-digit number, or [[[[... nested too deep
            documents.append(
                IngestError(
                    where,
                    "is not a JSON object an article can come from. Check the line: each line must be one JSON object.",
                )
            )
            continue
        if not isinstance(row, dict):
            documents.append(
                IngestError(
                    where, 'is not a JSON object. Check the line: each must look like {"title": ..., "text": ...}.'
                )
            )
            continue
        documents.append(_row_or_error(name, row, f"line {number}"))
    return documents


def read_xlsx(name: str, data: bytes) -> list[RawDocument | IngestError]:
    """An Excel batch (the first sheet; its first row names the columns), as Meltwater and others export."""
    from datetime import date as day
    from datetime import datetime

    import openpyxl

    _check_zip(name, data, "an Excel workbook (.xlsx)", "Save it again from Excel, or export it as CSV")
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (MemoryError, RecursionError):
        raise
    except Exception as exc:  # openpyxl raises many types for broken packages
        raise IngestError(
            name,
            f"could not be read as an Excel workbook ({type(exc).__name__}); the file may be damaged. Save it again or export it as CSV.",
        ) from None
    try:
        sheet = workbook.worksheets[0] if workbook.worksheets else None
        rows = sheet.iter_rows(values_only=True) if sheet is not None else iter(())
        header = next(rows, None)
        fields = [str(f).strip().lower() if f is not None else "" for f in header or []]
        _check_columns(name, fields)
        documents: list[RawDocument | IngestError] = []
        for number, row in enumerate(rows, start=2):
            cells = ["" if v is None else v.isoformat() if isinstance(v, (datetime, day)) else str(v) for v in row]
            if not any(c.strip() for c in cells):
                continue
            documents.append(_row_or_error(name, dict(zip(fields, cells)), f"row {number}"))
    finally:
        workbook.close()
    return documents


def preload() -> None:
    """Import the parsers in the parent process, before readers run in forked children.

    Each child then starts with them loaded (faster), and no child can deadlock on an
    import lock that another thread of the parent held at the moment of the fork.
    """
    import bs4  # noqa: F401
    import docx  # noqa: F401
    import htmldate  # noqa: F401
    import lxml.etree  # noqa: F401
    import openpyxl  # noqa: F401
    import pypdf  # noqa: F401
    import trafilatura  # noqa: F401


# reader(file name, bytes) -> its documents; a batch (CSV, JSONL, XLSX) gives an IngestError for each bad row
Reader = Callable[[str, bytes], Sequence[RawDocument | IngestError]]
READERS: dict[str, Reader] = {
    ".txt": read_text,
    ".md": read_markdown,
    ".pdf": read_pdf,
    ".docx": read_docx,
    ".rtf": read_rtf,
    ".csv": read_csv,
    ".jsonl": read_jsonl,
    ".xlsx": read_xlsx,
}
