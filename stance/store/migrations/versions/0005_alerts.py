"""Alerts: an analyst's rules (scope, condition, channels, cooldown) and the alerts they fired.

A store made before Alembic by the current models already has the tables: left alone.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-12
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    existing = set(sa.inspect(op.get_bind()).get_table_names())
    if "alert_rule" not in existing:
        op.create_table(
            "alert_rule",
            sa.Column("id", sa.Integer(), nullable=False),
            sa.Column("name", sa.String(length=200), nullable=False),
            sa.Column("owner", sa.String(length=100), nullable=False),
            sa.Column("actors", sa.JSON(), nullable=True),
            sa.Column("kind", sa.String(length=20), nullable=True),
            sa.Column("conflict", sa.String(length=100), nullable=True),
            sa.Column("condition", sa.String(length=20), nullable=False),
            sa.Column("params", sa.JSON(), nullable=False),
            sa.Column("webhook", sa.Text(), nullable=True),
            sa.Column("emails", sa.JSON(), nullable=True),
            sa.Column("cooldown_hours", sa.Float(), nullable=False),
            sa.Column("enabled", sa.Boolean(), nullable=False),
            sa.Column("created_at", sa.DateTime(), nullable=False),
            sa.PrimaryKeyConstraint("id"),
        )
    if "alert_event" not in existing:
        op.create_table(
            "alert_event",
            sa.Column("id", sa.Integer(), nullable=False),
            sa.Column("rule_id", sa.Integer(), nullable=False),
            sa.Column("fired_at", sa.DateTime(), nullable=False),
            sa.Column("key", sa.String(length=300), nullable=False),
            sa.Column("actor", sa.String(length=200), nullable=True),
            sa.Column("payload", sa.JSON(), nullable=False),
            sa.Column("delivery", sa.JSON(), nullable=False),
            sa.Column("error", sa.Text(), nullable=True),
            sa.ForeignKeyConstraint(["rule_id"], ["alert_rule.id"], ondelete="CASCADE"),
            sa.PrimaryKeyConstraint("id"),
        )
        op.create_index("ix_alert_event_fired_at", "alert_event", ["fired_at"], unique=False)
        op.create_index("ix_alert_event_rule_key", "alert_event", ["rule_id", "key"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_alert_event_rule_key", table_name="alert_event")
    op.drop_index("ix_alert_event_fired_at", table_name="alert_event")
    op.drop_table("alert_event")
    op.drop_table("alert_rule")
