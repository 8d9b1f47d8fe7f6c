"""Altair charts. Each actor has one colour in every chart (see `colour_map`)."""

from __future__ import annotations

import hashlib
from datetime import date

import altair as alt
import pandas as pd

# Tableau 10, then its light companions: the ten most quoted actors get the strongest colours,
# and no two of the first twenty share a hue and a shade.
PALETTE = [
    "#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#17becf", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22",
    "#aec7e8", "#ff9896", "#98df8a", "#ffbb78", "#c5b0d5", "#9edae5", "#c49c94", "#f7b6d2", "#c7c7c7", "#dbdb8d",
]
STANCE_COLOURS = {"FAVOR": "#1a7f37", "AGAINST": "#c62828", "NONE": "#6e7781"}
THEMES = {
    "light": {"background": "#ffffff", "text": "#111111", "grid": "#d0d7de", "zero": "#444444"},
    "dark": {"background": "#0d1117", "text": "#f0f6fc", "grid": "#30363d", "zero": "#c9d1d9"},
}
SVG_UP_TO = 2000  # points drawn as SVG (crisp, accessible); above this the browser draws on canvas


def colour_map(ranked_actors: list[str]) -> dict[str, str]:
    """Distinct colours for the most quoted actors (in rank order), a stable hashed colour for the rest."""
    colours = {name: PALETTE[i] for i, name in enumerate(ranked_actors[: len(PALETTE)])}
    for name in ranked_actors[len(PALETTE):]:
        colours[name] = _hashed(name)
    return colours


def _hashed(name: str) -> str:
    return PALETTE[int(hashlib.sha1(name.encode("utf-8")).hexdigest(), 16) % len(PALETTE)]


def _scale(actors, colours: dict[str, str]) -> alt.Scale:
    domain = sorted(set(actors))
    return alt.Scale(domain=domain, range=[colours.get(a) or _hashed(a) for a in domain])


def _zero() -> alt.Chart:
    return alt.Chart(pd.DataFrame({"y": [0]})).mark_rule(strokeDash=[4, 4], strokeWidth=1.5).encode(y="y:Q")


def timeline(points: pd.DataFrame, trend: pd.DataFrame, colours: dict[str, str], height: int = 480) -> alt.LayerChart:
    """One point per actor per article (click opens the article), a smoothed trend per actor, the zero line."""
    data = points.assign(
        published=pd.to_datetime(points["published"]),
        quote_short=points["quote"].fillna("").astype(str).str.slice(0, 180),
        title=points["title"].fillna("Untitled").astype(str),
        source=points["source"].fillna("Unknown source").astype(str),
    )[["article_id", "actor", "published", "score", "title", "source", "quote_short"]]
    scale = _scale(list(data["actor"]) + list(trend["actor"]), colours)
    x = alt.X("published:T", title="Article date")
    y = alt.Y("score:Q", title="Stance (−1 against, +1 for talks)", scale=alt.Scale(domain=[-1.1, 1.1], nice=False),
              axis=alt.Axis(values=[-1, -0.5, 0, 0.5, 1], format="+.1f"))
    colour = alt.Color("actor:N", scale=scale, title=None, legend=alt.Legend(orient="bottom", columns=3, labelLimit=170, symbolSize=140, labelFontSize=12))
    select = alt.selection_point(fields=["article_id"], name="point", on="click")
    dots = (
        alt.Chart(data)
        .mark_circle(size=80, opacity=0.8, stroke="white", strokeWidth=0.5)
        .encode(
            x=x, y=y, color=colour,
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
    lines = alt.Chart(trend).mark_line(strokeWidth=3, opacity=0.75, interpolate="monotone").encode(x=x, y=y, color=colour, detail="actor:N")
    chart = alt.layer(_zero().mark_rule(color="#555", strokeDash=[4, 4]), lines, dots).properties(height=height)
    if len(data) <= SVG_UP_TO:
        chart = chart.properties(usermeta={"embedOptions": {"renderer": "svg"}})
    return chart


def actor_chart(
    points: pd.DataFrame, trend: pd.DataFrame, colour: str, since: date | None = None, theme: str = "light",
    height: int = 320, big: bool = False,
) -> alt.LayerChart:
    """One actor over time: its points, its trend and, when given, a marker at `since`. For the
    Actors page and the briefing (where `big` raises the type size for a shared screen)."""
    palette = THEMES[theme]
    data = points.assign(published=pd.to_datetime(points["published"]))[["published", "score"]]
    x = alt.X("published:T", title=None)
    y = alt.Y("score:Q", title="Stance (−1 against, +1 for)", scale=alt.Scale(domain=[-1.1, 1.1], nice=False),
              axis=alt.Axis(values=[-1, -0.5, 0, 0.5, 1], format="+.1f"))
    layers = [
        _zero().mark_rule(color=palette["zero"], strokeDash=[4, 4], strokeWidth=1.5),
        alt.Chart(trend.assign(published=pd.to_datetime(trend["published"]))).mark_line(color=colour, strokeWidth=4 if big else 3, interpolate="monotone").encode(x=x, y=y),
        alt.Chart(data).mark_circle(color=colour, size=150 if big else 70, opacity=0.9 if big else 0.75).encode(
            x=x, y=y, tooltip=[alt.Tooltip("published:T", title="Date", format="%d %b %Y"), alt.Tooltip("score:Q", title="Score", format="+.2f")]
        ),
    ]
    if since is not None:
        marker = pd.DataFrame({"published": [pd.Timestamp(since)]})
        layers.append(alt.Chart(marker).mark_rule(color=palette["text"], strokeDash=[2, 3], strokeWidth=2).encode(x="published:T"))
    font = 20 if big else 13
    return (
        alt.layer(*layers)
        .properties(height=height, background=palette["background"], usermeta={"embedOptions": {"renderer": "svg"}})
        .configure_axis(labelColor=palette["text"], titleColor=palette["text"], gridColor=palette["grid"], domainColor=palette["grid"],
                        tickColor=palette["grid"], labelFontSize=font, titleFontSize=font)
        .configure_view(stroke=None)
    )
