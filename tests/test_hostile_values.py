"""What held in the security review, kept tested: SQL metacharacters in names, titles, sources and
searches, and hostile URL parameters, cause no error and match only themselves (SQLite and PostgreSQL)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from streamlit.testing.v1 import AppTest

from stance.records import Actor, Analysis, Article, Prediction, ScoredStatement, Statement
from stance.store import Filters, Store

SQLISH = ["'; DROP TABLE article; --", "Robert'); DELETE FROM actor;--", '100% _sure_ \\ "quoted"', "' OR '1'='1"]


def analysis(number: int, value: str) -> Analysis:
    text = f"{value} said on day {number} that talks could resume."
    statement = Statement(
        speaker=value, text=text, quote="talks could resume", start=0, end=10, kind="reported", cue="say"
    )
    return Analysis(
        article=Article(text=text, title=value, published=date(2025, 3, number), date_source="given", source=value),
        statements=[ScoredStatement(statement, Prediction("FAVOR", {"FAVOR": 0.8, "AGAINST": 0.1, "NONE": 0.1}))],
        actors={value: Actor(name=value)},
        model_version="test-v1",
    )


def test_sql_metacharacters_are_stored_searched_and_filtered_as_text(store: Store):
    for number, value in enumerate(SQLISH, start=1):
        store.save_analysis(analysis(number, value), f"h{number}")
    store.save_analysis(analysis(9, "Dmitry Peskov"), "plain")
    assert store.counts() == {"articles": 5, "statements": 5, "actors": 5}
    for value in SQLISH:
        assert store.articles(search=value)["title"].tolist() == [value]
        assert store.statements(Filters(actors=[value], sources=[value]))["actor"].tolist() == [value]
    store.rename_actor(SQLISH[0], SQLISH[0] + " (renamed)")
    store.merge_actors(SQLISH[1], SQLISH[0] + " (renamed)", analyst=SQLISH[3])
    assert store.merges()[0]["analyst"] == SQLISH[3]
    assert store.counts()["articles"] == 5


def test_hostile_url_parameters_fall_back_without_an_error(monkeypatch, tmp_path):
    url = f"sqlite:///{tmp_path / 'q.db'}"
    store = Store(url)
    for number, value in enumerate(SQLISH, start=1):
        store.save_analysis(analysis(number, value), f"h{number}")
    monkeypatch.setenv("STANCE_DATABASE_URL", url)
    app = str(Path(__file__).resolve().parent.parent / "dashboard" / "app.py")
    for params in (
        {
            "actor": SQLISH,
            "source": ["' OR 1=1 --"],
            "start": "2025-99-99",
            "end": "'; DROP TABLE article; --",
            "kind": ["<script>"],
        },
        {"article": "1 OR 1=1"},
        {"conflict": ["%' --"], "recent": "x..y"},
    ):
        at = AppTest.from_file(app, default_timeout=120)
        at.query_params.update(params)
        at.run()
        assert not at.exception, at.exception
        assert not [e.value for e in at.error if "went wrong" in e.value]
        for page in ("views/articles.py", "views/actors.py"):
            at.switch_page(page).run()
            assert not at.exception and not [e.value for e in at.error if "went wrong" in e.value]
    assert Store(url).counts() == {"articles": 4, "statements": 4, "actors": 4}
