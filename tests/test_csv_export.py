"""CSV export (security review): `stance export` and the dashboard's download are one export
(stance.csv_safe): the same columns, and no cell a spreadsheet would run as a formula."""

from __future__ import annotations

import csv
import io
from datetime import date

import pandas as pd
import pytest

from stance import cli
from stance.csv_safe import EXPORT_COLUMNS, excel_bytes
from stance.records import Actor, Analysis, Article, Prediction, ScoredStatement, Statement
from stance.store import Store

FORMULAS = ["=1+1", "+SUM(A1:A9)", "-2+3", "@cmd", "\t=1+1", "\r=1+1", "=cmd|' /C calc'!A0"]


def hostile(number: int, formula: str) -> Analysis:
    text = f"{formula} said the envoy on day {number}."
    speaker = f"{formula} Envoy {number}".strip()
    statement = Statement(
        speaker=speaker, text=text, quote=formula, start=0, end=len(formula), kind="reported", cue="say"
    )
    return Analysis(
        article=Article(
            text=text,
            title=formula,
            published=date(2025, 3, number),
            date_source="given",
            source=f"{formula} Wire".strip(),
            url=f"{formula}https://example.org/{number}",
        ),
        statements=[ScoredStatement(statement, Prediction("FAVOR", {"FAVOR": 0.8, "AGAINST": 0.1, "NONE": 0.1}))],
        actors={speaker: Actor(name=speaker)},
        model_version="test-v1",
    )


def cells(rows: list[dict]) -> list[str]:
    return [
        value
        for row in rows
        for key, value in row.items()
        if key in ("actor", "quote", "context", "article_title", "source", "url")
    ]


def test_cli_and_dashboard_exports_neutralise_formula_cells_alike(store: Store, monkeypatch, capsys, tmp_path):
    for number, formula in enumerate(FORMULAS, start=1):
        store.save_analysis(hostile(number, formula), f"h{number}")
    from dashboard.exports import csv_bytes  # what the dashboard's CSV button sends

    dashboard_csv = csv_bytes(store.statements()).decode("utf-8")
    monkeypatch.setenv("STANCE_DATABASE_URL", store.db.url)
    out = tmp_path / "statements.csv"
    cli.main(["export", "-o", str(out)])
    cli_csv = out.read_bytes().decode("utf-8")
    assert cli_csv == dashboard_csv

    rows = list(csv.DictReader(io.StringIO(cli_csv, newline="")))
    assert list(rows[0]) == [name for column, name in EXPORT_COLUMNS.items() if column in store.statements().columns]
    values = cells(rows)
    assert len(values) == 6 * len(FORMULAS)
    assert not [v for v in values if v.startswith(("=", "+", "-", "@", "\t", "\r"))], values
    assert {row["quote"] for row in rows} == {"'" + f for f in FORMULAS}

    workbook = pd.read_excel(io.BytesIO(excel_bytes(store.statements())))
    assert all(str(v).startswith("'") for v in workbook["quote"])


@pytest.mark.parametrize("value", ["Putin said -", "a=1", "email@x", "plain"])
def test_ordinary_text_is_left_as_it_is(value):
    from stance.csv_safe import inert

    assert inert(value) == value and inert(3.5) == 3.5 and inert(None) is None
