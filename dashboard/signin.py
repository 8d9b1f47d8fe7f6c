"""Who is using this browser session, decided before any page is drawn (app.py calls `gate`).

In this order:
1. `/?screen=TOKEN`: a live screen link shows the Briefing in presenter mode, read-only, and
   nothing else; checked again on every rerun and every STANCE_SCREEN_RECHECK_S seconds, so a
   revoked or expired link stops working on the screen itself.
2. A trusted proxy header (STANCE_TRUSTED_PROXY_HEADER, from STANCE_TRUSTED_PROXY_IPS only):
   the proxy has signed the person in (stance.auth.proxy).
3. Single sign-on with Streamlit's `st.login` (an [auth] section in .streamlit/secrets.toml).
4. Accounts in the store: the name-and-password form; the session token lives in this
   session's state only, and its expiry is checked on every rerun.
5. No accounts and no sign-on (a laptop): the built-in local admin, as before accounts existed.
The role is read from the store again on every rerun, so a changed role counts at once.
"""

from __future__ import annotations

import os

import streamlit as st

from dashboard import state
from dashboard.safe import md
from stance.auth import LOCAL, Account
from stance.auth.exposure import oidc_configured
from stance.auth.proxy import trusted_identity
from stance.auth.settings import auth_settings
from stance.store import accounts

_ACCOUNT = state.ACCOUNT_KEY
_TOKEN = "_session_token"
_SCREEN = "_screen_token"


def _peer() -> str:
    """The connection's own address. Streamlit gives None for a loopback peer (a proxy on this machine)."""
    return st.context.ip_address or "127.0.0.1"


def gate() -> Account | None:
    """The signed-in account (also in st.session_state), or None where someone has to sign in first
    (then draw `sign_in_page`). A dead screen link or an untrusted proxy request is told so here, and stops."""
    db = state.base_store().db
    token = st.query_params.get("screen") or st.session_state.get(_SCREEN)
    if token:
        return _screen(db, token)
    settings = auth_settings()
    if settings.proxy_header:
        return _remember(_proxy(db, settings))
    if oidc_configured() and getattr(st.user, "is_logged_in", False):
        return _remember(_oidc(db))
    account = accounts.session_account(db, st.session_state.get(_TOKEN))
    if account is not None:
        return _remember(account)
    if st.session_state.pop(_TOKEN, None):
        st.session_state["_signin_note"] = "Your sign-in has expired. Sign in again."
    if oidc_configured() or accounts.has_users(db):
        st.session_state.pop(_ACCOUNT, None)
        return None
    return _remember(LOCAL)


def _remember(account: Account) -> Account:
    st.session_state[_ACCOUNT] = account
    return account


account = state.account


# ----- a screen link ---------------------------------------------------------------------------------
def _screen(db, token: str) -> Account:
    found = accounts.screen_account(db, token)
    if found is None:
        st.session_state.pop(_ACCOUNT, None)
        st.title("Stance Tracker")
        st.error("This screen link has expired or was revoked. Ask an admin for a new one.")
        st.stop()
    st.session_state[_SCREEN] = token
    st.session_state["bf_present"] = True  # presenter mode, whatever the toggle said
    _watch_screen()
    return _remember(found)


@st.fragment(run_every=float(os.environ.get("STANCE_SCREEN_RECHECK_S") or 30))
def _watch_screen() -> None:
    """Nobody touches a screen in a briefing room: look again now and then, and close it once revoked or expired."""
    if accounts.screen_account(state.base_store().db, st.session_state.get(_SCREEN)) is None:
        st.rerun(scope="app")


# ----- single sign-on --------------------------------------------------------------------------------
def _proxy(db, settings) -> Account:
    name = trusted_identity(st.context.headers, _peer(), settings.proxy_header, settings.proxy_ips)
    if name is None:
        st.title("Stance Tracker")
        st.error(
            "Sign-in goes through your organisation's sign-in page, and this request did not come through it. "
            "Open the dashboard at its usual address."
        )
        st.stop()
    known = account()
    if known is not None and known.kind == "user" and known.name.casefold() == name.casefold():
        current = accounts.current_account(db, known)
        if current is not None:
            return current
    return accounts.sso_account(db, name, "proxy", client=_peer())


def _oidc(db) -> Account:
    name = st.user.get("email") or st.user.get("preferred_username") or st.user.get("name") or st.user.get("sub")
    known = account()
    if known is not None and known.kind == "user" and known.name.casefold() == str(name).casefold():
        current = accounts.current_account(db, known)
        if current is not None:
            return current
    return accounts.sso_account(db, str(name), "oidc", client=_peer())


# ----- the sign-in page ------------------------------------------------------------------------------
def sign_in_page() -> None:
    db = state.base_store().db
    st.title("Stance Tracker")
    st.subheader("Sign in")
    if note := st.session_state.pop("_signin_note", None):
        st.info(md(note))
    if oidc_configured():
        st.button(
            "Sign in with your organisation's account", type="primary", on_click=st.login, icon=":material/login:"
        )
        if not accounts.has_users(db):
            return
        st.caption("…or with a name and password:")
    with st.form("signin", enter_to_submit=True):
        name = st.text_input("Name", key="signin_name", max_chars=100)
        password = st.text_input("Password", type="password", key="signin_password", max_chars=1000)
        submitted = st.form_submit_button("Sign in", type="primary")
    if submitted:
        try:
            signed = accounts.sign_in(db, name, password, client=_peer())
        except accounts.SignInFailed as failed:
            st.error(md(failed))
            return
        st.session_state[_TOKEN] = signed.token
        st.session_state.pop("signin_password", None)
        _remember(signed.account)
        st.rerun()


def _sign_out() -> None:
    """The Sign out button's callback (the rerun it triggers shows the sign-in page)."""
    accounts.sign_out(state.base_store().db, st.session_state.pop(_TOKEN, None))
    st.session_state.pop(_ACCOUNT, None)
    if oidc_configured() and getattr(st.user, "is_logged_in", False):
        st.logout()


def sidebar_identity() -> None:
    """Who is signed in, with Sign out; in local mode the free-text name corrections are recorded under."""
    current = account()
    if current is None or current.kind == "screen":
        return
    if current.kind == "local":
        st.text_input(
            "Analyst",
            key="analyst",
            placeholder="Your name",
            max_chars=100,
            help="Recorded with every correction, merge and rename you make.",
        )
        return
    st.caption(f"Signed in as **{md(current.name)}** ({current.role})")
    if not auth_settings().proxy_header:  # behind a proxy, signing out is the proxy's business
        st.button("Sign out", key="sign_out", on_click=_sign_out, icon=":material/logout:")
