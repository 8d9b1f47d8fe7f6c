"""Audit (admins): who did what and when, newest first, with a CSV download of what the filters select."""

from __future__ import annotations

from functools import partial

import pandas as pd
import streamlit as st

from dashboard import state
from stance.store import audit

SHOWN = 500

st.title("Audit")
st.caption(
    "Uploads, corrections, merges, renames, role changes, sign-ins (and failed ones) and refused changes, "
    "each with the account that did it and when (UTC)."
)
store = state.store()
store.require("audit.read")  # the page is only in an admin's navigation; the store says so too
actions, user = st.columns(2)
action = actions.selectbox("What", ["(everything)", *sorted(audit.ACTIONS)], key="audit_action")
who = user.text_input("Who (exact account name)", key="audit_user", max_chars=100)
rows = audit.entries(store.db, action=None if action == "(everything)" else action, user=who.strip() or None)
if not rows:
    st.info("Nothing recorded that matches.")
    st.stop()
frame = pd.DataFrame(rows[:SHOWN])
frame["details"] = frame["details"].map(
    lambda d: ", ".join(f"{k}: {v}" for k, v in d.items()) if isinstance(d, dict) else ""
)
st.dataframe(frame.rename(columns={"at": "when (UTC)", "user_name": "who"}), hide_index=True, width="stretch")
row = st.container(horizontal=True, vertical_alignment="center")
row.download_button(
    "CSV",
    partial(audit.as_csv, rows),
    "audit.csv",
    "text/csv",
    key="audit_csv",
    icon=":material/download:",
    on_click="ignore",
)
row.caption(
    f"{len(rows):,} entries"
    + (f"; the newest {SHOWN} are shown, the CSV holds them all." if len(rows) > SHOWN else ".")
)
