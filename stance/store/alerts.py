"""Alert rules and the alerts they fired: the rows that `stance.alerts` reads and writes.

A fired alert is claimed before it is sent (`claim`): in one transaction that holds the rule's
row, the claim looks for the same move (`key`) within the rule's cooldown and records the alert
only if there is none, so two processes evaluating at once (the watcher and an upload) send it
once. How each channel went is added afterwards (`record_delivery`).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select

from stance.store.database import Database, Writer
from stance.store.models import AlertEventRow, AlertRuleRow, ArticleRow, utcnow

RULE_FIELDS = (
    "name",
    "owner",
    "actors",
    "kind",
    "conflict",
    "condition",
    "params",
    "webhook",
    "emails",
    "cooldown_hours",
    "enabled",
)
FOREVER = None  # a cooldown of None: the same key never fires twice (a new actor is new once)


def add_rule(db: Writer, values: dict) -> int:
    unknown = set(values) - set(RULE_FIELDS)
    if unknown:
        raise ValueError(f"Unknown alert rule fields: {', '.join(sorted(unknown))}")

    def work(session) -> int:
        row = AlertRuleRow(**values)
        session.add(row)
        session.flush()
        return row.id

    return db.write(work)


def rules(db: Database, enabled_only: bool = False) -> list[dict]:
    query = select(AlertRuleRow).order_by(AlertRuleRow.id)
    if enabled_only:
        query = query.where(AlertRuleRow.enabled.is_(True))
    with db.read() as session:
        return [_rule_dict(row) for row in session.scalars(query)]


def rule(db: Database, rule_id: int) -> dict | None:
    with db.read() as session:
        row = session.get(AlertRuleRow, rule_id)
        return _rule_dict(row) if row is not None else None


def remove_rule(db: Writer, rule_id: int) -> None:
    """Delete a rule and the alerts it fired."""

    def work(session) -> None:
        row = session.get(AlertRuleRow, rule_id)
        if row is None:
            raise LookupError(f"No alert rule {rule_id}. See `stance alerts list`.")
        for event in session.scalars(select(AlertEventRow).where(AlertEventRow.rule_id == rule_id)):
            session.delete(event)  # SQLite without foreign keys on would leave them behind
        session.delete(row)

    db.write(work)


def set_enabled(db: Writer, rule_id: int, enabled: bool) -> None:
    def work(session) -> None:
        row = session.get(AlertRuleRow, rule_id)
        if row is None:
            raise LookupError(f"No alert rule {rule_id}. See `stance alerts list`.")
        row.enabled = enabled

    db.write(work)


def _rule_dict(row: AlertRuleRow) -> dict:
    return {"id": row.id, "created_at": row.created_at, **{name: getattr(row, name) for name in RULE_FIELDS}}


# ----- fired alerts --------------------------------------------------------------------------------
def claim(
    db: Database,
    rule_id: int,
    key: str,
    cooldown_hours: float | None,
    actor: str | None,
    payload: dict,
    now: datetime | None = None,
) -> int | None:
    """Record that `rule_id` fires for the move `key`, unless it fired for it within the cooldown
    (`FOREVER`: ever). Returns the new alert's id, or None when it is a repeat."""
    now = now or utcnow()

    def work(session) -> int | None:
        # A second claim for the same rule waits until this one commits, then sees it: PostgreSQL
        # holds the rule's row (FOR UPDATE); SQLite takes its one write lock before reading.
        if session.get_bind().dialect.name == "sqlite":
            session.connection().exec_driver_sql("BEGIN IMMEDIATE")
        if session.scalar(select(AlertRuleRow.id).where(AlertRuleRow.id == rule_id).with_for_update()) is None:
            return None  # removed meanwhile
        if session.scalar(_earlier(rule_id, key, cooldown_hours, now)) is not None:
            return None
        row = AlertEventRow(rule_id=rule_id, fired_at=now, key=key, actor=actor, payload=payload, delivery={})
        session.add(row)
        session.flush()
        return row.id

    return db.write(work)


def fired_within(
    db: Database, rule_id: int, key: str, cooldown_hours: float | None, now: datetime | None = None
) -> bool:
    """Whether the move already fired within the cooldown: the cheap look before an alert is put
    together (`claim` asks again, atomically)."""
    with db.read() as session:
        return session.scalar(_earlier(rule_id, key, cooldown_hours, now or utcnow())) is not None


def _earlier(rule_id: int, key: str, cooldown_hours: float | None, now: datetime):
    query = select(AlertEventRow.id).where(AlertEventRow.rule_id == rule_id, AlertEventRow.key == key)
    if cooldown_hours is not FOREVER:
        query = query.where(AlertEventRow.fired_at > now - timedelta(hours=cooldown_hours))
    return query.limit(1)


def record_delivery(db: Database, event_id: int, delivery: dict, error: str | None) -> None:
    def work(session) -> None:
        row = session.get(AlertEventRow, event_id)
        if row is not None:
            row.delivery, row.error = delivery, error

    db.write(work)


def events(db: Database, limit: int = 50, rule_id: int | None = None) -> list[dict]:
    """Fired alerts, newest first, with their rule's name."""
    query = (
        select(AlertEventRow, AlertRuleRow.name)
        .join(AlertRuleRow, AlertRuleRow.id == AlertEventRow.rule_id)
        .order_by(AlertEventRow.fired_at.desc(), AlertEventRow.id.desc())
        .limit(limit)
    )
    if rule_id is not None:
        query = query.where(AlertEventRow.rule_id == rule_id)
    with db.read() as session:
        return [
            {
                "id": e.id,
                "rule_id": e.rule_id,
                "rule": name,
                "fired_at": e.fired_at,
                "key": e.key,
                "actor": e.actor,
                "payload": e.payload,
                "delivery": e.delivery,
                "error": e.error,
            }
            for e, name in session.execute(query)
        ]


def alerted_statements(db: Database, rule_id: int) -> set[int]:
    """Statements a rule has already quoted in an alert (a strong statement is alerted once)."""
    with db.read() as session:
        payloads = session.scalars(select(AlertEventRow.payload).where(AlertEventRow.rule_id == rule_id))
        return {int(s["statement_id"]) for payload in payloads for s in (payload or {}).get("statements", [])}


def articles_ingested_since(db: Database, when: datetime) -> set[int]:
    with db.read() as session:
        return set(session.scalars(select(ArticleRow.id).where(ArticleRow.ingested_at >= when)))


def article_urls(db: Database, ids) -> dict[int, str | None]:
    ids = [int(i) for i in ids]
    if not ids:
        return {}
    with db.read() as session:
        return dict(session.execute(select(ArticleRow.id, ArticleRow.url).where(ArticleRow.id.in_(ids))).all())
