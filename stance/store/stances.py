"""The statement_stance table: each statement's effective stance, kept in step by every write.

The charts aggregate over this table in the database instead of reading every statement into
pandas. A row holds what `queries.stance_rows()` works out at read time: the latest active label
correction (its LABEL_SCORE) else the newest score; the actor of the latest active speaker
correction, followed through merges, else the statement's own; the article's date and source.
A statement marked "not a statement" has no row. What counts toward an actor's stance (the
abstention threshold) stays a read-time choice, so a changed setting needs no refresh.

`refresh_stances` deletes the rows it is given and inserts them again with one INSERT ... SELECT;
every write that could change them calls it inside its own transaction, so a reader never sees
a correction without its effect.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import cast

from sqlalchemy import Select, case, delete, exists, func, literal, or_, select, update
from sqlalchemy.engine import Connection, CursorResult
from sqlalchemy.orm import Session, aliased

from stance.store.database import ID_CHUNK
from stance.store.models import (
    ActorRow,
    ArticleRow,
    Base,
    CorrectionRow,
    StanceScoreRow,
    StatementRow,
    StatementStanceRow,
    StoreChangeRow,
)


def note_change(bind: Session | Connection) -> None:
    """Count one more write that changes what the charts show (store_change; a store whose row is
    missing gets it). Runs in the caller's transaction."""
    table = Base.metadata.tables[StoreChangeRow.__tablename__]
    bumped = cast(CursorResult, bind.execute(update(table).where(table.c.id == 1).values(changes=table.c.changes + 1)))
    if bumped.rowcount == 0:
        bind.execute(table.insert().values(id=1, changes=1))


def refresh_stances(
    bind: Session | Connection,
    statement_ids: Iterable[int] | None = None,
    article_ids: Iterable[int] | None = None,
    *,
    counted: bool = True,
) -> None:
    """Rebuild the statement_stance rows of these statements, or of every statement of these
    articles; with neither, of every statement. Runs in the caller's transaction, and counts the
    change (note_change) unless `counted` is False (revision 0008, older than the counter)."""
    table = Base.metadata.tables[StatementStanceRow.__tablename__]
    if counted:
        note_change(bind)
    if statement_ids is None and article_ids is None:
        bind.execute(delete(table))
        bind.execute(table.insert().from_select(_COLUMNS, _effective()))
        return
    for column, stored, ids in (
        (StatementRow.id, table.c.statement_id, statement_ids),
        (StatementRow.article_id, table.c.article_id, article_ids),
    ):
        wanted = sorted({int(i) for i in ids or ()})
        for i in range(0, len(wanted), ID_CHUNK):
            chunk = wanted[i : i + ID_CHUNK]
            # By the statement's own article too: a row copies article_id, so both find it.
            bind.execute(delete(table).where(stored.in_(chunk)))
            bind.execute(
                table.insert().from_select(_COLUMNS, _effective(select(StatementRow.id).where(column.in_(chunk))))
            )


_COLUMNS = [
    "statement_id",
    "article_id",
    "actor_id",
    "start",
    "confidence",
    "headline",
    "published",
    "source",
    "label",
    "score",
    "model_top_p",
    "label_confirmed",
    "corrected",
    "score_id",
]


def _latest(row, scope: Select | None, *conditions):
    """(statement_id, id): each statement's newest `row` (a score or an active correction), as a
    grouped subquery: joined, not correlated, so PostgreSQL reads it once, not once per statement."""
    query = select(row.statement_id, func.max(row.id).label("id")).where(*conditions).group_by(row.statement_id)
    if scope is not None:
        query = query.where(row.statement_id.in_(scope))
    return query.subquery()


def _label_score(label):
    """queries.LABEL_SCORE, in SQL."""
    return case((label == "FAVOR", 1.0), (label == "AGAINST", -1.0), else_=0.0)


def _surviving():
    """(id, root): each actor and the actor it stands for now, followed through merges (queries.surviving_actor)."""
    chain = (
        select(ActorRow.id.label("id"), ActorRow.id.label("root"))
        .where(ActorRow.merged_into.is_(None))
        .cte("surviving", recursive=True)
    )
    merged = aliased(ActorRow)
    return chain.union_all(select(merged.id, chain.c.root).join(chain, merged.merged_into == chain.c.id))


def _effective(scope: Select | None = None) -> Select:
    """SELECT the statement_stance columns, one row per statement that is still a statement; `scope`
    (a SELECT of statement ids) limits it to those statements."""
    fix = aliased(CorrectionRow)
    latest_score = _latest(StanceScoreRow, scope)
    latest_label = _latest(fix, scope, fix.field == "label", fix.undone_at.is_(None))
    latest_speaker = _latest(
        fix, scope, fix.field == "speaker", fix.undone_at.is_(None), fix.new_actor_id.is_not(None)
    )  # as queries.speaker_moves: the latest that names an actor
    label_fix = aliased(CorrectionRow)
    speaker_fix = aliased(CorrectionRow)
    surviving = _surviving()
    f, a, n = StanceScoreRow.p_favor, StanceScoreRow.p_against, StanceScoreRow.p_none
    top_p = case(((f >= a) & (f >= n), f), (a >= n, a), else_=n)
    dropped = exists().where(
        CorrectionRow.statement_id == StatementRow.id,
        CorrectionRow.field == "not_statement",
        CorrectionRow.undone_at.is_(None),
    )
    label_set = label_fix.id.is_not(None)
    query = (
        select(
            StatementRow.id,
            StatementRow.article_id,
            func.coalesce(surviving.c.root, speaker_fix.new_actor_id, StatementRow.actor_id),
            StatementRow.start,
            StatementRow.confidence,
            StatementRow.kind == "headline",
            ArticleRow.published,
            ArticleRow.source,
            case((label_set, label_fix.new_value), else_=func.coalesce(StanceScoreRow.label, literal("NONE"))),
            case((label_set, _label_score(label_fix.new_value)), else_=func.coalesce(StanceScoreRow.score, 0.0)),
            top_p,
            label_set,
            or_(label_set, speaker_fix.id.is_not(None)),
            StanceScoreRow.id,
        )
        .join(ArticleRow, ArticleRow.id == StatementRow.article_id)
        .outerjoin(latest_score, latest_score.c.statement_id == StatementRow.id)
        .outerjoin(StanceScoreRow, StanceScoreRow.id == latest_score.c.id)
        .outerjoin(latest_label, latest_label.c.statement_id == StatementRow.id)
        .outerjoin(label_fix, label_fix.id == latest_label.c.id)
        .outerjoin(latest_speaker, latest_speaker.c.statement_id == StatementRow.id)
        .outerjoin(speaker_fix, speaker_fix.id == latest_speaker.c.id)
        .outerjoin(surviving, surviving.c.id == speaker_fix.new_actor_id)
        .where(~dropped)
    )
    return query if scope is None else query.where(StatementRow.id.in_(scope))
