"""The audit log: who did what, when, to what. Rows are written by `stance.store.access` in the
transaction of the write they record (so a write and its record stand or fall together), and by
`stance.store.accounts` for sign-ins."""

from __future__ import annotations

import csv
import io
import json
from datetime import datetime
from typing import Any

from sqlalchemy import select

from stance.auth.roles import OPEN_ACTIONS, PERMISSIONS, Account
from stance.csv_safe import inert
from stance.store.database import Database
from stance.store.models import AuditRow, utcnow

TARGET_CHARS = AuditRow.target.type.length
NAME_CHARS = AuditRow.user_name.type.length
COLUMNS = ["id", "at", "user_name", "role", "action", "target", "details"]
ACTIONS = (*PERMISSIONS, *OPEN_ACTIONS)  # every name an entry's action may have


def _clip(text: object, limit: int) -> str | None:
    if text is None:
        return None
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _plain(details: dict[str, Any] | None) -> dict[str, Any] | None:
    """JSON-safe details, each text cut to a readable length."""
    if not details:
        return None
    out: dict[str, Any] = {}
    for key, value in details.items():
        if isinstance(value, (int, float, bool)) or value is None:
            out[key] = value
        elif isinstance(value, (list, tuple)):
            out[key] = [v if isinstance(v, (int, float, bool)) else _clip(v, 200) for v in value][:50]
        else:
            out[key] = _clip(value, 500)
    return out


def record(
    session,
    account: Account | None,
    action: str,
    target: object = None,
    details: dict[str, Any] | None = None,
    at: datetime | None = None,
) -> None:
    """Add one audit row to the session's transaction."""
    session.add(
        AuditRow(
            at=at or utcnow(),
            user_id=account.id if account else None,
            user_name=_clip(account.name if account else "(nobody)", NAME_CHARS),
            role=account.role if account else None,
            action=action,
            target=_clip(target, TARGET_CHARS),
            details=_plain(details),
        )
    )


def entries(
    db: Database, *, limit: int | None = None, action: str | None = None, user: str | None = None
) -> list[dict]:
    """Audit rows, newest first, as dicts with COLUMNS."""
    query = select(AuditRow).order_by(AuditRow.id.desc())
    if action:
        query = query.where(AuditRow.action == action)
    if user:
        query = query.where(AuditRow.user_name == user)
    if limit:
        query = query.limit(limit)
    with db.read() as session:
        return [{column: getattr(row, column) for column in COLUMNS} for row in session.scalars(query)]


def as_csv(rows: list[dict]) -> str:
    """Audit entries as CSV text, one row per entry, details as JSON."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    for row in rows:
        values = {
            **row,
            "at": row["at"].isoformat(timespec="seconds") if row.get("at") else "",
            "details": json.dumps(row["details"], ensure_ascii=False) if row.get("details") else "",
        }
        writer.writerow(
            [inert(values.get(column)) for column in COLUMNS]
        )  # a name or target can hold anything someone typed
    return out.getvalue()
