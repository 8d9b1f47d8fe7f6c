"""Backup and restore of the whole store as JSONL: every table, every row, ids kept.

The file is one JSON object per line:
- a header: {"stance_backup": 1, "schema": "<alembic revision>", "database": "sqlite"};
- one line per row, {"table": "article", "row": {...}}, parents before children, so an
  import inserts as it reads (memory stays flat) and foreign keys hold at every step;
- a footer: {"end": true, "counts": {"article": 12, ...}}, so a cut-off file is refused.

Dates and times are ISO strings. Export reads one consistent snapshot while others go on
writing. Import goes into an empty store only and is one transaction: all or nothing.
Exporting from SQLite and importing into PostgreSQL (or back) moves a store between them.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import date, datetime
from typing import Any, TextIO

from sqlalchemy import Table, bindparam, func, select, text, update
from sqlalchemy.engine import Connection

from stance.store.backup_rows import RowChecker
from stance.store.database import Database
from stance.store.migrations import head_revision
from stance.store.models import Base
from stance.store.stances import refresh_stances

FORMAT_VERSION = 1
TABLE_ORDER = (
    "actor",
    "alias",
    "article",
    "statement",
    "stance_score",
    "correction",
    "actor_merge",
    "actor_rename",
    "feed",
    "feed_item",
    "alert_rule",
    "alert_event",
    "users",
    "screen_tokens",
    "audit_log",  # sign-ins (sessions) are not kept: after a restore, people sign in again
)  # parents first
_INSERT_CHUNK = 500


def _tables() -> list[Table]:
    return [Base.metadata.tables[name] for name in TABLE_ORDER]


def _encode(value: Any) -> Any:
    return value.isoformat() if isinstance(value, (date, datetime)) else value


# ----- export ------------------------------------------------------------------------------------
def export_all(db: Database, out: TextIO) -> dict[str, int]:
    """Write the whole store to `out`; returns rows written per table."""
    counts: dict[str, int] = {}
    with db.engine.connect() as connection:
        connection = _snapshot(connection)
        out.write(
            json.dumps(
                {"stance_backup": FORMAT_VERSION, "schema": head_revision(), "database": connection.dialect.name}
            )
            + "\n"
        )
        for table in _tables():
            counts[table.name] = 0
            rows = connection.execution_options(yield_per=1000).execute(select(table).order_by(table.c.id))
            for row in rows.mappings():
                record = {"table": table.name, "row": {key: _encode(value) for key, value in row.items()}}
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
                counts[table.name] += 1
        connection.rollback()
    out.write(json.dumps({"end": True, "counts": counts}) + "\n")
    return counts


def _snapshot(connection: Connection) -> Connection:
    """Make every read on this connection see one moment, even while other processes write."""
    if connection.dialect.name == "postgresql":
        return connection.execution_options(isolation_level="REPEATABLE READ")
    if connection.dialect.name == "sqlite":
        connection.exec_driver_sql("BEGIN")  # the driver would not start a transaction for reads
    return connection


# ----- import ------------------------------------------------------------------------------------
def import_all(db: Database, lines: Iterable[str]) -> dict[str, int]:
    """Load a backup into an empty store, in one transaction; returns rows read per table."""
    lines = iter(lines)
    _check_header(next(lines, ""))
    tables = {table.name: table for table in _tables()}
    checker = RowChecker(tables)  # every row against the schema before it is written (stance.store.backup_rows)
    counts = {name: 0 for name in tables}
    merged_into: list[dict] = []  # actor.merged_into points at other actors: set once all are in
    pending: list[dict] = []
    current: str | None = None
    footer = None
    with db.engine.begin() as connection:
        _check_empty(connection)
        for number, line in enumerate(lines, start=2):
            if not line.strip():
                continue
            record = _parse(line, number)
            if record.get("end"):
                footer = record
                break
            name = record.get("table")
            if name not in tables or not isinstance(record.get("row"), dict):
                raise ValueError(
                    f"Line {number} of the backup is not a row of a known table. Is this a `stance export --all` file?"
                )
            if name != current:
                if current is not None and TABLE_ORDER.index(name) < TABLE_ORDER.index(current):
                    raise ValueError(
                        f"Line {number} of the backup is out of order ({name} after {current}). Export the store again."
                    )
                _insert(connection, tables[current] if current is not None else None, pending)
                pending, current = [], name
            row = checker.check(name, record["row"], number)
            if name == "actor" and row.get("merged_into") is not None:
                merged_into.append({"actor_id": row["id"], "target": row["merged_into"]})
                row = {**row, "merged_into": None}
            pending.append(row)
            counts[name] += 1
            if len(pending) >= _INSERT_CHUNK:
                _insert(connection, tables[name], pending)
                pending = []
        _insert(connection, tables[current] if current is not None else None, pending)
        _check_footer(footer, counts)
        checker.finish()
        if merged_into:
            actor = tables["actor"]
            connection.execute(
                update(actor).where(actor.c.id == bindparam("actor_id")).values(merged_into=bindparam("target")),
                merged_into,
            )
        _reset_sequences(connection)
        refresh_stances(connection)  # derived, so not in the backup: worked out again from what was loaded
    return counts


def _parse(line: str, number: int) -> dict:
    try:
        record = json.loads(line)
    except json.JSONDecodeError:
        raise ValueError(
            f"Line {number} of the backup is not JSON; the file is damaged. Export the store again."
        ) from None
    if not isinstance(record, dict):
        raise ValueError(
            f"Line {number} of the backup is not a JSON object; the file is damaged. Export the store again."
        )
    return record


def _check_header(line: str) -> None:
    try:
        header = json.loads(line) if line.strip() else {}
    except json.JSONDecodeError:
        header = {}
    if not isinstance(header, dict) or header.get("stance_backup") != FORMAT_VERSION:
        raise ValueError(
            "This is not a Stance Tracker backup (its first line lacks the header). Make one with `stance export --all -o FILE`."
        )
    if header.get("schema") != head_revision():
        raise ValueError(
            f"The backup has schema {header.get('schema')!r} but this version of Stance Tracker writes {head_revision()!r}. "
            "Import it with the version that exported it, run `stance db upgrade`, then export again."
        )


def _check_empty(connection: Connection) -> None:
    for table in _tables():
        if connection.scalar(select(func.count()).select_from(table)):
            raise ValueError(
                f"The store already holds data ({table.name} is not empty). Import into an empty database: "
                "point STANCE_DATABASE_URL at a new one."
            )


def _check_footer(footer: dict | None, counts: dict[str, int]) -> None:
    if footer is None:
        raise ValueError(
            "The backup ends early (its last line is missing); nothing was imported. Export the store again."
        )
    expected = footer.get("counts") or {}
    if any(counts.get(name, 0) != expected.get(name, 0) for name in set(counts) | set(expected)):
        raise ValueError(
            f"The backup's rows do not match its own counts ({expected}); nothing was imported. Export the store again."
        )


def _insert(connection: Connection, table: Table | None, rows: list[dict]) -> None:
    if table is not None and rows:
        connection.execute(table.insert(), rows)


def _reset_sequences(connection: Connection) -> None:
    """PostgreSQL hands out ids from a sequence that explicit ids do not move: set it past the largest."""
    if connection.dialect.name != "postgresql":
        return
    for table in _tables():
        connection.execute(
            text(
                f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), COALESCE(MAX(id), 1), MAX(id) IS NOT NULL) FROM {table.name}"
            )
        )
