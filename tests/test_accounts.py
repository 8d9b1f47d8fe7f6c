"""Accounts, roles and the audit log in the library, on SQLite and PostgreSQL: every write function
refuses what the acting role may not do and records what it does; sign-in locks after repeated
failures and unlocks after the window; sessions and screen links expire; a revoked link stops;
the proxy header counts only from the proxy; the command line acts as a named account."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from datetime import timedelta

import pytest

from stance import alerts, watch
from stance.auth import LOCAL, SYSTEM, Account, NotAllowed, SignInRequired, allows, passwords
from stance.auth.exposure import is_local_address, sign_in_required
from stance.auth.proxy import trusted_identity
from stance.auth.roles import PERMISSIONS, ROLES
from stance.auth.settings import AuthSettings
from stance.records import Prediction
from stance.store import Store, accounts, audit
from stance.store.models import utcnow
from test_migrations import analysis

PASSWORD = "a long enough password"


def _account(user: accounts.User) -> Account:
    return Account(user.name, user.role, user.id)


@pytest.fixture
def team(store) -> tuple[Store, dict[str, Account]]:
    """A store with two articles (stored as the local admin, before any account) and one account per role."""
    store.save_analysis(analysis(1, "Dmitry Peskov"), "h1")
    store.save_analysis(analysis(2, "Kremlin", "AGAINST"), "h2")
    admin = _account(accounts.add_user(store.db, "Ada", "admin", PASSWORD))
    people = {"admin": admin}
    for role, name in (("analyst", "Ana"), ("viewer", "Vic")):
        people[role] = _account(accounts.add_user(store.db, name, role, PASSWORD, by=admin))
    return store, people


def _statement(store: Store) -> int:
    return int(store.statements()["statement_id"].iloc[0])


# Each write: (the action it is audited as, a function that prepares one target as the admin and returns the write to try as `by`).
_counter = iter(range(10, 10_000))


def _ingest(store, admin):
    number = next(_counter)
    return lambda by: store.save_analysis(analysis(number % 28 + 1, f"Speaker {number}"), f"hash-{number}", by=by)


def _set_article(store, admin):
    return lambda by: store.set_article(int(store.articles()["id"].iloc[0]), source="Desk", by=by)


def _correct(store, admin):
    return lambda by: store.correct(_statement(store), "label", "NONE", by=by)


def _undo_correction(store, admin):
    fix = store.correct(_statement(store), "label", "AGAINST", by=admin)
    return lambda by: store.undo_correction(fix, by=by)


def _rescore(store, admin):
    version = f"test-v{next(_counter)}"
    return lambda by: store.add_scores(
        [(_statement(store), Prediction("NONE", {"FAVOR": 0.1, "AGAINST": 0.1, "NONE": 0.8}))], version, by=by
    )


def _rename(store, admin):
    name = f"Speaker {next(_counter)}"
    store.save_analysis(analysis(3, name), f"rename-{name}", by=admin)
    return lambda by: store.rename_actor(name, name + " Jr", by=by)


def _undo_rename(store, admin):
    name = f"Speaker {next(_counter)}"
    store.save_analysis(analysis(3, name), f"rename-{name}", by=admin)
    rename_id = store.rename_actor(name, name + " Sr", by=admin)
    return lambda by: store.undo_rename(rename_id, by=by)


def _update(store, admin):
    return lambda by: store.update_actor("Kremlin", kind="government", by=by)


def _merge(store, admin):
    name = f"Speaker {next(_counter)}"
    store.save_analysis(analysis(4, name), f"merge-{name}", by=admin)
    return lambda by: store.merge_actors(name, "Dmitry Peskov", by=by)


def _undo_merge(store, admin):
    name = f"Speaker {next(_counter)}"
    store.save_analysis(analysis(4, name), f"merge-{name}", by=admin)
    merge_id = store.merge_actors(name, "Dmitry Peskov", by=admin)
    return lambda by: store.undo_merge(merge_id, by=by)


def _feed_add(store, admin):
    url = f"https://example.org/{next(_counter)}.xml"
    return lambda by: watch.add_feed(store.acting_as(by), url)


def _feed_remove(store, admin):
    feed = watch.add_feed(store.acting_as(admin), f"https://example.org/{next(_counter)}.xml")
    return lambda by: watch.remove_feed(store.acting_as(by), feed.id)


def _rule():
    return alerts.Rule(name=f"rule {next(_counter)}", condition="strong", threshold=0.8, emails=("desk@example.org",))


def _alert_add(store, admin):
    rule = _rule()
    return lambda by: alerts.add_rule(store.acting_as(by), rule)


def _alert_remove(store, admin):
    rule_id = alerts.add_rule(store.acting_as(admin), _rule())
    return lambda by: alerts.remove_rule(store.acting_as(by), rule_id)


def _alert_enable(store, admin):
    rule_id = alerts.add_rule(store.acting_as(admin), _rule())
    return lambda by: alerts.set_enabled(store.acting_as(by), rule_id, False)


def _user_add(store, admin):
    name = f"user{next(_counter)}"
    return lambda by: accounts.add_user(store.db, name, "viewer", PASSWORD, by=by)


def _user_remove(store, admin):
    name = f"user{next(_counter)}"
    accounts.add_user(store.db, name, "viewer", None, by=admin, source="proxy")
    return lambda by: accounts.remove_user(store.db, name, by=by)


def _user_role(store, admin):
    name = f"user{next(_counter)}"
    accounts.add_user(store.db, name, "viewer", None, by=admin, source="proxy")
    return lambda by: accounts.set_role(store.db, name, "analyst", by=by)


def _user_password(store, admin):
    name = f"user{next(_counter)}"
    accounts.add_user(store.db, name, "viewer", None, by=admin, source="proxy")
    return lambda by: accounts.reset_password(store.db, name, PASSWORD, by=by)


def _link_create(store, admin):
    return lambda by: accounts.create_screen_link(store.db, hours=1, by=by)


def _link_revoke(store, admin):
    _token, link = accounts.create_screen_link(store.db, hours=1, by=admin)
    return lambda by: accounts.revoke_screen_link(store.db, link.id, by=by)


WRITES: dict[str, tuple[str, Callable]] = {
    "save_analysis": ("article.ingest", _ingest),
    "set_article": ("article.set", _set_article),
    "correct": ("correction.add", _correct),
    "undo_correction": ("correction.undo", _undo_correction),
    "add_scores": ("store.rescore", _rescore),
    "rename_actor": ("actor.rename", _rename),
    "undo_rename": ("actor.undo_rename", _undo_rename),
    "update_actor": ("actor.update", _update),
    "merge_actors": ("actor.merge", _merge),
    "undo_merge": ("actor.undo_merge", _undo_merge),
    "add_feed": ("feed.add", _feed_add),
    "remove_feed": ("feed.remove", _feed_remove),
    "add_rule": ("alert.add", _alert_add),
    "remove_rule": ("alert.remove", _alert_remove),
    "set_enabled": ("alert.enable", _alert_enable),
    "add_user": ("user.add", _user_add),
    "remove_user": ("user.remove", _user_remove),
    "set_role": ("user.set_role", _user_role),
    "reset_password": ("user.reset_password", _user_password),
    "create_screen_link": ("screen_link.create", _link_create),
    "revoke_screen_link": ("screen_link.revoke", _link_revoke),
}


def test_every_action_of_the_permission_table_has_a_write_here():
    assert {action for action, _ in WRITES.values()} | {"audit.read", "store.import"} == set(PERMISSIONS)


@pytest.mark.parametrize("write", sorted(WRITES))
def test_each_role_may_do_what_its_role_allows_and_every_write_is_audited(team, write):
    store, people = team
    action, prepare = WRITES[write]
    for role in ROLES:
        attempt = prepare(store, people["admin"])
        by = people[role]
        if allows(role, action):
            attempt(by)
            newest = audit.entries(store.db, action=action, limit=1)[0]
            assert (newest["user_name"], newest["role"]) == (by.name, role), newest
        else:
            with pytest.raises(NotAllowed, match=f"{by.name} \\({role}\\) may not"):
                attempt(by)
            refused = audit.entries(store.db, action="denied", limit=1)[0]
            assert refused["user_name"] == by.name and refused["details"]["action"] == action


def test_roles_are_ordered_and_the_table_says_who_may_do_what():
    assert [allows(role, "correction.add") for role in ROLES] == [False, True, True]
    assert [allows(role, "actor.merge") for role in ROLES] == [False, False, True]
    assert [allows(role, "article.ingest") for role in ROLES] == [False, True, True]


def test_a_refused_write_changes_nothing(team):
    store, people = team
    before = store.statements()[["statement_id", "actor", "label"]]
    with pytest.raises(NotAllowed):
        store.acting_as(people["viewer"]).correct(_statement(store), "label", "NONE")
    with pytest.raises(NotAllowed):
        store.merge_actors("Kremlin", "Dmitry Peskov", by=people["analyst"])
    assert store.statements()[["statement_id", "actor", "label"]].equals(before)
    assert store.corrections().empty and store.merges() == []


def test_without_accounts_everything_runs_as_the_local_admin_and_with_them_nothing_runs_as_nobody(store):
    store.save_analysis(analysis(1, "Dmitry Peskov"), "h1")
    fix = store.correct(_statement(store), "label", "NONE", analyst="typed name")
    assert store.corrections()["analyst"].tolist() == ["typed name"]
    assert audit.entries(store.db, action="correction.add")[0]["user_name"] == "local"
    admin = _account(accounts.add_user(store.db, "Ada", "admin", PASSWORD))
    with pytest.raises(SignInRequired, match="sign in first"):
        store.undo_correction(fix)
    with pytest.raises(SignInRequired):
        store.correct(_statement(store), "label", "AGAINST", by=LOCAL)
    store.undo_correction(fix, by=admin)
    # With an account, the name recorded is the account's, whatever was typed.
    store.correct(_statement(store), "label", "AGAINST", analyst="Chief Editor", by=admin)
    assert store.corrections()["analyst"].tolist() == ["Ada"]
    # The server's own work (sample articles) runs as the system account.
    assert store.acting_as(SYSTEM).save_analysis(analysis(2, "Kremlin"), "h2").status == "stored"


def test_a_made_up_account_counts_for_nothing(team):
    store, people = team
    viewer = people["viewer"]
    with pytest.raises(NotAllowed):  # the viewer's id with an admin's role: the stored role decides
        store.merge_actors("Kremlin", "Dmitry Peskov", by=Account(viewer.name, "admin", viewer.id))
    with pytest.raises(NotAllowed):  # no id at all
        store.correct(_statement(store), "label", "NONE", by=Account("Chief Editor", "admin"))
    with pytest.raises(NotAllowed):  # a screen is read-only
        store.correct(_statement(store), "label", "NONE", by=Account("screen", "viewer", kind="screen"))
    accounts.remove_user(store.db, "Ana", by=people["admin"])
    with pytest.raises(NotAllowed, match="no longer exists"):
        store.correct(_statement(store), "label", "NONE", by=people["analyst"])


def test_a_role_change_counts_at_once(team):
    store, people = team
    accounts.set_role(store.db, "Vic", "analyst", by=people["admin"])
    store.correct(
        _statement(store), "label", "NONE", by=people["viewer"]
    )  # the Account still says viewer; the store says analyst
    accounts.set_role(store.db, "Ana", "viewer", by=people["admin"])
    with pytest.raises(NotAllowed):
        store.correct(_statement(store), "label", "NONE", by=people["analyst"])


def test_the_first_account_is_an_admin_and_the_last_admin_stays(store):
    with pytest.raises(ValueError, match="first account must be an admin"):
        accounts.add_user(store.db, "Vic", "viewer", PASSWORD)
    admin = _account(accounts.add_user(store.db, "Ada", "admin", PASSWORD))
    with pytest.raises(ValueError, match="last admin"):
        accounts.set_role(store.db, "Ada", "viewer", by=admin)
    with pytest.raises(ValueError, match="last admin"):
        accounts.remove_user(store.db, "ada", by=admin)
    with pytest.raises(ValueError, match="already a user"):
        accounts.add_user(store.db, "ADA", "viewer", PASSWORD, by=admin)
    with pytest.raises(ValueError, match="at least 10"):
        accounts.add_user(store.db, "Bo", "viewer", "short", by=admin)
    with pytest.raises(ValueError, match="longer than 100"):
        accounts.add_user(store.db, "x" * 101, "viewer", PASSWORD, by=admin)


def test_passwords_are_stored_as_argon2_hashes_only(store):
    accounts.add_user(store.db, "Ada", "admin", PASSWORD)
    with store.db.engine.connect() as connection:
        stored = connection.exec_driver_sql("SELECT password_hash FROM users").scalar()
    assert stored.startswith("$argon2id$") and PASSWORD not in stored


def test_production_hashes_use_the_recommended_argon2id_cost(monkeypatch):
    """conftest.py hashes cheaply in tests; the product's own hasher must keep argon2's RFC 9106 profile."""
    from argon2 import extract_parameters

    monkeypatch.setattr(passwords, "_hasher", passwords.PRODUCTION_HASHER)
    stored = passwords.hash_password(PASSWORD)
    parameters = extract_parameters(stored)
    assert (parameters.type.name, parameters.time_cost, parameters.memory_cost, parameters.parallelism) == (
        "ID",
        3,
        65536,
        4,
    )
    assert passwords.verify(stored, PASSWORD) and not passwords.needs_rehash(stored)


def test_lockout_after_repeated_failures_and_unlock_after_the_window(store):
    accounts.add_user(store.db, "Ada", "admin", PASSWORD)
    settings = AuthSettings(max_failures=3, lock_minutes=10)
    start = utcnow()
    for _attempt in range(2):
        with pytest.raises(accounts.SignInFailed, match="Wrong name or password"):
            accounts.sign_in(store.db, "Ada", "guess", now=start, settings=settings)
    with pytest.raises(accounts.SignInFailed, match="locked for 10 more minutes"):
        accounts.sign_in(store.db, "Ada", "guess", now=start, settings=settings)
    # Locked: even the right password is refused until the window has passed.
    with pytest.raises(accounts.SignInFailed, match="locked"):
        accounts.sign_in(store.db, "Ada", PASSWORD, now=start + timedelta(minutes=9), settings=settings)
    signed = accounts.sign_in(
        store.db, "ada", PASSWORD, now=start + timedelta(minutes=10, seconds=1), settings=settings
    )
    assert signed.account.name == "Ada" and signed.account.role == "admin"
    # After a success the count starts again.
    with pytest.raises(accounts.SignInFailed, match="Wrong name or password"):
        accounts.sign_in(store.db, "Ada", "guess", now=start + timedelta(minutes=11), settings=settings)
    reasons = [e["details"]["reason"] for e in audit.entries(store.db, action="sign_in.failed")]
    assert reasons.count("locked") == 1 and any("locked after 3" in r for r in reasons)
    assert [e["user_name"] for e in audit.entries(store.db, action="sign_in")] == ["Ada"]


def test_an_unknown_name_is_refused_like_a_wrong_password_and_recorded(store):
    accounts.add_user(store.db, "Ada", "admin", PASSWORD)
    with pytest.raises(accounts.SignInFailed, match="^Wrong name or password.$"):
        accounts.sign_in(store.db, "Mallory", PASSWORD)
    entry = audit.entries(store.db, action="sign_in.failed")[0]
    assert (entry["user_name"], entry["target"], entry["details"]["reason"]) == ("(nobody)", "Mallory", "unknown name")


def test_a_reset_password_unlocks_and_ends_sign_ins(store):
    admin = _account(accounts.add_user(store.db, "Ada", "admin", PASSWORD))
    accounts.add_user(store.db, "Vic", "viewer", PASSWORD, by=admin)
    session = accounts.sign_in(store.db, "Vic", PASSWORD)
    for _ in range(5):
        with pytest.raises(accounts.SignInFailed):
            accounts.sign_in(store.db, "Vic", "guess")
    accounts.reset_password(store.db, "Vic", "another long password", by=admin)
    assert accounts.session_account(store.db, session.token) is None
    assert accounts.sign_in(store.db, "Vic", "another long password").account.name == "Vic"


def test_sessions_expire_and_sign_out_ends_them(store):
    accounts.add_user(store.db, "Ada", "admin", PASSWORD)
    start = utcnow()
    signed = accounts.sign_in(store.db, "Ada", PASSWORD, now=start, settings=AuthSettings(session_hours=2))
    assert accounts.session_account(store.db, signed.token, now=start + timedelta(hours=1)) == signed.account
    assert accounts.session_account(store.db, signed.token, now=start + timedelta(hours=2, seconds=1)) is None
    assert accounts.session_account(store.db, "not a token") is None and accounts.session_account(store.db, "") is None
    with store.db.engine.connect() as connection:  # the token is kept only as its hash
        assert signed.token not in str(connection.exec_driver_sql("SELECT token_hash FROM sessions").all())
    again = accounts.sign_in(store.db, "Ada", PASSWORD)
    accounts.sign_out(store.db, again.token)
    assert accounts.session_account(store.db, again.token) is None
    assert audit.entries(store.db, action="sign_out")[0]["user_name"] == "Ada"


def test_screen_links_expire_and_stop_when_revoked(store):
    admin = _account(accounts.add_user(store.db, "Ada", "admin", PASSWORD))
    start = utcnow()
    token, link = accounts.create_screen_link(store.db, hours=3, label="Briefing room", by=admin, now=start)
    screen = accounts.screen_account(store.db, token, now=start + timedelta(hours=2))
    assert (
        screen is not None and screen.kind == "screen" and screen.role == "viewer" and not screen.may("correction.add")
    )
    assert accounts.screen_account(store.db, token, now=start + timedelta(hours=3, seconds=1)) is None
    assert link.created_by == "Ada" and accounts.screen_links(store.db)[0].label == "Briefing room"
    other, _ = accounts.create_screen_link(store.db, hours=3, by=admin)
    accounts.revoke_screen_link(store.db, link.id, by=admin)
    assert accounts.screen_account(store.db, token) is None
    assert accounts.screen_account(store.db, other) is not None
    assert [item.state() for item in accounts.screen_links(store.db)] == ["active", "revoked"]
    with store.db.engine.connect() as connection:
        assert token not in str(connection.exec_driver_sql("SELECT token_hash FROM screen_tokens").all())
    with pytest.raises(ValueError, match="between a few minutes and a year"):
        accounts.create_screen_link(store.db, hours=0, by=admin)


def test_single_sign_on_accounts_get_the_default_role_until_an_admin_gives_another(store):
    admin = _account(accounts.add_user(store.db, "Ada", "admin", PASSWORD))
    first = accounts.sso_account(store.db, "ben@example.org", "proxy", settings=AuthSettings(sso_role="viewer"))
    assert first.role == "viewer" and first.id is not None
    accounts.set_role(store.db, "BEN@example.org", "analyst", by=admin)
    assert accounts.sso_account(store.db, "ben@example.org", "proxy").role == "analyst"
    with pytest.raises(accounts.SignInFailed):  # no password: such an account cannot sign in with one
        accounts.sign_in(store.db, "ben@example.org", "")
    assert [e["details"]["method"] for e in audit.entries(store.db, action="sign_in")] == ["proxy", "proxy"]


@pytest.mark.parametrize(
    "headers, peer, trusted, expected",
    [
        ({"X-Forwarded-Email": "ana@example.org"}, "127.0.0.1", ("127.0.0.1",), "ana@example.org"),
        (
            {"x-forwarded-email": " ana@example.org "},
            "10.0.0.7",
            ("10.0.0.0/24",),
            "ana@example.org",
        ),  # a network; any case
        ({"X-Forwarded-Email": "ana@example.org"}, "::ffff:127.0.0.1", ("127.0.0.1",), "ana@example.org"),
        ({"X-Forwarded-Email": "ana@example.org"}, "203.0.113.9", ("127.0.0.1",), None),  # not from the proxy
        ({"X-Forwarded-Email": "ana@example.org"}, None, ("127.0.0.1",), None),
        ({"X-Forwarded-Email": "ana@example.org"}, "not an address", ("127.0.0.1",), None),
        ({"X-Forwarded-User": "ana"}, "127.0.0.1", ("127.0.0.1",), None),  # another header than the one configured
        ({"X-Forwarded-Email": ""}, "127.0.0.1", ("127.0.0.1",), None),
        ({"X-Forwarded-Email": "a\nb"}, "127.0.0.1", ("127.0.0.1",), None),
        ({"X-Forwarded-Email": "x" * 101}, "127.0.0.1", ("127.0.0.1",), None),
    ],
)
def test_the_proxy_header_counts_only_from_the_proxy(headers, peer, trusted, expected):
    assert trusted_identity(headers, peer, "X-Forwarded-Email", trusted) == expected


def test_the_proxy_header_counts_for_nothing_when_not_configured():
    assert trusted_identity({"X-Forwarded-Email": "ana@example.org"}, "127.0.0.1", None, ("127.0.0.1",)) is None


def test_which_addresses_are_local_and_when_sign_in_is_required(monkeypatch, tmp_path):
    assert [is_local_address(h) for h in ("127.0.0.1", "::1", "localhost", "[::1]")] == [True] * 4
    assert [is_local_address(h) for h in ("0.0.0.0", "::", "192.0.2.4", "example.org", "")] == [False] * 5
    monkeypatch.delenv("STANCE_TRUSTED_PROXY_HEADER", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.chdir(tmp_path)
    assert sign_in_required(False)[0] is False
    assert sign_in_required(True)[0] is True
    (tmp_path / ".streamlit").mkdir()
    (tmp_path / ".streamlit" / "secrets.toml").write_text(
        '[auth]\nredirect_uri = "https://stance.example.org/oauth2callback"\ncookie_secret = "s"\nclient_id = "c"\n'
        'client_secret = "x"\nserver_metadata_url = "https://id.example.org/.well-known/openid-configuration"\n'
    )
    assert sign_in_required(False) == (True, "single sign-on (st.login, OpenID Connect, from .streamlit/secrets.toml)")
    monkeypatch.setenv("STANCE_TRUSTED_PROXY_HEADER", "X-Forwarded-Email")
    assert sign_in_required(False)[1].startswith("trusted proxy header X-Forwarded-Email")


# ----- the command line ---------------------------------------------------------------------------------
def _run(args: list[str], env: dict, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "stance.cli", *args], capture_output=True, text=True, env=env, input=stdin, timeout=120
    )


def test_the_command_line_acts_as_a_named_account_with_the_same_rules(tmp_path):
    env = {**os.environ, "STANCE_DATABASE_URL": f"sqlite:///{tmp_path / 'cli.db'}"}
    env.pop("STANCE_USER", None)
    env.pop("STANCE_PASSWORD", None)
    first = _run(["users", "add", "Ada", "--role", "admin", "--password-stdin"], env, "admin password 1\n")
    assert first.returncode == 0 and "added Ada (admin)" in first.stdout, first.stderr
    nobody = _run(["users", "add", "Vic", "--role", "viewer", "--password-stdin"], env, "viewer password 1\n")
    assert nobody.returncode == 1 and "this store has accounts" in nobody.stderr and "Traceback" not in nobody.stderr
    as_ada = {**env, "STANCE_PASSWORD": "admin password 1"}
    added = _run(
        ["--as", "Ada", "users", "add", "Vic", "--role", "viewer", "--password-stdin"], as_ada, "viewer password 1\n"
    )
    assert added.returncode == 0, added.stderr
    wrong = _run(["actors", "rename", "A", "B", "--as", "Ada"], {**env, "STANCE_PASSWORD": "wrong"})
    assert wrong.returncode == 1 and "Wrong name or password" in wrong.stderr
    as_vic = {**env, "STANCE_USER": "Vic", "STANCE_PASSWORD": "viewer password 1"}
    refused = _run(["actors", "rename", "A", "B"], as_vic)
    assert (
        refused.returncode == 1
        and "Vic (viewer) may not rename actors" in refused.stderr
        and "Traceback" not in refused.stderr
    )
    role = _run(["users", "set-role", "Vic", "analyst", "--as=Ada"], as_ada)
    assert role.returncode == 0 and "Vic is now analyst" in role.stdout
    listed = _run(["users", "list", "--json", "--as", "Ada"], as_ada)
    assert [(u["name"], u["role"]) for u in __import__("json").loads(listed.stdout)] == [
        ("Ada", "admin"),
        ("Vic", "analyst"),
    ]
    link = _run(["screen-link", "create", "--hours", "2", "--label", "room", "--as", "Ada"], as_ada)
    assert link.returncode == 0 and "/?screen=" in link.stdout
    revoked = _run(["screen-link", "revoke", "1", "--as", "Ada"], as_ada)
    assert revoked.returncode == 0
    links = _run(["screen-link", "list", "--as", "Ada"], as_ada)
    assert "revoked" in links.stdout and "room" in links.stdout
    log = tmp_path / "audit.csv"
    audited = _run(["audit-log", "--csv", str(log), "--as", "Ada"], as_ada)
    assert audited.returncode == 0, audited.stderr
    text = log.read_text()
    for action in ("user.add", "user.set_role", "screen_link.create", "screen_link.revoke", "sign_in.failed", "denied"):
        assert action in text, action
    not_admin = _run(["audit-log"], as_vic)
    assert not_admin.returncode == 1 and "may not read the audit log" in not_admin.stderr


def test_the_audit_csv_makes_formula_cells_text(store):
    accounts.add_user(store.db, "=cmd|' /C calc'!A0", "admin", PASSWORD)
    text = audit.as_csv(audit.entries(store.db))
    assert "'=cmd|" in text and ",=cmd|" not in text


def test_the_dashboard_refuses_a_public_address_while_nobody_signs_in(tmp_path):
    env = {**os.environ, "STANCE_DATABASE_URL": f"sqlite:///{tmp_path / 'd.db'}", "HOME": str(tmp_path)}
    env.pop("STANCE_TRUSTED_PROXY_HEADER", None)
    refused = subprocess.run(
        [sys.executable, "-m", "stance.cli", "dashboard", "--host", "0.0.0.0", "--port", "1"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        cwd=tmp_path,
    )
    assert refused.returncode == 1
    assert (
        "refusing to listen on 0.0.0.0" in refused.stderr
        and "--insecure-no-auth" in refused.stderr
        and "stance users add" in refused.stderr
    )


def test_the_dashboard_listens_on_this_machine_only_by_default_with_xsrf_protection():
    from stance.cli import build_parser, dashboard_command

    args = build_parser().parse_args(["dashboard"])
    assert args.host == "127.0.0.1"
    command = dashboard_command(8501)
    assert command[command.index("--server.address") + 1] == "127.0.0.1"
    assert command[command.index("--server.enableXsrfProtection") + 1] == "true"
