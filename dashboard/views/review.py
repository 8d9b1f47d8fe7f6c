"""Review: the calls the model is unsure of, most worth an analyst's minute first.

Uncertain calls stay out of every actor score until confirmed or corrected here; each click is a
label correction (confirming keeps the model's label), so it is undoable, exported as training
data (`stance export --corrections`) and used by `stance train --with-corrections`.
"""

import streamlit as st

from dashboard import filters, navigation, state
from dashboard.corrections import REVIEW_ERROR, decide_label, last_fix_notice
from dashboard.safe import md
from stance.config import abstain_threshold
from stance.records import LABELS
from stance.store import Filters

PAGE_SIZE = 10
_WORDS = {"FAVOR": "for talks", "AGAINST": "against talks", "NONE": "no stance"}

st.title("Review")
st.caption(
    f"Statements whose stance the model is unsure of (top probability under {abstain_threshold():.2f}). "
    "They count toward no actor's score until you confirm or correct them. Ordered by how unsure the model is, "
    "the sidebar's actors (or the briefing's focus actors) first, recent first."
)
if state.summary(Filters()).statements == 0:
    st.info("Nothing to review yet. Add articles on the **Upload** page.")
    navigation.page_link("views/upload.py", label="Upload articles", icon=":material/upload_file:")
    st.stop()

sidebar = filters.current()
scope = Filters(sidebar.start, sidebar.end, None, sidebar.kinds, sidebar.sources, sidebar.conflicts)
focus = sidebar.actors or st.session_state.get("bf_actors") or []
queue, pending = state.review(scope, focus, PAGE_SIZE)
last_fix_notice("rv")
if queue.empty:
    st.success("Nothing to review: every call in the current filters is either confident or confirmed by an analyst.")
    st.stop()
st.metric("Waiting for review", pending)
if not state.analyst():
    st.warning("Type your name under **Analyst** in the sidebar first: every confirmation records who made it.")


if error := st.session_state.pop(REVIEW_ERROR, None):
    st.error(md(error))
details = state.details(queue["statement_id"]).set_index("statement_id")
for item in queue.itertuples():
    if item.statement_id not in details.index:
        continue
    row = details.loc[item.statement_id]
    with st.container(border=True):
        when = f"{row['published']:%d %b %Y}" if hasattr(row["published"], "strftime") else "undated"
        st.markdown(f"**{md(row['actor'])}** · {md(when)} · {md(row['title'] or 'untitled')}")
        st.text(" ".join(str(row["text"] or row["quote"]).split()))
        model_label = str(row["model_label"])
        st.caption(
            f"Model: {model_label} ({_WORDS.get(model_label, '')}) · P(FAVOR) {row['p_favor']:.2f} · "
            f"P(AGAINST) {row['p_against']:.2f} · P(NONE) {row['p_none']:.2f}"
        )
        buttons = st.container(horizontal=True)
        for label in [model_label] + [x for x in LABELS if x != model_label]:
            confirm = label == model_label
            buttons.button(
                f"Confirm {label}" if confirm else label,
                key=f"rv_{item.statement_id}_{label}",
                type="primary" if confirm else "secondary",
                disabled=not state.analyst(),
                on_click=decide_label,
                args=(int(item.statement_id), label, model_label),
                icon=":material/check:" if confirm else None,
            )
