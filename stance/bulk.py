"""Bulk ingest: a folder of thousands of files, or a JSONL feed, with flat memory and batched models.

- Streams: one file is read at a time and a .jsonl feed line by line; at most `batch_size`
  articles are held at once, and what the models freed is handed back after each batch,
  so memory does not grow with the size of the input.
- Batches: the statements of a whole batch of articles go to the classifier in one call,
  which is where the time goes; attribution still runs per article.
- Resumes: each article is saved in its own transaction, so a run that is killed leaves
  only whole articles behind. A rerun asks the store once per batch which content hashes
  it already holds and skips those before any model runs; the unique hash catches the rest.
- Limits (stance.config.Limits): every file is checked as an upload is (size, parse timeout,
  rows); a feed line is at most the upload size and is read no further when longer; every
  article is at most max_article_chars; a feed is read up to max_batch_rows rows.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import logging
from collections.abc import Callable, Iterable, Iterator
from itertools import islice
from pathlib import Path
from typing import Any, BinaryIO, Literal

from sqlalchemy import select

from stance import alerts
from stance.config import Limits
from stance.config import limits as default_limits
from stance.fetch import complete
from stance.ingest import LoadResult, content_hash, load_bytes, load_path, safe_name
from stance.pipeline import Analyzer, Outcome, Pipeline, not_analysed, stored_message
from stance.records import Analysis, Article, ScoredStatement
from stance.store import Store
from stance.store.errors import StoreUnavailable, describe
from stance.store.limits import TooLong
from stance.store.models import ArticleRow

DEFAULT_BATCH_SIZE = 32  # articles per classifier call: enough to fill its batches, little to hold
DUPLICATE = "already stored; kept the earlier copy"
log = logging.getLogger(__name__)
_malloc_trim: Callable[[int], int] | Literal[False] | None = (
    None  # glibc's malloc_trim, False where there is none; found on first use
)


# ----- reading ---------------------------------------------------------------------------------
def iter_results(paths: Iterable[Path], lim: Limits | None = None) -> Iterator[LoadResult]:
    """Articles (or reasons for none) from files in order; a .jsonl file is streamed line by line, and a
    row that gives only a page's address (a GDELT list) is fetched when its turn comes."""
    lim = lim or default_limits()
    for path in paths:
        if path.suffix.lower() == ".jsonl":
            yield from complete(iter_feed(path, lim))
        else:
            yield from complete(load_path(path, lim))


def iter_feed(path: Path, lim: Limits | None = None) -> Iterator[LoadResult]:
    """One result per non-blank line of a JSONL feed, reading one line at a time."""
    lim = lim or default_limits()
    name = safe_name(path.name)
    try:
        handle = path.open("rb")
    except OSError as exc:
        yield LoadResult(name=name, error=f"cannot be opened ({exc.strerror}). Check the path.")
        return
    rows = 0
    with handle:
        for number, line in enumerate(_lines(handle, lim.max_upload_bytes), start=1):
            where = f"{name} line {number}"
            if line is not None and not line.strip():
                continue
            rows += 1
            if rows > lim.max_batch_rows:
                yield LoadResult(
                    name=where,
                    error=f"and the lines after it were not read: the feed holds more than {lim.max_batch_rows:,} rows "
                    "(STANCE_MAX_BATCH_ROWS). Split the feed, or raise the limit for this run.",
                )
                return
            if line is None:
                mb = lim.max_upload_bytes / (1024 * 1024)
                yield LoadResult(
                    name=where,
                    error=f"is over the {mb:g} MB limit for one article (STANCE_MAX_UPLOAD_MB). Split it into separate articles.",
                )
                continue
            yield _feed_line(name, where, line, lim)


def _lines(handle: BinaryIO, limit: int) -> Iterator[bytes | None]:
    """Lines of a binary file, split on newline only; None for a line over `limit` bytes, skipped unread."""
    while True:
        line = handle.readline(limit + 1)
        if not line:
            return
        if len(line) > limit and not line.endswith(b"\n"):
            while line and not line.endswith(b"\n"):
                line = handle.readline(1024 * 1024)
            yield None
        else:
            yield line


def _feed_line(name: str, where: str, line: bytes, lim: Limits) -> LoadResult:
    """One line read as a one-row JSONL upload (the same checks and messages), named by its line number."""
    result = load_bytes(name, line, lim=lim)[0]
    result.name = where
    if result.article is not None:
        result.article.file_name = where
    return result


def count_articles(paths: Iterable[Path]) -> int:
    """How many articles to expect, for the progress bar: non-blank lines of a feed, one per other file."""
    total = 0
    for path in paths:
        if path.suffix.lower() != ".jsonl":
            total += 1
            continue
        try:
            with path.open("rb") as handle:
                total += sum(1 for line in handle if line.strip())
        except OSError:
            total += 1
    return total


# ----- analysing and storing ----------------------------------------------------------------------
class LazyPipeline:
    """The models, loaded on first use: a rerun that finds every article stored never loads them."""

    def __init__(self, load: Callable[[], Pipeline] = Pipeline.load):
        self._load = load
        self._pipeline: Pipeline | None = None

    def __getattr__(self, name: str) -> Any:  # attributor, classifier, model_version, analyze: an Analyzer
        if self._pipeline is None:
            self._pipeline = self._load()
        return getattr(self._pipeline, name)


def ingest(
    pipeline: Analyzer,
    store: Store,
    paths: Iterable[Path],
    batch_size: int = DEFAULT_BATCH_SIZE,
    lim: Limits | None = None,
) -> Iterator[Outcome]:
    """Outcomes in input order, one per article or rejected file/line, batch by batch."""
    results = iter_results(paths, lim)
    while batch := list(islice(results, max(1, batch_size))):
        outcomes = ingest_batch(pipeline, store, batch)
        release_freed_memory()
        yield from outcomes


def release_freed_memory() -> None:
    """Hand memory freed by the last batch back to the system.

    glibc keeps freed heap for reuse, and the classifier's tensors differ in size from batch
    to batch, so without this the resident size creeps up by hundreds of MB over thousands
    of articles although nothing is kept. Elsewhere than glibc this does nothing.
    """
    global _malloc_trim
    if _malloc_trim is None:
        try:
            _malloc_trim = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6").malloc_trim
        except (OSError, AttributeError):
            _malloc_trim = False
    if _malloc_trim:
        _malloc_trim(0)


def ingest_batch(pipeline: Analyzer, store: Store, batch: list[LoadResult]) -> list[Outcome]:
    """Skip what is stored (one query), analyse the rest together, save each article in its own transaction.
    An account that may not add articles is refused (NotAllowed) before any model runs."""
    store.require("article.ingest")
    digests = [content_hash(r.article.text) if r.article is not None else None for r in batch]
    stored = stored_articles(store, [d for d in digests if d])
    fresh: dict[str, Article] = {}  # the same text twice in one batch is analysed once
    for result, digest in zip(batch, digests):
        if digest and result.article is not None and digest not in stored and digest not in fresh:
            fresh[digest] = result.article
    analyses = dict(zip(fresh, analyze_many(pipeline, list(fresh.values()))))
    outcomes = []
    for result, digest in zip(batch, digests):
        if digest is None:
            outcomes.append(Outcome(result.name, "rejected", result.error or "could not be read"))
        elif digest in stored:
            outcomes.append(Outcome(result.name, "duplicate", DUPLICATE, stored[digest]))
        else:
            outcomes.append(_save(store, result.name, analyses[digest], digest))
    if any(o.status == "stored" for o in outcomes):
        alerts.after_write(store)  # the CLI, URL ingest and the watcher all store through here; never raises
    return outcomes


def stored_articles(store: Store, digests: list[str]) -> dict[str, int]:
    """The cheap pre-check: which of these content hashes are stored already (hash -> article id)."""
    if not digests:
        return {}
    with store.db.read() as session:
        rows = session.execute(
            select(ArticleRow.content_hash, ArticleRow.id).where(ArticleRow.content_hash.in_(set(digests)))
        )
        return dict(rows.all())


def analyze_many(pipeline: Analyzer, articles: list[Article]) -> list[Analysis | Exception]:
    """Attribution per article, then one classifier call for the statements of all of them.

    A failure is returned in place of that article's analysis, so one bad article does not
    stop its batch.
    """
    if not articles:
        return []  # nothing new: the models are not touched (nor loaded, by LazyPipeline)
    attribute, classify = pipeline.attributor.attribute, pipeline.classifier.predict  # a failed load stops the run
    found: list[tuple | Exception] = []
    for article in articles:
        if not_analysed(article):  # stored with its language, never run through the English models
            found.append(([], {}))
            continue
        try:
            found.append(attribute(article.text, article.published))
        except Exception as exc:  # a bug on odd input: log it, reject this article, go on
            log.exception("attribution failed for %s", article.file_name)
            found.append(exc)
    texts = [s.text for f in found if not isinstance(f, Exception) for s in f[0]]
    try:
        predictions = iter(classify(texts))
    except Exception:
        log.exception("classifying a batch of %d statements failed; trying its articles one by one", len(texts))
        return [_analyze_one(pipeline, article) for article in articles]
    analyses: list[Analysis | Exception] = []
    for article, item in zip(articles, found):
        if isinstance(item, Exception):
            analyses.append(item)
            continue
        statements, actors = item
        scored = [ScoredStatement(s, next(predictions)) for s in statements]
        analyses.append(
            Analysis(article=article, statements=scored, actors=actors, model_version=pipeline.model_version)
        )
    return analyses


def _analyze_one(pipeline: Analyzer, article: Article) -> Analysis | Exception:
    try:
        return pipeline.analyze(article)
    except Exception as exc:
        log.exception("analysing %s failed", article.file_name)
        return exc


def _save(store: Store, name: str, analysis: Analysis | Exception, digest: str) -> Outcome:
    if isinstance(analysis, Exception):
        return Outcome(
            name, "rejected", f"could not be analysed ({type(analysis).__name__}: {analysis}); nothing of it was saved"
        )
    try:
        saved = store.save_analysis(analysis, digest)
    except (PermissionError, StoreUnavailable):  # the account or the database, not the article: stop (a rerun resumes)
        raise
    except TooLong as exc:
        return Outcome(name, "rejected", f"{exc} Nothing of it was saved.")
    except Exception as exc:  # the transaction rolled back: nothing of this article is stored
        return Outcome(name, "rejected", f"could not be stored ({describe(exc)}); nothing of it was saved")
    if saved.status == "duplicate":
        return Outcome(name, "duplicate", DUPLICATE, saved.article_id)
    return Outcome(
        name, "stored", stored_message(saved.statements, analysis.article), saved.article_id, saved.statements
    )
