"""Feeds: the RSS and Atom feeds `stance watch` polls. Add, remove, and each feed's health
(last success, last error, items stored). The watcher itself runs as its own process."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import streamlit as st

from dashboard import state
from dashboard.safe import md
from dashboard.words import plural
from stance.store.models import utcnow
from stance.watch import add_feed, known_conflicts, list_feeds, remove_feed

st.title("Feeds")
st.caption(
    "RSS and Atom feeds whose new articles are fetched, analysed and stored by the watcher, a process of its own "
    "beside the dashboard: `stance watch` (see the README for a systemd unit or a compose service)."
)


def _act(action: Callable[[], object], done: str) -> None:
    """Run a change; report the outcome as a message (never a traceback)."""
    try:
        action()
    except (LookupError, ValueError) as exc:
        st.session_state["_feeds_note"] = ("error", str(exc))
    else:
        st.session_state["_feeds_note"] = ("success", done)
    st.rerun()


note = st.session_state.pop("_feeds_note", None)
if note:
    (st.error if note[0] == "error" else st.success)(md(note[1]))

store = state.store()
with st.form("fd_add", clear_on_submit=True, border=True):
    address, filed = st.columns([3, 1])
    url = address.text_input("Feed address", key="fd_url", placeholder="https://example.org/rss.xml")
    conflict = filed.selectbox(
        "Conflict (optional)",
        [""] + known_conflicts(),
        key="fd_conflict",
        help="Files the feed under a conflict of the actor registry, for alert rules on it.",
    )
    if st.form_submit_button("Add feed", type="primary", key="fd_add_button"):
        _act(
            lambda: add_feed(store, url, conflict or None),
            f"Added {url.strip()}. The watcher polls it on its next round.",
        )

feeds = list_feeds(store)
if not feeds:
    st.info(
        "No feeds yet. Add an RSS or Atom feed's address above, then start `stance watch` beside the dashboard. "
        "Articles you have as files go on the **Upload** page."
    )
    st.stop()

failing = [f for f in feeds if f.health == "failing"]
polled = [f.last_polled_at for f in feeds if f.last_polled_at]
last_poll = f"last poll {max(polled):%Y-%m-%d %H:%M} UTC" if polled else "not polled yet"
st.caption(
    f"{plural(len(feeds), 'feed')} · {len(failing)} failing · {plural(sum(f.items_stored for f in feeds), 'article')} stored from feeds · {last_poll}"
)
if not polled:
    st.warning(
        "No feed has been polled yet. Start the watcher beside the dashboard: `stance watch` (or `stance watch --once` from cron)."
    )

st.dataframe(
    pd.DataFrame(
        {
            "id": [f.id for f in feeds],
            "feed": [f.title or "" for f in feeds],
            "address": [f.url for f in feeds],
            "conflict": [f.conflict or "" for f in feeds],
            "health": [f.health for f in feeds],
            "stored": [f.items_stored for f in feeds],
            "last success": [f.last_success_at for f in feeds],
            "last error": [f.last_error or "" for f in feeds],
            "error at": [f.last_error_at for f in feeds],
            "next poll": [f.next_poll_at for f in feeds],
        }
    ),
    hide_index=True,
    width="stretch",
    key="fd_table",
    column_config={
        "address": st.column_config.TextColumn("address"),  # shown as text: a feed's address is not a page to open
        "last success": st.column_config.DatetimeColumn("last success (UTC)", format="YYYY-MM-DD HH:mm"),
        "error at": st.column_config.DatetimeColumn("error at (UTC)", format="YYYY-MM-DD HH:mm"),
        "next poll": st.column_config.DatetimeColumn("next poll (UTC)", format="YYYY-MM-DD HH:mm"),
    },
)
now = utcnow()
for feed in failing:
    wait = f"; next try {feed.next_poll_at:%Y-%m-%d %H:%M} UTC" if feed.next_poll_at and feed.next_poll_at > now else ""
    st.error(
        md(
            f"{feed.title or feed.url}: {feed.last_error} ({plural(feed.consecutive_failures, 'failure')} in a row{wait})"
        )
    )

st.subheader("Remove a feed")
by_id = {f.id: f for f in feeds}
chosen = st.selectbox(
    "Feed",
    list(by_id),
    index=None,
    key="fd_remove",
    placeholder="Choose a feed",
    format_func=lambda i: f"{i}: {by_id[i].title or by_id[i].url}",
)
st.caption("The articles a feed brought stay in the store.")
if st.button("Remove", key="fd_remove_button", disabled=chosen is None):
    _act(
        lambda: remove_feed(store, chosen),
        f"Removed {by_id[chosen].url}; its {plural(by_id[chosen].items_stored, 'article')} stay.",
    )
