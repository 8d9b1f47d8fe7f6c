"""Reads for the Overview over statement_stance (stance.store.stances): the database aggregates,
and only what a chart or a table page shows leaves it.

- `stance_points`: one row per actor per article, as `stance.aggregate.per_article` makes from
  `queries.stance_rows()`: the confidence-weighted mean score of the statements that count, and
  the statement that pulls hardest (`quote_id`, for the hover), by a window function.
- `statement_count` and `statement_page`: the statements the filters select, counted, and one
  sorted page of them.
What counts toward a stance (NONE, headlines, uncertain calls no analyst confirmed) is decided
here at read time, with the abstention threshold from config.

The conflict filter is the one worked out outside the database: an article's conflict comes
from the actor registry's tags of its speakers (`queries.article_conflicts`), so it is applied
to article ids after the query.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from sqlalchemy import Integer, Select, and_, case, func, literal, select

from stance.aggregate import POINT_COLUMNS
from stance.config import abstain_threshold
from stance.store.database import Database
from stance.store.filters import Filters
from stance.store.models import ActorRow, StatementStanceRow
from stance.store.queries import actor_conflicts, article_conflicts

S = StatementStanceRow


def _uncertain():
    """The model is unsure and no analyst has confirmed the label (queries.apply_corrections)."""
    return and_(~S.label_confirmed, func.coalesce(S.model_top_p, 1.0) < abstain_threshold())


def _filtered(query: Select, filters: Filters, dates: bool = True) -> Select:
    """`query` (over statement_stance joined to actor) narrowed by the filters, conflicts aside."""
    if dates and filters.start:
        query = query.where(S.published >= filters.start)
    if dates and filters.end:
        query = query.where(S.published <= filters.end)
    if filters.actors:
        query = query.where(ActorRow.name.in_(filters.actors))
    if filters.kinds:
        query = query.where(ActorRow.kind.in_(filters.kinds))
    if filters.sources:
        query = query.where(S.source.in_(filters.sources))
    return query


def _in_conflicts(db: Database, filters: Filters, article_ids: pd.Series) -> np.ndarray:
    """Which of these article ids the conflict filter keeps (all of them when it is off)."""
    if not filters.conflicts:
        return np.ones(len(article_ids), dtype=bool)
    return article_ids.map(article_conflict_map(db)).isin(filters.conflicts).to_numpy()


def article_conflict_map(db: Database) -> pd.Series:
    """article_id -> its conflict (queries.article_conflicts), from the statements of registry actors
    that carry conflict tags (the others cast no vote), counted per article and actor in the database."""
    tags = actor_conflicts()
    query = (
        select(S.article_id, ActorRow.name, func.count())
        .join(ActorRow, ActorRow.id == S.actor_id)
        .where(ActorRow.name.in_(list(tags)))
        .group_by(S.article_id, ActorRow.name)
    )
    with db.read() as session:
        rows = pd.DataFrame(session.execute(query).all(), columns=["article_id", "actor", "statements"])
    return article_conflicts(rows, tags)


def conflict_names(db: Database) -> list[str]:
    """The conflicts some article belongs to (the sidebar's choices)."""
    return sorted(article_conflict_map(db).dropna().unique().tolist())


def stance_points(db: Database, filters: Filters, dates: bool = True) -> pd.DataFrame:
    """One row per actor per article (POINT_COLUMNS, `published` as datetime64), in date order;
    `dates=False` ignores the date range."""
    strength = func.row_number().over(
        partition_by=(S.article_id, S.actor_id), order_by=(func.abs(S.score).desc(), S.start, S.statement_id)
    )
    counted = _filtered(
        select(
            S.article_id,
            S.actor_id,
            S.statement_id,
            S.published,
            S.source,
            S.score,
            S.confidence,
            strength.label("strength_rank"),
        )
        .join(ActorRow, ActorRow.id == S.actor_id)
        .where(S.label != "NONE", ~S.headline, ~_uncertain()),
        filters,
        dates,
    ).subquery()
    c = counted.c
    grouped = (
        select(
            c.article_id,
            ActorRow.name.label("actor"),
            ActorRow.kind,
            func.min(c.published).label("published"),
            func.min(c.source).label("source"),
            func.sum(c.score * c.confidence).label("weighted"),
            func.sum(c.confidence).label("weight"),
            func.count().label("statements"),
            func.max(_when_first(c.strength_rank, c.statement_id)).label("quote_id"),
        )
        .join(ActorRow, ActorRow.id == c.actor_id)
        .group_by(c.article_id, c.actor_id, ActorRow.name, ActorRow.kind)
    )
    with db.read() as session:
        frame = pd.DataFrame(session.execute(grouped).all(), columns=list(grouped.selected_columns.keys()))
    if frame.empty:
        return pd.DataFrame(columns=POINT_COLUMNS)
    frame = frame[_in_conflicts(db, filters, frame["article_id"])]
    weight = frame["weight"].astype(float)
    frame = frame.assign(
        published=pd.to_datetime(frame["published"], errors="coerce"),
        score=(frame["weighted"].astype(float) / weight.where(weight > 0, 1)).round(4),
        statements=frame["statements"].astype("int64"),
        quote_id=frame["quote_id"].astype("int64"),
    )
    frame["label"] = np.where(frame["score"] >= 0, "FAVOR", "AGAINST")
    frame = frame.sort_values(["published", "article_id", "actor"], na_position="last", kind="stable")
    return frame[POINT_COLUMNS].reset_index(drop=True)


def _when_first(rank, value):
    return case((rank == 1, value))


# ----- the statements table ------------------------------------------------------------------------

SORTS: dict[str, list] = {  # dashboard/tables.py's sorts, undated statements last as there
    "Newest first": [S.published.desc().nulls_last(), S.article_id.desc(), S.start],
    "Oldest first": [S.published.asc().nulls_last(), S.article_id, S.start],
    "Most for talks": [S.score.desc(), S.published.desc().nulls_last()],
    "Most against talks": [S.score, S.published.desc().nulls_last()],
    "Actor A–Z": [ActorRow.name, S.published.desc().nulls_last()],
}


@dataclass(frozen=True)
class StatementSummary:
    statements: int
    corrected: int


def _statements(filters: Filters, labels: list[str] | None = None) -> Select:
    query = _filtered(select(S.statement_id, S.article_id).join(ActorRow, ActorRow.id == S.actor_id), filters)
    return query.where(S.label.in_(labels)) if labels else query


def statement_summary(db: Database, filters: Filters) -> StatementSummary:
    """How many statements the filters select, and how many of them an analyst corrected."""
    if filters.conflicts:
        return StatementSummary(*_chunked_counts(db, statement_ids(db, filters)))
    query = _filtered(
        select(func.count(), func.coalesce(func.sum(_as_int(S.corrected)), 0)).join(
            ActorRow, ActorRow.id == S.actor_id
        ),
        filters,
    )
    with db.read() as session:
        total, corrected = session.execute(query).one()
    return StatementSummary(int(total), int(corrected or 0))


def _as_int(flag):
    return case((flag, literal(1, Integer)), else_=literal(0, Integer))


def _chunked_counts(db: Database, ids: list[int]) -> tuple[int, int]:
    total = corrected = 0
    with db.read() as session:
        for i in range(0, len(ids), 2_000):
            chunk = ids[i : i + 2_000]
            n, c = session.execute(
                select(func.count(), func.coalesce(func.sum(_as_int(S.corrected)), 0)).where(S.statement_id.in_(chunk))
            ).one()
            total, corrected = total + int(n), corrected + int(c or 0)
    return total, corrected


def statement_ids(
    db: Database, filters: Filters, sort: str = "Newest first", labels: list[str] | None = None
) -> list[int]:
    """Every statement id the filters (and stance labels) select, in the table's order: for exports."""
    query = _statements(filters, labels).order_by(*SORTS[sort], S.statement_id)
    with db.read() as session:
        rows = session.execute(query).all()
    if not rows:
        return []
    frame = pd.DataFrame(rows, columns=["statement_id", "article_id"])
    return frame.loc[_in_conflicts(db, filters, frame["article_id"]), "statement_id"].astype(int).tolist()


def statement_page(
    db: Database, filters: Filters, sort: str, labels: list[str] | None, page: int, page_size: int
) -> tuple[list[int], int]:
    """(ids of one page of statements in the table's order, how many match in all)."""
    if filters.conflicts:  # worked out outside the database: page in Python
        ids = statement_ids(db, filters, sort, labels)
        return ids[(page - 1) * page_size : page * page_size], len(ids)
    query = _statements(filters, labels)
    with db.read() as session:
        total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
        found = session.scalars(
            query.with_only_columns(S.statement_id)
            .order_by(*SORTS[sort], S.statement_id)
            .limit(page_size)
            .offset((page - 1) * page_size)
        ).all()
    return [int(i) for i in found], int(total)
