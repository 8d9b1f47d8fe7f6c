"""Runs of capitalised proper nouns (the names in a text), their heads and their words without titles."""

from __future__ import annotations

import re

from spacy.tokens import Doc, Span, Token

from stance.attribution.hygiene import strip_calendar
from stance.attribution.sentences import tokens
from stance.attribution.vocabulary import CUE_VERBS
from stance.names import NAME_PARTICLES, NATIONALITIES, TITLE_WORDS
from stance.registry import Registry

# The noun that ends a title, whatever portfolio comes before it ("Heritage Affairs Minister").
_OFFICE_NOUNS = {
    "minister",
    "secretary",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "commissioner",
    "ambassador",
    "envoy",
    "adviser",
    "advisor",
    "director",
    "chairman",
    "chairwoman",
    "governor",
    "mayor",
    "commander",
}


def main_subject(token: Token) -> bool:
    """A subject of the main clause (or of a reporting verb), or the root of a verbless line."""
    if token.dep_ == "ROOT" and token.pos_ in ("PROPN", "NOUN"):
        return True
    if token.dep_ not in ("nsubj", "nsubjpass"):
        return False
    head = token.head
    if head.dep_ == "ROOT" or (head.dep_ == "conj" and head.head.dep_ == "ROOT"):
        return True
    return head.lemma_ in CUE_VERBS


def name_runs(doc: Doc):
    """Maximal runs of capitalised proper nouns, with name particles and hyphens inside."""
    toks = tokens(doc)
    i = 0
    while i < len(toks):
        if not _namey(toks[i]):
            i += 1
            continue
        start = i
        j = i + 1
        while j < len(toks):
            token = toks[j]
            if _namey(token):
                j += 1
                continue
            if (
                token.text in ("-", "‐")
                and not toks[j - 1].whitespace_
                and not token.whitespace_
                and j + 1 < len(toks)
                and (_namey(toks[j + 1]) or toks[j + 1].lower_ in NAME_PARTICLES)
            ):
                j += 1
                continue
            if (
                token.lower_ in NAME_PARTICLES
                and j + 1 < len(toks)
                and (_namey(toks[j + 1]) or toks[j + 1].text in ("-",))
            ):
                j += 1
                continue
            break
        # a particle glued before the run: "al-Burhan", "el-Sisi"
        if (
            start >= 2
            and toks[start - 1].text == "-"
            and not toks[start - 2].whitespace_
            and not toks[start - 1].whitespace_
            and toks[start - 2].lower_ in NAME_PARTICLES
        ):
            start -= 2
        yield doc[start:j]
        i = j


def _namey(token: Token) -> bool:
    if not token.text[:1].isupper() or token.is_punct:
        return False
    if token.pos_ == "PROPN":
        return True
    return token.ent_type_ in ("PERSON", "ORG") and token.pos_ in ("NOUN", "ADJ", "X", "VERB")


def run_head(run: Span) -> Token:
    """The token of the run whose head lies outside it."""
    for token in run:
        if not (run.start <= token.head.i < run.end) or token.head.i == token.i:
            return token
    return run[-1]


def run_text(run: Span) -> str:
    """The run's words, without a possessive or a day or month glued on ("Wednesday Trump")."""
    text = re.sub(r"\s+", " ", run.text).strip()
    return strip_calendar(re.sub(r"(?:'s|’s|')$", "", text).strip())


def strip_name_titles(text: str, registry: Registry) -> str:
    """'Army Secretary Dan Driscoll' -> 'Dan Driscoll'; 'Congolese Foreign Minister X Y' -> 'X Y'."""
    words = text.split()
    while len(words) > 1 and title_like(words[0], registry):
        words = words[1:]
    for i in range(len(words) - 3, 0, -1):
        if words[i].lower() in _OFFICE_NOUNS:  # "Heritage Affairs Minister Ana Pell": a portfolio the title list lacks
            return " ".join(words[i + 1 :])
    return " ".join(words)


def title_like(word: str, registry: Registry) -> bool:
    """A title word or a nationality adjective ('Minister', 'Russian'), not a name."""
    lower = word.lower().strip(",")
    if lower in TITLE_WORDS or lower in NATIONALITIES:
        return True
    return (
        lower.endswith(("an", "ese", "ish", "i", "ic"))
        and registry.country_of(lower) is not None
        and registry.lookup(lower) is None
    )


def spelled_out(words: list[str], initials: str) -> str | None:
    """The words before "(VLF)" that it stands for: "... with the Varnian Liberation Front" -> "Varnian
    Liberation Front" (lower-case joining words may sit inside: "Front for the Liberation")."""
    for start in range(len(words) - 1, -1, -1):
        tail = words[start:]
        if not tail[0][:1].isupper():
            continue
        found = "".join(w[0] for w in tail if w[:1].isupper())
        if found == initials:
            return " ".join(tail)
        if len(found) > len(initials):
            return None
    return None


def looks_generic(text: str) -> bool:
    return len(text) < 2 or text.lower() in ("the", "state", "states")
