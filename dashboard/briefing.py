"""The briefing: per focus actor, where they stand now, the change since a date, one chart and the
quotes that matter (stance.aggregate.actor_brief). Rendered on screen and as a self-contained HTML file."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime

import altair as alt
import pandas as pd

from dashboard import charts
from dashboard.exports import sized_svg
from dashboard.safe import esc
from dashboard.words import plural
from stance.aggregate import ActorBrief, actor_brief, describe, thin, trend

MAX_POINTS = 1500  # per actor chart: enough to read, light to send and to embed

STANCE_INK = {
    "light": {"for": "#0a6b2c", "against": "#b3151b", "mixed": "#444c56"},
    "dark": {"for": "#56d364", "against": "#ff7b72", "mixed": "#c9d1d9"},
}


@dataclass
class Card:
    actor: str
    colour: str
    brief: ActorBrief
    points: pd.DataFrame
    trend: pd.DataFrame
    quotes: list[dict]  # quote, title, source, published, score
    n_since: int | None = None  # articles with a stance from this actor after `since` (None: not counted)
    last_seen: date | None = None  # the newest of them (of all, when none is after `since`)


def build_cards(points: pd.DataFrame, actors: list[str], since: date, lookup, slots: Mapping[str, int]) -> list[Card]:
    """`lookup(ids)` returns full statement rows (state.details) for the quotes; `slots` the actors' colour slots."""
    latest = pd.to_datetime(points["published"]).max().date() if not points.empty else since
    briefs = [actor_brief(points, actor, since, latest) for actor in actors]
    ids = [e.statement_id for b in briefs for e in b.key_points]
    text = lookup(ids).set_index("statement_id") if ids else pd.DataFrame()
    cards = []
    for actor, brief in zip(actors, briefs):
        own = points[points["actor"] == actor].dropna(subset=["published"])
        quotes = [
            {
                "quote": text.at[e.statement_id, "quote"],
                "title": text.at[e.statement_id, "title"],
                "source": text.at[e.statement_id, "source"],
                "published": e.published,
                "score": e.score,
            }
            for e in brief.key_points
            if e.statement_id in text.index
        ]
        published = pd.to_datetime(own["published"])
        last_seen = published.max().date() if not own.empty else None
        n_since = int((published > pd.Timestamp(since)).sum())
        cards.append(
            Card(
                actor,
                charts.actor_colour(actor, slots),
                brief,
                thin(own, MAX_POINTS),
                trend(own),
                quotes,
                n_since,
                last_seen,
            )
        )
    return cards


def chart(card: Card, since: date, theme: str, height: int | str = 340) -> alt.LayerChart:
    """`height="container"` fills the element's height (presenter mode)."""
    return charts.actor_chart(card.points, card.trend, card.colour, since=since, theme=theme, height=height, big=True)


def card_svg(card: Card, since: date, theme: str) -> str:
    """The card's chart as SVG, sized for the HTML briefing."""
    return sized_svg(chart(card, since, theme), 1400, 440, 18)


def _tone(score: float | None) -> str:
    words = describe(score)
    return "for" if words == "for talks" else "against" if words == "against talks" else "mixed"


def stats_html(card: Card, since: date, theme: str) -> str:
    ink = STANCE_INK[theme]
    b = card.brief
    now = "n/a" if b.current is None else f"{b.current:+.2f}"
    now_over = f"over the latest {plural(b.n_current, 'article')}"
    if card.n_since == 0:  # a change of zero here would state a non-finding as a finding
        change, change_word = "none", f"no statements since {since:%d %b %Y}"
        was = f"last quoted {card.last_seen:%d %b %Y}" if card.last_seen else ""
        now_over += f" up to {card.last_seen:%d %b %Y}" if card.last_seen else ""
    elif b.change is None:
        change, change_word, was = "n/a", f"no stance on record before {since:%d %b %Y}", ""
    else:
        arrow = "▲" if b.change > 0.05 else "▼" if b.change < -0.05 else "■"
        change = f"{arrow} {b.change:+.2f}"
        change_word = "toward talks" if b.change > 0.05 else "away from talks" if b.change < -0.05 else "little change"
        was = f"was {b.then:+.2f}"
    moved = None if card.n_since == 0 else b.change
    change_ink = ink["for"] if (moved or 0) > 0.05 else ink["against"] if (moved or 0) < -0.05 else ink["mixed"]
    return (
        f'<div class="bf-name"><span class="bf-dot" style="background:{card.colour}"></span>{esc(card.actor)}</div>'
        '<div class="bf-stats">'
        f'<div class="bf-stat"><div class="bf-label">Now</div><div class="bf-big" style="color:{ink[_tone(b.current)]}">{now}</div>'
        f'<div class="bf-word">{esc(describe(b.current))}</div><div class="bf-n">{esc(now_over)}</div></div>'
        f'<div class="bf-stat"><div class="bf-label">Since {since:%d %b %Y}</div><div class="bf-big" style="color:{change_ink}">{change}</div>'
        f'<div class="bf-word">{esc(change_word)}</div><div class="bf-n">{esc(was)}</div></div>'
        "</div>"
    )


def quotes_html(card: Card, since: date) -> str:
    if not card.quotes:
        return '<div class="bf-none">No quotes in this period.</div>'
    items = (
        []
        if card.n_since != 0
        else [f'<div class="bf-none">No statements since {since:%d %b %Y}; the latest before it:</div>']
    )
    for q in card.quotes:
        when = f"{q['published']:%d %b %Y}" if q["published"] else "undated"
        items.append(
            f'<div class="bf-quote"><span class="bf-q" title="{esc(" ".join(str(q["quote"]).split()))}">“{esc(q["quote"])}”</span>'
            f'<cite title="{esc(q["title"] or "Untitled")}">{esc(q["title"] or "Untitled")} · {esc(q["source"] or "unknown source")} · {esc(when)} · {q["score"]:+.2f}</cite></div>'
        )
    return "".join(items)


def screen_css(theme: str, presenter: bool) -> str:
    """Large type and high contrast for a shared screen (constants only, no data)."""
    palette = charts.THEMES[theme]
    bg, fg, muted = palette["background"], palette["text"], ("#57606a" if theme == "light" else "#8b949e")
    buttons = (
        '[data-testid="stMain"] button{background:#21262d !important;color:#f0f6fc !important;border-color:#484f58 !important}'
        if theme == "dark"
        else ""
    )
    hide = (
        '[data-testid="stSidebar"],[data-testid="stSidebarCollapsedControl"],header[data-testid="stHeader"]{display:none !important}'
        if presenter
        else ""
    )
    stage = _PRESENTER_CSS if presenter else ""
    css = f"""<style>
[data-testid="stAppViewContainer"],[data-testid="stMain"],[data-testid="stHeader"]{{background:{bg} !important;color:{fg}}}
[data-testid="stMain"] h1,[data-testid="stMain"] [data-testid="stMarkdownContainer"],[data-testid="stMain"] [data-testid="stWidgetLabel"] p,
[data-testid="stMain"] [data-testid="stExpander"] summary{{color:{fg}}}
[data-testid="stMain"] button [data-testid="stMarkdownContainer"]{{color:inherit}}
[data-testid="stMain"] .stCaption p, [data-testid="stMain"] [data-testid="stCaptionContainer"]{{color:{muted} !important}}
{_CARD_CSS.replace("FG", fg).replace("MUTED", muted)}
{buttons}
{hide}
{stage}
</style>"""
    return "\n".join(line for line in css.splitlines() if line.strip())  # a blank line would end the HTML block


# Presenter mode: one card fills the screen, navigation included, at 1920x1080 and at 1366x768
# (tests/test_browser.py checks both); no text under 20 px. Long quotes are cut to a few lines
# (the full quote shows on hover) rather than pushing the card below the fold.
_PRESENTER_CSS = """
[data-testid="stMainBlockContainer"]{padding:.75rem 2.5rem 0 !important;max-width:100% !important}
[data-testid="stMain"] [data-testid="stExpander"] summary p,[data-testid="stMain"] button p{font-size:20px !important}
.st-key-bf_stage [data-testid="stVegaLiteChart"]{height:calc(100vh - 7rem) !important}
.st-key-bf_stage .bf-label,.st-key-bf_stage .bf-n,.st-key-bf_stage .bf-none{font-size:20px}
.st-key-bf_stage .bf-quote cite{font-size:20px}
.st-key-bf_stage .bf-q,.st-key-bf_stage .bf-quote cite{display:-webkit-box;-webkit-box-orient:vertical;-webkit-line-clamp:4;overflow:hidden}
.st-key-bf_stage .bf-quote cite{-webkit-line-clamp:2}
@media (max-height:820px){
 .st-key-bf_stage .bf-name{font-size:2.2rem;margin:0 0 .3rem}
 .st-key-bf_stage .bf-big{font-size:3rem}
 .st-key-bf_stage .bf-stats{margin-bottom:.2rem}
 .st-key-bf_stage .bf-quote{font-size:22px;margin:.5rem 0}
 .st-key-bf_stage .bf-q{-webkit-line-clamp:2}
 .st-key-bf_stage .bf-quote cite{-webkit-line-clamp:1}
}
"""


_CARD_CSS = """
.bf-name{font-size:2.6rem;font-weight:800;line-height:1.15;margin:.2rem 0 .6rem;color:FG}
.bf-dot{display:inline-block;width:.8em;height:.8em;border-radius:50%;margin-right:.35em;vertical-align:-.05em}
.bf-stats{display:flex;gap:3rem;flex-wrap:wrap;margin-bottom:.8rem}
.bf-where{text-align:center;font-size:22px}
.bf-label{font-size:1.15rem;text-transform:uppercase;letter-spacing:.06em;color:MUTED}
.bf-big{font-size:3.6rem;font-weight:800;line-height:1.05}
.bf-word{font-size:1.5rem;font-weight:600;color:FG}
.bf-n{font-size:1.15rem;color:MUTED}
.bf-quote{font-size:1.45rem;line-height:1.45;margin:.9rem 0;padding:.2rem 0 .2rem 1rem;border-left:5px solid MUTED;color:FG}
.bf-quote cite{display:block;font-size:1.1rem;font-style:normal;margin-top:.35rem;color:MUTED}
.bf-none{font-size:1.3rem;color:MUTED}
"""


def briefing_html(cards: list[Card], since: date, theme: str, scope: str, svg_for) -> str:
    """A self-contained HTML page: no script, no network; charts as inline SVG (`svg_for(card)`)."""
    palette = charts.THEMES[theme]
    muted = "#57606a" if theme == "light" else "#8b949e"
    sections = "".join(
        f'<section class="bf-section">{stats_html(c, since, theme)}<div class="bf-chart">{svg_for(c)}</div>{quotes_html(c, since)}</section>'
        for c in cards
    )
    css = _CARD_CSS.replace("FG", palette["text"]).replace("MUTED", muted)
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<title>Stance briefing · {since:%d %b %Y}</title>
<style>
body{{background:{palette["background"]};color:{palette["text"]};font-family:system-ui,-apple-system,'Segoe UI',sans-serif;margin:0;padding:2rem 3rem}}
h1{{font-size:2.2rem;margin:0 0 .3rem}} .bf-meta{{font-size:1.1rem;color:{muted};margin-bottom:1.5rem}}
.bf-section{{border-top:3px solid {palette["grid"]};padding:1.5rem 0;page-break-inside:avoid}} .bf-chart svg{{width:100%;height:auto}}
{css}
</style></head><body>
<h1>Stance toward peace talks: briefing</h1>
<div class="bf-meta">Change since {since:%d %B %Y} · {esc(scope)} · made {datetime.now():%d %B %Y %H:%M}</div>
{sections}
</body></html>"""
