"""Actors: one actor's timeline, counts, and every statement they made (filterable, sortable, correctable)."""

import streamlit as st

from dashboard import charts, filters, navigation, state
from dashboard.corrections import correction_panel
from dashboard.exports import chart_buttons, slide_for
from dashboard.safe import md
from dashboard.tables import filtered_table
from dashboard.words import plural
from stance.aggregate import describe, thin, trend
from stance.store import Filters

st.title("Actors")
actors = state.catalogue().actors
actors = actors[actors["statements"] > 0] if not actors.empty else actors
if actors.empty:
    st.info(
        "No actors yet: they appear as soon as an article with quotes is stored. Add articles on the **Upload** page."
    )
    navigation.page_link("views/upload.py", label="Upload articles", icon=":material/upload_file:")
    st.stop()

names = actors.sort_values(["statements", "name"], ascending=[False, True])["name"].tolist()
sidebar = filters.current()
if "actor_pick" not in st.session_state and sidebar.actors and sidebar.actors[0] in names:
    st.session_state["actor_pick"] = sidebar.actors[0]
said = actors.set_index("name")["statements"]
choices = {n: f"{n} ({plural(int(said[n]), 'statement')})" for n in names}
name = st.selectbox("Actor", names, key="actor_pick", format_func=choices.__getitem__)
row = actors[actors["name"] == name].iloc[0]
details = " · ".join(str(v) for v in (row["kind"], row["role"], row["affiliation"]) if v)
st.caption(md(details) + ("" if row["reviewed"] else " · not yet reviewed by an analyst (see **Manage**)"))

# The sidebar's dates, sources and conflicts apply; its actor and kind choices do not (this page is about one actor).
scope = Filters(
    start=sidebar.start, end=sidebar.end, sources=sidebar.sources, conflicts=sidebar.conflicts, actors=[name]
)
counted = state.label_counts(scope)
points = state.points(scope)
counts = counted.labels
cols = st.columns(6)
cols[0].metric("Statements", counted.statements)
cols[1].metric("Articles", counted.articles)
cols[2].metric(
    "Mean stance",
    f"{points['score'].mean():+.2f}" if not points.empty else "n/a",
    help=describe(points["score"].mean() if not points.empty else None),
)
cols[3].metric("For talks", int(counts.get("FAVOR", 0)))
cols[4].metric("Against talks", int(counts.get("AGAINST", 0)))
cols[5].metric("No stance", int(counts.get("NONE", 0)))
if filters.active(Filters(start=sidebar.start, end=sidebar.end, sources=sidebar.sources, conflicts=sidebar.conflicts)):
    st.caption("The sidebar's dates, sources and conflicts narrow this page.")

dated = points.dropna(subset=["published"])
if dated.empty:
    st.info(
        f"{md(name)} has no statement with a stance in this range, so there is no timeline. The statements are below."
    )
else:
    chart = charts.actor_chart(
        thin(dated, state.MAX_CHART_POINTS), trend(dated), charts.actor_colour(name, state.colour_slots())
    )
    st.altair_chart(chart, width="stretch", theme=None)
    chart_buttons(chart, f"stance-{name}", "actor_chart_export", slide_for(f"{name}: stance toward peace talks", dated))

st.subheader("Every statement")
search = st.text_input("Find in the statements or article titles", key="actor_search", placeholder="e.g. ceasefire")
shown = filtered_table(scope, key="actor_statements", name=f"statements-{name}", search=search)
correction_panel(shown, "actor_fix")
