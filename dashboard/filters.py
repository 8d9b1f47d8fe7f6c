"""Sidebar filters that persist across pages and live in the URL, so a view can be shared by link."""

from __future__ import annotations

from datetime import date

import streamlit as st

from stance.records import ACTOR_KINDS
from stance.store import Filters

from dashboard import state

_KEYS = ("from", "to", "actor", "kind", "source")


def _from_url() -> None:
    """Seed the widgets from the URL once per session."""
    if st.session_state.get("_filters_seeded"):
        return
    params = st.query_params
    for key in ("actor", "kind", "source"):
        values = params.get_all(key)
        if values:
            st.session_state[f"f_{key}"] = values
    for key in ("from", "to"):
        value = params.get(key)
        if value:
            try:
                st.session_state[f"f_{key}"] = date.fromisoformat(value)
            except ValueError:
                pass
    st.session_state["_filters_seeded"] = True


def _to_url(filters: Filters) -> None:
    params = {k: v for k, v in st.query_params.to_dict().items() if k not in _KEYS}
    query: dict[str, object] = dict(params)
    if filters.start:
        query["from"] = filters.start.isoformat()
    if filters.end:
        query["to"] = filters.end.isoformat()
    if filters.actors:
        query["actor"] = filters.actors
    if filters.kinds:
        query["kind"] = filters.kinds
    if filters.sources:
        query["source"] = filters.sources
    if query != st.query_params.to_dict():
        st.query_params.from_dict(query)


def sidebar() -> Filters:
    """Draw the filters; return what they select."""
    _from_url()
    store = state.store()
    actors = store.actors()
    low, high = store.date_range()
    with st.sidebar:
        st.header("Filters")
        names = actors["name"].tolist() if not actors.empty else []
        for key, options in (("f_actor", names), ("f_source", store.sources()), ("f_kind", list(ACTOR_KINDS))):
            if key in st.session_state:
                st.session_state[key] = [v for v in st.session_state[key] if v in options]
        chosen = st.multiselect("Actors", names, key="f_actor", placeholder="All actors")
        kinds = st.multiselect("Actor kind", list(ACTOR_KINDS), key="f_kind", placeholder="All kinds")
        sources = st.multiselect("Source", store.sources(), key="f_source", placeholder="All sources")
        start = st.date_input("From", value=st.session_state.get("f_from", low), key="f_from", format="YYYY-MM-DD") if low else None
        end = st.date_input("To", value=st.session_state.get("f_to", high), key="f_to", format="YYYY-MM-DD") if high else None
        if st.button("Clear filters", width="stretch"):
            for key in ("f_actor", "f_kind", "f_source", "f_from", "f_to"):
                st.session_state.pop(key, None)
            st.query_params.clear()
            st.rerun()
    filters = Filters(
        start=start if start and low and start != low else None,
        end=end if end and high and end != high else None,
        actors=chosen or None,
        kinds=kinds or None,
        sources=sources or None,
    )
    _to_url(filters)
    return filters
