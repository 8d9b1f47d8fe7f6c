"""Actor management: rename and merge (both recorded, undoable), kind and affiliation, reviewed, colour slot.

Renames and merges work through aliases: the old name becomes an alias of the surviving
actor, and every save looks names up through aliases first, so re-ingesting an article
(or a new one naming the old form) lands on the analyst's choice. Names are compared as
aliases are stored (normalised: "the Kremlin" = "kremlin"), so a rename cannot take a name
or an alias another actor has.

A merge holds the rows of both actors locked while it moves statements by actor id, and a
save reads an alias under the same lock (`surviving_id`), so a merge and an ingest running at
once never leave a statement on a merged-away actor.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from sqlalchemy import delete, select, update

from stance.names import normalise
from stance.records import ACTOR_KINDS
from stance.store.database import Database, Writer
from stance.store.limits import AFFILIATION_CHARS, check_actor_name, check_analyst, check_length
from stance.store.models import (
    ActorMergeRow,
    ActorRenameRow,
    ActorRow,
    AliasRow,
    CorrectionRow,
    StatementRow,
    utcnow,
)
from stance.store.stances import note_change, refresh_stances


def _actor(session, name_or_id: str | int) -> ActorRow:
    if isinstance(name_or_id, int):
        row = session.get(ActorRow, name_or_id)
    else:
        row = session.scalar(select(ActorRow).where(ActorRow.name == name_or_id))
    if row is None:
        raise LookupError(f"No actor {name_or_id!r}. Check the name on the Actors page or with `stance actors list`.")
    return row


def lock_actors(session, ids: Iterable[int]) -> None:
    """Hold these actor rows until the transaction ends. PostgreSQL: SELECT ... FOR UPDATE, in id order
    (two merges cannot deadlock). SQLite: a no-op write, which takes the database's write lock."""
    ids = sorted(set(ids))
    if session.get_bind().dialect.name == "sqlite":
        session.execute(
            update(ActorRow)
            .where(ActorRow.id.in_(ids))
            .values(merged_into=ActorRow.merged_into)
            .execution_options(synchronize_session=False)
        )
    else:
        session.execute(select(ActorRow.id).where(ActorRow.id.in_(ids)).order_by(ActorRow.id).with_for_update())


def surviving_id(session, actor_id: int) -> int:
    """The actor a save should use for `actor_id`: itself, or the actor it was merged into. Each row is
    read locked for share (PostgreSQL), so a merge of it waits for this save, and a merge that committed
    while we waited is seen (SQLite: the save already holds the write lock)."""
    seen = set()
    while actor_id not in seen:
        seen.add(actor_id)
        merged_into = session.execute(
            select(ActorRow.merged_into).where(ActorRow.id == actor_id).with_for_update(read=True)
        ).scalar_one()
        if merged_into is None:
            break
        actor_id = merged_into
    return actor_id


def _name_taken(session, actor_id: int, name: str) -> str | None:
    """Why `name` cannot be this actor's: another actor has it as its name or as an alias (compared normalised)."""
    key = normalise(name)
    for other_id, other_name, merged_into in session.execute(select(ActorRow.id, ActorRow.name, ActorRow.merged_into)):
        if other_id != actor_id and (other_name == name or normalise(other_name) == key):
            merged = " (merged into another actor)" if merged_into is not None else ""
            return f"{name!r} is already the name of {other_name}{merged}. Merge the two actors instead of renaming."
    owner = session.scalar(select(AliasRow.actor_id).where(AliasRow.alias == key))
    if owner is not None and owner != actor_id:
        other = session.get(ActorRow, owner)
        return f"{name!r} is already a name of {other.name}: statements under it go to {other.name}. Merge the two actors instead of renaming."
    return None


def rename(db: Writer, actor: str | int, new_name: str, analyst: str = "analyst") -> int:
    """Rename an actor; the new name becomes one of its aliases. Returns the rename id for undo."""
    new_name = " ".join(new_name.split())
    if not new_name:
        raise ValueError("The new name is empty. Type the name the actor should have.")
    check_actor_name(new_name)
    check_analyst(analyst)

    def work(session) -> int:
        row = _actor(session, actor)
        lock_actors(session, [row.id])
        session.refresh(row)
        if row.merged_into is not None:
            raise ValueError(f"{row.name} is merged into another actor. Rename that one, or undo the merge first.")
        if row.name == new_name:
            raise ValueError(f"{row.name} already has that name.")
        taken = _name_taken(session, row.id, new_name)
        if taken:
            raise ValueError(taken)
        key = normalise(new_name)
        alias_id = session.scalar(select(AliasRow.id).where(AliasRow.alias == key))
        added = None
        if alias_id is None:
            alias = AliasRow(alias=key, actor_id=row.id)
            session.add(alias)
            session.flush()
            added = alias.id
        record = ActorRenameRow(
            actor_id=row.id, old_name=row.name, new_name=new_name, alias_id=added, analyst=analyst or "analyst"
        )
        row.name = new_name
        session.add(record)
        session.flush()
        return record.id

    return db.write(work)


def undo_rename(db: Writer, rename_id: int) -> None:
    """Give the actor its old name back and drop the alias the rename added. Only an actor's latest
    rename can be undone, and only while the old name is free."""

    def work(session) -> None:
        record = session.get(ActorRenameRow, rename_id)
        if record is None or record.undone_at is not None:
            raise LookupError(f"No active rename {rename_id}.")
        lock_actors(session, [record.actor_id])
        row = session.get(ActorRow, record.actor_id)
        session.refresh(row)
        later = session.scalar(
            select(ActorRenameRow.id).where(
                ActorRenameRow.actor_id == row.id, ActorRenameRow.undone_at.is_(None), ActorRenameRow.id > record.id
            )
        )
        if later is not None:
            raise ValueError(f"{row.name} was renamed again later. Undo that rename (id {later}) first.")
        if row.merged_into is not None:
            raise ValueError(f"{row.name} is merged into another actor. Undo the merge first.")
        taken = _name_taken(session, row.id, record.old_name)
        if taken:
            raise ValueError(
                taken.replace("Merge the two actors instead of renaming.", "Rename or merge that actor first.")
            )
        row.name = record.old_name
        if record.alias_id is not None:
            session.execute(delete(AliasRow).where(AliasRow.id == record.alias_id, AliasRow.actor_id == row.id))
        record.undone_at = utcnow()

    db.write(work)


def renames(db: Database) -> list[dict]:
    with db.read() as session:
        rows = session.execute(select(ActorRenameRow).order_by(ActorRenameRow.id)).scalars().all()
        return [
            {
                "id": r.id,
                "actor_id": r.actor_id,
                "old_name": r.old_name,
                "new_name": r.new_name,
                "analyst": r.analyst,
                "created_at": r.created_at,
                "undone": r.undone_at is not None,
            }
            for r in rows
        ]


def update_details(
    db: Writer,
    actor: str | int,
    *,
    kind: str | None = None,
    affiliation: str | None = None,
    reviewed: bool | None = None,
) -> None:
    if kind is not None and kind not in ACTOR_KINDS:
        raise ValueError(f"Kind must be one of {', '.join(ACTOR_KINDS)}, not {kind!r}.")
    if affiliation is not None:
        check_length("affiliation", affiliation.strip(), AFFILIATION_CHARS)

    def work(session) -> None:
        row = _actor(session, actor)
        if kind is not None:
            row.kind = kind
        if affiliation is not None:
            row.affiliation = affiliation.strip() or None
        if reviewed is not None:
            row.reviewed = reviewed
        note_change(session)  # a kind or affiliation is read at every render: not in statement_stance

    return db.write(work)


def give_colour_slots(db: Database, names: Iterable[str], slots: int) -> None:
    """Give each of these actors that has none the least used of `slots` colour slots (the lowest
    on a tie), in the order given: the first `slots` actors named all differ. A slot once given is
    never changed here, so an actor keeps its colour whatever is uploaded, renamed or merged later;
    of two processes giving the same actor a slot at once, the first wins."""

    def work(session) -> None:
        used = Counter(
            session.scalars(
                select(ActorRow.colour_slot).where(ActorRow.merged_into.is_(None), ActorRow.colour_slot.is_not(None))
            )
        )
        wanted = list(dict.fromkeys(names))
        missing = dict(session.execute(select(ActorRow.name, ActorRow.id).where(ActorRow.colour_slot.is_(None))).all())
        for name in wanted:
            if name not in missing:
                continue
            slot = min(range(slots), key=lambda s: (used[s], s))
            given = session.execute(
                update(ActorRow)
                .where(ActorRow.id == missing[name], ActorRow.colour_slot.is_(None))
                .values(colour_slot=slot)
            )
            if given.rowcount:
                used[slot] += 1

    db.write(work)


def merge(db: Writer, source: str | int, target: str | int, analyst: str = "analyst") -> int:
    """Move every statement and alias of source to target; returns the merge id for undo.

    Both actors are locked first, then statements and aliases move by actor id: a save that read
    the source's alias before the lock finishes first and its statements move too; one after it
    finds the alias on the target (see surviving_id)."""
    check_analyst(analyst)

    def work(session) -> int:
        src, dst = _actor(session, source), _actor(session, target)
        if src.id == dst.id:
            raise ValueError("An actor cannot be merged into itself. Pick two different actors.")
        lock_actors(session, [src.id, dst.id])
        session.refresh(src)
        session.refresh(dst)
        if src.merged_into is not None:
            raise ValueError(f"{src.name} is already merged. Undo that merge first.")
        if dst.merged_into is not None:
            raise ValueError(f"{dst.name} is merged into another actor. Merge into that one instead.")
        statement_ids = list(session.scalars(select(StatementRow.id).where(StatementRow.actor_id == src.id)))
        alias_ids = list(session.scalars(select(AliasRow.id).where(AliasRow.actor_id == src.id)))
        session.execute(update(StatementRow).where(StatementRow.actor_id == src.id).values(actor_id=dst.id))
        session.execute(update(AliasRow).where(AliasRow.actor_id == src.id).values(actor_id=dst.id))
        src.merged_into = dst.id
        session.flush()
        refresh_stances(session, statement_ids=_speaking_as(session, [src.id, dst.id]))
        record = ActorMergeRow(
            source_id=src.id,
            target_id=dst.id,
            statement_ids=",".join(map(str, statement_ids)),
            alias_ids=",".join(map(str, alias_ids)),
            analyst=analyst or "analyst",
        )
        session.add(record)
        session.flush()
        return record.id

    return db.write(work)


def undo_merge(db: Writer, merge_id: int) -> None:
    def work(session) -> None:
        record = session.get(ActorMergeRow, merge_id)
        if record is None or record.undone_at is not None:
            raise LookupError(f"No active merge {merge_id}.")
        lock_actors(session, [record.source_id, record.target_id])
        ids = lambda text: [int(x) for x in text.split(",") if x]  # noqa: E731
        session.execute(
            update(StatementRow).where(StatementRow.id.in_(ids(record.statement_ids))).values(actor_id=record.source_id)
        )
        # Statements stored after the merge under one of the source's names go back too.
        moved_aliases = set(session.scalars(select(AliasRow.alias).where(AliasRow.id.in_(ids(record.alias_ids)))))
        later = session.execute(
            select(StatementRow.id, StatementRow.attributed_as).where(StatementRow.actor_id == record.target_id)
        ).all()
        back = [sid for sid, name in later if name and normalise(name) in moved_aliases]
        session.execute(update(StatementRow).where(StatementRow.id.in_(back)).values(actor_id=record.source_id))
        session.execute(
            update(AliasRow).where(AliasRow.id.in_(ids(record.alias_ids))).values(actor_id=record.source_id)
        )
        session.get(ActorRow, record.source_id).merged_into = None
        record.undone_at = utcnow()
        session.flush()
        refresh_stances(session, statement_ids=_speaking_as(session, [record.source_id, record.target_id]))

    return db.write(work)


def _speaking_as(session, actor_ids: list[int]) -> list[int]:
    """The statements a merge or its undo may move: those stored under one of these actors now (the
    moved ones included), and those an analyst gave a speaker, since the actor a correction names is
    followed through merges, however long the chain (few: corrections are made by hand)."""
    stored = select(StatementRow.id).where(StatementRow.actor_id.in_(actor_ids))
    corrected = select(CorrectionRow.statement_id).where(
        CorrectionRow.field == "speaker", CorrectionRow.undone_at.is_(None)
    )
    return list(session.scalars(stored.union(corrected)))


def merges(db: Database) -> list[dict]:
    with db.read() as session:
        rows = session.execute(
            select(
                ActorMergeRow.id,
                ActorMergeRow.source_id,
                ActorMergeRow.target_id,
                ActorMergeRow.analyst,
                ActorMergeRow.created_at,
                ActorMergeRow.undone_at,
            ).order_by(ActorMergeRow.id)
        ).all()
        names = dict(session.execute(select(ActorRow.id, ActorRow.name)).all())
    return [
        {
            "id": r.id,
            "source": names.get(r.source_id),
            "target": names.get(r.target_id),
            "analyst": r.analyst,
            "created_at": r.created_at,
            "undone": r.undone_at is not None,
        }
        for r in rows
    ]
