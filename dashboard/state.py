"""Cached resources and data for every page: one store and one pipeline per process."""

from __future__ import annotations

import streamlit as st

from stance.config import database_url, model_dir
from stance.pipeline import Pipeline
from stance.store import Filters, Store


@st.cache_resource(show_spinner=False)
def _store(url: str) -> Store:
    return Store(url)


def store() -> Store:
    return _store(database_url())


@st.cache_resource(show_spinner="Loading the language and stance models (first time only)...")
def _pipeline(folder: str) -> Pipeline:
    from pathlib import Path

    return Pipeline.load(Path(folder))


def pipeline() -> Pipeline:
    return _pipeline(str(model_dir()))


@st.cache_data(show_spinner=False, max_entries=64)
def _statements(url: str, start, end, actors, kinds, sources, revision: int):
    filters = Filters(start=start, end=end, actors=list(actors) or None, kinds=list(kinds) or None, sources=list(sources) or None)
    return _store(url).statements(filters)


def statements(filters: Filters):
    """The filtered statements table, cached until the next write."""
    return _statements(
        database_url(), filters.start, filters.end, tuple(filters.actors or ()), tuple(filters.kinds or ()),
        tuple(filters.sources or ()), revision(),
    )


def revision() -> int:
    return st.session_state.get("_revision", 0)


def data_changed() -> None:
    """Call after any write so every cached table is read again."""
    st.session_state["_revision"] = revision() + 1
    st.cache_data.clear()
