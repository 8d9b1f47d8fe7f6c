"""Renames, merges and speaker corrections as the security review tried them, on SQLite and PostgreSQL:
corrections point to actors by id, renames check normalised names and are recorded and undoable."""

from __future__ import annotations

import re
from datetime import date

import pytest

from stance.records import Actor, Analysis, Article, Prediction, ScoredStatement, Statement
from stance.store import Filters, Store


def analysis(text: str, speaker: str, label: str = "FAVOR") -> Analysis:
    probabilities = {"FAVOR": 0.1, "AGAINST": 0.1, "NONE": 0.1}
    probabilities[label] = 0.8
    statement = Statement(speaker=speaker, text=text, quote=text[:20], start=0, end=20, kind="reported", cue="say")
    return Analysis(
        article=Article(text=text, title="Talks", published=date(2025, 3, 1), date_source="given", source="Wire"),
        statements=[ScoredStatement(statement, Prediction(label, probabilities))],
        actors={speaker: Actor(name=speaker, kind="person", affiliation="Russia")},
        model_version="test-v1",
    )


def statement_of(store: Store, actor: str) -> int:
    frame = store.statements()
    return int(frame.loc[frame["actor"] == actor, "statement_id"].iloc[0])


def counts(store: Store) -> dict[str, int]:
    actors = store.actors()
    return dict(zip(actors["name"], actors["statements"]))


@pytest.fixture
def three(store: Store) -> Store:
    store.save_analysis(analysis("Peskov said Moscow was ready for talks.", "Dmitry Peskov"), "1")
    store.save_analysis(analysis("The Kremlin said talks could resume.", "Kremlin"), "2")
    store.save_analysis(analysis("Lavrov said the talks were pointless.", "Sergei Lavrov", "AGAINST"), "3")
    return store


# ----- speaker corrections point to actors ----------------------------------------------------------


def test_corrected_statements_follow_a_rename_of_their_speaker(three: Store):
    statement = statement_of(three, "Kremlin")
    three.correct(statement, "speaker", "Dmitry Peskov", analyst="ana")
    three.rename_actor("Dmitry Peskov", "Dmitry S. Peskov")
    assert three.statements().set_index("statement_id").loc[statement, "actor"] == "Dmitry S. Peskov"
    assert three.stance_rows().set_index("statement_id").loc[statement, "actor"] == "Dmitry S. Peskov"
    assert counts(three)["Dmitry S. Peskov"] == 2 and counts(three)["Kremlin"] == 0


def test_corrected_statements_follow_a_merge_of_their_speaker_and_its_undo(three: Store):
    statement = statement_of(three, "Kremlin")
    three.correct(statement, "speaker", "Sergei Lavrov", analyst="ana")
    merge = three.merge_actors("Sergei Lavrov", "Dmitry Peskov", analyst="ana")
    assert three.statements().set_index("statement_id").loc[statement, "actor"] == "Dmitry Peskov"
    assert three.stance_rows().set_index("statement_id").loc[statement, "actor"] == "Dmitry Peskov"
    assert counts(three) == {"Dmitry Peskov": 3, "Kremlin": 0}
    three.undo_merge(merge)
    assert three.statements().set_index("statement_id").loc[statement, "actor"] == "Sergei Lavrov"
    assert counts(three) == {"Dmitry Peskov": 1, "Kremlin": 0, "Sergei Lavrov": 2}


def test_a_correction_to_a_new_speaker_is_counted_and_filterable(three: Store):
    statement = statement_of(three, "Kremlin")
    three.correct(statement, "speaker", "Maria Zakharova", analyst="ana")
    assert counts(three)["Maria Zakharova"] == 1 and counts(three)["Kremlin"] == 0
    assert three.statements(Filters(actors=["Maria Zakharova"]))["statement_id"].tolist() == [statement]
    # A later article naming her lands on the same actor.
    three.save_analysis(analysis("Zakharova said talks were a sham.", "Maria Zakharova"), "4")
    assert counts(three)["Maria Zakharova"] == 2 and len(three.actors()) == 4


def test_a_speaker_typed_as_an_alias_finds_its_actor(three: Store):
    statement = statement_of(three, "Sergei Lavrov")
    three.correct(statement, "speaker", "the Kremlin", analyst="ana")
    assert three.statements().set_index("statement_id").loc[statement, "actor"] == "Kremlin"
    assert "the Kremlin" not in counts(three)


# ----- renames -------------------------------------------------------------------------------------


@pytest.mark.parametrize("taken", ["kremlin", "The Kremlin", "KREMLIN.", "dmitry peskov", "Dmitry  Peskov"])
def test_a_rename_cannot_take_another_actors_name_or_alias(three: Store, taken: str):
    with pytest.raises(ValueError, match="Merge the two actors instead"):
        three.rename_actor("Sergei Lavrov", taken)
    three.save_analysis(analysis("The Kremlin said talks were over.", "Kremlin"), "4")
    assert counts(three) == {"Dmitry Peskov": 1, "Kremlin": 2, "Sergei Lavrov": 1}
    assert three.renames() == []


def test_a_rename_is_recorded_and_undone(three: Store):
    rename = three.rename_actor("Sergei Lavrov", "Sergey Lavrov", analyst="ana")
    [record] = three.renames()
    assert (record["old_name"], record["new_name"], record["analyst"], record["undone"]) == (
        "Sergei Lavrov",
        "Sergey Lavrov",
        "ana",
        False,
    )
    assert record["created_at"] is not None
    three.save_analysis(analysis("Sergey Lavrov said talks had failed.", "Sergey Lavrov"), "4")
    assert counts(three)["Sergey Lavrov"] == 2
    three.undo_rename(rename)
    assert counts(three)["Sergei Lavrov"] == 2 and "Sergey Lavrov" not in counts(three)
    assert three.renames()[0]["undone"] is True
    with pytest.raises(LookupError, match="No active rename"):
        three.undo_rename(rename)
    # The new name is free again: an article naming it makes a new actor, as before the rename.
    three.save_analysis(analysis("Sergey Lavrov said talks were over.", "Sergey Lavrov"), "5")
    assert counts(three)["Sergey Lavrov"] == 1


def test_only_the_latest_rename_is_undone(three: Store):
    first = three.rename_actor("Sergei Lavrov", "Sergey Lavrov")
    second = three.rename_actor("Sergey Lavrov", "S. Lavrov")
    with pytest.raises(ValueError, match="renamed again later"):
        three.undo_rename(first)
    three.undo_rename(second)
    three.undo_rename(first)
    assert "Sergei Lavrov" in counts(three)
    # The old name stays an alias of the renamed actor, so no other actor can take it meanwhile.
    three.rename_actor("Kremlin", "Russian government")
    three.save_analysis(analysis("The Kremlin said no.", "Kremlin"), "4")
    assert counts(three)["Russian government"] == 2 and "Kremlin" not in counts(three)


def test_cli_renames_lists_and_undoes(three: Store, monkeypatch, capsys):
    from stance import cli

    monkeypatch.setenv("STANCE_DATABASE_URL", three.db.url)
    cli.main(["actors", "rename", "Sergei Lavrov", "Sergey Lavrov", "--analyst", "ana"])
    out = capsys.readouterr().out
    [rename_id] = re.findall(r"undo with: stance actors undo-rename (\d+)", out)
    cli.main(["actors", "list"])
    assert f"rename {rename_id}: Sergei Lavrov -> Sergey Lavrov" in capsys.readouterr().out
    with pytest.raises(SystemExit):
        cli.main(["actors", "rename", "Sergey Lavrov", "the kremlin"])
    assert "already the name of Kremlin" in capsys.readouterr().err
    cli.main(["actors", "undo-rename", rename_id])
    assert "Sergei Lavrov" in counts(three)


def test_a_rename_cannot_take_an_alias_that_is_no_longer_a_name(three: Store):
    three.rename_actor("Kremlin", "Russian Presidency")  # "kremlin" stays its alias
    with pytest.raises(ValueError, match="already a name of Russian Presidency"):
        three.rename_actor("Sergei Lavrov", "The Kremlin")
    three.save_analysis(analysis("The Kremlin said talks were over.", "Kremlin"), "4")
    assert counts(three) == {"Dmitry Peskov": 1, "Russian Presidency": 2, "Sergei Lavrov": 1}
