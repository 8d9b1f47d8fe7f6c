"""Speaker corrections point to actors by id; renames are recorded so they can be undone.

A speaker correction used to hold only the new speaker's name, so after a rename or a merge
the corrected statements kept the old name. Existing ones get the ids of the actors their names
(or, after a rename, their aliases) belong to; a name no actor has any more gets a new reviewed
actor, as saving the correction would have made. A store made before Alembic by the current
models already has the columns and the table: left alone.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-14
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from stance.names import normalise

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | None = None
depends_on: str | None = None

_actor = sa.table(
    "actor",
    sa.column("id", sa.Integer),
    sa.column("name", sa.String),
    sa.column("kind", sa.String),
    sa.column("reviewed", sa.Boolean),
)
_alias = sa.table("alias", sa.column("alias", sa.String), sa.column("actor_id", sa.Integer))
_correction = sa.table(
    "correction",
    sa.column("id", sa.Integer),
    sa.column("field", sa.String),
    sa.column("old_value", sa.Text),
    sa.column("new_value", sa.Text),
    sa.column("old_actor_id", sa.Integer),
    sa.column("new_actor_id", sa.Integer),
)


def upgrade() -> None:
    inspector = sa.inspect(op.get_bind())
    if "new_actor_id" not in {column["name"] for column in inspector.get_columns("correction")}:
        with op.batch_alter_table("correction") as batch:
            batch.add_column(sa.Column("old_actor_id", sa.Integer(), nullable=True))
            batch.add_column(sa.Column("new_actor_id", sa.Integer(), nullable=True))
            batch.create_foreign_key("fk_correction_old_actor_id_actor", "actor", ["old_actor_id"], ["id"])
            batch.create_foreign_key("fk_correction_new_actor_id_actor", "actor", ["new_actor_id"], ["id"])
            batch.create_index("ix_correction_new_actor_id", ["new_actor_id"], unique=False)
    if "actor_rename" not in inspector.get_table_names():
        op.create_table(
            "actor_rename",
            sa.Column("id", sa.Integer(), nullable=False),
            sa.Column("actor_id", sa.Integer(), nullable=False),
            sa.Column("old_name", sa.String(length=200), nullable=False),
            sa.Column("new_name", sa.String(length=200), nullable=False),
            sa.Column("alias_id", sa.Integer(), nullable=True),
            sa.Column("analyst", sa.String(length=100), nullable=False),
            sa.Column("created_at", sa.DateTime(), nullable=False),
            sa.Column("undone_at", sa.DateTime(), nullable=True),
            sa.ForeignKeyConstraint(["actor_id"], ["actor.id"]),
            sa.PrimaryKeyConstraint("id"),
        )
        op.create_index("ix_actor_rename_actor_id", "actor_rename", ["actor_id"], unique=False)
    _speaker_names_to_ids()


def _speaker_names_to_ids() -> None:
    bind = op.get_bind()
    pending = bind.execute(
        sa.select(_correction.c.id, _correction.c.old_value, _correction.c.new_value).where(
            _correction.c.field == "speaker", _correction.c.new_actor_id.is_(None)
        )
    ).all()
    if not pending:
        return
    by_name = dict(bind.execute(sa.select(_actor.c.name, _actor.c.id)).all())
    by_alias = dict(bind.execute(sa.select(_alias.c.alias, _alias.c.actor_id)).all())

    def actor_id(name: str | None, create: bool) -> int | None:
        if not name:
            return None
        found = by_name.get(name) or by_alias.get(normalise(name))
        if found is None and create:
            found = bind.execute(
                sa.insert(_actor).values(name=name[:200], kind="person", reviewed=True).returning(_actor.c.id)
            ).scalar_one()
            by_name[name] = found
        return found

    for correction_id, old, new in pending:
        bind.execute(
            sa.update(_correction)
            .where(_correction.c.id == correction_id)
            .values(old_actor_id=actor_id(old, create=False), new_actor_id=actor_id(new, create=True))
        )


def downgrade() -> None:
    op.drop_index("ix_actor_rename_actor_id", table_name="actor_rename")
    op.drop_table("actor_rename")
    with op.batch_alter_table("correction") as batch:
        batch.drop_index("ix_correction_new_actor_id")
        batch.drop_constraint("fk_correction_new_actor_id_actor", type_="foreignkey")
        batch.drop_constraint("fk_correction_old_actor_id_actor", type_="foreignkey")
        batch.drop_column("new_actor_id")
        batch.drop_column("old_actor_id")
