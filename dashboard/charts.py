"""Altair charts. Each actor has one colour in every chart, page and export (`actor_colour`)."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from datetime import date

import altair as alt
import pandas as pd

# Okabe-Ito (less black and yellow, which vanish on one background or the other) and two of Paul Tol's
# muted colours: told apart with the common colour-vision deficiencies, readable on light and dark.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#999933", "#CC6677"]
# A second, colour-free cue: two actors that share a colour almost never share a point shape too.
SHAPES = ["circle", "square", "triangle-up", "diamond"]
STANCE_COLOURS = {"FAVOR": "#1a7f37", "AGAINST": "#c62828", "NONE": "#6e7781"}
THEMES = {
    "light": {"background": "#ffffff", "text": "#111111", "grid": "#d0d7de", "zero": "#444444"},
    "dark": {"background": "#0d1117", "text": "#f0f6fc", "grid": "#30363d", "zero": "#c9d1d9"},
}
SVG_UP_TO = 2000  # points drawn as SVG (crisp, accessible); above this the browser draws on canvas
SLOTS = len(PALETTE) * len(SHAPES)  # colour slots: every colour with circles, then every colour with squares, ...


def hashed_slot(name: str) -> int:
    """A slot fixed by the name alone, for an actor the store has not given one yet."""
    key = " ".join(str(name).split()).casefold()
    return int.from_bytes(hashlib.sha256(key.encode("utf-8")).digest()[:8], "big") % SLOTS


def actor_colour(name: str, slots: Mapping[str, int]) -> str:
    """The actor's one colour, in every chart, card, page and export. `slots` are the colour slots
    the store gave each actor once (state.colour_slots), so uploads, merges and filters never move it."""
    return PALETTE[slots.get(name, hashed_slot(name)) % len(PALETTE)]


def actor_shape(name: str, slots: Mapping[str, int]) -> str:
    return SHAPES[slots.get(name, hashed_slot(name)) // len(PALETTE) % len(SHAPES)]


def _scales(actors, slots: Mapping[str, int]) -> tuple[alt.Scale, alt.Scale]:
    domain = sorted(set(actors))
    return (
        alt.Scale(domain=domain, range=[actor_colour(a, slots) for a in domain]),
        alt.Scale(domain=domain, range=[actor_shape(a, slots) for a in domain]),
    )


def _zero() -> alt.Chart:
    return alt.Chart(pd.DataFrame({"y": [0]})).mark_rule(strokeDash=[4, 4], strokeWidth=1.5).encode(y="y:Q")


LABEL_PX = 14  # the smallest chart text: readable across a room on a 1920-wide screen
TITLE_PX = 16


def _legend_columns(actors) -> int:
    """As many columns as the longest name allows, so that no name is cut short."""
    longest = max((len(str(a)) for a in actors), default=0)
    return 3 if longest <= 22 else 2 if longest <= 36 else 1


def timeline(points: pd.DataFrame, trend: pd.DataFrame, slots: Mapping[str, int], height: int = 480) -> alt.LayerChart:
    """One point per actor per article (click opens the article), a smoothed trend per actor, the zero line."""
    data = points.assign(
        published=pd.to_datetime(points["published"]),
        quote_short=points["quote"].fillna("").astype(str).str.slice(0, 180),
        title=points["title"].fillna("Untitled").astype(str),
        source=points["source"].fillna("Unknown source").astype(str),
    )[["article_id", "actor", "published", "score", "title", "source", "quote_short"]]
    actors = list(data["actor"]) + list(trend["actor"])
    colours, shapes = _scales(actors, slots)
    x = alt.X("published:T", title="Article date")
    y = alt.Y(
        "score:Q",
        title="Stance (−1 against, +1 for talks)",
        scale=alt.Scale(domain=[-1.1, 1.1], nice=False),
        axis=alt.Axis(values=[-1, -0.5, 0, 0.5, 1], format="+.1f"),
    )
    # labelLimit 0: names are never cut; the column count leaves them room.
    legend = alt.Legend(
        orient="bottom",
        columns=_legend_columns(actors),
        labelLimit=0,
        symbolSize=160,
        labelFontSize=LABEL_PX,
        labelColor="#1f2328",
        symbolStrokeWidth=0,
    )
    colour = alt.Color("actor:N", scale=colours, title=None, legend=legend)
    shape = alt.Shape("actor:N", scale=shapes, title=None, legend=legend)
    select = alt.selection_point(fields=["article_id"], name="point", on="click")
    dots = (
        alt.Chart(data)
        .mark_point(size=90, opacity=0.85, filled=True, stroke="white", strokeWidth=0.5)
        .encode(
            x=x,
            y=y,
            color=colour,
            shape=shape,
            tooltip=[
                alt.Tooltip("actor:N", title="Actor"),
                alt.Tooltip("title:N", title="Headline"),
                alt.Tooltip("published:T", title="Date", format="%d %b %Y"),
                alt.Tooltip("source:N", title="Source"),
                alt.Tooltip("quote_short:N", title="Quote"),
                alt.Tooltip("score:Q", title="Score", format="+.2f"),
            ],
        )
        .add_params(select)
    )
    lines = (
        alt.Chart(trend)
        .mark_line(strokeWidth=3, opacity=0.75, interpolate="monotone")
        .encode(x=x, y=y, color=colour, detail="actor:N")
    )
    chart = (
        alt.layer(_zero().mark_rule(color="#555", strokeDash=[4, 4]), lines, dots)
        .properties(height=height)
        .configure_axis(labelFontSize=LABEL_PX, titleFontSize=TITLE_PX, labelColor="#1f2328", titleColor="#1f2328")
    )
    if len(data) <= SVG_UP_TO:
        chart = chart.properties(usermeta={"embedOptions": {"renderer": "svg"}})
    return chart


def actor_chart(
    points: pd.DataFrame,
    trend: pd.DataFrame,
    colour: str,
    since: date | None = None,
    theme: str = "light",
    height: int | str = 320,
    big: bool = False,
) -> alt.LayerChart:
    """One actor over time: its points, its trend and, when given, a marker at `since`. For the
    Actors page and the briefing (where `big` raises the type size for a shared screen)."""
    palette = THEMES[theme]
    data = points.assign(published=pd.to_datetime(points["published"]))[["published", "score"]]
    x = alt.X("published:T", title=None, axis=alt.Axis(tickCount=8, labelOverlap=True))  # months, not every week
    y = alt.Y(
        "score:Q",
        title="Stance (−1 against, +1 for)",
        scale=alt.Scale(domain=[-1.1, 1.1], nice=False),
        axis=alt.Axis(values=[-1, -0.5, 0, 0.5, 1], format="+.1f"),
    )
    layers = [
        _zero().mark_rule(color=palette["zero"], strokeDash=[4, 4], strokeWidth=1.5),
        alt.Chart(trend.assign(published=pd.to_datetime(trend["published"])))
        .mark_line(color=colour, strokeWidth=4 if big else 3, interpolate="monotone")
        .encode(x=x, y=y),
        alt.Chart(data)
        .mark_circle(color=colour, size=150 if big else 70, opacity=0.9 if big else 0.75)
        .encode(
            x=x,
            y=y,
            tooltip=[
                alt.Tooltip("published:T", title="Date", format="%d %b %Y"),
                alt.Tooltip("score:Q", title="Score", format="+.2f"),
            ],
        ),
    ]
    if since is not None:
        marker = pd.DataFrame({"published": [pd.Timestamp(since)]})
        layers.append(
            alt.Chart(marker).mark_rule(color=palette["text"], strokeDash=[2, 3], strokeWidth=2).encode(x="published:T")
        )
    font = 20 if big else LABEL_PX
    return (
        alt.layer(*layers)
        .properties(height=height, background=palette["background"], usermeta={"embedOptions": {"renderer": "svg"}})
        .configure_axis(
            labelColor=palette["text"],
            titleColor=palette["text"],
            gridColor=palette["grid"],
            domainColor=palette["grid"],
            tickColor=palette["grid"],
            labelFontSize=font,
            titleFontSize=font,
        )
        .configure_view(stroke=None)
    )
