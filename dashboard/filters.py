"""Sidebar filters that persist across pages and live in the URL, so a view can be shared by link.

`sidebar()` runs in app.py before every page, so the same widgets (and their state) are on
every page; pages read the selection with `current()`.
"""

from __future__ import annotations

from datetime import date

import streamlit as st

from dashboard import state
from stance.records import ACTOR_KINDS
from stance.store import Filters

_LISTS = {"actor": "f_actor", "kind": "f_kind", "source": "f_source", "conflict": "f_conflict"}
_DATES = {"from": "f_from", "to": "f_to"}


def _from_url() -> None:
    """Seed the widgets from the URL once per session."""
    if st.session_state.get("_filters_seeded"):
        return
    params = st.query_params
    for name, key in _LISTS.items():
        values = params.get_all(name)
        if values:
            st.session_state[key] = values
    for name, key in _DATES.items():
        value = params.get(name)
        if value:
            try:
                st.session_state[key] = date.fromisoformat(value)
            except ValueError:
                pass
    st.session_state["_filters_seeded"] = True


def _to_url(filters: Filters) -> None:
    # Other settings in the link (urlstate: periods, briefing) stay, every value of them.
    query: dict[str, object] = {k: st.query_params.get_all(k) for k in st.query_params if k not in (*_LISTS, *_DATES)}
    if filters.start:
        query["from"] = filters.start.isoformat()
    if filters.end:
        query["to"] = filters.end.isoformat()
    for name, values in (
        ("actor", filters.actors),
        ("kind", filters.kinds),
        ("source", filters.sources),
        ("conflict", filters.conflicts),
    ):
        if values:
            query[name] = values
    wanted = {k: [str(x) for x in (v if isinstance(v, list) else [v])] for k, v in query.items()}
    if wanted != {k: st.query_params.get_all(k) for k in st.query_params}:
        st.query_params.from_dict(query)


def _keep_known(key: str, options: list[str]) -> None:
    """Drop URL or stale values the store no longer has (a widget refuses unknown options)."""
    if key in st.session_state:
        st.session_state[key] = [v for v in st.session_state[key] if v in options]


def _follow_new_dates(first: date | None, last: date | None) -> None:
    """Dates left at the store's first or last day follow new articles; dates the analyst chose stay."""
    if first is None:
        return
    seen_first, seen_last = st.session_state.get("_f_bounds", (first, last))
    for key, seen, now in (("f_from", seen_first, first), ("f_to", seen_last, last)):
        value = st.session_state.get(key)
        if value is None or value == seen or not (first <= value <= last):
            st.session_state[key] = now
    st.session_state["_f_bounds"] = (first, last)


def sidebar() -> Filters:
    """Draw the filters; return (and remember) what they select."""
    _from_url()
    cat = state.catalogue()
    names = cat.actors.loc[cat.actors["statements"] > 0, "name"].tolist() if not cat.actors.empty else []
    conflicts = state.conflicts() if cat.statements else []
    options = {"f_actor": names, "f_kind": list(ACTOR_KINDS), "f_source": cat.sources, "f_conflict": conflicts}
    for key, values in options.items():
        _keep_known(key, values)
    _follow_new_dates(cat.first, cat.last)
    with st.sidebar:
        st.header("Filters")
        chosen = st.multiselect("Actors", names, key="f_actor", placeholder="All actors")
        kinds = st.multiselect("Actor kind", list(ACTOR_KINDS), key="f_kind", placeholder="All kinds")
        sources = st.multiselect("Source", cat.sources, key="f_source", placeholder="All sources")
        picked_conflicts = st.multiselect(
            "Conflict",
            conflicts,
            key="f_conflict",
            placeholder="All conflicts",
            help="Worked out from the speakers: an article belongs to the conflict most of its known speakers are tagged with in data/actors.yaml.",
        )
        start = end = None
        if cat.first:
            start = st.date_input("From", min_value=cat.first, max_value=cat.last, key="f_from", format="YYYY-MM-DD")
            end = st.date_input("To", min_value=cat.first, max_value=cat.last, key="f_to", format="YYYY-MM-DD")
        if st.button("Clear filters", width="stretch", key="f_clear"):
            for key in (*_LISTS.values(), *_DATES.values(), "_f_bounds"):
                st.session_state.pop(key, None)
            st.query_params.clear()
            st.rerun()
    filters = Filters(
        start=start if start and start != cat.first else None,
        end=end if end and end != cat.last else None,
        actors=chosen or None,
        kinds=kinds or None,
        sources=sources or None,
        conflicts=picked_conflicts or None,
    )
    _to_url(filters)
    st.session_state["_filters"] = filters
    return filters


def current() -> Filters:
    """The selection made in the sidebar on this run (empty before the sidebar is drawn)."""
    return st.session_state.get("_filters") or Filters()


def active(filters: Filters) -> bool:
    return any((filters.start, filters.end, filters.actors, filters.kinds, filters.sources, filters.conflicts))
