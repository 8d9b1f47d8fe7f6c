"""Actors: one actor's timeline and every statement they made."""

import streamlit as st

from stance.aggregate import per_article
from stance.store import Filters

from dashboard import charts, state
from dashboard.tables import statements_table

store = state.store()
st.title("Actors")
actors = store.actors()
actors = actors[actors["statements"] > 0]
if actors.empty:
    st.info("No actors yet. Add articles on the **Upload** page.")
    st.stop()

name = st.selectbox("Actor", actors["name"].tolist(), key="actor_pick")
row = actors[actors["name"] == name].iloc[0]
frame = state.statements(Filters(actors=[name]))
points = per_article(frame).dropna(subset=["published"])
a, b, c, d = st.columns(4)
a.metric("Statements", len(frame))
b.metric("Articles", frame["article_id"].nunique())
c.metric("Mean stance", f"{points['score'].mean():+.2f}" if not points.empty else "n/a")
d.metric("Kind", f"{row['kind']}{'' if row['reviewed'] else ' (unreviewed)'}")
if row["affiliation"]:
    st.caption(f"{row['role'] or ''} {('· ' + row['affiliation']) if row['affiliation'] else ''}")
if not points.empty:
    st.altair_chart(charts.timeline(points, height=300), width="stretch")
statements_table(frame, key="actor_statements")
