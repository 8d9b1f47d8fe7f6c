"""Reads for the Overview over statement_stance (stance.store.stances): the database aggregates,
and only what a chart or a table page shows leaves it.

- `article_actor_groups`: one row per actor per article with a statement the filters select, from
  one grouped scan: what the chart needs (the confidence-weighted sum over the statements that
  count, and the statement that pulls hardest, `quote_id`, for the hover) and what the rest of
  the page counts (every statement, the corrected ones). The points (`points_of`), the counts
  (`summary_of`) and the articles' conflicts (`conflicts_of`) are all worked out from these
  rows, so a cold Overview scans the table once.
- `statement_page` and `statement_ids`: one sorted page of the statements the filters select, and
  all of them in order for an export.
What counts toward a stance (NONE, headlines, uncertain calls no analyst confirmed) is decided
here at read time, with the abstention threshold from config.

The conflict filter is the one worked out outside the database: an article's conflict comes
from the actor registry's tags of its speakers (`queries.article_conflicts`), so it is applied
to article ids after the query.
"""

from __future__ import annotations

import gc
from dataclasses import dataclass

import numpy as np
import pandas as pd
from sqlalchemy import Integer, Select, and_, case, func, literal, select
from sqlalchemy.orm import aliased

from stance.aggregate import POINT_COLUMNS
from stance.config import abstain_threshold
from stance.store.database import Database
from stance.store.filters import Filters
from stance.store.models import ActorRow, StatementStanceRow
from stance.store.queries import actor_conflicts, article_conflicts

S = StatementStanceRow


def _counts(row=S):
    """Whether a statement counts toward its actor's stance: not NONE, not a headline, and not an
    uncertain call (the model is unsure and no analyst confirmed the label; queries.apply_corrections)."""
    uncertain = and_(~row.label_confirmed, func.coalesce(row.model_top_p, 1.0) < abstain_threshold())
    return (row.label != "NONE") & ~row.headline & ~uncertain


def _filtered(query: Select, filters: Filters, dates: bool = True) -> Select:
    """`query` (over statement_stance) narrowed by the filters, conflicts aside."""
    if dates and filters.start:
        query = query.where(S.published >= filters.start)
    if dates and filters.end:
        query = query.where(S.published <= filters.end)
    if filters.actors:
        query = query.where(S.actor_id.in_(select(ActorRow.id).where(ActorRow.name.in_(filters.actors))))
    if filters.kinds:
        query = query.where(S.actor_id.in_(select(ActorRow.id).where(ActorRow.kind.in_(filters.kinds))))
    if filters.sources:
        query = query.where(S.source.in_(filters.sources))
    return query


def _frame(db: Database, query: Select, columns: list[str]) -> pd.DataFrame:
    """The rows as a frame, fetched as plain tuples from the driver's cursor (values as the driver
    gives them: dates as text on SQLite): for a grouped read of every article this is several times
    faster than SQLAlchemy's Row objects, which pandas also reads slowly, one attribute at a time.
    The garbage collector waits meanwhile: the row tuples, a few hundred thousand of them, would
    set off full collections that find nothing to free (the tuples go once the frame is built)."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        with db.read() as session:
            result = session.connection().execute(query)
            rows = result.cursor.fetchall()
            result.close()
        frame = pd.DataFrame(rows, columns=columns)
        del rows
        return frame
    finally:
        if collecting:
            gc.enable()


GROUP_COLUMNS = [
    "article_id",
    "actor",
    "kind",
    "published",
    "source",
    "weighted",
    "weight",
    "counted",
    "statements",
    "corrected",
    "quote_id",
]


def article_actor_groups(
    db: Database, filters: Filters, dates: bool = True, conflicts: pd.Series | None = None
) -> pd.DataFrame:
    """One row per actor per article with a statement the filters select (GROUP_COLUMNS, `published`
    as datetime64): `weighted` and `weight` sum score x confidence and confidence over the `counted`
    statements that count toward a stance, `quote_id` is the one of them that pulls hardest;
    `statements` and `corrected` count them all. `dates=False` ignores the date range; `conflicts`
    (article_conflict_map's answer, where the caller holds it) spares reading it again."""
    scoped = _filtered(
        select(
            S.article_id,
            S.actor_id,
            S.published,
            S.source,
            S.score,
            S.confidence,
            S.corrected,
            _counts().label("counts"),
        ),
        filters,
        dates,
    ).subquery()
    c = scoped.c
    grouped = (
        select(
            c.article_id,
            c.actor_id,
            func.min(c.published).label("published"),
            func.min(c.source).label("source"),
            func.sum(case((c.counts, c.score * c.confidence), else_=0.0)).label("weighted"),
            func.sum(case((c.counts, c.confidence), else_=0.0)).label("weight"),
            func.sum(_as_int(c.counts)).label("counted"),
            func.count().label("statements"),
            func.sum(_as_int(c.corrected)).label("corrected"),
            func.max(case((c.counts, func.abs(c.score)))).label("strongest"),
        )
        .group_by(c.article_id, c.actor_id)  # by ids alone: names are joined on below, from a table of a few rows
        .subquery()
    )
    g = grouped.c
    # The quote: of the statements that count, the one that pulls hardest (the earliest on a tie),
    # found through the (article_id, actor_id) index for each group, after the one grouped scan;
    # a window function over every statement costs SQLite twice as much.
    quoted = aliased(StatementStanceRow)
    quote = (
        select(quoted.statement_id)
        .where(
            quoted.article_id == g.article_id,
            quoted.actor_id == g.actor_id,
            func.abs(quoted.score) == g.strongest,
            _counts(quoted),
        )
        .order_by(quoted.start, quoted.statement_id)
        .limit(1)
        .scalar_subquery()
    )
    quote_id = case((g.strongest.is_not(None), quote))  # none to look for where no statement counts
    query = select(*[g[name] for name in ["article_id", "actor_id", *GROUP_COLUMNS[3:-1]]], quote_id)
    columns = ["article_id", "actor_id", *GROUP_COLUMNS[3:]]
    frame = _frame(db, query, columns)
    actors = _frame(db, select(ActorRow.id, ActorRow.name, ActorRow.kind), ["id", "name", "kind"])
    actors = actors.set_index("id")
    frame.insert(1, "actor", frame["actor_id"].map(actors["name"]))
    frame.insert(2, "kind", frame["actor_id"].map(actors["kind"]))
    frame = frame[GROUP_COLUMNS]
    frame["published"] = pd.to_datetime(frame["published"], errors="coerce")
    if filters.conflicts:
        conflicts = article_conflict_map(db) if conflicts is None else conflicts
        frame = frame[frame["article_id"].map(conflicts).isin(filters.conflicts)]
    return frame


def points_of(groups: pd.DataFrame) -> pd.DataFrame:
    """The chart's points (POINT_COLUMNS, as `stance.aggregate.per_article` makes them), in date
    order: the groups with a statement that counts."""
    frame = groups[groups["counted"] > 0]
    if frame.empty:
        return pd.DataFrame(columns=POINT_COLUMNS)
    weight = frame["weight"].astype(float)
    frame = frame.assign(
        score=(frame["weighted"].astype(float) / weight.where(weight > 0, 1)).round(4),
        statements=frame["counted"].astype("int64"),
        quote_id=frame["quote_id"].astype("int64"),
    )
    frame["label"] = np.where(frame["score"] >= 0, "FAVOR", "AGAINST")
    frame = frame.sort_values(["published", "article_id", "actor"], na_position="last", kind="stable")
    return frame[POINT_COLUMNS].reset_index(drop=True)


def stance_points(db: Database, filters: Filters, dates: bool = True) -> pd.DataFrame:
    """One row per actor per article (POINT_COLUMNS, `published` as datetime64), in date order;
    `dates=False` ignores the date range."""
    return points_of(article_actor_groups(db, filters, dates))


@dataclass(frozen=True)
class StatementSummary:
    statements: int
    corrected: int


def summary_of(groups: pd.DataFrame) -> StatementSummary:
    """How many statements these groups hold, and how many of them an analyst corrected."""
    return StatementSummary(int(groups["statements"].sum()), int(groups["corrected"].sum()))


def statement_summary(db: Database, filters: Filters) -> StatementSummary:
    """How many statements the filters select, and how many of them an analyst corrected."""
    return summary_of(article_actor_groups(db, filters))


def conflicts_of(groups: pd.DataFrame) -> pd.Series:
    """article_id -> its conflict (queries.article_conflicts), from the groups of every statement:
    each group's statements vote for its actor's conflict tags."""
    return article_conflicts(groups[["article_id", "actor", "statements"]], actor_conflicts())


def article_conflict_map(db: Database) -> pd.Series:
    """article_id -> its conflict, over every statement in the store."""
    return conflicts_of(article_actor_groups(db, Filters()))


def conflict_names(conflicts: pd.Series) -> list[str]:
    """The conflicts some article belongs to (the sidebar's choices), from article_conflict_map."""
    return sorted(conflicts.dropna().unique().tolist())


def _in_conflicts(db: Database, filters: Filters, article_ids: pd.Series) -> np.ndarray:
    """Which of these article ids the conflict filter keeps (all of them when it is off)."""
    if not filters.conflicts:
        return np.ones(len(article_ids), dtype=bool)
    return article_ids.map(article_conflict_map(db)).isin(filters.conflicts).to_numpy()


def _as_int(flag):
    return case((flag, literal(1, Integer)), else_=literal(0, Integer))


# ----- the statements table ------------------------------------------------------------------------

SORTS: dict[str, list] = {  # dashboard/tables.py's sorts, undated statements last as there
    "Newest first": [S.published.desc().nulls_last(), S.article_id.desc(), S.start],
    "Oldest first": [S.published.asc().nulls_last(), S.article_id, S.start],
    "Most for talks": [S.score.desc(), S.published.desc().nulls_last()],
    "Most against talks": [S.score, S.published.desc().nulls_last()],
    "Actor A–Z": [ActorRow.name, S.published.desc().nulls_last()],
}


def _statements(filters: Filters, labels: list[str] | None = None) -> Select:
    query = _filtered(select(S.statement_id, S.article_id).join(ActorRow, ActorRow.id == S.actor_id), filters)
    return query.where(S.label.in_(labels)) if labels else query


def statement_ids(
    db: Database, filters: Filters, sort: str = "Newest first", labels: list[str] | None = None
) -> list[int]:
    """Every statement id the filters (and stance labels) select, in the table's order: for exports."""
    query = _statements(filters, labels).order_by(*SORTS[sort], S.statement_id)
    frame = _frame(db, query, ["statement_id", "article_id"])
    return frame.loc[_in_conflicts(db, filters, frame["article_id"]), "statement_id"].astype(int).tolist()


def statement_page(
    db: Database,
    filters: Filters,
    sort: str,
    labels: list[str] | None,
    page: int,
    page_size: int,
    total: int | None = None,
) -> tuple[list[int], int]:
    """(ids of one page of statements in the table's order, how many match in all); `total`, where
    the caller has counted them already (summary_of, with no label filter), spares the count."""
    if filters.conflicts:  # worked out outside the database: page in Python
        ids = statement_ids(db, filters, sort, labels)
        return ids[(page - 1) * page_size : page * page_size], len(ids)
    query = _statements(filters, labels)
    with db.read() as session:
        if total is None:
            total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
        found = session.scalars(
            query.with_only_columns(S.statement_id)
            .order_by(*SORTS[sort], S.statement_id)
            .limit(page_size)
            .offset((page - 1) * page_size)
        ).all()
    return [int(i) for i in found], int(total)
