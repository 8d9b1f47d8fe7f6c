"""End to end on our own sample articles: the right actors, the right directions, stored once."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from stance.config import SAMPLE_DIR
from stance.ingest import load_path
from stance.pipeline import analysis_json

EXPECTATIONS = json.loads((Path(__file__).parent / "data" / "sample_expectations.json").read_text())


def _actors(pipeline, name: str) -> dict[str, dict]:
    article = load_path(SAMPLE_DIR / name)[0].article
    return {a["actor"]: a for a in analysis_json(pipeline.analyze(article))["actors"]}


def test_sample_articles_name_the_expected_speakers(pipeline):
    expected = found = 0
    for name, actors in EXPECTATIONS.items():
        got = _actors(pipeline, name)
        expected += len(actors)
        found += sum(actor in got for actor in actors)
    assert found / expected >= 0.85, f"only {found} of {expected} expected speakers found"


def test_sample_articles_give_the_expected_directions(pipeline):
    agree = total = 0
    for name, actors in EXPECTATIONS.items():
        got = _actors(pipeline, name)
        for actor, direction in actors.items():
            if actor in got and got[actor]["score"] is not None:
                total += 1
                agree += got[actor]["label"] == direction
    assert total >= 50
    assert agree / total >= 0.75, f"{agree} of {total} directions agree"


def test_medvedev_against_and_qatar_mediator_in_favour(pipeline):
    january = _actors(pipeline, "2025-01-22-trump-presses-putin-for-deal.txt")
    assert january["Dmitry Medvedev"]["label"] == "AGAINST"
    october = _actors(pipeline, "2025-10-09-gaza-first-phase-deal.txt")
    mediators = [a for a in october.values() if a["affiliation"] in ("Qatar", "Egypt") and a["score"] is not None]
    assert mediators and all(a["score"] > 0 for a in mediators)


def test_analysis_json_shape(pipeline):
    article = load_path(SAMPLE_DIR / "2025-03-11-jeddah-ceasefire-proposal.txt")[0].article
    payload = analysis_json(pipeline.analyze(article))
    assert set(payload) >= {"article", "model_version", "actors"}
    assert set(payload["article"]) >= {"title", "date", "date_source", "source", "text"}
    assert payload["article"]["date"] == "2025-03-11"
    statement = payload["actors"][0]["statements"][0]
    assert set(statement) >= {"text", "start", "end", "kind", "label", "score", "probabilities"}
    assert statement["kind"] in ("direct", "reported", "paraphrase")
    assert set(statement["probabilities"]) == {"FAVOR", "AGAINST", "NONE"}
    text = payload["article"]["text"]
    for actor in payload["actors"]:
        assert set(actor) >= {"actor", "kind", "affiliation", "label", "score", "statements"}
        for s in actor["statements"]:
            assert 0 <= s["start"] < s["end"] <= len(text)
            assert s["score"] == pytest.approx(s["probabilities"]["FAVOR"] - s["probabilities"]["AGAINST"], abs=1e-3)


def test_ingest_stores_once_and_reports_each_file(pipeline, store, tmp_path):
    good = SAMPLE_DIR / "2025-05-16-istanbul-direct-talks.txt"
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    outcomes = pipeline.ingest_paths(store, [good, empty, good])
    assert [o.status for o in outcomes] == ["stored", "rejected", "duplicate"]
    assert "empty" in outcomes[1].message
    assert store.counts()["articles"] == 1
    assert outcomes[0].statements == store.counts()["statements"] > 3
    versions = set(store.statements()["model_version"])
    assert versions == {pipeline.model_version}


def test_a_failing_article_leaves_the_store_as_it_was(pipeline, store, monkeypatch):
    pipeline.ingest_paths(store, [SAMPLE_DIR / "2025-05-16-istanbul-direct-talks.txt"])
    before = store.counts()

    def broken_save(analysis, digest):
        raise RuntimeError("disk full")

    monkeypatch.setattr(store, "save_analysis", broken_save)
    outcomes = pipeline.ingest_paths(store, [SAMPLE_DIR / "2025-08-16-alaska-summit-no-ceasefire.txt"])
    assert outcomes[0].status == "rejected" and "nothing of it was saved" in outcomes[0].message
    assert store.counts() == before
