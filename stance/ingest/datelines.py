"""Datelines: the place (and often date and agency) that opens a wire story.

    Moscow, Jun 01, 2025 -- The Kremlin said ...         place, full date
    KYIV, Ukraine (AP) — Officials said ...             place, agency
    WASHINGTON, May 13 (Reuters) - The envoy said ...   place, month and day (year from context), agency
    GENEVA (AFP) - Mediators said ...                   place, agency
    BEIJING, Sept 4 -President Putin said ...           no space after the dash
    GENEVA -- Negotiators said ...                      place only

A dateline with a date or an agency is cut from the paragraph, so that "WASHINGTON, May 13
(Reuters) - The envoy" never reaches attribution as one subject. A place-only dateline in
capitals stays: attribution already ends a sentence there, and it is how our own wire copy
reads. A weekday ("KYIV, Tuesday (AP) -") is relative and never becomes a date.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from stance.ingest.dates import MONTH, month_number, with_year

_WEEKDAY = r"(?i:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(?:day|nesday|rsday|urday)?\.?"
_CAPS_PLACE = r"[A-Z][A-Z.'’-]+(?:[ /][A-Z][A-Z.'’-]*){0,3}"  # KYIV, SHARM EL-SHEIKH, MUSCAT/SANAA
_MIXED_PLACE = r"[A-Z][a-z.'’-]+(?: [A-Z][a-z.'’-]+){0,2}"  # Moscow, New Delhi
_REGION = rf"(?P<region>,[ \t]*(?!{_WEEKDAY}\b)[A-Z][A-Za-z.'’-]+(?: [A-Z][A-Za-z.'’-]+){{0,2}})?"  # , Ukraine / , Saudi Arabia
_WHEN = (
    rf"(?:,[ \t]*(?:{_WEEKDAY},?[ \t]*)?(?P<when>(?i:{MONTH})[ \t]+\d{{1,2}}(?:st|nd|rd|th)?(?:,?[ \t]+\d{{4}})?"
    rf"|\d{{1,2}}(?:st|nd|rd|th)?[ \t]+(?i:{MONTH})(?:,?[ \t]+\d{{4}})?)"
    rf"|,[ \t]*(?P<weekday>{_WEEKDAY}))?"
)
_AGENCY = r"(?:[ \t]*\((?P<agency>[A-Z][A-Za-z0-9 .&/-]{0,30}?)\))?"
_DATELINE = re.compile(
    rf"^(?P<place>(?P<caps>{_CAPS_PLACE})|{_MIXED_PLACE}){_REGION}{_WHEN}{_AGENCY}"
    r"[ \t]*(?P<dash>--|—|–|-)(?P<space>[ \t]+|(?=[A-Z\"“‘']))"
)
_PARTS = re.compile(
    rf"(?:(?P<mon>{MONTH})[ \t]+(?P<d>\d{{1,2}})|(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?[ \t]+(?P<mon2>{MONTH}))(?:\D+(?P<y>\d{{4}}))?",
    re.I,
)
_PLACE_LINE = re.compile(rf"^(?:{_CAPS_PLACE}{_REGION.replace('?P<region>', '')}|{_MIXED_PLACE}:)$")


@dataclass
class Dateline:
    place: str
    published: date | None  # None when there is no date, or only a weekday
    agency: str | None
    end: int  # where the story text starts after it
    strip: bool  # whether to cut it from the text


def read_dateline(paragraph: str, context: list[date], today: date | None = None) -> Dateline | None:
    """The dateline opening paragraph, or None. context: the article's other dates, for a missing year."""
    match = _DATELINE.match(paragraph[:160])
    if match is None:
        return None
    when, agency = match.group("when"), match.group("agency")
    caps = match.group("caps") is not None
    if not caps and not (when or agency):
        return None  # "Ukraine - which ..." is prose; a mixed-case place needs a date or agency to be a dateline
    if not match.group("space") and not (when or agency):
        return None  # "ABC-News" style words glued to a dash
    if caps and len(match.group("caps").replace(" ", "")) < 2:
        return None
    published = _dateline_date(when, context, today) if when else None
    place = (match.group("place") + (match.group("region") or "")).strip(" ,")
    strip = bool(when or agency or match.group("weekday") or not caps or not match.group("space"))
    return Dateline(
        place=place, published=published, agency=agency.strip() if agency else None, end=match.end(), strip=strip
    )


def _dateline_date(when: str, context: list[date], today: date | None) -> date | None:
    parts = _PARTS.search(when)
    if parts is None:
        return None
    month = month_number(parts.group("mon") or parts.group("mon2"))
    day = int(parts.group("d") or parts.group("d2"))
    if month is None:
        return None
    if parts.group("y"):
        try:
            return date(int(parts.group("y")), month, day)
        except ValueError:
            return None
    return with_year(month, day, context, today)


def place_line(line: str) -> str | None:
    """A header line that is only a place ("ISTANBUL", "BOGOTA, Colombia", "New Delhi:"), else None."""
    if len(line) > 40 or not _PLACE_LINE.match(line):
        return None
    return line.rstrip(":").strip()
