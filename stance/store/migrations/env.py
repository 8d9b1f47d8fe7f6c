"""Alembic's entry point, configured from Python (no alembic.ini): see stance.store.migrations."""

from __future__ import annotations

from alembic import context

from stance.store.models import Base

config = context.config

if context.is_offline_mode():  # `alembic upgrade --sql`: print the SQL instead of running it
    context.configure(url=config.get_main_option("sqlalchemy.url"), target_metadata=Base.metadata, literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()
else:
    # The caller hands over a connection that already holds the migration lock.
    context.configure(connection=config.attributes["connection"], target_metadata=Base.metadata, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()
