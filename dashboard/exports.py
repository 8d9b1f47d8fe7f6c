"""Downloads: any chart as a slide (PNG at 1920x1080 or 1280x720, SVG), any statements table as CSV or Excel.

Files are made only when the button is clicked (Streamlit runs the callable then), so a page
with many export buttons renders as fast as one without.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

import altair as alt
import pandas as pd
import streamlit as st

from dashboard.charts import THEMES
from dashboard.safe import esc
from dashboard.words import plural
from stance.csv_safe import csv_bytes, excel_bytes  # the one export, shared with the CLI


def chart_svg(chart: alt.TopLevelMixin) -> str:
    import vl_convert

    return vl_convert.vegalite_to_svg(chart.to_dict())


def chart_png(chart: alt.TopLevelMixin, scale: float = 2) -> bytes:
    import vl_convert

    return vl_convert.vegalite_to_png(chart.to_dict(), scale=scale)


# ----- slides: landscape, titled, sourced -----------------------------------------------------------

_SUBTITLE_CHARS = 105  # what fits on one line at 30 px across 1780 px
SLIDE = (1920, 1080)  # laid out at this size; 1280x720 is the same slide scaled (crisp: it is vector)
_MARGIN, _HEAD, _FOOT = 70, 170, 80


@dataclass(frozen=True)
class Slide:
    """What a chart needs to stand alone on a slide: what it shows, for which actors and dates, from where."""

    title: str
    subtitle: str  # the actors and the date range
    source: str  # the source line
    theme: str = "light"


def sized(chart: alt.TopLevelMixin, width: int, height: int, font: int = 14) -> dict:
    """The chart's spec drawn at exactly width x height (axes and legend inside), text at `font` px."""
    spec = chart.to_dict()
    spec.pop("usermeta", None)
    spec.update(width=width, height=height, autosize={"type": "fit", "contains": "padding"})
    config = spec.setdefault("config", {})
    config.setdefault("axis", {}).update(labelFontSize=font, titleFontSize=font + 2)
    config.setdefault("axisX", {}).update(tickCount=10, labelOverlap=True)  # months, not every week
    _legends(spec, font)
    return spec


def _legends(node, font: int) -> None:
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "legend" and isinstance(value, dict):
                value.update(labelFontSize=font, symbolSize=font * 14, labelLimit=0)
            else:
                _legends(value, font)
    elif isinstance(node, list):
        for value in node:
            _legends(value, font)


def sized_svg(chart: alt.TopLevelMixin, width: int, height: int, font: int = 14) -> str:
    import vl_convert

    return vl_convert.vegalite_to_svg(sized(chart, width, height, font))


def slide_for(title: str, points: pd.DataFrame, theme: str = "light", note: str = "") -> Slide:
    """The slide text for a chart of these per-article points: the actors and dates it covers, and
    where its articles come from."""
    actors = points["actor"].value_counts().index.tolist() if "actor" in points else []
    shown = 0
    while shown < len(actors) and len(", ".join(actors[: shown + 1])) <= _SUBTITLE_CHARS - 55:
        shown += 1
    shown = max(shown, 1 if actors else 0)
    names = ", ".join(actors[:shown]) + (f" and {len(actors) - shown} more" if len(actors) > shown else "")
    dates = pd.to_datetime(points["published"]).dropna() if "published" in points else pd.Series(dtype="datetime64[ns]")
    span = f"{dates.min():%d %b %Y} – {dates.max():%d %b %Y}" if not dates.empty else "undated articles"
    outlets = points["source"].dropna().value_counts().index.tolist() if "source" in points else []
    listed = ", ".join(outlets[:3]) + (", …" if len(outlets) > 3 else "")
    articles = points["article_id"].nunique() if "article_id" in points else len(points)
    source = (
        f"Stance Tracker · {plural(articles, 'article')} from {plural(len(outlets), 'outlet')}"
        + (f" ({listed})" if listed else "")
        + f" · stance −1 against, +1 for talks · made {date.today():%d %b %Y}"
    )
    subtitle = " · ".join(part for part in (names, span, note) if part)
    return Slide(title, subtitle, source, theme)


def _line(text: object) -> str:
    """One line of slide text, made inert (names and sources come from articles)."""
    return esc(" ".join(str(text or "").split()))


def slide_svg(chart: alt.TopLevelMixin, slide: Slide) -> str:
    """A 1920x1080 SVG: title, subtitle (actors, dates), the chart, and the source line."""
    import vl_convert

    width, height = SLIDE
    palette = THEMES[slide.theme]
    muted = "#57606a" if slide.theme == "light" else "#8b949e"
    inner = vl_convert.vegalite_to_svg(sized(chart, width - 2 * _MARGIN, height - _HEAD - _FOOT, font=24))
    inner = inner.replace("<svg ", f'<svg x="{_MARGIN}" y="{_HEAD}" ', 1)
    font = 'font-family="Helvetica, Arial, sans-serif"'
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}">'
        f'<rect width="{width}" height="{height}" fill="{palette["background"]}"/>'
        f'<text x="{_MARGIN}" y="{_MARGIN + 22}" {font} font-size="52" font-weight="700" fill="{palette["text"]}">{_line(slide.title)}</text>'
        f'<text x="{_MARGIN}" y="{_MARGIN + 76}" {font} font-size="30" fill="{palette["text"]}">{_line(slide.subtitle)}</text>'
        f"{inner}"
        f'<text x="{_MARGIN}" y="{height - 32}" {font} font-size="22" fill="{muted}">{_line(slide.source)}</text>'
        "</svg>"
    )


def slide_png(chart: alt.TopLevelMixin, slide: Slide, width: int = SLIDE[0]) -> bytes:
    """The slide as PNG, `width` pixels wide (1920 or 1280), landscape 16:9."""
    import vl_convert

    return vl_convert.svg_to_png(slide_svg(chart, slide), scale=width / SLIDE[0])


def chart_buttons(chart: alt.TopLevelMixin, name: str, key: str, slide: Slide) -> None:
    """Slide downloads of a chart: PNG at 1920x1080 and 1280x720, and SVG, each with title, actors, dates and source."""
    row = st.container(horizontal=True)
    tip = "Landscape, for slides: the chart with its title, actors, dates and source line."
    row.download_button(
        "PNG",
        lambda: slide_png(chart, slide),
        f"{name}-1920x1080.png",
        "image/png",
        key=f"{key}_png",
        icon=":material/image:",
        on_click="ignore",
        help=tip + " 1920×1080.",
    )
    row.download_button(
        "PNG 1280×720",
        lambda: slide_png(chart, slide, 1280),
        f"{name}-1280x720.png",
        "image/png",
        key=f"{key}_png720",
        icon=":material/image:",
        on_click="ignore",
        help=tip,
    )
    row.download_button(
        "SVG",
        lambda: slide_svg(chart, slide),
        f"{name}.svg",
        "image/svg+xml",
        key=f"{key}_svg",
        icon=":material/draw:",
        on_click="ignore",
        help=tip + " Vector: any size.",
    )


def table_buttons(load: Callable[[], pd.DataFrame], count: int, name: str, key: str) -> None:
    """CSV and Excel downloads of every row `load()` returns (not just the page on screen)."""
    row = st.container(horizontal=True, vertical_alignment="center")
    row.download_button(
        "CSV",
        lambda: csv_bytes(load()),
        f"{name}.csv",
        "text/csv",
        key=f"{key}_csv",
        icon=":material/download:",
        on_click="ignore",
    )
    row.download_button(
        "Excel",
        lambda: excel_bytes(load()),
        f"{name}.xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        key=f"{key}_xlsx",
        icon=":material/table:",
        on_click="ignore",
    )
    matching = "the 1 statement that matches" if count == 1 else f"all {count:,} statements that match"
    row.caption(f"Downloads hold {matching}, with corrections applied.")
