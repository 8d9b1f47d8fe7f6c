"""Accounts in the store: users and roles, sign-in with lockout, sessions, read-only screen links.

Passwords are argon2id hashes (stance.auth.passwords); session and screen-link tokens are kept
only as their SHA-256 (stance.auth.tokens), so a copy of the database signs nobody in. Every
change here is an admin's, checked and audited like any store write (stance.store.access);
sign-ins, good and bad, are audited too.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, func, select

from stance.auth import passwords
from stance.auth.roles import ROLES, Account, NotAllowed
from stance.auth.settings import AuthSettings, auth_settings
from stance.auth.tokens import new_token, token_hash
from stance.store import audit
from stance.store.access import guarded
from stance.store.database import Database
from stance.store.models import ScreenTokenRow, SessionRow, UserRow, utcnow

NAME_CHARS = UserRow.name.type.length
LABEL_CHARS = ScreenTokenRow.label.type.length
WRONG = "Wrong name or password."


class SignInFailed(Exception):
    """Wrong name or password, or an account locked after too many wrong passwords; the message says which."""


@dataclass(frozen=True)
class User:
    id: int
    name: str
    role: str
    source: str
    created_at: datetime
    last_login_at: datetime | None
    locked_until: datetime | None

    def as_json(self) -> dict:
        return {
            "id": self.id,
            "name": self.name,
            "role": self.role,
            "source": self.source,
            "created_at": _iso(self.created_at),
            "last_login_at": _iso(self.last_login_at),
            "locked_until": _iso(self.locked_until),
        }


@dataclass(frozen=True)
class SignIn:
    token: str  # give it back with every request; shown once, stored hashed
    account: Account
    expires_at: datetime


@dataclass(frozen=True)
class ScreenLink:
    id: int
    label: str | None
    created_by: str
    created_at: datetime
    expires_at: datetime
    revoked_at: datetime | None

    def state(self, now: datetime | None = None) -> str:
        if self.revoked_at is not None:
            return "revoked"
        return "expired" if self.expires_at <= (now or utcnow()) else "active"

    def as_json(self) -> dict:
        return {
            "id": self.id,
            "label": self.label,
            "created_by": self.created_by,
            "created_at": _iso(self.created_at),
            "expires_at": _iso(self.expires_at),
            "revoked_at": _iso(self.revoked_at),
            "state": self.state(),
        }


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat(timespec="seconds") if moment else None


def _user(row: UserRow) -> User:
    return User(row.id, row.name, row.role, row.source, row.created_at, row.last_login_at, row.locked_until)


def _clean_name(name: str) -> str:
    cleaned = " ".join(str(name or "").split())
    if not cleaned:
        raise ValueError("The user name is empty. Give the name people sign in with.")
    if len(cleaned) > NAME_CHARS:
        raise ValueError(f"The user name is longer than {NAME_CHARS} characters.")
    return cleaned


def _key(name: str) -> str:
    return " ".join(str(name or "").split()).casefold()


def _check_role(role: str) -> str:
    if role not in ROLES:
        raise ValueError(f"The role must be one of {', '.join(ROLES)}, not {role!r}.")
    return role


def _find(session, name: str) -> UserRow:
    row = session.scalar(select(UserRow).where(UserRow.name_key == _key(name)))
    if row is None:
        raise LookupError(f"No user {name!r}. See `stance users list`.")
    return row


def _admins_left(session, without: int) -> int:
    return session.scalar(select(func.count(UserRow.id)).where(UserRow.role == "admin", UserRow.id != without)) or 0


# ----- users -----------------------------------------------------------------------------------
def has_users(db: Database) -> bool:
    with db.read() as session:
        return session.scalar(select(UserRow.id).limit(1)) is not None


def users(db: Database) -> list[User]:
    with db.read() as session:
        return [_user(row) for row in session.scalars(select(UserRow).order_by(UserRow.name_key))]


def add_user(
    db: Database, name: str, role: str, password: str | None, *, by: Account | None = None, source: str = "password"
) -> User:
    """A new account. The first one must be an admin (it is the one that adds the others)."""
    name, role = _clean_name(name), _check_role(role)
    hashed = passwords.hash_password(password) if password is not None else None

    def work(session) -> User:
        if session.scalar(select(UserRow.id).limit(1)) is None and role != "admin":
            raise ValueError("The first account must be an admin: it is the one that adds the others (--role admin).")
        if session.scalar(select(UserRow.id).where(UserRow.name_key == _key(name))) is not None:
            raise ValueError(f"There is already a user {name!r}.")
        row = UserRow(name=name, name_key=_key(name), role=role, password_hash=hashed, source=source, failed_logins=0)
        session.add(row)
        session.flush()
        return _user(row)

    return guarded(db, by, "user.add", name, {"role": role, "source": source}).write(work)


def remove_user(db: Database, name: str, *, by: Account | None = None) -> None:
    """Remove an account and its sign-ins; what it did stays in the audit log under its name."""

    def work(session) -> None:
        row = _find(session, name)
        if row.role == "admin" and not _admins_left(session, row.id):
            raise ValueError("That is the last admin. Make another user an admin first.")
        session.delete(row)

    guarded(db, by, "user.remove", name).write(work)


def set_role(db: Database, name: str, role: str, *, by: Account | None = None) -> None:
    role = _check_role(role)

    def work(session) -> dict:
        row = _find(session, name)
        if row.role == "admin" and role != "admin" and not _admins_left(session, row.id):
            raise ValueError("That is the last admin. Make another user an admin first.")
        old, row.role = row.role, role
        return {"old": old, "new": role}

    guarded(db, by, "user.set_role", name, lambda change: change).write(work)


def reset_password(db: Database, name: str, password: str, *, by: Account | None = None) -> None:
    """A new password; unlocks the account and ends its sign-ins."""
    hashed = passwords.hash_password(password)

    def work(session) -> None:
        row = _find(session, name)
        row.password_hash, row.failed_logins, row.locked_until = hashed, 0, None
        session.execute(delete(SessionRow).where(SessionRow.user_id == row.id))

    guarded(db, by, "user.reset_password", name).write(work)


# ----- signing in ------------------------------------------------------------------------------------
def sign_in(
    db: Database,
    name: str,
    password: str,
    *,
    now: datetime | None = None,
    settings: AuthSettings | None = None,
    client: str | None = None,
    keep: bool = True,
) -> SignIn:
    """A session for the right name and password; SignInFailed otherwise (audited either way).
    `keep=False` checks the password without opening a session (the command line: one command, one check).

    STANCE_LOGIN_MAX_FAILURES wrong passwords in a row lock the account for STANCE_LOGIN_LOCK_MINUTES:
    while locked even the right password is refused, so guessing gets a handful of tries an hour.
    """
    settings = settings or auth_settings()
    now = now or utcnow()
    details = {"client": client} if client else None

    def work(session) -> SignIn | str:
        row = session.scalar(select(UserRow).where(UserRow.name_key == _key(name)))
        if row is None:
            passwords.verify(None, password)  # as slow as a wrong password: names cannot be told apart by timing
            audit.record(session, None, "sign_in.failed", name, {**(details or {}), "reason": "unknown name"}, now)
            return WRONG
        account = Account(row.name, row.role, row.id)
        if row.locked_until is not None and row.locked_until > now:
            audit.record(session, account, "sign_in.failed", row.name, {**(details or {}), "reason": "locked"}, now)
            return _locked_message(row.locked_until, now)
        if row.locked_until is not None:  # the lock has run out: a fresh count
            row.failed_logins, row.locked_until = 0, None
        if not passwords.verify(row.password_hash, password):
            row.failed_logins = (row.failed_logins or 0) + 1
            reason = "wrong password"
            if row.failed_logins >= settings.max_failures:
                row.locked_until = now + timedelta(minutes=settings.lock_minutes)
                reason = f"wrong password; locked after {row.failed_logins} in a row"
            audit.record(session, account, "sign_in.failed", row.name, {**(details or {}), "reason": reason}, now)
            return _locked_message(row.locked_until, now) if row.locked_until else WRONG
        if passwords.needs_rehash(row.password_hash):
            row.password_hash = passwords.hash_password(password)
        row.failed_logins, row.last_login_at = 0, now
        token, expires = (new_token(), now + timedelta(hours=settings.session_hours)) if keep else ("", now)
        if keep:
            session.add(SessionRow(token_hash=token_hash(token), user_id=row.id, created_at=now, expires_at=expires))
        session.execute(delete(SessionRow).where(SessionRow.user_id == row.id, SessionRow.expires_at <= now))
        audit.record(session, account, "sign_in", row.name, {**(details or {}), "method": "password"}, now)
        return SignIn(token, account, expires)

    outcome = db.write(work)
    if isinstance(outcome, str):
        raise SignInFailed(outcome)
    return outcome


def _locked_message(until: datetime, now: datetime) -> str:
    minutes = max(1, round((until - now).total_seconds() / 60))
    return f"Too many wrong passwords: this account is locked for {minutes} more minute{'s' if minutes != 1 else ''}. Try again then, or ask an admin to reset the password."


def session_account(db: Database, token: str | None, *, now: datetime | None = None) -> Account | None:
    """The account a session token signs in, with its role as stored now; None when unknown or expired."""
    if not token:
        return None
    now = now or utcnow()
    with db.read() as session:
        found = session.execute(
            select(UserRow.id, UserRow.name, UserRow.role, SessionRow.expires_at)
            .join(SessionRow, SessionRow.user_id == UserRow.id)
            .where(SessionRow.token_hash == token_hash(token))
        ).first()
    if found is None or found.expires_at <= now:
        return None
    return Account(found.name, found.role, found.id)


def current_account(db: Database, account: Account) -> Account | None:
    """A stored account as it is now (its role may have changed); None once it is removed."""
    if account.id is None:
        return None
    with db.read() as session:
        row = session.get(UserRow, account.id)
        return Account(row.name, row.role, row.id) if row is not None else None


def sign_out(db: Database, token: str | None) -> None:
    if not token:
        return

    def work(session) -> None:
        row = session.scalar(select(SessionRow).where(SessionRow.token_hash == token_hash(token)))
        if row is None:
            return
        user = session.get(UserRow, row.user_id)
        session.delete(row)
        if user is not None:
            audit.record(session, Account(user.name, user.role, user.id), "sign_out", user.name)

    db.write(work)


def sso_account(
    db: Database, name: str, method: str, *, settings: AuthSettings | None = None, client: str | None = None
) -> Account:
    """The account of someone an identity provider signed in (st.login's OIDC, or a trusted proxy's header).

    Met for the first time, they get an account with STANCE_SSO_ROLE (viewer) and no password;
    an admin may give them another role. Each call is a sign-in, audited: call it once per visit.
    """
    settings = settings or auth_settings()
    name = _clean_name(name)

    def work(session) -> Account:
        row = session.scalar(select(UserRow).where(UserRow.name_key == _key(name)))
        if row is None:
            row = UserRow(
                name=name,
                name_key=_key(name),
                role=settings.sso_role,
                password_hash=None,
                source=method,
                failed_logins=0,
            )
            session.add(row)
            session.flush()
            audit.record(
                session,
                Account(row.name, row.role, row.id),
                "user.add",
                name,
                {"role": row.role, "source": method, "by": "single sign-on"},
            )
        row.last_login_at = utcnow()
        account = Account(row.name, row.role, row.id)
        audit.record(session, account, "sign_in", name, {"method": method, **({"client": client} if client else {})})
        return account

    return db.write(work)


# ----- screen links ----------------------------------------------------------------------------------
def create_screen_link(
    db: Database,
    *,
    hours: float | None = None,
    label: str | None = None,
    by: Account | None = None,
    now: datetime | None = None,
) -> tuple[str, ScreenLink]:
    """A token for `/?screen=TOKEN`: the Briefing in presenter mode, read-only, until it expires or is revoked.
    The token is returned once; the store keeps its hash."""
    hours = auth_settings().screen_link_hours if hours is None else float(hours)
    if not 0 < hours <= 24 * 366:
        raise ValueError("A screen link lives between a few minutes and a year: give --hours above 0 and at most 8784.")
    label = " ".join(str(label).split())[:LABEL_CHARS] or None if label else None
    token = new_token()
    now = now or utcnow()
    guard = guarded(
        db, by, "screen_link.create", label, lambda link: {"id": link.id, "expires_at": _iso(link.expires_at)}
    )

    def work(session) -> ScreenLink:
        assert guard.acted_as is not None  # set by guard.write before the work runs
        row = ScreenTokenRow(
            token_hash=token_hash(token),
            label=label,
            created_by=guard.acted_as.name,
            created_at=now,
            expires_at=now + timedelta(hours=hours),
        )
        session.add(row)
        session.flush()
        return _link(row)

    return token, guard.write(work)


def _link(row: ScreenTokenRow) -> ScreenLink:
    return ScreenLink(row.id, row.label, row.created_by, row.created_at, row.expires_at, row.revoked_at)


def revoke_screen_link(db: Database, link_id: int, *, by: Account | None = None) -> None:
    def work(session) -> None:
        row = session.get(ScreenTokenRow, int(link_id))
        if row is None:
            raise LookupError(f"No screen link {link_id}. See `stance screen-link list`.")
        if row.revoked_at is None:
            row.revoked_at = utcnow()

    guarded(db, by, "screen_link.revoke", f"screen link {link_id}").write(work)


def screen_links(db: Database) -> list[ScreenLink]:
    with db.read() as session:
        return [_link(row) for row in session.scalars(select(ScreenTokenRow).order_by(ScreenTokenRow.id.desc()))]


def screen_account(db: Database, token: str | None, *, now: datetime | None = None) -> Account | None:
    """The read-only account a live screen link stands for; None when unknown, expired or revoked."""
    if not token:
        return None
    now = now or utcnow()
    with db.read() as session:
        row = session.scalar(select(ScreenTokenRow).where(ScreenTokenRow.token_hash == token_hash(token)))
    if row is None or row.revoked_at is not None or row.expires_at <= now:
        return None
    return Account(f"screen: {row.label}" if row.label else f"screen link {row.id}", "viewer", kind="screen")


__all__ = [
    "NotAllowed",
    "ScreenLink",
    "SignIn",
    "SignInFailed",
    "User",
    "add_user",
    "create_screen_link",
    "current_account",
    "has_users",
    "remove_user",
    "reset_password",
    "revoke_screen_link",
    "screen_account",
    "screen_links",
    "session_account",
    "set_role",
    "sign_in",
    "sign_out",
    "sso_account",
    "users",
]
