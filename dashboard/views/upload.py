"""Upload: several files at once, or pasted text; a progress bar and one outcome line per file."""

import streamlit as st

from stance.config import limits
from stance.ingest import SUPPORTED, load_text, too_many_files

from dashboard import state
from dashboard.safe import md

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

# The browser refuses an oversize file before sending it; the library checks again on the server.
files = st.file_uploader(
    "Article files", accept_multiple_files=True, key="up_files", max_upload_size=max(1, -(-lim.max_upload_bytes // (1024 * 1024)))
)
pasted = st.text_area("...or paste an article", height=180, key="up_text", placeholder="Paste the article text here")

_ICONS = {"stored": "✅", "duplicate": "♻️", "rejected": "❌"}


def _show(outcomes) -> None:
    counts = {status: sum(o.status == status for o in outcomes) for status in _ICONS}
    st.write(f"{counts['stored']} stored · {counts['duplicate']} duplicate · {counts['rejected']} rejected")
    for o in outcomes:
        line = f"{_ICONS[o.status]} **{md(o.name)}**: {o.status} — {md(o.message)}"
        (st.error if o.status == "rejected" else st.success if o.status == "stored" else st.info)(line)


def _analyse() -> list:
    too_many = too_many_files(len(files or []), lim)
    if too_many:
        st.error(too_many)
        return []
    try:
        pipeline = state.pipeline()
    except Exception as exc:  # noqa: BLE001 - a missing or broken model folder; say so plainly
        st.error(f"The stance model could not be loaded ({type(exc).__name__}: {exc}). Check STANCE_MODEL_DIR, then try again.")
        return []
    store = state.store()
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
    return outcomes


if st.button("Analyse and store", type="primary", disabled=not files and not pasted.strip(), key="up_go"):
    outcomes = _analyse()
    if outcomes:
        state.data_changed()
        st.session_state["up_outcomes"] = outcomes
        stored = [o for o in outcomes if o.status == "stored"]
        if stored:
            st.session_state["open_article"] = stored[-1].article_id

if st.session_state.get("up_outcomes"):
    st.subheader("Outcome")
    _show(st.session_state["up_outcomes"])
    stored = [o for o in st.session_state["up_outcomes"] if o.status == "stored"]
    if stored:
        left, right = st.columns(2)
        if left.button("Open the last stored article", icon=":material/article:", key="up_open"):
            st.session_state["open_article"] = stored[-1].article_id
            st.switch_page("views/articles.py")
        right.page_link("views/overview.py", label="See it on the timeline", icon=":material/timeline:")
