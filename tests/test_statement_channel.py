"""A statement's channel ("told the Financial Times"): stored, read back, migrated, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date

from sqlalchemy import inspect, text

from stance.records import Actor, Analysis, Article, Prediction, ScoredStatement, Statement
from stance.store import Store, migrations


def _analysis(channel: str | None) -> Analysis:
    body = "Ola Brekke told the Financial Times that both delegations would return."
    statement = Statement(
        speaker="Ola Brekke",
        text=body,
        quote="both delegations would return",
        start=42,
        end=71,
        kind="reported",
        cue="tell",
        channel=channel,
    )
    return Analysis(
        article=Article(text=body, title="Geneva", published=date(2027, 3, 12), date_source="given", source="Wire"),
        statements=[ScoredStatement(statement, Prediction("FAVOR", {"FAVOR": 0.8, "AGAINST": 0.1, "NONE": 0.1}))],
        actors={"Ola Brekke": Actor(name="Ola Brekke")},
        model_version="test-v1",
    )


def test_channel_is_saved_and_read_back(store):
    store.save_analysis(_analysis("Financial Times"), "c1")
    frame = store.statements()
    assert frame["channel"].tolist() == ["Financial Times"]


def test_no_channel_reads_back_empty(store):
    store.save_analysis(_analysis(None), "c2")
    assert store.statements()["channel"].isna().all()


def test_a_store_at_the_first_revision_gains_the_column_and_keeps_its_rows(database_url):
    store = Store(database_url)
    migrations.downgrade(store.db.engine, "0001")
    assert "channel" not in {c["name"] for c in inspect(store.db.engine).get_columns("statement")}
    with store.db.engine.begin() as connection:  # a statement stored before channels existed
        connection.execute(
            text("INSERT INTO actor (id, name, kind, reviewed) VALUES (1, 'Ola Brekke', 'person', :yes)"), {"yes": True}
        )
        connection.execute(
            text(
                "INSERT INTO article (id, content_hash, text, language, ingested_at) VALUES (1, 'h', 'Ola Brekke said yes.', 'en', CURRENT_TIMESTAMP)"
            )
        )
        connection.execute(
            text(
                "INSERT INTO statement (id, article_id, actor_id, text, quote, start, \"end\", kind, confidence) VALUES (1, 1, 1, 'yes', 'yes', 0, 3, 'reported', 1.0)"
            )
        )
    store.db.engine.dispose()
    upgraded = Store(database_url)
    assert migrations.current_revision(upgraded.db.engine) == migrations.head_revision()
    with upgraded.db.engine.connect() as connection:
        assert connection.execute(text("SELECT channel FROM statement WHERE id = 1")).scalar() is None


def test_article_page_shows_the_channel_escaped(monkeypatch, tmp_path):
    from pathlib import Path

    from streamlit.testing.v1 import AppTest

    url = f"sqlite:///{tmp_path / 'channel.db'}"
    Store(url).save_analysis(_analysis("<b>Financial</b> Times"), "c3")
    monkeypatch.setenv("STANCE_DATABASE_URL", url)
    app = Path(__file__).resolve().parent.parent / "dashboard" / "app.py"
    at = AppTest.from_file(str(app), default_timeout=120).run()
    at = at.switch_page("views/articles.py").run()
    assert not at.exception, at.exception
    html = "\n".join(m.value for m in at.markdown)
    assert "Reported through" in html and "Ola Brekke via &lt;b&gt;Financial&lt;/b&gt; Times" in html
