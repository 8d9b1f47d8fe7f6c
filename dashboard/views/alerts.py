"""Alerts: rules on stance shifts (add, pause, remove), and the alerts they fired with the statements behind them.

The rules live in the store (stance.alerts) and are checked after every upload, correction and
`stance ingest` or `stance watch`; this page only lists and edits them.
"""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from dashboard import state
from dashboard.safe import md
from dashboard.words import plural
from stance import alerts
from stance.records import ACTOR_KINDS
from stance.store.queries import actor_conflicts

st.title("Alerts")
st.caption(
    "Be told when a stance moves: by webhook (Slack, Teams or any receiver of a JSON POST) or by email. "
    "Rules are checked after every upload, correction and `stance ingest` or `stance watch`; the same move is sent once per cooldown."
)
store = state.store()


def _act(action: Callable[[], object], done: str) -> None:
    try:
        action()
    except (LookupError, ValueError) as exc:
        st.session_state["_alerts_note"] = ("error", str(exc))
    else:
        st.session_state["_alerts_note"] = ("success", done)
    st.rerun()


def _check_now() -> None:
    sent = alerts.check(store)
    st.session_state["_alerts_note"] = ("success", f"Checked every rule: {plural(len(sent), 'alert')} fired.")
    st.rerun()


note = st.session_state.pop("_alerts_note", None)
if note:
    (st.error if note[0] == "error" else st.success)(md(note[1]))

rules = alerts.rules(store)
fired_tab, rules_tab, new_tab = st.tabs(["Fired", f"Rules ({len(rules)})", "New rule"])

with fired_tab:
    events = alerts.fired(store, limit=50)
    if not events and state.catalogue().articles == 0:
        st.info(
            "No articles yet: rules fire on what is stored. Add articles on the **Upload** page or the **Feeds** page, "
            "then add a rule under **New rule**."
        )
    elif not events:
        st.info(
            "No alerts fired yet. Add a rule under **New rule**; it is checked after each upload or ingest, "
            "or at once with **Check now** under Rules."
        )
    for event in events:
        payload = event["payload"] or {}
        with st.container(border=True):
            st.markdown(f"**{md(payload.get('headline'))}**")
            st.caption(
                f"{event['fired_at']:%Y-%m-%d %H:%M} UTC · rule {md(event['rule'])} · "
                + (
                    " · ".join(
                        f"{md(channel)} {md(d.get('status'))}" for channel, d in (event["delivery"] or {}).items()
                    )
                    or "no channel"
                )
            )
            if event["error"]:
                st.error(f"Not delivered everywhere: {md(event['error'])}")
            for s in payload.get("statements", []):
                period = f" ({md(s['period'])})" if s.get("period") else ""  # md() trims: the space stays outside it
                where = " — ".join(part for part in (s.get("title"), s.get("source")) if part)
                st.markdown(
                    f"{md(s.get('date') or 'undated')}{period} · **{md(s.get('speaker'))}** · {s.get('score', 0):+.2f} · "
                    f"“{md(s.get('quote'))}”" + (f" · {md(where)}" if where else "")
                )
            if payload.get("link"):
                st.link_button("Open in the dashboard", payload["link"], icon=":material/open_in_new:")

with rules_tab:
    if st.button("Check now", key="al_check", icon=":material/notifications_active:", disabled=not rules):
        _check_now()
    if not rules:
        st.info("No rules yet. Add one under **New rule**, or with `stance alerts add`.")
    for rule in rules:
        with st.container(border=True):
            text, pause, remove = st.columns([6, 1, 1])
            paused = "" if rule.enabled else " · **paused**"
            text.markdown(
                f"**{md(rule.name)}**{paused}  \n{md(rule.scope_text())}: {md(rule.condition_text())}  \n"
                f"→ {md(rule.channels_text())} · cooldown {rule.cooldown_hours:g} h · by {md(rule.owner)}"
            )
            if pause.button("Resume" if not rule.enabled else "Pause", key=f"al_pause_{rule.id}"):
                _act(
                    lambda rule=rule: alerts.set_enabled(store, rule.id, not rule.enabled),
                    f"{'Resumed' if not rule.enabled else 'Paused'} {rule.name}.",
                )
            if remove.button("Remove", key=f"al_remove_{rule.id}", icon=":material/delete:"):
                _act(
                    lambda rule=rule: alerts.remove_rule(store, rule.id),
                    f"Removed {rule.name} and the alerts it fired.",
                )

with new_tab:
    catalogue = state.catalogue()
    names = catalogue.actors["name"].tolist() if not catalogue.actors.empty else []
    conflicts = sorted({tag for tags in actor_conflicts().values() for tag in tags})
    name = st.text_input("Name", key="al_name", placeholder="e.g. Kremlin moves on talks")
    st.markdown("**Whom to watch** (empty: every actor; several: all must hold)")
    chosen = st.multiselect("Actors", names, key="al_actors", placeholder="Any actor")
    left, right = st.columns(2)
    kind = left.selectbox("Actor kind", list(ACTOR_KINDS), index=None, key="al_kind", placeholder="Any kind")
    conflict = right.selectbox("Conflict", conflicts, index=None, key="al_conflict", placeholder="Any conflict")
    condition = st.radio(
        "When", list(alerts.CONDITIONS), key="al_condition", format_func=lambda c: alerts.CONDITIONS[c]
    )
    threshold = None
    left, right = st.columns(2)
    if condition == "moved":
        threshold = left.number_input(
            "Moved by at least (X)", min_value=0.05, max_value=2.0, value=0.3, step=0.05, key="al_moved"
        )
    elif condition == "strong":
        threshold = left.number_input(
            "|score| at least (Y)", min_value=0.05, max_value=1.0, value=0.8, step=0.05, key="al_strong"
        )
    days = right.number_input("Window in days (N)", min_value=1, max_value=366, value=14, step=1, key="al_days")
    st.markdown("**Where to send it**")
    webhook = st.text_input(
        "Webhook URL",
        key="al_webhook",
        placeholder="https://hooks.slack.com/services/...",
        help="Slack and Microsoft Teams incoming webhooks show the alert's text; any other receiver gets the JSON.",
    )
    emails = st.text_input(
        "Email addresses",
        key="al_emails",
        placeholder="desk@example.org, analyst@example.org",
        help="Sent through the SMTP server set in STANCE_SMTP_HOST (and STANCE_SMTP_* for port, login, sender).",
    )
    cooldown = st.number_input(
        "Cooldown in hours",
        min_value=0.0,
        max_value=24.0 * 365,
        value=24.0,
        step=1.0,
        key="al_cooldown",
        help="The same move (actor and direction) is not sent again within this time.",
    )
    if st.button("Save rule", type="primary", key="al_save", icon=":material/add_alert:"):
        rule = alerts.Rule(
            name=name,
            condition=condition,
            threshold=threshold,
            days=int(days),
            actors=tuple(chosen),
            kind=kind,
            conflict=conflict,
            webhook=webhook,
            emails=tuple(e for e in emails.replace(";", ",").split(",") if e.strip()),
            cooldown_hours=float(cooldown),
            owner=state.analyst() or "analyst",
        )
        _act(
            lambda: alerts.add_rule(store, rule),
            f"Saved the rule {name.strip()}. It is checked after the next upload or ingest.",
        )
