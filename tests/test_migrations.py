"""Schema migrations: a new store, a store made before Alembic, and `stance db upgrade`, on SQLite and PostgreSQL."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect, select, text

from stance.auth import Account
from stance.records import Actor, Analysis, Article, Prediction, ScoredStatement, Statement
from stance.store import Store, accounts, migrations
from stance.store import alerts as alert_rows
from stance.store import database as database_module
from stance.store import feeds as feed_rows
from stance.store.backup import TABLE_ORDER
from stance.store.models import Base


def analysis(number: int, speaker: str, label: str = "FAVOR") -> Analysis:
    text_ = f"{speaker} said on day {number} that talks could resume."
    probabilities = {"FAVOR": 0.1, "AGAINST": 0.1, "NONE": 0.1}
    probabilities[label] = 0.8
    statement = Statement(
        speaker=speaker, text=text_, quote="talks could resume", start=20, end=38, kind="reported", cue="say"
    )
    return Analysis(
        article=Article(
            text=text_, title=f"Day {number}", published=date(2025, 3, number), date_source="given", source="Wire"
        ),
        statements=[ScoredStatement(statement, Prediction(label, probabilities))],
        actors={speaker: Actor(name=speaker, affiliation="Russia")},
        model_version="test-v1",
    )


def fill(store: Store) -> Account:
    """Articles, actors, aliases, statements, scores, corrections, a rename and a merge (one undone), a feed and an item mark, an alert rule
    and an alert, and last two accounts and a screen link (with the audit rows of it all); returns the admin account, which later writes need."""
    store.save_analysis(analysis(1, "Dmitry Peskov"), "h1")
    store.save_analysis(analysis(2, "Kremlin", "AGAINST"), "h2")
    store.save_analysis(analysis(3, "Sergei Lavrov", "NONE"), "h3")
    ids = store.statements()["statement_id"].tolist()
    store.correct(int(ids[0]), "label", "AGAINST", analyst="ana")
    undone = store.correct(int(ids[1]), "speaker", "Vladimir Putin", analyst="ben")
    store.undo_correction(undone)
    store.rename_actor("Sergei Lavrov", "Sergey Lavrov")
    store.merge_actors("Kremlin", "Dmitry Peskov", analyst="ana")
    store.undo_merge(store.merge_actors("Sergey Lavrov", "Dmitry Peskov", analyst="ben"))
    feed = feed_rows.add(store.db, "https://example.org/rss.xml", "russia-ukraine")
    feed_rows.mark_item(store.db, feed.id, "guid-1", "duplicate", article_id=int(store.articles()["id"].min()))
    rule_id = alert_rows.add_rule(
        store.db,
        {
            "name": "Peskov moves",
            "owner": "ana",
            "actors": ["Dmitry Peskov"],
            "condition": "moved",
            "params": {"threshold": 0.3, "days": 14},
            "emails": ["desk@example.org"],
        },
    )
    alert_rows.claim(
        store.db, rule_id, "moved:Dmitry Peskov:up", 24.0, "Dmitry Peskov", {"headline": "Dmitry Peskov moved +0.50"}
    )
    first = accounts.add_user(
        store.db, "Ada Admin", "admin", "a long admin password"
    )  # as the local admin: no account yet
    admin = Account(first.name, first.role, first.id)
    accounts.add_user(store.db, "Vic Viewer", "viewer", None, by=admin, source="proxy")
    accounts.create_screen_link(store.db, hours=2, label="briefing room", by=admin)
    return admin


def snapshot(store: Store) -> dict[str, list[tuple]]:
    """Every row of every table, in id order."""
    tables = Base.metadata.tables
    with store.db.engine.connect() as connection:
        return {
            name: [tuple(row) for row in connection.execute(select(tables[name]).order_by(tables[name].c.id))]
            for name in TABLE_ORDER
        }


def schema_drift(store: Store) -> list:
    with store.db.engine.connect() as connection:
        return compare_metadata(MigrationContext.configure(connection), Base.metadata)


def legacy_store(url: str, monkeypatch) -> Store:
    """A store as the code before Alembic made it: create_all, no alembic_version table."""
    with monkeypatch.context() as patch:
        patch.setattr("stance.store.migrations.upgrade", lambda engine: Base.metadata.create_all(engine))
        store = Store(url)
    assert "alembic_version" not in inspect(store.db.engine).get_table_names()
    return store


def test_a_new_store_is_at_the_newest_revision_and_matches_the_models(database_url):
    store = Store(database_url)
    assert migrations.current_revision(store.db.engine) == migrations.head_revision()
    assert schema_drift(store) == []


def test_a_store_made_before_alembic_is_stamped_and_keeps_everything(database_url, monkeypatch):
    old = legacy_store(database_url, monkeypatch)
    admin = fill(old)
    before = snapshot(old)
    frame_before = old.statements()
    old.db.engine.dispose()

    upgraded = Store(database_url)  # opening it runs the upgrade
    assert migrations.current_revision(upgraded.db.engine) == migrations.head_revision()
    assert snapshot(upgraded) == before
    assert all(before[name] for name in TABLE_ORDER), "the fixture should fill every table"
    assert upgraded.statements()[["statement_id", "actor", "label"]].equals(
        frame_before[["statement_id", "actor", "label"]]
    )
    assert schema_drift(upgraded) == []
    assert upgraded.acting_as(admin).save_analysis(analysis(4, "Dmitry Peskov"), "h4").status == "stored"
    assert [m["undone"] for m in upgraded.merges()] == [False, True]


def test_a_store_missing_a_later_table_gets_it(database_url, monkeypatch):
    old = legacy_store(database_url, monkeypatch)
    old.save_analysis(analysis(1, "Dmitry Peskov"), "h1")
    with old.db.engine.begin() as connection:
        connection.execute(text("DROP TABLE actor_merge"))  # as made by a version before merges existed
    old.db.engine.dispose()
    upgraded = Store(database_url)
    assert "actor_merge" in inspect(upgraded.db.engine).get_table_names()
    assert upgraded.counts()["articles"] == 1
    upgraded.save_analysis(analysis(2, "Kremlin"), "h2")
    upgraded.merge_actors("Kremlin", "Dmitry Peskov")


def test_downgrade_to_base_and_up_again(database_url):
    store = Store(database_url)
    migrations.downgrade(store.db.engine, "base")
    assert set(inspect(store.db.engine).get_table_names()) <= {"alembic_version"}
    assert migrations.upgrade(store.db.engine) == migrations.head_revision()
    assert schema_drift(store) == []


def test_opening_a_store_twice_runs_no_migration(database_url, monkeypatch):
    Store(database_url)
    calls = []
    monkeypatch.setattr("alembic.command.upgrade", lambda *args, **kwargs: calls.append(args))
    Store(database_url)
    assert calls == []


def test_stance_db_upgrade_command(sqlite_url, monkeypatch):
    legacy_store(sqlite_url, monkeypatch).db.engine.dispose()
    env = {**os.environ, "STANCE_DATABASE_URL": sqlite_url}

    def run():
        return subprocess.run(
            [sys.executable, "-m", "stance.cli", "db", "upgrade"], capture_output=True, text=True, env=env, timeout=120
        )

    first = run()
    assert first.returncode == 0, first.stderr
    assert f"upgraded from no version to revision {migrations.head_revision()}" in first.stdout
    second = run()
    assert second.returncode == 0 and "already at revision" in second.stdout


@pytest.mark.parametrize("url", ["postgresql://u@h/db", "postgres://u@h/db"])
def test_plain_postgres_urls_use_psycopg3(url):
    assert database_module.normalise_url(url) == "postgresql+psycopg://u@h/db"


def test_0006_turns_speaker_corrections_by_name_into_actor_ids(database_url):
    """Corrections saved before 0006 named the new speaker; the upgrade points them at the actor with
    that name (or, after a rename, that alias), and a name no actor has becomes a new actor."""
    store = Store(database_url)
    for number, speaker in enumerate(["Dmitry Peskov", "Kremlin", "Sergei Lavrov"], start=1):
        store.save_analysis(analysis(number, speaker), f"h{number}")
    ids = dict(zip(store.statements()["actor"], store.statements()["statement_id"].astype(int)))
    migrations.downgrade(store.db.engine, "0005")
    with store.db.engine.begin() as connection:
        connection.execute(
            text("UPDATE actor SET name = 'Sergey Lavrov' WHERE name = 'Sergei Lavrov'")
        )  # a rename before 0006
        for statement, old, new in (
            (ids["Kremlin"], "Kremlin", "Dmitry Peskov"),
            (ids["Dmitry Peskov"], "Dmitry Peskov", "the Kremlin"),
            (ids["Sergei Lavrov"], "Sergei Lavrov", "Maria Zakharova"),
        ):
            connection.execute(
                text(
                    "INSERT INTO correction (statement_id, field, old_value, new_value, analyst, created_at) "
                    "VALUES (:s, 'speaker', :old, :new, 'ana', '2025-03-04 10:00:00')"
                ),
                {"s": statement, "old": old, "new": new},
            )
    store.db.engine.dispose()

    upgraded = Store(database_url)
    actor_ids = dict(zip(upgraded.actors()["name"], upgraded.actors()["id"]))
    with upgraded.db.engine.connect() as connection:
        rows = connection.execute(
            text("SELECT new_value, new_actor_id, old_actor_id FROM correction ORDER BY id")
        ).all()
    assert [(new, new_id) for new, new_id, _ in rows] == [
        ("Dmitry Peskov", actor_ids["Dmitry Peskov"]),
        ("the Kremlin", actor_ids["Kremlin"]),
        ("Maria Zakharova", actor_ids["Maria Zakharova"]),
    ]
    assert rows[0][2] == actor_ids["Kremlin"] and rows[2][2] == actor_ids["Sergey Lavrov"]
    upgraded.rename_actor("Dmitry Peskov", "Dmitry S. Peskov")
    assert upgraded.statements().set_index("statement_id").loc[ids["Kremlin"], "actor"] == "Dmitry S. Peskov"
