"""The records that flow between stages.

Plain dataclasses, so each stage can be used and tested alone and nothing below the
pipeline needs to know about the database or the dashboard.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Literal, get_args

# The closed sets of values, as types for signatures and as tuples (in this order) for loops and checks.
Label = Literal["FAVOR", "AGAINST", "NONE"]  # the classifier's outputs, in the order of its logits
# "headline": a headline restating a body statement of the same speaker, scored on the body's words
StatementKind = Literal["direct", "reported", "paraphrase", "headline"]
# "group": states or officials acting together without a body of their own ("the Quad", "the G7 leaders")
ActorKind = Literal["person", "government", "organisation", "commentator", "group"]
# what happened to one file or row on ingest (stance.pipeline.Outcome)
OutcomeStatus = Literal["stored", "duplicate", "rejected"]

LABELS: tuple[Label, ...] = get_args(Label)
STATEMENT_KINDS: tuple[StatementKind, ...] = get_args(StatementKind)
ACTOR_KINDS: tuple[ActorKind, ...] = get_args(ActorKind)
OUTCOME_STATUSES: tuple[OutcomeStatus, ...] = get_args(OutcomeStatus)


@dataclass
class Article:
    """A cleaned article, ready for attribution."""

    text: str
    title: str | None = None
    published: date | None = None
    date_source: str | None = None  # "given", "metadata", "text", "upload"
    source: str | None = None
    url: str | None = None
    file_name: str | None = None
    language: str = "en"


@dataclass
class Statement:
    """One position stated by one speaker, found by attribution."""

    speaker: str  # canonical actor name
    text: str  # what the classifier sees: the content with its reporting clause
    quote: str  # the stated content itself (quoted words or reported clause)
    start: int  # character span of the content in Article.text
    end: int
    kind: StatementKind
    cue: str | None = None  # the speech verb ("said", "warned") when there is one
    confidence: float = 1.0
    channel: str | None = None  # the outlet that carried the words ("told the Financial Times", "Reuters reported")


@dataclass
class Actor:
    """A canonical speaker: one person or body, whatever the article calls it."""

    name: str
    kind: ActorKind = "person"
    affiliation: str | None = None
    role: str | None = None
    gender: str | None = None
    aliases: list[str] = field(default_factory=list)
    conflicts: list[str] = field(default_factory=list)
    reviewed: bool = True


@dataclass
class Prediction:
    """The classifier's call on one statement."""

    label: Label
    probabilities: dict[Label, float]
    uncertain: bool = False  # top probability under the model's abstention threshold (chosen on dev)

    @property
    def score(self) -> float:
        """Stance in [-1, 1]: P(FAVOR) - P(AGAINST)."""
        return self.probabilities["FAVOR"] - self.probabilities["AGAINST"]


@dataclass
class ScoredStatement:
    statement: Statement
    prediction: Prediction


@dataclass
class Analysis:
    """Everything the pipeline found in one article."""

    article: Article
    statements: list[ScoredStatement]
    actors: dict[str, Actor]  # canonical name -> actor, for every speaker in statements
    model_version: str
