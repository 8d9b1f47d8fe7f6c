"""Team (admins): accounts and roles, and read-only screen links for the briefing room."""

from __future__ import annotations

from urllib.parse import urlsplit

import pandas as pd
import streamlit as st

from dashboard import state
from dashboard.safe import md
from stance.alerts import dashboard_url
from stance.auth import ROLES
from stance.store import accounts

st.title("Team")
store = state.store()
db = store.db
by = state.account()


def _act(action, done: str) -> None:
    try:
        action()
    except (LookupError, ValueError, PermissionError) as exc:
        st.session_state["_team_note"] = ("error", str(exc))
    else:
        st.session_state["_team_note"] = ("success", done)
    st.rerun()


if note := st.session_state.pop("_team_note", None):
    (st.error if note[0] == "error" else st.success)(md(note[1]))

users_tab, screens_tab = st.tabs(["Users", "Screen links"])

with users_tab:
    found = accounts.users(db)
    if not found:
        st.info(
            "No accounts yet: the dashboard runs as the local admin on this machine. Add the first admin below, "
            "and from then on everyone signs in."
        )
    else:
        st.dataframe(
            pd.DataFrame(
                [
                    {
                        "name": u.name,
                        "role": u.role,
                        "signs in with": u.source,
                        "last sign-in": u.last_login_at,
                        "locked until": u.locked_until,
                    }
                    for u in found
                ]
            ),
            hide_index=True,
            width="stretch",
        )
    add, change = st.columns(2, gap="large")
    with add, st.form("team_add", clear_on_submit=True):
        st.markdown("**Add a user**")
        name = st.text_input("Name", max_chars=100)
        role = st.selectbox("Role", ROLES, index=0 if found else ROLES.index("admin"))
        password = st.text_input(
            "Password (at least 10 characters)",
            type="password",
            max_chars=1000,
            help="Leave empty for someone who signs in through single sign-on.",
        )
        if st.form_submit_button("Add user", type="primary"):
            source = "password" if password else "oidc"
            _act(
                lambda: accounts.add_user(db, name, role, password or None, by=by, source=source),
                f"Added {name.strip()} ({role}).",
            )
    with change:
        if found:
            st.markdown("**Change a user**")
            names = [u.name for u in found]
            who = st.selectbox("User", names, key="team_user")
            current = next(u for u in found if u.name == who)
            new_role = st.selectbox("Role", ROLES, index=ROLES.index(current.role), key=f"team_role_{current.id}")
            buttons = st.container(horizontal=True)
            if buttons.button("Save role", disabled=new_role == current.role):
                _act(lambda: accounts.set_role(db, who, new_role, by=by), f"{who} is now {new_role}.")
            if buttons.button("Remove", icon=":material/person_remove:"):
                _act(
                    lambda: accounts.remove_user(db, who, by=by),
                    f"Removed {who}; what they did stays in the audit log.",
                )
            with st.expander("Reset password"):
                new_password = st.text_input(
                    "New password", type="password", key=f"team_pw_{current.id}", max_chars=1000
                )
                if st.button("Set password", disabled=not new_password):
                    _act(
                        lambda: accounts.reset_password(db, who, new_password, by=by),
                        f"New password set for {who}; their sign-ins ended.",
                    )

with screens_tab:
    st.caption(
        "A screen link opens the Briefing in presenter mode, read-only, with no other page, on a screen nobody signs in to. "
        "It stops working when it expires or is revoked (the screen notices within a minute)."
    )
    if made := st.session_state.pop("_team_link", None):
        st.success("Screen link made. Copy it now: it is shown once.")
        st.code(made, language=None)
    with st.form("team_link", clear_on_submit=True):
        label, hours, make = st.columns([3, 1, 1], vertical_alignment="bottom")
        what = label.text_input("What it is for", placeholder="Briefing room screen", max_chars=100)
        life = hours.number_input("Hours", min_value=1, max_value=24 * 366, value=24)
        if make.form_submit_button("Create link", type="primary"):
            try:
                token, _link = accounts.create_screen_link(db, hours=life, label=what or None, by=by)
            except (ValueError, PermissionError) as exc:
                st.error(md(exc))
            else:
                parts = urlsplit(st.context.url or "")
                base = f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else dashboard_url()
                st.session_state["_team_link"] = f"{base}/?screen={token}"
                st.rerun()
    for link in accounts.screen_links(db):
        text, button = st.columns([6, 1])
        text.markdown(
            f"**{md(link.label or f'Screen link {link.id}')}** · {link.state()} · until {link.expires_at:%Y-%m-%d %H:%M} UTC · "
            f"by {md(link.created_by)}"
        )
        if link.state() == "active" and button.button("Revoke", key=f"team_revoke_{link.id}"):
            _act(
                lambda link_id=link.id: accounts.revoke_screen_link(db, link_id, by=by),
                f"Revoked screen link {link.id}.",
            )
