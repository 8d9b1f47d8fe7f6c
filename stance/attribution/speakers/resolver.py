"""The speaker resolver: reads an article once, in order, then turns the words that name a speaker into an actor."""

from __future__ import annotations

import re

from spacy.tokens import Span, Token

from stance.attribution.hygiene import is_outlet
from stance.attribution.sentences import Ranges, sent_of, sentences, tokens
from stance.attribution.speakers.bodies import BodiesPart
from stance.attribution.speakers.pronouns import PronounsPart
from stance.attribution.speakers.runs import (
    main_subject,
    name_runs,
    run_head,
    run_text,
    spelled_out,
    strip_name_titles,
    title_like,
)
from stance.attribution.speakers.state import Mention
from stance.attribution.speakers.words import (
    FIRST_SECOND,
    GOVERNMENT_NOUNS,
    GROUP_NOUNS,
    NEUTER_PRONOUNS,
    PERSON_KINDS,
    PRONOUN_GENDER,
    RELATIVE,
    ROLE_NOUNS,
)
from stance.attribution.vocabulary import STATEMENT_NOUNS
from stance.names import TITLE_WORDS, normalise

_JOURNALISTS = {"correspondent", "reporter", "editor", "columnist", "journalist"}
# "the Varnian Liberation Front (VLF)": a name spelled out before its initials.
_SPELLED_OUT = re.compile(
    r"((?:[A-Z][\w'’.-]*\s+(?:(?:of|for|and|the|de|du|des|la)\s+)*){0,7}[A-Z][\w'’.-]*)\s+\(([A-Z]{2,6})\)"
)
# Prepositions that put a one-word name on the map: "talks in Geneva", "a summit at Sochi".
_LOCATIVE = {"in", "at", "near", "outside", "inside"}


class SpeakerResolver(BodiesPart, PronounsPart):
    """Resolves speakers within one article: SpeakerResolver(registry, doc, layout, published), then read(quoted)."""

    def read(self, quoted: list[tuple[int, int]]) -> None:
        """Index names, people and main-clause subjects, in text order."""
        self.quoted = Ranges(quoted)
        for ent in self.doc.ents:
            for i in range(ent.start, ent.end):
                self._ent_of[i] = ent
        runs = list(name_runs(self.doc))
        for run in runs:
            for token in run:
                self._run_of[token.i] = run
        # Full names first, so a surname met before its full name still finds it.
        for run in runs:
            self._remember_name(run)
        for match in _SPELLED_OUT.finditer(self.doc.text):
            name = spelled_out(match.group(1).split(), match.group(2))
            if name:
                self._acronyms.setdefault(match.group(2), name)
        for token in tokens(self.doc):
            if token.lower_ in _LOCATIVE and token.dep_ == "prep":
                for place in (c for c in token.children if c.dep_ == "pobj" and c.pos_ == "PROPN"):
                    run = self._run_of.get(place.i)
                    if run is not None and len(run) == 1 and not any(c.dep_ == "case" for c in place.children):
                        self._places.add(place.lower_)  # "talks in Geneva": Geneva is a place here
        for sent in sentences(self.doc):
            self._read_sentence(sent)

    def _remember_name(self, run: Span) -> None:
        text = run_text(run)
        if self.registry.lookup(text) or self._is_author_or_outlet(text):
            return
        bare = strip_name_titles(text, self.registry)
        parts = bare.split()
        if len(parts) >= 2 and self._person_like(run, bare):
            self._local.setdefault(parts[-1].lower(), bare)

    def _read_sentence(self, sent: Span) -> None:
        seen: set[int] = set()
        for token in tokens(self.doc)[sent.start : sent.end]:
            if token.i in seen or self._in_quote(token.idx):
                continue
            run = self._run_of.get(token.i)
            if run is not None:
                seen.update(t.i for t in run)
                head = run_head(run)
                name = self._resolve_run(run) or self._resolve_longer(
                    head, run
                )  # "the Hostages and Missing Families Forum"
                if name is None:
                    continue
                self._describe(name, run, head)
                self._add_mention(head, name)
                continue
            if (
                token.pos_ == "NOUN"
                and token.dep_ in ("nsubj", "nsubjpass", "ROOT", "appos", "pobj", "dobj")
                and not token.tag_.endswith("S")
            ):
                if (
                    token.lower_ in ROLE_NOUNS
                    or token.lower_ in GROUP_NOUNS
                    or token.lower_ in GOVERNMENT_NOUNS
                    or any(c.dep_ == "compound" for c in token.children)
                ):
                    name = self._resolve_common(token)
                    if name is not None:
                        self._add_mention(token, name)
                        continue
            if token.dep_ in ("nsubj", "nsubjpass") and main_subject(token) and token.lower_ not in PRONOUN_GENDER:
                if token.lower_ in NEUTER_PRONOUNS:
                    self.neuter.append((token.idx, self.resolve_neuter(token.idx)))
                elif token.pos_ in ("NOUN", "PROPN", "DET", "PRON") and token.lower_ not in FIRST_SECOND:
                    self.neuter.append((token.idx, None))

    def _add_mention(self, token: Token, name: str) -> None:
        kind = self.kind_of(name)
        salient = main_subject(token) or (token.dep_ == "appos" and main_subject(token.head))
        if kind in PERSON_KINDS:
            self.mentions.append(Mention(token.idx, name, kind, salient))
        elif token.dep_ in ("nsubj", "nsubjpass") and salient:
            self.neuter.append((token.idx, name))

    def _describe(self, name: str, run: Span, head: Token) -> None:
        """Words that describe a person here: titles before the name and appositions."""
        words = self.descriptors.setdefault(name, set())
        for token in run:
            if token.lower_ in TITLE_WORDS or token.i < head.i and self._nationality(token.lower_):
                words.add(token.lower_)
        for child in head.children:
            if child.dep_ == "appos" or (child.dep_ == "amod" and child.i < run.start):
                words.update(t.lower_ for t in child.subtree if t.is_alpha)
            if child.dep_ == "prep" and child.lower_ == "of" and child.i == run.end:
                # "Prime Minister Sok Vanna of Cambodia": where the title belongs (not what is conjoined to it)
                for pobj in (c for c in child.children if c.dep_ == "pobj"):
                    words.update(t.lower_ for t in pobj.lefts if t.dep_ == "compound")
                    words.add(pobj.lower_)
        if head.dep_ == "appos":
            words.update(t.lower_ for t in self.phrase(head.head) if t.is_alpha)
        # titles just before the name ("U.S. envoy Steve Witkoff"), not "the spokesman said Putin ..."
        i = run.start - 1
        while i >= max(0, run.start - 2) and (head.doc[i].ent_type_ == "NORP" or head.doc[i].lower_ in TITLE_WORDS):
            words.add(head.doc[i].lower_)
            i -= 1
        if name not in self.genders and self.kind_of(name) in PERSON_KINDS:
            if words & {"spokeswoman", "chairwoman", "ms", "ms.", "mrs", "mrs.", "queen", "princess"}:
                self.genders[name] = "female"
            elif words & {"spokesman", "chairman", "mr", "mr.", "king", "prince", "sheikh"}:
                self.genders[name] = "male"

    def resolve(self, token: Token, anchor: int | None = None, exclude: tuple[int, int] | None = None) -> str | None:
        """The actor a subject token stands for; None for anonymous, unknown or journalist speakers."""
        anchor = token.idx if anchor is None else anchor
        lower = token.lower_
        if lower in PRONOUN_GENDER:
            return self.resolve_pronoun(lower, anchor, exclude)
        if lower in NEUTER_PRONOUNS:
            return self.resolve_neuter(anchor)
        if lower in FIRST_SECOND:
            return None
        if lower in RELATIVE and token.head.dep_ == "relcl":
            return self.resolve(token.head.head, anchor, exclude)
        if self.is_journalist(token):
            return None
        if token.lemma_ in STATEMENT_NOUNS:
            return self._issuer_of(token, anchor, exclude)
        return self._resolve_noun(token)

    def _issuer_of(self, token: Token, anchor: int, exclude: tuple[int, int] | None) -> str | None:
        """ "His post", "a statement from the Ukrainian presidency": whoever issued it."""
        owner = next((c for c in token.children if c.dep_ == "poss"), None)
        if owner is None:
            for prep in token.children:
                if prep.dep_ == "prep" and prep.lower_ in ("from", "by", "of"):
                    owner = next((c for c in prep.children if c.dep_ == "pobj"), None)
                    break
        if owner is None:  # "a Hamas statement", "a Kremlin readout": the body named before the noun
            return next(
                filter(
                    None,
                    (
                        self._body_named(c, place_ok=True)
                        for c in token.children
                        if c.dep_ in ("compound", "amod", "nmod") and c.i < token.i
                    ),
                ),
                None,
            )
        return self.resolve(owner, anchor, exclude)

    def _resolve_noun(self, token: Token) -> str | None:
        """A name, a title standing for its holder, a named group, an apposition, or a common noun phrase."""
        surname = self._surname_as_noun(token)
        if surname is not None:
            return surname
        run = self._run_of.get(token.i)
        if run is not None:
            name = self._resolve_longer(token, run) or self._resolve_run(run)
            if name is not None:
                return name
            if all(title_like(t.text, self.registry) or t.is_punct for t in run):
                # "the Secretary-General said", "the Ethiopian Prime Minister said": a title standing for its holder
                holder = self._title_holder(run)
                if holder is not None or not any(c.dep_ == "appos" for c in token.children):
                    return holder  # else "Varnia's High Commissioner for Peace, Tomas Lind,": the apposition names them
        named = self._named_group(token) if token.lower_ in GROUP_NOUNS else None
        if named is not None:
            return named  # "the 'Contact' group, the army and the rebels": the group's own name, not what the parser hung on it
        named = self._named_in_apposition(token)
        if named is not None or run is not None:
            return named
        named = self._appositive_of_role(token)
        if named is not None:
            return named
        if token.pos_ in ("NOUN", "PROPN", "ADJ", "X", "NUM"):
            return self._resolve_common(token)
        return None

    def _surname_as_noun(self, token: Token) -> str | None:
        """ "said Price.": a surname the tagger took for a common noun."""
        if (
            token.pos_ == "NOUN"
            and token.text[:1].isupper()
            and token.i != sent_of(token).start
            and self._run_of.get(token.i) is None
        ):
            local = self._local.get(token.lower_)
            known = self.registry.lookup(token.text)
            if known:
                return known
            if local:
                return self.ensure_actor(local, "person")
        return None

    def _title_holder(self, run: Span) -> str | None:
        """A run of title words ('the Ethiopian Prime Minister') to the person who holds that title."""
        head = run_head(run)
        return self._role_epithet(head, self.phrase(head)) or self._office_holder(head, self.phrase(head))

    def _named_in_apposition(self, token: Token) -> str | None:
        """'the mediator, Ola Brekke,': the name in apposition to the token."""
        for child in token.children:
            if child.dep_ == "appos":
                appos_run = self._run_of.get(child.i)
                if appos_run is not None:
                    name = self._resolve_run(appos_run)
                    if name is not None:
                        return name
        return None

    def outlet(self, token: Token) -> str | None:
        """The news outlet a token names ("Reuters", "the Financial Times", "a newspaper",
        "state television", the article's own outlet), as written; None for anything else."""
        run = self._run_of.get(token.i)
        candidates = [run_text(run)] if run is not None else []
        candidates.append(re.sub(r"(?:'s|’s)$", "", self.phrase(token).text.strip()))
        for text in candidates:
            if not text or self.registry.lookup(text, names=False) is not None:
                continue
            own = any(normalise(text) == normalise(o) for o in self.layout.outlets)
            if own or is_outlet(text):
                return re.sub(r"^the\s+", "", re.sub(r"\s+", " ", text), flags=re.I)
        return None

    def is_journalist(self, token: Token) -> bool:
        """'Our correspondent', or a name the byline gives: never a speaker."""
        if token.lower_ in _JOURNALISTS and any(c.lower_ in ("our", "my") for c in token.children):
            return True
        run = self._run_of.get(token.i)
        return run is not None and self._is_author_or_outlet(run_text(run))
