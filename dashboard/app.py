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

from dashboard import filters, signin, state, urlstate, warmup  # noqa: E402  (needs the path above when run by `streamlit run`)
from dashboard.navigation import pages  # noqa: E402
from dashboard.safe import md  # noqa: E402
from stance import __version__  # noqa: E402
from stance.config import model_version  # noqa: E402
from stance.store.errors import StoreUnavailable, describe  # noqa: E402

st.set_page_config(page_title="Stance Tracker", page_icon=":material/forum:", layout="wide")

log = logging.getLogger("stance.dashboard")


def _oops(exc: Exception) -> None:
    log.exception("dashboard page failed")
    if isinstance(exc, StoreUnavailable):
        st.error(
            "The database is unreachable. Check that the database server is running, then reload this page; nothing stored is lost."
        )
        return
    st.error(  # describe(): never the SQL or its parameters (an article's text) on screen
        f"Something went wrong on this page: {md(describe(exc))}. "
        "Try again, or clear the filters in the sidebar. If it keeps happening, report it with the steps that led here."
    )


@st.fragment(run_every=1.0)
def _first_start() -> None:
    """While the server loads the sample articles into an empty store (dashboard/warmup.py): what it
    is doing now, instead of an empty page; the pages open when the samples are in."""
    now = warmup.progress()
    if not now.loading_samples:
        state.data_changed()
        st.rerun()
    with st.status("First start: loading the sample articles", expanded=True):
        if now.sample is None:
            st.progress(0.0, text="Loading the language and stance models...")
        else:
            st.progress(
                now.sample.done,
                text=f"Analysing sample article {now.sample.number} of {now.sample.total}: {md(now.sample.title)}",
            )
        st.caption(
            "This happens once, on the first start with an empty store; the timeline opens as soon as they are in."
        )


def _samples_failed() -> None:
    now = warmup.progress()
    if now.samples and now.stage == "failed" and state.catalogue().articles == 0:
        st.warning(
            f"The sample articles could not be loaded ({md(now.error)}). Add articles on the Upload page, or run `stance seed` in a terminal."
        )


try:
    account = signin.gate()  # None: someone has to sign in first
except Exception as exc:  # noqa: BLE001 - the store unreachable, a bad setting: a message, not a traceback
    _oops(exc)
    st.stop()
page = st.navigation(pages(account), position="hidden" if account is None or account.kind == "screen" else "sidebar")
if account is None:  # every page is known (hidden), so a shared link opens its page once signed in; none runs before
    signin.sign_in_page()
    st.stop()
try:
    if warmup.progress().loading_samples:
        st.title("Stance Tracker")
        _first_start()
        st.stop()
    _samples_failed()
    if (
        account.kind != "screen"
    ):  # a screen shows the Briefing alone: no sidebar, and its one page keeps the briefing's URL settings
        filters.sidebar()
        urlstate.keep_only(page.url_path)
    with st.sidebar:
        st.divider()
        signin.sidebar_identity()
        st.caption(f"Stance Tracker {__version__} · model {md(model_version())}")
    page.run()
except Exception as exc:  # noqa: BLE001 - st.stop/st.rerun are BaseExceptions and pass through
    _oops(exc)
