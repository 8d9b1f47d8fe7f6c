"""Downloads: any chart as PNG or SVG, any statements table as CSV or Excel.

Files are made only when the button is clicked (Streamlit runs the callable then), so a page
with many export buttons renders as fast as one without.
"""

from __future__ import annotations

import io
from typing import Callable

import altair as alt
import pandas as pd
import streamlit as st
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

EXPORT_COLUMNS = {
    "statement_id": "statement_id", "published": "date", "actor": "actor", "actor_kind": "actor_kind", "label": "label",
    "score": "score", "model_label": "model_label", "model_score": "model_score", "corrected": "corrected",
    "uncertain": "uncertain",
    "statement_kind": "statement_kind", "cue": "cue", "quote": "quote", "text": "context", "title": "article_title",
    "source": "source", "article_id": "article_id", "model_version": "model_version",
}


def chart_svg(chart: alt.TopLevelMixin) -> str:
    import vl_convert

    return vl_convert.vegalite_to_svg(chart.to_dict())


def chart_png(chart: alt.TopLevelMixin, scale: float = 2) -> bytes:
    import vl_convert

    return vl_convert.vegalite_to_png(chart.to_dict(), scale=scale)


def chart_buttons(chart: alt.TopLevelMixin, name: str, key: str) -> None:
    """PNG and SVG download buttons for a chart."""
    row = st.container(horizontal=True)
    row.download_button("PNG", lambda: chart_png(chart), f"{name}.png", "image/png", key=f"{key}_png", icon=":material/image:", on_click="ignore")
    row.download_button("SVG", lambda: chart_svg(chart), f"{name}.svg", "image/svg+xml", key=f"{key}_svg", icon=":material/draw:", on_click="ignore")


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_TEXT_COLUMNS = ("actor", "quote", "text", "title", "source", "cue")


def _inert(value: object) -> object:
    """Text that a spreadsheet would run as a formula gets a leading apostrophe."""
    if isinstance(value, str):
        value = ILLEGAL_CHARACTERS_RE.sub("", value)
        if value.startswith(_FORMULA_START):
            return "'" + value
    return value


def _export_frame(frame: pd.DataFrame) -> pd.DataFrame:
    columns = [c for c in EXPORT_COLUMNS if c in frame.columns]
    out = frame[columns].copy()
    for column in _TEXT_COLUMNS:
        if column in out:
            out[column] = out[column].map(_inert)
    return out.rename(columns=EXPORT_COLUMNS)


def csv_bytes(frame: pd.DataFrame) -> bytes:
    return _export_frame(frame).to_csv(index=False).encode("utf-8")


def excel_bytes(frame: pd.DataFrame) -> bytes:
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        _export_frame(frame).to_excel(writer, index=False, sheet_name="statements")
    return buffer.getvalue()


def table_buttons(load: Callable[[], pd.DataFrame], count: int, name: str, key: str) -> None:
    """CSV and Excel downloads of every row `load()` returns (not just the page on screen)."""
    row = st.container(horizontal=True, vertical_alignment="center")
    row.download_button("CSV", lambda: csv_bytes(load()), f"{name}.csv", "text/csv", key=f"{key}_csv", icon=":material/download:", on_click="ignore")
    row.download_button(
        "Excel", lambda: excel_bytes(load()), f"{name}.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        key=f"{key}_xlsx", icon=":material/table:", on_click="ignore",
    )
    row.caption(f"Downloads hold all {count:,} statements that match, with corrections applied.")
