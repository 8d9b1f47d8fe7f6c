"""The labelled statements: loading, fixed splits, and the near-duplicate check across splits."""

from __future__ import annotations

import hashlib
import json
import random
import re
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from stance.records import LABELS, Label

SPLITS = ("train", "dev", "test")


@dataclass
class Example:
    text: str
    label: Label
    conflict: str | None = None
    hard_case: str | None = None
    pair: str | None = None  # counterfactual pair id: both sides of a minimal edit stay in one split
    confidence: str | None = None  # "clear" or "ambiguous" where a labelled set says so (the real-copy set does)


def read_examples(path: Path) -> list[Example]:
    examples = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        row = json.loads(line)
        if row.get("label") not in LABELS:
            raise ValueError(f"{path}:{number}: label must be one of {', '.join(LABELS)}, got {row.get('label')!r}")
        examples.append(
            Example(
                row["text"],
                row["label"],
                row.get("conflict"),
                row.get("hard_case"),
                row.get("pair"),
                row.get("confidence"),
            )
        )
    return examples


def _shingles(text: str, n: int = 4) -> set[str]:
    words = re.findall(r"\w+", text.lower())
    return {" ".join(words[i : i + n]) for i in range(max(1, len(words) - n + 1))}


def near_duplicate_pairs(
    left: list[str], right: list[str] | None = None, threshold: float = 0.5
) -> list[tuple[int, int, float]]:
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


def make_splits(
    examples: list[Example], seed: int = 13, fractions: tuple[float, float] = (0.7, 0.15)
) -> dict[str, list[Example]]:
    """Stratified by label; near-duplicates are kept together so no split leaks into another."""
    parent = list(range(len(examples)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, j, _ in near_duplicate_pairs([e.text for e in examples]):
        parent[find(i)] = find(j)
    first_of_pair: dict[str, int] = {}
    for i, e in enumerate(examples):
        if e.pair:
            parent[find(i)] = find(first_of_pair.setdefault(e.pair, i))
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


def extend_splits(
    current: dict[str, list[Example]], examples: list[Example], seed: int = 13
) -> dict[str, list[Example]]:
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
    pair_split = {e.pair: placed_split[j] for j, e in enumerate(placed) if e.pair}
    for i, e in enumerate(new):
        if e.pair in pair_split:
            pinned[i] = pair_split[e.pair]  # the other side of its pair is already placed
    for i, e in enumerate(new):  # a pinned side takes its partner along
        if i in pinned and e.pair:
            pair_split.setdefault(e.pair, pinned[i])
    for i, e in enumerate(new):
        if i not in pinned and e.pair in pair_split:
            pinned[i] = pair_split[e.pair]
    for i, e in enumerate(new):
        if i in pinned:
            kept[pinned[i]].append(e)
        else:
            loose.append(e)
    for name, items in make_splits(loose, seed=seed).items():
        kept[name].extend(items)
    return kept


def without_near_duplicates(examples: list[Example], held_out: list[str]) -> tuple[list[Example], list[Example]]:
    """(kept, dropped): the examples that are not the same as or a near-duplicate of a held-out text.

    `stance splits` uses it with the behaviour suite, which must never be trained on.
    """
    exact = set(held_out)
    clashing = {i for i, _, _ in near_duplicate_pairs([e.text for e in examples], held_out)}
    clashing |= {i for i, e in enumerate(examples) if e.text in exact}
    dropped_pairs = {examples[i].pair for i in clashing if examples[i].pair}
    drop = {i for i, e in enumerate(examples) if i in clashing or (e.pair and e.pair in dropped_pairs)}
    return [e for i, e in enumerate(examples) if i not in drop], [examples[i] for i in sorted(drop)]


def write_examples(path: Path, examples: list[Example]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as handle:
        for e in examples:
            row = {"text": e.text, "label": e.label, "conflict": e.conflict, "hard_case": e.hard_case}
            if e.pair:
                row["pair"] = e.pair
            handle.write(json.dumps(row, ensure_ascii=False) + "\n")
