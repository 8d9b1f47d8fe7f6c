"""Overview: stance over time per actor, and the statements behind the chart."""

import streamlit as st

from stance.aggregate import per_article

from dashboard import charts, filters, state
from dashboard.tables import statements_table

st.title("Stance toward peace talks")
selected = filters.sidebar()
frame = state.statements(selected)

if state.store().counts()["articles"] == 0:
    st.info("No articles yet. Open **Upload** to add articles, or run `stance seed` to load the sample articles.")
    st.page_link("views/upload.py", label="Upload articles", icon="⬆️")
    st.stop()

points = per_article(frame)
points = points.dropna(subset=["published"])
if points.empty:
    st.warning("No statement with a stance matches these filters. Widen the date range or clear the actor filter.")
    st.stop()

left, middle, right = st.columns(3)
left.metric("Actors with a stance", points["actor"].nunique())
middle.metric("Articles", points["article_id"].nunique())
right.metric("Statements", len(frame))

event = st.altair_chart(charts.timeline(points), width="stretch", on_select="rerun", key="timeline")
chosen = (event or {}).get("selection", {}).get("point") if isinstance(event, dict) or hasattr(event, "get") else None
if chosen:
    article_id = chosen[0].get("article_id")
    if article_id is not None:
        st.session_state["article_id"] = int(article_id)
        st.switch_page("views/articles.py")
st.caption("Each point is one actor in one article: the mean stance of what they said there (+1 for talks, −1 against). Click a point to open its article.")

st.subheader("Statements behind the chart")
statements_table(frame)
