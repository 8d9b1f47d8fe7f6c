"""Every store write runs as an account, and its role is checked in the write's own transaction.

`guarded(db, by, action, ...)` gives a Database whose `write` first finds the acting account's
current role in the users table (a role changed or an account removed counts at once, and an
Account made up by a caller counts for nothing), refuses with NotAllowed what the role does not
allow (stance.auth.roles), runs the work, and adds the audit row, all in one transaction.

While no account exists (a laptop), a write that names nobody runs as the built-in local admin;
once one exists, every write must name its account (SignInRequired otherwise).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from sqlalchemy import select

from stance.auth.roles import LOCAL, Account, NotAllowed, SignInRequired, require
from stance.store import audit
from stance.store.database import WRITE_ATTEMPTS, Database
from stance.store.models import UserRow

T = TypeVar("T")


def users_exist(session) -> bool:
    return session.scalar(select(UserRow.id).limit(1)) is not None


def acting(session, by: Account | None, action: str) -> Account:
    """The account `by` stands for, with its role as stored now, if that role allows `action`."""
    if by is None or by.kind == "local":
        if users_exist(session):
            raise SignInRequired(
                "This store has accounts: sign in first (on the command line: --as NAME, or STANCE_USER)."
            )
        return require(LOCAL, action)
    if by.kind == "system":  # the server's own work (sample articles); never made from a request
        return require(by, action)
    if by.kind == "screen" or by.id is None:
        raise NotAllowed(f"{by.name} is a read-only screen: it may not change anything.")
    row = session.get(UserRow, by.id)
    if row is None:
        raise NotAllowed(f"The account {by.name!r} no longer exists. Sign in again.")
    return require(Account(row.name, row.role, row.id), action)


def check(db: Database, by: Account | None, action: str, target: object = None) -> Account:
    """Refuse early (before any model runs) what the write itself would refuse; returns the acting account."""
    try:
        with db.read() as session:
            return acting(session, by, action)
    except NotAllowed as refused:
        record_refusal(db, by, action, target, refused)
        raise


def record_refusal(db: Database, by: Account | None, action: str, target: object, refused: NotAllowed) -> None:
    """A refused write leaves a trace of its own (its transaction, if it had begun, was rolled back)."""
    with db.transaction() as session:
        audit.record(
            session,
            by if by is not None and by.kind != "local" else None,
            "denied",
            target,
            {"action": action, "reason": str(refused)},
        )


class GuardedDatabase(Database):
    """The same database (engine, sessions) for one kind of write on behalf of one account: `write` is
    checked and audited (see the module docstring); reads and the rest are the database's own."""

    def __init__(
        self,
        db: Database,
        by: Account | None,
        action: str,
        target: object = None,
        details: dict[str, Any] | Callable[[Any], dict[str, Any]] | None = None,
    ):
        # No Database.__init__: nothing is opened or migrated, the connections are db's.
        self.url, self.engine, self._sessions = db.url, db.engine, db._sessions
        self.db, self.by, self.action, self.target, self.details = db, by, action, target, details
        self._acted_as: Account | None = None

    @property
    def acted_as(self) -> Account:
        """The account the write runs as, with its current role (known once the write has begun)."""
        if self._acted_as is None:
            raise RuntimeError("acted_as is known only inside the guarded write")
        return self._acted_as

    def write(self, work: Callable[..., T], attempts: int = WRITE_ATTEMPTS) -> T:
        def guarded(session) -> T:
            self._acted_as = acting(session, self.by, self.action)  # the work may record who did it
            result = work(session)
            details = self.details(result) if callable(self.details) else self.details
            audit.record(session, self._acted_as, self.action, self.target, details)
            return result

        try:
            return self.db.write(guarded, attempts)
        except NotAllowed as refused:
            record_refusal(self.db, self.by, self.action, self.target, refused)
            raise


def guarded(
    db: Database,
    by: Account | None,
    action: str,
    target: object = None,
    details: dict[str, Any] | Callable[[Any], dict[str, Any]] | None = None,
) -> GuardedDatabase:
    return GuardedDatabase(db.db if isinstance(db, GuardedDatabase) else db, by, action, target, details)
