"""Cached resources and data for every page: one store and one pipeline per process.

Everything read from the store is cached under the store's data version (Store.data_version: the
store_change counter every write that changes a chart bumps, and the newest ids; plus a counter this
process bumps on every write), so a write anywhere is seen at once and nothing is read twice in
between. Big frames live in `cache_resource` (shared, not copied); callers treat them as read-only.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

import pandas as pd
import streamlit as st

from dashboard import warmup
from dashboard.charts import SLOTS
from stance import alerts
from stance.aggregate import Mover, Period, movers, review_queue, thin, trend
from stance.auth import Account
from stance.config import database_url, model_dir
from stance.store import Filters, Store, article_list, overview
from stance.store.queries import apply_filters

if TYPE_CHECKING:
    from stance.pipeline import Pipeline


@st.cache_resource(show_spinner=False)
def _store(url: str) -> Store:
    return Store(url)


def base_store() -> Store:
    """The process's one Store, acting as nobody: for reads and for signing in."""
    return _store(database_url())


def store() -> Store:
    """The Store acting as the signed-in account: every write is checked against its role and audited."""
    return _store(database_url()).acting_as(account())


def pipeline() -> Pipeline:
    """The loaded stance.pipeline.Pipeline (once per process): the one the server began loading as it
    started (dashboard/warmup.py), waiting for what is left of that load."""
    folder = str(model_dir())
    if warmup.is_loaded(folder):
        return warmup.pipeline(folder)
    with st.spinner("Loading the language and stance models (first time only)..."):
        return warmup.pipeline(folder)


# ----- versioning ----------------------------------------------------------------------------


@st.cache_resource(show_spinner=False)
def _writes() -> dict[str, int]:
    return {"count": 0}


@st.cache_data(show_spinner=False, ttl=2, max_entries=8)
def _version(url: str, writes: int) -> tuple:
    return (writes, *_store(url).data_version())


def version() -> tuple:
    """Changes on every write: this process's own, and new rows written by others (CLI ingest)."""
    return _version(database_url(), _writes()["count"])


def data_changed() -> None:
    """Call after any write so every page reads the store again, and the alert rules are checked
    against it (an upload, a correction or its undo, a merge can each move a stance)."""
    _writes()["count"] += 1
    st.cache_data.clear()
    alerts.after_write(store())


# ----- what the store holds ----------------------------------------------------------------------


@dataclass(frozen=True)
class Catalogue:
    actors: pd.DataFrame  # Store.actors()
    sources: list[str]
    first: date | None
    last: date | None
    articles: int
    statements: int


@st.cache_data(show_spinner=False, max_entries=4)
def _catalogue(url: str, version: tuple) -> Catalogue:
    s = _store(url)
    first, last = s.date_range()
    counts = s.counts()
    actors = s.actors()
    speaking = actors[actors["statements"] > 0] if not actors.empty else actors
    if speaking["colour_slot"].isna().any():
        # New actors get their colour once, in the Overview's order (most articles with a stance
        # first), so the actors it shows first differ in colour.
        articles = _points(url, version, ((), (), (), ()))["actor"].value_counts()
        ranked = speaking.assign(articles=speaking["name"].map(articles).fillna(0))
        s.give_colour_slots(
            ranked.sort_values(["articles", "statements", "name"], ascending=[False, False, True])["name"], SLOTS
        )
        actors = s.actors()
    return Catalogue(actors, sorted(s.sources()), first, last, counts["articles"], counts["statements"])


def catalogue() -> Catalogue:
    return _catalogue(database_url(), version())


def colour_slots() -> dict[str, int]:
    """Actor -> the colour slot the store gave it once (charts.actor_colour turns it into a colour)."""
    actors = catalogue().actors
    given = actors.dropna(subset=["colour_slot"]) if not actors.empty else actors
    return {name: int(slot) for name, slot in zip(given["name"], given["colour_slot"])}


def filters_key(filters: Filters, dates: bool = True) -> tuple:
    parts = (
        tuple(filters.actors or ()),
        tuple(filters.kinds or ()),
        tuple(filters.sources or ()),
        tuple(filters.conflicts or ()),
    )
    return (filters.start, filters.end, *parts) if dates else parts


def _from_key(key: tuple) -> Filters:
    start, end, actors, kinds, sources, conflicts = key
    return Filters(
        start, end, list(actors) or None, list(kinds) or None, list(sources) or None, list(conflicts) or None
    )


@st.cache_data(show_spinner=False, max_entries=32)
def _label_counts(url: str, version: tuple, key: tuple) -> overview.LabelCounts:
    filters = _from_key(key)
    return overview.label_counts(_store(url).db, filters, _conflicts_for(url, version, filters))


def label_counts(filters: Filters) -> overview.LabelCounts:
    """How many statements the filters select, in how many articles, and of which stance (counted in the database)."""
    return _label_counts(database_url(), version(), filters_key(filters))


@st.cache_data(show_spinner=False, max_entries=32)
def _review(url: str, version: tuple, key: tuple, focus: tuple[str, ...], limit: int) -> tuple[pd.DataFrame, int]:
    filters = _from_key(key)
    waiting = overview.uncertain_rows(_store(url).db, filters, _conflicts_for(url, version, filters))
    return review_queue(waiting, focus, limit), len(waiting)


def review(filters: Filters, focus: list[str], limit: int) -> tuple[pd.DataFrame, int]:
    """The `limit` uncertain calls most worth a review (stance.aggregate.review_queue: statement_id,
    priority), and how many wait in all. Only the answer is cached: the calls behind it, half a
    million at a million statements, are read, ranked and let go."""
    return _review(database_url(), version(), filters_key(filters), tuple(focus), limit)


@st.cache_resource(show_spinner=False, max_entries=4)
def _conflict_map(url: str, version: tuple) -> pd.Series:
    return overview.article_conflict_map(_store(url).db)


def _conflicts_for(url: str, version: tuple, filters: Filters) -> pd.Series | None:
    """The article conflict map where the filters pick conflicts (read once per data version)."""
    return _conflict_map(url, version) if filters.conflicts else None


_EVERY_POINT = ((), (), (), ())  # _points' key with no filter


@st.cache_resource(show_spinner=False)
def _every_point() -> dict[str, tuple[tuple, pd.DataFrame]]:
    """url -> (data version, the points of every statement) as last read: the one frame each
    filtered set of points can be cut from (the newest version only, so nothing old is kept)."""
    return {}


@st.cache_resource(show_spinner=False, max_entries=32)
def _points(url: str, version: tuple, key: tuple) -> pd.DataFrame:
    filters = _from_key((None, None, *key))
    conflicts = _conflicts_for(url, version, filters)
    read = _every_point().get(url)
    if key != _EVERY_POINT and read is not None and read[0] == version:
        return overview.narrow_points(read[1], filters, conflicts)  # a filter change: no query
    points = overview.stance_points(_store(url).db, filters, dates=False, conflicts=conflicts)
    if key == _EVERY_POINT:
        _every_point()[url] = (version, points)
    return points


def points(filters: Filters, dates: bool = True) -> pd.DataFrame:
    """One point per actor per article (stance.aggregate.per_article); `dates=False` ignores the date range."""
    scoped = _points(database_url(), version(), filters_key(filters, dates=False))
    return _in_dates(scoped, filters) if dates else scoped


@st.cache_data(show_spinner=False, max_entries=32)
def _summary(url: str, version: tuple, key: tuple) -> overview.StatementSummary:
    filters = _from_key(key)
    return overview.statement_summary(_store(url).db, filters, _conflicts_for(url, version, filters))


def summary(filters: Filters) -> overview.StatementSummary:
    """How many statements the filters select, and how many an analyst corrected (counted in the database)."""
    return _summary(database_url(), version(), filters_key(filters))


@st.cache_data(show_spinner=False, max_entries=64)
def _page(url: str, version: tuple, key: tuple, sort: str, labels: tuple[str, ...], page: int, size: int, search: str):
    filters = _from_key(key)
    total = None if labels or search else _summary(url, version, key).statements
    conflicts = _conflicts_for(url, version, filters)
    ids, total = overview.statement_page(
        _store(url).db, filters, sort, list(labels) or None, page, size, total, conflicts, search or None
    )
    return _in_order(url, ids), total


def _in_order(url: str, ids: list[int]) -> pd.DataFrame:
    """Full statement rows for `ids`, in that order (the table's sort)."""
    return _store(url).statements_by_id(ids).set_index("statement_id").reindex(ids).reset_index()


def statement_page(
    filters: Filters, sort: str, labels: list[str], page: int, size: int, search: str = ""
) -> tuple[pd.DataFrame, int]:
    """One page of the statements the filters (stance labels, words in the quote or title) select, full
    rows in the table's order, and how many match."""
    return _page(database_url(), version(), filters_key(filters), sort, tuple(labels), page, size, search.strip())


def page_ids_loader(filters: Filters, sort: str, labels: list[str], search: str = "") -> Callable[[], pd.DataFrame]:
    """A no-argument function that reads every matching statement in full later (for download buttons)."""
    url = database_url()

    def load() -> pd.DataFrame:
        found = search.strip() or None
        return _in_order(url, overview.statement_ids(_store(url).db, filters, sort, labels or None, search=found))

    return load


def conflicts() -> list[str]:
    """The sidebar's conflict choices: the registry tags of the actors with statements
    (overview.conflict_choices; no article's votes are read for them)."""
    actors = catalogue().actors
    speakers = actors.loc[actors["statements"] > 0, "name"].tolist() if not actors.empty else []
    return overview.conflict_choices(speakers)


def _in_dates(frame: pd.DataFrame, filters: Filters) -> pd.DataFrame:
    if not (filters.start or filters.end):
        return frame
    return apply_filters(frame, Filters(start=filters.start, end=filters.end))


@st.cache_data(show_spinner=False, max_entries=64)
def _details(url: str, version: tuple, ids: tuple[int, ...]) -> pd.DataFrame:
    return _store(url).statements_by_id(ids)


def details(ids) -> pd.DataFrame:
    """Full statement rows (text, quote, article title, cue) for these ids, in date order."""
    return _details(database_url(), version(), tuple(int(i) for i in ids))


def details_loader(ids) -> Callable[[], pd.DataFrame]:
    """A no-argument function that reads the rows later (for download buttons, which run it on click)."""
    url, ids = database_url(), tuple(int(i) for i in ids)
    return lambda: _store(url).statements_by_id(ids)


# ----- the analyst --------------------------------------------------------------------------------


ACCOUNT_KEY = "_account"  # set by dashboard/signin.py before any page runs


def account() -> Account | None:
    return st.session_state.get(ACCOUNT_KEY)


def can(action: str) -> bool:
    """Whether the signed-in account's role allows `action` (stance.auth.roles): which controls to draw.
    The store checks again on every write, so a control drawn by mistake still changes nothing."""
    current = account()
    return current is not None and current.may(action)


def is_screen() -> bool:
    """A read-only screen link (the Briefing in presenter mode, nothing else)."""
    current = account()
    return current is not None and current.kind == "screen"


def analyst() -> str:
    """The name a change is recorded under: the signed-in account's, or in local mode what was typed in the sidebar."""
    current = account()
    if current is not None and current.kind == "user":
        return current.name
    return (st.session_state.get("analyst") or "").strip()


# ----- derived views ---------------------------------------------------------------------------------

MAX_CHART_POINTS = 2500
MAX_CHART_ACTORS = 10  # more lines than this on one chart is a tangle


@dataclass(frozen=True)
class TimelineData:
    points: pd.DataFrame  # what is drawn: at most MAX_CHART_POINTS, with title and quote
    trend: pd.DataFrame
    note: str | None  # what was left out, when something was


@st.cache_resource(show_spinner=False, max_entries=16)
def _timeline(url: str, version: tuple, key: tuple) -> TimelineData:
    filters = _from_key(key)
    everything = _in_dates(_points(url, version, key[2:]), filters)
    notes = []
    counts = everything["actor"].value_counts()
    if not filters.actors and len(counts) > MAX_CHART_ACTORS:
        shown_actors = counts.index[:MAX_CHART_ACTORS]
        everything = everything[everything["actor"].isin(shown_actors)]
        notes.append(
            f"the {MAX_CHART_ACTORS} actors with most articles (of {len(counts)}); pick actors in the sidebar to see others"
        )
    drawn = thin(everything, MAX_CHART_POINTS)
    if len(drawn) < len(everything):
        notes.append(
            f"{len(drawn):,} of {len(everything):,} points, spread evenly over time; the trend lines use them all"
        )
    text = overview.point_texts(_store(url).db, drawn["quote_id"]).set_index("statement_id")
    drawn = drawn.assign(title=drawn["quote_id"].map(text["title"]), quote=drawn["quote_id"].map(text["quote"]))
    return TimelineData(drawn, trend(everything), "Showing " + "; ".join(notes) + "." if notes else None)


def timeline(filters: Filters) -> TimelineData:
    return _timeline(database_url(), version(), filters_key(filters))


@st.cache_data(show_spinner="Working out who moved...", max_entries=32)
def _movers(url: str, version: tuple, key: tuple, before: Period, recent: Period) -> list[Mover]:
    return movers(_points(url, version, key), before, recent)


def mover_list(filters: Filters, before: Period, recent: Period) -> list[Mover]:
    """stance.aggregate.movers over the filtered actors (the sidebar's dates do not apply: the periods do)."""
    return _movers(database_url(), version(), filters_key(filters, dates=False), before, recent)


@st.cache_data(show_spinner=False, max_entries=32)
def _article_counts(url: str, version: tuple, search: str) -> article_list.ArticleCounts:
    return article_list.article_counts(_store(url).db, search or None)


def article_counts(search: str = "") -> article_list.ArticleCounts:
    """How many articles the search matches, how many are undated, and their languages."""
    return _article_counts(database_url(), version(), search.strip())


@st.cache_data(show_spinner=False, max_entries=32)
def _article_rows(url: str, version: tuple, search: str, undated: bool, languages: tuple, limit: int, include):
    return article_list.article_rows(_store(url).db, search or None, undated, list(languages), limit, include)


def article_rows(
    search: str, undated_only: bool, languages: list[str], limit: int, include: int | None = None
) -> tuple[pd.DataFrame, int]:
    """The newest `limit` articles that match (stance.store.article_list.article_rows), and how many match."""
    return _article_rows(database_url(), version(), search.strip(), undated_only, tuple(languages), limit, include)


@st.cache_data(show_spinner=False, max_entries=32)
def _article(url: str, version: tuple, article_id: int) -> tuple[dict | None, pd.DataFrame]:
    s = _store(url)
    return s.article(article_id), s.statements(article_id=article_id)


def article(article_id: int) -> tuple[dict | None, pd.DataFrame]:
    """One article and its statements (corrections applied)."""
    return _article(database_url(), version(), int(article_id))
