"""Schema migrations (Alembic), run from Python so they ship inside the package.

`upgrade(engine)` brings any database to the newest revision. It is safe to call from
several processes at once (they queue on a lock) and on a database made before Alembic
was used (tables from `create_all`, no `alembic_version`): the first revision creates only
the tables that are missing, so such a database is simply stamped.

A new revision for a model change:

    python -m stance.store.migrations revision "add article language index"

writes versions/NNNN_<slug>.py from the difference between the models and the migrations;
read it, fix it by hand where needed, and add a test in tests/test_migrations.py.
"""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import text
from sqlalchemy.engine import Connection, Engine

HERE = Path(__file__).resolve().parent
# Any constant shared by every process; pg_advisory_xact_lock takes a 64-bit key.
_POSTGRES_LOCK_KEY = 7_262_017_001


def config(connection: Connection | None = None, url: str | None = None) -> Config:
    """An Alembic config without alembic.ini: the script folder is this package."""
    cfg = Config()
    cfg.set_main_option("script_location", str(HERE))
    if url:
        cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    cfg.attributes["connection"] = connection
    return cfg


def head_revision() -> str:
    head = ScriptDirectory.from_config(config()).get_current_head()
    if head is None:  # only if the versions/ folder were empty
        raise RuntimeError(f"no migration scripts in {HERE / 'versions'}")
    return head


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def _lock(connection: Connection) -> None:
    """Take the database-wide migration lock for the rest of this transaction.

    SQLite: BEGIN IMMEDIATE takes the write lock (other writers wait, readers go on).
    PostgreSQL: a transaction-scoped advisory lock, released on commit or rollback.
    """
    if connection.dialect.name == "sqlite":
        connection.exec_driver_sql("BEGIN IMMEDIATE")
    elif connection.dialect.name == "postgresql":
        connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _POSTGRES_LOCK_KEY})


def upgrade(engine: Engine, revision: str = "head") -> str | None:
    """Migrate the database to `revision` (default: newest); returns the revision it is at afterwards."""
    target = head_revision() if revision == "head" else revision
    if current_revision(engine) == target:
        return target  # the usual start: nothing to do, no lock taken
    with engine.connect() as connection:
        _lock(connection)
        # Alembic sees the transaction already open, runs inside it and leaves the commit to us.
        command.upgrade(config(connection), revision)
        connection.commit()
    return current_revision(engine)


def downgrade(engine: Engine, revision: str) -> None:
    """For tests and for undoing a bad deploy by hand; the app itself never downgrades."""
    with engine.connect() as connection:
        _lock(connection)
        command.downgrade(config(connection), revision)
        connection.commit()


def make_revision(message: str) -> None:
    """Write the next revision from the models' difference to the migrations (a developer tool)."""
    import tempfile

    from sqlalchemy import create_engine

    with tempfile.TemporaryDirectory() as folder:
        engine = create_engine(f"sqlite:///{folder}/scratch.db")
        upgrade(engine)
        scripts = ScriptDirectory.from_config(config())
        number = len(list(scripts.walk_revisions())) + 1
        with engine.connect() as connection:
            command.revision(config(connection), message=message, autogenerate=True, rev_id=f"{number:04d}")
        engine.dispose()
