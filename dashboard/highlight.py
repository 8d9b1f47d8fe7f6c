"""An article's text with its statements marked by stance and speaker. Every piece of text is escaped."""

from __future__ import annotations

import pandas as pd

from dashboard.charts import STANCE_COLOURS
from dashboard.safe import esc

BACKGROUND = {"FAVOR": "#d8f3dc", "AGAINST": "#ffd6d6", "NONE": "#eceff1"}
WORDS = {"FAVOR": "for talks", "AGAINST": "against talks", "NONE": "no stance"}

STYLE = """<style>
.article-body{font-family:Georgia,'Times New Roman',serif;font-size:1.12rem;line-height:1.75;max-width:46rem;color:inherit}
.article-body p{margin:0 0 1rem}
.article-body mark{color:#111;border-radius:3px;padding:1px 3px;box-decoration-break:clone;-webkit-box-decoration-break:clone}
.article-body .who{font-family:system-ui,sans-serif;font-size:.72rem;font-weight:700;letter-spacing:.01em;
  padding:0 4px;margin-left:3px;border-radius:3px;color:#fff;vertical-align:.15em;white-space:nowrap}
.stance-key span{font-family:system-ui,sans-serif;font-size:.85rem;padding:2px 8px;margin-right:6px;border-radius:3px;color:#111}
</style>"""


def legend() -> str:
    chips = "".join(
        f'<span style="background:{BACKGROUND[label]};border-bottom:3px solid {STANCE_COLOURS[label]}">{WORDS[label]}</span>'
        for label in WORDS
    )
    return f'<div class="stance-key">{chips}</div>'


def _mark(text: str, row) -> str:
    label = str(row.label)
    colour = STANCE_COLOURS.get(label, "#999")
    corrected = " · corrected by an analyst" if getattr(row, "corrected", False) else ""
    title = f"{row.actor} · {WORDS.get(label, label)} ({row.score:+.2f}) · {row.statement_kind}{corrected}"
    return (
        f'<mark style="background:{BACKGROUND.get(label, "#eee")};border-bottom:3px solid {colour}" title="{esc(title)}">{esc(text)}'
        f'<span class="who" style="background:{colour}">{esc(row.actor)}</span></mark>'
    )


def article_html(text: str, statements: pd.DataFrame) -> str:
    """The article as paragraphs, each statement's span marked; overlapping spans keep the first."""
    pieces: list[str] = []
    cursor = 0
    rows = statements.sort_values("start") if not statements.empty else statements
    for row in rows.itertuples():
        start, end = int(row.start), int(row.end)
        if start < cursor or end > len(text) or start >= end:
            continue
        pieces.append(_plain(text[cursor:start]))
        pieces.append(_mark(text[start:end], row))
        cursor = end
    pieces.append(_plain(text[cursor:]))
    return f'{STYLE}<div class="article-body"><p>{"".join(pieces)}</p></div>'


def _plain(text: str) -> str:
    """Escaped text; blank lines become paragraph breaks (never raw newlines, which would end the HTML block)."""
    paragraphs = [esc(p) for p in text.replace("\r", "").split("\n\n")]
    return "</p><p>".join(paragraphs)
