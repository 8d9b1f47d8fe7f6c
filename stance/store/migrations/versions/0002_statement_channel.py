"""A statement's channel: the outlet that carried the words ("told the Financial Times").

A store made before Alembic by the current models already has the column: left alone.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-28
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    if "channel" in {column["name"] for column in sa.inspect(op.get_bind()).get_columns("statement")}:
        return
    with op.batch_alter_table("statement") as batch:
        batch.add_column(sa.Column("channel", sa.String(length=200), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("statement") as batch:
        batch.drop_column("channel")
