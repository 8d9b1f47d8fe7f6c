"""Joins the stages: text -> article -> statements -> scores -> (optionally) the store.

`Pipeline` holds the loaded models, so the dashboard and the CLI load them once.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from stance.aggregate import actor_stance
from stance.config import model_dir
from stance.fetch import complete
from stance.ingest import LoadResult, content_hash, load_bytes, load_path
from stance.ingest.language import ENGLISH
from stance.records import Analysis, Article, OutcomeStatus, ScoredStatement
from stance.store import Store
from stance.store.errors import StoreUnavailable, describe
from stance.store.limits import TooLong

if TYPE_CHECKING:  # the heavy models load in Pipeline.load, not on import
    from stance.attribution import Attributor
    from stance.classifier.loading import Classifier


NO_DATE = "no publication date found: set one on the Articles page or with --date"


def not_analysed(article: Article) -> str | None:
    """Why an article is stored but not analysed ("not analysed: language ru"), or None when it is analysed."""
    if article.language and article.language != ENGLISH:
        return f"not analysed: language {article.language}"
    return None


def stored_message(statements: int, article: Article) -> str:
    """The outcome line of a stored article: "5 statements", and a warning when it has no date (it would not show on the timeline)."""
    skipped = not_analysed(article)
    if skipped:
        return f"{skipped} (Stance Tracker analyses English articles only; the article is stored and listed on the Articles page)"
    message = f"{statements} statements"
    return message if article.published is not None else f"{message}, {NO_DATE}"


@dataclass
class Outcome:
    """What happened to one file or row: stored, duplicate or rejected (with the reason)."""

    name: str
    status: OutcomeStatus
    message: str
    article_id: int | None = None
    statements: int = 0


class Analyzer(Protocol):
    """What bulk ingest, the CLI and the feed watcher call: a Pipeline, or a stand-in for one
    (stance.bulk.LazyPipeline, which loads the Pipeline on first use)."""

    @property
    def attributor(self) -> Attributor: ...

    @property
    def classifier(self) -> Classifier: ...

    @property
    def model_version(self) -> str: ...

    def analyze(self, article: Article) -> Analysis: ...


class Pipeline:
    def __init__(self, attributor: Attributor, classifier: Classifier):
        self.attributor = attributor
        self.classifier = classifier

    @classmethod
    def load(cls, model_folder: Path | None = None) -> Pipeline:
        from stance.attribution import load_attributor
        from stance.classifier.loading import load_classifier

        return cls(load_attributor(), load_classifier(model_folder or model_dir()))

    @property
    def model_version(self) -> str:
        return self.classifier.version

    def analyze(self, article: Article) -> Analysis:
        if not_analysed(article):  # the models read English: another language gives no statements, and says so
            return Analysis(article=article, statements=[], actors={}, model_version=self.model_version)
        statements, actors = self.attributor.attribute(article.text, article.published)
        predictions = self.classifier.predict([s.text for s in statements])
        scored = [ScoredStatement(s, p) for s, p in zip(statements, predictions)]
        return Analysis(article=article, statements=scored, actors=actors, model_version=self.model_version)

    def ingest_results(self, store: Store, results: Iterable[LoadResult]) -> list[Outcome]:
        store.require("article.ingest")  # an account that may not add articles is refused before any model runs
        outcomes = []
        for result in complete(results):  # rows that give only a page's address are fetched here
            if result.article is None:
                outcomes.append(Outcome(result.name, "rejected", result.error or "could not be read"))
                continue
            digest = content_hash(result.article.text)
            existing = store.find_article(digest)
            if existing is not None:
                outcomes.append(Outcome(result.name, "duplicate", "already stored; kept the earlier copy", existing))
                continue
            try:
                saved = store.save_analysis(self.analyze(result.article), digest)
            except (PermissionError, StoreUnavailable):  # the account or the database, not the article: stop
                raise
            except TooLong as exc:
                outcomes.append(Outcome(result.name, "rejected", f"{exc} Nothing of it was saved."))
                continue
            except Exception as exc:  # the transaction rolled back: nothing of this article is stored
                outcomes.append(
                    Outcome(result.name, "rejected", f"could not be stored ({describe(exc)}); nothing of it was saved")
                )
                continue
            if saved.status == "duplicate":
                outcomes.append(
                    Outcome(result.name, "duplicate", "already stored; kept the earlier copy", saved.article_id)
                )
            else:
                outcomes.append(
                    Outcome(
                        result.name,
                        "stored",
                        stored_message(saved.statements, result.article),
                        saved.article_id,
                        saved.statements,
                    )
                )
        return outcomes

    def ingest_bytes(self, store: Store, name: str, data: bytes, **overrides) -> list[Outcome]:
        return self.ingest_results(store, load_bytes(name, data, **overrides))

    def ingest_paths(
        self, store: Store, paths: Iterable[Path], progress: Callable[[Path], None] | None = None
    ) -> list[Outcome]:
        outcomes = []
        for path in paths:
            outcomes += self.ingest_results(store, load_path(path))
            if progress:
                progress(path)
        return outcomes


def analysis_json(analysis: Analysis) -> dict:
    """The `stance analyze --json` shape other tools rely on: add fields, never rename."""
    a = analysis.article
    by_actor: dict[str, list[ScoredStatement]] = {}
    for scored in analysis.statements:
        by_actor.setdefault(scored.statement.speaker, []).append(scored)
    actors = []
    for name, items in by_actor.items():
        actor = analysis.actors[name]
        # uncertain calls wait for an analyst; a headline restating a body statement is counted once, in the body
        counted = [i for i in items if not i.prediction.uncertain and i.statement.kind != "headline"]
        stance = actor_stance(
            [i.prediction.label for i in counted],
            [i.prediction.score for i in counted],
            [i.statement.confidence for i in counted],
        )
        actors.append(
            {
                "actor": name,
                "kind": actor.kind,
                "affiliation": actor.affiliation,
                "label": stance.label,
                "score": stance.score,
                "reviewed": actor.reviewed,
                "statements": [
                    {
                        "text": i.statement.quote,
                        "start": i.statement.start,
                        "end": i.statement.end,
                        "kind": i.statement.kind,
                        "cue": i.statement.cue,
                        "channel": i.statement.channel,
                        "context": i.statement.text,
                        "label": i.prediction.label,
                        "score": round(i.prediction.score, 4),
                        "probabilities": i.prediction.probabilities,
                        "uncertain": i.prediction.uncertain,
                    }
                    for i in items
                ],
            }
        )
    return {
        "article": {
            "title": a.title,
            "date": a.published.isoformat() if a.published else None,
            "date_source": a.date_source,
            "source": a.source,
            "text": a.text,
            "url": a.url,
            "language": a.language,
        },
        "model_version": analysis.model_version,
        "actors": actors,
    }
