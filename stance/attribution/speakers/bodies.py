"""Common nouns to actors: governments ("the Omani foreign ministry"), officials of a named body ("a senior
Hamas official"), group epithets ("the paramilitary group"), and the parties of a joint statement."""

from __future__ import annotations

from spacy.tokens import Span, Token

from stance.attribution.sentences import sent_of, sentences
from stance.attribution.speakers.roles import RolesPart
from stance.attribution.speakers.runs import run_text
from stance.attribution.speakers.words import (
    COUNTRIES,
    FIRST_SECOND,
    GOVERNMENT_NOUNS,
    GROUP_NOUNS,
    NEUTER_PRONOUNS,
    OFFICIAL_NOUNS,
    PERSON_KINDS,
    PLURAL_OFFICIALS,
    PRONOUN_GENDER,
    ROLE_NOUNS,
    SIGNATORY_NOUNS,
)
from stance.names import CAPITALS, PLACES

_INDEFINITE = {
    "a",
    "an",
    "one",
    "another",
    "some",
    "several",
    "many",
    "two",
    "three",
    "four",
    "five",
    "few",
    "various",
    "other",
    "any",
}
_STATE_NOUNS = {
    "countries",
    "nations",
    "governments",
    "states",
    "capitals",
    "neighbours",
    "neighbors",
    "sides",
    "parties",
    "rivals",
    "allies",
    "partners",
}
_JOINT_NOUNS = {"statement", "communique", "communiqué", "declaration", "readout", "letter", "release"}
# ... of which these also name one person's post when definite ("the Kremlin spokesman", "Russia's top diplomat").
_POST_NOUNS = {
    "diplomat",
    "aide",
    "negotiator",
    "delegate",
    "representative",
    "spokesman",
    "spokeswoman",
    "spokesperson",
}
_MEMBER_PREPOSITIONS = ("of", "from", "in", "at", "within", "inside", "with")
# How far back "the official" may reach for the body of the official met before.
_OFFICIAL_REACH = 1500


class BodiesPart(RolesPart):
    """Governments, bodies, officials and groups."""

    def _resolve_common(self, token: Token) -> str | None:
        """A phrase headed by a common noun: registry aliases, governments, roles, group epithets."""
        phrase = self.phrase(token)
        determiners = {c.lower_ for c in token.children if c.dep_ in ("det", "nummod")}
        indefinite = bool(determiners & _INDEFINITE) or any(c.dep_ == "nummod" for c in token.children)
        if token.lower_ in OFFICIAL_NOUNS and (
            indefinite or token.tag_ in ("NNS", "NNPS") or token.lower_ not in _POST_NOUNS
        ):
            return self._official_of_body(token, indefinite)
        if indefinite:
            return None  # "a senior analyst", "two witnesses": anonymous on purpose
        for candidate in self._variants(phrase, token):
            known = self.registry.lookup(candidate, names=False)
            if known:
                return known
        lower = token.lower_
        plural = token.tag_ in ("NNS", "NNPS")
        if plural and lower in PLURAL_OFFICIALS:
            body = self._officials_body(token)
            if body is not None:
                return body
        if lower in GOVERNMENT_NOUNS:
            government = self._government_phrase(token)
            if government:
                return government
            if "the" in determiners and not plural and len(phrase) <= 3:
                return self._government_before(token)  # "the ministry said", after "Iran's foreign ministry ..."
        return self._epithet(token, phrase, determiners, plural)

    def _government_before(self, token: Token) -> str | None:
        """The government named last before the token."""
        for _, name in reversed(self._bodies_before(token.idx)):
            actor = self.registry.actors.get(name)
            if actor is not None and actor.kind == "government":
                return name
        return None

    def _epithet(self, token: Token, phrase: Span, determiners: set[str], plural: bool) -> str | None:
        """A possessive role ("Putin's spokesman"), a definite role ("the defence minister") or a group
        ("the paramilitary group")."""
        lower = token.lower_
        owner = self._owner(token)
        if owner is not None and lower in ROLE_NOUNS:
            # "Putin's top foreign policy aide" -> "<alias of Putin>'s foreign policy aide" in the registry
            role = " ".join(
                t.text
                for t in phrase
                if t.dep_ not in ("det", "poss", "case") and t.i >= token.i - 3 and t.i not in owner[1]
            )
            hit = self._possessive_role(owner[0], role)
            if hit:
                return hit
        if lower in ROLE_NOUNS and not plural:
            definite = "the" in determiners or any(c.dep_ == "poss" for c in token.children) or token.dep_ == "ROOT"
            if definite:
                return self._role_epithet(token, phrase, owner)
        if lower in GROUP_NOUNS:
            named = self._named_group(token)
            if named is not None:
                return named
            if not plural and "the" in determiners:
                return self._group_epithet(token, phrase)
        return None

    def _named_group(self, token: Token) -> str | None:
        """'the Hamas movement', "the 'Contact' group", "the Unity party": the body the group noun names."""
        for child in token.children:
            if child.dep_ in ("compound", "nmod", "amod") and child.ent_type_ in ("ORG", "") and child.pos_ == "PROPN":
                known = self.registry.lookup(child.text)
                if known is not None and self.kind_of(known) in ("organisation", "group"):
                    return known
                run = self._run_of.get(child.i)
                name = run_text(run) if run is not None else child.text
                if (
                    known is None
                    and run is not None
                    and run.end == token.i
                    and not self._nationality(name.lower())
                    and name.lower() not in CAPITALS
                    and name.lower() not in PLACES
                    and not self._is_author_or_outlet(name)
                ):
                    return self.ensure_actor(name, "organisation")  # "Varga's Unity party": a body the registry lacks
        return None

    def _official_of_body(self, token: Token, indefinite: bool) -> str | None:
        """'a senior Hamas official', 'Israeli officials', 'a Kremlin source', 'an official in the
        Armenian government', 'officials from Qatar's foreign ministry': the body they speak for.

        "A Western diplomat", "officials", "a source familiar with the talks" and "a diplomat in
        Nairobi" (a place, not a body) name no body and stay anonymous. "The official" with no
        body of its own is the official met just before.
        """
        candidates = [
            (c, "of") for c in token.children if c.dep_ in ("compound", "amod", "nmod", "poss") and c.i < token.i
        ]
        for prep in (c for c in token.children if c.dep_ == "prep" and c.lower_ in _MEMBER_PREPOSITIONS):
            candidates += [(c, prep.lower_) for c in prep.children if c.dep_ == "pobj"]
        for candidate, relation in candidates:
            body = self._body_named(candidate, place_ok=relation in ("of", "from"))
            if body is not None:
                self._officials.append((token.idx, body))
                return body
        if (
            not indefinite
            and token.tag_ not in ("NNS", "NNPS")
            and "the" in {c.lower_ for c in token.children if c.dep_ == "det"}
        ):
            earlier = [
                body
                for position, body in self._officials
                if position < token.idx and token.idx - position < _OFFICIAL_REACH
            ]
            return earlier[-1] if earlier else None
        return None

    def _body_named(self, token: Token, place_ok: bool) -> str | None:
        """The government or organisation a modifier or object names ('Hamas', 'Israeli', 'Kremlin',
        'the Armenian government'); a place ('Nairobi', 'Israel') only where place_ok."""
        if token.lower_ in FIRST_SECOND or token.lower_ in PRONOUN_GENDER or token.lower_ in NEUTER_PRONOUNS:
            return None
        place = (
            token.lower_ in CAPITALS
            or token.lower_ in COUNTRIES
            or (token.pos_ == "PROPN" and self._nationality(token.lower_) is not None)
        )
        if place and not place_ok:
            return None
        run = self._run_of.get(token.i)
        texts = [run_text(run)] if run is not None else []
        texts += [" ".join(t.text for t in token.subtree if t.dep_ != "det" and not t.is_punct), token.text]
        for text in texts:
            known = self.registry.lookup(text, names=False)
            if known is None:
                known = self.registry.government_of(text)
            if known is not None and self.kind_of(known) not in PERSON_KINDS:
                return known
        if token.lower_ in GOVERNMENT_NOUNS | GROUP_NOUNS | {"organization", "organisation"} and token.pos_ == "NOUN":
            body = self._resolve_common(token)
            if body is not None and self.kind_of(body) not in PERSON_KINDS:
                return body
        country = self._nationality(token.lower_) if token.text[:1].isupper() else None
        return self._new_government(country) if country else None

    def _officials_body(self, token: Token) -> str | None:
        """'the foreign ministers of the Quad', 'Quad foreign ministers', 'G7 leaders': the group or body
        the officials speak for together."""
        candidates = [c for c in token.children if c.dep_ in ("compound", "nmod", "amod") and c.text[:1].isupper()]
        for prep in (c for c in token.children if c.dep_ == "prep" and c.lower_ in ("of", "from")):
            candidates += [c for c in prep.children if c.dep_ == "pobj"]
        for candidate in candidates:
            run = self._run_of.get(candidate.i)
            text = (
                run_text(run)
                if run is not None
                else " ".join(t.text for t in self.phrase(candidate) if t.dep_ != "det")
            )
            known = self.registry.lookup(text, names=False)
            if known and self.kind_of(known) in ("group", "organisation"):
                return known
        return None

    def signatories(self, token: Token, anchor: int) -> list[str]:
        """'the two leaders said in a joint statement', 'both sides said': the parties named together
        just before (the signatories), as people, or as governments for 'countries', 'sides'."""
        if token.lower_ not in SIGNATORY_NOUNS:
            return []
        states = token.lower_ in _STATE_NOUNS
        named = [
            c
            for prep in token.children
            if prep.dep_ == "prep" and prep.lower_ == "of"
            for c in prep.children
            if c.dep_ == "pobj"
        ]
        if named:
            # "the leaders of Thailand and Cambodia": the parties are in the phrase itself. Many of them
            # ("the leaders of Britain, France, Germany, Italy and Poland") make an unnamed coalition: nobody.
            members = [named[0]] + [t for t in named[0].subtree if t.dep_ == "conj" and t.pos_ in ("PROPN", "NOUN")]
            parties = [self.registry.government_of(m.text) or self.resolve(m) for m in members]
            return [p for p in dict.fromkeys(parties) if p] if len(members) == 2 and all(parties) else []
        sent = sent_of(token)
        for earlier in reversed(
            [s for s in sentences(self.doc) if s.start < sent.start and anchor - s.start_char < 800] + [sent]
        ):
            found = self._conjoined(earlier, token, states)
            if len(found) >= 2:
                return found
        return []

    def _conjoined(self, sent: Span, stop: Token, states: bool) -> list[str]:
        """The last group of two or more actors joined by 'and' in a sentence, before `stop`."""
        best: list[str] = []
        for head in sent:
            if head.i >= stop.i and sent.start <= stop.i < sent.end:
                break
            if head.dep_ == "conj" or head.pos_ not in ("PROPN", "NOUN"):
                continue
            # "Prime Minister X of Cambodia and Thai Prime Minister Y": the parser may hang Y on "Cambodia"
            members = [head] + [
                t
                for t in head.subtree
                if t.dep_ == "conj" and t.pos_ in ("PROPN", "NOUN") and t.i > head.i and not self._in_quote(t.idx)
            ]
            if len(members) < 2:
                continue
            names: list[str] = []
            for member in members:
                name = self.resolve(member) if not self._in_quote(member.idx) else None
                if name is None and states:
                    name = self.registry.government_of(member.text)
                if name is not None and states and self.kind_of(name) in PERSON_KINDS:
                    name = self._government_of_person(name) or name
                if name is not None and name not in names:
                    names.append(name)
            people = [n for n in names if self.kind_of(n) in PERSON_KINDS]
            if not states and len(people) >= 2:
                best = people  # "the leaders": the people of the group, not the places around them
            elif len(names) >= 2 and not (best and not states and all(self.kind_of(n) in PERSON_KINDS for n in best)):
                best = names
        return best

    def issuers(self, token: Token) -> list[str]:
        """'A joint statement by Qatar and Egypt said': everyone the statement is by."""
        if token.lemma_ not in _JOINT_NOUNS:
            return []
        owners = [c for c in token.children if c.dep_ == "poss"]
        for prep in (c for c in token.children if c.dep_ == "prep" and c.lower_ in ("by", "from", "of")):
            owners += [c for c in prep.children if c.dep_ == "pobj"]
        names: list[str] = []
        for owner in owners:
            for member in [owner] + [t for t in owner.subtree if t.dep_ == "conj" and t.pos_ in ("PROPN", "NOUN")]:
                name = self.resolve(member) or self.registry.government_of(member.text)
                if name is not None and name not in names:
                    names.append(name)
        return names if len(names) >= 2 else []

    def _variants(self, phrase: Span, token: Token) -> list[str]:
        words = [t for t in phrase if not t.is_punct or t.text in ("-", "/")]
        text = phrase.text
        without_adjectives = (
            " ".join(
                t.text
                for t in words
                if t.pos_ != "ADJ" or self._nationality(t.lower_) or t.lower_ in ("former", "top", "foreign")
            )
            .replace(" 's", "'s")
            .replace(" ’s", "’s")
        )
        head_only = " ".join(t.text for t in words if t.i >= token.i or t.dep_ == "compound")
        variants = [text, without_adjectives, head_only]
        of = [c for c in token.rights if c.dep_ == "prep" and c.lower_ in ("of", "for")]
        if of:
            variants.insert(0, token.doc[phrase.start : max(t.i for t in of[0].subtree) + 1].text)
        return variants

    def _government_phrase(self, token: Token) -> str | None:
        """'the Omani foreign ministry', "Pakistan's foreign ministry", 'the government in Port Sudan',
        "the Israeli premier's office" (the office of a registered leader speaks for the government)."""
        for child in token.children:
            if child.dep_ in ("amod", "compound", "poss", "nmod"):
                country = self._nationality(child.lower_) if child.text[:1].isupper() else None
                government = self.registry.government_of(child.text) or (
                    self._new_government(country) if country else None
                )
                if government:
                    return government
            if child.dep_ == "poss" and token.lower_ == "office":
                government = self._government_of_person(self.resolve(child))
                if government:
                    return government
            if child.dep_ == "prep" and child.lower_ in ("in", "of"):
                for pobj in child.children:
                    if pobj.dep_ == "pobj":
                        place = " ".join(t.text for t in pobj.subtree)
                        government = self.registry.government_of(place)
                        if government:
                            return government
        return None

    def _government_of_person(self, name: str | None) -> str | None:
        actor = self.registry.actors.get(name) if name else None
        if actor is None or actor.kind != "person" or not actor.affiliation:
            return None
        return self.registry.government_of(actor.affiliation)

    def _group_epithet(self, token: Token, phrase: Span) -> str | None:
        """'the paramilitary group', 'the rebel group' -> the most recent body that fits."""
        modifiers = [t.lower_ for t in phrase if t.i != token.i and t.dep_ in ("amod", "compound") and not t.is_punct]
        fallback = None
        for _position, name in reversed(self._bodies_before(token.idx)):
            actor = self.registry.actors.get(name) or self.new_actors.get(name)
            if actor is None or actor.kind != "organisation":
                continue
            text = f"{actor.name} {actor.role or ''} {' '.join(actor.aliases)}".lower()
            if all(m in text for m in modifiers):
                return name
            fallback = fallback or name
        return fallback if not modifiers else None

    def _bodies_before(self, position: int) -> list[tuple[int, str]]:
        bodies = [(m.position, m.name) for m in self.mentions if m.position < position]
        bodies += [(p, n) for p, n in self.neuter if n and p < position]
        for run_start, run in sorted({r.start: r for r in self._run_of.values()}.items()):
            if run[0].idx >= position:
                break
            name = self._run_cache.get(run_start)
            if name:
                bodies.append((run[0].idx, name))
        return sorted(bodies)
