"""The movers panel: who changed stance most between two periods the analyst picks, how sure we
are, and the quotes behind it. The numbers come from stance.aggregate.movers."""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from stance.aggregate import Mover, Period, default_periods
from stance.store import Filters

from dashboard import state
from dashboard.safe import esc, show_html


def _period(label: str, default: Period, key: str, first: date, last: date) -> Period:
    kept = st.session_state.get(key)
    if isinstance(kept, (tuple, list)) and any(not first <= d <= last for d in kept):
        del st.session_state[key]  # picked on a store that has since changed its dates: start from the default
    picked = st.date_input(label, value=(default.start, default.end), min_value=first, max_value=last, key=key, format="YYYY-MM-DD")
    if isinstance(picked, (tuple, list)) and len(picked) == 2:
        return Period(picked[0], picked[1])
    return default  # half-picked range: keep the default until both ends are chosen


def _periods() -> tuple[Period, Period]:
    cat = state.catalogue()
    before, recent = default_periods(cat.last, earliest=cat.first)
    with st.popover("Choose the periods", icon=":material/date_range:"):
        recent = _period("Recent period", recent, "mv_recent", cat.first, cat.last)
        before = _period("Compared with", before, "mv_before", cat.first, cat.last)
        st.caption("Defaults: the last 30 days up to the newest article, against the 90 days before "
                   "(a store with less history is split in two halves).")
    st.caption(f"Recent: {recent} · compared with: {before}")
    return before, recent


def _clip(text: object, limit: int = 220) -> str:
    text = " ".join(str(text or "").split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _articles(n: int) -> str:
    return f"{n} article" if n == 1 else f"{n} articles"


def _card(mover: Mover, colour: str, quotes: pd.DataFrame) -> str:
    arrow = "▲" if (mover.change or 0) > 0 else "▼" if (mover.change or 0) < 0 else "■"
    direction = "toward talks" if (mover.change or 0) > 0 else "against talks"
    if not mover.enough:
        verdict = f'<span class="mv-thin">Too few articles to say: {mover.n_before} before, {mover.n_recent} recent.</span>'
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
        f'<div class="mv-sub">{mover.before:+.2f} ({_articles(mover.n_before)}) → {mover.recent:+.2f} ({_articles(mover.n_recent)}). {verdict}</div>'
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
        f'<span class="mv-src">({_articles(mover.n_before)} before, {_articles(mover.n_recent)} recent)</span></li>'
    )


def movers_panel(filters: Filters) -> None:
    st.subheader("Movers")
    if state.catalogue().last is None:
        st.info("Movers compare two periods, and no stored article has a date yet. Set the dates on the **Articles** page.")
        return
    before, recent = _periods()
    found = state.mover_list(filters, before, recent)
    if not found:
        st.info("No actor was quoted in both periods. Widen the periods above, or clear the actor filter.")
        return
    sure_enough = [m for m in found if m.enough]
    too_few = [m for m in found if not m.enough]
    colours = state.colours()
    if sure_enough:
        ids = [e.statement_id for m in sure_enough for e in m.evidence]
        quotes = state.details(ids).set_index("statement_id")
        show_html(_STYLE + "".join(_card(m, colours.get(m.actor, "#888"), quotes) for m in sure_enough))
    else:
        st.info("No actor has enough articles in both periods to measure a change. Widen the periods, or see the list below.")
    if too_few:
        with st.expander(f"{len(too_few)} more moved, on too few articles to say", expanded=not sure_enough):
            show_html(_STYLE + '<ul class="mv-thin-list">' + "".join(_thin_line(m, colours.get(m.actor, "#888")) for m in too_few) + "</ul>")
    st.caption("Change in mean stance per article between the periods (−2 to +2), for actors with at least 3 articles in each. "
               "The 90% interval comes from resampling those articles (1,000 draws, fixed seed); when it includes zero, "
               "the move could be down to which articles we happen to have.")
