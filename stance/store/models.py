"""Tables: article, actor, alias, statement, stance score, correction (see docs/ARCHITECTURE)."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import JSON, Boolean, Date, DateTime, Float, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


def utcnow() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


class Base(DeclarativeBase):
    pass


class ArticleRow(Base):
    __tablename__ = "article"
    # Feeds look up an item's link before fetching it (revision 0004). A hash index on PostgreSQL: a URL
    # of any length fits it, where a btree entry is limited to about 2.7 kB.
    __table_args__ = (Index("ix_article_url", "url", postgresql_using="hash"),)

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

    statements: Mapped[list[StatementRow]] = relationship(back_populates="article", cascade="all, delete-orphan")


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

    aliases: Mapped[list[AliasRow]] = relationship(back_populates="actor", cascade="all, delete-orphan")


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
    scores: Mapped[list[StanceScoreRow]] = relationship(back_populates="statement", cascade="all, delete-orphan")


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
    # A speaker correction names actors by id (revision 0006), so it follows a rename or a merge;
    # old_value and new_value keep the names as they were when the analyst saved it.
    old_actor_id: Mapped[int | None] = mapped_column(ForeignKey("actor.id"))
    new_actor_id: Mapped[int | None] = mapped_column(ForeignKey("actor.id"), index=True)
    analyst: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    undone_at: Mapped[datetime | None] = mapped_column(DateTime)


class ActorRenameRow(Base):
    """An analyst's rename of an actor, with the alias it added, so it can be undone (revision 0006)."""

    __tablename__ = "actor_rename"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    actor_id: Mapped[int] = mapped_column(ForeignKey("actor.id"), index=True)
    old_name: Mapped[str] = mapped_column(String(200))
    new_name: Mapped[str] = mapped_column(String(200))
    alias_id: Mapped[int | None] = mapped_column(Integer)  # the alias the rename added (removed on undo), if any
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


class AlertRuleRow(Base):
    """An analyst's alert rule: whom it watches, when it fires, where it is sent (revision 0005; stance.alerts)."""

    __tablename__ = "alert_rule"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    owner: Mapped[str] = mapped_column(String(100))
    actors: Mapped[list | None] = mapped_column(JSON)  # scope: actor names; with kind and conflict, all must hold
    kind: Mapped[str | None] = mapped_column(String(20))
    conflict: Mapped[str | None] = mapped_column(String(100))
    condition: Mapped[str] = mapped_column(String(20))  # "moved", "sign_flip", "new_actor", "strong"
    params: Mapped[dict] = mapped_column(JSON)  # threshold, days, min_points
    webhook: Mapped[str | None] = mapped_column(Text)
    emails: Mapped[list | None] = mapped_column(JSON)
    cooldown_hours: Mapped[float] = mapped_column(Float, default=24.0)
    enabled: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class AlertEventRow(Base):
    """One alert a rule fired: what moved (`key`, for the cooldown), the message, and how delivery went."""

    __tablename__ = "alert_event"
    __table_args__ = (Index("ix_alert_event_rule_key", "rule_id", "key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    rule_id: Mapped[int] = mapped_column(ForeignKey("alert_rule.id", ondelete="CASCADE"))
    fired_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, index=True)
    key: Mapped[str] = mapped_column(String(300))  # e.g. "moved:Vladimir Putin:up"
    actor: Mapped[str | None] = mapped_column(String(200))
    payload: Mapped[dict] = mapped_column(JSON)
    delivery: Mapped[dict] = mapped_column(
        JSON, default=dict
    )  # channel -> {"status": "sent" | "failed" | "skipped", ...}
    error: Mapped[str | None] = mapped_column(Text)


class FeedRow(Base):
    """An RSS or Atom feed `stance watch` polls, with its health (revision 0004; stance.watch)."""

    __tablename__ = "feed"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    url: Mapped[str] = mapped_column(String(2000), unique=True)
    conflict: Mapped[str | None] = mapped_column(String(100))
    title: Mapped[str | None] = mapped_column(Text)  # the feed's own, read at each successful poll
    added_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    etag: Mapped[str | None] = mapped_column(Text)  # validators for the next conditional GET
    last_modified: Mapped[str | None] = mapped_column(Text)
    last_polled_at: Mapped[datetime | None] = mapped_column(DateTime)
    last_success_at: Mapped[datetime | None] = mapped_column(DateTime)
    last_error: Mapped[str | None] = mapped_column(Text)
    last_error_at: Mapped[datetime | None] = mapped_column(DateTime)
    consecutive_failures: Mapped[int] = mapped_column(Integer, default=0)
    next_poll_at: Mapped[datetime | None] = mapped_column(DateTime)  # None: due now
    items_stored: Mapped[int] = mapped_column(Integer, default=0)


class FeedItemRow(Base):
    """A feed item that was dealt with, so it is fetched and stored once. A stored item's row is written in
    the transaction that stores its article; "failed" rows (a page that did not answer) are tried again."""

    __tablename__ = "feed_item"
    __table_args__ = (UniqueConstraint("feed_id", "item_key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    feed_id: Mapped[int] = mapped_column(ForeignKey("feed.id", ondelete="CASCADE"))
    item_key: Mapped[str] = mapped_column(String(300))  # the item's guid, else its link (a long one as its hash)
    article_id: Mapped[int | None] = mapped_column(ForeignKey("article.id", ondelete="SET NULL"))
    status: Mapped[str] = mapped_column(String(20))  # "stored", "duplicate", "rejected", "failed"
    error: Mapped[str | None] = mapped_column(Text)
    attempts: Mapped[int] = mapped_column(Integer, default=1)
    first_seen: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class UserRow(Base):
    """An account: built-in (a password hash) or signed in by single sign-on (no hash) (revision 0007; stance.auth)."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(100))  # as typed or as the identity provider gave it
    name_key: Mapped[str] = mapped_column(
        String(100), unique=True
    )  # casefolded: one account per name, whatever its case
    role: Mapped[str] = mapped_column(String(20))  # "viewer", "analyst", "admin"
    password_hash: Mapped[str | None] = mapped_column(String(200))
    source: Mapped[str] = mapped_column(String(20), default="password")  # "password", "oidc", "proxy"
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    failed_logins: Mapped[int] = mapped_column(Integer, default=0)  # wrong passwords in a row
    locked_until: Mapped[datetime | None] = mapped_column(DateTime)
    last_login_at: Mapped[datetime | None] = mapped_column(DateTime)


class SessionRow(Base):
    """A sign-in: the token's hash only, and when it stops working."""

    __tablename__ = "sessions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(DateTime)


class ScreenTokenRow(Base):
    """A read-only screen link: opens the Briefing in presenter mode and nothing else until it expires or is revoked."""

    __tablename__ = "screen_tokens"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    label: Mapped[str | None] = mapped_column(String(100))
    created_by: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(DateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime)


class AuditRow(Base):
    """Who did what, when, to what: every write, sign-in and role change, written in the write's own transaction."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, index=True)
    user_id: Mapped[int | None] = mapped_column(Integer)  # no foreign key: the record outlives a removed account
    user_name: Mapped[str] = mapped_column(String(100))
    role: Mapped[str | None] = mapped_column(String(20))
    action: Mapped[str] = mapped_column(
        String(40), index=True
    )  # stance.auth.roles: "correction.add", "sign_in.failed", ...
    target: Mapped[str | None] = mapped_column(String(300))
    details: Mapped[dict | None] = mapped_column(JSON)


class StoreChangeRow(Base):
    """One row counting the writes that change what the charts show (revision 0009): every refresh
    of statement_stance and every change to an actor's details adds one in the write's own
    transaction (stance.store.stances.note_change), so the dashboard learns of another process's
    write by reading one row rather than counting a million (queries.data_version)."""

    __tablename__ = "store_change"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    changes: Mapped[int] = mapped_column(Integer, default=0)


class StatementStanceRow(Base):
    """One row per statement with its effective stance: corrections and the newest score applied, the
    article's date and source copied in (revision 0008; stance.store.stances keeps it in step).

    Derived, never edited: every write that changes what a statement counts as refreshes its rows in
    the write's own transaction, so the Overview can aggregate in the database. Names and kinds are
    joined from actor at read time, so a rename needs no refresh. A statement marked "not a
    statement" has no row."""

    __tablename__ = "statement_stance"
    __table_args__ = (
        Index("ix_statement_stance_actor_published", "actor_id", "published"),
        Index("ix_statement_stance_published", "published"),
        # The Overview groups by article and actor in this order, then looks up each group's quote
        # (the earliest of its strongest statements) without a sort: stance.store.overview.
        Index("ix_statement_stance_article_actor", "article_id", "actor_id", "start", "statement_id"),
        Index("ix_statement_stance_source_published", "source", "published"),
    )

    statement_id: Mapped[int] = mapped_column(ForeignKey("statement.id", ondelete="CASCADE"), primary_key=True)
    article_id: Mapped[int] = mapped_column(Integer)
    actor_id: Mapped[int] = mapped_column(Integer)  # after speaker corrections, followed through merges
    start: Mapped[int] = mapped_column(Integer)
    confidence: Mapped[float] = mapped_column(Float)
    headline: Mapped[bool] = mapped_column(Boolean)
    published: Mapped[date | None] = mapped_column(Date)
    source: Mapped[str | None] = mapped_column(String(200))
    label: Mapped[str] = mapped_column(String(10))
    score: Mapped[float] = mapped_column(Float)
    model_top_p: Mapped[float | None] = mapped_column(Float)
    label_confirmed: Mapped[bool] = mapped_column(Boolean)  # an analyst set the label: it counts even if uncertain
    corrected: Mapped[bool] = mapped_column(Boolean)
    score_id: Mapped[int | None] = mapped_column(Integer)
