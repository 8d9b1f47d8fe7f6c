"""`stance users | screen-link | audit-log`, and who the command line acts as.

While the store has no accounts, every command runs as the built-in local admin. Once it has
one, a command that changes the store names its account: `--as NAME` (anywhere on the line) or
STANCE_USER, with the password from STANCE_PASSWORD or a prompt. The role rules are the
dashboard's (stance.auth.roles), checked by the store itself.
"""

from __future__ import annotations

import getpass
import json
import os
import sys
from typing import NoReturn

from stance.auth.roles import ROLES, Account


def _fail(message: str, code: int = 1) -> NoReturn:
    print(f"error: {message}", file=sys.stderr)
    raise SystemExit(code)


def take_as(argv: list[str]) -> tuple[list[str], str | None]:
    """`--as NAME` or `--as=NAME` from anywhere on the command line (it is the same for every command)."""
    rest, name, items = [], None, iter(argv)
    for item in items:
        if item == "--as":
            name = next(items, None)
            if name is None:
                _fail("--as needs a user name, e.g. --as ana")
        elif item.startswith("--as="):
            name = item.split("=", 1)[1]
        else:
            rest.append(item)
    return rest, name


def _password(prompt: str) -> str:
    given = os.environ.get("STANCE_PASSWORD")
    if given is not None:
        return given
    if not sys.stdin.isatty():
        _fail("no password: set STANCE_PASSWORD, or run the command in a terminal to be asked for it.")
    return getpass.getpass(prompt)


def account(args, store) -> Account | None:
    """The account this command acts as: None (the local admin) while the store has no accounts."""
    from stance.store import accounts

    if not accounts.has_users(store.db):
        return None
    name = getattr(args, "as_user", None) or os.environ.get("STANCE_USER")
    if not name:
        _fail(
            "this store has accounts: say who you are with --as NAME (or STANCE_USER), and give the password "
            "when asked (or in STANCE_PASSWORD)."
        )
    try:
        return accounts.sign_in(
            store.db, name, _password(f"Password for {name}: "), client="command line", keep=False
        ).account
    except accounts.SignInFailed as failed:
        _fail(str(failed))


def acting_store(args):
    """A Store whose writes run as the command's account (see the module docstring)."""
    from stance.store import Store

    store = Store()
    return store.acting_as(account(args, store))


# ----- stance users ----------------------------------------------------------------------------------
def _new_password(args, name: str) -> str:
    if args.password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    elif not sys.stdin.isatty():
        _fail("give the new password on standard input with --password-stdin, or run the command in a terminal.")
    else:
        password = getpass.getpass(f"New password for {name}: ")
        if getpass.getpass("Again: ") != password:
            _fail("the two passwords differ; nothing changed.")
    return password


def cmd_users(args) -> None:
    from stance.store import accounts

    store = acting_store(args)
    by = store.by
    if args.action == "list":
        store.require("user.add")  # the list of accounts is an admin's
        found = accounts.users(store.db)
        if args.json:
            print(json.dumps([user.as_json() for user in found], ensure_ascii=False, indent=2))
            return
        if not found:
            print(
                "no accounts: the store runs as the local admin. Add the first with `stance users add NAME --role admin`."
            )
        for user in found:
            locked = f"  locked until {user.locked_until:%Y-%m-%d %H:%M} UTC" if user.locked_until else ""
            last = f"{user.last_login_at:%Y-%m-%d %H:%M}" if user.last_login_at else "never"
            print(f"{user.role:8} {user.name}  ({user.source}; last sign-in {last}){locked}")
    elif args.action == "add":
        password = None if args.sso else _new_password(args, args.name)
        user = accounts.add_user(
            store.db, args.name, args.role, password, by=by, source="oidc" if args.sso else "password"
        )
        how = "signs in through single sign-on" if args.sso else "can sign in now"
        print(f"added {user.name} ({user.role}); {how}")
    elif args.action == "remove":
        accounts.remove_user(store.db, args.name, by=by)
        print(f"removed {args.name}; what they did stays in the audit log")
    elif args.action == "set-role":
        accounts.set_role(store.db, args.name, args.role, by=by)
        print(f"{args.name} is now {args.role}")
    else:
        accounts.reset_password(store.db, args.name, _new_password(args, args.name), by=by)
        print(f"new password set for {args.name}; their sign-ins ended and any lock is lifted")


# ----- stance screen-link ------------------------------------------------------------------------------
def cmd_screen_link(args) -> None:
    from stance.alerts import dashboard_url
    from stance.store import accounts

    store = acting_store(args)
    if args.action == "create":
        token, link = accounts.create_screen_link(store.db, hours=args.hours, label=args.label, by=store.by)
        print(f"{dashboard_url()}/?screen={token}")
        print(
            f"screen link {link.id}: the Briefing in presenter mode, read-only, until {link.expires_at:%Y-%m-%d %H:%M} UTC "
            f"(revoke with: stance screen-link revoke {link.id}). The address is shown once; keep it.",
            file=sys.stderr,
        )
    elif args.action == "revoke":
        accounts.revoke_screen_link(store.db, args.id, by=store.by)
        print(f"screen link {args.id} revoked: it stops working on the screen's next refresh")
    else:
        store.require("screen_link.create")
        links = accounts.screen_links(store.db)
        if args.json:
            print(json.dumps([link.as_json() for link in links], ensure_ascii=False, indent=2))
            return
        if not links:
            print("no screen links; make one with `stance screen-link create --hours 8`")
        for link in links:
            print(
                f"{link.id:4}  {link.state():8} until {link.expires_at:%Y-%m-%d %H:%M} UTC  by {link.created_by}  {link.label or ''}"
            )


# ----- stance audit-log --------------------------------------------------------------------------------
def cmd_audit_log(args) -> None:
    from stance.store import audit

    store = acting_store(args)
    store.require("audit.read")
    rows = audit.entries(store.db, limit=args.limit, action=args.action, user=args.user)
    if args.csv:
        with open(args.csv, "w", newline="", encoding="utf-8") as out:
            out.write(audit.as_csv(rows))
        print(f"{len(rows)} audit entries written to {args.csv}", file=sys.stderr)
    elif args.json:
        print(
            json.dumps(
                [{**row, "at": row["at"].isoformat(timespec="seconds")} for row in rows], ensure_ascii=False, indent=2
            )
        )
    else:
        for row in rows:
            details = f"  {json.dumps(row['details'], ensure_ascii=False)}" if row["details"] else ""
            print(
                f"{row['at']:%Y-%m-%d %H:%M:%S}  {row['user_name']} ({row['role'] or '-'})  {row['action']}  {row['target'] or ''}{details}"
            )


def _hours(text: str) -> float:
    import argparse

    try:
        value = float(text)
    except ValueError:
        value = 0.0
    if not 0 < value <= 24 * 366:
        raise argparse.ArgumentTypeError(f"must be a number of hours above 0 and at most 8784, not {text!r}")
    return value


def add_parsers(sub) -> None:
    p = sub.add_parser(
        "users", help="accounts and roles (viewer, analyst, admin): add, remove, set-role, reset-password, list"
    )
    actions = p.add_subparsers(dest="action", required=True)
    add = actions.add_parser("add", help="a new account; the first one must be an admin")
    add.add_argument("name", help="the account's name (an e-mail address for single sign-on)")
    add.add_argument("--role", choices=list(ROLES), required=True, help="what the account may do")
    add.add_argument(
        "--password-stdin", action="store_true", help="read the password from standard input (else asked twice)"
    )
    add.add_argument(
        "--sso",
        action="store_true",
        help="no password: the person signs in through single sign-on (OIDC or a trusted proxy)",
    )
    remove = actions.add_parser("remove", help="remove an account and its sign-ins; the audit log keeps its name")
    remove.add_argument("name", help="the account to remove")
    role = actions.add_parser("set-role", help="give an account another role")
    role.add_argument("name", help="the account")
    role.add_argument("role", choices=list(ROLES), help="its new role")
    reset = actions.add_parser("reset-password", help="a new password; ends the account's sign-ins and lifts a lock")
    reset.add_argument("name", help="the account")
    reset.add_argument(
        "--password-stdin", action="store_true", help="read the password from standard input (else asked twice)"
    )
    listed = actions.add_parser("list", help="the accounts, with role, last sign-in and any lock")
    listed.add_argument("--json", action="store_true", help="print the accounts as JSON")
    p.set_defaults(func=cmd_users)

    p = sub.add_parser(
        "screen-link", help="read-only links for a shared screen (the Briefing in presenter mode): create, revoke, list"
    )
    actions = p.add_subparsers(dest="action", required=True)
    create = actions.add_parser("create", help="a new link; prints its address once")
    create.add_argument("--hours", type=_hours, help="how long it works (default $STANCE_SCREEN_LINK_HOURS or 24)")
    create.add_argument("--label", help="what it is for, e.g. 'briefing room'")
    revoke = actions.add_parser("revoke", help="stop a link working")
    revoke.add_argument("id", type=int, help="the link's id in `stance screen-link list`")
    listed = actions.add_parser("list", help="the links: active, expired or revoked")
    listed.add_argument("--json", action="store_true", help="print the links as JSON")
    p.set_defaults(func=cmd_screen_link)

    p = sub.add_parser(
        "audit-log",
        help="who did what and when: uploads, corrections, merges, renames, role changes, sign-ins (admins)",
    )
    p.add_argument("--json", action="store_true", help="print the entries as JSON")
    p.add_argument(
        "--csv", metavar="FILE", help="write the entries as CSV (cells a spreadsheet would run are made text)"
    )
    p.add_argument("--limit", type=int, default=None, metavar="N", help="the newest N entries only")
    p.add_argument("--action", help="one kind of entry, e.g. correction.add, sign_in.failed, actor.merge")
    p.add_argument("--user", help="one account's entries")
    p.set_defaults(func=cmd_audit_log)
