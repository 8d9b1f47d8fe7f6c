"""The lexical audit: no topic word may predict the label on its own.

If most training statements that say "ceasefire" are FAVOR, a model can score well on our own splits
by reading the word and ignoring what the speaker does with it, and then call "the rebels refused the
ceasefire" FAVOR on real copy. So for every topic term that occurs often enough to matter, no label
may hold more than half of the statements that use it. `stance audit` prints the table; a test holds
the rule on the train split.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from stance.classifier.data import Example
from stance.records import LABELS

TOPIC_TERMS: tuple[str, ...] = (
    "ceasefire",
    "truce",
    "deal",
    "talks",
    "negotiations",
    "proposal",
    "agreement",
    "accord",
    "mediation",
    "plan",
    "summit",
    "dialogue",
    "peace",
)
MIN_COUNT = 30
MAX_SHARE = 0.5


@dataclass
class TermRow:
    term: str
    counts: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def top_share(self) -> float:
        return max(self.counts.values()) / self.total if self.total else 0.0

    @property
    def checked(self) -> bool:
        return self.total >= MIN_COUNT

    @property
    def ok(self) -> bool:
        return not self.checked or self.top_share <= MAX_SHARE


def _pattern(term: str) -> re.Pattern[str]:
    # the word and its plural ("talk"/"talks" aside, which is its own term): "deals", "plans", "summits"
    return re.compile(rf"\b{re.escape(term)}s?\b", re.IGNORECASE)


def lexical_audit(examples: list[Example], terms: tuple[str, ...] = TOPIC_TERMS) -> list[TermRow]:
    rows = []
    for term in terms:
        pattern = _pattern(term)
        counts = Counter(e.label for e in examples if pattern.search(e.text))
        rows.append(TermRow(term, {label: counts.get(label, 0) for label in LABELS}))
    return rows


def audit_text(rows: list[TermRow]) -> str:
    lines = [f"{'term':<14}{'n':>6}" + "".join(f"{label:>9}" for label in LABELS) + "   top share"]
    for row in rows:
        shares = "".join(f"{row.counts[label]:>9}" for label in LABELS)
        verdict = "not checked (under 30)" if not row.checked else ("ok" if row.ok else f"FAIL: over {MAX_SHARE:.0%}")
        lines.append(f"{row.term:<14}{row.total:>6}{shares}   {row.top_share:>6.0%}  {verdict}")
    return "\n".join(lines)
