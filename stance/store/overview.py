"""Reads for the Overview over statement_stance (stance.store.stances): the database aggregates,
and only what a chart or a table page shows leaves it.

- `stance_points`: one row per actor per article, as `stance.aggregate.per_article` makes from
  `queries.stance_rows()`: the confidence-weighted mean score of the statements that count, and
  the statement that pulls hardest (`quote_id`, for the hover).
  `narrow_points` cuts the points of a filter from the points of every statement, without a query.
- `statement_summary`, `statement_page` and `statement_ids`: the statements the filters select
  (and a search in their quotes and titles), counted, one sorted page of them, and all of them in
  order for an export; `label_counts`: how many of each stance, in how many articles.
- `uncertain_rows`: the calls waiting for review, with only what ranks them.
- `point_texts`: the title and quote of the points a chart draws, for the hover.
- `article_conflict_map`: each article's conflict, from its speakers' statement counts.
Each is one query, and each reads plain tuples from the driver (`_frame`): at 200,000 statements
building SQLAlchemy Row objects and a frame from them cost more than the queries themselves.
What counts toward a stance (NONE, headlines, uncertain calls no analyst confirmed) is decided
here at read time, with the abstention threshold from config.

The conflict filter is the one worked out outside the database: an article's conflict comes
from the actor registry's tags of its speakers (`queries.article_conflicts`), so it is applied
to article ids after the query. A caller that holds `article_conflict_map`'s answer passes it as
`conflicts`, so it is not read again.
"""

from __future__ import annotations

import gc
from dataclasses import dataclass

import numpy as np
import pandas as pd
from sqlalchemy import Integer, Select, and_, case, func, literal, or_, select
from sqlalchemy.orm import aliased

from stance.aggregate import POINT_COLUMNS
from stance.config import abstain_threshold
from stance.store.database import ID_CHUNK, Database
from stance.store.filters import Filters
from stance.store.models import ActorRow, ArticleRow, StatementRow, StatementStanceRow
from stance.store.queries import actor_conflicts, conflict_order, conflict_winners

S = StatementStanceRow


def _uncertain(row=S):
    """The model is unsure and no analyst confirmed the label (queries.apply_corrections)."""
    return and_(~row.label_confirmed, func.coalesce(row.model_top_p, 1.0) < abstain_threshold())


def _counts(row=S):
    """Whether a statement counts toward its actor's stance: not NONE, not a headline, and not an
    uncertain call."""
    return (row.label != "NONE") & ~row.headline & ~_uncertain(row)


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


def _points_by_window(filters: Filters, dates: bool) -> Select:
    """The points query for PostgreSQL: one sort of the statements that count by article and actor,
    strongest first, and windows over it for each group's sums and its first row, which is the
    quote (the earliest of the strongest statements) and carries the article's date and source.
    One scan and one sort: 0.62 s at a million statements, against 0.95 s for grouping and a
    separate window for the quote, each scanning the table."""
    counted = _filtered(
        select(S.article_id, S.actor_id, S.published, S.source, S.score, S.confidence, S.start, S.statement_id).where(
            _counts()
        ),
        filters,
        dates,
    ).subquery()
    c = counted.c
    group = (c.article_id, c.actor_id)
    ranked = select(
        c.article_id,
        c.actor_id,
        c.published,
        c.source,
        func.sum(c.score * c.confidence).over(partition_by=group).label("weighted"),
        func.sum(c.confidence).over(partition_by=group).label("weight"),
        func.count().over(partition_by=group).label("statements"),
        c.statement_id,
        func.row_number()
        .over(partition_by=group, order_by=(func.abs(c.score).desc(), c.start, c.statement_id))
        .label("rank"),
    ).subquery()
    r = ranked.c
    return (
        select(
            r.article_id,
            ActorRow.name,
            ActorRow.kind,
            r.published,
            r.source,
            r.weighted,
            r.weight,
            r.statements,
            r.statement_id,
        )
        .join(ActorRow, ActorRow.id == r.actor_id)
        .where(r.rank == 1)
    )


def _points_by_lookup(filters: Filters, dates: bool) -> Select:
    """The points query for SQLite: grouped by article and actor, each group's quote looked up
    through ix_statement_stance_article_actor (ordered by start), as a window over the statements
    costs SQLite about twice as much (PostgreSQL runs this per-group lookup slowly: 0.7 s for
    200,000 groups)."""
    counted = _filtered(
        select(S.article_id, S.actor_id, S.published, S.source, S.score, S.confidence).where(_counts()),
        filters,
        dates,
    ).subquery()
    c = counted.c
    grouped = (
        select(
            c.article_id,
            c.actor_id,
            func.min(c.published).label("published"),
            func.min(c.source).label("source"),
            func.sum(c.score * c.confidence).label("weighted"),
            func.sum(c.confidence).label("weight"),
            func.count().label("statements"),
            func.max(func.abs(c.score)).label("strongest"),
        )
        .group_by(c.article_id, c.actor_id)
        .subquery()
    )
    g = grouped.c
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
    return select(
        g.article_id, ActorRow.name, ActorRow.kind, g.published, g.source, g.weighted, g.weight, g.statements, quote
    ).join(ActorRow, ActorRow.id == g.actor_id)  # after grouping by id: one lookup per point


def stance_points(
    db: Database, filters: Filters, dates: bool = True, conflicts: pd.Series | None = None
) -> pd.DataFrame:
    """One row per actor per article (POINT_COLUMNS, `published` as datetime64), in date order;
    `dates=False` ignores the date range. Each database gets the query it runs fastest."""
    if db.engine.dialect.name == "postgresql":
        query = _points_by_window(filters, dates)
    else:
        query = _points_by_lookup(filters, dates)
    columns = ["article_id", "actor", "kind", "published", "source", "weighted", "weight", "statements", "quote_id"]
    frame = _frame(db, query, columns)
    frame = frame[_in_conflicts(db, filters, frame["article_id"], conflicts)]
    if frame.empty:
        return pd.DataFrame(columns=POINT_COLUMNS)
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


def narrow_points(points: pd.DataFrame, filters: Filters, conflicts: pd.Series | None = None) -> pd.DataFrame:
    """`stance_points(db, filters, dates=False)` worked out from `points`, the points of every
    statement (`stance_points(db, Filters(), dates=False)`): a point is one actor in one article, so
    its actor, kind, source and conflict are the point's own and each filter keeps or drops it
    whole. About 10 ms against a query's 0.2 s at a million statements. `conflicts`
    (article_conflict_map) is needed when the filters pick conflicts. The date range is left to the
    caller, as with dates=False."""
    if filters.conflicts and conflicts is None:
        raise ValueError("narrow_points needs article_conflict_map's answer to filter by conflict")
    mask = np.ones(len(points), dtype=bool)
    for column, chosen in (("actor", filters.actors), ("kind", filters.kinds), ("source", filters.sources)):
        if chosen:
            mask &= points[column].isin(chosen).to_numpy()
    if filters.conflicts:
        mask &= points["article_id"].map(conflicts).isin(filters.conflicts).to_numpy()
    return points[mask].reset_index(drop=True)


def point_texts(db: Database, ids) -> pd.DataFrame:
    """statement_id, title and quote for the statements a chart draws (its points' quote_id): only
    the two texts the hover shows, so the few thousand drawn points cost one slim read, not the
    full rows with corrections that queries.statements_by_id builds (the quote and the article's
    title are never corrected)."""
    ids = [int(i) for i in ids]
    columns = ["statement_id", "title", "quote"]
    parts = [
        _frame(
            db,
            select(StatementRow.id, ArticleRow.title, StatementRow.quote)
            .join(ArticleRow, ArticleRow.id == StatementRow.article_id)
            .where(StatementRow.id.in_(ids[i : i + ID_CHUNK])),
            columns,
        )
        for i in range(0, len(ids), ID_CHUNK)
    ]
    return pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=columns)


def article_conflict_map(db: Database, articles: Select | None = None) -> pd.Series:
    """article_id -> its conflict (queries.article_conflicts): each statement of a registry actor with
    conflict tags votes for them, split evenly; the votes are summed per article and tag in the
    database, so one row an article leaves it. `articles`, a query of article ids, limits it to
    those (every article's votes cost about 2 s at a million statements on SQLite)."""
    tags_by_actor = actor_conflicts()
    tags = conflict_order(tags_by_actor)
    with db.read() as session:
        ids = dict(
            session.execute(select(ActorRow.name, ActorRow.id).where(ActorRow.name.in_(list(tags_by_actor)))).all()
        )
    if not tags or not ids:
        return pd.Series(dtype=object)
    votes = []
    for tag in tags:  # a statement's share of each tag: 1 / how many tags its actor carries
        shares = {
            ids[name]: 1 / len(carried) for name, carried in tags_by_actor.items() if tag in carried and name in ids
        }
        votes.append(case(shares, value=S.actor_id, else_=0.0) if shares else literal(0.0))
    query = (
        select(S.article_id, *[func.sum(vote) for vote in votes])
        .where(S.actor_id.in_(list(ids.values())))
        .group_by(S.article_id)
    )
    if articles is not None:
        query = query.where(S.article_id.in_(articles))
    totals = _frame(db, query, ["article_id", *tags])
    return pd.Series(conflict_winners(totals[tags].to_numpy(dtype=float), tags), index=totals["article_id"])


def conflict_choices(speakers: list[str]) -> list[str]:
    """The conflicts these actors (the ones with statements) are tagged with: the sidebar's choices,
    without reading every article's votes. A conflict whose tagged actors are outvoted in every
    article they speak in is offered and then matches no article (article_conflict_map holds the exact ones)."""
    tags_by_actor = actor_conflicts()
    return sorted({tag for name in speakers for tag in tags_by_actor.get(name, ())})


def _in_conflicts(
    db: Database, filters: Filters, article_ids: pd.Series, conflicts: pd.Series | None = None
) -> np.ndarray:
    """Which of these article ids the conflict filter keeps (all of them when it is off)."""
    if not filters.conflicts:
        return np.ones(len(article_ids), dtype=bool)
    conflicts = article_conflict_map(db) if conflicts is None else conflicts
    return article_ids.map(conflicts).isin(filters.conflicts).to_numpy()


def _as_int(flag):
    return case((flag, literal(1, Integer)), else_=literal(0, Integer))


UNCERTAIN_COLUMNS = ["statement_id", "article_id", "actor", "published", "model_top_p", "uncertain"]


def uncertain_rows(db: Database, filters: Filters, conflicts: pd.Series | None = None) -> pd.DataFrame:
    """The uncertain calls the filters select, with only what `stance.aggregate.review_queue` ranks
    them by (UNCERTAIN_COLUMNS): at a million statements over half a million of them wait, and the
    Review page shows ten, so no text column leaves the database (names are joined in pandas)."""
    query = _filtered(
        select(S.statement_id, S.article_id, S.actor_id, S.published, S.model_top_p).where(_uncertain()), filters
    )
    frame = _frame(db, query, ["statement_id", "article_id", "actor_id", "published", "model_top_p"])
    frame = frame[_in_conflicts(db, filters, frame["article_id"], conflicts)]
    with db.read() as session:
        names = dict(session.execute(select(ActorRow.id, ActorRow.name)).all())
    return frame.assign(
        actor=frame["actor_id"].map(names),
        published=pd.to_datetime(frame["published"], errors="coerce"),
        model_top_p=frame["model_top_p"].astype(float),
        uncertain=True,
    )[UNCERTAIN_COLUMNS].reset_index(drop=True)


# ----- the statements table ------------------------------------------------------------------------

SORTS: dict[str, list] = {  # dashboard/tables.py's sorts, undated statements last as there
    "Newest first": [S.published.desc().nulls_last(), S.article_id.desc(), S.start],
    "Oldest first": [S.published.asc().nulls_last(), S.article_id, S.start],
    "Most for talks": [S.score.desc(), S.published.desc().nulls_last()],
    "Most against talks": [S.score, S.published.desc().nulls_last()],
    "Actor A–Z": [ActorRow.name, S.published.desc().nulls_last()],
}


def _statements(filters: Filters, labels: list[str] | None = None, search: str | None = None) -> Select:
    """The statements table's rows: the filters, the stance labels, and `search`, words the quote or
    the article's title holds (any case, taken literally: % and _ are not wildcards)."""
    query = _filtered(select(S.statement_id, S.article_id).join(ActorRow, ActorRow.id == S.actor_id), filters)
    if labels:
        query = query.where(S.label.in_(labels))
    if search:
        query = (
            query.join(StatementRow, StatementRow.id == S.statement_id)
            .join(ArticleRow, ArticleRow.id == S.article_id)
            .where(
                or_(
                    StatementRow.quote.icontains(search, autoescape=True),
                    ArticleRow.title.icontains(search, autoescape=True),
                )
            )
        )
    return query


@dataclass(frozen=True)
class StatementSummary:
    statements: int
    corrected: int


def statement_summary(db: Database, filters: Filters, conflicts: pd.Series | None = None) -> StatementSummary:
    """How many statements the filters select, and how many of them an analyst corrected."""
    counts = (func.count(), func.coalesce(func.sum(_as_int(S.corrected)), 0))
    if filters.conflicts:  # counted per article, and the articles of those conflicts kept
        per_article = _frame(
            db,
            _filtered(select(S.article_id, *counts), filters).group_by(S.article_id),
            ["article_id", "statements", "corrected"],
        )
        kept = per_article[_in_conflicts(db, filters, per_article["article_id"], conflicts)]
        return StatementSummary(int(kept["statements"].sum()), int(kept["corrected"].sum()))
    with db.read() as session:
        total, corrected = session.execute(_filtered(select(*counts), filters)).one()
    return StatementSummary(int(total), int(corrected))


@dataclass(frozen=True)
class LabelCounts:
    statements: int
    articles: int
    labels: dict[str, int]  # FAVOR / AGAINST / NONE -> statements (corrections applied)


def label_counts(db: Database, filters: Filters, conflicts: pd.Series | None = None) -> LabelCounts:
    """How many statements the filters select, in how many articles, and how many of each stance:
    the Actors page's figures, counted per article and label in the database."""
    per_article = _frame(
        db,
        _filtered(select(S.article_id, S.label, func.count()), filters).group_by(S.article_id, S.label),
        ["article_id", "label", "statements"],
    )
    kept = per_article[_in_conflicts(db, filters, per_article["article_id"], conflicts)]
    by_label = kept.groupby("label")["statements"].sum()
    return LabelCounts(
        int(kept["statements"].sum()),
        int(kept["article_id"].nunique()),
        {str(label): int(n) for label, n in by_label.items()},
    )


def statement_ids(
    db: Database,
    filters: Filters,
    sort: str = "Newest first",
    labels: list[str] | None = None,
    conflicts: pd.Series | None = None,
    search: str | None = None,
) -> list[int]:
    """Every statement id the filters (stance labels, search) select, in the table's order: for exports."""
    query = _statements(filters, labels, search).order_by(*SORTS[sort], S.statement_id)
    frame = _frame(db, query, ["statement_id", "article_id"])
    return frame.loc[_in_conflicts(db, filters, frame["article_id"], conflicts), "statement_id"].astype(int).tolist()


def statement_page(
    db: Database,
    filters: Filters,
    sort: str,
    labels: list[str] | None,
    page: int,
    page_size: int,
    total: int | None = None,
    conflicts: pd.Series | None = None,
    search: str | None = None,
) -> tuple[list[int], int]:
    """(ids of one page of statements in the table's order, how many match in all); `total`, where
    the caller has counted them already (statement_summary, with no label filter or search), spares
    the count."""
    if filters.conflicts:  # worked out outside the database: page in Python
        ids = statement_ids(db, filters, sort, labels, conflicts, search)
        return ids[(page - 1) * page_size : page * page_size], len(ids)
    query = _statements(filters, labels, search)
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
