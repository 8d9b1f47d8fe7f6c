"""The store's library calls: save one analysis per transaction, query frames for the faces."""

from __future__ import annotations

import copy
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Literal

import pandas as pd
from sqlalchemy import func, select

from stance.auth.roles import Account
from stance.config import database_url
from stance.names import normalise
from stance.records import Actor, Analysis
from stance.store import access, article_list, limits, queries
from stance.store import actors as actors_admin
from stance.store.database import Database
from stance.store.filters import Filters
from stance.store.models import ActorRow, AliasRow, ArticleRow, CorrectionRow, StanceScoreRow, StatementRow, utcnow
from stance.store.queries import CORRECTION_FIELDS
from stance.store.stances import refresh_stances

TARGET = "peace talks"
SOURCE_CHARS = limits.SOURCE_CHARS


@dataclass
class SaveOutcome:
    status: Literal["stored", "duplicate"]
    article_id: int
    statements: int = 0


class Store:
    """Every write runs as an account (stance.store.access): `by=` on the call, else the account the
    store acts as (`acting_as`), else, while the store has no accounts, the built-in local admin."""

    def __init__(self, url: str | None = None, *, by: Account | None = None):
        self.db = Database(url or database_url())
        self.by = by

    def acting_as(self, account: Account | None) -> Store:
        """This store (same database, same connections) acting as `account` for every write."""
        clone = copy.copy(self)
        clone.by = account
        return clone

    def require(self, action: str, by: Account | None = None) -> Account:
        """NotAllowed now, before any work, when the acting account may not do `action` (stance.auth.roles)."""
        return access.check(self.db, by or self.by, action)

    def guarded(
        self, action: str, target: object = None, details=None, *, by: Account | None = None
    ) -> access.GuardedDatabase:
        """The database for one write of `action`: checked against the acting account's role and audited in
        the write's transaction (stance.store.access). Hand it to the functions that take a Database."""
        return access.guarded(self.db, by or self.by, action, target, details)

    def _who(self, by: Account | None, action: str, analyst: str | None, target: object = None) -> str:
        """The name recorded with a change: a signed-in account's own; typed free text only while there are no accounts."""
        account = access.check(self.db, by or self.by, action, target)
        return account.name if account.kind == "user" else (analyst or "analyst")

    # ----- writing -----------------------------------------------------------------------
    def find_article(self, content_hash: str) -> int | None:
        with self.db.read() as session:
            return session.scalar(select(ArticleRow.id).where(ArticleRow.content_hash == content_hash))

    def save_analysis(self, analysis: Analysis, content_hash: str, *, by: Account | None = None) -> SaveOutcome:
        """Article, actors, statements and scores in one transaction; the same text twice is stored once.

        Another process may store the same article, or a new actor of ours, between our check and
        our insert: our transaction then rolls back whole and runs again, and its first check then
        reports "duplicate" (or, for a shared actor, finds it).
        """
        limits.check_analysis(analysis)
        a = analysis.article
        guard = self.guarded(
            "article.ingest",
            a.title or a.file_name,
            lambda saved: {"article_id": saved.article_id, "status": saved.status, "statements": saved.statements},
            by=by,
        )
        return guard.write(lambda session: self._save(session, analysis, content_hash))

    def _save(self, session, analysis: Analysis, content_hash: str) -> SaveOutcome:
        existing = session.scalar(select(ArticleRow.id).where(ArticleRow.content_hash == content_hash))
        if existing is not None:
            return SaveOutcome("duplicate", existing)
        a = analysis.article
        article = ArticleRow(
            content_hash=content_hash,
            title=a.title,
            source=a.source,
            url=a.url,
            published=a.published,
            date_source=a.date_source,
            language=a.language,
            text=a.text,
            file_name=a.file_name,
        )
        session.add(article)
        session.flush()  # on SQLite this takes the write lock before any alias is read (see _actor_id)
        # Sorted, so concurrent saves create shared actors in one order and cannot deadlock.
        actor_ids = {name: self._actor_id(session, actor) for name, actor in sorted(analysis.actors.items())}
        for scored in analysis.statements:
            s, p = scored.statement, scored.prediction
            row = StatementRow(
                article=article,
                actor_id=actor_ids[s.speaker],
                attributed_as=s.speaker,
                text=s.text,
                quote=s.quote,
                start=s.start,
                end=s.end,
                kind=s.kind,
                cue=s.cue,
                confidence=s.confidence,
                channel=s.channel,
            )
            row.scores.append(_score_row(p, analysis.model_version))
            session.add(row)
        session.flush()
        refresh_stances(session, article_ids=[article.id])
        return SaveOutcome("stored", article.id, len(analysis.statements))

    def _actor_id(self, session, actor: Actor) -> int:
        """The stored actor for a canonical name; an analyst's rename or merge is honoured via aliases.

        The alias is read with the lock a merge takes on the actor it points to (actors.lock_actors),
        so a merge that committed meanwhile is seen here, and one that starts later waits for this
        article: no statement is left on a merged-away actor."""
        key = normalise(actor.name)
        alias = session.scalar(select(AliasRow).where(AliasRow.alias == key))
        if alias is not None:
            return actors_admin.surviving_id(session, alias.actor_id)
        row = session.scalar(select(ActorRow).where(ActorRow.name == actor.name))
        if row is None:
            row = ActorRow(
                name=actor.name,
                kind=actor.kind,
                affiliation=actor.affiliation,
                role=actor.role,
                reviewed=actor.reviewed,
            )
            session.add(row)
            session.flush()
        actor_id = actors_admin.surviving_id(session, row.id)
        session.add(AliasRow(alias=key, actor_id=actor_id))
        session.flush()
        return actor_id

    def add_scores(self, pairs: list[tuple[int, object]], model_version: str, *, by: Account | None = None) -> int:
        """New scores for stored statements under a new model version; old scores stay."""

        def work(session) -> int:
            added = 0
            for statement_id, prediction in pairs:
                exists = session.scalar(
                    select(StanceScoreRow.id).where(
                        StanceScoreRow.statement_id == statement_id,
                        StanceScoreRow.model_version == model_version,
                        StanceScoreRow.target == TARGET,
                    )
                )
                if exists is None:
                    row = _score_row(prediction, model_version)
                    row.statement_id = statement_id
                    session.add(row)
                    added += 1
            session.flush()
            refresh_stances(session, statement_ids=[statement_id for statement_id, _ in pairs])
            return added

        return self.guarded("store.rescore", model_version, lambda added: {"scores_added": added}, by=by).write(work)

    def set_article(
        self,
        article_id: int,
        *,
        published: date | None = None,
        source: str | None = None,
        title: str | None = None,
        by: Account | None = None,
    ) -> None:
        """Set what an analyst knows of a stored article; a field left None stays as it is.

        A date set here counts as given (it wins, as a date typed at upload does) and puts an
        undated article on the timeline.
        """
        if isinstance(published, datetime):
            published = published.date()
        if published is not None and not isinstance(published, date):
            raise ValueError(f"The date must be a date (YYYY-MM-DD), not {published!r}.")
        texts = {
            field: " ".join(value.split())
            for field, value in (("source", source), ("title", title))
            if value is not None
        }
        for field, value in texts.items():
            if not value:
                raise ValueError(f"The {field} cannot be blank; leave it out to keep the current one.")
        limits.check_length("source", texts.get("source"), SOURCE_CHARS)

        def work(session) -> None:
            row = session.get(ArticleRow, article_id)
            if row is None:
                raise LookupError(f"No article {article_id}. Refresh the page and try again.")
            if published is not None:
                row.published, row.date_source = published, "given"
            for field, value in texts.items():
                setattr(row, field, value)
            session.flush()
            refresh_stances(session, article_ids=[article_id])

        changed = {"published": published.isoformat() if published else None, **texts}
        self.guarded(
            "article.set", f"article {article_id}", {k: v for k, v in changed.items() if v is not None}, by=by
        ).write(work)

    # ----- reading -----------------------------------------------------------------------------
    def counts(self) -> dict[str, int]:
        with self.db.read() as session:
            return {
                # count(*): SQLite answers it from the smallest index (count(id) reads the table)
                "articles": session.scalar(select(func.count()).select_from(ArticleRow)) or 0,
                "statements": session.scalar(select(func.count()).select_from(StatementRow)) or 0,
                "actors": session.scalar(select(func.count()).select_from(ActorRow)) or 0,
            }

    def statements(self, filters: Filters | None = None, article_id: int | None = None) -> pd.DataFrame:
        """Every statement with its speaker, article and effective stance (corrections win)."""
        filters = filters or Filters()
        query = queries.statement_select()
        if article_id is not None:
            query = query.where(StatementRow.article_id == article_id)
        if filters.start:
            query = query.where(ArticleRow.published >= filters.start)
        if filters.end:
            query = query.where(ArticleRow.published <= filters.end)
        if filters.sources:
            query = query.where(ArticleRow.source.in_(filters.sources))
        frame = queries.read_statements(self.db, query)
        frame = queries.apply_filters(
            frame, Filters(actors=filters.actors, kinds=filters.kinds, conflicts=filters.conflicts)
        )
        return frame.sort_values(["published", "article_id", "start"], na_position="last").reset_index(drop=True)

    def statements_by_id(self, ids: Iterable[int]) -> pd.DataFrame:
        """Full rows (the columns of `statements()`) for the given statement ids."""
        return queries.statements_by_id(self.db, ids)

    def stance_rows(self) -> pd.DataFrame:
        """One slim row per statement with its effective stance, for charts and aggregates at scale."""
        return queries.stance_rows(self.db)

    def data_version(self) -> tuple:
        """A cheap fingerprint that changes when articles, scores, corrections or merges change."""
        return queries.data_version(self.db)

    def articles(self, search: str | None = None) -> pd.DataFrame:
        query = (
            select(
                ArticleRow.id,
                ArticleRow.title,
                ArticleRow.source,
                ArticleRow.published,
                ArticleRow.date_source,
                ArticleRow.file_name,
                ArticleRow.ingested_at,
                ArticleRow.url,
                ArticleRow.language,
                func.count(StatementRow.id).label("statements"),
            )
            .join(StatementRow, StatementRow.article_id == ArticleRow.id, isouter=True)
            .group_by(ArticleRow.id)
        )
        query = article_list.searched(query, search)
        with self.db.read() as session:
            frame = pd.read_sql(query.order_by(ArticleRow.published.desc(), ArticleRow.id.desc()), session.connection())
        return frame

    def article(self, article_id: int) -> dict | None:
        with self.db.read() as session:
            row = session.get(ArticleRow, article_id)
            if row is None:
                return None
            return {
                "id": row.id,
                "title": row.title,
                "source": row.source,
                "published": row.published,
                "date_source": row.date_source,
                "text": row.text,
                "url": row.url,
                "file_name": row.file_name,
                "language": row.language,
            }

    def actors(self) -> pd.DataFrame:
        # Statements counted per actor first, then joined: grouping the join of every statement with
        # its actor took PostgreSQL 0.21 s at a million statements, this 0.08 s.
        said = (
            select(StatementRow.actor_id, func.count().label("statements")).group_by(StatementRow.actor_id).subquery()
        )
        query = (
            select(
                ActorRow.id,
                ActorRow.name,
                ActorRow.kind,
                ActorRow.affiliation,
                ActorRow.role,
                ActorRow.reviewed,
                ActorRow.colour_slot,
                func.coalesce(said.c.statements, 0).label("statements"),
            )
            .join(said, said.c.actor_id == ActorRow.id, isouter=True)
            .where(ActorRow.merged_into.is_(None))
            .order_by(ActorRow.name)
        )
        with self.db.read() as session:
            frame = pd.read_sql(query, session.connection())
            moves = queries.speaker_moves(session)
        if not moves.empty:  # a corrected statement counts for the speaker the analyst named
            change = moves["to_id"].value_counts().sub(moves["from_id"].value_counts(), fill_value=0)
            frame["statements"] = (frame["statements"] + frame["id"].map(change).fillna(0)).astype("int64")
        return frame

    def sources(self) -> list[str]:
        with self.db.read() as session:
            return [s for s in session.scalars(select(ArticleRow.source).distinct()) if s]

    def date_range(self) -> tuple[date | None, date | None]:
        with self.db.read() as session:
            low, high = session.execute(select(func.min(ArticleRow.published), func.max(ArticleRow.published))).one()
            return low, high

    # ----- actors --------------------------------------------------------------------------------
    def rename_actor(
        self, actor: str | int, new_name: str, analyst: str = "analyst", *, by: Account | None = None
    ) -> int:
        who = self._who(by, "actor.rename", analyst, actor)
        guard = self.guarded(
            "actor.rename", actor, lambda rename_id: {"new_name": new_name, "rename_id": rename_id}, by=by
        )
        return actors_admin.rename(guard, actor, new_name, who)

    def undo_rename(self, rename_id: int, *, by: Account | None = None) -> None:
        actors_admin.undo_rename(self.guarded("actor.undo_rename", f"rename {rename_id}", by=by), rename_id)

    def renames(self) -> list[dict]:
        return actors_admin.renames(self.db)

    def update_actor(self, actor: str | int, *, by: Account | None = None, **details) -> None:
        actors_admin.update_details(self.guarded("actor.update", actor, details, by=by), actor, **details)

    def give_colour_slots(self, names: Iterable[str], slots: int) -> None:
        actors_admin.give_colour_slots(self.db, names, slots)

    def merge_actors(
        self, source: str | int, target: str | int, analyst: str = "analyst", *, by: Account | None = None
    ) -> int:
        who = self._who(by, "actor.merge", analyst, source)
        guard = self.guarded("actor.merge", source, lambda merge_id: {"into": target, "merge_id": merge_id}, by=by)
        return actors_admin.merge(guard, source, target, who)

    def undo_merge(self, merge_id: int, *, by: Account | None = None) -> None:
        actors_admin.undo_merge(self.guarded("actor.undo_merge", f"merge {merge_id}", by=by), merge_id)

    def merges(self) -> list[dict]:
        return actors_admin.merges(self.db)

    # ----- corrections ---------------------------------------------------------------------------
    def correct(
        self,
        statement_id: int,
        field: str,
        new_value: str | None,
        analyst: str = "analyst",
        *,
        by: Account | None = None,
    ) -> int:
        """Record an analyst's change; it wins over the model everywhere until undone."""
        if field not in CORRECTION_FIELDS:
            raise ValueError(f"Cannot correct {field!r}; use one of {', '.join(CORRECTION_FIELDS)}")
        limits.check_analyst(analyst)
        if field == "speaker":
            new_value = " ".join(str(new_value or "").split())
            if not new_value:
                raise ValueError("The speaker is empty. Pick an actor or type the speaker's full name.")
            limits.check_actor_name(new_value)

        def work(session) -> int:
            statement = session.get(StatementRow, statement_id)
            if statement is None:
                raise LookupError(f"No statement {statement_id}. Refresh the page and try again.")
            value, old_id, new_id = new_value, None, None
            if field == "speaker":
                old, old_id = statement.actor.name, statement.actor_id
                assert value is not None  # a speaker correction's name was checked above
                new_id = self._speaker_id(session, value)
            elif field == "label":
                latest = max(statement.scores, key=lambda s: s.id, default=None)
                old = latest.label if latest else None
            else:
                old, value = "statement", "not a statement"
            acting = guard.acted_as
            assert acting is not None  # set by guard.write before the work runs
            row = CorrectionRow(
                statement_id=statement_id,
                field=field,
                old_value=old,
                new_value=value,
                old_actor_id=old_id,
                new_actor_id=new_id,
                analyst=acting.name if acting.kind == "user" else (analyst or "analyst"),
            )
            session.add(row)
            session.flush()
            refresh_stances(session, statement_ids=[statement_id])
            return row.id

        guard = self.guarded(
            "correction.add",
            f"statement {statement_id}",
            lambda correction_id: {"correction_id": correction_id, "field": field, "new_value": new_value},
            by=by,
        )
        return guard.write(work)

    @staticmethod
    def _speaker_id(session, name: str) -> int:
        """The actor a typed speaker name means: one with that name, else the owner of that alias
        ("the Kremlin" finds Kremlin), followed through merges; a new name is a new reviewed actor."""
        found = session.scalar(select(ActorRow.id).where(ActorRow.name == name))
        if found is None:
            found = session.scalar(select(AliasRow.actor_id).where(AliasRow.alias == normalise(name)))
        if found is None:
            actor = ActorRow(name=name, kind="person", reviewed=True)
            session.add(actor)
            session.flush()
            session.add(AliasRow(alias=normalise(name), actor_id=actor.id))
            return actor.id
        return actors_admin.surviving_id(session, found)

    def undo_correction(self, correction_id: int, *, by: Account | None = None) -> None:
        def work(session) -> None:
            row = session.get(CorrectionRow, correction_id)
            if row is None or row.undone_at is not None:
                raise LookupError(f"No active correction {correction_id}.")
            row.undone_at = utcnow()
            session.flush()
            refresh_stances(session, statement_ids=[row.statement_id])

        self.guarded("correction.undo", f"correction {correction_id}", by=by).write(work)

    def corrections(self, include_undone: bool = False) -> pd.DataFrame:
        query = select(
            CorrectionRow.id,
            CorrectionRow.statement_id,
            CorrectionRow.field,
            CorrectionRow.old_value,
            CorrectionRow.new_value,
            CorrectionRow.analyst,
            CorrectionRow.created_at,
            CorrectionRow.undone_at,
            StatementRow.text,
            StatementRow.quote,
        ).join(StatementRow, StatementRow.id == CorrectionRow.statement_id)
        if not include_undone:
            query = query.where(CorrectionRow.undone_at.is_(None))
        with self.db.read() as session:
            return pd.read_sql(query.order_by(CorrectionRow.id), session.connection())


def _score_row(prediction, model_version: str) -> StanceScoreRow:
    p = prediction.probabilities
    return StanceScoreRow(
        target=TARGET,
        model_version=model_version,
        label=prediction.label,
        p_favor=p["FAVOR"],
        p_against=p["AGAINST"],
        p_none=p["NONE"],
        score=round(p["FAVOR"] - p["AGAINST"], 6),
    )
