"""Dashboard speed at scale: 20,000 articles and 100,000 statements.

    python bench/dashboard_speed.py [--db PATH] [--rebuild]

Builds a synthetic store (rows inserted in bulk through SQLAlchemy, no models run; reused when
it already has the right size), then times the Overview with Streamlit's AppTest (the script
run, which is what the browser waits for): the first render in a fresh Python process (imports
included), a render with the process up but every cache empty (as after new data arrives), a
render from warm caches, and filter changes.
Targets: Overview under 2 s, a filter change under 1 s.
"""

from __future__ import annotations

import argparse
import math
import os
import random
import sys
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

ARTICLES = 20_000
STATEMENTS = 100_000
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


def build(path: Path, seed: int = 7) -> None:
    from sqlalchemy import insert

    from stance.config import ACTORS_FILE
    from stance.registry import Registry
    from stance.store import Store
    from stance.store.models import ActorRow, ArticleRow, StanceScoreRow, StatementRow

    rng = random.Random(seed)
    path.unlink(missing_ok=True)
    store = Store(f"sqlite:///{path}")
    registry = Registry.load(ACTORS_FILE)
    people = list(registry.actors.values())[:60]
    weights = [1 / (rank + 1) for rank in range(len(people))]
    phases = [rng.uniform(0, 2 * math.pi) for _ in people]
    start = date(2025, 1, 1)
    articles, statements, scores = [], [], []
    counts = [rng.choice((3, 4, 5, 6, 7)) for _ in range(ARTICLES)]
    while sum(counts) != STATEMENTS:  # exactly STATEMENTS in all
        i = rng.randrange(ARTICLES)
        counts[i] = max(1, counts[i] + (1 if sum(counts) < STATEMENTS else -1))
    statement_id = 0
    for article_id, count in enumerate(counts, start=1):
        day = rng.randrange(365)
        speakers = rng.choices(range(len(people)), weights=weights, k=count)
        paragraphs = [f"Synthetic dispatch {article_id} about the talks."]
        spans = []
        for speaker in speakers:
            quote = rng.choice(QUOTES)
            offset = sum(len(p) + 2 for p in paragraphs) + 1
            paragraphs.append(f'"{quote}" {people[speaker].name} said.')
            spans.append((speaker, quote, offset))
        articles.append(
            {
                "id": article_id,
                "content_hash": f"{article_id:064x}",
                "title": f"Talks update {article_id}: envoys meet again",
                "source": rng.choice(SOURCES),
                "published": start + timedelta(days=day),
                "date_source": "given",
                "language": "en",
                "text": "\n\n".join(paragraphs),
                "file_name": f"synthetic-{article_id}.txt",
            }
        )
        for speaker, quote, offset in spans:
            statement_id += 1
            drift = 0.7 * math.sin(day / 365 * 2 * math.pi + phases[speaker])
            score = max(-1.0, min(1.0, drift + rng.gauss(0, 0.35)))
            favor, against = max(score, 0) * 0.9 + 0.05, max(-score, 0) * 0.9 + 0.05
            label = "FAVOR" if score > 0.25 else "AGAINST" if score < -0.25 else "NONE"
            statements.append(
                {
                    "id": statement_id,
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
            scores.append(
                {
                    "statement_id": statement_id,
                    "target": "peace talks",
                    "model_version": "synthetic",
                    "label": label,
                    "p_favor": favor,
                    "p_against": against,
                    "p_none": max(0.0, 1 - favor - against),
                    "score": round(favor - against, 6),
                }
            )
    actors = [
        {"id": i + 1, "name": a.name, "kind": a.kind, "affiliation": a.affiliation, "role": a.role, "reviewed": True}
        for i, a in enumerate(people)
    ]
    with store.db.transaction() as session:
        for table, rows in (
            (ActorRow, actors),
            (ArticleRow, articles),
            (StatementRow, statements),
            (StanceScoreRow, scores),
        ):
            session.execute(insert(table.__table__), rows)
    store.db.engine.dispose()


def _timed(action) -> float:
    began = time.perf_counter()
    action()
    return time.perf_counter() - began


def measure(url: str) -> dict[str, float]:
    from streamlit.testing.v1 import AppTest

    os.environ["STANCE_DATABASE_URL"] = url
    app = str(ROOT / "dashboard" / "app.py")
    figures = {}
    at = AppTest.from_file(app, default_timeout=120)
    figures["Overview, first render in a fresh process"] = _timed(at.run)
    assert not at.exception, at.exception
    import streamlit as st

    st.cache_data.clear()
    st.cache_resource.clear()
    at = AppTest.from_file(app, default_timeout=120)
    figures["Overview, render (process up, caches cold)"] = _timed(at.run)
    at = AppTest.from_file(app, default_timeout=120)
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
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", default="/tmp/stance-bench-20k.db")
    parser.add_argument("--rebuild", action="store_true")
    args = parser.parse_args()
    path = Path(args.db)
    url = f"sqlite:///{path}"
    if args.rebuild or not path.exists():
        print(f"building {ARTICLES:,} articles / {STATEMENTS:,} statements in {path} ...", flush=True)
        print(f"built in {_timed(lambda: build(path)):.1f} s")
    figures = measure(url)  # first, so the first render pays for every import as a fresh server would
    from stance.store import Store

    counts = Store(url).counts()
    print(f"store: {counts['articles']:,} articles, {counts['statements']:,} statements, {counts['actors']} actors")
    for name, seconds in figures.items():
        print(f"{name:45} {seconds:6.2f} s")
    print("targets: Overview under 2 s, a filter change under 1 s")


if __name__ == "__main__":
    main()
