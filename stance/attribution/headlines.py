"""Source 3, headline labels (`Rubio: "Now it's up to Moscow"`, `Kremlin: no text received`), and
headlines that restate a body statement: one statement with the body's, counted once."""

from __future__ import annotations

import re

from stance.attribution.claims import Claim
from stance.attribution.grammar import is_passive, subject_of
from stance.attribution.layout import headline_body
from stance.attribution.run import Run
from stance.attribution.sentences import sent_of
from stance.attribution.vocabulary import CUE_VERBS


def headline_labels(run: Run) -> list[Claim]:
    """`Rubio: "Now it's up to Moscow"`, `Kremlin: no text received` in titles and entry titles."""
    claims = []
    for line in run.layout.headlines:
        if run.blocked(line.start):
            continue
        start, body = headline_body(line)
        offset = start
        for segment in re.split(r"(;\s*)", body):
            seg_start = offset
            offset += len(segment)
            match = re.match(r"^(?P<label>[^:\"“;]{1,60}?):\s+(?P<content>\S.*)$", segment)
            if not match or len(match.group("label").split()) > 6:
                continue
            label = match.group("label").strip()
            name = run.resolver.resolve_label(label)
            if name is None or _country_label(run, label, name):
                continue
            content_start = seg_start + match.start("content")
            content_end = seg_start + len(segment.rstrip(" .;"))
            if _has_own_speaker(run, content_start, content_end):
                continue  # "Sudan: Guterres calls for ...": a section label
            inner = run.text[content_start:content_end]
            quoted = re.fullmatch(r"[\"“'‘](.+)[\"”'’]", inner)
            if quoted:
                claims.append(Claim(content_start + 1, content_end - 1, "direct", "label", seg_start, label=name))
            else:
                claims.append(Claim(content_start, content_end, "reported", "label", seg_start, label=name))
    return claims


def _country_label(run: Run, label: str, name: str) -> bool:
    """'Sudan: ...' is a section label; 'Kremlin: ...' or 'MEA: ...' speaks for a government."""
    actor = run.resolver.registry.actors.get(name)
    if actor is None or actor.kind != "government" or not actor.affiliation:
        return False
    return label.lower().strip() == actor.affiliation.lower()


def _has_own_speaker(run: Run, start: int, end: int) -> bool:
    span = run.doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return False
    for token in span:
        if token.lemma_ in CUE_VERBS and token.pos_ in ("VERB", "AUX") and not is_passive(token):
            subject = subject_of(token)
            if subject is not None and start <= subject.idx < end:
                return True
    return False


def merge_headlines(run: Run, kept: list[Claim]) -> list[Claim]:
    """A headline statement that the body restates is one statement with the body's, counted once.

    "Mediator says both sides will return to Geneva" over "Ola Brekke said both delegations would
    return to Geneva next week": the headline keeps its place (an analyst sees it marked) as kind
    `headline`, pointing at the body statement it restates, and is scored on the body's words,
    so it can never carry a second, different score. The same headline twice (a title repeated
    by the page) is kept once. A headline the body does not restate stays as it was.
    """
    body = [c for c in kept if not run.layout.is_headline(c.start)]
    merged: list[Claim] = []
    for claim in kept:
        if not run.layout.is_headline(claim.start):
            merged.append(claim)
            continue
        words = _content_words(run.text[claim.start : claim.end])
        if any(
            run.layout.is_headline(o.start)
            and o.speaker == claim.speaker
            and _content_words(run.text[o.start : o.end]) == words
            for o in merged
        ):
            continue  # the same headline again
        claim.restates = next(
            (other for other in body if other.speaker == claim.speaker and _restates(run, other, claim)), None
        )
        if claim.restates is not None:
            claim.kind = "headline"
        merged.append(claim)
    return merged


def _restates(run: Run, body: Claim, headline: Claim) -> bool:
    """Most of the headline's content words recur in the body statement's sentence(s)."""
    words = _content_words(run.text[headline.start : headline.end])
    if len(words) < 2:
        return False
    span = run.doc.char_span(body.start, max(body.start + 1, body.end), alignment_mode="expand")
    low, high = (
        (sent_of(span[0]).start_char, sent_of(span[-1]).end_char)
        if span is not None and len(span)
        else (body.start, body.end)
    )
    found = _content_words(run.text[min(low, body.start) : max(high, body.end)])
    return len(words & found) >= _RESTATED * len(words)


_RESTATED = 0.6  # share of a headline's content words the body must repeat
_FUNCTION_WORDS = frozenset(
    "a an the and or but of to in on at for with by from as is are was were be been will would could should can may "
    "must not no it its this that these those he she they we his her their our says say said over after before into "
    "than then so if up out about new".split()
)


def _content_words(text: str) -> set[str]:
    """Lower-case word stems without function words: 'talks' and 'talk', 'ready' and 'readiness' agree."""
    words = re.findall(r"[a-z0-9]+", text.lower().replace("’", "'"))
    return {w[:5] for w in words if w not in _FUNCTION_WORDS and len(w) > 1}
