"""The behaviour suite: what the classifier must do, capability by capability (CheckList-style).

Own-split figures hide *why* a model is right. The suite in data/stance/behaviour/ asks small,
named questions instead: does "rejected the ceasefire" read AGAINST when "accepted the ceasefire"
reads FAVOR (directional), does a dateline or a background clause leave the label alone
(invariance), is a venue or a sanctions remark NONE (minimum functionality)? It is never trained on:
`stance splits` refuses near-duplicates of its items and a test checks the train split.

Each line: {"id", "capability", "type": "MFT"|"INV"|"DIR", "text", "label", "group"?}. An item
passes when the predicted label is its gold label; an INV group also reports whether all its
members got one label.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from stance.records import LABELS, Label

TYPES = ("MFT", "INV", "DIR")


@dataclass
class BehaviourItem:
    id: str
    capability: str
    type: str
    text: str
    label: Label
    group: str | None = None


@dataclass
class CapabilityResult:
    capability: str
    type: str
    passed: int
    total: int
    failures: list[tuple[BehaviourItem, str]]

    @property
    def rate(self) -> float:
        return self.passed / self.total if self.total else 0.0


def read_suite(folder: Path) -> list[BehaviourItem]:
    items: list[BehaviourItem] = []
    for path in sorted(folder.glob("*.jsonl")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if not line.strip():
                continue
            row = json.loads(line)
            if row.get("label") not in LABELS or row.get("type") not in TYPES:
                raise ValueError(f"{path}:{number}: needs a label in {LABELS} and a type in {TYPES}")
            items.append(
                BehaviourItem(row["id"], row["capability"], row["type"], row["text"], row["label"], row.get("group"))
            )
    if not items:
        raise ValueError(f"No behaviour items in {folder}: expected *.jsonl files there.")
    return items


def run_suite(items: list[BehaviourItem], predicted: list[str]) -> list[CapabilityResult]:
    by_capability: dict[str, list[tuple[BehaviourItem, str]]] = defaultdict(list)
    for item, label in zip(items, predicted, strict=True):
        by_capability[item.capability].append((item, label))
    results = []
    for capability, pairs in sorted(by_capability.items()):
        failures = [(item, label) for item, label in pairs if label != item.label]
        results.append(CapabilityResult(capability, pairs[0][0].type, len(pairs) - len(failures), len(pairs), failures))
    return results


def overall_rate(results: list[CapabilityResult]) -> float:
    total = sum(r.total for r in results)
    return sum(r.passed for r in results) / total if total else 0.0


def suite_text(results: list[CapabilityResult], show_failures: int = 0) -> str:
    lines = [f"{'capability':<30}{'type':<6}{'pass rate':>10}  (passed/total)"]
    for r in results:
        lines.append(f"{r.capability:<30}{r.type:<6}{r.rate:>10.3f}  ({r.passed}/{r.total})")
        for item, label in r.failures[:show_failures]:
            lines.append(f"    {item.id}: gold {item.label}, got {label}: {item.text}")
    total = sum(r.total for r in results)
    lines.append(f"{'overall':<36}{overall_rate(results):>10.3f}  ({sum(r.passed for r in results)}/{total})")
    return "\n".join(lines)
