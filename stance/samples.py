"""The sample articles (our own writing, in `sample_articles/`), loaded into an empty store so that a
first start shows a timeline. One loader for every face: `stance seed`, `stance dashboard` and the
dashboard's first start; each passes a progress callback and says which article it is on.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from stance.config import SAMPLE_DIR
from stance.ingest import load_path

if TYPE_CHECKING:
    from stance.pipeline import Outcome, Pipeline
    from stance.store import Store

TITLE_CHARS = 90  # a progress line stays on one line of a terminal


@dataclass(frozen=True)
class SampleProgress:
    """Sample article `number` of `total` is being analysed now (`title` as read from the file)."""

    number: int
    total: int
    title: str

    @property
    def done(self) -> float:
        """The share already stored, 0 to 1, for a progress bar."""
        return (self.number - 1) / self.total if self.total else 1.0

    def line(self) -> str:
        """The CLI's progress line: `Loading sample articles: 3/15 <title>`."""
        return f"Loading sample articles: {self.number}/{self.total} {self.title}"


def sample_paths(folder: Path | None = None) -> list[Path]:
    """The sample files in order (hidden files skipped)."""
    folder = folder or SAMPLE_DIR
    return sorted(p for p in folder.iterdir() if p.is_file() and not p.name.startswith("."))


def needs_samples(store: Store) -> bool:
    """Only an empty store gets the samples: they never mix into an analyst's own articles."""
    return store.counts()["articles"] == 0


def load_samples(
    store: Store,
    pipeline: Pipeline,
    progress: Callable[[SampleProgress], None] | None = None,
    folder: Path | None = None,
) -> list[Outcome]:
    """Analyse and store every sample article; `progress` is called once per article, before it is analysed.

    Stores into any store it is given: callers ask `needs_samples` first.
    """
    paths = sample_paths(folder)
    outcomes: list[Outcome] = []
    for number, path in enumerate(paths, start=1):
        results = load_path(path)
        if progress:
            progress(SampleProgress(number, len(paths), _title(results, path)))
        outcomes += pipeline.ingest_results(store, results)
    return outcomes


def _title(results, path: Path) -> str:
    title = next((r.article.title for r in results if r.article is not None and r.article.title), None) or path.name
    title = " ".join(str(title).split())  # one line, whatever the file held
    return title if len(title) <= TITLE_CHARS else title[: TITLE_CHARS - 1] + "…"
