"""Altair charts. Colours are fixed per actor (by name), so an actor looks the same everywhere."""

from __future__ import annotations

import hashlib

import altair as alt
import pandas as pd

PALETTE = [
    "#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#17becf", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22",
    "#393b79", "#637939", "#8c6d31", "#843c39", "#7b4173", "#3182bd", "#e6550d", "#31a354", "#756bb1", "#636363",
]
STANCE_COLOURS = {"FAVOR": "#1a7f37", "AGAINST": "#c62828", "NONE": "#6e7781"}


def actor_colour(name: str) -> str:
    digest = int(hashlib.sha1(name.encode("utf-8")).hexdigest(), 16)
    return PALETTE[digest % len(PALETTE)]


def _colour_scale(actors: list[str]) -> alt.Scale:
    domain = sorted(set(actors))
    return alt.Scale(domain=domain, range=[actor_colour(a) for a in domain])


def timeline(points: pd.DataFrame, height: int = 420, smooth: bool = True) -> alt.LayerChart:
    """One point per actor per article, a smoothed trend per actor, and the zero line."""
    data = points.copy()
    data["published"] = pd.to_datetime(data["published"])
    data["quote_short"] = data["quote"].fillna("").str.slice(0, 160)
    scale = _colour_scale(data["actor"].tolist())
    select = alt.selection_point(fields=["article_id"], name="point", on="click")
    base = alt.Chart(data).encode(
        x=alt.X("published:T", title="Article date"),
        y=alt.Y("score:Q", title="Stance toward peace talks", scale=alt.Scale(domain=[-1, 1])),
        color=alt.Color("actor:N", scale=scale, title="Actor", legend=alt.Legend(orient="bottom", columns=4, labelLimit=220)),
    )
    dots = base.mark_circle(size=90, opacity=0.85).encode(
        tooltip=[
            alt.Tooltip("actor:N", title="Actor"),
            alt.Tooltip("title:N", title="Headline"),
            alt.Tooltip("published:T", title="Date", format="%Y-%m-%d"),
            alt.Tooltip("source:N", title="Source"),
            alt.Tooltip("quote_short:N", title="Quote"),
            alt.Tooltip("score:Q", title="Score", format="+.2f"),
        ]
    ).add_params(select)
    zero = alt.Chart(pd.DataFrame({"y": [0]})).mark_rule(color="#555", strokeDash=[4, 4]).encode(y="y:Q")
    layers = [zero, dots]
    if smooth and len(data) >= 3:
        trend = base.transform_loess("published", "score", groupby=["actor"], bandwidth=0.6).mark_line(strokeWidth=2, opacity=0.6)
        layers.insert(1, trend)
    return alt.layer(*layers).properties(height=height)


def stance_bar(points: pd.DataFrame) -> alt.Chart:
    data = points.groupby("actor", as_index=False)["score"].mean()
    scale = _colour_scale(data["actor"].tolist())
    return (
        alt.Chart(data)
        .mark_bar()
        .encode(
            y=alt.Y("actor:N", sort="x", title=None),
            x=alt.X("score:Q", scale=alt.Scale(domain=[-1, 1]), title="Mean stance"),
            color=alt.Color("actor:N", scale=scale, legend=None),
            tooltip=["actor", alt.Tooltip("score:Q", format="+.2f")],
        )
    )
