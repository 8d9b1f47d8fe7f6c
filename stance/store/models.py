"""Tables: article, actor, alias, statement, stance score, correction (see docs/ARCHITECTURE)."""

from __future__ import annotations

from datetime import date, datetime, timezone

from sqlalchemy import Boolean, Date, DateTime, Float, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


def utcnow() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None)


class Base(DeclarativeBase):
    pass


class ArticleRow(Base):
    __tablename__ = "article"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    content_hash: Mapped[str] = mapped_column(String(64), unique=True, index=True)
    title: Mapped[str | None] = mapped_column(Text)
    source: Mapped[str | None] = mapped_column(String(200), index=True)
    url: Mapped[str | None] = mapped_column(Text)
    published: Mapped[date | None] = mapped_column(Date, index=True)
    date_source: Mapped[str | None] = mapped_column(String(20))
    language: Mapped[str] = mapped_column(String(10), default="en")
    text: Mapped[str] = mapped_column(Text)
    file_name: Mapped[str | None] = mapped_column(String(200))
    ingested_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    statements: Mapped[list["StatementRow"]] = relationship(back_populates="article", cascade="all, delete-orphan")


class ActorRow(Base):
    __tablename__ = "actor"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True, index=True)
    kind: Mapped[str] = mapped_column(String(20), default="person")
    affiliation: Mapped[str | None] = mapped_column(String(200))
    role: Mapped[str | None] = mapped_column(String(200))
    reviewed: Mapped[bool] = mapped_column(Boolean, default=False)
    merged_into: Mapped[int | None] = mapped_column(ForeignKey("actor.id"), index=True)
    # The actor's place in the charts' palette, given once and kept through uploads, renames and
    # merges, so its colour never moves (revision 0003). Empty until first given (colour_slots).
    colour_slot: Mapped[int | None] = mapped_column(Integer)

    aliases: Mapped[list["AliasRow"]] = relationship(back_populates="actor", cascade="all, delete-orphan")


class AliasRow(Base):
    __tablename__ = "alias"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    alias: Mapped[str] = mapped_column(String(200), unique=True, index=True)  # normalised
    actor_id: Mapped[int] = mapped_column(ForeignKey("actor.id", ondelete="CASCADE"), index=True)

    actor: Mapped[ActorRow] = relationship(back_populates="aliases")


class StatementRow(Base):
    __tablename__ = "statement"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("article.id", ondelete="CASCADE"), index=True)
    actor_id: Mapped[int] = mapped_column(ForeignKey("actor.id"), index=True)
    attributed_as: Mapped[str | None] = mapped_column(String(200))  # the canonical name attribution gave
    text: Mapped[str] = mapped_column(Text)  # what the classifier saw
    quote: Mapped[str] = mapped_column(Text)
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(20))
    cue: Mapped[str | None] = mapped_column(String(40))
    confidence: Mapped[float] = mapped_column(Float, default=1.0)
    channel: Mapped[str | None] = mapped_column(String(200))  # the outlet that carried the words (revision 0002)

    article: Mapped[ArticleRow] = relationship(back_populates="statements")
    actor: Mapped[ActorRow] = relationship()
    scores: Mapped[list["StanceScoreRow"]] = relationship(back_populates="statement", cascade="all, delete-orphan")


class StanceScoreRow(Base):
    __tablename__ = "stance_score"
    __table_args__ = (UniqueConstraint("statement_id", "target", "model_version"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    statement_id: Mapped[int] = mapped_column(ForeignKey("statement.id", ondelete="CASCADE"), index=True)
    target: Mapped[str] = mapped_column(String(100), default="peace talks")
    model_version: Mapped[str] = mapped_column(String(100), index=True)
    label: Mapped[str] = mapped_column(String(10))
    p_favor: Mapped[float] = mapped_column(Float)
    p_against: Mapped[float] = mapped_column(Float)
    p_none: Mapped[float] = mapped_column(Float)
    score: Mapped[float] = mapped_column(Float)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    statement: Mapped[StatementRow] = relationship(back_populates="scores")


class CorrectionRow(Base):
    __tablename__ = "correction"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    statement_id: Mapped[int] = mapped_column(ForeignKey("statement.id", ondelete="CASCADE"), index=True)
    field: Mapped[str] = mapped_column(String(20))  # "label", "speaker", "not_statement"
    old_value: Mapped[str | None] = mapped_column(Text)
    new_value: Mapped[str | None] = mapped_column(Text)
    analyst: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    undone_at: Mapped[datetime | None] = mapped_column(DateTime)


class ActorMergeRow(Base):
    """An analyst's merge of one actor into another, with what moved, so it can be undone."""

    __tablename__ = "actor_merge"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    source_id: Mapped[int] = mapped_column(ForeignKey("actor.id"), index=True)
    target_id: Mapped[int] = mapped_column(ForeignKey("actor.id"), index=True)
    statement_ids: Mapped[str] = mapped_column(Text)  # comma-separated ids moved to the target
    alias_ids: Mapped[str] = mapped_column(Text)
    analyst: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    undone_at: Mapped[datetime | None] = mapped_column(DateTime)
