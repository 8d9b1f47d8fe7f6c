"""What the speaker resolver knows about one article (people and bodies met so far, names learned,
genders) and the actors it keeps."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from spacy.tokens import Doc, Span, Token

from stance.attribution.hygiene import is_junk
from stance.attribution.layout import Layout
from stance.attribution.sentences import Ranges
from stance.attribution.speakers.words import COUNTRIES, PERSON_KINDS
from stance.names import CAPITALS, FEMALE_NAMES, MALE_NAMES, NATIONALITIES, PLACES, normalise, strip_titles
from stance.records import Actor, ActorKind
from stance.registry import Registry

_COMMENTATOR_WORDS = re.compile(
    r"\b(analyst|fellow|professor|expert|researcher|research|scholar|commentator|economist|historian|"
    r"political scientist|think[- ]tank|institute|university|columnist|strategist|specialist|academic|"
    r"centre for|center for|studies|policy forum|policy group|policy centre|policy center|policy initiative)\b",
    re.I,
)


@dataclass
class Mention:
    """An actor met in the text, for later surnames, roles and pronouns."""

    position: int
    name: str
    kind: ActorKind
    salient: bool  # a main-clause subject, or a speaker


@dataclass
class ResolverState:
    """What the resolver knows about one article, and the actors it keeps. The parts of the resolver
    (names, roles, bodies, pronouns) build on it; SpeakerResolver joins them."""

    registry: Registry
    doc: Doc
    layout: Layout
    published: date | None = None  # the article's date: who held an office then
    new_actors: dict[str, Actor] = field(default_factory=dict)
    mentions: list[Mention] = field(default_factory=list)  # people and bodies, in text order
    neuter: list[tuple[int, str | None]] = field(default_factory=list)  # main-clause non-person subjects
    genders: dict[str, str] = field(default_factory=dict)
    descriptors: dict[str, set[str]] = field(default_factory=dict)
    quoted: Ranges = field(default_factory=lambda: Ranges([]))  # direct quotes: their words name no speaker
    _local: dict[str, str] = field(default_factory=dict)  # surname -> full name of unregistered people
    _run_of: dict[int, Span] = field(default_factory=dict)
    _run_cache: dict[int, str | None] = field(default_factory=dict)
    _ent_of: dict[int, Span] = field(default_factory=dict)
    _author_cache: dict[str, bool] = field(default_factory=dict)
    _officials: list[tuple[int, str]] = field(default_factory=list)  # where an official of a body was met, and the body
    _places: set[str] = field(default_factory=set)  # one-word names the article puts things "in" or "at"
    _acronyms: dict[str, str] = field(
        default_factory=dict
    )  # "VLF" -> "Varnian Liberation Front", as the article spells it out

    def kind_of(self, name: str) -> ActorKind | None:
        """The actor's kind: registered, new in this article, or a person named here in full."""
        actor = self.registry.actors.get(name) or self.new_actors.get(name)
        return actor.kind if actor else ("person" if name in self._local.values() else None)

    def gender_of(self, name: str) -> str | None:
        """From the registry or this article, else from the first name."""
        known = self.registry.gender(name) or self.genders.get(name)
        if known:
            return known
        first = strip_titles(name).split()[0].lower() if name.split() else ""
        first = first.split("-")[0] if first not in FEMALE_NAMES | MALE_NAMES else first
        if first in FEMALE_NAMES:
            return "female"
        if first in MALE_NAMES:
            return "male"
        return None

    def ensure_actor(self, name: str, kind: ActorKind, context: str = "") -> str:
        """A speaker the registry does not know becomes an unreviewed actor."""
        if name in self.registry.actors:
            return name
        if name in self.new_actors:
            if kind == "commentator" and self.new_actors[name].kind == "person":
                self.new_actors[name].kind = "commentator"
            return name
        if kind == "person" and _COMMENTATOR_WORDS.search(context):
            kind = "commentator"
        self.new_actors[name] = Actor(
            name=name, kind=kind, gender=self.gender_of(name) if kind in PERSON_KINDS else None, reviewed=False
        )
        return name

    def actor(self, name: str) -> Actor:
        """The registered or new actor of that name (made a new person when unknown)."""
        if name in self.registry.actors:
            return self.registry.actors[name]
        if name not in self.new_actors:
            self.ensure_actor(name, "person")
        return self.new_actors[name]

    def note_speaker(self, name: str, position: int) -> None:
        """A speaker is the likeliest antecedent of the next pronoun of its kind."""
        kind = self.kind_of(name)
        if kind in PERSON_KINDS or kind is None:
            self.mentions.append(Mention(position, name, kind or "person", True))
            self.mentions.sort(key=lambda m: m.position)
        else:
            self.neuter.append((position, name))
            self.neuter.sort(key=lambda n: n[0])

    def is_author(self, name: str) -> bool:
        """A byline name or the publishing outlet: never a speaker."""
        return self._is_author_or_outlet(name)

    def _is_author_or_outlet(self, text: str) -> bool:
        if text not in self._author_cache:
            self._author_cache[text] = self._author_or_outlet(text)
        return self._author_cache[text]

    def _author_or_outlet(self, text: str) -> bool:
        key = normalise(re.sub(r"'s$|’s$", "", text))
        if not key:
            return False
        if is_junk(text) and self.registry.lookup(text, names=False) is None:
            return True
        for author in self.layout.authors:
            author_key = normalise(author)
            if key == author_key or (len(key.split()) == 1 and author_key.split()[-1:] == [key]):
                return True
        for outlet in self.layout.outlets:
            outlet_key = normalise(outlet)
            initials = "".join(w[0] for w in key.split() if w not in ("the", "of", "and", "&"))
            if key == outlet_key or initials == outlet_key.replace(" ", "") or outlet_key in key.split():
                return True
        return False

    def is_place(self, text: str) -> bool:
        """'New Delhi', 'Geneva', 'Israel': a capital, a known city or region, or a country."""
        key = normalise(text)
        if key in CAPITALS or key in PLACES or key in self._places or key in COUNTRIES:
            return True
        # "New Delhi", "Moscow": a seat of government the registry knows (for a dateline, never "the Indian government")
        return self.registry.government_of(key) is not None and len(key.split()) <= 3 and "government" not in key

    def phrase(self, token: Token) -> Span:
        """The noun phrase of a subject: determiners, modifiers, compounds, possessives; no clauses."""
        keep = [token.i]
        for child in token.lefts:
            if (
                child.dep_ in ("det", "amod", "compound", "poss", "nmod", "nummod", "case", "quantmod", "npadvmod")
                or child.ent_type_
            ):
                keep.extend(t.i for t in child.subtree)
        for child in token.rights:
            if child.dep_ in ("compound", "flat", "case"):
                keep.extend(t.i for t in child.subtree)
        return token.doc[min(keep) : max(keep) + 1]

    def _nationality(self, word: str) -> str | None:
        word = word.lower()
        if word in COUNTRIES:
            return word
        return (
            NATIONALITIES.get(word) or NATIONALITIES.get(word.strip(".")) or self.registry.country_of(word.strip("."))
        )

    def _new_government(self, country: str) -> str | None:
        """The government of a country: registered, or a new unreviewed one ("Lebanese government")."""
        known = self.registry.government_of(country)
        if known:
            return known
        adjective = next((adj for adj, place in NATIONALITIES.items() if place == country and adj != country), None)
        return self.ensure_actor(f"{adjective.title()} government", "government") if adjective else None

    def _in_quote(self, position: int) -> bool:
        return position in self.quoted

    def resolve(self, token: Token, anchor: int | None = None, exclude: tuple[int, int] | None = None) -> str | None:
        """The actor a subject token stands for (SpeakerResolver.resolve): the parts ask it about owners and members."""
        raise NotImplementedError
