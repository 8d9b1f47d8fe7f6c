"""The pipeline on PostgreSQL (tests/test_store.py runs every store behaviour on both databases).

The server is the throwaway one from tests/db_fixtures.py (or STANCE_TEST_POSTGRES_URL);
each test gets a fresh database. In CI these run, never skip (see db_fixtures).
"""

from __future__ import annotations

import pytest

from stance import bulk
from stance.config import SAMPLE_DIR
from stance.store import Store

COMPARED = [
    "statement_id",
    "article_id",
    "actor",
    "actor_kind",
    "quote",
    "label",
    "model_score",
    "published",
    "source",
    "title",
]


def test_sample_ingest_on_postgres_matches_sqlite(pipeline, postgres_url, seeded_store):
    store = Store(postgres_url)
    outcomes = pipeline.ingest_paths(store, sorted(SAMPLE_DIR.iterdir()))
    assert all(o.status == "stored" for o in outcomes), [o for o in outcomes if o.status != "stored"]
    assert store.counts() == seeded_store.counts()
    assert store.statements()[COMPARED].equals(seeded_store.statements()[COMPARED])
    again = list(bulk.ingest(pipeline, store, sorted(SAMPLE_DIR.iterdir())))
    assert {o.status for o in again} == {"duplicate"} and len(again) == len(outcomes)


def test_without_a_server_ci_fails_and_elsewhere_it_skips(monkeypatch):
    import db_fixtures

    monkeypatch.delenv("STANCE_REQUIRE_POSTGRES", raising=False)
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="PostgreSQL is required here"):
        db_fixtures._unavailable("initdb is missing")
    monkeypatch.setenv("CI", "")
    with pytest.raises(pytest.skip.Exception, match="initdb is missing"):
        db_fixtures._unavailable("initdb is missing")
    monkeypatch.setenv("STANCE_REQUIRE_POSTGRES", "1")
    with pytest.raises(pytest.fail.Exception):
        db_fixtures._unavailable("initdb is missing")
