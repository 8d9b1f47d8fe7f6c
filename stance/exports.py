"""Exports that more than one face needs: corrections as training data."""

from __future__ import annotations

from typing import Iterator

from stance.store import Store


def corrections_as_training(store: Store) -> Iterator[dict]:
    """Each active label correction as a labelled statement, in the corpus format."""
    frame = store.corrections()
    for row in frame[frame["field"] == "label"].itertuples():
        yield {"text": row.text, "label": row.new_value, "source": "analyst correction", "analyst": row.analyst}
