"""statement_stance: each statement's effective stance, for aggregating in the database (issue #16).

A derived table (stance.store.stances): filled here from what the store holds, and kept in step
by every write afterwards. A store made before Alembic by the current models already has the
table: it is filled all the same, since a full refresh is always right.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-16
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    if "statement_stance" not in sa.inspect(op.get_bind()).get_table_names():
        op.create_table(
            "statement_stance",
            sa.Column("statement_id", sa.Integer(), nullable=False),
            sa.Column("article_id", sa.Integer(), nullable=False),
            sa.Column("actor_id", sa.Integer(), nullable=False),
            sa.Column("start", sa.Integer(), nullable=False),
            sa.Column("confidence", sa.Float(), nullable=False),
            sa.Column("headline", sa.Boolean(), nullable=False),
            sa.Column("published", sa.Date(), nullable=True),
            sa.Column("source", sa.String(length=200), nullable=True),
            sa.Column("label", sa.String(length=10), nullable=False),
            sa.Column("score", sa.Float(), nullable=False),
            sa.Column("model_top_p", sa.Float(), nullable=True),
            sa.Column("label_confirmed", sa.Boolean(), nullable=False),
            sa.Column("corrected", sa.Boolean(), nullable=False),
            sa.Column("score_id", sa.Integer(), nullable=True),
            sa.ForeignKeyConstraint(["statement_id"], ["statement.id"], ondelete="CASCADE"),
            sa.PrimaryKeyConstraint("statement_id"),
        )
        op.create_index("ix_statement_stance_actor_published", "statement_stance", ["actor_id", "published"])
        op.create_index("ix_statement_stance_published", "statement_stance", ["published"])
        op.create_index(
            "ix_statement_stance_article_actor", "statement_stance", ["article_id", "actor_id", "start", "statement_id"]
        )
        op.create_index("ix_statement_stance_source_published", "statement_stance", ["source", "published"])
    # The store's own refresh, so the backfill and every later write agree. It reads only columns
    # that exist at this revision; a later revision that changes them must keep that true.
    from stance.store.stances import refresh_stances

    refresh_stances(op.get_bind(), counted=False)  # store_change comes in 0009


def downgrade() -> None:
    for name in ("source_published", "article_actor", "published", "actor_published"):
        op.drop_index(f"ix_statement_stance_{name}", table_name="statement_stance")
    op.drop_table("statement_stance")
