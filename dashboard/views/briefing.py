"""Briefing: the focus actors for a shared screen, in large type and high contrast; a presenter
mode that steps through them one per screen; export as one HTML file and PNG charts."""

from datetime import date
from functools import partial

import streamlit as st

from dashboard import briefing, filters, navigation, state, urlstate
from dashboard.exports import slide_for, slide_png
from dashboard.safe import show_html
from stance.aggregate import default_since
from stance.store import Filters

cat = state.catalogue()
if cat.statements == 0:
    st.title("Briefing")
    st.info(
        "Nothing to brief on yet. Add articles on the **Upload** page (or run `stance seed`); then pick the actors to present here."
    )
    navigation.page_link("views/upload.py", label="Upload articles", icon=":material/upload_file:")
    st.stop()

sidebar = filters.current()
scope = Filters(
    kinds=sidebar.kinds, sources=sidebar.sources, conflicts=sidebar.conflicts
)  # focus actors and `since` replace the rest
points = state.points(scope, dates=False)
ranked = points["actor"].value_counts().index.tolist()
if not ranked:
    st.title("Briefing")
    st.warning(
        "No statement with a stance matches the sidebar's kind, source or conflict filters. Clear them to brief."
    )
    st.stop()

if cat.first is None:
    st.title("Briefing")
    st.info(
        "A briefing shows change over time, and no stored article has a date yet. Set the dates on the **Articles** page."
    )
    navigation.page_link("views/articles.py", label="Articles", icon=":material/article:")
    st.stop()

default_focus = [a for a in (sidebar.actors or ranked[:4]) if a in ranked][:6] or ranked[:4]
if "bf_actors" in st.session_state:  # actors merged or renamed since they were picked drop out
    st.session_state["bf_actors"] = [a for a in st.session_state["bf_actors"] if a in ranked]
urlstate.setting(
    "bf_actors", "focus", default_focus, lambda names: [a for a in names if a in ranked][:8] or default_focus
)
default_day = default_since(cat.first, cat.last, points=points)
urlstate.setting(
    "bf_since",
    "since",
    default_day,
    urlstate.parse_date,
    lambda day: isinstance(day, date) and cat.first <= day <= cat.last,
)
urlstate.setting("bf_dark", "theme", False, urlstate.parse_flag)
urlstate.setting("bf_present", "present", False, urlstate.parse_flag)
urlstate.setting("bf_index", "card", 0, lambda values: int(values[-1]) - 1, lambda i: isinstance(i, int) and i >= 0)

presenting = bool(st.session_state["bf_present"])
theme = "dark" if st.session_state["bf_dark"] else "light"
show_html(briefing.screen_css(theme, presenting))

if presenting:  # one row on top: the settings folded away, then Previous, where we are, Next
    settings_col, back, where, forward = st.columns([6, 1.4, 1, 1.4], vertical_alignment="center")
    settings = settings_col.expander("Briefing settings", icon=":material/settings:")
else:
    st.title("Briefing")
    settings = st.container(border=True)
# The settings are drawn in both modes (folded away when presenting) so their values are kept.
with settings:
    picks, when, dark_col, present_col = st.columns([4, 2, 1.3, 1.3], vertical_alignment="bottom")
    picks.multiselect(
        "Focus actors",
        ranked,
        key="bf_actors",
        max_selections=8,
        placeholder="Pick the actors to brief on",
        persist_state="session",
    )
    when.date_input(
        "Change since",
        min_value=cat.first,
        max_value=cat.last,
        key="bf_since",
        format="YYYY-MM-DD",
        persist_state="session",
    )
    dark_col.toggle("Dark", key="bf_dark", persist_state="session")
    present_col.toggle(
        "Presenter",
        key="bf_present",
        help="One actor per screen, with Previous and Next; the sidebar is hidden.",
        persist_state="session",
        disabled=state.is_screen(),
    )  # a screen link shows presenter mode only

focus = st.session_state["bf_actors"]
since = st.session_state["bf_since"] or default_day
if not focus:
    urlstate.publish(
        {
            "focus": None,
            "since": since.isoformat(),
            "theme": theme if theme == "dark" else None,
            "present": "1" if presenting else None,
            "card": None,
        }
    )
    st.info("Pick one or more focus actors above.")
    st.stop()
cards = briefing.build_cards(points, focus, since, state.details, state.colour_slots())
index = st.session_state["bf_index"] % len(cards)
urlstate.publish(
    {
        "focus": focus,
        "since": since.isoformat(),
        "theme": theme if theme == "dark" else None,
        "present": "1" if presenting else None,
        "card": str(index + 1) if presenting and index else None,
    }
)


def _card(card: briefing.Card, key: str) -> None:
    left, right = st.columns([2, 3], gap="large")
    with left:
        show_html(briefing.stats_html(card, since, theme))
        show_html(briefing.quotes_html(card, since))
    with right:
        chart = briefing.chart(card, since, theme, height="container" if presenting else 340)
        st.altair_chart(chart, width="stretch", height="stretch" if presenting else "content", theme=None)
        if not presenting:  # exports are made from the page, not in front of the room
            slide = slide_for(
                f"{card.actor}: stance toward peace talks", card.points, theme, f"change since {since:%d %b %Y}"
            )
            st.download_button(
                "Slide PNG",
                partial(slide_png, chart, slide),
                f"briefing-{card.actor}-1920x1080.png",
                "image/png",
                key=f"{key}_png",
                icon=":material/image:",
                on_click="ignore",
                help="Landscape 1920×1080, for slides: the chart with the actor, dates and source line.",
            )


if presenting:
    back.button(
        "Previous",
        key="bf_prev",
        on_click=navigation.step,
        args=("bf_index", -1, len(cards)),
        width="stretch",
        icon=":material/arrow_back:",
    )
    with where:
        show_html(f"<div class='bf-where'>{index + 1} of {len(cards)}</div>")
    forward.button(
        "Next",
        key="bf_next",
        on_click=navigation.step,
        args=("bf_index", 1, len(cards)),
        width="stretch",
        type="primary",
        icon=":material/arrow_forward:",
    )
    with st.container(key="bf_stage"):
        _card(cards[index], f"bf_card_{index}")
else:
    for i, card in enumerate(cards):
        st.divider()
        _card(card, f"bf_card_{i}")
    st.divider()
    described = (
        "all sources and conflicts"
        if not filters.active(scope)
        else "filtered by the sidebar's kind, source and conflict choices"
    )
    st.download_button(
        "Download briefing (HTML, works offline)",
        partial(
            briefing.briefing_html, cards, since, theme, described, partial(briefing.card_svg, since=since, theme=theme)
        ),
        f"briefing-{since:%Y-%m-%d}.html",
        "text/html",
        key="bf_html",
        icon=":material/download:",
        type="primary",
        on_click="ignore",
    )
    st.caption("One file with the charts inside: open it in any browser, mail it, or print it to PDF.")
