"""Speakers for the claims, in text order (so that a pronoun sees the speakers named before it), and
one statement per stretch of text: the most reliable source wins."""

from __future__ import annotations

from dataclasses import replace

from stance.attribution.claims import Claim
from stance.attribution.run import Run
from stance.attribution.vocabulary import STATEMENT_NOUNS


def resolve_speakers(run: Run, claims: list[Claim]) -> list[Claim]:
    """Speakers in text order, so that each pronoun sees the speakers named before it.

    A statement by several parties ("the two leaders said in a joint statement", "a joint
    statement by Qatar and Egypt") goes to each of them: the extra claims are returned.
    """
    resolved: list[Claim] = []
    joint: list[Claim] = []
    for claim in sorted(claims, key=lambda c: (c.anchor, -c.priority)):
        speaker = None
        if claim.label is not None:
            speaker = claim.label or None
            if speaker and speaker not in run.resolver.registry.actors:
                speaker = run.resolver.ensure_actor(speaker, "person", claim.context)
        elif claim.token is not None:
            speaker = run.resolver.resolve(claim.token, claim.anchor, claim.exclude)
            if speaker is None or claim.token.lemma_ in STATEMENT_NOUNS:
                parties = run.resolver.issuers(claim.token) or (
                    run.resolver.signatories(claim.token, claim.anchor)
                    if speaker is None and _joint(run, claim)
                    else []
                )
                if parties:
                    speaker = parties[0]
                    for party in parties[1:]:
                        joint.append(replace(claim, speaker=party, token=None, label=party, restates=None))
        if speaker is None and claim.fallback_previous:
            speaker = _previous_speaker(run, resolved, claim)
            if speaker is not None and claim.source == "initial":
                claim.source = "previous"
        if speaker is not None and run.resolver.is_author(speaker):
            speaker = None
        claim.speaker = speaker
        if speaker is not None:
            resolved.append(claim)
            run.resolver.note_speaker(speaker, claim.anchor)
    return joint


def _joint(run: Run, claim: Claim) -> bool:
    """Said together: 'in a joint statement', 'in a communique', 'jointly', 'a joint declaration said'."""
    verb = run.token_at(claim.cue_at) if claim.cue_at is not None else None
    if verb is None:
        return False
    for child in verb.children:
        if child.lower_ == "jointly":
            return True
        if child.dep_ == "prep":
            for noun in (c for c in child.children if c.dep_ == "pobj"):
                if (
                    noun.lower_ in ("communique", "communiqué", "declaration")
                    or noun.lemma_ in STATEMENT_NOUNS
                    and any(a.lower_ == "joint" for a in noun.children)
                ):
                    return True
    return False


def _previous_speaker(run: Run, resolved: list[Claim], claim: Claim) -> str | None:
    earlier = [c for c in resolved if c.end <= claim.start and c.source != "label"]
    if not earlier:
        return None
    last = max(earlier, key=lambda c: c.end)
    between = run.text[last.end : claim.start]
    if between.count("\n\n") > 1 or len(between) > 400:
        return None
    return last.speaker


def select(run: Run, claims: list[Claim]) -> list[Claim]:
    """One statement per stretch of text: the most reliable source wins; nested ones go."""
    candidates = [c for c in claims if c.speaker and c.end > c.start]
    candidates.sort(key=lambda c: (-c.priority, c.start, -(c.end - c.start)))
    kept: list[Claim] = []
    for claim in candidates:
        overlapping = [c for c in kept if c.start < claim.end and claim.start < c.end]
        joint = all(
            (c.start, c.end, c.cue_at) == (claim.start, claim.end, claim.cue_at) and c.speaker != claim.speaker
            for c in overlapping
        )
        if overlapping and not (joint and claim.cue_at is not None):
            continue
        kept.append(claim)
    kept = [
        c for c in kept if not any(o is not c and c.cue_at is not None and o.start <= c.cue_at < o.end for o in kept)
    ]
    kept.sort(key=lambda c: c.start)
    for claim in kept:
        if claim.channel is None:
            claim.channel = next(
                (
                    name
                    for start, end, name in run.channels
                    if start <= claim.start < end or claim.start <= start < claim.end
                ),
                None,
            )
    return kept
