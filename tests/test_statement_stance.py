"""statement_stance and the Overview's database reads agree with the pandas path (stance_rows,
per_article) after every kind of write, on SQLite and PostgreSQL."""

from __future__ import annotations

import io
from dataclasses import astuple
from datetime import date

import pandas as pd
import pytest
from sqlalchemy import select

from stance.aggregate import per_article, review_queue
from stance.records import Actor, Analysis, Article, Prediction, ScoredStatement, Statement
from stance.store import Filters, Store
from stance.store.article_list import article_counts, article_rows
from stance.store.backup import export_all, import_all
from stance.store.models import ActorRow, StatementStanceRow
from stance.store.overview import (
    article_conflict_map,
    conflict_choices,
    label_counts,
    narrow_points,
    point_texts,
    stance_points,
    statement_ids,
    statement_page,
    statement_summary,
    uncertain_rows,
)
from stance.store.queries import apply_filters
from stance.store.stances import refresh_stances

SPEAKERS = ["Dmitry Peskov", "Kremlin", "Sergei Lavrov", "Volodymyr Zelensky"]


def analysis(number: int, speakers: list[str], labels: list[str], confident: bool = True) -> Analysis:
    statements, text_ = [], ""
    for i, (speaker, label) in enumerate(zip(speakers, labels)):
        sentence = f"{speaker} said on day {number} ({i}) that talks could resume. "
        probabilities = {"FAVOR": 0.1, "AGAINST": 0.1, "NONE": 0.1}
        probabilities[label] = 0.8 if confident or i else 0.4
        statement = Statement(
            speaker=speaker,
            text=sentence,
            quote=f"talks could resume {i}",
            start=len(text_),
            end=len(text_) + len(sentence),
            kind="headline" if i == 3 else "reported",
            cue="say",
            confidence=0.5 + 0.1 * i,
        )
        statements.append(ScoredStatement(statement, Prediction(label, probabilities)))
        text_ += sentence
    return Analysis(
        article=Article(
            text=text_,
            title=f"Day {number}",
            published=date(2025, 3, number) if number % 5 else None,
            date_source="given",
            source="Wire" if number % 2 else "Post",
        ),
        statements=statements,
        actors={s: Actor(name=s, affiliation="Russia") for s in speakers},
        model_version="test-v1",
    )


def table(store: Store) -> pd.DataFrame:
    """statement_stance read back in the columns stance_rows() has."""
    query = select(
        StatementStanceRow.statement_id,
        StatementStanceRow.article_id,
        StatementStanceRow.start,
        StatementStanceRow.confidence,
        ActorRow.name.label("actor"),
        ActorRow.kind.label("actor_kind"),
        StatementStanceRow.published,
        StatementStanceRow.source,
        StatementStanceRow.label,
        StatementStanceRow.score,
        StatementStanceRow.corrected,
        StatementStanceRow.label_confirmed,
        StatementStanceRow.model_top_p,
        StatementStanceRow.headline,
    ).join(ActorRow, ActorRow.id == StatementStanceRow.actor_id)
    with store.db.read() as session:
        frame = pd.DataFrame(session.execute(query).all(), columns=list(query.selected_columns.keys()))
    return frame.sort_values("statement_id").reset_index(drop=True)


COMPARED = ["statement_id", "article_id", "start", "actor", "actor_kind", "source", "label", "corrected", "headline"]


def assert_agrees(store: Store) -> None:
    rows = store.stance_rows()
    mine = table(store)
    theirs = rows.sort_values("statement_id").reset_index(drop=True)
    assert mine["statement_id"].tolist() == theirs["statement_id"].tolist()
    for column in COMPARED:
        assert (
            mine[column].astype(object).where(mine[column].notna(), None).tolist()
            == theirs[column].astype(object).where(theirs[column].notna(), None).tolist()
        ), column
    assert mine["score"].round(6).tolist() == theirs["score"].astype(float).round(6).tolist()
    assert mine["confidence"].round(6).tolist() == theirs["confidence"].astype(float).round(6).tolist()
    assert pd.to_datetime(mine["published"]).tolist() == pd.to_datetime(theirs["published"]).tolist()

    for filters in (
        Filters(),
        Filters(start=date(2025, 3, 2), end=date(2025, 3, 8)),
        Filters(actors=["Dmitry Peskov"], sources=["Wire"]),
        Filters(kinds=["person"]),
    ):
        expected = per_article(apply_filters(rows, filters))
        got = stance_points(store.db, filters)
        key = ["article_id", "actor"]
        expected = expected.sort_values(key).reset_index(drop=True)
        got = got.sort_values(key).reset_index(drop=True)
        for column in ["article_id", "actor", "kind", "source", "label", "statements", "quote_id"]:
            assert got[column].tolist() == expected[column].tolist(), (filters, column)
        assert got["score"].tolist() == pytest.approx(expected["score"].astype(float).tolist(), abs=1e-4)
        full = store.statements_by_id(got["quote_id"]).set_index("statement_id")
        texts = point_texts(store.db, got["quote_id"]).set_index("statement_id").reindex(full.index)
        assert texts[["title", "quote"]].equals(full[["title", "quote"]])  # the hover's text, read slim
        narrowed = narrow_points(stance_points(store.db, Filters(), dates=False), filters)
        pd.testing.assert_frame_equal(narrowed, stance_points(store.db, filters, dates=False), check_dtype=False)
        chosen = apply_filters(rows, filters)
        summary = statement_summary(store.db, filters)
        assert (summary.statements, summary.corrected) == (len(chosen), int(chosen["corrected"].sum()))
        assert sorted(statement_ids(store.db, filters)) == sorted(chosen["statement_id"])
        page, total = statement_page(store.db, filters, "Oldest first", None, 1, 3)
        assert total == len(chosen)
        assert page == statement_ids(store.db, filters, "Oldest first")[:3]
        counted = label_counts(store.db, filters)
        assert (counted.statements, counted.articles) == (len(chosen), chosen["article_id"].nunique())
        assert counted.labels == {k: int(v) for k, v in chosen["label"].value_counts().items()}
        full = store.statements_by_id(chosen["statement_id"])
        word = "DAY 3"  # any case, and literally: "_" and "%" are no wildcards
        holds = full["quote"].str.contains(word, case=False, regex=False) | full["title"].str.contains(
            word, case=False, regex=False
        )
        assert sorted(statement_ids(store.db, filters, search=word)) == sorted(full.loc[holds, "statement_id"])
        assert statement_ids(store.db, filters, search="talks_could%") == []
        pending = chosen[chosen["uncertain"]].reset_index(drop=True)
        waiting = uncertain_rows(store.db, filters)
        assert sorted(waiting["statement_id"]) == sorted(pending["statement_id"])
        ranked, expected = review_queue(waiting, ["Kremlin"], 5), review_queue(pending, ["Kremlin"], 5)
        assert ranked["statement_id"].tolist() == expected["statement_id"].tolist()  # the Review page's order
        assert ranked["priority"].tolist() == pytest.approx(expected["priority"].tolist())


def test_statement_stance_follows_every_write(database_url, tmp_path):
    store = Store(database_url)
    for number in range(1, 9):
        speakers = [SPEAKERS[(number + i) % 4] for i in range(4)]
        labels = [("FAVOR", "AGAINST", "NONE")[(number * (i + 1)) % 3] for i in range(4)]
        store.save_analysis(analysis(number, speakers, labels, confident=number % 3 != 0), f"h{number}")
    assert_agrees(store)

    ids = store.stance_rows().sort_values("statement_id")["statement_id"].tolist()
    label_fix = store.correct(ids[0], "label", "AGAINST", analyst="ana")
    store.correct(ids[1], "label", "FAVOR", analyst="ana")
    store.correct(ids[1], "label", "NONE", analyst="ana")  # the latest wins
    speaker_fix = store.correct(ids[2], "speaker", "Kremlin", analyst="ben")
    store.correct(ids[3], "speaker", "A New Voice", analyst="ben")
    dropped = store.correct(ids[4], "not_statement", None, analyst="ben")
    assert_agrees(store)

    store.undo_correction(label_fix)
    store.undo_correction(dropped)
    assert_agrees(store)

    merge = store.merge_actors("Kremlin", "Dmitry Peskov")  # moves statements and the speaker correction's target
    assert_agrees(store)
    store.rename_actor("Dmitry Peskov", "Dmitry S. Peskov")
    store.update_actor("Sergei Lavrov", kind="government")
    assert_agrees(store)
    store.merge_actors("Dmitry S. Peskov", "Volodymyr Zelensky")  # a chain: Kremlin -> Peskov -> Zelensky
    assert_agrees(store)
    store.undo_merge(merge)
    assert_agrees(store)
    store.undo_correction(speaker_fix)
    assert_agrees(store)

    class Rescored:
        label = "AGAINST"
        probabilities = {"FAVOR": 0.05, "AGAINST": 0.9, "NONE": 0.05}

    store.add_scores([(i, Rescored()) for i in ids[:10]], "test-v2")
    assert_agrees(store)

    undated = int(store.articles().query("published.isna()", engine="python")["id"].iloc[0])
    store.set_article(undated, published=date(2025, 3, 30), source="Desk")
    assert_agrees(store)

    before = table(store)
    with store.db.transaction() as session:  # the full refresh gives what the writes kept
        refresh_stances(session)
    assert table(store).equals(before)

    backup = io.StringIO()
    export_all(store.db, backup)
    restored = Store(f"sqlite:///{tmp_path / 'restored.db'}")
    import_all(restored.db, io.StringIO(backup.getvalue()))
    assert_agrees(restored)
    assert len(table(restored)) == len(before)


def conflict_names(conflicts: pd.Series) -> list[str]:
    """The conflicts some article belongs to, from article_conflict_map."""
    return sorted(conflicts.dropna().unique().tolist())


def test_conflicts_from_the_database_match_the_pandas_path(database_url):
    store = Store(database_url)
    store.save_analysis(
        analysis(1, ["Dmitry Peskov", "Volodymyr Zelensky", "Kremlin", "Dmitry Peskov"], ["FAVOR"] * 4), "c1"
    )
    store.save_analysis(analysis(2, ["Kremlin", "Kremlin", "Sergei Lavrov", "A Nobody"], ["AGAINST"] * 4), "c2")
    rows = store.stance_rows()
    expected = rows.drop_duplicates("article_id").set_index("article_id")["conflict"]
    got = article_conflict_map(store.db).reindex(expected.index)
    assert got.tolist() == expected.tolist()
    assert conflict_names(got) == sorted(rows["conflict"].dropna().unique().tolist())
    offered = conflict_choices(sorted(rows["actor"].unique()))
    assert set(conflict_names(got)) <= set(offered)  # every conflict an article has is offered
    some = rows["article_id"].iloc[:3].tolist()
    assert (
        article_conflict_map(
            store.db, select(StatementStanceRow.article_id).where(StatementStanceRow.article_id.in_(some))
        )
        .sort_index()
        .equals(got[got.index.isin(some)].sort_index())
    )
    for conflict in conflict_names(got):
        filters = Filters(conflicts=[conflict])
        chosen = apply_filters(rows, filters)
        assert sorted(statement_ids(store.db, filters)) == sorted(chosen["statement_id"])
        summary = (len(chosen), int(chosen["corrected"].sum()))
        assert astuple(statement_summary(store.db, filters)) == summary
        assert astuple(statement_summary(store.db, filters, conflicts=got)) == summary
        points = stance_points(store.db, filters)
        assert sorted(points["quote_id"]) == sorted(per_article(chosen)["quote_id"])
        narrowed = narrow_points(stance_points(store.db, Filters(), dates=False), filters, got)
        pd.testing.assert_frame_equal(narrowed, stance_points(store.db, filters, dates=False), check_dtype=False)
        assert label_counts(store.db, filters, conflicts=got).statements == len(chosen)
        assert label_counts(store.db, filters).articles == chosen["article_id"].nunique()


def test_the_article_list_matches_store_articles(database_url):
    """The Articles page's list read in the database (stance.store.article_list) holds what
    Store.articles gives, newest first, undated last, with its counts and languages."""
    store = Store(database_url)
    for number in range(1, 13):
        store.save_analysis(analysis(number, SPEAKERS[:2], ["FAVOR", "AGAINST"]), f"a{number}")
    foreign = analysis(20, SPEAKERS[:1], ["FAVOR"])
    foreign.article.language = "de"
    store.save_analysis(foreign, "de")
    everything = store.articles()
    for search in (None, "day 1", "WIRE", "50%"):
        expected = store.articles(search)
        counts = article_counts(store.db, search)
        assert (counts.found, counts.undated) == (len(expected), int(expected["published"].isna().sum()))
        assert counts.languages == sorted(
            expected["language"].fillna("en").unique(), key=lambda code: (code != "en", code)
        )
        newest = expected.sort_values(["published", "id"], ascending=False, na_position="last")
        rows, matching = article_rows(store.db, search, limit=5)
        assert matching == len(expected) and rows["id"].tolist() == newest["id"].head(5).tolist()
    undated, matching = article_rows(store.db, undated_only=True)
    assert matching == int(everything["published"].isna().sum()) and undated["published"].isna().all()
    german, matching = article_rows(store.db, languages=["de"])
    assert matching == 1 and german["language"].tolist() == ["de"]
    oldest = int(everything.sort_values("published")["id"].iloc[0])
    listed, _ = article_rows(store.db, limit=3, include=oldest)
    assert listed["id"].iloc[0] == oldest and len(listed) == 4  # asked for: first, beside the newest three
