"""Roles and what each may do: viewer < analyst < admin, one permission table for every face.

    >>> allows("analyst", "correction.add"), allows("viewer", "correction.add")
    (True, False)

The store asks `require` before every write, in the write's own transaction, so the dashboard,
the CLI and any other caller meet the same rules; hiding a button is a courtesy, not the check.
"""

from __future__ import annotations

from dataclasses import dataclass

ROLES = ("viewer", "analyst", "admin")  # each may do what the ones before it may

# action -> the least role allowed to do it. Reading and exporting need no entry: every signed-in
# account may read. The audit log records each action under these names.
PERMISSIONS: dict[str, str] = {
    # analyst: upload, correct, review, set dates
    "article.ingest": "analyst",
    "article.set": "analyst",
    "correction.add": "analyst",
    "correction.undo": "analyst",
    # admin: actors, feeds, alerts, users, screen links, the audit log, store-wide changes
    "actor.rename": "admin",
    "actor.update": "admin",
    "actor.merge": "admin",
    "actor.undo_merge": "admin",
    "actor.undo_rename": "admin",
    "feed.add": "admin",
    "feed.remove": "admin",
    "alert.add": "admin",
    "alert.remove": "admin",
    "alert.enable": "admin",
    "user.add": "admin",
    "user.remove": "admin",
    "user.set_role": "admin",
    "user.reset_password": "admin",
    "screen_link.create": "admin",
    "screen_link.revoke": "admin",
    "audit.read": "admin",
    "store.rescore": "admin",
    "store.import": "admin",
}

# Audited but allowed to anyone (they are about the account itself, not the store's contents).
OPEN_ACTIONS = ("sign_in", "sign_in.failed", "sign_out", "denied")


class NotAllowed(PermissionError):
    """The acting account's role does not allow this action (or nobody signed in where accounts exist)."""


class SignInRequired(NotAllowed):
    """The store has accounts and the call named none: sign in first (the CLI: --as NAME)."""


@dataclass(frozen=True)
class Account:
    """Who acts. `id` is the stored user's; None only for the built-in accounts below and screen links.

    `kind`: "user" (a stored account, whatever signed it in), "local" (the laptop's admin while no
    accounts exist), "system" (the server's own work: sample articles), "screen" (a read-only screen link).
    """

    name: str
    role: str
    id: int | None = None
    kind: str = "user"

    def __post_init__(self) -> None:
        if self.role not in ROLES:
            raise ValueError(f"role must be one of {', '.join(ROLES)}, not {self.role!r}")

    def may(self, action: str) -> bool:
        return allows(self.role, action)


LOCAL = Account("local", "admin", kind="local")
SYSTEM = Account("system", "admin", kind="system")


def role_rank(role: str) -> int:
    return ROLES.index(role)


def allows(role: str, action: str) -> bool:
    if action in OPEN_ACTIONS:
        return True
    if action not in PERMISSIONS:
        raise KeyError(f"unknown action {action!r}; add it to stance.auth.roles.PERMISSIONS")
    return role in ROLES and role_rank(role) >= role_rank(PERMISSIONS[action])


def require(account: Account, action: str) -> Account:
    """The account itself when its role allows the action; NotAllowed, saying which role would, otherwise."""
    if not allows(account.role, action):
        needed = PERMISSIONS[action]
        raise NotAllowed(
            f"{account.name} ({account.role}) may not {describe(action)}: that needs the {needed} role. Ask an admin."
        )
    return account


_WORDS = {
    "article.ingest": "add articles",
    "article.set": "change an article's date, title or source",
    "correction.add": "correct statements",
    "correction.undo": "undo corrections",
    "actor.rename": "rename actors",
    "actor.update": "change an actor's details",
    "actor.merge": "merge actors",
    "actor.undo_merge": "undo merges",
    "actor.undo_rename": "undo renames",
    "feed.add": "add feeds",
    "feed.remove": "remove feeds",
    "alert.add": "add alert rules",
    "alert.remove": "remove alert rules",
    "alert.enable": "pause or resume alert rules",
    "user.add": "add users",
    "user.remove": "remove users",
    "user.set_role": "change roles",
    "user.reset_password": "reset passwords",
    "screen_link.create": "create screen links",
    "screen_link.revoke": "revoke screen links",
    "audit.read": "read the audit log",
    "store.rescore": "rescore the store",
    "store.import": "import a backup",
}


def describe(action: str) -> str:
    return _WORDS.get(action, action)
