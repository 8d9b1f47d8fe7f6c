"""News-database exports: one file, many articles (Factiva; LexisNexis and Nexis Uni).

Whatever the file format (.txt, .rtf, .docx, .pdf), the reader gives text; this module sees
whether that text is an export and splits it into one document per article.

Factiva, with field codes (each on its own line, or followed by the value)::

    HD  Envoys meet again in Geneva            headline
    BY  By Jane Doe                            byline
    WC  412 words
    PD  16 August 2025                         publication date
    SN  Lakeside Wire Service                  source
    SC  LWS
    LA  English                                language
    CY  Copyright 2025 Lakeside Wire Service
    LP  GENEVA -- Envoys met again ...         lead paragraphs
    TD  "We are close," the envoy said ...     the rest of the text
    CO / IN / NS / RE / IPD / PUB              indexing codes
    AN  Document LWS0000020250816el8g0005l     ends the article

and Factiva's plain "Article" layout (headline, "412 words", date, source, language, body,
"Document ..."). LexisNexis / Nexis Uni::

    Envoys meet again in Geneva                title
    Lakeside Wire Service                      publication
    August 16, 2025 Saturday                   date
    Copyright 2025 ...
    Section: WORLD; Pg. 4
    Length: 412 words
    Byline: Jane Doe
    Body
    GENEVA -- Envoys met again ...
    Load-Date: August 17, 2025
    End of Document                            ends the article

(older LexisNexis: "1 of 3 DOCUMENTS" before each article, upper-case labels, no "Body" line).
An article in another language than English is reported and skipped, not analysed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from stance.ingest.dates import find_date_span, parse_date
from stance.ingest.errors import IngestError
from stance.ingest.readers import RawDocument

# --- Factiva -------------------------------------------------------------------------------------

_FACTIVA_HEAD = ("HD", "BY", "CR", "WC", "PD", "ET", "SN", "SC", "ED", "PG", "LA", "CY", "CX", "ART")
_FACTIVA_TAIL = ("LP", "TD", "CT", "RF", "CO", "IN", "NS", "RE", "IPC", "IPD", "PUB", "AN")
# In the header a code may be followed by one space; inside the text only by a tab, two spaces or nothing,
# so a paragraph that starts "IN the end" or "RE: ..." is text.
_FACTIVA_ANY = re.compile(rf"^[ \t]*({'|'.join(_FACTIVA_HEAD + _FACTIVA_TAIL)})(?:[ \t]+(\S.*?))?[ \t]*$")
_FACTIVA_IN_TEXT = re.compile(rf"^[ \t]*({'|'.join(_FACTIVA_TAIL)})(?:(?:\t|[ ]{{2,}})[ \t]*(\S.*?))?[ \t]*$")
_FACTIVA_DOCUMENT = re.compile(r"^[ \t]*(?:AN[ \t]+)?Document[ \t]+[A-Za-z0-9]{8,40}[ \t]*$")
_WORDS = re.compile(r"^[ \t]*\d[\d,.]*[ \t]+words[ \t]*$", re.I)
_TIME = re.compile(r"^[ \t]*\d{1,2}:\d{2}(?::\d{2})?(?:[ \t]*(?:[AaPp]\.?[Mm]\.?|GMT|UTC|ET))?[ \t]*$")
_LANGUAGE_LINE = re.compile(
    r"^[ \t]*(English|German|French|Spanish|Italian|Portuguese|Dutch|Russian|Ukrainian|Arabic|Chinese|Japanese|Korean|Turkish|Hebrew|Persian|Polish|Swedish|Norwegian|Danish|Finnish|Greek|Czech|Hungarian|Romanian)[ \t]*$",
    re.I,
)
_COPYRIGHT = re.compile(r"^[ \t]*(Copyright|\(c\)|©)", re.I)


@dataclass
class _Article:
    """What one article of an export gave, before it becomes a RawDocument."""

    title: str | None = None
    date: str | None = None
    source: str | None = None
    byline: str | None = None
    language: str | None = None
    body: list[str] = field(default_factory=list)


def _is_factiva(lines: list[str]) -> bool:
    codes = {m.group(1) for line in lines[:20000] if (m := _FACTIVA_ANY.match(line))}
    documents = sum(1 for line in lines if _FACTIVA_DOCUMENT.match(line))
    if "HD" in codes and codes & {"LP", "TD"} and (documents or codes & {"PD", "SN", "AN"}):
        return True
    return documents > 0 and any(_WORDS.match(line) for line in lines[:200])


def _factiva_coded(chunk: list[str]) -> _Article:
    article = _Article()
    values: dict[str, list[str]] = {}
    current: str | None = None
    for line in chunk:
        in_text = current in ("LP", "TD")
        match = (_FACTIVA_IN_TEXT if in_text else _FACTIVA_ANY).match(line)
        if match and not (current == "TD" and match.group(1) == "LP"):
            current = match.group(1)
            if match.group(2):
                values.setdefault(current, []).append(match.group(2))
            continue
        if current is not None and current != "AN":
            values.setdefault(current, []).append(line.strip())

    def joined(code: str) -> str | None:
        text = " ".join(part for part in values.get(code, []) if part).strip()
        return text or None

    article.title = joined("HD")
    byline = joined("BY")
    article.byline = re.sub(r"^By\s+", "", byline, flags=re.I) if byline else None
    article.date = joined("PD")
    article.source = joined("SN")
    article.language = joined("LA")
    article.body = values.get("LP", []) + [""] + values.get("TD", [])
    return article


def _factiva_plain(chunk: list[str]) -> _Article:
    """Factiva's "Article" layout: headline, [By], N words, date, [time], source, [code], language, [copyright], body."""
    lines = [line.strip() for line in chunk]
    words = next((i for i, line in enumerate(lines[:40]) if _WORDS.match(line)), None)
    article = _Article()
    if words is None:
        article.body = lines
        return article
    head = [line for line in lines[:words] if line]
    bylines = [line for line in head if re.match(r"^By\s+\S", line)]
    titles = [line for line in head if line not in bylines]
    article.title = " ".join(titles) or None
    article.byline = re.sub(r"^By\s+", "", bylines[0]) if bylines else None
    rest = lines[words + 1 :]
    index = 0
    meta: list[str] = []
    while index < len(rest) and len(meta) < 6:
        line = rest[index]
        if not line:
            index += 1
            continue
        if _LANGUAGE_LINE.match(line):
            article.language = line
            index += 1
            if index < len(rest) and _COPYRIGHT.match(rest[index]):
                index += 1
            break
        meta.append(line)
        index += 1
    else:
        index = 0  # no language line: the metadata cannot be told from the text; keep it all
        meta = []
    for line in meta:
        if article.date is None and parse_date(line):
            article.date = line
        elif _TIME.match(line) or (len(line) <= 8 and line.isupper()):
            continue  # a time ("10:32") or a source code ("LWS")
        elif article.source is None:
            article.source = line
    article.body = rest[index:]
    return article


def _has_headline_code(chunk: list[str]) -> bool:
    return any((match := _FACTIVA_ANY.match(line)) and match.group(1) == "HD" for line in chunk)


def _split_factiva(lines: list[str]) -> list[_Article]:
    chunks: list[list[str]] = []
    chunk: list[str] = []
    for line in lines:
        if _FACTIVA_DOCUMENT.match(line):
            if any(part.strip() for part in chunk):
                chunks.append(chunk)
            chunk = []
            continue
        chunk.append(line)
    if _has_headline_code(chunk):
        chunks.append(chunk)  # a last article whose "Document ..." line was cut off
    return [_factiva_coded(chunk) if _has_headline_code(chunk) else _factiva_plain(chunk) for chunk in chunks]


# --- LexisNexis / Nexis Uni ----------------------------------------------------------------------

_LEXIS_END = re.compile(r"^[ \t]*End of Document[ \t]*$", re.I)
_LEXIS_COUNTER = re.compile(r"^[ \t]*(?:FOCUS - )?\d+ of \d+ DOCUMENTS?[ \t]*$", re.I)
_LEXIS_LABEL = re.compile(
    r"^[ \t]*(Load-Date|Length|Byline|Section|Dateline|Highlight|Language|Publication-Type|Subject|Geographic|Company|"
    r"Organization|Person|Industry|Journal-Code|Graphic|Correction-Date|Document-Type|Edition|Notes|Series|Type|Ticker|"
    r"Copyright|URL)[ \t]*:[ \t]*(.*?)[ \t]*$",
    re.I,
)
_LEXIS_BODY = re.compile(r"^[ \t]*Body[ \t]*$")
_LEXIS_AFTER_BODY = re.compile(
    r"^[ \t]*(?:(?:Load-Date|Language|Publication-Type|Subject|Geographic|Graphic|Correction-Date|Notes|Classification)[ \t]*(?::.*)?|Classification)[ \t]*$",
    re.I,
)
_LEXIS_COVER = re.compile(
    r"^[ \t]*(?:(?:User Name|Date and Time|Job Number|Client/Matter|Search Terms|Search Type|Narrowed by|Content Type|"
    r"Print Request|Time of Request|Sources?|Terms|Sort|Research Information)[ \t]*:|Documents?[ \t]*\(\d+\)|\d+\.[ \t]+\S)",
    re.I,
)
_WEEKDAY_FIRST = re.compile(r"^(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,?\s+", re.I)
_PAGE = re.compile(r"^[ \t]*Page \d+ of \d+[ \t]*$", re.I)


def _is_lexis(lines: list[str]) -> bool:
    ends = sum(1 for line in lines if _LEXIS_END.match(line) or _LEXIS_COUNTER.match(line))
    labels = {m.group(1).lower() for line in lines[:20000] if (m := _LEXIS_LABEL.match(line))}
    body = any(_LEXIS_BODY.match(line) for line in lines)
    return ends > 0 and len(labels & {"load-date", "length", "byline", "section"}) + body >= 2


def _date_line(line: str) -> bool:
    """A line that is a date and little more ("August 16, 2025 Saturday 5:00 PM GMT")."""
    line = _WEEKDAY_FIRST.sub("", line)
    found = find_date_span(line)
    return found is not None and found[0] <= 2 and len(line) - (found[1] - found[0]) <= 30


def _lexis_article(chunk: list[str]) -> _Article:
    article = _Article()
    lines = [line.strip() for line in chunk]
    body_at = next((i for i, line in enumerate(lines) if _LEXIS_BODY.match(line)), None)
    if body_at is not None:
        head, rest = lines[:body_at], lines[body_at + 1 :]
    else:  # older layout: the text starts after the last label of the header
        labelled = [
            i for i, line in enumerate(lines[:80]) if _LEXIS_LABEL.match(line) and not _LEXIS_AFTER_BODY.match(line)
        ]
        last = labelled[-1] if labelled else -1
        head, rest = lines[: last + 1], lines[last + 1 :]
    _read_lexis_header(article, head)
    article.body = _lexis_body(article, rest)
    return article


def _read_lexis_header(article: _Article, head: list[str]) -> None:
    """Byline and language from the labels; title, source and date from the plain lines around the date."""
    plain: list[str] = []
    for line in head:
        label = _LEXIS_LABEL.match(line)
        if label:
            key, value = label.group(1).lower(), label.group(2)
            if key == "byline" and value:
                article.byline = value
            elif key == "language" and value:
                article.language = value
            continue
        if line and not _COPYRIGHT.match(line) and not _LEXIS_COVER.match(line) and not _PAGE.match(line):
            plain.append(line)
    dated = next((i for i, line in enumerate(plain) if _date_line(line)), None)
    if dated is not None:
        article.date = plain[dated]
        if dated >= 1:
            article.source = plain[dated - 1]
        if dated >= 2:
            article.title = plain[dated - 2]  # Nexis Uni: title, publication, date
        elif dated + 1 < len(plain):
            article.title = plain[dated + 1]  # older LexisNexis: publication, date, title
    elif plain:
        article.title = plain[0]


def _lexis_body(article: _Article, rest: list[str]) -> list[str]:
    """The text lines, less page numbers and running titles; a load date or language met on the way is kept."""
    body: list[str] = []
    ended = False
    for index, line in enumerate(rest):
        label = _LEXIS_LABEL.match(line)
        if label and label.group(1).lower() == "language" and label.group(2):
            article.language = article.language or label.group(2)
        if label and label.group(1).lower() == "load-date" and article.date is None and label.group(2):
            article.date = label.group(2)  # the day the database loaded it: the best date left
        if ended or _LEXIS_AFTER_BODY.match(line):
            ended = True
            continue
        if _PAGE.match(line):
            continue
        if article.title and index and _PAGE.match(rest[index - 1]) and line == article.title:
            continue  # the running title under a PDF page number
        body.append(line)
    return body


def _split_lexis(lines: list[str]) -> list[_Article]:
    chunks: list[list[str]] = []
    chunk: list[str] = []
    for line in lines:
        if _LEXIS_END.match(line) or _LEXIS_COUNTER.match(line):
            if any(part.strip() for part in chunk):
                chunks.append(chunk)
            chunk = []
            continue
        chunk.append(line)
    if any(_LEXIS_BODY.match(line) or _LEXIS_LABEL.match(line) for line in chunk):
        chunks.append(chunk)  # the last article, when the file ends without "End of Document"
    articles = [_lexis_article(chunk) for chunk in chunks]
    # A cover page (user, job number, list of titles) before the first article is no article.
    return [a for a in articles if a.title or any(line.strip() for line in a.body)]


# --- both ----------------------------------------------------------------------------------------


def _document(name: str, number: int, kind: str, article: _Article) -> RawDocument | IngestError:
    label = f"article {number}"
    where = f"{name} {label}"
    body = "\n".join(article.body).strip()
    if not body:
        return IngestError(
            where, f"has no article text in the {kind} export. Export it again with the full text, or paste its text."
        )
    text = f"{article.title}\n\n{body}" if article.title else body
    when = article.date if article.date and parse_date(article.date) else None
    return RawDocument(
        text=text,
        title=article.title,
        date=when,
        source=article.source,
        label=label,
        byline=article.byline,
        language=article.language,
    )


def split_export(name: str, text: str) -> list[RawDocument | IngestError] | None:
    """The articles of a Factiva or LexisNexis export (an error in place of any that cannot be used); None for other text."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if _is_factiva(lines):
        kind, articles = "Factiva", _split_factiva(lines)
    elif _is_lexis(lines):
        kind, articles = "LexisNexis", _split_lexis(lines)
    else:
        return None
    if not articles:
        raise IngestError(
            name,
            f"looks like a {kind} export but holds no articles. Export the articles again with their full text, or paste one article's text.",
        )
    return [_document(name, number, kind, article) for number, article in enumerate(articles, start=1)]
