"""The store: one transaction per article, dedupe, corrections that win, rescoring that keeps history."""

from __future__ import annotations

from datetime import date

import pytest

from stance.records import Actor, Analysis, Article, Prediction, ScoredStatement, Statement
from stance.store import Filters, Store


def _analysis(
    text: str = "Peskov said Moscow was ready for talks.", speaker: str = "Dmitry Peskov", label: str = "FAVOR"
) -> Analysis:
    probabilities = {"FAVOR": 0.1, "AGAINST": 0.1, "NONE": 0.1}
    probabilities[label] = 0.8
    statement = Statement(
        speaker=speaker, text=text, quote="Moscow was ready for talks", start=12, end=38, kind="reported", cue="say"
    )
    return Analysis(
        article=Article(
            text=text, title="Kremlin ready", published=date(2025, 3, 1), date_source="given", source="Test Wire"
        ),
        statements=[ScoredStatement(statement, Prediction(label, probabilities))],
        actors={speaker: Actor(name=speaker, kind="person", affiliation="Russia")},
        model_version="test-v1",
    )


def test_save_stores_article_actor_statement_and_score(store: Store):
    outcome = store.save_analysis(_analysis(), "hash-1")
    assert outcome.status == "stored" and outcome.statements == 1
    frame = store.statements()
    row = frame.iloc[0]
    assert (row["actor"], row["label"], row["model_version"]) == ("Dmitry Peskov", "FAVOR", "test-v1")
    assert row["score"] == pytest.approx(0.7)
    assert store.counts() == {"articles": 1, "statements": 1, "actors": 1}


def test_same_hash_is_stored_once(store: Store):
    first = store.save_analysis(_analysis(), "same")
    second = store.save_analysis(_analysis(), "same")
    assert second.status == "duplicate" and second.article_id == first.article_id
    assert store.counts()["articles"] == 1


def test_failed_save_leaves_nothing_half_done(store: Store):
    store.save_analysis(_analysis(), "kept")
    broken = _analysis(text="Another article entirely.")
    broken.actors = {}  # the statement's speaker has no actor: saving fails midway
    with pytest.raises(KeyError):
        store.save_analysis(broken, "broken")
    assert store.counts() == {"articles": 1, "statements": 1, "actors": 1}
    assert store.find_article("broken") is None


def test_label_correction_wins_and_can_be_undone(store: Store):
    store.save_analysis(_analysis(), "h")
    statement_id = int(store.statements().iloc[0]["statement_id"])
    correction = store.correct(statement_id, "label", "AGAINST", analyst="ana")
    row = store.statements().iloc[0]
    assert (row["label"], row["score"], bool(row["corrected"])) == ("AGAINST", -1.0, True)
    store.undo_correction(correction)
    row = store.statements().iloc[0]
    assert (row["label"], bool(row["corrected"])) == ("FAVOR", False)


def test_speaker_correction_and_not_a_statement(store: Store):
    store.save_analysis(_analysis(), "h")
    statement_id = int(store.statements().iloc[0]["statement_id"])
    store.correct(statement_id, "speaker", "Sergei Lavrov", analyst="ana")
    assert store.statements().iloc[0]["actor"] == "Sergei Lavrov"
    assert store.statements(Filters(actors=["Dmitry Peskov"])).empty
    store.correct(statement_id, "not_statement", None, analyst="ana")
    assert store.statements().empty
    assert len(store.corrections()) == 2


def test_rescore_adds_a_version_and_keeps_corrections(store: Store):
    store.save_analysis(_analysis(), "h")
    statement_id = int(store.statements().iloc[0]["statement_id"])
    store.correct(statement_id, "label", "NONE", analyst="ana")
    added = store.add_scores(
        [(statement_id, Prediction("AGAINST", {"FAVOR": 0.05, "AGAINST": 0.9, "NONE": 0.05}))], "test-v2"
    )
    assert added == 1
    assert (
        store.add_scores(
            [(statement_id, Prediction("AGAINST", {"FAVOR": 0.05, "AGAINST": 0.9, "NONE": 0.05}))], "test-v2"
        )
        == 0
    )
    row = store.statements().iloc[0]
    assert row["model_version"] == "test-v2" and row["model_label"] == "AGAINST"
    assert row["label"] == "NONE"  # the analyst still wins


def test_filters_by_date_source_and_kind(store: Store):
    store.save_analysis(_analysis(), "a")
    later = _analysis(text="Lavrov said talks were pointless.", speaker="Sergei Lavrov", label="AGAINST")
    later.article.published = date(2025, 9, 1)
    later.article.source = "Other Wire"
    store.save_analysis(later, "b")
    assert store.statements(Filters(start=date(2025, 6, 1)))["actor"].tolist() == ["Sergei Lavrov"]
    assert store.statements(Filters(sources=["Test Wire"]))["actor"].tolist() == ["Dmitry Peskov"]
    assert len(store.statements(Filters(kinds=["person"]))) == 2
    assert store.statements(Filters(kinds=["government"])).empty
    assert store.date_range() == (date(2025, 3, 1), date(2025, 9, 1))


def test_default_database_is_a_file_in_the_user_data_folder(monkeypatch, tmp_path):
    from stance.config import database_url

    monkeypatch.delenv("STANCE_DATABASE_URL", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    assert database_url() == f"sqlite:///{tmp_path / 'stance-tracker' / 'stance.db'}"
    Store()
    assert (tmp_path / "stance-tracker" / "stance.db").exists()


def test_rename_survives_reingest(store: Store):
    store.save_analysis(_analysis(), "one")
    store.rename_actor("Dmitry Peskov", "Dmitry S. Peskov")
    store.save_analysis(_analysis(text="Peskov said the Kremlin wanted a deal."), "two")
    assert set(store.statements()["actor"]) == {"Dmitry S. Peskov"}
    assert store.actors()["name"].tolist() == ["Dmitry S. Peskov"]


def test_merge_moves_statements_survives_reingest_and_undoes(store: Store):
    store.save_analysis(_analysis(), "one")
    store.save_analysis(_analysis(text="The Kremlin said talks could resume.", speaker="Kremlin"), "two")
    merge_id = store.merge_actors("Kremlin", "Dmitry Peskov", analyst="ana")
    assert set(store.statements()["actor"]) == {"Dmitry Peskov"}
    assert store.actors()["name"].tolist() == ["Dmitry Peskov"]
    store.save_analysis(_analysis(text="The Kremlin said again that talks could resume.", speaker="Kremlin"), "three")
    assert set(store.statements()["actor"]) == {"Dmitry Peskov"}
    store.undo_merge(merge_id)
    frame = store.statements()
    assert sorted(frame["actor"]) == ["Dmitry Peskov", "Kremlin", "Kremlin"]
    assert [m["undone"] for m in store.merges()] == [True]


def test_actor_details_and_bad_requests(store: Store):
    store.save_analysis(_analysis(), "one")
    store.update_actor("Dmitry Peskov", kind="government", affiliation="Kremlin", reviewed=True)
    row = store.actors().iloc[0]
    assert (row["kind"], row["affiliation"], bool(row["reviewed"])) == ("government", "Kremlin", True)
    with pytest.raises(ValueError, match="Kind must be one of"):
        store.update_actor("Dmitry Peskov", kind="alien")
    with pytest.raises(LookupError, match="No actor"):
        store.rename_actor("Nobody", "Somebody")
    with pytest.raises(ValueError, match="itself"):
        store.merge_actors("Dmitry Peskov", "Dmitry Peskov")


def test_set_article_dates_an_undated_article_and_sets_source_and_title(store: Store):
    undated = _analysis()
    undated.article.published, undated.article.date_source = None, None
    article_id = store.save_analysis(undated, "undated").article_id
    assert store.date_range() == (None, None)
    store.set_article(article_id, published=date(2025, 8, 16))
    article = store.article(article_id)
    assert (article["published"], article["date_source"]) == (date(2025, 8, 16), "given")
    assert (article["title"], article["source"]) == ("Kremlin ready", "Test Wire")  # left as they were
    assert store.date_range() == (date(2025, 8, 16), date(2025, 8, 16))
    assert store.statements(Filters(start=date(2025, 8, 1))).shape[0] == 1
    store.set_article(article_id, source="  Analyst\nNotes ", title="Kremlin ready, says Peskov")
    article = store.article(article_id)
    assert (article["source"], article["title"], article["published"]) == (
        "Analyst Notes",
        "Kremlin ready, says Peskov",
        date(2025, 8, 16),
    )
    assert store.corrections().empty and store.counts() == {
        "articles": 1,
        "statements": 1,
        "actors": 1,
    }  # nothing else recorded
    with pytest.raises(LookupError, match="No article"):
        store.set_article(article_id + 99, published=date(2025, 1, 1))
    with pytest.raises(ValueError, match="blank"):
        store.set_article(article_id, title="  ")
    with pytest.raises(ValueError, match="YYYY-MM-DD"):
        store.set_article(article_id, published="16/08/2025")
