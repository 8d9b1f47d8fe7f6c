"""Overview: stance over time per actor, the movers beside it, and the statements behind it."""

import streamlit as st

from dashboard import charts, filters, navigation, state
from dashboard.corrections import correction_panel
from dashboard.exports import chart_buttons, slide_for
from dashboard.movers import movers_panel
from dashboard.tables import filtered_table

st.title("Stance toward peace talks")
cat = state.catalogue()
if cat.articles == 0:
    st.info(
        "No articles yet. Open **Upload** to add news articles (text, HTML, PDF, Word, CSV), "
        "or load the sample articles with `stance seed` in a terminal. The timeline appears here as soon as one is stored."
    )
    navigation.page_link("views/upload.py", label="Upload articles", icon=":material/upload_file:")
    st.stop()

selected = filters.current()
points = state.points(selected)
if points.empty:
    st.warning(
        "No statement with a stance matches these filters. Widen the date range or clear some filters in the sidebar."
    )
    st.stop()

counted = state.summary(selected)
left, middle, right, fourth = st.columns(4)
left.metric("Actors with a stance", points["actor"].nunique())
middle.metric("Articles", points["article_id"].nunique())
right.metric("Statements", counted.statements)
fourth.metric("Corrected by analysts", counted.corrected)

chart_col, movers_col = st.columns([5, 3], gap="large")
with chart_col:
    data = state.timeline(selected)
    chart = charts.timeline(data.points, data.trend, state.colour_slots())
    event = st.altair_chart(chart, width="stretch", on_select="rerun", key="timeline")
    clicked = (event.get("selection") or {}).get("point") if event else None
    if clicked and clicked[0].get("article_id") is not None:
        st.session_state["open_article"] = int(clicked[0]["article_id"])
        st.session_state.pop("timeline", None)
        st.switch_page("views/articles.py")
    st.caption(
        "Each point is one actor in one article: the confidence-weighted stance of what they said there (+1 for talks, −1 against). "
        "Lines are smoothed trends. Hover for the quote; click a point to open its article."
        + (f" {data.note}" if data.note else "")
    )
    on_chart = points[points["actor"].isin(set(data.points["actor"]))]
    chart_buttons(chart, "stance-timeline", "timeline_export", slide_for("Stance toward peace talks", on_chart))
with movers_col:
    movers_panel(selected)

st.subheader("Statements behind the chart")
shown = filtered_table(selected, key="overview_table", name="statements")
correction_panel(shown, "overview_fix")
