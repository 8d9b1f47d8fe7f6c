"""Strip wire and web boilerplate from pasted article text, and pull out title, date and source.

Works line by line on plain text, so every reader (txt, html, pdf, docx) shares it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from stance.ingest.dates import find_date, find_date_at

# A line that ends the article: everything after it is wire furniture.
_END_MARKERS = re.compile(
    r"^\s*(\(END\)|-+\s*END\s*-+|#{3}\s*$|END OF ARTICLE|Most (Discussed|Read|Popular|Viewed)\b"
    r"|Related (articles|stories|coverage)\s*:?\s*$|Disclaimer:|At the request of the copyright holder)",
    re.I,
)
# Single junk lines anywhere in the text.
_JUNK_LINE = re.compile(
    r"^\s*("
    r"Write to .{1,120}\bat\b.{1,120}$"
    r"|(Copyright|\(c\)|©).{0,200}$"
    r"|All rights reserved\.?.*$"
    r"|(Share|Share this( article| story)?|Tweet|Email|Print|Save|Comment|Comments)\s*(on\s+\w+)?\s*[|:]?\s*$"
    r"|(Subscribe|Sign up|Sign in|Log in|Click here|Read more|Advertisement|Follow us|Download (our|the) app|"
    r"Accept (all )?cookies|We use cookies|Skip to (main )?content|Back to top)\b.{0,200}$"
    r"|[\d.\s]{1,12}$"
    r"|[A-Z][a-z]+ \d{1,2}, \d{4} \d{1,2}:\d{2} ?(ET|GMT|UTC|EST|EDT)\b.*$"
    r")",
    re.I,
)
_BYLINE = re.compile(r"^\s*By\s+[A-Z][\w.'-]+(\s+(and\s+)?[A-Z][\w.'-]+){0,5}\s*$")
_DATELINE = re.compile(r"^[A-Z][A-Z .,'-]{2,40}(\([A-Za-z ]+\))?\s*(--|—|–)\s*")


@dataclass
class CleanText:
    text: str
    title: str | None
    published: date | None
    source: str | None
    author: str | None


def _paragraphs(text: str) -> list[str]:
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u00a0", " ")
    paragraphs, current = [], []
    for line in text.split("\n"):
        if line.strip():
            current.append(line.strip())
        elif current:
            paragraphs.append(" ".join(current))
            current = []
    if current:
        paragraphs.append(" ".join(current))
    return paragraphs


def _wire_timestamp_date(lines: list[str]) -> date | None:
    for line in lines:
        if re.search(r"\d{1,2}:\d{2} ?(ET|GMT|UTC|EST|EDT)\b", line):
            found = find_date(line)
            if found:
                return found
    return None


def clean(raw: str) -> CleanText:
    """Drop boilerplate, find title, date, source and byline in the header lines."""
    lines = _paragraphs(raw)
    body: list[str] = []
    tail: list[str] = []
    for i, line in enumerate(lines):
        if _END_MARKERS.match(line):
            tail = lines[i:]
            break
        body.append(line)
    tail_date = _wire_timestamp_date(tail) or _wire_timestamp_date(body)

    title = source = author = None
    published: date | None = None
    header_done = False
    kept: list[str] = []
    for index, line in enumerate(body):
        if not header_done and index < 8:
            if index == 0 and len(line) <= 250 and not line.endswith((".", ":")):
                title = line
                kept.append(line)
                continue
            if _BYLINE.match(line):
                author = line.strip()[3:].strip()
                continue
            dated = find_date_at(line) if published is None and len(line) <= 80 else None
            if dated:
                published = dated[1]
                prefix = line[: dated[0]].strip(" ,|-·–—")
                if prefix and source is None and len(prefix.split()) <= 5:
                    source = prefix
                continue
            if source is None and len(line.split()) <= 5 and not line.endswith(".") and not _DATELINE.match(line):
                source = line
                continue
            header_done = True
        if _JUNK_LINE.match(line):
            continue
        kept.append(line)
    if published is None:
        published = tail_date
    text = "\n\n".join(kept).strip()
    return CleanText(text=text, title=title, published=published, source=source, author=author)
