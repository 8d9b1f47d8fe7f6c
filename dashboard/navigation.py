"""The pages each role sees (app.py builds the navigation from it) and links that only point at those."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from dashboard import state
from stance.auth import Account

VIEWS = Path(__file__).resolve().parent / "views"
# (file, title, icon, the action a role must allow to see the page: None for every signed-in role)
PAGES = [
    ("overview.py", "Overview", ":material/timeline:", None),
    ("actors.py", "Actors", ":material/person:", None),
    ("articles.py", "Articles", ":material/article:", None),
    ("upload.py", "Upload", ":material/upload_file:", "article.ingest"),
    ("feeds.py", "Feeds", ":material/rss_feed:", "feed.add"),
    ("review.py", "Review", ":material/rule:", "correction.add"),
    ("briefing.py", "Briefing", ":material/co_present:", None),
    ("alerts.py", "Alerts", ":material/notifications:", "alert.add"),
    ("manage.py", "Manage", ":material/tune:", "actor.merge"),
    ("team.py", "Team", ":material/group:", "user.add"),
    ("audit.py", "Audit", ":material/policy:", "audit.read"),
]


def pages(account: Account | None) -> list:
    """The pages this account may open: a page a role may not use is not there at all (its URL opens the Overview).
    A screen link gets the Briefing alone. Before signing in (None) every page is named, none is run."""
    if account is None:
        return [
            st.Page(str(VIEWS / file), title=title, icon=icon, default=file == "overview.py")
            for file, title, icon, _needs in PAGES
        ]
    if account.kind == "screen":
        return [st.Page(str(VIEWS / "briefing.py"), title="Briefing", icon=":material/co_present:", default=True)]
    return [
        st.Page(str(VIEWS / file), title=title, icon=icon, default=file == "overview.py")
        for file, title, icon, needs in PAGES
        if needs is None or account.may(needs)
    ]


def page_link(path: str, **kwargs) -> None:
    """st.page_link to "views/<file>", drawn only when the signed-in account may open that page."""
    file = path.rsplit("/", 1)[-1]
    needs = next((needs for name, _title, _icon, needs in PAGES if name == file), None)
    current = state.account()
    if current is not None and current.kind != "screen" and (needs is None or current.may(needs)):
        st.page_link(path, **kwargs)


def step(key: str, delta: int, count: int) -> None:
    """A Previous/Next button's callback: move the index in session state `key` by `delta`, round `count` items.

    Module-level on purpose: a callback defined in a page script would keep that run's whole page
    (its frames and charts) alive in the session's widget state."""
    st.session_state[key] = (st.session_state.get(key, 0) + delta) % count
