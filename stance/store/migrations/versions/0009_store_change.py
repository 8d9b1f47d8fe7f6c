"""store_change: one row counting the writes that change what the charts show (issue #16).

The dashboard's data version reads it instead of counting the big tables. A store made before
Alembic by the current models already has the table; the row is added either way.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-05
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    bind = op.get_bind()
    if "store_change" not in sa.inspect(bind).get_table_names():
        op.create_table(
            "store_change",
            sa.Column("id", sa.Integer(), nullable=False),
            sa.Column("changes", sa.Integer(), nullable=False),
            sa.PrimaryKeyConstraint("id"),
        )
    table = sa.table("store_change", sa.column("id", sa.Integer()), sa.column("changes", sa.Integer()))
    if bind.execute(sa.select(sa.func.count()).select_from(table)).scalar() == 0:
        bind.execute(table.insert().values(id=1, changes=0))


def downgrade() -> None:
    op.drop_table("store_change")
