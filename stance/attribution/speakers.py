"""Turn the words that name a speaker into a canonical actor.

A speaker can be a name ("Dmitry Peskov"), a role ("the Russian leader"), a body or place
("the Kremlin", "Moscow"), a possessive role ("Putin's spokesman") or a pronoun. Names
never seen before become new, unreviewed actors; anonymous speakers ("officials",
"a senior diplomat") are dropped on purpose: a stance needs an accountable actor.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from spacy.tokens import Span, Token

from stance.attribution.registry import Registry, normalise, strip_titles
from stance.records import Actor

_COMMENTATOR_WORDS = re.compile(
    r"\b(analyst|fellow|professor|expert|researcher|scholar|commentator|critic|economist|historian|"
    r"political scientist|think[- ]tank|institute|university|columnist|strategist)\b",
    re.I,
)
_ANONYMOUS = {
    "official", "officials", "diplomat", "diplomats", "source", "sources", "analyst", "analysts", "observer",
    "observers", "expert", "experts", "people", "critic", "critics", "aide", "aides", "person", "someone",
    "witness", "witnesses", "resident", "residents", "commentator", "commentators", "lawmaker", "lawmakers",
    "report", "reports", "statement", "media", "newspaper", "agency", "poll", "survey", "document", "memo",
}
_FEMALE_NAMES = {
    "maria", "kaja", "ursula", "karoline", "tatiana", "tatyana", "giorgia", "kamala", "hillary", "anna", "olga",
    "elena", "yulia", "iryna", "irina", "natalia", "ekaterina", "kristi", "tulsi", "marine", "annalena",
    "sarah", "mette", "kelly", "nikki", "linda", "susan", "mary", "claudia", "sheinbaum", "fiona", "hanna",
    "angela", "christine", "roberta", "valentina", "svetlana", "lyudmila", "marta", "julia", "rachel", "samantha",
}
PRONOUN_GENDER = {"he": "male", "him": "male", "she": "female", "her": "female"}


@dataclass
class Mention:
    """A person named in the text, kept so later pronouns can find them."""

    position: int
    name: str
    gender: str | None
    subject: bool


@dataclass
class SpeakerResolver:
    """Resolves speakers within one article; remembers its people for surnames and pronouns."""

    registry: Registry
    new_actors: dict[str, Actor] = field(default_factory=dict)
    mentions: list[Mention] = field(default_factory=list)
    last_body: str | None = None  # the last government or organisation that spoke, for "it"/"they"
    _local_surnames: dict[str, str] = field(default_factory=dict)

    # ----- names -------------------------------------------------------------------
    def remember_people(self, doc) -> None:
        """Index every person named in the article, so "Stanovaya" later means "Tatiana Stanovaya".

        The small spaCy model often tags "Trump" as ORG, so runs of proper nouns are checked
        against the registry as well as against the PERSON entities.
        """
        for chunk in _name_chunks(doc):
            known = self.registry.lookup(chunk.text)
            actor = self.registry.actors.get(known) if known else None
            if actor is not None and actor.kind not in ("person", "commentator"):
                continue
            if actor is None and not looks_like_person(chunk):
                continue
            name = self.person_name(chunk.text)
            if name is None:
                continue
            subject = chunk[-1].dep_ in ("nsubj", "nsubjpass") or chunk.root.dep_ in ("nsubj", "nsubjpass")
            self.mentions.append(Mention(chunk.start_char, name, self.gender_of(name), subject))

    def person_name(self, text: str) -> str | None:
        text = re.sub(r"'s$|’s$", "", text.strip()).strip()
        if not text or not re.search(r"[A-Z]", text):
            return None
        known = self.registry.lookup(text)
        if known:
            return known
        bare = strip_titles(text)
        parts = bare.split()
        if not parts:
            return None
        surname = parts[-1].lower()
        if len(parts) >= 2:
            self._local_surnames.setdefault(surname, bare)
            return self._local_surnames[surname]
        return self._local_surnames.get(surname)

    def gender_of(self, name: str) -> str | None:
        known = self.registry.gender(name) or (self.new_actors[name].gender if name in self.new_actors else None)
        if known:
            return known
        first = name.split()[0].lower()
        return "female" if first in _FEMALE_NAMES else None

    def ensure_actor(self, name: str, kind: str, context: str = "") -> str:
        """Add a speaker the registry does not know, as an unreviewed actor."""
        if name in self.registry.actors or name in self.new_actors:
            return name
        if kind == "person" and _COMMENTATOR_WORDS.search(context):
            kind = "commentator"
        self.new_actors[name] = Actor(name=name, kind=kind, reviewed=False)
        return name

    # ----- noun phrases ----------------------------------------------------------------
    def resolve_token(self, token: Token, position: int, exclude: tuple[int, int] | None = None) -> str | None:
        """The actor a subject token stands for, or None for anonymous speakers."""
        lower = token.lower_
        if token.pos_ == "PRON" or lower in PRONOUN_GENDER or lower in ("they", "it"):
            return self.resolve_pronoun(lower, position, exclude)
        doc = token.doc
        for ent in doc.ents:
            if ent.start <= token.i < ent.end:
                return self._resolve_entity(ent, token)
        # An appositive name: "Russia's foreign ministry spokeswoman, Maria Zakharova, said".
        for child in token.children:
            if child.dep_ == "appos":
                for ent in doc.ents:
                    if ent.label_ == "PERSON" and ent.start <= child.i < ent.end:
                        return self._resolve_entity(ent, child)
        # A name inside the phrase: "Trump administration special envoy Steve Witkoff".
        phrase = self.phrase(token)
        for ent in phrase.ents:
            if ent.label_ == "PERSON":
                return self._resolve_entity(ent, token)
        for candidate in (phrase.text, _without_modifiers(phrase)):
            known = self.registry.lookup(candidate)
            if known:
                return known
        for ent in phrase.ents:
            if ent.label_ in ("ORG", "GPE", "NORP", "FAC"):
                return self._resolve_entity(ent, token)
        return None

    def phrase(self, token: Token) -> Span:
        """The noun phrase of a subject: determiners, modifiers, compounds and possessives, no clauses."""
        keep = [token]
        for child in token.lefts:
            if child.dep_ in ("det", "amod", "compound", "poss", "nmod", "nummod", "case", "punct") or child.ent_type_:
                keep.extend(child.subtree)
        for child in token.rights:
            if child.dep_ in ("compound", "flat") or (child.dep_ == "prep" and child.lower_ == "of"):
                keep.extend(child.subtree)
        start = min(t.i for t in keep)
        end = max(t.i for t in keep) + 1
        return token.doc[start:end]

    def _resolve_entity(self, ent: Span, token: Token) -> str | None:
        if ent.label_ == "PERSON" or (not self.registry.lookup(ent.text) and looks_like_person(ent)):
            name = self.person_name(ent.text)
            if name is None:
                return None
            context = token.doc[max(0, ent.start - 3) : min(len(token.doc), ent.end + 14)].text
            return self.ensure_actor(name, "person", context)
        known = self.registry.lookup(ent.text) or self.registry.lookup(self.phrase(token).text)
        if known:
            return known
        if ent.label_ == "ORG" and token.lower_ not in _ANONYMOUS:
            return self.ensure_actor(re.sub(r"^the\s+", "", ent.text.strip(), flags=re.I), "organisation")
        return None

    # ----- pronouns ---------------------------------------------------------------------
    def resolve_pronoun(self, pronoun: str, position: int, exclude: tuple[int, int] | None) -> str | None:
        """Nearest fitting named person before the pronoun, preferring grammatical subjects."""
        wanted = PRONOUN_GENDER.get(pronoun)
        if pronoun in ("they", "it"):
            return None  # plural and neuter speakers are resolved by the caller from the last body speaker
        window = [
            m
            for m in self.mentions
            if m.position < position
            and not (exclude and exclude[0] <= m.position < exclude[1])
            and (m.gender is None or wanted is None or m.gender == wanted)
        ]
        if not window:
            return None
        recent = [m for m in window if position - m.position < 600]
        subjects = [m for m in recent if m.subject]
        best = (subjects or recent or window)[-1]
        return best.name

    def note_speaker(self, name: str, position: int) -> None:
        """A resolved speaker is the likeliest antecedent of the next pronoun."""
        actor = self.registry.actors.get(name) or self.new_actors.get(name)
        if actor is not None and actor.kind in ("government", "organisation"):
            self.last_body = name
            return
        if actor is None or actor.kind in ("person", "commentator"):
            self.mentions.append(Mention(position, name, self.gender_of(name), True))
            self.mentions.sort(key=lambda m: m.position)


_ORG_WORDS = re.compile(
    r"\b(Center|Centre|Institute|Ministry|Council|Forces|Army|Party|Union|Nations|Office|House|Department|"
    r"Agency|Committee|Commission|Foundation|University|Bank|Group|Front|Movement|Government|Kremlin|News|Press)\b"
)


def looks_like_person(span: Span) -> bool:
    """Two to four capitalised proper nouns and no organisation word: a name the NER mislabelled."""
    words = [t for t in span if not t.is_punct]
    if not 2 <= len(words) <= 4 or _ORG_WORDS.search(span.text):
        return False
    if span.label_ in ("GPE", "NORP", "DATE", "TIME", "CARDINAL", "ORDINAL", "MONEY", "PERCENT", "QUANTITY"):
        return False
    return all(t.text[:1].isupper() and t.pos_ == "PROPN" for t in words)


def _name_chunks(doc):
    """Maximal runs of proper nouns ("Vladimir Putin", "Tatiana Stanovaya", "Trump")."""
    start = None
    for token in doc:
        if token.pos_ == "PROPN" and token.text[:1].isupper():
            if start is None:
                start = token.i
            continue
        if start is not None:
            yield doc[start : token.i]
            start = None
    if start is not None:
        yield doc[start : len(doc)]


def _without_modifiers(phrase: Span) -> str:
    """"Russia's hawkish former president" -> "Russia's president", for role lookups."""
    words = [t.text for t in phrase if t.pos_ not in ("ADJ",) or t.lower_ in ("russian", "ukrainian", "american", "israeli", "chinese", "french", "british", "german", "turkish", "iranian")]
    return " ".join(words).replace(" 's", "'s").replace(" ’s", "’s")


def is_anonymous(token: Token) -> bool:
    return token.lower_ in _ANONYMOUS and not token.ent_type_


__all__ = ["SpeakerResolver", "is_anonymous", "normalise"]
