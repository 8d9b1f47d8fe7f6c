"""Upload: several files at once, or pasted text; one outcome line per file."""

import streamlit as st

from stance.config import limits
from stance.ingest import SUPPORTED, load_text

from dashboard import state

st.title("Upload articles")
lim = limits()
st.caption(
    f"Accepted: {', '.join(SUPPORTED)} · up to {lim.max_upload_bytes // (1024 * 1024)} MB per file · "
    "CSV and JSONL batches need a `text` column (title, date, source optional). The same text uploaded twice is stored once."
)

with st.expander("Details for files that lack them (optional; what you type here wins over the file)"):
    title = st.text_input("Title", key="up_title")
    source = st.text_input("Source", key="up_source")
    published = st.date_input("Publication date", value=None, key="up_date", format="YYYY-MM-DD")

files = st.file_uploader("Article files", accept_multiple_files=True, key="up_files")
pasted = st.text_area("...or paste an article", height=180, key="up_text", placeholder="Paste the article text here")


def _show(outcomes) -> None:
    icons = {"stored": "✅", "duplicate": "♻️", "rejected": "❌"}
    for o in outcomes:
        line = f"{icons[o.status]} **{o.name}**: {o.status} — {o.message}"
        (st.error if o.status == "rejected" else st.success if o.status == "stored" else st.info)(line)


if st.button("Analyse and store", type="primary", disabled=not files and not pasted.strip()):
    store = state.store()
    pipeline = state.pipeline()
    overrides = {"title": title or None, "source": source or None, "published": published}
    outcomes = []
    jobs = list(files or [])
    total = len(jobs) + (1 if pasted.strip() else 0)
    bar = st.progress(0.0, text="Starting...")
    for done, upload in enumerate(jobs):
        bar.progress(done / total, text=f"Analysing {upload.name} ({done + 1} of {total})")
        outcomes += pipeline.ingest_bytes(store, upload.name, upload.getvalue(), **overrides)
    if pasted.strip():
        bar.progress(len(jobs) / total, text="Analysing pasted text")
        outcomes += pipeline.ingest_results(store, [load_text(pasted, **overrides)])
    bar.progress(1.0, text="Done")
    state.data_changed()
    st.session_state["up_outcomes"] = outcomes

if st.session_state.get("up_outcomes"):
    st.subheader("Outcome")
    _show(st.session_state["up_outcomes"])
    stored = [o for o in st.session_state["up_outcomes"] if o.status == "stored"]
    if stored:
        st.session_state["article_id"] = stored[-1].article_id
        st.page_link("views/articles.py", label="Open the last stored article", icon="📰")
        st.page_link("views/overview.py", label="See it on the timeline", icon="📈")
