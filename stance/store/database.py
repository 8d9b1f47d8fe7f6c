"""Engine and sessions: SQLite by default (WAL, busy timeout), PostgreSQL (psycopg 3) or any URL otherwise.

Opening a `Database` brings its schema up to date with the Alembic migrations in
`stance.store.migrations`, so an analyst's older database keeps working after an upgrade.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Protocol, TypeVar

from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from stance.store.errors import StoreUnavailable, is_unreachable

SQLITE_BUSY_TIMEOUT_S = 30
WRITE_ATTEMPTS = 5  # a write that lost a race with another process is run again this often
ID_CHUNK = 2_000  # ids per IN (...) clause: well inside every database's parameter limit
T = TypeVar("T")


def normalise_url(url: str) -> str:
    """`postgresql://` and `postgres://` mean psycopg 3, the driver we install (SQLAlchemy would pick psycopg2)."""
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def make_engine(url: str) -> Engine:
    url = normalise_url(url)
    if url.startswith("sqlite"):
        path = url.split("///", 1)[-1]
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_S, "check_same_thread": False})

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(connection, _record) -> None:  # pragma: no cover - runs per connection
            cursor = connection.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")  # readers never wait for the writer
            cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_S * 1000}")  # writers queue instead of failing
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.close()

        return engine
    return create_engine(url, pool_pre_ping=True)


def is_retryable(error: BaseException) -> bool:
    """A write that lost a race with another process: worth one more try, not a failure.

    IntegrityError: another process stored the same unique value (an article hash, an actor
    name) between our check and our insert. Deadlocks and serialization failures
    (PostgreSQL) and "database is locked" (SQLite, after the busy timeout) also pass.
    """
    if isinstance(error, IntegrityError):
        return True
    if not isinstance(error, DBAPIError):
        return False
    code = getattr(error.orig, "sqlstate", None)
    return code in ("40001", "40P01") or "database is locked" in str(error.orig)


class Writer(Protocol):
    """What a function that changes rows needs: a Database, or one guarded for an account's write
    (stance.store.access.GuardedDatabase)."""

    def write(self, work: Callable[[Session], T], attempts: int = ...) -> T: ...


class Database:
    """One engine per process; `transaction()` is the only way to write."""

    def __init__(self, url: str, migrate: bool = True):
        from stance.store.migrations import upgrade

        self.url = normalise_url(url)
        self.engine = make_engine(self.url)
        if migrate:
            with reachable():
                upgrade(self.engine)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """Commit on success, roll back everything on any error: nothing half-done is stored."""
        session = self._sessions()
        try:
            with reachable():
                yield session
                session.commit()
        except BaseException:
            try:
                session.rollback()
            except Exception as error:  # a lost connection cannot roll back; the server drops the transaction
                if not is_unreachable(error):
                    raise
            raise
        finally:
            session.close()

    def write(self, work: Callable[[Session], T], attempts: int = WRITE_ATTEMPTS) -> T:
        """Run `work` in one transaction; if it loses a race with another writer (see is_retryable),
        run it again from the start on fresh data, so the caller never sees the race."""
        for attempt in range(attempts):
            try:
                with self.transaction() as session:
                    return work(session)
            except Exception as error:
                if not is_retryable(error) or attempt == attempts - 1:
                    raise
                time.sleep(random.uniform(0.01, 0.05) * (attempt + 1))  # let the other writer finish
        raise AssertionError("unreachable")

    @contextmanager
    def read(self) -> Iterator[Session]:
        session = self._sessions()
        try:
            with reachable():
                yield session
        finally:
            session.close()


@contextmanager
def reachable() -> Iterator[None]:
    """A lost or refused connection becomes StoreUnavailable (see stance.store.errors)."""
    try:
        yield
    except Exception as error:
        if is_unreachable(error):
            orig = getattr(error, "orig", error)
            raise StoreUnavailable((str(orig).splitlines() or [""])[0]) from error
        raise
