"""Exports that more than one face needs: corrections as training data."""

from __future__ import annotations

from collections.abc import Iterator

from stance.classifier.data import Example, without_near_duplicates
from stance.store import Store


def corrections_as_training(store: Store) -> Iterator[dict]:
    """Each active label correction as a labelled statement, in the corpus format."""
    frame = store.corrections()
    for row in frame[frame["field"] == "label"].itertuples():
        yield {"text": row.text, "label": row.new_value, "source": "analyst correction", "analyst": row.analyst}


def corrections_for_training(store: Store, held_out: list[str]) -> tuple[list[Example], int]:
    """Analysts' confirmed and corrected labels as training examples, and how many were skipped.

    A text that is (nearly) in `held_out` (every split and the behaviour suite) is skipped: a
    corrected test statement in train would flatter the test figure. Where an analyst labelled
    the same text twice, the later decision wins.
    """
    latest = {row["text"]: row["label"] for row in corrections_as_training(store)}
    kept, dropped = without_near_duplicates(
        [Example(text, label, hard_case="analyst") for text, label in latest.items()], held_out
    )
    return kept, len(dropped)
