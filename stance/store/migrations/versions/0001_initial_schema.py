"""The schema as it was when migrations began (what `create_all` made before Alembic).

A table that already exists is left alone: a database made before Alembic was used gets
only what it lacks, then is stamped at this revision. This revision is frozen: a later
model change is a new revision, never an edit here.

Revision ID: 0001
Revises:
Create Date: 2026-11-27
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | None = None
depends_on: str | None = None

TABLES = ("actor", "article", "actor_merge", "alias", "statement", "correction", "stance_score")  # parents first


def _create(name: str, *columns, indexes: Sequence[tuple[str, bool]] = ()) -> None:
    """Create a table and its indexes (column, unique) unless the table is already there."""
    if sa.inspect(op.get_bind()).has_table(name):
        return
    op.create_table(name, *columns)
    for column, unique in indexes:
        op.create_index(f"ix_{name}_{column}", name, [column], unique=unique)


def upgrade() -> None:
    _create(
        "actor",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("affiliation", sa.String(length=200), nullable=True),
        sa.Column("role", sa.String(length=200), nullable=True),
        sa.Column("reviewed", sa.Boolean(), nullable=False),
        sa.Column("merged_into", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["merged_into"], ["actor.id"]),
        sa.PrimaryKeyConstraint("id"),
        indexes=[("merged_into", False), ("name", True)],
    )
    _create(
        "article",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.Column("title", sa.Text(), nullable=True),
        sa.Column("source", sa.String(length=200), nullable=True),
        sa.Column("url", sa.Text(), nullable=True),
        sa.Column("published", sa.Date(), nullable=True),
        sa.Column("date_source", sa.String(length=20), nullable=True),
        sa.Column("language", sa.String(length=10), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("file_name", sa.String(length=200), nullable=True),
        sa.Column("ingested_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        indexes=[("content_hash", True), ("published", False), ("source", False)],
    )
    _create(
        "actor_merge",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("source_id", sa.Integer(), nullable=False),
        sa.Column("target_id", sa.Integer(), nullable=False),
        sa.Column("statement_ids", sa.Text(), nullable=False),
        sa.Column("alias_ids", sa.Text(), nullable=False),
        sa.Column("analyst", sa.String(length=100), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("undone_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(["source_id"], ["actor.id"]),
        sa.ForeignKeyConstraint(["target_id"], ["actor.id"]),
        sa.PrimaryKeyConstraint("id"),
        indexes=[("source_id", False), ("target_id", False)],
    )
    _create(
        "alias",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("alias", sa.String(length=200), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["actor_id"], ["actor.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        indexes=[("actor_id", False), ("alias", True)],
    )
    _create(
        "statement",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=False),
        sa.Column("attributed_as", sa.String(length=200), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("quote", sa.Text(), nullable=False),
        sa.Column("start", sa.Integer(), nullable=False),
        sa.Column("end", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("cue", sa.String(length=40), nullable=True),
        sa.Column("confidence", sa.Float(), nullable=False),
        sa.ForeignKeyConstraint(["actor_id"], ["actor.id"]),
        sa.ForeignKeyConstraint(["article_id"], ["article.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        indexes=[("actor_id", False), ("article_id", False)],
    )
    _create(
        "correction",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("statement_id", sa.Integer(), nullable=False),
        sa.Column("field", sa.String(length=20), nullable=False),
        sa.Column("old_value", sa.Text(), nullable=True),
        sa.Column("new_value", sa.Text(), nullable=True),
        sa.Column("analyst", sa.String(length=100), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("undone_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(["statement_id"], ["statement.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        indexes=[("statement_id", False)],
    )
    _create(
        "stance_score",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("statement_id", sa.Integer(), nullable=False),
        sa.Column("target", sa.String(length=100), nullable=False),
        sa.Column("model_version", sa.String(length=100), nullable=False),
        sa.Column("label", sa.String(length=10), nullable=False),
        sa.Column("p_favor", sa.Float(), nullable=False),
        sa.Column("p_against", sa.Float(), nullable=False),
        sa.Column("p_none", sa.Float(), nullable=False),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["statement_id"], ["statement.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("statement_id", "target", "model_version"),
        indexes=[("model_version", False), ("statement_id", False)],
    )


def downgrade() -> None:
    for name in reversed(TABLES):
        op.drop_table(name)  # its indexes go with it
