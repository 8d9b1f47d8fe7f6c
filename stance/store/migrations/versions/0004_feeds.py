"""Feeds that `stance watch` polls, the items it has dealt with, and an index on the article's URL.

`feed` holds each feed's address and health (validators for the conditional GET, last success,
last error, failures in a row, when it is next due). `feed_item` records each item once per feed
(unique feed and item key), written in the same transaction as the article it stored. The URL
index lets the watcher find an item already stored (from another feed, or ingested by URL)
before fetching it; on PostgreSQL it is a hash index, which takes a URL of any length.

A store made before Alembic by the current models already has all three: left alone.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    inspector = sa.inspect(op.get_bind())
    if not inspector.has_table("feed"):
        op.create_table(
            "feed",
            sa.Column("id", sa.Integer(), nullable=False),
            sa.Column("url", sa.String(length=2000), nullable=False),
            sa.Column("conflict", sa.String(length=100), nullable=True),
            sa.Column("title", sa.Text(), nullable=True),
            sa.Column("added_at", sa.DateTime(), nullable=False),
            sa.Column("etag", sa.Text(), nullable=True),
            sa.Column("last_modified", sa.Text(), nullable=True),
            sa.Column("last_polled_at", sa.DateTime(), nullable=True),
            sa.Column("last_success_at", sa.DateTime(), nullable=True),
            sa.Column("last_error", sa.Text(), nullable=True),
            sa.Column("last_error_at", sa.DateTime(), nullable=True),
            sa.Column("consecutive_failures", sa.Integer(), nullable=False),
            sa.Column("next_poll_at", sa.DateTime(), nullable=True),
            sa.Column("items_stored", sa.Integer(), nullable=False),
            sa.PrimaryKeyConstraint("id"),
            sa.UniqueConstraint("url"),
        )
    if not inspector.has_table("feed_item"):
        op.create_table(
            "feed_item",
            sa.Column("id", sa.Integer(), nullable=False),
            sa.Column("feed_id", sa.Integer(), nullable=False),
            sa.Column("item_key", sa.String(length=300), nullable=False),
            sa.Column("article_id", sa.Integer(), nullable=True),
            sa.Column("status", sa.String(length=20), nullable=False),
            sa.Column("error", sa.Text(), nullable=True),
            sa.Column("attempts", sa.Integer(), nullable=False),
            sa.Column("first_seen", sa.DateTime(), nullable=False),
            sa.ForeignKeyConstraint(["article_id"], ["article.id"], ondelete="SET NULL"),
            sa.ForeignKeyConstraint(["feed_id"], ["feed.id"], ondelete="CASCADE"),
            sa.PrimaryKeyConstraint("id"),
            sa.UniqueConstraint("feed_id", "item_key"),
        )
    if "ix_article_url" not in {index["name"] for index in inspector.get_indexes("article")}:
        op.create_index("ix_article_url", "article", ["url"], postgresql_using="hash")


def downgrade() -> None:
    op.drop_index("ix_article_url", table_name="article")
    op.drop_table("feed_item")
    op.drop_table("feed")
