"""Briefing: the focus actors for a shared screen, in large type and high contrast; a presenter
mode that steps through them one per screen; export as one HTML file and PNG charts."""

import streamlit as st

from stance.aggregate import default_since
from stance.store import Filters

from dashboard import briefing, filters, state
from dashboard.exports import chart_png, chart_svg
from dashboard.safe import show_html

cat = state.catalogue()
if cat.statements == 0:
    st.title("Briefing")
    st.info("Nothing to brief on yet. Add articles on the **Upload** page (or run `stance seed`); then pick the actors to present here.")
    st.page_link("views/upload.py", label="Upload articles", icon=":material/upload_file:")
    st.stop()

sidebar = filters.current()
scope = Filters(kinds=sidebar.kinds, sources=sidebar.sources, conflicts=sidebar.conflicts)  # focus actors and `since` replace the rest
points = state.points(scope, dates=False)
ranked = points["actor"].value_counts().index.tolist()
if not ranked:
    st.title("Briefing")
    st.warning("No statement with a stance matches the sidebar's kind, source or conflict filters. Clear them to brief.")
    st.stop()

if cat.first is None:
    st.title("Briefing")
    st.info("A briefing shows change over time, and no stored article has a date yet. Set the dates on the **Articles** page.")
    st.page_link("views/articles.py", label="Articles", icon=":material/article:")
    st.stop()

presenting = bool(st.session_state.get("bf_present"))
dark = bool(st.session_state.get("bf_dark"))
theme = "dark" if dark else "light"
show_html(briefing.screen_css(theme, presenting))

if "bf_actors" not in st.session_state:
    st.session_state["bf_actors"] = [a for a in (sidebar.actors or ranked[:4]) if a in ranked][:6] or ranked[:4]
st.session_state["bf_actors"] = [a for a in st.session_state["bf_actors"] if a in ranked]

if not presenting:
    st.title("Briefing")
# The settings are drawn in both modes (folded away when presenting) so their values are kept.
settings = st.expander("Briefing settings", icon=":material/settings:") if presenting else st.container(border=True)
with settings:
    picks, when, dark_col, present_col = st.columns([4, 2, 1.3, 1.3], vertical_alignment="bottom")
    picks.multiselect("Focus actors", ranked, key="bf_actors", max_selections=8, placeholder="Pick the actors to brief on")
    if not cat.first <= st.session_state.get("bf_since", cat.first) <= cat.last:
        del st.session_state["bf_since"]  # from a store whose dates have since changed
    when.date_input("Change since", value=default_since(cat.first, cat.last), min_value=cat.first, max_value=cat.last, key="bf_since", format="YYYY-MM-DD")
    dark_col.toggle("Dark", key="bf_dark")
    present_col.toggle("Presenter", key="bf_present", help="One actor per screen, with Previous and Next; the sidebar is hidden.")

focus = st.session_state["bf_actors"]
since = st.session_state.get("bf_since") or default_since(cat.first, cat.last)
if not focus:
    st.info("Pick one or more focus actors above.")
    st.stop()
cards = briefing.build_cards(points, focus, since, state.colours(), state.details)


def _step(delta: int) -> None:
    st.session_state["bf_index"] = (st.session_state.get("bf_index", 0) + delta) % len(focus)


def _card(card: briefing.Card, key: str) -> None:
    left, right = st.columns([2, 3], gap="large")
    with left:
        show_html(briefing.stats_html(card, since, theme))
        show_html(briefing.quotes_html(card))
    with right:
        chart = briefing.chart(card, since, theme)
        st.altair_chart(chart, width="stretch", theme=None)
        st.download_button("Chart as PNG", lambda: chart_png(chart), f"briefing-{card.actor}.png", "image/png",
                           key=f"{key}_png", icon=":material/image:", on_click="ignore")


if presenting:
    index = st.session_state.get("bf_index", 0) % len(cards)
    _card(cards[index], f"bf_card_{index}")
    back, where, forward = st.columns([1, 4, 1])
    with where:
        show_html(f"<div style='text-align:center;font-size:1.3rem;padding-top:.3rem'>{index + 1} of {len(cards)}</div>")
    back.button("◀ Previous", key="bf_prev", on_click=_step, args=(-1,), width="stretch")
    forward.button("Next ▶", key="bf_next", on_click=_step, args=(1,), width="stretch", type="primary")
else:
    for i, card in enumerate(cards):
        st.divider()
        _card(card, f"bf_card_{i}")
    st.divider()
    described = "all sources and conflicts" if not filters.active(scope) else "filtered by the sidebar's kind, source and conflict choices"
    page = lambda: briefing.briefing_html(cards, since, theme, described, lambda c: chart_svg(briefing.chart(c, since, theme)))  # noqa: E731
    st.download_button("Download briefing (HTML, works offline)", page, f"briefing-{since:%Y-%m-%d}.html", "text/html",
                       key="bf_html", icon=":material/download:", type="primary", on_click="ignore")
    st.caption("One file with the charts inside: open it in any browser, mail it, or print it to PDF.")
