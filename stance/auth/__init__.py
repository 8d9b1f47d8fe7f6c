"""Accounts and roles as plain logic: who may do what, passwords, tokens, proxy sign-on.

A leaf: it imports nothing of the store. The rows (users, sessions, screen links, the audit
log) live in `stance.store.accounts` and `stance.store.audit`; every store write asks
`roles.require` in its own transaction.
"""

from stance.auth.roles import (
    LOCAL,
    ROLES,
    SYSTEM,
    Account,
    NotAllowed,
    SignInRequired,
    allows,
    require,
)

__all__ = ["LOCAL", "ROLES", "SYSTEM", "Account", "NotAllowed", "SignInRequired", "allows", "require"]
