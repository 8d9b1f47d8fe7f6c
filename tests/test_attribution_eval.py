"""The attribution gold set as a regression gate, and the matching logic on a hand-made example."""

from __future__ import annotations

import pytest

from stance.attribution import load_attributor
from stance.attribution.evaluate import Score, Span, evaluate, load_gold, locate, looks_anonymous, match, score_article
from stance.config import DATA_DIR
from stance.records import Statement

GOLD_DIR = DATA_DIR / "attribution"


@pytest.fixture(scope="session")
def attributor():
    return load_attributor()


@pytest.fixture(scope="module")
def gold_summary(attributor):
    summary, _ = evaluate(attributor, load_gold(GOLD_DIR))
    return summary


def test_gold_set_statement_f1(gold_summary):
    assert gold_summary["articles"] == 43
    assert gold_summary["statements"]["f1"] >= 0.90, gold_summary["statements"]


def test_gold_set_actor_f1(gold_summary):
    assert gold_summary["actors"]["f1"] >= 0.95, gold_summary["actors"]


def test_gold_set_no_listed_non_speaker_or_anonymous_speaker(gold_summary):
    assert gold_summary["non_speaker_hits"] == 0
    assert gold_summary["anonymous_speakers"] == 0


def test_every_case_tag_is_mostly_found(gold_summary):
    weak = {tag: f["recall"] for tag, f in gold_summary["tags"].items() if f["recall"] < 0.75}
    assert not weak, weak


# ----- matching logic -------------------------------------------------------------------------------
def _statement(speaker: str, start: int, end: int) -> Statement:
    return Statement(speaker=speaker, text="", quote="", start=start, end=end, kind="reported")


def test_locate_counts_overlapping_occurrences():
    assert locate("aaaa", "aa", 1) == 0
    assert locate("aaaa", "aa", 2) == 1
    assert locate("aaaa", "aa", 3) == 2
    with pytest.raises(ValueError):
        locate("aaaa", "aa", 4)


def test_match_is_one_to_one_and_greedy_by_overlap():
    gold = [Span("A", 0, 10), Span("B", 12, 20)]
    # p0 overlaps both gold spans (4 chars with A, 6 with B); p1 overlaps B by 3; p2 overlaps A by 8.
    predicted = [Span("X", 6, 18), Span("Y", 17, 30), Span("Z", 2, 10)]
    pairs = sorted(match(gold, predicted))
    assert pairs == [(0, 2), (1, 0)]  # A-Z (8) first, then B-X (6); Y is left over


def test_score_article_on_a_tiny_example():
    text = 'Lavrov said the talks failed. "We are ready," said Peskov. The Kremlin said nothing new.'
    article = {
        "id": "tiny",
        "style": "wire",
        "text": text,
        "statements": [
            {
                "speaker": "Sergei Lavrov",
                "text": "the talks failed",
                "occurrence": 1,
                "kind": "reported",
                "cases": ["reported"],
            },
            {
                "speaker": "Dmitry Peskov",
                "text": "We are ready",
                "occurrence": 1,
                "kind": "direct",
                "cases": ["direct", "said_x_appositive"],
            },
        ],
        "non_speakers": ["Vladimir Putin"],
    }
    lavrov = text.index("the talks failed")
    ready = text.index("We are ready")
    new = text.index("nothing new")
    predicted = [
        _statement("Sergei Lavrov", lavrov, lavrov + 12),  # partial overlap is enough
        _statement("Sergei Lavrov", ready, ready + 12),  # right span, wrong speaker
        _statement("Vladimir Putin", new, new + 11),  # no gold statement there, and a listed non-speaker
    ]
    result = score_article(article, predicted)
    assert (result.score.correct, result.score.predicted, result.score.gold) == (1, 3, 2)
    assert result.score.precision == pytest.approx(1 / 3)
    assert result.score.recall == pytest.approx(1 / 2)
    assert result.tag_hits == {"reported": 1, "direct": 0, "said_x_appositive": 0}
    assert result.non_speaker_hits == 1
    # actors: gold {Lavrov, Peskov}, predicted {Lavrov, Putin}
    assert (result.actors.correct, result.actors.predicted, result.actors.gold) == (1, 2, 2)
    assert [span.speaker for span, _ in result.misses] == ["Dmitry Peskov"]
    assert result.misses[0][1] == "Sergei Lavrov"  # the span was found, with the wrong speaker


def test_gold_names_go_through_registry_aliases():
    text = "Sisi said the deal should hold."
    article = {
        "id": "alias",
        "style": "wire",
        "text": text,
        "statements": [
            {
                "speaker": "Abdel Fattah al-Sisi",
                "text": "the deal should hold",
                "occurrence": 1,
                "kind": "reported",
                "cases": ["reported"],
            }
        ],
        "non_speakers": [],
    }
    start = text.index("the deal")
    canonical = {"Abdel Fattah al-Sisi": "Abdel Fattah el-Sisi"}.get
    result = score_article(
        article, [_statement("Abdel Fattah el-Sisi", start, start + 20)], lambda n: canonical(n) or n
    )
    assert result.score.correct == 1


def test_score_f1_and_empty_cases():
    assert Score(0, 0, 0).f1 == 0.0
    score = Score(correct=3, predicted=4, gold=6)
    assert score.f1 == pytest.approx(2 * 0.75 * 0.5 / 1.25)


def test_looks_anonymous():
    assert (
        looks_anonymous("officials") and looks_anonymous("Western officials") and looks_anonymous("a senior diplomat")
    )
    assert (
        not looks_anonymous("Dmitry Peskov")
        and not looks_anonymous("Russian government")
        and not looks_anonymous("Hamas")
    )
