"""The actor registry: canonical actors and every name, role and place that stands for them.

Aliases are matched case-insensitively on whole phrases. A surname alone resolves only when
exactly one registered person carries it, so "Peskov" finds Dmitry Peskov but a shared
surname never guesses.

Offices change hands, so a title is not an alias: a person's dated ``offices`` (``{title: "US
president", from: 2025-01-20}``) say who "the US president" was on an article's date.

A leaf below attribution and the store: it imports only the records and stance.names.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import yaml

from stance.names import NATIONALITIES, loose, normalise, strip_titles
from stance.records import ACTOR_KINDS, Actor


@dataclass(frozen=True)
class Office:
    """One holder of one office, from a day until a day (open-ended when `until` is None)."""

    title: str
    holder: str
    since: date | None = None
    until: date | None = None

    def held_on(self, day: date) -> bool:
        return (self.since is None or self.since <= day) and (self.until is None or day < self.until)


# Words of a title that mean the same office.
_OFFICE_WORDS = {
    "premier": "prime minister",
    "pm": "prime minister",
    "top diplomat": "foreign minister",
    "foreign affairs minister": "foreign minister",
    "minister of foreign affairs": "foreign minister",
    "external affairs minister": "foreign minister",
    "head of state": "president",
}


_PLACES = {
    "america": "united states",
    "usa": "united states",
    "us": "united states",
    "britain": "united kingdom",
    "uk": "united kingdom",
    "un": "un",
    "united nations": "un",
}


class Registry:
    """Known actors and their aliases; unknown speakers are added as unreviewed actors."""

    def __init__(self, actors: list[Actor], offices: Iterable[Office] = ()):
        self.actors: dict[str, Actor] = {}
        self._aliases: dict[str, str] = {}
        self._surnames: dict[str, set[str]] = {}
        self._loose: dict[str, str | None] = {}
        self._governments: dict[str, str] = {}  # country or nationality adjective -> government actor
        self._offices: dict[str, list[Office]] = {}  # office key -> holders
        for actor in actors:
            self.add(actor)
        for office in offices:
            self.add_office(office)

    @classmethod
    def load(cls, path: Path) -> Registry:
        raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        actors, offices = [], []
        for entry in raw.get("actors", []):
            for held in entry.get("offices") or []:
                if not isinstance(held, dict) or not held.get("title"):
                    raise ValueError(
                        f"{path}: actor {entry.get('name')!r} has an office without a title; write {{title: ..., from: YYYY-MM-DD}}"
                    )
                offices.append(
                    Office(held["title"], entry["name"], _day(held.get("from"), path), _day(held.get("to"), path))
                )
            kind = entry.get("kind", "person")
            if kind not in ACTOR_KINDS:
                raise ValueError(
                    f"{path}: actor {entry.get('name')!r} has kind {kind!r}; use one of {', '.join(ACTOR_KINDS)}"
                )
            actors.append(
                Actor(
                    name=entry["name"],
                    kind=kind,
                    affiliation=entry.get("affiliation"),
                    role=entry.get("role"),
                    gender=entry.get("gender"),
                    aliases=list(entry.get("aliases") or []),
                    conflicts=list(entry.get("conflicts") or []),
                )
            )
        return cls(actors, offices)

    def add_office(self, office: Office) -> None:
        self._offices.setdefault(self.office_key(office.title), []).append(office)

    def office_key(self, title: str) -> str:
        """'the U.S. president', 'President of the United States', "America's president" -> 'united states president'."""
        key = loose(title)
        of = re.match(r"^(.+?) of (?:the )?(.+)$", key)
        if of and of.group(1) in (
            "president",
            "prime minister",
            "foreign minister",
            "minister of foreign affairs",
            "head of state",
            "chancellor",
            "king",
            "emir",
            "leader",
            "foreign secretary",
            "defence minister",
            "defense minister",
        ):
            key = f"{of.group(2)} {of.group(1)}"
        for words, same in _OFFICE_WORDS.items():
            key = re.sub(rf"\b{words}$", same, key)
        parts = key.split()
        for size in (3, 2, 1):
            if len(parts) > size:
                place = " ".join(parts[:size])
                country = _PLACES.get(place) or NATIONALITIES.get(place) or self.country_of(place)
                if country:
                    return f"{country} {' '.join(parts[size:])}"
        return key

    def office_holder(self, title: str, on: date | None = None) -> str | None:
        """Who held the office a title names on a day; with no day, its one open-ended holder."""
        holders = self._offices.get(self.office_key(title), [])
        if on is not None:
            fitting = [o.holder for o in holders if o.held_on(on)]
        else:
            fitting = [o.holder for o in holders if o.until is None]
        return fitting[0] if len(set(fitting)) == 1 else None

    def add(self, actor: Actor) -> None:
        self.actors[actor.name] = actor
        for alias in [actor.name, *actor.aliases]:
            self._aliases.setdefault(normalise(alias), actor.name)
            key = loose(alias)
            if self._loose.get(key, actor.name) != actor.name:
                self._loose[key] = None  # two actors share the loose form: never guess
            else:
                self._loose[key] = actor.name
        if actor.kind == "government":
            adjective = re.match(r"^(.+?)\s+government$", actor.name, re.I)
            if adjective:
                self._governments.setdefault(adjective.group(1).lower(), actor.name)
            if actor.affiliation:
                self._governments.setdefault(actor.affiliation.lower(), actor.name)
        if actor.kind in ("person", "commentator"):
            parts = strip_titles(actor.name).split()
            if len(parts) > 1:
                self._surnames.setdefault(parts[-1].lower(), set()).add(actor.name)

    def lookup(self, phrase: str, names: bool = True) -> str | None:
        """The canonical name for a phrase, or None when the registry does not know it.

        With names=False the phrase is matched as a description only: no surname guessing, so
        "the spokesman for Antonio Guterres" never resolves to Guterres himself.
        """
        key = normalise(phrase)
        if not key:
            return None
        if key in self._aliases:
            return self._aliases[key]
        key = normalise(strip_titles(key))
        if key in self._aliases:
            return self._aliases[key]
        key = re.sub(r"'s$", "", key)
        if key in self._aliases:
            return self._aliases[key]
        hit = self._loose.get(loose(key))
        if hit:
            return hit
        if not names:
            return None
        parts = key.split()
        if parts:
            owners = self._surnames.get(parts[-1])
            if owners and len(owners) == 1 and (len(parts) == 1 or self._first_name_fits(next(iter(owners)), parts)):
                return next(iter(owners))
        return None

    def is_office(self, title: str) -> bool:
        return self.office_key(title) in self._offices

    @staticmethod
    def _first_name_fits(canonical: str, parts: list[str]) -> bool:
        """ "Marco Rubio", "M. Rubio" and "State Marco Rubio" fit Marco Rubio; "Jane Rubio" does not."""
        names = strip_titles(canonical).lower().split()
        given = parts[-2].rstrip(".")
        return given in names or (len(given) == 1 and given == names[0][:1])

    def government_of(self, place: str) -> str | None:
        """'Russian', 'Russia' or 'Russia's' -> Russian government, when the registry has it."""
        key = re.sub(r"'s$", "", normalise(place))
        if key in self._governments:
            return self._governments[key]
        known = self.lookup(key)
        actor = self.actors.get(known) if known else None
        return actor.name if actor is not None and actor.kind == "government" else None

    def country_of(self, word: str) -> str | None:
        """The country a nationality adjective or country name refers to, lower case."""
        government = self.government_of(word)
        actor = self.actors.get(government) if government else None
        return actor.affiliation.lower() if actor is not None and actor.affiliation else None

    def gender(self, name: str) -> str | None:
        actor = self.actors.get(name)
        return actor.gender if actor else None


def _day(value: object, path: Path) -> date | None:
    if value is None or isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise ValueError(f"{path}: office date {value!r} is not YYYY-MM-DD") from None
