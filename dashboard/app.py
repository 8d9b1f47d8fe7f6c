"""Stance Tracker dashboard: `streamlit run dashboard/app.py` (or `stance dashboard`).

Thin by design: every page calls the `stance` library; no analysis happens here. This file
draws what every page shares (navigation, filters, the analyst's name) and turns any error
into a message instead of a traceback.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path

import streamlit as st

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from dashboard import filters, urlstate  # noqa: E402  (needs the path above when run by `streamlit run`)

st.set_page_config(page_title="Stance Tracker", page_icon=":material/forum:", layout="wide")

VIEWS = Path(__file__).resolve().parent / "views"
PAGES = [
    st.Page(str(VIEWS / "overview.py"), title="Overview", icon=":material/timeline:", default=True),
    st.Page(str(VIEWS / "actors.py"), title="Actors", icon=":material/person:"),
    st.Page(str(VIEWS / "articles.py"), title="Articles", icon=":material/article:"),
    st.Page(str(VIEWS / "upload.py"), title="Upload", icon=":material/upload_file:"),
    st.Page(str(VIEWS / "review.py"), title="Review", icon=":material/rule:"),
    st.Page(str(VIEWS / "briefing.py"), title="Briefing", icon=":material/co_present:"),
    st.Page(str(VIEWS / "manage.py"), title="Manage", icon=":material/tune:"),
]
log = logging.getLogger("stance.dashboard")


def _oops(exc: Exception) -> None:
    log.exception("dashboard page failed")
    st.error(
        f"Something went wrong on this page: {type(exc).__name__}: {exc}. "
        "Try again, or clear the filters in the sidebar. If it keeps happening, report it with the steps that led here."
    )


page = st.navigation(PAGES)
try:
    filters.sidebar()
    urlstate.keep_only(page.url_path)
    with st.sidebar:
        st.divider()
        st.text_input("Analyst", key="analyst", placeholder="Your name", help="Recorded with every correction, merge and rename you make.")
    page.run()
except Exception as exc:  # noqa: BLE001 - st.stop/st.rerun are BaseExceptions and pass through
    _oops(exc)
