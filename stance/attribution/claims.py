"""A candidate statement before its speaker is known, and how far each source of one is trusted."""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Token

from stance.records import StatementKind

# How far each source of a statement is trusted: overlapping candidates keep the higher one.
PRIORITY = {
    "turn": 100,
    "credit": 90,
    "label": 85,
    "after": 80,
    "before": 75,
    "called": 72,
    "according": 70,
    "initial": 65,
    "reported": 60,
    "previous": 50,
}
CONFIDENCE = {
    "turn": 0.9,
    "credit": 0.9,
    "label": 0.8,
    "after": 0.9,
    "before": 0.85,
    "called": 0.8,
    "according": 0.7,
    "initial": 0.7,
    "reported": 0.75,
    "previous": 0.6,
}


@dataclass
class Claim:
    """A candidate statement before its speaker is known."""

    start: int
    end: int
    kind: StatementKind
    source: str  # a key of PRIORITY
    anchor: int  # where the speaker is named (orders pronoun resolution)
    token: Token | None = None  # the speaker's head token, or
    label: str | None = None  # the speaker's name as written, or
    fallback_previous: bool = False  # the speaker of the statement before
    cue: str | None = None
    cue_at: int | None = None
    exclude: tuple[int, int] | None = None
    context: str = ""
    speaker: str | None = None
    channel: str | None = None  # the outlet that carried the words
    restates: Claim | None = None  # for a headline: the body statement it restates

    @property
    def priority(self) -> int:
        return PRIORITY[self.source]
