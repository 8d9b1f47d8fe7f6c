"""Strip wire and web boilerplate from article text, and pull out title, date and source.

Works on plain text, so every reader (txt, md, html, pdf, docx, rtf, batch rows) shares it.
The rule throughout: a line is dropped only when it clearly is furniture (a copyright
line, a "Write to ... at x@y" line, a list of related links). A real paragraph that
merely starts with a suspicious word ("Most read the move as ...") is kept, because a
lost paragraph can hide a statement, while leftover furniture only adds noise.

Furniture of crawled pages, each a line of its own:

    date 2025-08-16 Envoys meet again        a crawl prefix: read as the date, the rest kept (or dropped when it repeats the headline)
    Updated On Aug 16, 2025, 10:00 IST       a time stamp (its date read when none was found before)
    Pool Photo / File photo / PHOTO: AFP     photo credits
    Smoke rises over the port. (Photo by Jane Doe/AFP)
                                             an image caption ending with a credit (never a line with a quote or "said")
    ALSO READ: Talks stall again             a link to another story
    Home | World | Politics                  navigation words
    Page 2 of 5, https://..., •, 3 min read  page numbers, bare addresses, bullets, reading times

A time on a line of its own ("19:48 CET") stays: it starts a live-blog entry or a briefing turn.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from stance.ingest.datelines import Dateline, place_line, read_dateline
from stance.ingest.dates import all_dates, find_date_span

# A line that ends the article: everything after it is wire furniture.
_END_MARKER = re.compile(r"^\s*(\(END\)|-+\s*END\s*-+\s*$|#{3}\s*$|END OF (ARTICLE|STORY)\b)", re.I)

# A heading over a list of other stories. The heading and the list under it go; the
# article goes on after the list, so a sidebar in the middle of a page costs nothing.
_LIST_HEADING = re.compile(
    r"^\s*(Most (Discussed|Read|Popular|Viewed|Shared|Commented)|Related (articles?|stories|coverage|content|news|links)"
    r"|More (on this story|from \S.{0,40})|Recommended( for you)?|Read (more|next|also)|Top stories|Trending( now)?"
    r"|You may also like|Latest news)\s*:?\s*$",
    re.I,
)
_LIST_ITEM = re.compile(r"^\s*([-•*·]|\d{1,3}[.)])(\s|$)")  # "- item", "3. item"; not "100 people ..."
_SENTENCE_END = (".", "!", "?", '"', "”", "’", "'", ")")

# Single furniture lines, anywhere in the text. Each alternative must match the whole line.
_JUNK_LINE = re.compile(
    r"^\s*("
    r"Write to [^@\n]{1,200} at \S+@\S+.{0,200}"
    r"|(Copyright\s*(\(c\)|©|\d{4})|\(c\)\s*(\d{4}|[A-Z])|©).{0,200}"
    r"|All rights reserved\b.{0,200}"
    r"|Disclaimer:.*"
    r"|At the request of the copyright holder.{0,200}"
    r"|(Share|Share (this|the) (article|story|page)|Tweet|Email|E-mail|Print|Save|Comment|Comments|Listen)"
    r"(\s+(on|via|to)\s+\w+)?\s*[|:]?"
    r"|(Subscribe|Sign up|Sign in|Log in|Click here|Advertisement|Follow us|Download (our|the) app"
    r"|Accept (all )?cookies|We use cookies|This (site|website) uses cookies|Cookie (settings|policy)"
    r"|Skip to (main )?content|Back to top)\b.{0,200}"
    r"|[\d.\s]{1,12}"
    r"|[-*_=~•·|\s]+"
    r"|(?:ALSO READ|READ ALSO)\b.{0,200}"
    r"|(?:READ MORE|SEE ALSO)(\s*[:|»›>-].{0,200})?"
    r"|Page \d+ of \d+"
    r"|https?://\S+"
    r"|(Reading time:?\s*)?\d{1,3}\s*min(ute)?s?( read)?"
    r")\s*$",
    re.I,
)
# A line made only of navigation words ("Home", "World | Politics", "Connect with us", "Follow topic:").
_NAV_WORD = (
    r"(Home|News|World|Politics|Business|Opinion|Sports?|Menu|Search|Log ?in|Log ?out|Register|Next|Previous|Prev|More|Latest"
    r"|Trending|Videos?|Photos|Gallery|Live|Topics|Tags|Explore|Connect with us|Follow topic|Follow|Quick Reads"
    r"|Close|Contact us|About us|Newsletters?|Podcasts?|Watch|Main menu|Skip navigation|Breaking News)"
)
_NAV_LINE = re.compile(rf"^{_NAV_WORD}((\s*[|/•·:>»]\s*|\s+){_NAV_WORD}){{0,8}}:?$", re.I)
# "Updated On Aug 16, 2025 10:00 IST", "Published: 10:21, May 7, 2025 | Updated: 16:32, May 7, 2025"
_STAMP_LINE = re.compile(
    r"^\s*(Published|Updated|Last updated|Posted|First published)(\s+on)?\b\s*[:|-]?\s*(?P<rest>.{0,90})$", re.I
)
# Photo credits on a line of their own: "Pool Photo", "File photo", "Photo: Jane Doe / Reuters", "PHOTO: REUTERS", "(Video: from X)".
_CREDIT_LINE = re.compile(
    r"^\s*\(?\s*((AP|AFP|Reuters|Pool|File|Handout|Representational)\s+)?(Photo|Photograph|Image|Picture|Video)s?"
    r"(\s*(:|/|\bby\b|\bvia\b|\bcredits?\b|-|–)\s*[^.]{0,80})?\s*\)?\.?\s*$",
    re.I,
)
_CAPTION_START = re.compile(r"^(In this|This) (pool |file |handout |undated )?(photo|photograph|image|picture)\b", re.I)
# The credit that ends an image caption: "(Photo by Jane Doe/AFP)", "(PHOTO / AFP)", "(Jane Doe / Wikimedia Commons)",
# "... Press Service/Handout via REUTERS", "REUTERS/Jane Doe".
_CAPTION_CREDIT = re.compile(
    r"(\((AP |AFP |Reuters )?(Photo|Photograph|Image|Picture|Credit|File)s?\b[^()]{0,80}\)"
    r"|\([^()]{0,60}[A-Za-z]\s?/\s?[A-Z][^()]{0,60}\)"
    r"|\b(via|/)\s?(REUTERS|Reuters|AFP|AP|Getty Images|EPA|EPA-EFE|Xinhua|Anadolu|Sputnik|TASS)"
    r"|\bREUTERS/[A-Z][\w.' -]{1,40}"
    r"|\b(PHOTO|Photo|Image)s?\s*(by|:)\s*[^.]{1,80})\s*\.?\s*$"
)
_SPOKEN = re.compile(r"[\"“”]|\b(said|says|told|stated|added|according to|warned|insisted)\b", re.I)
_CRAWL_PREFIX = re.compile(r"^date (\d{4}-\d{2}-\d{2})\b\s*")
_BYLINE = re.compile(r"^\s*By\s+[A-Z][\w.'-]+(\s+(and\s+)?[A-Z][\w.'-]+){0,5}\s*$")
_TIMESTAMP = re.compile(r"(at\s+)?\d{1,2}:\d{2}(:\d{2})?( ?[ap]\.?m\.?)? ?(ET|GMT|UTC|EST|EDT|BST|CET|CEST)\b", re.I)
# Words around a header date that are not the source: "Thursday, March 13, 2025", "Updated Jul 9".
_NOT_SOURCE = re.compile(
    r"\b(monday|tuesday|wednesday|thursday|friday|saturday|sunday|updated|last updated|published|posted|on|at)\b", re.I
)
_ABBREVIATION = re.compile(r"(\b[A-Z]\.|\b(Mr|Mrs|Ms|Dr|Gen|Sen|Rep|Gov|Lt|Col|Sgt|Capt|Prof|Jr|Sr|St|No|vs)\.)$")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")  # invisible, and some databases refuse NUL
_WRAP_MIN = 40  # a line shorter than this is a line of its own (title, source, list item), not wrapped prose


@dataclass
class CleanText:
    text: str
    title: str | None
    published: date | None
    source: str | None
    author: str | None
    place: str | None = None  # from the dateline ("KYIV, Ukraine")
    agency: str | None = None  # from the dateline ("AP")


def _continues(previous: str, line: str, width: int) -> bool:
    """Whether line is the wrapped rest of previous (PDF and hard-wrapped text), not a line of its own.

    Wrapped prose fills its lines nearly to the width of the block; a title, a source
    name or a list item is shorter, so it stays a paragraph of its own.
    """
    if len(previous) < max(_WRAP_MIN, 0.7 * width) or _LIST_ITEM.match(line):
        return False
    if not previous.endswith(_SENTENCE_END):
        return True
    return line[:1].islower() or bool(_ABBREVIATION.search(previous))


def _paragraphs(text: str) -> list[str]:
    """Blank lines separate paragraphs; inside a block, lines join only where they are wrapped prose.

    Header lines ("Harbor Press Agency" / "Jan 16, 2025"), list items and one-line
    furniture stay apart, so each can be recognised on its own.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u00a0", " ").replace("\f", "\n\n")
    text = _CONTROL.sub("", text)
    paragraphs: list[str] = []
    for block in re.split(r"\n[ \t]*\n", text):
        lines = [line.strip() for line in block.split("\n") if line.strip()]
        width = max((len(line) for line in lines), default=0)
        current: list[str] = []
        for line in lines:
            if current and not _continues(current[-1], line, width):
                paragraphs.append(" ".join(current))
                current = []
            current.append(line)
        if current:
            paragraphs.append(" ".join(current))
    return paragraphs


def _drop_lists(lines: list[str]) -> list[str]:
    """Remove each "Most Discussed" / "Related articles" heading with the list of links under it."""
    kept: list[str] = []
    in_list = False
    for line in lines:
        if _LIST_HEADING.match(line):
            in_list = True
            continue
        if in_list and (_LIST_ITEM.match(line) or not line.endswith(_SENTENCE_END)):
            continue  # a numbered or bulleted item, or a headline (headlines do not end in a full stop)
        in_list = False
        kept.append(line)
    return kept


def _timestamp_date(line: str) -> date | None:
    """The date of a wire timestamp line ("July 08, 2025 23:00 ET (03:00 GMT)"), else None.

    Only a short line that starts with the date and has a time after it counts: a
    sentence that mentions "10:00 GMT" is article text.
    """
    if len(line) > 80 or ":" not in line:
        return None
    found = find_date_span(line)
    if found is None or _NOT_SOURCE.sub("", line[: found[0]]).strip(" ,"):
        return None
    return found[2] if _TIMESTAMP.match(line[found[1] :].lstrip(" ,")) else None


def _wire_timestamp_date(lines: list[str]) -> date | None:
    return next((found for line in lines if (found := _timestamp_date(line))), None)


_SHORT = 150  # navigation words, credits and stamps are short lines; longer ones are not even tried


def _is_junk(line: str) -> bool:
    if _JUNK_LINE.match(line) or _timestamp_date(line) is not None:
        return True
    return len(line) <= _SHORT and bool(_NAV_LINE.match(line) or _CREDIT_LINE.match(line))


def _is_caption(line: str) -> bool:
    """An image caption: "In this photo ..." or a line ending with a photo credit, with nobody speaking in it."""
    if len(line) > 600 or _SPOKEN.search(line):
        return False
    return bool(_CAPTION_START.match(line) or _CAPTION_CREDIT.search(line))


def _stamp_date(line: str) -> tuple[bool, date | None]:
    """Whether line is a "Published ..."/"Updated On ..." stamp, and the date on it."""
    match = _STAMP_LINE.match(line) if len(line) <= _SHORT else None
    if (
        not match
        or line.rstrip().endswith(".")
        or not (re.search(r"\d", match.group("rest")) or not match.group("rest").strip())
    ):
        return False, None
    found = find_date_span(match.group("rest"))
    return True, found[2] if found else None


def _same(a: str, b: str) -> bool:
    return re.sub(r"\W+", " ", a).strip().lower() == re.sub(r"\W+", " ", b).strip().lower()


def _source_before_date(prefix: str) -> str | None:
    """ "Harbor Press Agency" from "Harbor Press Agency, Thursday, Jan 16, 2025"; None for "Updated"."""
    words = _NOT_SOURCE.sub(" ", prefix).strip(" ,|-·–—*")
    words = re.sub(r"\s+", " ", words)
    return words if words and len(words.split()) <= 5 else None


def _header_date(line: str) -> tuple[date, str] | None:
    """The date on a header line ("Jul 09, 2025", "Harbor Press, Thursday, March 13, 2025") and the words before it.

    A short sentence that mentions a date ("Talks began on March 3, 2025.") is a paragraph, not a header.
    """
    if len(line) > 80 or line.endswith("."):
        return None
    found = find_date_span(line)
    if found is None:
        return None
    start, end, value = found
    prefix, rest = line[:start], line[end:]
    if len(prefix.split()) > 6 or len(rest.strip(" *_")) > 40:
        return None
    return value, prefix


# One pass over the header lines with a few pieces of state; split up, the order of the checks (which is
# the logic) would be spread over helpers that each need all the state.
def clean(raw: str, context: list[date] | None = None, today: date | None = None) -> CleanText:  # noqa: C901
    """Drop boilerplate, find title, date, source and byline in the header lines, and read the dateline.

    context: dates the document's metadata gives, for a dateline without a year ("May 13");
    today: the upload day, which no date found may be after.
    """
    lines = _paragraphs(raw)
    body: list[str] = []
    tail: list[str] = []
    for i, line in enumerate(lines):
        if _END_MARKER.match(line):
            tail = lines[i:]
            break
        body.append(line)
    tail_date = _wire_timestamp_date(tail) or _wire_timestamp_date(body)
    body = _drop_lists(body)

    title = source = author = None
    published: date | None = None
    header_done = False
    kept: list[str] = []
    for index, line in enumerate(body):
        crawl = _CRAWL_PREFIX.match(line) if index < 8 else None
        if crawl:
            published = published or _iso(crawl.group(1))
            line = line[crawl.end() :]
            if not line:
                continue
        stamp, stamped = _stamp_date(line)
        if stamp:
            if index < 8:  # further down, a stamp belongs to some other story on the page
                published = published or stamped
            continue
        if _is_junk(line) or _is_caption(line):
            continue
        if title is not None and index < 16 and _same(line, title):
            continue  # the headline again, as pages repeat it under a crawl prefix or a section name
        if not header_done and index < 8:
            if not kept and title is None and len(line) <= 250 and not line.endswith((".", ":")):
                title = line
                kept.append(line)
                continue
            if _BYLINE.match(line):
                author = line.strip()[3:].strip()
                continue
            dated = _header_date(line) if published is None else None
            if dated:
                published, prefix = dated
                if source is None:
                    source = _source_before_date(prefix)
                continue
            if source is not None and place_line(line):
                continue  # "ISTANBUL" or "New Delhi:" under the source: a dateline on a line of its own
            if (
                source is None
                and len(line.split()) <= 5
                and line[:1].isalpha()
                and not line.endswith(".")
                and not read_dateline(line, [])
            ):
                source = line
                continue
            header_done = True
        kept.append(line)
    dateline = _dateline(
        kept, 1 if kept and kept[0] == title else 0, [d for d in (published, tail_date) if d] + (context or []), today
    )
    if published is None and dateline is not None:
        published = dateline.published
    if published is None:
        published = tail_date
    text = "\n\n".join(kept).strip()
    return CleanText(
        text=text,
        title=title,
        published=published,
        source=source,
        author=author,
        place=dateline.place if dateline else None,
        agency=dateline.agency if dateline else None,
    )


def _iso(value: str) -> date | None:
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


def _dateline(kept: list[str], first: int, anchors: list[date], today: date | None) -> Dateline | None:
    """Read the dateline in the first paragraphs after the title, and cut it from its paragraph where it would glue on.

    The year of a dateline without one comes from the dates found so far (anchors), else the
    dates in the text, else the upload day.
    """
    anchors = anchors or all_dates("\n".join(kept))
    for index in range(first, min(len(kept), first + 8)):
        dateline = read_dateline(kept[index], anchors, today)
        if dateline is None:
            continue
        if dateline.strip:
            rest = kept[index][dateline.end :].strip()
            if rest:
                kept[index] = rest
            else:
                del kept[index]
        return dateline
    return None
