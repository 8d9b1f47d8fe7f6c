"""Dashboard speed at scale: the Overview over a synthetic store, on SQLite or PostgreSQL.

    python bench/dashboard_speed.py [--articles N] [--statements M] [--rebuild] [--profile FILE]
                                    [--db PATH | --database-url URL | --start-postgres]

Builds a synthetic store (rows inserted in bulk through SQLAlchemy, a chunk of articles at a
time, no models run; reused when it already holds N articles and M statements), then times the
Overview with Streamlit's AppTest (the script run, which is what the browser waits for): the
first render in a fresh Python process (imports included), a render with the process up but
every cache empty (as after new data arrives), a render from warm caches, filter changes, then the
Actors, Articles, Review and Briefing pages opened from the Overview (their own caches cold, then
warm) and a search on the Actors page.
Defaults: 20,000 articles and 100,000 statements, in SQLite at /tmp/stance-bench-N-M.db.

PostgreSQL: `--database-url postgresql://USER@HOST/DB` names a database of the bench's own (a
rebuild drops every table in it; one holding articles that are not the bench's is refused), or
`--start-postgres` starts a throwaway server for the run (Debian's initdb/pg_ctl, as the tests
do: tests/db_fixtures.py; fsync off) and builds the store in it each time.
`--profile FILE` runs the caches-cold render under cProfile, saves the stats to FILE and prints
the functions that took longest.
Targets: Overview under 2 s, a filter change under 1 s.
"""

from __future__ import annotations

import argparse
import cProfile
import math
import os
import pstats
import random
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

ARTICLES = 20_000
STATEMENTS = 100_000
CHUNK_ARTICLES = 5_000  # articles (and their statements and scores) generated and inserted at a time
SYNTHETIC = "synthetic-"  # every bench article's file name starts so: how a rebuild knows whose rows it drops
SOURCES = [
    "Newswire",
    "Global Ledger",
    "The Observer Daily",
    "Capital Times",
    "Eastern Herald",
    "Baltic Post",
    "Gulf Report",
    "Continental Press",
]
QUOTES = [
    "We are ready to sit down and negotiate without preconditions.",
    "There can be no talks while the shelling continues.",
    "A ceasefire is the first step toward a lasting settlement.",
    "Any deal reached over our heads will not survive the winter.",
    "We will keep talking to everyone who wants this war to end.",
    "Negotiations on these terms would be a surrender.",
    "The meeting was useful and we agreed to meet again.",
    "We see no point in further talks at this stage.",
]

Rows = list[dict[str, Any]]


# ----- the synthetic store ---------------------------------------------------------------------------


@dataclass(frozen=True)
class StoreSize:
    articles: int
    statements: int
    foreign_articles: int  # articles the bench did not write: a store that must not be dropped


def store_size(url: str) -> StoreSize | None:
    """What the store at `url` holds, or None where there is no store yet (no file, no article table).
    Read without opening a Store, which would first create or migrate the schema."""
    from sqlalchemy import create_engine, func, inspect, select

    from stance.store.database import normalise_url
    from stance.store.models import ArticleRow, StatementRow

    url = normalise_url(url)
    if url.startswith("sqlite") and not Path(url.split("///", 1)[-1]).exists():
        return None
    engine = create_engine(url)
    try:
        if not inspect(engine).has_table(ArticleRow.__tablename__):
            return None
        with engine.connect() as connection:
            return StoreSize(
                connection.scalar(select(func.count(ArticleRow.id))) or 0,
                connection.scalar(select(func.count(StatementRow.id))) or 0,
                connection.scalar(
                    select(func.count(ArticleRow.id)).where(ArticleRow.file_name.not_like(f"{SYNTHETIC}%"))
                )
                or 0,
            )
    finally:
        engine.dispose()


def drop_store(url: str) -> None:
    """An empty database for a rebuild: SQLite's files are removed, any other database loses every table."""
    from sqlalchemy import MetaData, create_engine

    from stance.store.database import normalise_url

    url = normalise_url(url)
    if url.startswith("sqlite"):
        path = url.split("///", 1)[-1]
        for suffix in ("", "-wal", "-shm"):  # a stale write-ahead log would be replayed into the new file
            Path(path + suffix).unlink(missing_ok=True)
        return
    engine = create_engine(url)
    try:
        tables = MetaData()
        tables.reflect(engine)
        tables.drop_all(engine)  # alembic_version too, so Store() migrates the empty database from the start
    finally:
        engine.dispose()


def statement_counts(rng: random.Random, articles: int, statements: int) -> list[int]:
    """Statements per article: around statements/articles each (3 to 7 at the default sizes), at least
    one, exactly `statements` in all."""
    base = statements // articles
    counts = [rng.choice(range(max(1, base - 2), base + 3)) for _ in range(articles)]
    missing = statements - sum(counts)
    while missing:
        i = rng.randrange(articles)
        step = 1 if missing > 0 else -1
        if counts[i] + step >= 1:
            counts[i] += step
            missing -= step
    return counts


def synthetic_rows(people: list, articles: int, statements: int, seed: int = 7) -> Iterator[tuple[Rows, Rows, Rows]]:
    """(articles, statements, scores) rows, CHUNK_ARTICLES articles at a time, so a million statements
    never sit in memory at once. Each actor's stance drifts over the year on a sine of its own, with noise;
    a few actors speak most (weights 1/rank), as in real copy."""
    rng = random.Random(seed)
    weights = [1 / (rank + 1) for rank in range(len(people))]
    phases = [rng.uniform(0, 2 * math.pi) for _ in people]
    start = date(2025, 1, 1)
    counts = statement_counts(rng, articles, statements)
    article_rows: Rows = []
    statement_rows: Rows = []
    score_rows: Rows = []
    statement_id = 0
    for article_id, count in enumerate(counts, start=1):
        day = rng.randrange(365)
        speakers = rng.choices(range(len(people)), weights=weights, k=count)
        paragraphs = [f"Synthetic dispatch {article_id} about the talks."]
        spans = []
        for speaker in speakers:
            statement_id += 1
            # Numbered, so no two statements read alike in the correction picker: Streamlit's selectbox
            # tells options apart by their label, and a value whose label repeats cannot be picked.
            quote = f"{rng.choice(QUOTES)} ({statement_id})"
            offset = sum(len(p) + 2 for p in paragraphs) + 1
            paragraphs.append(f'"{quote}" {people[speaker].name} said.')
            spans.append((statement_id, speaker, quote, offset))
        article_rows.append(
            {
                "id": article_id,
                "content_hash": f"{article_id:064x}",
                "title": f"Talks update {article_id}: envoys meet again",
                "source": rng.choice(SOURCES),
                "published": start + timedelta(days=day),
                "date_source": "given",
                "language": "en",
                "text": "\n\n".join(paragraphs),
                "file_name": f"{SYNTHETIC}{article_id}.txt",
            }
        )
        for number, speaker, quote, offset in spans:
            drift = 0.7 * math.sin(day / 365 * 2 * math.pi + phases[speaker])
            score = max(-1.0, min(1.0, drift + rng.gauss(0, 0.35)))
            favor, against = max(score, 0) * 0.9 + 0.05, max(-score, 0) * 0.9 + 0.05
            label = "FAVOR" if score > 0.25 else "AGAINST" if score < -0.25 else "NONE"
            statement_rows.append(
                {
                    "id": number,
                    "article_id": article_id,
                    "actor_id": speaker + 1,
                    "attributed_as": people[speaker].name,
                    "text": f'"{quote}" {people[speaker].name} said.',
                    "quote": quote,
                    "start": offset,
                    "end": offset + len(quote),
                    "kind": "direct",
                    "cue": "said",
                    "confidence": 0.9,
                }
            )
            score_rows.append(
                {
                    "statement_id": number,
                    "target": "peace talks",
                    "model_version": "synthetic",
                    "label": label,
                    "p_favor": favor,
                    "p_against": against,
                    "p_none": max(0.0, 1 - favor - against),
                    "score": round(favor - against, 6),
                }
            )
        if len(article_rows) == CHUNK_ARTICLES or article_id == articles:
            yield article_rows, statement_rows, score_rows
            article_rows, statement_rows, score_rows = [], [], []


def build(url: str, articles: int, statements: int) -> None:
    """A fresh store of the given size, in one transaction. Rows go in as executemany inserts of a chunk
    at a time (psycopg pipelines them on PostgreSQL); no model and no pipeline run."""
    from sqlalchemy import insert, text

    from stance.config import ACTORS_FILE
    from stance.registry import Registry
    from stance.store import Store
    from stance.store.models import ActorRow, ArticleRow, Base, StanceScoreRow, StatementRow
    from stance.store.stances import refresh_stances

    drop_store(url)
    store = Store(url)
    people = list(Registry.load(ACTORS_FILE).actors.values())[:60]
    actors = [
        {"id": i + 1, "name": a.name, "kind": a.kind, "affiliation": a.affiliation, "role": a.role, "reviewed": True}
        for i, a in enumerate(people)
    ]
    actor, *chunked = (
        Base.metadata.tables[row.__tablename__] for row in (ActorRow, ArticleRow, StatementRow, StanceScoreRow)
    )
    postgres = store.db.engine.dialect.name == "postgresql"
    with store.db.transaction() as session:
        session.execute(insert(actor), actors)
        for chunk in synthetic_rows(people, articles, statements):
            for table, rows in zip(chunked, chunk):
                session.execute(insert(table), rows)
        if postgres:  # the ids were given, so the sequences never moved: the next real insert would collide
            for table in (actor, *chunked):
                session.execute(
                    text(f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), max(id)) FROM {table.name}")
                )
        refresh_stances(session)  # the derived table every real write keeps in step
    if postgres:  # what autovacuum does on a store that grew over a year: planner statistics, and the
        # visibility map that lets counts and the points query read indexes only
        with store.db.engine.connect() as connection:
            connection.execution_options(isolation_level="AUTOCOMMIT").exec_driver_sql("VACUUM ANALYZE")
    store.db.engine.dispose()


# ----- a throwaway PostgreSQL server ------------------------------------------------------------------


@contextmanager
def throwaway_postgres() -> Iterator[str]:
    """A PostgreSQL server in a temporary folder for this run (tests/db_fixtures.py starts it; it is
    removed afterwards), yielding the URL of an empty database in it."""
    import pytest

    from tests.db_fixtures import PostgresServer

    try:
        server = PostgresServer.start()
    except (pytest.skip.Exception, pytest.fail.Exception) as error:  # how the fixture says it could not start
        raise SystemExit(f"--start-postgres: {error}") from None
    try:
        yield server.create_database()
    finally:
        server.stop()


# ----- timing --------------------------------------------------------------------------------------------


def _timed(action: Callable[[], object]) -> float:
    began = time.perf_counter()
    action()
    return time.perf_counter() - began


@contextmanager
def profiled_script_runs(profiler: cProfile.Profile) -> Iterator[None]:
    """AppTest runs the page in a thread of its own, and a cProfile profiler sees only the threads that
    enable it: each script thread started meanwhile enables it as its first act."""

    def enable_in_script_thread(*_: object) -> None:
        sys.setprofile(None)
        if threading.current_thread().name == "ScriptRunner.scriptThread":
            profiler.enable()

    threading.setprofile(enable_in_script_thread)
    try:
        yield
    finally:
        threading.setprofile(None)


def measure(url: str, profile: Path | None = None) -> dict[str, float]:
    """Seconds per Overview render, in the order a server meets them (see the module docstring)."""
    from streamlit.testing.v1 import AppTest

    os.environ["STANCE_DATABASE_URL"] = url
    app = str(ROOT / "dashboard" / "app.py")
    figures = {}
    at = AppTest.from_file(app, default_timeout=300)
    figures["Overview, first render in a fresh process"] = _timed(at.run)
    assert not at.exception, at.exception
    import streamlit as st

    st.cache_data.clear()
    st.cache_resource.clear()
    at = AppTest.from_file(app, default_timeout=300)
    profiler = cProfile.Profile()
    with profiled_script_runs(profiler) if profile else nullcontext():
        figures["Overview, render (process up, caches cold)"] = _timed(at.run)
    if profile:
        profiler.dump_stats(profile)
    at = AppTest.from_file(app, default_timeout=300)
    figures["Overview, render (warm caches, new session)"] = _timed(at.run)
    actor = at.sidebar.multiselect(key="f_actor").options[0]
    figures["Filter change: pick one actor"] = _timed(
        lambda: at.sidebar.multiselect(key="f_actor").set_value([actor]).run()
    )
    figures["Filter change: narrow the dates"] = _timed(
        lambda: at.sidebar.date_input(key="f_from").set_value(date(2025, 6, 1)).run()
    )
    figures["Filter change: pick a source"] = _timed(
        lambda: at.sidebar.multiselect(key="f_source").set_value([SOURCES[0]]).run()
    )
    figures["Filter change: clear the actor"] = _timed(
        lambda: at.sidebar.multiselect(key="f_actor").set_value([]).run()
    )
    assert not at.exception, at.exception
    figures.update(page_figures(app))
    return figures


OTHER_PAGES = ["actors", "articles", "review", "briefing"]


def page_figures(app: str) -> dict[str, float]:
    """Each other page opened from the Overview: with the Overview's caches filled but the page's own
    empty (the first analyst to open it after new data), then again in a new session."""
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    figures = {}
    st.cache_data.clear()
    st.cache_resource.clear()
    AppTest.from_file(app, default_timeout=300).run()
    for page in OTHER_PAGES:
        for state in ("its caches cold", "warm"):
            at = AppTest.from_file(app, default_timeout=300).run()
            opened = f"views/{page}.py"
            figures[f"{page.capitalize()} page ({state})"] = _timed(
                lambda at=at, opened=opened: at.switch_page(opened).run()
            )
            assert not at.exception, at.exception
    at.switch_page("views/actors.py").run()
    figures["Actors page: search the statements"] = _timed(
        lambda: at.text_input(key="actor_search").set_value("ceasefire").run()
    )
    return figures


def run(url: str, articles: int, statements: int, rebuild: bool, profile: Path | None) -> None:
    """Build (or reuse) the store at `url`, time the Overview, print the figures."""
    size = store_size(url)
    if size is not None and size.foreign_articles:
        raise SystemExit(
            f"{url} holds {size.foreign_articles:,} articles the bench did not write; give it a database of its own"
        )
    if rebuild or size is None or (size.articles, size.statements) != (articles, statements):
        print(f"building {articles:,} articles / {statements:,} statements in {url} ...", flush=True)
        print(f"built in {_timed(lambda: build(url, articles, statements)):.1f} s", flush=True)
    load = os.getloadavg()[0]
    figures = measure(url, profile)  # first, so the first render pays for every import as a fresh server would
    from stance.store import Store

    store = Store(url)
    counts = store.counts()
    print(f"store: {counts['articles']:,} articles, {counts['statements']:,} statements, {counts['actors']} actors")
    print(f"database: {store.db.engine.dialect.name}; {os.cpu_count()} CPUs, load average {load:.2f} before the run")
    for name, seconds in figures.items():
        print(f"{name:45} {seconds:6.2f} s")
    print("targets: Overview under 2 s, a filter change under 1 s")
    if profile:
        print(f"\nprofile of the caches-cold render saved to {profile}; longest by cumulative time:")
        pstats.Stats(str(profile)).sort_stats("cumulative").print_stats(30)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=ARTICLES)
    parser.add_argument("--statements", type=int, default=STATEMENTS)
    where = parser.add_mutually_exclusive_group()
    where.add_argument("--db", type=Path, help="SQLite file (default /tmp/stance-bench-ARTICLES-STATEMENTS.db)")
    where.add_argument("--database-url", help="any store URL, e.g. postgresql://USER@HOST/DB (a database of its own)")
    where.add_argument("--start-postgres", action="store_true", help="a throwaway PostgreSQL server for this run")
    parser.add_argument("--rebuild", action="store_true", help="build the store even when it has the right size")
    parser.add_argument("--profile", type=Path, metavar="FILE", help="cProfile the caches-cold render into FILE")
    args = parser.parse_args()
    if not 0 < args.articles <= args.statements:
        parser.error("every article needs a statement: 0 < --articles <= --statements")
    if args.start_postgres:
        with throwaway_postgres() as url:
            run(url, args.articles, args.statements, args.rebuild, args.profile)
        return
    path = args.db or Path(f"/tmp/stance-bench-{args.articles}-{args.statements}.db")
    run(args.database_url or f"sqlite:///{path}", args.articles, args.statements, args.rebuild, args.profile)


if __name__ == "__main__":
    main()
