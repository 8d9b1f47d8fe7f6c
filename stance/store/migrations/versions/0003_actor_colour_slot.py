"""An actor's colour slot: its place in the charts' palette, given once so its colour never moves.

Existing actors get theirs when the dashboard first shows them (most quoted first). A store made
before Alembic by the current models already has the column: left alone.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-05
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    if "colour_slot" in {column["name"] for column in sa.inspect(op.get_bind()).get_columns("actor")}:
        return
    with op.batch_alter_table("actor") as batch:
        batch.add_column(sa.Column("colour_slot", sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("actor") as batch:
        batch.drop_column("colour_slot")
