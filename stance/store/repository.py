"""The store's library calls: save one analysis per transaction, query frames for the faces."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Iterable

import pandas as pd
from sqlalchemy import func, select

from stance.config import database_url
from stance.names import normalise
from stance.records import Actor, Analysis
from stance.store import actors as actors_admin
from stance.store import queries
from stance.store.database import Database
from stance.store.filters import Filters
from stance.store.models import ActorRow, AliasRow, ArticleRow, CorrectionRow, StanceScoreRow, StatementRow, utcnow
from stance.store.queries import CORRECTION_FIELDS

TARGET = "peace talks"
SOURCE_CHARS = ArticleRow.source.type.length  # the column's bound


@dataclass
class SaveOutcome:
    status: str  # "stored" or "duplicate"
    article_id: int
    statements: int = 0


class Store:
    def __init__(self, url: str | None = None):
        self.db = Database(url or database_url())

    # ----- writing -----------------------------------------------------------------------
    def find_article(self, content_hash: str) -> int | None:
        with self.db.read() as session:
            return session.scalar(select(ArticleRow.id).where(ArticleRow.content_hash == content_hash))

    def save_analysis(self, analysis: Analysis, content_hash: str) -> SaveOutcome:
        """Article, actors, statements and scores in one transaction; the same text twice is stored once.

        Another process may store the same article, or a new actor of ours, between our check and
        our insert: our transaction then rolls back whole and runs again, and its first check then
        reports "duplicate" (or, for a shared actor, finds it).
        """
        return self.db.write(lambda session: self._save(session, analysis, content_hash))

    def _save(self, session, analysis: Analysis, content_hash: str) -> SaveOutcome:
        existing = session.scalar(select(ArticleRow.id).where(ArticleRow.content_hash == content_hash))
        if existing is not None:
            return SaveOutcome("duplicate", existing)
        a = analysis.article
        article = ArticleRow(
            content_hash=content_hash, title=a.title, source=a.source, url=a.url, published=a.published,
            date_source=a.date_source, language=a.language, text=a.text, file_name=a.file_name,
        )
        session.add(article)
        # Sorted, so concurrent saves create shared actors in one order and cannot deadlock.
        actor_ids = {name: self._actor_id(session, actor) for name, actor in sorted(analysis.actors.items())}
        for scored in analysis.statements:
            s, p = scored.statement, scored.prediction
            row = StatementRow(
                article=article, actor_id=actor_ids[s.speaker], attributed_as=s.speaker, text=s.text, quote=s.quote, start=s.start,
                end=s.end, kind=s.kind, cue=s.cue, confidence=s.confidence, channel=s.channel,
            )
            row.scores.append(_score_row(p, analysis.model_version))
            session.add(row)
        session.flush()
        return SaveOutcome("stored", article.id, len(analysis.statements))

    def _actor_id(self, session, actor: Actor) -> int:
        """The stored actor for a canonical name; an analyst's rename or merge is honoured via aliases."""
        key = normalise(actor.name)
        alias = session.scalar(select(AliasRow).where(AliasRow.alias == key))
        if alias is not None:
            return alias.actor_id
        row = session.scalar(select(ActorRow).where(ActorRow.name == actor.name))
        if row is None:
            row = ActorRow(name=actor.name, kind=actor.kind, affiliation=actor.affiliation, role=actor.role, reviewed=actor.reviewed)
            session.add(row)
            session.flush()
        session.add(AliasRow(alias=key, actor_id=row.id))
        session.flush()
        return row.id

    def add_scores(self, pairs: list[tuple[int, object]], model_version: str) -> int:
        """New scores for stored statements under a new model version; old scores stay."""

        def work(session) -> int:
            added = 0
            for statement_id, prediction in pairs:
                exists = session.scalar(
                    select(StanceScoreRow.id).where(
                        StanceScoreRow.statement_id == statement_id, StanceScoreRow.model_version == model_version, StanceScoreRow.target == TARGET
                    )
                )
                if exists is None:
                    row = _score_row(prediction, model_version)
                    row.statement_id = statement_id
                    session.add(row)
                    added += 1
            return added

        return self.db.write(work)

    def set_article(self, article_id: int, *, published: date | None = None, source: str | None = None, title: str | None = None) -> None:
        """Set what an analyst knows of a stored article; a field left None stays as it is.

        A date set here counts as given (it wins, as a date typed at upload does) and puts an
        undated article on the timeline.
        """
        if isinstance(published, datetime):
            published = published.date()
        if published is not None and not isinstance(published, date):
            raise ValueError(f"The date must be a date (YYYY-MM-DD), not {published!r}.")
        texts = {field: " ".join(value.split()) for field, value in (("source", source), ("title", title)) if value is not None}
        for field, value in texts.items():
            if not value:
                raise ValueError(f"The {field} cannot be blank; leave it out to keep the current one.")
        if len(texts.get("source", "")) > SOURCE_CHARS:
            raise ValueError(f"The source is longer than {SOURCE_CHARS} characters.")

        def work(session) -> None:
            row = session.get(ArticleRow, article_id)
            if row is None:
                raise LookupError(f"No article {article_id}. Refresh the page and try again.")
            if published is not None:
                row.published, row.date_source = published, "given"
            for field, value in texts.items():
                setattr(row, field, value)

        self.db.write(work)

    # ----- reading -----------------------------------------------------------------------------
    def counts(self) -> dict[str, int]:
        with self.db.read() as session:
            return {
                "articles": session.scalar(select(func.count(ArticleRow.id))) or 0,
                "statements": session.scalar(select(func.count(StatementRow.id))) or 0,
                "actors": session.scalar(select(func.count(ActorRow.id))) or 0,
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
        frame = queries.apply_filters(frame, Filters(actors=filters.actors, kinds=filters.kinds, conflicts=filters.conflicts))
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
        query = select(
            ArticleRow.id, ArticleRow.title, ArticleRow.source, ArticleRow.published, ArticleRow.date_source,
            ArticleRow.file_name, ArticleRow.ingested_at, ArticleRow.url, ArticleRow.language, func.count(StatementRow.id).label("statements"),
        ).join(StatementRow, StatementRow.article_id == ArticleRow.id, isouter=True).group_by(ArticleRow.id)
        if search:
            pattern = f"%{search}%"
            query = query.where(ArticleRow.title.ilike(pattern) | ArticleRow.text.ilike(pattern) | ArticleRow.source.ilike(pattern))
        with self.db.read() as session:
            frame = pd.read_sql(query.order_by(ArticleRow.published.desc(), ArticleRow.id.desc()), session.connection())
        return frame

    def article(self, article_id: int) -> dict | None:
        with self.db.read() as session:
            row = session.get(ArticleRow, article_id)
            if row is None:
                return None
            return {
                "id": row.id, "title": row.title, "source": row.source, "published": row.published,
                "date_source": row.date_source, "text": row.text, "url": row.url, "file_name": row.file_name,
                "language": row.language,
            }

    def actors(self) -> pd.DataFrame:
        query = (
            select(ActorRow.id, ActorRow.name, ActorRow.kind, ActorRow.affiliation, ActorRow.role, ActorRow.reviewed,
                   ActorRow.colour_slot, func.count(StatementRow.id).label("statements"))
            .join(StatementRow, StatementRow.actor_id == ActorRow.id, isouter=True)
            .where(ActorRow.merged_into.is_(None))
            .group_by(ActorRow.id)
            .order_by(ActorRow.name)
        )
        with self.db.read() as session:
            return pd.read_sql(query, session.connection())

    def sources(self) -> list[str]:
        with self.db.read() as session:
            return [s for s in session.scalars(select(ArticleRow.source).distinct()) if s]

    def date_range(self) -> tuple[date | None, date | None]:
        with self.db.read() as session:
            low, high = session.execute(select(func.min(ArticleRow.published), func.max(ArticleRow.published))).one()
            return low, high

    # ----- actors --------------------------------------------------------------------------------
    def rename_actor(self, actor: str | int, new_name: str) -> None:
        actors_admin.rename(self.db, actor, new_name)

    def update_actor(self, actor: str | int, **details) -> None:
        actors_admin.update_details(self.db, actor, **details)

    def give_colour_slots(self, names: Iterable[str], slots: int) -> None:
        actors_admin.give_colour_slots(self.db, names, slots)

    def merge_actors(self, source: str | int, target: str | int, analyst: str = "analyst") -> int:
        return actors_admin.merge(self.db, source, target, analyst)

    def undo_merge(self, merge_id: int) -> None:
        actors_admin.undo_merge(self.db, merge_id)

    def merges(self) -> list[dict]:
        return actors_admin.merges(self.db)

    # ----- corrections ---------------------------------------------------------------------------
    def correct(self, statement_id: int, field: str, new_value: str | None, analyst: str) -> int:
        """Record an analyst's change; it wins over the model everywhere until undone."""
        if field not in CORRECTION_FIELDS:
            raise ValueError(f"Cannot correct {field!r}; use one of {', '.join(CORRECTION_FIELDS)}")

        def work(session) -> int:
            statement = session.get(StatementRow, statement_id)
            if statement is None:
                raise LookupError(f"No statement {statement_id}. Refresh the page and try again.")
            value = new_value
            if field == "speaker":
                old = statement.actor.name
                target = session.scalar(select(ActorRow).where(ActorRow.name == value))
                if target is None:
                    target = ActorRow(name=str(value), kind="person", reviewed=True)
                    session.add(target)
                    session.flush()
            elif field == "label":
                latest = max(statement.scores, key=lambda s: s.id, default=None)
                old = latest.label if latest else None
            else:
                old, value = "statement", "not a statement"
            row = CorrectionRow(statement_id=statement_id, field=field, old_value=old, new_value=value, analyst=analyst or "analyst")
            session.add(row)
            session.flush()
            return row.id

        return self.db.write(work)

    def undo_correction(self, correction_id: int) -> None:
        def work(session) -> None:
            row = session.get(CorrectionRow, correction_id)
            if row is None or row.undone_at is not None:
                raise LookupError(f"No active correction {correction_id}.")
            row.undone_at = utcnow()

        self.db.write(work)

    def corrections(self, include_undone: bool = False) -> pd.DataFrame:
        query = select(
            CorrectionRow.id, CorrectionRow.statement_id, CorrectionRow.field, CorrectionRow.old_value,
            CorrectionRow.new_value, CorrectionRow.analyst, CorrectionRow.created_at, CorrectionRow.undone_at,
            StatementRow.text, StatementRow.quote,
        ).join(StatementRow, StatementRow.id == CorrectionRow.statement_id)
        if not include_undone:
            query = query.where(CorrectionRow.undone_at.is_(None))
        with self.db.read() as session:
            return pd.read_sql(query.order_by(CorrectionRow.id), session.connection())


def _score_row(prediction, model_version: str) -> StanceScoreRow:
    p = prediction.probabilities
    return StanceScoreRow(
        target=TARGET, model_version=model_version, label=prediction.label, p_favor=p["FAVOR"], p_against=p["AGAINST"],
        p_none=p["NONE"], score=round(p["FAVOR"] - p["AGAINST"], 6),
    )
