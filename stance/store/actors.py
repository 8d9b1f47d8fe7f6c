"""Actor management: rename, merge (recorded, undoable), kind and affiliation, reviewed, colour slot.

Renames and merges work through aliases: the old name becomes an alias of the surviving
actor, and every save looks names up through aliases first, so re-ingesting an article
(or a new one naming the old form) lands on the analyst's choice.
"""

from __future__ import annotations

from collections import Counter
from typing import Iterable

from sqlalchemy import select, update

from stance.names import normalise
from stance.records import ACTOR_KINDS
from stance.store.database import Database
from stance.store.models import ActorMergeRow, ActorRow, AliasRow, StatementRow, utcnow


def _actor(session, name_or_id: str | int) -> ActorRow:
    if isinstance(name_or_id, int):
        row = session.get(ActorRow, name_or_id)
    else:
        row = session.scalar(select(ActorRow).where(ActorRow.name == name_or_id))
    if row is None:
        raise LookupError(f"No actor {name_or_id!r}. Check the name on the Actors page or with `stance actors list`.")
    return row


def rename(db: Database, actor: str | int, new_name: str) -> None:
    new_name = new_name.strip()
    if not new_name:
        raise ValueError("The new name is empty. Type the name the actor should have.")

    def work(session) -> None:
        row = _actor(session, actor)
        clash = session.scalar(select(ActorRow).where(ActorRow.name == new_name))
        if clash is not None and clash.id != row.id:
            raise ValueError(f"{new_name!r} already exists. Merge the two actors instead of renaming.")
        row.name = new_name
        key = normalise(new_name)
        existing = session.scalar(select(AliasRow).where(AliasRow.alias == key))
        if existing is None:
            session.add(AliasRow(alias=key, actor_id=row.id))
        elif existing.actor_id != row.id:
            existing.actor_id = row.id

    return db.write(work)


def update_details(db: Database, actor: str | int, *, kind: str | None = None, affiliation: str | None = None, reviewed: bool | None = None) -> None:
    if kind is not None and kind not in ACTOR_KINDS:
        raise ValueError(f"Kind must be one of {', '.join(ACTOR_KINDS)}, not {kind!r}.")

    def work(session) -> None:
        row = _actor(session, actor)
        if kind is not None:
            row.kind = kind
        if affiliation is not None:
            row.affiliation = affiliation.strip() or None
        if reviewed is not None:
            row.reviewed = reviewed

    return db.write(work)


def give_colour_slots(db: Database, names: Iterable[str], slots: int) -> None:
    """Give each of these actors that has none the least used of `slots` colour slots (the lowest
    on a tie), in the order given: the first `slots` actors named all differ. A slot once given is
    never changed here, so an actor keeps its colour whatever is uploaded, renamed or merged later;
    of two processes giving the same actor a slot at once, the first wins."""

    def work(session) -> None:
        used = Counter(session.scalars(select(ActorRow.colour_slot).where(ActorRow.merged_into.is_(None), ActorRow.colour_slot.is_not(None))))
        wanted = list(dict.fromkeys(names))
        missing = dict(session.execute(select(ActorRow.name, ActorRow.id).where(ActorRow.colour_slot.is_(None))).all())
        for name in wanted:
            if name not in missing:
                continue
            slot = min(range(slots), key=lambda s: (used[s], s))
            given = session.execute(update(ActorRow).where(ActorRow.id == missing[name], ActorRow.colour_slot.is_(None)).values(colour_slot=slot))
            if given.rowcount:
                used[slot] += 1

    db.write(work)


def merge(db: Database, source: str | int, target: str | int, analyst: str = "analyst") -> int:
    """Move every statement and alias of source to target; returns the merge id for undo."""

    def work(session) -> int:
        src, dst = _actor(session, source), _actor(session, target)
        if src.id == dst.id:
            raise ValueError("An actor cannot be merged into itself. Pick two different actors.")
        if src.merged_into is not None:
            raise ValueError(f"{src.name} is already merged. Undo that merge first.")
        statement_ids = list(session.scalars(select(StatementRow.id).where(StatementRow.actor_id == src.id)))
        alias_ids = list(session.scalars(select(AliasRow.id).where(AliasRow.actor_id == src.id)))
        session.execute(update(StatementRow).where(StatementRow.id.in_(statement_ids)).values(actor_id=dst.id))
        session.execute(update(AliasRow).where(AliasRow.id.in_(alias_ids)).values(actor_id=dst.id))
        src.merged_into = dst.id
        record = ActorMergeRow(
            source_id=src.id, target_id=dst.id, statement_ids=",".join(map(str, statement_ids)),
            alias_ids=",".join(map(str, alias_ids)), analyst=analyst or "analyst",
        )
        session.add(record)
        session.flush()
        return record.id

    return db.write(work)


def undo_merge(db: Database, merge_id: int) -> None:
    def work(session) -> None:
        record = session.get(ActorMergeRow, merge_id)
        if record is None or record.undone_at is not None:
            raise LookupError(f"No active merge {merge_id}.")
        ids = lambda text: [int(x) for x in text.split(",") if x]  # noqa: E731
        session.execute(update(StatementRow).where(StatementRow.id.in_(ids(record.statement_ids))).values(actor_id=record.source_id))
        # Statements stored after the merge under one of the source's names go back too.
        moved_aliases = set(session.scalars(select(AliasRow.alias).where(AliasRow.id.in_(ids(record.alias_ids)))))
        later = session.execute(select(StatementRow.id, StatementRow.attributed_as).where(StatementRow.actor_id == record.target_id)).all()
        back = [sid for sid, name in later if name and normalise(name) in moved_aliases]
        session.execute(update(StatementRow).where(StatementRow.id.in_(back)).values(actor_id=record.source_id))
        session.execute(update(AliasRow).where(AliasRow.id.in_(ids(record.alias_ids))).values(actor_id=record.source_id))
        session.get(ActorRow, record.source_id).merged_into = None
        record.undone_at = utcnow()

    return db.write(work)


def merges(db: Database) -> list[dict]:
    with db.read() as session:
        rows = session.execute(
            select(ActorMergeRow.id, ActorMergeRow.source_id, ActorMergeRow.target_id, ActorMergeRow.analyst, ActorMergeRow.created_at, ActorMergeRow.undone_at)
            .order_by(ActorMergeRow.id)
        ).all()
        names = dict(session.execute(select(ActorRow.id, ActorRow.name)).all())
    return [
        {"id": r.id, "source": names.get(r.source_id), "target": names.get(r.target_id), "analyst": r.analyst, "created_at": r.created_at, "undone": r.undone_at is not None}
        for r in rows
    ]
