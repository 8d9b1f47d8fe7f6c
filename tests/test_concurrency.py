"""Many analysts, one store: four processes ingest overlapping batches while a fifth reads.

Every article must be stored exactly once, no reader may see an article without all its
statements and scores, and no correction may be lost. Run on SQLite (WAL, busy timeout)
and on PostgreSQL. The articles are small synthetic ones, saved without the models, so
the processes really do collide.
"""

from __future__ import annotations

import multiprocessing
import queue as queue_module
import random
import re
import traceback
from collections import defaultdict
from datetime import date

from sqlalchemy import func, select

from stance.records import Actor, Analysis, Article, Prediction, ScoredStatement, Statement
from stance.store import Store
from stance.store.models import ActorRow, ArticleRow, CorrectionRow, StanceScoreRow, StatementRow

ARTICLES = 60
WORKERS = 4
PER_WORKER = ARTICLES * 2 // WORKERS  # each article is in the batches of two workers
SHARED_SPEAKERS = ["Dmitry Peskov", "Sergei Lavrov", "Volodymyr Zelensky", "Marco Rubio", "Recep Tayyip Erdogan"]
TIMEOUT_S = 120


def synthetic(number: int) -> tuple[Analysis, str]:
    """Article `number`: 1-3 statements, by speakers many articles share plus one that few share."""
    speakers = [SHARED_SPEAKERS[(number + i) % len(SHARED_SPEAKERS)] for i in range(number % 3)] + [
        f"Envoy {number % 7}"
    ]
    body = " ".join(f"{name} said on day {number} that talks could resume." for name in speakers)
    statements = []
    for i, name in enumerate(speakers):
        label = ("FAVOR", "AGAINST", "NONE")[(number + i) % 3]
        probabilities = {"FAVOR": 0.1, "AGAINST": 0.1, "NONE": 0.1, label: 0.8}
        statement = Statement(
            speaker=name,
            text=f"{name} said talks could resume.",
            quote="talks could resume",
            start=0,
            end=10,
            kind="reported",
            cue="say",
        )
        statements.append(ScoredStatement(statement, Prediction(label, probabilities)))
    article = Article(
        text=body,
        title=f"Synthetic {number} ({len(speakers)} statements)",
        published=date(2025, 1 + number % 12, 1),
        source="Wire",
    )
    actors = {name: Actor(name=name) for name in speakers}
    return Analysis(
        article=article, statements=statements, actors=actors, model_version="synthetic-v1"
    ), f"synthetic-{number}"


def batch_of(worker: int) -> list[int]:
    """Workers 0 and 1 share a batch, as do 2 and 3, in the same order: they race for every article."""
    numbers = [(worker // 2) * PER_WORKER + i for i in range(PER_WORKER)]
    random.Random(worker // 2).shuffle(numbers)
    return numbers


def _ingest_worker(worker: int, url: str, barrier, results) -> None:  # runs in a child process
    try:
        barrier.wait(timeout=TIMEOUT_S)
        store = Store(url)  # all five open a new database at once: the migrations race too
        outcomes, corrections = [], []
        for number in batch_of(worker):
            saved = store.save_analysis(*synthetic(number))
            outcomes.append((number, saved.status, saved.article_id))
            if saved.status == "stored":
                with store.db.read() as session:
                    statement_id = session.scalar(
                        select(func.min(StatementRow.id)).where(StatementRow.article_id == saved.article_id)
                    )
                corrections.append(
                    (store.correct(statement_id, "label", "AGAINST", analyst=f"worker-{worker}"), statement_id)
                )
        results.put(("ingest", worker, outcomes, corrections))
    except BaseException:
        results.put(("error", worker, traceback.format_exc(), None))


def _reader(url: str, barrier, stop, results) -> None:  # runs in a child process
    try:
        barrier.wait(timeout=TIMEOUT_S)
        store = Store(url)
        reads, problems = 0, []
        while not stop.is_set() or reads == 0:
            problems += half_stored(store)
            store.statements()  # what the dashboard asks, while the writers write
            reads += 1
        results.put(("reader", -1, reads, problems))
    except BaseException:
        results.put(("error", -1, traceback.format_exc(), None))


def half_stored(store: Store) -> list[str]:
    """Articles whose statements or scores are not all there, in one consistent query."""
    statements = (
        select(StatementRow.article_id, func.count(StatementRow.id).label("n"))
        .group_by(StatementRow.article_id)
        .subquery()
    )
    scores = (
        select(StatementRow.article_id, func.count(StanceScoreRow.id).label("n"))
        .join(StanceScoreRow, StanceScoreRow.statement_id == StatementRow.id)
        .group_by(StatementRow.article_id)
        .subquery()
    )
    query = (
        select(ArticleRow.title, func.coalesce(statements.c.n, 0), func.coalesce(scores.c.n, 0))
        .outerjoin(statements, statements.c.article_id == ArticleRow.id)
        .outerjoin(scores, scores.c.article_id == ArticleRow.id)
    )
    problems = []
    with store.db.read() as session:
        for title, n_statements, n_scores in session.execute(query):
            expected = int(re.search(r"\((\d+) statements\)", title).group(1))
            if (n_statements, n_scores) != (expected, expected):
                problems.append(f"{title}: {n_statements} statements, {n_scores} scores")
    return problems


def test_four_writers_and_a_reader(database_url):
    # Children forked from a clean server process (no inherited engines or torch threads) that has
    # imported this module once, so five of them start in well under a second.
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload([__name__])
    barrier, stop, results = context.Barrier(WORKERS + 1), context.Event(), context.Queue()
    processes = [
        context.Process(target=_ingest_worker, args=(k, database_url, barrier, results)) for k in range(WORKERS)
    ]
    processes.append(context.Process(target=_reader, args=(database_url, barrier, stop, results)))
    for process in processes:
        process.start()
    reports = {}
    try:
        while len(reports) < WORKERS:
            kind, worker, first, second = results.get(timeout=TIMEOUT_S)
            assert kind != "error", f"process {worker} failed:\n{first}"
            reports[worker] = (first, second)
        stop.set()
        kind, _, reads, problems = results.get(timeout=TIMEOUT_S)
        assert kind != "error", f"the reader failed:\n{reads}"
    except queue_module.Empty:
        raise AssertionError("a process did not report in time") from None
    finally:
        stop.set()
        for process in processes:
            process.join(timeout=30)
            if process.is_alive():
                process.kill()

    # Every article stored exactly once; every other attempt saw the same article as a duplicate.
    by_number = defaultdict(list)
    for outcomes, _ in reports.values():
        for number, status, article_id in outcomes:
            by_number[number].append((status, article_id))
    assert sorted(by_number) == list(range(ARTICLES))
    for number, seen in by_number.items():
        assert sorted(status for status, _ in seen) == ["duplicate", "stored"], (number, seen)
        assert len({article_id for _, article_id in seen}) == 1, (number, seen)

    store = Store(database_url)
    with store.db.read() as session:
        hashes = list(session.scalars(select(ArticleRow.content_hash)))
        stored_corrections = set(session.execute(select(CorrectionRow.id, CorrectionRow.statement_id)).all())
    assert sorted(hashes) == sorted(synthetic(n)[1] for n in range(ARTICLES))
    assert half_stored(store) == []

    # No half-stored article was ever visible, and the reader really read while they wrote.
    assert problems == [] and reads > 0

    # No lost correction: each one recorded is stored, and wins over the model.
    made = {pair for _, corrections in reports.values() for pair in corrections}
    assert len(made) == ARTICLES and stored_corrections == made
    frame = store.statements().set_index("statement_id")
    assert (frame.loc[[statement_id for _, statement_id in made], "label"] == "AGAINST").all()
    assert store.counts()["actors"] == len(SHARED_SPEAKERS) + 7


NEW_SPEAKER = "Mediator Appointed Today"


def _correct_and_rescore_worker(
    worker: int, url: str, statement_ids: list[int], barrier, results
) -> None:  # child process
    try:
        store = Store(url)
        barrier.wait(timeout=TIMEOUT_S)
        ids = statement_ids if worker % 2 else statement_ids[::-1]
        corrections = [store.correct(sid, "speaker", NEW_SPEAKER, analyst=f"worker-{worker}") for sid in ids]
        rescored = [(sid, Prediction("FAVOR", {"FAVOR": 0.7, "AGAINST": 0.2, "NONE": 0.1})) for sid in ids]
        added = sum(store.add_scores([pair], "synthetic-v2") for pair in rescored)
        results.put(("done", worker, corrections, added))
    except BaseException:
        results.put(("error", worker, traceback.format_exc(), None))


def test_analysts_correcting_and_rescoring_at_once_lose_nothing(database_url):
    """Four processes give the same statements one new speaker (so all race to create that actor)
    and rescore them under one new version (all race for the same score rows): no process fails,
    the actor exists once, each statement gets one new score, every correction is kept."""
    store = Store(database_url)
    for number in range(6):
        store.save_analysis(*synthetic(number))
    with store.db.read() as session:
        statement_ids = list(session.scalars(select(StatementRow.id).order_by(StatementRow.id)))
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload([__name__])
    barrier, results = context.Barrier(WORKERS), context.Queue()
    processes = [
        context.Process(target=_correct_and_rescore_worker, args=(k, database_url, statement_ids, barrier, results))
        for k in range(WORKERS)
    ]
    for process in processes:
        process.start()
    reports = []
    try:
        for _ in range(WORKERS):
            kind, worker, corrections, added = results.get(timeout=TIMEOUT_S)
            assert kind != "error", f"process {worker} failed:\n{corrections}"
            reports.append((corrections, added))
    finally:
        for process in processes:
            process.join(timeout=30)
            if process.is_alive():
                process.kill()

    assert sum(added for _, added in reports) == len(statement_ids)
    with store.db.read() as session:
        assert session.scalar(select(func.count(ActorRow.id)).where(ActorRow.name == NEW_SPEAKER)) == 1
        new_scores = session.scalar(
            select(func.count(StanceScoreRow.id)).where(StanceScoreRow.model_version == "synthetic-v2")
        )
        stored_corrections = set(session.scalars(select(CorrectionRow.id)))
    assert new_scores == len(statement_ids)
    assert stored_corrections == {cid for corrections, _ in reports for cid in corrections}
    assert len(stored_corrections) == WORKERS * len(statement_ids)
    frame = store.statements()
    assert (frame.set_index("statement_id").loc[statement_ids, "actor"] == NEW_SPEAKER).all()
