"""The movers panel: who changed stance most between two periods the analyst picks, how sure we
are, and the quotes behind it. The numbers come from stance.aggregate.movers."""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from dashboard import state, urlstate
from dashboard.charts import actor_colour
from dashboard.safe import esc, show_html
from dashboard.words import plural
from stance.aggregate import Mover, Period, default_periods
from stance.store import Filters


def _period(label: str, key: str, param: str, default: Period, first: date, last: date) -> Period:
    def inside(value) -> bool:  # a half-picked range (one date) is kept while the analyst picks the other end
        return isinstance(value, (tuple, list)) and 1 <= len(value) <= 2 and all(first <= d <= last for d in value)

    def clamped(values: list[str]) -> tuple[date, date]:  # a link made on a longer store: keep the part this one holds
        start, end = urlstate.parse_range(values)
        return max(start, first), min(end, last)

    urlstate.setting(
        key, param, (default.start, default.end), clamped, lambda value: inside(value) and value[0] <= value[-1]
    )
    picked = st.date_input(
        label, min_value=first, max_value=last, key=key, format="YYYY-MM-DD", persist_state="session"
    )
    if isinstance(picked, (tuple, list)) and len(picked) == 2:
        return Period(picked[0], picked[1])
    return default  # half-picked range: keep the default until both ends are chosen


def _periods(filters: Filters) -> tuple[Period, Period]:
    cat = state.catalogue()
    before, recent = default_periods(cat.last, earliest=cat.first, points=state.points(filters, dates=False))
    with st.popover("Choose the periods", icon=":material/date_range:"):
        # Side by side: each calendar opens under its own field and never covers the other one.
        left, right = st.columns(2, gap="medium")
        with left:
            recent = _period("Recent period", "mv_recent", "recent", recent, cat.first, cat.last)
        with right:
            before = _period("Compared with", "mv_before", "before", before, cat.first, cat.last)
        st.caption(
            "Defaults come from the data: the latest 4 weeks that hold statements against the 4 such weeks before "
            "(8, 13 or 26 when no actor has 3 articles in each; a short store is split in two halves)."
        )
    urlstate.publish(
        {
            "recent": urlstate.show_range(st.session_state.get("mv_recent")),
            "before": urlstate.show_range(st.session_state.get("mv_before")),
        }
    )
    st.caption(f"Recent: {recent} · compared with: {before}")
    return before, recent


def _clip(text: object, limit: int = 220) -> str:
    text = " ".join(str(text or "").split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _card(mover: Mover, colour: str, quotes: pd.DataFrame) -> str:
    arrow = "▲" if (mover.change or 0) > 0 else "▼" if (mover.change or 0) < 0 else "■"
    direction = "toward talks" if (mover.change or 0) > 0 else "against talks"
    if not mover.enough:
        verdict = (
            f'<span class="mv-thin">Too few articles to say: {mover.n_before} before, {mover.n_recent} recent.</span>'
        )
    elif mover.sure:
        verdict = f"90% interval {mover.low:+.2f} to {mover.high:+.2f}: <b>a clear shift {direction}</b>."
    else:
        verdict = f"90% interval {mover.low:+.2f} to {mover.high:+.2f}: <b>could be noise</b>."
    lines = []
    for e in mover.evidence:
        if e.statement_id not in quotes.index:
            continue
        q = quotes.loc[e.statement_id]
        when = f"{e.published:%d %b}" if e.published else "undated"
        lines.append(
            f'<li><span class="mv-when">{"then" if e.period == "before" else "now"} · {esc(when)} · {e.score:+.2f}</span> '
            f'“{esc(_clip(q["quote"]))}” <span class="mv-src">{esc(q["title"] or "untitled")} · {esc(q["source"] or "unknown source")}</span></li>'
        )
    return (
        f'<div class="mv-card" style="border-left:6px solid {colour}">'
        f'<div class="mv-head"><b>{esc(mover.actor)}</b> <span class="mv-change">{arrow} {mover.change:+.2f}</span></div>'
        f'<div class="mv-sub">{mover.before:+.2f} ({plural(mover.n_before, "article")}) → {mover.recent:+.2f} ({plural(mover.n_recent, "article")}). {verdict}</div>'
        f'<ul class="mv-quotes">{"".join(lines)}</ul></div>'
    )


_STYLE = """<style>
.mv-card{padding:.5rem .8rem;margin:.4rem 0 .7rem;border-radius:6px;background:rgba(127,127,127,.07)}
.mv-head{font-size:1.05rem}.mv-change{float:right;font-weight:700;font-size:1.1rem}
.mv-sub{font-size:.85rem;opacity:.85;margin:.15rem 0}.mv-thin{font-style:italic}
.mv-card ul.mv-quotes{margin:.2rem 0 0 1rem;padding:0}.mv-card ul.mv-quotes li{margin:.25rem 0;font-size:.9rem;line-height:1.4}
.mv-when{font-size:.75rem;opacity:.7;white-space:nowrap}.mv-src{font-size:.78rem;opacity:.7}
ul.mv-thin-list{list-style:none;margin:0;padding:0}ul.mv-thin-list li{margin:.15rem 0;font-size:.92rem}
.mv-dot{display:inline-block;width:.7em;height:.7em;border-radius:50%;margin-right:.4em}
</style>"""


def _thin_line(mover: Mover, colour: str) -> str:
    arrow = "▲" if mover.change > 0 else "▼" if mover.change < 0 else "■"
    return (
        f'<li><span class="mv-dot" style="background:{colour}"></span><b>{esc(mover.actor)}</b> {arrow} {mover.change:+.2f} '
        f'<span class="mv-src">({plural(mover.n_before, "article")} before, {plural(mover.n_recent, "article")} recent)</span></li>'
    )


def _holds(points: pd.DataFrame, period: Period) -> int:
    return int(period.contains(points["published"]).sum()) if not points.empty else 0


def movers_panel(filters: Filters) -> None:
    st.subheader("Movers")
    if state.catalogue().last is None:
        st.info(
            "Movers compare two periods, and no stored article has a date yet. Set the dates on the **Articles** page."
        )
        return
    before, recent = _periods(filters)
    points = state.points(filters, dates=False).dropna(subset=["published"])
    if before == recent:
        span = pd.to_datetime(points["published"])
        if not span.empty and (span.max() - span.min()).days < 7:
            st.info(
                f"Every statement so far falls between {span.min():%d %b %Y} and {span.max():%d %b %Y}: there is nothing earlier "
                "to compare with yet. Movers appear once articles from another week are stored."
            )
        else:
            st.info("The two periods are the same: choose different ones above.")
        return
    if not _holds(points, recent):
        last = pd.to_datetime(
            points.loc[pd.to_datetime(points["published"]) < pd.Timestamp(recent.start), "published"]
        ).max()
        told = f" (the last is from {last:%d %b %Y})" if pd.notna(last) else ""
        st.info(
            f"No statements since {recent.start:%d %b %Y}{told} with these filters: no change to show. Choose the periods above."
        )
        return
    if not _holds(points, before):
        st.info(
            f"No statements between {before.start:%d %b %Y} and {before.end:%d %b %Y} with these filters: nothing to compare "
            "the recent period with. Choose the periods above."
        )
        return
    found = state.mover_list(filters, before, recent)
    if not found:
        st.info("No actor was quoted in both periods. Widen the periods above, or clear the actor filter.")
        return
    sure_enough = [m for m in found if m.enough]
    slots = state.colour_slots()
    too_few = [m for m in found if not m.enough]
    if sure_enough:
        ids = [e.statement_id for m in sure_enough for e in m.evidence]
        quotes = state.details(ids).set_index("statement_id")
        show_html(_STYLE + "".join(_card(m, actor_colour(m.actor, slots), quotes) for m in sure_enough))
    else:
        st.info(
            "No actor has enough articles in both periods to measure a change. Widen the periods, or see the list below."
        )
    if too_few:
        with st.expander(f"{len(too_few)} more moved, on too few articles to say", expanded=not sure_enough):
            show_html(
                _STYLE
                + '<ul class="mv-thin-list">'
                + "".join(_thin_line(m, actor_colour(m.actor, slots)) for m in too_few)
                + "</ul>"
            )
    st.caption(
        "Change in mean stance per article between the periods (−2 to +2), for actors with at least 3 articles in each. "
        "The 90% interval comes from resampling those articles (1,000 draws, fixed seed); when it includes zero, "
        "the move could be down to which articles we happen to have."
    )
