"""Names to actors: registered names and aliases, surnames of people named before, new people and
bodies (initials, "the Unity party"), given names, lone surnames, and transcript or headline labels."""

from __future__ import annotations

import re

from spacy.tokens import Span, Token

from stance.attribution.hygiene import is_junk
from stance.attribution.sentences import sent_of
from stance.attribution.speakers.runs import looks_generic, run_head, run_text, strip_name_titles, title_like
from stance.attribution.speakers.state import ResolverState
from stance.attribution.speakers.words import COUNTRIES, GOVERNMENT_NOUNS, GROUP_NOUNS, PERSON_KINDS, ROLE_NOUNS
from stance.attribution.vocabulary import CUE_VERBS
from stance.names import (
    CAPITALS,
    FEMALE_NAMES,
    MALE_NAMES,
    NAME_PARTICLES,
    NATIONALITIES,
    PLACES,
    TITLE_WORDS,
    strip_titles,
)

_ORG_WORDS = re.compile(
    r"\b(Center|Centre|Institute|Ministry|Council|Forces|Army|Party|Union|Nations|Office|House|Department|Agency|"
    r"Committee|Commission|Foundation|University|Bank|Group|Front|Movement|Government|Kremlin|News|Press|Forum|"
    r"Alliance|Programme|Program|Fund|Organisation|Organization|Court|Parliament|Assembly|Board|Route|Social|Force|"
    r"International|Watch|Association|Federation|Network|Coalition|Brigades?|Society|Corporation|Company|Authority)\b"
)
_NON_PERSON_LABELS = {
    "GPE",
    "NORP",
    "LOC",
    "FAC",
    "DATE",
    "TIME",
    "CARDINAL",
    "ORDINAL",
    "MONEY",
    "PERCENT",
    "QUANTITY",
    "LAW",
    "EVENT",
    "PRODUCT",
    "WORK_OF_ART",
    "LANGUAGE",
}
# Initials a body is known by ("VLF", "KDP"), and capitals that are not bodies.
_ACRONYM = re.compile(r"[A-Z]{2,6}")
_NOT_BODIES = {
    "CET",
    "GMT",
    "UTC",
    "EST",
    "EDT",
    "PST",
    "IST",
    "BST",
    "AM",
    "PM",
    "TV",
    "ID",
    "OK",
    "CEO",
    "USD",
    "EUR",
    "GDP",
    "AI",
    "UAV",
}


class NamesPart(ResolverState):
    """Proper names, and labels, to actors."""

    def resolve_label(self, label: str) -> str | None:
        """A transcript label, a headline label or a dash credit: 'MS. LEAVITT', 'Sisi', 'Anna Grigoryan'."""
        label = re.sub(r"\s*\([^)]*\)\s*$", "", label).strip(" :-—–")
        if not label or self._is_author_or_outlet(label):
            return None
        cased = label.title() if label.upper() == label else label
        known = self.registry.lookup(label) or self.registry.lookup(cased)
        if known:
            return known
        bare = strip_name_titles(cased, self.registry)
        known = self.registry.lookup(bare)
        if known:
            return known
        parts = bare.split()
        if not parts or all(p.lower() in TITLE_WORDS or p.lower() == "the" for p in parts):
            return None  # "THE PRESIDENT", "SPOKESPERSON": a role, not a name
        if parts[-1].lower() in self._local:
            return self.ensure_actor(self._local[parts[-1].lower()], "person")
        if 2 <= len(parts) <= 4 and all(p[:1].isupper() for p in parts if p.lower() not in NAME_PARTICLES):
            return self.ensure_actor(bare, "person")
        return None

    def _resolve_run(self, run: Span) -> str | None:
        if run.start in self._run_cache:
            return self._run_cache[run.start]
        name = self._resolve_run_text(run)
        self._run_cache[run.start] = name
        return name

    def _resolve_run_text(self, run: Span) -> str | None:
        text = run_text(run)
        if not text or self._is_author_or_outlet(text):
            return None
        words = text.split()
        for i in range(len(words)):
            if i == len(words) - 1 and i and self._other_given_name(words[i - 1], words[i], words[:i]):
                break  # "Hazem Qassem" is not the registered Naim Qassem
            known = self.registry.lookup(" ".join(words[i:]))
            if known:
                if i and self._is_author_or_outlet(known):
                    return None
                return known
        label = self._run_label(run)
        bare = strip_name_titles(text, self.registry)
        parts = bare.split()
        if not parts:
            return None
        local = self._local.get(parts[-1].lower())
        if local and (len(parts) == 1 or local == bare or local.endswith(" " + bare)):
            return self.ensure_actor(local, "person", self._context(run))
        if self._person_like(run, bare) and len(parts) >= 2:
            return self.ensure_actor(bare, "person", self._context(run))
        if (label == "ORG" or label is None and _ORG_WORDS.search(bare)) and not looks_generic(bare):
            return self.ensure_actor(re.sub(r"^the\s+", "", bare, flags=re.I), "organisation")
        if len(parts) == 1:
            return self._acronym(parts[0]) or self._given_name(run, parts[0]) or self._lone_surname(run, parts[0])
        return None

    def _resolve_longer(self, token: Token, run: Span) -> str | None:
        """Names longer than a run of proper nouns: "the International Committee of the Red Cross",
        "the Hostages and Missing Families Forum"."""
        doc = token.doc
        joiners = ("of", "and", "the", "for", "&", "-")
        left = run.start
        while (
            left > sent_of(token).start
            and run.start - left < 6
            and (doc[left - 1].text[:1].isupper() or doc[left - 1].lower_ in joiners)
            and not doc[left - 1].is_sent_start
        ):
            left -= 1
        right = run.end
        while (
            right < sent_of(token).end
            and right - run.end < 6
            and (doc[right].text[:1].isupper() or doc[right].lower_ in joiners)
        ):
            right += 1
        if left == run.start and right == run.end:
            return None
        for length in range(right - left, run.end - run.start, -1):
            for a in range(left, right - length + 1):
                b = a + length
                if a <= token.i < b:
                    known = self.registry.lookup(doc[a:b].text, names=False)
                    if known:
                        return known
        return None

    def _acronym(self, word: str) -> str | None:
        """'VLF', 'KDP': a body known by its initials; by its full name where the article spells it
        out ("the Varnian Liberation Front (VLF)")."""
        if (
            not _ACRONYM.fullmatch(word)
            or word in _NOT_BODIES
            or word.lower() in TITLE_WORDS
            or self._nationality(word.lower())
            or self.is_place(word)
        ):
            return None
        expansion = self._acronyms.get(word)
        if expansion is not None:
            return self.registry.lookup(expansion, names=False) or self.ensure_actor(expansion, "organisation")
        return self.ensure_actor(word, "organisation")

    def _given_name(self, run: Span, word: str) -> str | None:
        """'Mohamad said', after 'Foreign Minister Mohamad Hasan': where the given name is what the
        article calls someone (Malay, Khmer, Thai names), the one person named before with it."""
        owners = {
            m.name
            for m in self.mentions
            if m.position < run[0].idx
            and m.kind in PERSON_KINDS
            and len(strip_titles(m.name).split()) > 1
            and strip_titles(m.name).split()[0].lower() == word.lower()
        }
        return next(iter(owners)) if len(owners) == 1 else None

    def _lone_surname(self, run: Span, word: str) -> str | None:
        """'Brekke said: ...' where the excerpt never gives the first name: the surname alone, as a new
        person, when it is the subject of a verb of saying and nothing else (a place, a body, an
        acronym) that a single capitalised word could be."""
        head = run_head(run)
        doc = head.doc
        following = doc[run.end] if run.end < len(doc) else None
        subject = head.dep_ == "nsubj" and head.head.lemma_ in CUE_VERBS
        if len(run) != 1 or not (
            subject or following is not None and following.lemma_ in CUE_VERBS and following.pos_ == "VERB"
        ):
            return None
        if self.layout.is_headline(run[0].idx) or word.lower() in ROLE_NOUNS | GROUP_NOUNS | GOVERNMENT_NOUNS | {
            "mediator",
            "mediators",
        }:
            return None  # "Mediator says ..." in a title-case headline: a common noun
        if any(c.dep_ == "det" for c in head.children) or run.start and doc[run.start - 1].lower_ == "the":
            return None  # "the Pentagon said": a building or a body
        lower = word.lower()
        if lower in CAPITALS:
            return self._capital_government(lower)
        if lower in PLACES or lower in self._places:
            return None  # "Geneva said": a place, not a person
        if (
            word.isupper()
            or not word[:1].isupper()
            or lower in COUNTRIES
            or lower in NATIONALITIES
            or self.registry.country_of(lower)
            or lower in TITLE_WORDS
        ):
            return None
        if is_junk(word) or _ORG_WORDS.search(word) or len(word) < 3:
            return None
        return self.ensure_actor(word, "person", self._context(run))

    def _capital_government(self, capital: str) -> str | None:
        """'Kabul said': the government of that country, registered or new ("Afghan government")."""
        return self._new_government(CAPITALS[capital])

    def _other_given_name(self, given: str, surname: str, run_words: list[str] | None = None) -> bool:
        """Is `given` a first name unlike that of the registered person with this surname?

        A title ("Defence Minister Katz") or a spelling variant with the same initial ("Yury
        Ushakov") still finds the registered person.
        """
        if title_like(given, self.registry):
            return False
        known = self.registry.lookup(surname)
        if known is None or self.kind_of(known) not in PERSON_KINDS:
            return False
        if run_words and strip_titles(known).split()[0].lower() in {w.lower() for w in run_words}:
            return False  # "Sayyid Badr bin Hamad Albusaidi": the registered first name is there, further back
        return strip_titles(known).lower()[:1] != given.lower()[:1]

    def _run_label(self, run: Span) -> str | None:
        labels = [self._ent_of[t.i].label_ for t in run if t.i in self._ent_of]
        return labels[-1] if labels else None

    def _person_like(self, run: Span, bare: str) -> bool:
        label = self._run_label(run)
        parts = bare.split()
        if not parts or _ORG_WORDS.search(bare):
            return False
        first = parts[0].lower()
        if first in FEMALE_NAMES or first in MALE_NAMES or first.split("-")[0] in FEMALE_NAMES | MALE_NAMES:
            return True
        if label in _NON_PERSON_LABELS or label == "ORG":
            return False
        if label == "PERSON":
            return True
        return 2 <= len(parts) <= 4 and all(p[:1].isupper() for p in parts if p.lower() not in NAME_PARTICLES)

    def _context(self, run: Span) -> str:
        """The words that introduce a person: appositions, relative clauses, titles."""
        head = run_head(run)
        pieces = [run.text]
        for child in head.children:
            if child.dep_ in ("appos", "relcl", "acl"):
                pieces.append(" ".join(t.text for t in child.subtree))
        if head.dep_ == "appos":
            pieces.append(" ".join(t.text for t in head.head.subtree))
        doc = head.doc
        after = doc[run.end : min(len(doc), run.end + 14)]
        if run.end < len(doc) and doc[run.end].text == ",":
            pieces.append(after.text)
        return " ".join(pieces)
