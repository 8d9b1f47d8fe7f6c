"""Read queries for the faces: statements with corrections applied, fast enough for 100,000 rows.

Two shapes of the same truth:
- `statement_select()` + `read_statements()`: every column of a statement (text, quote, article
  title), for tables and exports; `Store.statements()` is built on them.
- `stance_rows()`: one slim row per statement (ids, actor, date, source, label, score), fetched
  through the raw driver cursor because it is read whole for charts and aggregates.
Corrections are applied the same way to both (`apply_corrections`), so they win everywhere.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

import numpy as np
import pandas as pd
from sqlalchemy import Select, case, func, select
from sqlalchemy.orm import aliased

from stance.config import abstain_threshold
from stance.store.database import ID_CHUNK, Database, reachable
from stance.store.filters import Filters
from stance.store.models import (
    ActorMergeRow,
    ActorRenameRow,
    ActorRow,
    ArticleRow,
    CorrectionRow,
    StanceScoreRow,
    StatementRow,
    StoreChangeRow,
)

CORRECTION_FIELDS = ("label", "speaker", "not_statement")
LABEL_SCORE = {"FAVOR": 1.0, "AGAINST": -1.0, "NONE": 0.0}


def statement_select() -> Select:
    """Every statement with its speaker, article and latest model score (before corrections)."""
    # Correlated, so reading a few statements by id touches only their scores (index lookups).
    newer = aliased(StanceScoreRow)
    latest = (
        select(func.max(newer.id))
        .where(newer.statement_id == StatementRow.id)
        .correlate(StatementRow)
        .scalar_subquery()
    )
    return (
        select(
            StatementRow.id.label("statement_id"),
            StatementRow.article_id,
            StatementRow.quote,
            StatementRow.text,
            StatementRow.start,
            StatementRow.end,
            StatementRow.kind.label("statement_kind"),
            StatementRow.cue,
            StatementRow.channel,
            StatementRow.confidence,
            ActorRow.name.label("actor"),
            ActorRow.kind.label("actor_kind"),
            ActorRow.affiliation,
            ArticleRow.title,
            ArticleRow.source,
            ArticleRow.published,
            ArticleRow.url,
            StanceScoreRow.label.label("model_label"),
            StanceScoreRow.score.label("model_score"),
            StanceScoreRow.p_favor,
            StanceScoreRow.p_against,
            StanceScoreRow.p_none,
            StanceScoreRow.model_version,
            _top_probability().label("model_top_p"),
        )
        .join(ActorRow, ActorRow.id == StatementRow.actor_id)
        .join(ArticleRow, ArticleRow.id == StatementRow.article_id)
        .join(StanceScoreRow, StanceScoreRow.id == latest, isouter=True)
    )


def _top_probability():
    """The largest of the three class probabilities, in SQL that every database runs."""
    f, a, n = StanceScoreRow.p_favor, StanceScoreRow.p_against, StanceScoreRow.p_none
    return case(((f >= a) & (f >= n), f), (a >= n, a), else_=n)


def read_statements(db: Database, query: Select) -> pd.DataFrame:
    """Run a `statement_select()` query and apply the analysts' corrections."""
    with db.read() as session:
        frame = pd.read_sql(query, session.connection())
        corrections = _active_corrections(session)
        actor_kinds = dict(session.execute(select(ActorRow.name, ActorRow.kind)).all())
    return apply_corrections(frame, corrections, actor_kinds)


def statements_by_id(db: Database, ids: Iterable[int]) -> pd.DataFrame:
    """Full statement rows for the given ids, corrections applied, in date order."""
    ids = [int(i) for i in ids]
    if not ids:
        return read_statements(db, statement_select().where(StatementRow.id.in_([-1])))
    parts = [
        read_statements(db, statement_select().where(StatementRow.id.in_(ids[i : i + ID_CHUNK])))
        for i in range(0, len(ids), ID_CHUNK)
    ]
    frame = pd.concat(parts, ignore_index=True) if len(parts) > 1 else parts[0]
    return frame.sort_values(["published", "article_id", "start"], na_position="last").reset_index(drop=True)


def _active_corrections(session) -> pd.DataFrame:
    """Active corrections in the order saved; a speaker correction's new_value is the current name of
    the actor it points to, followed through merges, so it moves with a rename or a merge."""
    frame = pd.read_sql(
        select(
            CorrectionRow.statement_id,
            CorrectionRow.field,
            CorrectionRow.new_value,
            CorrectionRow.new_actor_id,
            CorrectionRow.id,
        )
        .where(CorrectionRow.undone_at.is_(None))
        .order_by(CorrectionRow.id),
        session.connection(),
    )
    speaker = frame["field"].eq("speaker") & frame["new_actor_id"].notna()
    if speaker.any():
        names = surviving_names(session)
        frame.loc[speaker, "new_value"] = frame.loc[speaker, "new_actor_id"].astype("int64").map(names)
    return frame.drop(columns="new_actor_id")


def speaker_moves(session) -> pd.DataFrame:
    """One row per statement whose speaker an analyst corrected: `from_id` (the actor it is stored
    under) and `to_id` (the actor the latest active correction names, followed through merges)."""
    rows = session.execute(
        select(CorrectionRow.statement_id, StatementRow.actor_id, CorrectionRow.new_actor_id)
        .join(StatementRow, StatementRow.id == CorrectionRow.statement_id)
        .where(
            CorrectionRow.field == "speaker", CorrectionRow.undone_at.is_(None), CorrectionRow.new_actor_id.is_not(None)
        )
        .order_by(CorrectionRow.id)
    ).all()
    frame = pd.DataFrame(rows, columns=["statement_id", "from_id", "to_id"]).drop_duplicates(
        "statement_id", keep="last"
    )
    if not frame.empty:
        merged_into = dict(session.execute(select(ActorRow.id, ActorRow.merged_into)).all())
        frame["to_id"] = [surviving_actor(int(i), merged_into) for i in frame["to_id"]]
    return frame


def surviving_actor(actor_id: int, merged_into: dict[int, int | None]) -> int:
    """The actor an id stands for now: itself, or the actor it was merged into (followed to the end)."""
    seen = {actor_id}
    into = merged_into.get(actor_id)
    while into is not None and into not in seen:
        actor_id = into
        seen.add(actor_id)
        into = merged_into.get(actor_id)
    return actor_id


def surviving_names(session) -> dict[int, str]:
    """actor id -> the name of the actor it stands for now (see surviving_actor)."""
    rows = session.execute(select(ActorRow.id, ActorRow.name, ActorRow.merged_into)).all()
    merged_into = {row.id: row.merged_into for row in rows}
    names = {row.id: row.name for row in rows}
    return {row.id: names[surviving_actor(row.id, merged_into)] for row in rows}


def apply_corrections(frame: pd.DataFrame, corrections: pd.DataFrame, actor_kinds: dict[str, str]) -> pd.DataFrame:
    """The effective label, score and speaker: an analyst's latest active correction wins over the model.

    `uncertain`: the model's top probability is under the abstention threshold and no analyst has
    confirmed or corrected the label yet (a confirmation is a label correction to the same label).
    """
    frame = frame.copy()
    frame["label"] = frame["model_label"].fillna("NONE").astype(str)
    frame["score"] = frame["model_score"].astype(float).fillna(0.0)
    frame["corrected"] = False
    frame["uncertain"] = frame["model_top_p"].astype(float).fillna(1.0) < abstain_threshold()
    if corrections.empty or frame.empty:
        return frame
    latest = corrections.drop_duplicates(["statement_id", "field"], keep="last")
    dropped = set(latest.loc[latest["field"] == "not_statement", "statement_id"])
    for field in ("label", "speaker"):
        values = latest[latest["field"] == field].set_index("statement_id")["new_value"]
        if values.empty:
            continue
        mapped = frame["statement_id"].map(values)
        mask = mapped.notna()
        if not mask.any():
            continue  # an empty assignment trips pandas' dtype checks
        if field == "label":
            frame.loc[mask, "label"] = mapped[mask]
            frame.loc[mask, "score"] = mapped[mask].map(LABEL_SCORE)
            frame.loc[mask, "uncertain"] = False
        else:
            frame.loc[mask, "actor"] = mapped[mask]
            frame.loc[mask, "actor_kind"] = mapped[mask].map(actor_kinds).fillna("person")
        frame.loc[mask, "corrected"] = True
    if dropped:
        frame = frame[~frame["statement_id"].isin(dropped)]
    return frame


# ----- the slim frame for charts and aggregates -------------------------------------------------

STANCE_ROW_COLUMNS = [
    "statement_id",
    "article_id",
    "start",
    "confidence",
    "actor",
    "actor_kind",
    "published",
    "source",
    "label",
    "score",
    "corrected",
    "uncertain",
    "model_top_p",
    "headline",
    "conflict",
]


def stance_rows(db: Database) -> pd.DataFrame:
    """One row per statement with its effective stance (see STANCE_ROW_COLUMNS); `published` is datetime64."""
    label_code = case(
        {label: code for code, label in enumerate(_LABEL_CODES) if label}, value=StanceScoreRow.label, else_=0
    )
    query = select(
        StatementRow.id,
        StatementRow.article_id,
        StatementRow.actor_id,
        StatementRow.start,
        StatementRow.confidence,
        StanceScoreRow.id,
        label_code,
        StanceScoreRow.score,
        _top_probability(),
        case((StatementRow.kind == "headline", 1), else_=0),
    ).join(StanceScoreRow, StanceScoreRow.statement_id == StatementRow.id, isouter=True)
    raw = _fetch_numbers(
        db,
        query,
        [
            "statement_id",
            "article_id",
            "actor_id",
            "start",
            "confidence",
            "score_id",
            "label_code",
            "model_score",
            "model_top_p",
            "headline",
        ],
    )
    if raw["statement_id"].duplicated().any():  # rescored: keep each statement's latest score
        raw = raw.sort_values("score_id", na_position="first").drop_duplicates("statement_id", keep="last")
    with db.read() as session:
        actors = pd.read_sql(select(ActorRow.id, ActorRow.name, ActorRow.kind), session.connection()).set_index("id")
        articles = pd.read_sql(
            select(ArticleRow.id, ArticleRow.published, ArticleRow.source), session.connection()
        ).set_index("id")
        corrections = _active_corrections(session)
    actor_ids, article_ids = raw["actor_id"].astype("int64"), raw["article_id"].astype("int64")
    frame = pd.DataFrame(
        {
            "statement_id": raw["statement_id"].astype("int64").to_numpy(),
            "article_id": article_ids.to_numpy(),
            "start": raw["start"].astype("int64").to_numpy(),
            "confidence": raw["confidence"].to_numpy(),
            "actor": actors["name"].reindex(actor_ids).to_numpy(),
            "actor_kind": actors["kind"].reindex(actor_ids).to_numpy(),
            "published": pd.to_datetime(articles["published"], errors="coerce").reindex(article_ids).to_numpy(),
            "source": articles["source"].reindex(article_ids).to_numpy(),
            "model_label": _LABEL_CODES[raw["label_code"].fillna(0).astype(int).to_numpy()],
            "model_score": raw["model_score"].to_numpy(),
            "model_top_p": raw["model_top_p"].to_numpy(),
            "headline": raw["headline"].astype(bool).to_numpy(),
        }
    )
    frame = apply_corrections(frame, corrections, dict(zip(actors["name"], actors["kind"])))
    frame["conflict"] = frame["article_id"].map(article_conflicts(frame, actor_conflicts()))
    days = frame["published"].to_numpy().astype("datetime64[D]")
    published = np.where(np.isnat(days), np.iinfo(np.int64).max, days.astype("int64"))  # undated last
    order = np.lexsort((frame["start"].to_numpy(), frame["article_id"].to_numpy(), published))
    return frame[STANCE_ROW_COLUMNS].iloc[order].reset_index(drop=True)


_LABEL_CODES = np.array([None, "FAVOR", "AGAINST", "NONE"], dtype=object)


def _fetch_numbers(db: Database, query: Select, columns: list[str]) -> pd.DataFrame:
    """Numeric rows through the driver's own cursor, straight into one float array: for a whole
    table this is several times faster than going through result rows or pd.read_sql."""
    sql = str(query.compile(dialect=db.engine.dialect, compile_kwargs={"literal_binds": True}))
    with reachable():
        connection = db.engine.raw_connection()
        try:
            cursor = connection.cursor()
            cursor.execute(sql)
            rows = cursor.fetchall()
        finally:
            connection.close()
    values = np.array(rows, dtype=float).reshape(len(rows), len(columns))
    return pd.DataFrame(values, columns=columns)


def apply_filters(rows: pd.DataFrame, filters: Filters, dates: bool = True) -> pd.DataFrame:
    """The rows (a stance_rows or statements frame) that the filters select; `dates=False` ignores the date range."""
    mask = pd.Series(True, index=rows.index)
    published = pd.to_datetime(rows["published"]) if dates and (filters.start or filters.end) else None
    if published is not None and filters.start:
        mask &= published >= pd.Timestamp(filters.start)
    if published is not None and filters.end:
        mask &= published <= pd.Timestamp(filters.end)
    if filters.actors:
        mask &= rows["actor"].isin(filters.actors)
    if filters.kinds:
        mask &= rows["actor_kind"].isin(filters.kinds)
    if filters.sources:
        mask &= rows["source"].isin(filters.sources)
    if getattr(filters, "conflicts", None):
        conflict = (
            rows["conflict"]
            if "conflict" in rows
            else rows["article_id"].map(article_conflicts(rows, actor_conflicts()))
        )
        mask &= conflict.isin(filters.conflicts)
    return rows[mask]


# ----- conflicts: derived from the actor registry ------------------------------------------------


@lru_cache(maxsize=1)
def actor_conflicts() -> dict[str, tuple[str, ...]]:
    """Registry actor name -> conflict tags (data/actors.yaml). Actors outside the registry have none."""
    from stance.config import ACTORS_FILE
    from stance.registry import Registry

    try:
        registry = Registry.load(ACTORS_FILE)
    except (OSError, ValueError):
        return {}
    return {name: tuple(actor.conflicts) for name, actor in registry.actors.items() if actor.conflicts}


def article_conflicts(rows: pd.DataFrame, tags_by_actor: dict[str, tuple[str, ...]]) -> pd.Series:
    """article_id -> the conflict its speakers point to: each statement votes for its speaker's tags,
    split evenly (a speaker tagged with one conflict counts more than one tagged with three).
    Articles whose speakers are all unknown to the registry get no conflict (NA). A `statements`
    column, where the rows are already counted per article and actor, gives each row that many votes."""
    tags = conflict_order(tags_by_actor)
    if rows.empty or not tags:
        return pd.Series(dtype=object)
    actor_codes, actor_names = pd.factorize(rows["actor"])
    votes = np.zeros((len(actor_names) + 1, len(tags)))  # the last row, for a missing actor (code -1), stays empty
    for i, name in enumerate(actor_names):
        for tag in tags_by_actor.get(name, ()):
            votes[i, tags.index(tag)] = 1 / len(tags_by_actor[name])
    article_codes, article_ids = pd.factorize(rows["article_id"])
    statement_votes = votes[actor_codes]
    if "statements" in rows:
        statement_votes = statement_votes * rows["statements"].to_numpy(dtype=float)[:, None]
    totals = np.column_stack(
        [
            np.bincount(article_codes, weights=statement_votes[:, j], minlength=len(article_ids))
            for j in range(len(tags))
        ]
    )
    return pd.Series(conflict_winners(totals, tags), index=article_ids)


def conflict_order(tags_by_actor: dict[str, tuple[str, ...]]) -> list[str]:
    """Every conflict tag, the ones more actors carry first: on a tie in votes, the earlier wins."""
    counts = pd.Series([t for values in tags_by_actor.values() for t in values], dtype=object).value_counts()
    return sorted(counts.index, key=lambda t: (-counts[t], t))


def conflict_winners(totals: np.ndarray, tags: list[str]) -> np.ndarray:
    """For each row of votes (a column per tag, in conflict_order), the tag with most; None where none."""
    totals = totals.round(9)  # shares of 1/3 and 1/6 summed in another order differ in the last bit: a tie stays one
    winners = np.array(tags, dtype=object)[totals.argmax(axis=1)]
    winners[totals.max(axis=1) == 0] = None
    return winners


# ----- small reads ----------------------------------------------------------------------------------


def data_version(db: Database) -> tuple:
    """Changes whenever an article, statement, score, correction, merge or rename is added or undone,
    an article's date or source is set, or an actor's details change: the store_change counter (every
    write that refreshes statement_stance adds one), the newest ids (index lookups) and the undo
    counts of the small tables. Nothing here counts the big tables: at a million statements on
    PostgreSQL those counts took 0.15 s, paid on every render after a change and every 2 s."""
    with db.read() as session:
        return tuple(
            session.execute(
                select(
                    select(func.max(StoreChangeRow.changes)).scalar_subquery(),
                    select(func.max(ArticleRow.id)).scalar_subquery(),  # an article stored without statements
                    select(func.max(StatementRow.id)).scalar_subquery(),
                    select(func.max(StanceScoreRow.id)).scalar_subquery(),
                    select(func.max(CorrectionRow.id)).scalar_subquery(),
                    select(func.count(CorrectionRow.undone_at)).scalar_subquery(),
                    select(func.max(ActorMergeRow.id)).scalar_subquery(),
                    select(func.count(ActorMergeRow.undone_at)).scalar_subquery(),
                    select(func.max(ActorRenameRow.id)).scalar_subquery(),
                    select(func.count(ActorRenameRow.undone_at)).scalar_subquery(),
                    select(func.count()).select_from(ActorRow).scalar_subquery(),
                )
            ).one()
        )
