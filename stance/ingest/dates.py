"""Find a publication date in free text ("Jul 09, 2025", "July 08, 2025 23:00 ET", "2025-03-04").

Only calendar dates count. Relative ones ("on Tuesday", "last week", "yesterday") say when
something happened relative to a publication date nobody wrote down, so they are never read
as one. A date without a year ("May 13" in a dateline) takes its year from the dates around
it (`with_year`).
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

_MONTHS = {
    m: i
    for i, names in enumerate(
        [
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ],
        start=1,
    )
    for m in names
}
_MONTH = r"(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
MONTH = _MONTH  # for patterns elsewhere in ingest (datelines)
MIN_YEAR = 1900  # older "dates" are ids or typos, not publication dates
_PATTERNS = [
    # 2025-03-04 or 2025/03/04 (also the date part of ISO timestamps)
    (re.compile(r"\b(\d{4})[-/](\d{1,2})[-/](\d{1,2})\b"), ("y", "m", "d")),
    # Jul 09, 2025 / July 8 2025
    (re.compile(rf"\b{_MONTH}\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})\b", re.I), ("mon", "d", "y")),
    # 9 July 2025, 16-May-2025 (Meltwater's exports)
    (re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?(?:\s+|-){_MONTH},?(?:\s+|-)(\d{{4}})\b", re.I), ("d", "mon", "y")),
]


def find_date(text: str) -> date | None:
    """The first plausible calendar date in text, or None."""
    found = find_date_span(text)
    return found[2] if found else None


def find_date_span(text: str) -> tuple[int, int, date] | None:
    """The first plausible calendar date in text with where it starts and ends, or None."""
    found: list[tuple[int, int, date]] = []
    for pattern, order in _PATTERNS:
        for match in pattern.finditer(text):
            value = _match_date(match, order)
            if value:
                found.append((match.start(), match.end(), value))
                break
    return min(found) if found else None


def _match_date(match: re.Match, order: tuple[str, ...]) -> date | None:
    """The calendar date a pattern match names, when it is a real and plausible one."""
    parts = dict(zip(order, match.groups()))
    try:
        month = _MONTHS[parts["mon"].lower().rstrip(".")] if "mon" in parts else int(parts["m"])
        value = date(int(parts["y"]), month, int(parts["d"]))
    except (KeyError, ValueError):
        return None
    return value if MIN_YEAR <= value.year <= 2100 else None


def parse_date(value: object) -> date | None:
    """A user- or metadata-given date in any common form; None when it is not a date."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value).strip()[:200]  # a date is short; a huge "date" field must not cost much
    if not text:
        return None
    try:
        parsed = datetime.fromisoformat(text.replace("Z", "+00:00")).date()
    except ValueError:
        return find_date(text)
    return parsed if parsed.year >= MIN_YEAR else None


def month_number(name: str) -> int | None:
    """1 to 12 for "Jan", "January", "Sept." and the like; None otherwise."""
    return _MONTHS.get(name.lower().rstrip("."))


def all_dates(text: str, limit: int = 50) -> list[date]:
    """Every plausible calendar date in text, in order of appearance (at most limit)."""
    found: list[tuple[int, date]] = []
    for pattern, order in _PATTERNS:
        for match in pattern.finditer(text):
            value = _match_date(match, order)
            if value:
                found.append((match.start(), value))
            if len(found) >= 3 * limit:
                break
    return [value for _, value in sorted(found)[:limit]]


def with_year(month: int, day: int, context: list[date], today: date | None = None) -> date | None:
    """The date month/day in the year the context points to ("May 13" in an article of May 2025).

    The context is the dates the article or its metadata give elsewhere; the year chosen puts
    month/day nearest to the latest of them that is not in the future. Without any, the
    upload year, moved back a year when that would put the date in the future.
    """
    today = today or date.today()
    anchors = [d for d in context if d <= today + timedelta(days=1)]
    if anchors:
        anchor = max(anchors)
        candidates = []
        for year in (anchor.year - 1, anchor.year, anchor.year + 1):
            try:
                candidates.append(date(year, month, day))
            except ValueError:
                continue
        candidates = [c for c in candidates if c <= today + timedelta(days=1)]
        return min(candidates, key=lambda c: abs((c - anchor).days)) if candidates else None
    for year in (today.year, today.year - 1):
        try:
            value = date(year, month, day)
        except ValueError:
            continue
        if value <= today:
            return value
    return None


_URL_DATE = (
    re.compile(r"/((?:19|20)\d{2})/(\d{1,2})/(\d{1,2})(?:/|$|[-_.])"),  # /2025/08/16/
    re.compile(r"/((?:19|20)\d{2})-(\d{2})-(\d{2})(?:/|$|[-_.])"),  # /2025-08-16/ or /2025-08-16-slug
    re.compile(r"/((?:19|20)\d{2})(\d{2})(\d{2})(?:/|$)"),  # /20250816/
)


def date_from_url(url: str | None) -> date | None:
    """The date an article's address gives (".../2025/08/16/slug", ".../20250816/..."), else None.

    A year and month alone ("/2025/08/") is not a date and gives None.
    """
    if not url:
        return None
    path = re.sub(r"^[a-z][a-z0-9+.-]*://[^/]*", "", url.strip()[:2000], flags=re.I).split("?")[0].split("#")[0]
    for pattern in _URL_DATE:
        match = pattern.search(path)
        if match:
            try:
                value = date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
            except ValueError:
                continue
            if value.year >= MIN_YEAR:
                return value
    return None
