"""Bulk ingest: streamed feeds and folders, batched model calls, limits, and a rerun after a kill.

Most tests use a fake pipeline (a regex attributor and a counting classifier), so they are
fast and can count model calls; one test checks batched results against the real models,
and one runs `stance ingest` on a feed as a user does.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import re
import subprocess
import sys
import time
import tracemalloc
from dataclasses import replace
from pathlib import Path

import pytest
from sqlalchemy import func, select

from stance import bulk
from stance.config import SAMPLE_DIR, limits
from stance.ingest import load_path
from stance.pipeline import Pipeline
from stance.records import Actor, Prediction, Statement
from stance.store import Store
from stance.store.models import ArticleRow, StatementRow

SPEAKERS = ["Dmitry Peskov", "Sergei Lavrov", "Marco Rubio", "Andrii Yermak"]


class FakeAttributor:
    """Every sentence 'First Last said ...' is one statement by First Last."""

    def __init__(self):
        self.calls = 0

    def attribute(self, text: str, published=None):
        self.calls += 1
        statements, actors = [], {}
        for match in re.finditer(r"([A-Z][a-z]+ [A-Z][a-z]+) said ([^.]*)\.", text):
            name = match.group(1)
            statements.append(
                Statement(
                    speaker=name,
                    text=match.group(0),
                    quote=match.group(2),
                    start=match.start(2),
                    end=match.end(2),
                    kind="reported",
                    cue="say",
                )
            )
            actors[name] = Actor(name=name)
        return statements, actors


class FakeClassifier:
    """FAVOR when 'resume' is said, else AGAINST; records how many texts each call got."""

    version = "fake-v1"

    def __init__(self, delay_s: float = 0.0):
        self.calls: list[int] = []
        self.delay_s = delay_s

    def predict(self, texts: list[str]) -> list[Prediction]:
        self.calls.append(len(texts))
        time.sleep(self.delay_s)
        return [
            Prediction("FAVOR" if "resume" in t else "AGAINST", {"FAVOR": 0.8, "AGAINST": 0.1, "NONE": 0.1})
            for t in texts
        ]


def fake_pipeline(delay_s: float = 0.0) -> Pipeline:
    return Pipeline(FakeAttributor(), FakeClassifier(delay_s))


def article_text(number: int) -> str:
    first, second = SPEAKERS[number % 4], SPEAKERS[(number + 1) % 4]
    return (
        f"Talks update number {number}\n\n"
        f"{first} said talks could resume within {number} days. "
        f"{second} said the plan number {number} was a trap.\n\n"
        "Delegations met again on Tuesday, officials said."
    )


def write_feed(path: Path, count: int, start: int = 0) -> Path:
    with path.open("w", encoding="utf-8") as out:
        for number in range(start, start + count):
            out.write(
                json.dumps(
                    {"title": f"Update {number}", "date": "2025-03-01", "source": "Wire", "text": article_text(number)}
                )
                + "\n"
            )
    return path


def statement_counts(store: Store) -> list[int]:
    with store.db.read() as session:
        query = (
            select(func.count(StatementRow.id)).select_from(ArticleRow).outerjoin(StatementRow).group_by(ArticleRow.id)
        )
        return list(session.scalars(query))


def test_feed_is_stored_in_order_with_model_calls_across_articles(database_url, tmp_path):
    feed = write_feed(tmp_path / "feed.jsonl", 40)
    with feed.open("a") as out:
        out.write("\n")  # blank lines are skipped
        out.write("{not json\n")
        out.write(json.dumps({"title": "No text"}) + "\n")
        out.write(json.dumps({"text": article_text(3)}) + "\n")  # the same text again
    store, pipeline = Store(database_url), fake_pipeline()
    outcomes = list(bulk.ingest(pipeline, store, [feed], batch_size=16))
    assert [o.name for o in outcomes[:2]] == ["feed.jsonl line 1", "feed.jsonl line 2"]
    assert [o.status for o in outcomes] == ["stored"] * 40 + ["rejected", "rejected", "duplicate"]
    assert "not valid JSON" in outcomes[40].message and outcomes[40].name == "feed.jsonl line 42"
    assert "has no 'text'" in outcomes[41].message
    assert outcomes[42].article_id == outcomes[3].article_id
    assert store.counts()["articles"] == 40 and statement_counts(store) == [2] * 40
    # One classifier call per batch of 16 articles (32 statements), not one per article.
    assert pipeline.classifier.calls == [32, 32, 16]
    assert store.article(outcomes[5].article_id)["file_name"] == "feed.jsonl line 6"


def test_folder_of_files_and_a_rerun_that_skips_before_any_model(tmp_path, sqlite_url):
    folder = tmp_path / "articles"
    folder.mkdir()
    for number in range(10):
        (folder / f"{number:02d}.txt").write_text(article_text(number))
    (folder / "notes.exe").write_bytes(b"MZ\x00\x00")
    paths = sorted(folder.iterdir())
    store = Store(sqlite_url)
    first = list(bulk.ingest(fake_pipeline(), store, paths, batch_size=4))
    assert [o.status for o in first] == ["stored"] * 10 + ["rejected"]
    assert "unsupported type" in first[-1].message
    again = fake_pipeline()
    second = list(bulk.ingest(again, store, paths, batch_size=4))
    assert [o.status for o in second] == ["duplicate"] * 10 + ["rejected"]
    assert again.attributor.calls == 0 and again.classifier.calls == []
    assert bulk.count_articles(paths) == 11


def test_lazy_pipeline_is_not_loaded_when_everything_is_stored(tmp_path, sqlite_url):
    feed = write_feed(tmp_path / "feed.jsonl", 5)
    store = Store(sqlite_url)
    list(bulk.ingest(fake_pipeline(), store, [feed]))
    loads = []
    lazy = bulk.LazyPipeline(lambda: loads.append(1) or fake_pipeline())
    assert {o.status for o in bulk.ingest(lazy, store, [feed])} == {"duplicate"}
    assert loads == []


def test_models_that_cannot_load_stop_the_run_instead_of_rejecting_every_article(tmp_path, sqlite_url):
    def missing():
        raise FileNotFoundError("No classifier in /nowhere")

    with pytest.raises(FileNotFoundError, match="No classifier"):
        list(bulk.ingest(bulk.LazyPipeline(missing), Store(sqlite_url), [write_feed(tmp_path / "feed.jsonl", 3)]))


def test_limits_hold_for_feeds(tmp_path, sqlite_url):
    lim = replace(limits(), max_upload_bytes=2_000, max_article_chars=300, max_batch_rows=4)
    feed = tmp_path / "feed.jsonl"
    with feed.open("w") as out:
        out.write(json.dumps({"text": article_text(1)}) + "\n")
        out.write(json.dumps({"text": "x " * 5_000}) + "\n")  # over the upload limit: not even parsed
        out.write(json.dumps({"text": article_text(2) + " More words." * 20}) + "\n")  # over the article limit
        out.write(json.dumps({"text": article_text(3)}) + "\n")
        out.write(json.dumps({"text": article_text(4)}) + "\n")  # the fifth row: over the row limit
        out.write(json.dumps({"text": article_text(5)}) + "\n")
    results = list(bulk.iter_results([feed], lim))
    assert [bool(r.article) for r in results] == [True, False, False, True, False]
    assert "STANCE_MAX_UPLOAD_MB" in results[1].error
    assert "STANCE_MAX_ARTICLE_CHARS" in results[2].error
    assert "STANCE_MAX_BATCH_ROWS" in results[4].error and results[4].name == "feed.jsonl line 5"
    big = tmp_path / "big.txt"
    big.write_text(article_text(6) + " padding" * 400)
    assert "STANCE_MAX_UPLOAD_MB" in list(bulk.iter_results([big], lim))[0].error


def test_reading_a_feed_holds_one_line_at_a_time(tmp_path):
    feed = write_feed(tmp_path / "big.jsonl", 3_000)
    size = feed.stat().st_size
    list(bulk.iter_results([write_feed(tmp_path / "warm.jsonl", 5)]))  # first-use caches are not the feed's
    tracemalloc.start()
    try:
        count = sum(1 for _ in bulk.iter_results([feed]))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert count == 3_000
    assert peak < size / 10, f"reading a {size:,} byte feed peaked at {peak:,} bytes"


def _ingest_slowly(url: str, feed: str) -> None:  # runs in a child process, until it is killed
    store = Store(url)
    for _ in bulk.ingest(fake_pipeline(delay_s=0.05), store, [Path(feed)], batch_size=4):
        pass


def test_a_killed_run_resumes_without_duplicates(database_url, tmp_path):
    feed = write_feed(tmp_path / "feed.jsonl", 120)
    store = Store(database_url)
    context = multiprocessing.get_context("forkserver")
    child = context.Process(target=_ingest_slowly, args=(database_url, str(feed)))
    child.start()
    try:
        deadline = time.monotonic() + 120
        while store.counts()["articles"] < 20:
            assert child.is_alive() and time.monotonic() < deadline, "the first run stopped early or is too slow"
            time.sleep(0.05)
    finally:
        child.kill()
        child.join(timeout=30)
    before = store.counts()["articles"]
    assert 20 <= before < 120
    assert statement_counts(store) == [2] * before  # killed mid-batch, yet no half-stored article

    outcomes = list(bulk.ingest(fake_pipeline(), store, [feed]))
    statuses = [o.status for o in outcomes]
    assert statuses.count("duplicate") == before and statuses.count("stored") == 120 - before
    assert store.counts()["articles"] == 120 and statement_counts(store) == [2] * 120


def test_batched_analysis_matches_one_article_at_a_time(pipeline):
    articles = [r.article for path in sorted(SAMPLE_DIR.iterdir())[:5] for r in load_path(path)]
    together = bulk.analyze_many(pipeline, articles)
    # Other batch neighbours mean other padding and so other kernel paths: fp32 moves the fourth
    # decimal at most; bfloat16 rounds more coarsely (0.008 at most over 200 test statements).
    tolerance = 1e-4 if pipeline.classifier.precision == "fp32" else 0.02
    for article, batched in zip(articles, together):
        alone = pipeline.analyze(article)
        assert [s.statement for s in batched.statements] == [s.statement for s in alone.statements]
        assert [s.prediction.label for s in batched.statements] == [s.prediction.label for s in alone.statements]
        for b, a in zip(batched.statements, alone.statements):
            assert b.prediction.probabilities == pytest.approx(a.prediction.probabilities, abs=tolerance)


def test_stance_ingest_of_a_feed(tmp_path):
    feed = tmp_path / "feed.jsonl"
    with feed.open("w", encoding="utf-8") as out:
        for path in sorted(SAMPLE_DIR.glob("*.txt"))[:3]:
            out.write(json.dumps({"title": path.stem, "text": path.read_text(encoding="utf-8")}) + "\n")
        out.write('{"title": "broken"\n')
    env = {**os.environ, "STANCE_DATABASE_URL": f"sqlite:///{tmp_path / 'cli.db'}"}

    def run(*options: str) -> list[str]:
        result = subprocess.run(
            [sys.executable, "-m", "stance.cli", "ingest", str(feed), *options],
            capture_output=True,
            text=True,
            env=env,
            timeout=300,
        )
        assert result.returncode == 3, result.stderr  # the broken line is rejected, the rest stored
        assert "articles/s" in result.stderr
        return [line for line in result.stdout.splitlines() if line.strip()]

    lines = run("--batch-size", "2")  # two batches: order and outcomes as with one
    assert [line.split()[0] for line in lines[:4]] == ["stored", "stored", "stored", "rejected"]
    assert lines[0].startswith("stored    feed.jsonl line 1: ") and lines[0].endswith("statements")
    assert lines[-1].startswith("3 stored, 0 duplicate, 1 rejected -> sqlite:///")
    again = run()
    assert again[-1].startswith("0 stored, 3 duplicate, 1 rejected")
    bad = subprocess.run(
        [sys.executable, "-m", "stance.cli", "ingest", str(feed), "--batch-size", "0"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert bad.returncode == 2 and "--batch-size: must be a whole number of at least 1, not '0'" in bad.stderr
