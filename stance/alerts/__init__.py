"""Alerts on stance shifts: rules kept in the store, checked after every write, sent by webhook and email.

    rule_id = add_rule(store, Rule("Putin moves", "moved", threshold=0.3, actors=("Vladimir Putin",),
                                   webhook="https://hooks.slack.com/services/...", emails=("desk@example.org",)))
    after_write(store)   # after an ingest or a correction: evaluate, send, record; never raises
    check(store)         # the same, for `stance alerts check` (raises on a broken store)
    fired(store)         # what was sent, newest first, with how each channel went

An alert is the move (evaluate.py), the statements behind it (speaker, date, quote, score) and a
link to the dashboard view that shows them: $STANCE_DASHBOARD_URL (http://localhost:8501) with the
actor and dates as URL filters. A move is sent once per cooldown (see stance.store.alerts.claim).
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from datetime import date, datetime
from functools import partial

from stance.alerts import deliver
from stance.alerts.evaluate import DEFAULT_DASHBOARD_URL, Finding, findings, quotes
from stance.alerts.rules import CONDITIONS, Rule, validated
from stance.store import Store
from stance.store import alerts as rows_of
from stance.store.models import utcnow

__all__ = [
    "CONDITIONS",
    "Alert",
    "Rule",
    "add_rule",
    "after_write",
    "check",
    "dashboard_url",
    "fired",
    "remove_rule",
    "rules",
    "set_enabled",
]
log = logging.getLogger(__name__)


@dataclass
class Alert:
    """One alert fired and sent: its stored id, the payload that was sent, and how each channel went."""

    id: int
    rule: Rule
    payload: dict
    delivery: dict
    error: str | None


def dashboard_url() -> str:
    return (os.environ.get("STANCE_DASHBOARD_URL") or DEFAULT_DASHBOARD_URL).strip().rstrip("/")


# ----- rules -----------------------------------------------------------------------------------------
def add_rule(store: Store, rule: Rule) -> int:
    """Save a rule (checked first: ValueError says what is wrong); returns its id."""
    values = validated(rule).row_values()
    return rows_of.add_rule(store.guarded("alert.add", values["name"], {"condition": values["condition"]}), values)


def rules(store: Store) -> list[Rule]:
    return [Rule.from_row(row) for row in rows_of.rules(store.db)]


def remove_rule(store: Store, rule_id: int) -> None:
    rows_of.remove_rule(store.guarded("alert.remove", f"alert rule {rule_id}"), int(rule_id))


def set_enabled(store: Store, rule_id: int, enabled: bool) -> None:
    rows_of.set_enabled(
        store.guarded("alert.enable", f"alert rule {rule_id}", {"enabled": enabled}), int(rule_id), enabled
    )


def fired(store: Store, limit: int = 50, rule_id: int | None = None) -> list[dict]:
    """Alerts fired, newest first: id, rule, fired_at, actor, payload (as sent), delivery per channel, error."""
    return rows_of.events(store.db, limit, rule_id)


# ----- evaluation ------------------------------------------------------------------------------------
def after_write(store: Store) -> list[Alert]:
    """Check every rule after an ingest or a correction. Never raises: what goes wrong is logged,
    and the write it follows stands."""
    try:
        return check(store)
    except Exception:  # noqa: BLE001 - an alert must never undo or stop the ingest it follows
        log.exception("checking alert rules failed")
        return []


def check(
    store: Store, *, today: date | None = None, now: datetime | None = None, rule_ids: list[int] | None = None
) -> list[Alert]:
    """Evaluate the enabled rules (or `rule_ids`) now; send and record what fires. Returns the alerts sent."""
    active = [Rule.from_row(row) for row in rows_of.rules(store.db, enabled_only=rule_ids is None)]
    if rule_ids is not None:
        active = [r for r in active if r.id in set(rule_ids)]
    if not active:
        return []  # the usual case after an ingest: no rules, nothing read
    today = today or date.today()
    now = now or utcnow()
    base = dashboard_url()
    frame = store.stance_rows()
    sent = []
    for rule in active:
        assert rule.id is not None and rule.created_at is not None  # a rule read from the store has both
        try:
            found = findings(
                rule,
                frame,
                today,
                new_articles=partial(rows_of.articles_ingested_since, store.db, rule.created_at),
                already_quoted=partial(rows_of.alerted_statements, store.db, rule.id),
                base_url=base,
            )
        except Exception:  # noqa: BLE001 - one broken rule does not silence the others
            log.exception("evaluating alert rule %s (%s) failed", rule.id, rule.name)
            continue
        for finding in found:
            alert = _fire(store, rule, finding, now, base)
            if alert is not None:
                sent.append(alert)
    return sent


def _fire(store: Store, rule: Rule, finding: Finding, now: datetime, base: str) -> Alert | None:
    assert rule.id is not None  # a rule read from the store
    if rows_of.fired_within(store.db, rule.id, finding.key, finding.cooldown_hours, now):
        return None  # the same move within the cooldown: the usual case at the next ingest
    details = store.statements_by_id(finding.statement_ids)
    urls = rows_of.article_urls(store.db, details["article_id"].unique()) if not details.empty else {}
    payload = {
        "rule": {
            "id": rule.id,
            "name": rule.name,
            "owner": rule.owner,
            "condition": rule.condition,
            "scope": rule.scope_text(),
            "description": rule.condition_text(),
        },
        "actor": finding.actor,
        "headline": finding.headline,
        "details": finding.details,
        "statements": quotes(details, finding.statement_ids, urls, base, finding.periods),
        "link": finding.link,
        "fired_at": now.isoformat(timespec="seconds") + "Z",
    }
    event_id = rows_of.claim(store.db, rule.id, finding.key, finding.cooldown_hours, finding.actor, payload, now)
    if event_id is None:
        return None  # another process sent it first
    delivery = {}
    if rule.webhook:
        delivery["webhook"] = _send(deliver.send_webhook, rule.webhook, payload)
    if rule.emails:
        delivery["email"] = _send(deliver.send_email, list(rule.emails), payload)
    errors = [d["error"] for d in delivery.values() if d.get("status") == "failed"]
    error = "; ".join(errors) or None
    rows_of.record_delivery(store.db, event_id, delivery, error)
    if error:
        log.warning("alert %s (%s) not delivered everywhere: %s", event_id, rule.name, error)
    return Alert(event_id, rule, payload, delivery, error)


def _send(channel, to, payload: dict) -> dict:
    """A channel's status; a bug in one channel is recorded as its failure, and the other channels still go."""
    try:
        return channel(to, payload)
    except Exception as exc:  # noqa: BLE001
        log.exception("alert delivery failed")
        return {"status": "failed", "error": f"{type(exc).__name__}: {exc}"[:300]}
