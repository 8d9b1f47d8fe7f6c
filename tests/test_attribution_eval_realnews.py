"""The realnews-shaped evaluation (statements.jsonl + articles.jsonl + articles/NNN.txt) on a tiny set of our own."""

from __future__ import annotations

import json
from datetime import date

import pytest

from stance.attribution import load_attributor
from stance.attribution.evaluate import report
from stance.attribution.evaluate_realnews import (
    evaluate_realnews,
    excerpt,
    gold_speaker,
    is_realnews,
    load_realnews,
    locate_loosely,
)
from stance.records import Actor, Article

ARTICLE = (
    "Mediator sees progress in Geneva\n"
    "Date: 2025-03-12\n"
    "Source: https://example.org/2025/03/12/geneva\n"
    "\n"
    "GENEVA, March 12 -- The Norwegian mediator Ola Brekke said on Friday that both delegations\nwould return next week.\n\n"
    '"We are not giving up," Brekke told reporters.\n\n'
    "Foreign Minister Lina Varga said the plan was dead.\n"
)


@pytest.fixture()
def realnews(tmp_path):
    (tmp_path / "articles").mkdir()
    (tmp_path / "articles" / "001.txt").write_text(ARTICLE, encoding="utf-8")
    actors = [
        {"actor": "Ola Brekke", "aliases_in_text": ["Ola Brekke", "Brekke"]},
        {"actor": "Lina Varga", "aliases_in_text": ["Foreign Minister Lina Varga"]},
    ]
    (tmp_path / "articles.jsonl").write_text(
        json.dumps(
            {
                "file": "articles/001.txt",
                "date": "2025-03-12",
                "date_certain": True,
                "url": "https://example.org/2025/03/12/geneva",
                "conflict": "geneva",
                "actors": actors,
            }
        )
        + "\n",
        encoding="utf-8",
    )
    statements = [
        {"id": "001-01", "article": "001", "speaker": "Ola Brekke", "kind": "reported", "hard_case": None,
         "text": "The Norwegian mediator Ola Brekke said on Friday that both delegations would return next week."},
        {"id": "001-02", "article": "001", "speaker": "Ola Brekke", "kind": "direct", "hard_case": "talks_about_talks", "text": '"We are not giving up," Brekke told reporters.'},
        {"id": "001-03", "article": "001", "speaker": "Lina Varga", "kind": "reported", "hard_case": None, "text": "a sentence that cleaning dropped"},
    ]  # fmt: skip
    (tmp_path / "statements.jsonl").write_text("".join(json.dumps(s) + "\n" for s in statements), encoding="utf-8")
    return tmp_path


def _read(name: str, text: str) -> Article:
    """A stand-in for ingest: the header lines go, a 'Date:' line gives the date."""
    lines = text.split("\n")
    day = next((date.fromisoformat(line[6:].strip()) for line in lines if line.startswith("Date: ")), None)
    body = "\n".join(line for line in lines if not line.startswith(("Date: ", "Source: ")))
    return Article(text=body.strip("\n") + "\n", published=day, file_name=name)


def test_is_realnews(realnews, tmp_path_factory):
    assert is_realnews(realnews)
    assert not is_realnews(tmp_path_factory.mktemp("plain"))


def test_excerpt_skips_the_three_header_lines():
    assert excerpt(ARTICLE).startswith("GENEVA, March 12")


def test_locate_loosely_ignores_line_breaks():
    text = "both delegations\nwould  return next week."
    assert locate_loosely(text, "both delegations would return") == (0, 30)
    assert locate_loosely(text, "not there") is None


def test_load_realnews_hides_the_gold_date_and_locates_spans(realnews):
    seen = []
    articles = load_realnews(realnews, lambda name, text: seen.append(text) or _read(name, text))
    assert "Date:" not in seen[0] and seen[0].startswith(
        "Source: https://example.org/"
    )  # what attribution and dating see
    assert "Date: 2025-03-12" in seen[1]  # the file as filed, for the second date figure only
    (article,) = articles
    assert article["date"] == (None, "2025-03-12", True, "2025-03-12")
    first, second, lost = article["statements"]
    assert article["text"][first["start"] : first["end"]].startswith("The Norwegian mediator")
    assert lost["start"] is None  # cleaning dropped it: it can only be missed
    assert second["cases"] == ["direct", "talks_about_talks"]


def test_gold_speaker_matches_alias_and_surname():
    entries = [
        {"actor": "Ola Brekke", "aliases_in_text": ["Brekke"]},
        {"actor": "Russian government", "aliases_in_text": ["Moscow"]},
    ]
    registry = load_attributor().registry
    speaker = gold_speaker(
        entries,
        registry,
        {
            "Ola K. Brekke": Actor("Ola K. Brekke"),
            "Ukrainian government": Actor("Ukrainian government", kind="government"),
        },
    )
    assert speaker("Ola K. Brekke") == "Ola Brekke"  # same surname
    assert speaker("Brekke") == "Ola Brekke"  # an alias the text uses
    assert speaker("Russian government") == "Russian government"
    assert speaker("Ukrainian government") == "Ukrainian government"  # bodies never match by their last word


def test_evaluate_realnews_reports_statements_actors_and_dates(realnews):
    summary, results = evaluate_realnews(load_attributor(), load_realnews(realnews, _read))
    assert summary["statements"]["gold"] == 3
    assert summary["statements"]["correct"] == 2
    assert summary["actors"]["gold"] == 2 and summary["actors"]["correct"] == 2
    assert summary["dates"] == {
        "certain": 1,
        "certain_exact": 0,
        "certain_exact_as_filed": 1,
        "articles": 1,
        "exact": 0,
        "none_found": 1,
    }
    text = report(summary, results, verbose=True)
    assert "dates exact on 0 of 1" in text and "as filed, with the Date: line: 1 of 1" in text


def test_cli_reads_a_realnews_folder_through_ingest(realnews, capsys):
    from stance.cli import main

    main(["evaluate-attribution", "--gold", str(realnews)])
    out = capsys.readouterr().out
    assert (
        "Attribution on 1 gold articles" in out and "dates exact on" in out and "as filed, with the Date: line" in out
    )


def test_cli_prints_the_figures_as_json(realnews, capsys):
    from stance.cli import main

    main(["evaluate-attribution", "--gold", str(realnews), "--json"])
    summary = json.loads(capsys.readouterr().out)
    assert summary["articles"] == 1
    assert set(summary["statements"]) >= {"precision", "recall", "f1", "correct", "predicted", "gold"}
    assert summary["dates"]["certain"] == 1
