"""The labelled statements: loading, fixed splits, and the near-duplicate check across splits."""

from __future__ import annotations

import hashlib
import json
import random
import re
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from stance.records import LABELS

SPLITS = ("train", "dev", "test")


@dataclass
class Example:
    text: str
    label: str
    conflict: str | None = None
    hard_case: str | None = None


def read_examples(path: Path) -> list[Example]:
    examples = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        row = json.loads(line)
        if row.get("label") not in LABELS:
            raise ValueError(f"{path}:{number}: label must be one of {', '.join(LABELS)}, got {row.get('label')!r}")
        examples.append(Example(row["text"], row["label"], row.get("conflict"), row.get("hard_case")))
    return examples


def _shingles(text: str, n: int = 4) -> set[str]:
    words = re.findall(r"\w+", text.lower())
    return {" ".join(words[i : i + n]) for i in range(max(1, len(words) - n + 1))}


def near_duplicate_pairs(left: list[str], right: list[str] | None = None, threshold: float = 0.5) -> list[tuple[int, int, float]]:
    """Pairs (i, j, jaccard) whose word 4-gram Jaccard similarity is at least threshold.

    With one list, pairs inside it; with two, pairs across them. An inverted index keeps
    this fast enough for tens of thousands of statements.
    """
    same = right is None
    right = left if right is None else right
    left_sets = [_shingles(t) for t in left]
    right_sets = [_shingles(t) for t in right]
    index: dict[str, list[int]] = defaultdict(list)
    for j, shingles in enumerate(right_sets):
        for s in shingles:
            index[s].append(j)
    pairs = []
    for i, shingles in enumerate(left_sets):
        counts: dict[int, int] = defaultdict(int)
        for s in shingles:
            for j in index[s]:
                if not same or j > i:
                    counts[j] += 1
        for j, shared in counts.items():
            union = len(shingles) + len(right_sets[j]) - shared
            score = shared / union if union else 0.0
            if score >= threshold:
                pairs.append((i, j, round(score, 3)))
    return pairs


def make_splits(examples: list[Example], seed: int = 13, fractions: tuple[float, float] = (0.7, 0.15)) -> dict[str, list[Example]]:
    """Stratified by label; near-duplicates are kept together so no split leaks into another."""
    parent = list(range(len(examples)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, j, _ in near_duplicate_pairs([e.text for e in examples]):
        parent[find(i)] = find(j)
    groups: dict[int, list[int]] = defaultdict(list)
    for i in range(len(examples)):
        groups[find(i)].append(i)
    by_label: dict[str, list[list[int]]] = defaultdict(list)
    for members in groups.values():
        by_label[examples[members[0]].label].append(members)
    rng = random.Random(seed)
    splits: dict[str, list[Example]] = {name: [] for name in SPLITS}
    for label in LABELS:
        clusters = sorted(by_label[label], key=lambda m: hashlib.sha1(examples[m[0]].text.encode()).hexdigest())
        rng.shuffle(clusters)
        total = sum(len(c) for c in clusters)
        taken = 0
        for members in clusters:
            share = taken / total if total else 0
            name = "train" if share < fractions[0] else "dev" if share < fractions[0] + fractions[1] else "test"
            splits[name].extend(examples[i] for i in members)
            taken += len(members)
    for name in SPLITS:
        rng.shuffle(splits[name])
    return splits


def extend_splits(current: dict[str, list[Example]], examples: list[Example], seed: int = 13) -> dict[str, list[Example]]:
    """Keep every statement where it already is and place only the new ones.

    Reshuffling on every addition would move old test statements into train, so a model trained
    earlier could no longer be compared on the same test split. A new statement that nearly
    duplicates one already placed joins that one's split; the rest are split like make_splits does.
    Statements no longer in the raw files drop out.
    """
    by_text = {e.text: e for e in examples}  # the raw files win, so a corrected label carries over
    kept = {name: [by_text[e.text] for e in current.get(name, []) if e.text in by_text] for name in SPLITS}
    placed_texts = {e.text for items in kept.values() for e in items}
    new = [e for e in examples if e.text not in placed_texts]
    if not new:
        return kept
    placed = [e for name in SPLITS for e in kept[name]]
    placed_split = [name for name in SPLITS for _ in kept[name]]
    loose: list[Example] = []
    pinned: dict[int, str] = {}
    for i, j, _ in near_duplicate_pairs([e.text for e in new], [e.text for e in placed]):
        pinned.setdefault(i, placed_split[j])
    for i, e in enumerate(new):
        if i in pinned:
            kept[pinned[i]].append(e)
        else:
            loose.append(e)
    for name, items in make_splits(loose, seed=seed).items():
        kept[name].extend(items)
    return kept


def write_examples(path: Path, examples: list[Example]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as handle:
        for e in examples:
            handle.write(json.dumps({"text": e.text, "label": e.label, "conflict": e.conflict, "hard_case": e.hard_case}, ensure_ascii=False) + "\n")
