"""Upload: several files at once, pasted text, or web page addresses (fetched); each file's own title, date
and source; a progress bar and one outcome line per file or page."""

import hashlib
import re
from datetime import date

import pandas as pd
import streamlit as st

from dashboard import state
from dashboard.safe import md
from stance.config import limits
from stance.fetch import load_url
from stance.ingest import SUPPORTED, load_text, too_many_files
from stance.store.errors import StoreUnavailable
from stance.store.repository import SOURCE_CHARS

TITLE_CHARS = 500
WEB_ADDRESS = re.compile(r"<?https?://\S+?>?", re.I)

st.title("Upload articles")
lim = limits()
st.caption(
    f"Accepted: {', '.join(SUPPORTED)} · up to {lim.max_upload_bytes // (1024 * 1024)} MB per file · "
    "CSV, JSONL and Excel batches need a `text` or `url` column (title, date, source optional; Media Cloud, GDELT and Meltwater "
    "exports are read as they are). The same text uploaded twice is stored once."
)

# The browser refuses an oversize file before sending it; the library checks again on the server.
files = (
    st.file_uploader(
        "Article files",
        accept_multiple_files=True,
        key="up_files",
        max_upload_size=max(1, -(-lim.max_upload_bytes // (1024 * 1024))),
    )
    or []
)
pasted = st.text_area(
    "...or paste an article, or the addresses of web pages (one per line)",
    height=180,
    key="up_text",
    placeholder="Paste the article text here, or https://... addresses to fetch",
)
only_addresses = bool(pasted.split()) and all(
    WEB_ADDRESS.fullmatch(word) for word in pasted.split()
)  # page addresses, nothing else
addresses = list(dict.fromkeys(word.strip("<>") for word in pasted.split())) if only_addresses else []
if addresses:
    st.caption(
        f"{len(addresses)} web {'page' if len(addresses) == 1 else 'pages'}: each is fetched, read and analysed; "
        "its address is kept with the article."
    )
too_many = too_many_files(len(files) + len(addresses), lim)
each_file_its_own = len(files) > 1 or (
    len(files) == 1 and bool(pasted.strip())
)  # typed details never spread to other files


def _details_table() -> pd.DataFrame:
    """One row per chosen file; an empty cell means "read it from the file". Keyed by the files, so
    choosing other files starts a fresh table."""
    key = "up_batch_" + hashlib.sha1("\0".join(f.file_id for f in files).encode()).hexdigest()[:12]
    blank = pd.DataFrame(
        {
            "File": [f.name for f in files],
            "Title": [None] * len(files),
            "Date": [None] * len(files),
            "Source": [None] * len(files),
        }
    )
    st.markdown("**Details per file** (optional; empty means read from the file, what you type wins over it)")
    return st.data_editor(
        blank,
        key=key,
        hide_index=True,
        num_rows="fixed",
        width="stretch",
        disabled=["File"],
        column_config={
            "File": st.column_config.TextColumn("File"),
            "Title": st.column_config.TextColumn("Title", max_chars=TITLE_CHARS),
            "Date": st.column_config.DateColumn(
                "Date", format="YYYY-MM-DD", min_value=date(1900, 1, 1), max_value=date.today(), help="Publication date"
            ),
            "Source": st.column_config.TextColumn("Source", max_chars=SOURCE_CHARS, help="Outlet, e.g. Reuters"),
        },
    )


per_file = _details_table() if each_file_its_own and not too_many else None

given = {"title": None, "source": None, "published": None}
if not each_file_its_own or pasted.strip():
    with st.expander("Title, date and source (optional; what you type here wins over the file)"):
        st.caption(
            "For the pasted text or pages; each file has its own row in the table above."
            if each_file_its_own
            else "For the file, the pasted text or the pages (a title only for a single page)."
        )
        given = {
            "title": st.text_input("Title", key="up_title", max_chars=TITLE_CHARS) or None,
            "source": st.text_input("Source", key="up_source", max_chars=SOURCE_CHARS) or None,
            "published": st.date_input(
                "Publication date",
                value=None,
                key="up_date",
                format="YYYY-MM-DD",
                min_value=date(1900, 1, 1),
                max_value=date.today(),
            ),
        }

# Material icons ship with Streamlit's own font: no emoji font needed on the machine that shows the page.
_ICONS = {"stored": ":material/check_circle:", "duplicate": ":material/content_copy:", "rejected": ":material/cancel:"}


def _show(outcomes) -> None:
    counts = {status: sum(o.status == status for o in outcomes) for status in _ICONS}
    st.write(f"{counts['stored']} stored · {counts['duplicate']} duplicate · {counts['rejected']} rejected")
    for o in outcomes:
        line = f"**{md(o.name)}**: {o.status} — {md(o.message)}"
        box = {"rejected": st.error, "duplicate": st.info}.get(o.status, st.success)
        if o.status == "stored" and o.message.startswith(
            "not analysed"
        ):  # stored with its language, not run through the models
            box = st.warning
        box(line, icon=_ICONS[o.status])


def _typed(value) -> str | None:
    return None if value is None or pd.isna(value) or not str(value).strip() else " ".join(str(value).split())


def _row_details(row) -> dict:
    day = row["Date"]
    return {
        "title": _typed(row["Title"]),
        "source": _typed(row["Source"]),
        "published": None if pd.isna(day) else pd.Timestamp(day).date(),
    }


def _analyse() -> list:
    if too_many:
        st.error(too_many)
        return []
    details = [_row_details(row) for _, row in per_file.iterrows()] if per_file is not None else [given] * len(files)
    outcomes = []
    text = "" if addresses else pasted.strip()
    if not files and not text and not addresses:
        return outcomes
    try:
        pipeline = state.pipeline()
    except Exception as exc:  # noqa: BLE001 - a missing or broken model folder; say so plainly
        st.error(
            f"The stance model could not be loaded ({type(exc).__name__}: {md(exc)}). Check STANCE_MODEL_DIR, then try again."
        )
        return []
    store = state.store()
    total = len(files) + len(addresses) + (1 if text else 0)
    bar = st.progress(0.0, text="Starting...")
    try:
        for done, (upload, overrides) in enumerate(zip(files, details)):
            bar.progress(done / total, text=f"Analysing {md(upload.name)} ({done + 1} of {total})")
            outcomes += pipeline.ingest_bytes(store, upload.name, upload.getvalue(), **overrides)
        page_details = given if len(addresses) == 1 else {**given, "title": None}  # one title cannot name several pages
        for done, address in enumerate(addresses, start=len(files)):
            bar.progress(done / total, text=f"Fetching and analysing {md(address)} ({done + 1} of {total})")
            outcomes += pipeline.ingest_results(store, [load_url(address, **page_details)])
        if text:
            bar.progress(len(files) / total, text="Analysing pasted text")
            outcomes += pipeline.ingest_results(store, [load_text(pasted, **given)])
    except StoreUnavailable:  # not the files' fault: stop, show what was stored; uploading again skips it as duplicates
        st.error(
            f"The database is unreachable, so the upload stopped after {len(outcomes)} of {total}. Check that the database "
            "server is running, then upload the same files again: those already stored are skipped as duplicates."
        )
        return outcomes
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
