"""The one way statements leave as a spreadsheet (CSV or Excel), for the CLI and the dashboard alike.

Article text, quotes, titles, names and sources are written as text a spreadsheet will not run: a
cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return gets a leading apostrophe
(OWASP's advice on CSV injection), so `=cmd|' /C calc'!A0` in a quote stays a quote. Characters
Excel cannot hold are dropped. A leaf: it imports nothing of the store, so any module may use `inert`.
"""

from __future__ import annotations

import io
from typing import TextIO

import pandas as pd

# Store.statements() column -> the column name in an export.
EXPORT_COLUMNS = {
    "statement_id": "statement_id",
    "published": "date",
    "actor": "actor",
    "actor_kind": "actor_kind",
    "label": "label",
    "score": "score",
    "model_label": "model_label",
    "model_score": "model_score",
    "corrected": "corrected",
    "uncertain": "uncertain",
    "statement_kind": "statement_kind",
    "cue": "cue",
    "quote": "quote",
    "text": "context",
    "title": "article_title",
    "source": "source",
    "url": "url",
    "article_id": "article_id",
    "model_version": "model_version",
}
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def inert(value: object) -> object:
    """A text cell a spreadsheet shows as text; anything else as it is."""
    if isinstance(value, str):
        from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

        value = ILLEGAL_CHARACTERS_RE.sub("", value)
        if value.startswith(FORMULA_START):
            return "'" + value
    return value


def export_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """The export's columns (EXPORT_COLUMNS, in that order) with every text cell made inert."""
    columns = [c for c in EXPORT_COLUMNS if c in frame.columns]
    out = frame[columns].copy()
    for column in out.columns:
        if not (pd.api.types.is_numeric_dtype(out[column]) or pd.api.types.is_datetime64_any_dtype(out[column])):
            out[column] = out[column].map(inert)
    return out.rename(columns=EXPORT_COLUMNS)


def write_csv(frame: pd.DataFrame, out: TextIO) -> None:
    # CRLF rows (RFC 4180): a cell holding a carriage return is then quoted, so it cannot start a row.
    export_frame(frame).to_csv(out, index=False, lineterminator="\r\n")


def csv_bytes(frame: pd.DataFrame) -> bytes:
    out = io.StringIO(newline="")
    write_csv(frame, out)
    return out.getvalue().encode("utf-8")


def excel_bytes(frame: pd.DataFrame) -> bytes:
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        export_frame(frame).to_excel(writer, index=False, sheet_name="statements")
    return buffer.getvalue()
