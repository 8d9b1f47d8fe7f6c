"""Find a publication date in free text ("Jul 09, 2025", "July 08, 2025 23:00 ET", "2025-03-04")."""

from __future__ import annotations

import re
from datetime import date, datetime

_MONTHS = {
    m: i
    for i, names in enumerate(
        [
            ("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"),
            ("may",), ("jun", "june"), ("jul", "july"), ("aug", "august"),
            ("sep", "sept", "september"), ("oct", "october"), ("nov", "november"), ("dec", "december"),
        ],
        start=1,
    )
    for m in names
}
_MONTH = r"(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
MIN_YEAR = 1900  # older "dates" are ids or typos, not publication dates
_PATTERNS = [
    # 2025-03-04 or 2025/03/04 (also the date part of ISO timestamps)
    (re.compile(r"\b(\d{4})[-/](\d{1,2})[-/](\d{1,2})\b"), ("y", "m", "d")),
    # Jul 09, 2025 / July 8 2025
    (re.compile(rf"\b{_MONTH}\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})\b", re.I), ("mon", "d", "y")),
    # 9 July 2025
    (re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+{_MONTH},?\s+(\d{{4}})\b", re.I), ("d", "mon", "y")),
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
            parts = dict(zip(order, match.groups()))
            try:
                month = _MONTHS[parts["mon"].lower().rstrip(".")] if "mon" in parts else int(parts["m"])
                value = date(int(parts["y"]), month, int(parts["d"]))
            except (KeyError, ValueError):
                continue
            if MIN_YEAR <= value.year <= 2100:
                found.append((match.start(), match.end(), value))
                break
    return min(found) if found else None


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
