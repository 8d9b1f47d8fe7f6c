"""Column lengths (security review): a value longer than its column is refused at the edge with a message
that names the field and its limit, the same on SQLite and PostgreSQL, and no SQL or parameters
ever reach a user (CLI, dashboard, ingest outcome)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import text as sql
from streamlit.testing.v1 import AppTest

from stance import bulk, cli
from stance.records import Actor, Analysis, Article, Prediction, ScoredStatement, Statement
from stance.store import Store
from stance.store.errors import describe
from stance.store.limits import ANALYST_CHARS, TooLong
from test_bulk import article_text, fake_pipeline

SQL_WORDS = ("INSERT", "UPDATE", "SELECT", "[parameters", "[SQL", "Traceback", "sqlalche.me")


def analysis(source: str = "Wire", speaker: str = "Dmitry Peskov", affiliation: str = "Russia") -> Analysis:
    text = f"{speaker} said talks could resume."
    statement = Statement(
        speaker=speaker, text=text, quote="talks could resume", start=0, end=10, kind="reported", cue="say"
    )
    return Analysis(
        article=Article(text=text, title="Talks", published=date(2025, 3, 1), date_source="given", source=source),
        statements=[ScoredStatement(statement, Prediction("FAVOR", {"FAVOR": 0.8, "AGAINST": 0.1, "NONE": 0.1}))],
        actors={speaker: Actor(name=speaker, affiliation=affiliation)},
        model_version="test-v1",
    )


def clean(message: str) -> bool:
    return not any(word in message for word in SQL_WORDS)


@pytest.mark.parametrize(
    "made, field",
    [
        (lambda: analysis(source="S" * 500), "source"),
        (lambda: analysis(speaker="Envoy " + "x" * 250), "speaker's name"),
        (lambda: analysis(affiliation="A" * 300), "affiliation"),
    ],
)
def test_a_long_article_field_is_refused_with_its_name_and_limit(store: Store, made, field):
    with pytest.raises(TooLong, match=rf"The {field}.* is \d+ characters long; at most \d+ fit"):
        store.save_analysis(made(), "long")
    assert store.counts() == {"articles": 0, "statements": 0, "actors": 0}  # SQLite would have stored it


def test_a_long_source_in_a_batch_rejects_that_row_only(store: Store, tmp_path):
    feed = tmp_path / "feed.jsonl"
    with feed.open("w", encoding="utf-8") as out:
        for number, source in enumerate(["Wire", "S" * 500, "Other Wire"]):
            out.write(
                json.dumps(
                    {"title": f"Update {number}", "date": "2025-03-01", "source": source, "text": article_text(number)}
                )
                + "\n"
            )
    outcomes = list(bulk.ingest(fake_pipeline(), store, [feed]))
    assert [o.status for o in outcomes] == ["stored", "rejected", "stored"]
    assert "The source is 500 characters long; at most 200 fit" in outcomes[1].message and clean(outcomes[1].message)


def test_long_names_typed_by_an_analyst_are_refused(store: Store):
    store.save_analysis(analysis(), "a")
    store.save_analysis(analysis(speaker="Sergei Lavrov"), "b")
    statement = int(store.statements()["statement_id"].iloc[0])
    with pytest.raises(TooLong, match="The analyst name is 150 characters long; at most 100 fit"):
        store.correct(statement, "label", "AGAINST", analyst="a" * 150)
    with pytest.raises(TooLong, match="The actor name is 300 characters long"):
        store.correct(statement, "speaker", "n" * 300, analyst="ana")
    with pytest.raises(TooLong, match="The actor name is 300 characters long"):
        store.rename_actor("Dmitry Peskov", "n" * 300)
    with pytest.raises(TooLong, match="The affiliation is 300 characters long"):
        store.update_actor("Dmitry Peskov", affiliation="a" * 300)
    with pytest.raises(TooLong, match="The analyst name"):
        store.merge_actors("Sergei Lavrov", "Dmitry Peskov", analyst="a" * 150)
    with pytest.raises(TooLong, match="The source is 300 characters long"):
        store.set_article(int(store.articles()["id"].iloc[0]), source="s" * 300)
    assert store.corrections().empty and store.merges() == [] and store.renames() == []


def test_describe_never_shows_the_sql_or_its_parameters(store: Store):
    secret = "the whole article text " * 20
    with pytest.raises(Exception) as raised:
        with store.db.transaction() as session:  # past every check: the database itself refuses
            session.execute(
                sql("INSERT INTO actor (id, name, kind, reviewed) VALUES (1, :n, 'person', false)"), {"n": secret}
            )
            session.execute(
                sql("INSERT INTO actor (id, name, kind, reviewed) VALUES (1, :n, 'person', false)"), {"n": secret}
            )
    message = describe(raised.value)
    assert message.startswith("the database refused it") and secret.strip() not in message and clean(message)
    assert "INSERT" in str(raised.value)  # what describe() keeps off the screen


def test_cli_says_what_is_too_long_without_sql(store: Store, monkeypatch, capsys):
    store.save_analysis(analysis(), "a")
    monkeypatch.setenv("STANCE_DATABASE_URL", store.db.url)
    with pytest.raises(SystemExit) as exit_:
        cli.main(["actors", "rename", "Dmitry Peskov", "n" * 300])
    err = capsys.readouterr().err
    assert exit_.value.code == 1 and "The actor name is 300 characters long; at most 200 fit" in err and clean(err)


def test_dashboard_refuses_long_names_with_a_message(monkeypatch, tmp_path):
    url = f"sqlite:///{tmp_path / 'long.db'}"
    store = Store(url)
    store.save_analysis(analysis(), "a")
    monkeypatch.setenv("STANCE_DATABASE_URL", url)
    at = AppTest.from_file(
        str(Path(__file__).resolve().parent.parent / "dashboard" / "app.py"), default_timeout=120
    ).run()
    assert at.sidebar.text_input(key="analyst").proto.max_chars == ANALYST_CHARS
    at.switch_page("views/manage.py").run()
    actor_id = int(store.actors()["id"].iloc[0])
    at.text_input(key=f"mg_new_name_{actor_id}").input("n" * 300).run()
    at.button(key="mg_rename").click().run()
    assert not at.exception
    errors = " ".join(e.value for e in at.error)
    assert "actor name is 300 characters long; at most 200 fit" in errors and clean(errors)
    assert store.renames() == [] and store.actors()["name"].tolist() == ["Dmitry Peskov"]
