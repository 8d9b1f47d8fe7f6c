"""Roles to people: "the defence minister", "Putin's spokesman", "the US president" (the office's holder
on the article's date), by the people the article has named, their roles, and the registry."""

from __future__ import annotations

import re

from spacy.tokens import Span, Token

from stance.attribution.speakers.proper_names import NamesPart
from stance.attribution.speakers.words import PERSON_KINDS, PRONOUN_GENDER, ROLE_NOUNS
from stance.names import TITLE_WORDS, strip_titles

_EVALUATIVE = {
    "veteran",
    "hawkish",
    "embattled",
    "outspoken",
    "influential",
    "powerful",
    "longtime",
    "long-serving",
    "new",
    "then",
    "current",
    "also",
    "own",
    "top",
    "senior",
}
# How far back (characters) a role epithet may reach for a person whose role the article never gave.
_UNFAMILIAR_REACH = 600
_SYNONYMS = {
    "leader": {"leader", "president", "prime", "chancellor", "emir", "king", "head", "chief", "chairman", "premier"},
    "chief": {"chief", "head", "director", "leader", "secretary-general", "general", "commander"},
    "head": {"head", "chief", "director", "leader", "chairman"},
    "spokesman": {"spokesman", "spokeswoman", "spokesperson"},
    "spokeswoman": {"spokesman", "spokeswoman", "spokesperson"},
    "spokesperson": {"spokesman", "spokeswoman", "spokesperson"},
    "diplomat": {"foreign", "diplomat"},
    "defense": {"defence", "defense"},
    "defence": {"defence", "defense"},
    "adviser": {"adviser", "advisor", "aide"},
    "advisor": {"adviser", "advisor", "aide"},
    "aide": {"adviser", "advisor", "aide"},
    "premier": {"premier", "prime"},
    "pm": {"premier", "prime"},
    "envoy": {"envoy", "ambassador", "representative"},
    "commander": {"commander", "chief", "head", "leader"},
    "representative": {"representative", "envoy", "aide", "adviser", "advisor"},
    "ambassador": {"envoy", "ambassador", "representative"},
}
_HEADS_OF_STATE = {"president", "king", "emir", "queen", "monarch", "sultan"}


class RolesPart(NamesPart):
    """Role epithets and possessive roles to the people who hold them."""

    def _appositive_of_role(self, token: Token) -> str | None:
        """'A senior adviser to President X, Ola Brekke, said': the parser hangs the name on X, but
        set off by commas right after the role's phrase it names the adviser."""
        if token.lower_ not in ROLE_NOUNS:
            return None
        doc = token.doc
        for prep in (c for c in token.children if c.dep_ == "prep"):
            for pobj in (c for c in prep.children if c.dep_ == "pobj"):
                for appos in (c for c in pobj.children if c.dep_ == "appos"):
                    run = self._run_of.get(appos.i)
                    if (
                        run is not None
                        and 0 < run.start
                        and run.end < len(doc)
                        and doc[run.start - 1].text == ","
                        and doc[run.end].text == ","
                    ):
                        name = self._resolve_run(run)
                        if name is not None and self.kind_of(name) in PERSON_KINDS:
                            return name
        return None

    def _owner(self, token: Token) -> tuple[str, set[int]] | None:
        """'Putin's spokesman' / 'the spokesman for Secretary-General Antonio Guterres': the owner actor."""
        for child in token.children:
            if child.dep_ == "poss":
                owner = self.resolve(child) if child.lower_ not in PRONOUN_GENDER else None
                if owner:
                    return owner, {t.i for t in child.subtree}
            if child.dep_ == "prep" and child.lower_ in ("for", "of", "to"):
                for pobj in child.children:
                    if pobj.dep_ == "pobj":
                        owner = self.resolve(pobj)
                        if owner:
                            return owner, {t.i for t in child.subtree}
        return None

    def _possessive_role(self, owner: str, role: str) -> str | None:
        actor = self.registry.actors.get(owner)
        forms = [owner, strip_titles(owner).split()[-1]] + (list(actor.aliases) if actor else [])
        for form in forms:
            hit = self.registry.lookup(f"{form}'s {role}")
            if hit and hit != owner:
                return hit
        return None

    def _role_epithet(self, token: Token, phrase: Span, owner: tuple[str, set[int]] | None = None) -> str | None:
        """'the defence minister', 'the Israeli premier', "the alliance's chief" -> one person.

        In order: the most recent person in the article whose role has those words; else the person
        just named whose role the article never gave ("Bart De Wever said ... The Belgian prime
        minister added"); else the one registered person whose role has them ("the Israeli
        premier" before Netanyahu is named).
        """
        countries, required = self._role_terms(token, phrase, owner)
        if not required:
            return None
        return (
            self._mentioned_role(token, required, countries)
            or self._office_holder(token, phrase)
            or self._unfamiliar_person(token, countries)
            or self._registered_role(required, countries)
            or self._named_next(token, required, countries)
        )

    def _named_next(self, token: Token, required: list[set[str]], countries: set[str]) -> str | None:
        """'The commander of the northern militias said ... / Tomas Lind, head of the militias' council, ...':
        a lede that gives the role first and the name in the next sentence."""
        for mention in self.mentions:
            if (
                token.idx < mention.position < token.idx + _UNFAMILIAR_REACH
                and mention.kind in PERSON_KINDS
                and mention.salient
            ):
                return mention.name if self._fits_role(mention.name, required, countries) else None
        return None

    def _office_holder(self, token: Token, phrase: Span) -> str | None:
        """'the US president', 'the Cambodian prime minister', 'Ukraine's foreign minister': the
        registry's holder of that office on the article's date."""
        words = [
            t.text
            for t in phrase
            if t.dep_ != "det" and t.lower_ not in _EVALUATIVE and not t.is_punct or t.text in ("'s", "’s")
        ]
        title = " ".join(words).replace(" 's", "'s").replace(" ’s", "’s")
        for prep in (c for c in token.rights if c.dep_ == "prep" and c.lower_ == "of"):
            title += " " + " ".join(t.text for t in prep.subtree)  # "the president of Colombia"
        return self.registry.office_holder(title, self.published) if title else None

    def _role_terms(
        self, token: Token, phrase: Span, owner: tuple[str, set[int]] | None
    ) -> tuple[set[str], list[set[str]]]:
        """The places and bodies a role belongs to, and its words (each with its synonyms)."""
        countries: set[str] = set()
        required: list[set[str]] = []
        owned: set[int] = set()  # the owner's own words, when the owner is a person
        if owner is not None and self.kind_of(owner[0]) in PERSON_KINDS:
            countries |= self._affiliations(owner[0])  # "Putin's spokesman": someone from Russia
            owned = owner[1]
        for word in phrase:
            lower = word.lower_.strip(".")
            if word.dep_ in ("det", "case", "punct") or word.is_punct or lower in _EVALUATIVE or lower in ("the", "'s"):
                continue
            if word.i in owned:
                continue
            if word.i != token.i:
                place = self._nationality(word.lower_) or (self._body(word.text) if word.text[:1].isupper() else None)
                if place:
                    countries.add(place)
                    continue
            if (
                word.i == token.i
                and lower == "head"
                and any(
                    c.dep_ == "prep" and c.lower_ == "of" and any(o.lower_ == "state" for o in c.children)
                    for c in token.children
                )
            ):
                required.append(_HEADS_OF_STATE)  # "the head of state": the president, king or emir
                continue
            for part in re.split(r"[-\s]", lower):
                if part and part not in ("of", "and"):
                    required.append(_SYNONYMS.get(part, {part}))
        for prep in (c for c in token.children if c.dep_ == "prep" and c.lower_ == "of"):
            # "the commander of Varnia's militias": a commander from Varnia, whoever else commands
            for word in prep.subtree:
                place = self._nationality(word.lower_) if word.text[:1].isupper() else None
                if place:
                    countries.add(place)
        return countries, required

    def _fits_role(self, name: str, required: list[set[str]], countries: set[str]) -> bool:
        words = self._role_words(name)
        return all(options & words for options in required) and (
            not countries or bool(countries & self._countries(name))
        )

    def _mentioned_role(self, token: Token, required: list[set[str]], countries: set[str]) -> str | None:
        for mention in reversed(self.mentions):
            if (
                mention.position < token.idx
                and mention.kind in PERSON_KINDS
                and self._fits_role(mention.name, required, countries)
            ):
                return mention.name
        return None

    def _registered_role(self, required: list[set[str]], countries: set[str]) -> str | None:
        """The one registered person with that role; None when several fit ('the foreign minister').

        Where several fit, the one whose main role (before any ';') has the head word wins: "the
        Qatari premier" is the prime minister, not the spokesman who advises him.
        """
        fitting = [
            a
            for a in self.registry.actors.values()
            if a.kind == "person" and self._fits_role(a.name, required, countries)
        ]
        if len(fitting) > 1:
            head = required[-1]
            fitting = [a for a in fitting if head & set(re.split(r"[^a-z-]+", (a.role or "").split(";")[0].lower()))]
        return fitting[0].name if len(fitting) == 1 else None

    def _unfamiliar_person(self, token: Token, countries: set[str]) -> str | None:
        """The most recent person, named as a subject or speaker in the last few sentences, whose role
        the article never gave."""
        earlier = [
            m
            for m in self.mentions
            if m.position < token.idx and m.kind in PERSON_KINDS and m.salient and not self._in_quote(m.position)
        ]
        if not earlier:
            return None
        last = earlier[-1]
        if (
            last.kind != "person"
            or token.idx - last.position > _UNFAMILIAR_REACH
            or self._role_words(last.name) & (ROLE_NOUNS | TITLE_WORDS)
        ):
            return None
        known = self._countries(last.name)
        return last.name if not countries or not known or countries & known else None

    def _body(self, word: str) -> str | None:
        """'U.N.', 'NATO', 'EU' in a role: the registered body the role belongs to, lower case."""
        known = self.registry.lookup(word, names=False)
        actor = self.registry.actors.get(known) if known else None
        return actor.name.lower() if actor is not None and actor.kind == "organisation" else None

    def _affiliations(self, name: str) -> set[str]:
        """'Putin' -> {'russia'}: where a possessor's people come from."""
        actor = self.registry.actors.get(name)
        return {actor.affiliation.lower()} if actor is not None and actor.affiliation else set()

    def _role_words(self, name: str) -> set[str]:
        actor = self.registry.actors.get(name)
        text = " ".join(filter(None, [actor.role if actor else "", " ".join(self.descriptors.get(name, ()))]))
        words = {w for w in re.split(r"[^a-z]+", text.lower()) if w}
        if "secretary" in words and "general" in words:
            words.add("secretary-general")
        for word in list(words):
            words |= _SYNONYMS.get(word, set()) if word in ("defence", "defense") else set()
        return words

    def _countries(self, name: str) -> set[str]:
        actor = self.registry.actors.get(name)
        countries = {actor.affiliation.lower()} if actor and actor.affiliation else set()
        for word in self.descriptors.get(name, ()):
            country = self._nationality(word)
            if country:
                countries.add(country)
        return countries
