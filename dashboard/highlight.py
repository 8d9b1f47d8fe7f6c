"""An article's text with its statements marked by stance. Every piece of text is escaped."""

from __future__ import annotations

import html

import pandas as pd

from dashboard.charts import STANCE_COLOURS

_BACKGROUND = {"FAVOR": "#d8f3dc", "AGAINST": "#ffd6d6", "NONE": "#e8eaed"}


def article_html(text: str, statements: pd.DataFrame) -> str:
    pieces: list[str] = []
    cursor = 0
    rows = statements.sort_values("start") if not statements.empty else statements
    for row in rows.itertuples():
        start, end = int(row.start), int(row.end)
        if start < cursor or end > len(text):
            continue
        pieces.append(html.escape(text[cursor:start]))
        label = str(row.label)
        title = f"{row.actor} · {label} {row.score:+.2f} · {row.statement_kind}"
        pieces.append(
            f'<mark style="background:{_BACKGROUND.get(label, "#eee")};border-bottom:3px solid {STANCE_COLOURS.get(label, "#999")};'
            f'padding:0 2px" title="{html.escape(title, quote=True)}">{html.escape(text[start:end])}'
            f'<sup style="color:{STANCE_COLOURS.get(label, "#999")};font-weight:600"> {html.escape(str(row.actor))}</sup></mark>'
        )
        cursor = end
    pieces.append(html.escape(text[cursor:]))
    body = "".join(pieces).replace("\n\n", "</p><p>")
    return f'<div style="font-size:1.05rem;line-height:1.7;max-width:52rem"><p>{body}</p></div>'
