"""Per-article points, trends, movers with bootstrap intervals, briefs, and the fast store reads behind them."""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import pandas as pd
import pytest

from stance.aggregate import (
    Period,
    actor_brief,
    bootstrap_interval,
    default_periods,
    default_since,
    describe,
    movers,
    per_article,
    review_queue,
    stance_near,
    thin,
    trend,
)
from stance.records import Actor, Analysis, Article, Prediction, ScoredStatement, Statement
from stance.store import Filters
from stance.store.queries import apply_filters, article_conflicts

START = date(2025, 1, 1)


def _points(actor: str, scores: list[float], first: date = START, step: int = 1) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "article_id": range(len(scores)),
            "actor": actor,
            "published": [pd.Timestamp(first + timedelta(days=i * step)) for i in range(len(scores))],
            "score": scores,
            "quote_id": [1000 + i for i in range(len(scores))],
        }
    )


def _statements(rows: list[tuple]) -> pd.DataFrame:
    """(statement_id, article_id, actor, label, score, confidence)"""
    frame = pd.DataFrame(rows, columns=["statement_id", "article_id", "actor", "label", "score", "confidence"])
    return frame.assign(actor_kind="person", published=pd.Timestamp(START), source="Wire")


def test_per_article_weights_by_confidence_ignores_none_and_keeps_the_strongest_quote():
    frame = _statements(
        [
            (1, 10, "A", "FAVOR", 0.8, 1.0),
            (2, 10, "A", "AGAINST", -0.4, 0.5),
            (3, 10, "A", "NONE", 0.0, 1.0),
            (4, 11, "B", "NONE", 0.1, 1.0),
        ]
    )
    points = per_article(frame)
    assert len(points) == 1  # B said nothing with a stance
    row = points.iloc[0]
    assert row["score"] == pytest.approx((0.8 * 1.0 - 0.4 * 0.5) / 1.5, abs=1e-4)
    assert (row["statements"], row["quote_id"], row["label"]) == (2, 1, "FAVOR")


def test_per_article_of_nothing_is_empty_with_columns():
    assert per_article(_statements([])).empty
    assert "quote_id" in per_article(_statements([])).columns


def test_trend_follows_the_points_and_skips_sparse_actors():
    points = pd.concat([_points("A", [0.5] * 20), _points("B", [0.9, -0.9])])
    line = trend(points)
    assert set(line["actor"]) == {"A"}
    assert np.allclose(line["score"], 0.5)


def test_thin_caps_points_and_keeps_every_actor():
    points = pd.concat([_points("A", [0.1] * 900), _points("B", [0.2] * 100)])
    thinned = thin(points, 100)
    assert len(thinned) <= 110 and set(thinned["actor"]) == {"A", "B"}
    assert thin(points, 5000) is points


def test_default_periods_are_the_last_30_days_against_the_90_before():
    before, recent = default_periods(date(2025, 10, 24))
    assert (recent.start, recent.end) == (date(2025, 9, 25), date(2025, 10, 24))
    assert (before.start, before.end) == (date(2025, 6, 27), date(2025, 9, 24))


@pytest.mark.parametrize(
    "first, last, before, recent",
    [
        # 60 days of history: the recent 30 days against everything before them
        (
            date(2025, 9, 1),
            date(2025, 10, 30),
            (date(2025, 9, 1), date(2025, 9, 30)),
            (date(2025, 10, 1), date(2025, 10, 30)),
        ),
        # 20 days: split in two halves
        (
            date(2025, 10, 1),
            date(2025, 10, 21),
            (date(2025, 10, 1), date(2025, 10, 11)),
            (date(2025, 10, 12), date(2025, 10, 21)),
        ),
        # one day: the same day twice, never a period outside the store
        (
            date(2025, 10, 1),
            date(2025, 10, 1),
            (date(2025, 10, 1), date(2025, 10, 1)),
            (date(2025, 10, 1), date(2025, 10, 1)),
        ),
    ],
)
def test_default_periods_stay_inside_a_short_store(first, last, before, recent):
    got_before, got_recent = default_periods(last, earliest=first)
    assert (got_before.start, got_before.end) == before
    assert (got_recent.start, got_recent.end) == recent
    assert first <= got_before.start and got_recent.end <= last


def test_default_since_is_clamped_to_the_first_date():
    assert default_since(date(2025, 10, 1), date(2025, 10, 21)) == date(2025, 10, 1)
    assert default_since(date(2025, 1, 1), date(2025, 10, 21)) == date(2025, 9, 21)


def test_bootstrap_is_reproducible_and_covers_a_real_shift():
    rng = np.random.default_rng(1)
    before, recent = rng.normal(-0.5, 0.2, 40), rng.normal(0.3, 0.2, 30)
    low, high = bootstrap_interval(before, recent, seed=0)
    assert (low, high) == bootstrap_interval(before, recent, seed=0)
    assert low < 0.8 < high and low > 0


def test_movers_rank_by_change_with_intervals_and_flag_thin_evidence():
    before, recent = Period(date(2025, 1, 1), date(2025, 3, 31)), Period(date(2025, 4, 1), date(2025, 4, 30))
    points = pd.concat(
        [
            _points("Dove", [-0.6, -0.5, -0.7, -0.4], date(2025, 2, 1), 7),
            _points("Dove", [0.6, 0.7, 0.5], date(2025, 4, 2), 5),
            _points("Steady", [0.2, 0.25, 0.2, 0.22], date(2025, 2, 1), 7),
            _points("Steady", [0.21, 0.2, 0.23], date(2025, 4, 2), 5),
            _points("Rare", [-0.9], date(2025, 2, 1)),
            _points("Rare", [0.9], date(2025, 4, 2)),
            _points("Gone", [0.5, 0.5, 0.5], date(2025, 2, 1)),
        ],
        ignore_index=True,
    )
    found = movers(points, before, recent)
    assert [m.actor for m in found] == ["Dove", "Steady", "Rare"]  # Gone has nothing recent to compare
    dove, steady, rare = found
    assert dove.change == pytest.approx(1.15, abs=1e-3) and dove.sure and dove.low > 0
    assert not steady.sure  # a tiny change inside the noise
    assert not rare.enough and rare.low is None and not rare.sure
    assert [e.period for e in dove.evidence] == ["before", "recent", "recent"]
    assert dove.evidence[0].score == -0.7 and dove.evidence[1].score == 0.7  # the quotes that pull furthest


def test_movers_are_the_same_on_every_run():
    rng = np.random.default_rng(3)
    points = pd.concat([_points("A", list(rng.uniform(-1, 1, 30)), date(2025, 1, 1), 4)])
    first = movers(points, Period(date(2025, 1, 1), date(2025, 2, 28)), Period(date(2025, 3, 1), date(2025, 5, 1)))
    again = movers(points, Period(date(2025, 1, 1), date(2025, 2, 28)), Period(date(2025, 3, 1), date(2025, 5, 1)))
    assert [(m.low, m.high) for m in first] == [(m.low, m.high) for m in again]


def test_brief_compares_now_with_a_date_and_picks_the_quotes_that_moved():
    points = pd.concat(
        [_points("A", [-0.5] * 5, date(2025, 1, 1), 3), _points("A", [0.5, 0.9, 0.4], date(2025, 3, 1), 3)]
    )
    brief = actor_brief(points, "A", since=date(2025, 2, 1))
    assert brief.then == pytest.approx(-0.5) and brief.current == pytest.approx(0.6, abs=1e-3)
    assert brief.change == pytest.approx(1.1, abs=1e-3)
    assert [e.score for e in brief.key_points] == [0.4, 0.9, 0.5]  # newest first
    assert stance_near(points, date(2024, 1, 1)) == (None, 0)
    assert describe(0.6) == "for talks" and describe(-0.3) == "against talks" and describe(0.0) == "mixed or neutral"


def test_article_conflict_is_the_tag_most_speakers_share():
    rows = pd.DataFrame({"article_id": [1, 1, 2, 3], "actor": ["Trump", "Netanyahu", "Trump", "Nobody"]})
    tags = {"Trump": ("russia-ukraine", "israel-gaza"), "Netanyahu": ("israel-gaza",)}
    conflicts = article_conflicts(rows, tags)
    assert conflicts[1] == "israel-gaza" and conflicts[2] in ("israel-gaza", "russia-ukraine") and pd.isna(conflicts[3])


# ----- the fast reads agree with Store.statements() ------------------------------------------------------


def _analysis(text: str, speaker: str, label: str, when: date, source: str) -> Analysis:
    probabilities = {"FAVOR": 0.1, "AGAINST": 0.1, "NONE": 0.1, label: 0.8}
    statement = Statement(speaker=speaker, text=text, quote=text[:20], start=0, end=20, kind="direct", cue="said")
    return Analysis(
        article=Article(text=text, title=f"About {speaker}", published=when, date_source="given", source=source),
        statements=[ScoredStatement(statement, Prediction(label, probabilities))],
        actors={speaker: Actor(name=speaker, kind="person")},
        model_version="t1",
    )


@pytest.fixture
def small_store(store):
    store.save_analysis(
        _analysis("Peskov said Moscow was ready for talks.", "Dmitry Peskov", "FAVOR", date(2025, 3, 1), "Wire A"), "a"
    )
    store.save_analysis(
        _analysis(
            "Netanyahu said there would be no truce.", "Benjamin Netanyahu", "AGAINST", date(2025, 5, 1), "Wire B"
        ),
        "b",
    )
    store.save_analysis(
        _analysis("Lavrov said the talks were pointless now.", "Sergei Lavrov", "NONE", date(2025, 6, 1), "Wire A"), "c"
    )
    return store


def test_stance_rows_match_statements_with_corrections_and_rescoring(small_store):
    ids = dict(zip(small_store.statements()["actor"], small_store.statements()["statement_id"]))
    small_store.correct(int(ids["Dmitry Peskov"]), "label", "AGAINST", "ana")
    small_store.correct(int(ids["Sergei Lavrov"]), "speaker", "Dmitry Peskov", "ana")
    small_store.correct(int(ids["Benjamin Netanyahu"]), "not_statement", None, "ana")
    small_store.add_scores(
        [(int(ids["Dmitry Peskov"]), Prediction("FAVOR", {"FAVOR": 0.9, "AGAINST": 0.05, "NONE": 0.05}))], "t2"
    )
    full = small_store.statements()[["statement_id", "actor", "label", "score", "corrected"]].reset_index(drop=True)
    slim = small_store.stance_rows()[["statement_id", "actor", "label", "score", "corrected"]].reset_index(drop=True)
    pd.testing.assert_frame_equal(full, slim, check_dtype=False)
    assert slim["label"].tolist() == ["AGAINST", "NONE"]  # the analyst wins over the rescore
    by_id = small_store.statements_by_id([ids["Dmitry Peskov"]])
    assert by_id["model_version"].tolist() == ["t2"] and by_id["label"].tolist() == ["AGAINST"]


def test_apply_filters_on_slim_rows(small_store):
    rows = small_store.stance_rows()
    assert apply_filters(rows, Filters(start=date(2025, 4, 1)))["actor"].tolist() == [
        "Benjamin Netanyahu",
        "Sergei Lavrov",
    ]
    assert apply_filters(rows, Filters(sources=["Wire A"], end=date(2025, 4, 1)))["actor"].tolist() == ["Dmitry Peskov"]
    assert apply_filters(rows, Filters(conflicts=["israel-gaza"]))["actor"].tolist() == ["Benjamin Netanyahu"]
    assert small_store.statements(Filters(conflicts=["russia-ukraine"]))["actor"].tolist() == [
        "Dmitry Peskov",
        "Sergei Lavrov",
    ]


def test_data_version_changes_on_every_kind_of_write(small_store):
    seen = {small_store.data_version()}
    statement_id = int(small_store.statements()["statement_id"].iloc[0])
    correction = small_store.correct(statement_id, "label", "NONE", "ana")
    seen.add(small_store.data_version())
    small_store.undo_correction(correction)
    seen.add(small_store.data_version())
    merge = small_store.merge_actors("Sergei Lavrov", "Dmitry Peskov", "ana")
    seen.add(small_store.data_version())
    small_store.undo_merge(merge)
    seen.add(small_store.data_version())
    rename = small_store.rename_actor("Sergei Lavrov", "Sergey Lavrov", "ana")
    seen.add(small_store.data_version())
    small_store.undo_rename(rename)
    seen.add(small_store.data_version())
    article_id = int(small_store.articles()["id"].iloc[0])
    small_store.set_article(article_id, source="Another Desk")  # read from statement_stance: a refresh
    seen.add(small_store.data_version())
    small_store.update_actor("Sergei Lavrov", kind="government")  # joined at read time: counted on its own
    seen.add(small_store.data_version())
    assert len(seen) == 9
    before = small_store.data_version()
    small_store.give_colour_slots(["Dmitry Peskov"], 8)  # what the dashboard writes as it draws: no new data
    assert small_store.data_version() == before


def test_stance_rows_of_an_empty_store(store):
    rows = store.stance_rows()
    assert rows.empty and "conflict" in rows.columns


def _rows(**columns) -> pd.DataFrame:
    n = len(columns["actor"])
    base = {
        "statement_id": range(1, n + 1),
        "article_id": [1] * n,
        "actor_kind": ["person"] * n,
        "published": pd.to_datetime(["2025-10-01"] * n),
        "source": ["wire"] * n,
        "confidence": [1.0] * n,
    }
    return pd.DataFrame({**base, **columns})


def test_uncertain_calls_do_not_move_an_actor_score_until_confirmed():
    rows = _rows(actor=["A", "A"], label=["FAVOR", "AGAINST"], score=[0.9, -0.4], uncertain=[False, True])
    point = per_article(rows)
    assert point["score"].tolist() == [0.9]
    confirmed = rows.assign(uncertain=[False, False])
    assert per_article(confirmed)["score"].tolist() == [0.25]
    assert per_article(rows.assign(uncertain=[True, True])).empty


def test_review_queue_puts_unsure_focus_and_recent_calls_first():
    rows = _rows(
        actor=["A", "B", "B", "C"],
        label=["FAVOR"] * 4,
        score=[0.1] * 4,
        uncertain=[True, True, True, False],
        model_top_p=[0.5, 0.5, 0.8, 0.4],
        published=pd.to_datetime(["2025-06-01", "2025-10-01", "2025-10-01", "2025-10-01"]),
    )
    # C is confident; B's 0.5 call is as unsure as A's and four months newer; A's old one comes last
    assert review_queue(rows)["statement_id"].tolist() == [2, 3, 1]
    assert review_queue(rows, focus=["A"])["statement_id"].tolist() == [2, 1, 3]  # a focus actor's call doubles
    assert review_queue(rows.assign(uncertain=False)).empty


def test_a_headline_restating_a_body_statement_counts_once():
    rows = _rows(
        actor=["A", "A"], label=["FAVOR", "FAVOR"], score=[0.9, 0.5], uncertain=[False, False], headline=[True, False]
    )
    assert per_article(rows)["statements"].tolist() == [1]
    assert per_article(rows)["score"].tolist() == [0.5]
