"""Every row of a backup checked against the schema before it is written (`stance import`).

A row is refused, with the line it is on, when a column is unknown or missing, a value has the
wrong type (a number given as "not-a-number", a date that is not YYYY-MM-DD), is longer than its
column, is out of range (a probability above 1, a span that ends before it starts, a label or
kind the app does not know), repeats an id or a unique value, or points to a row that is not in
the backup. SQLite would have stored some of these and every page would then break; PostgreSQL
would have refused them with the SQL and a traceback.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Boolean, Date, DateTime, Float, Integer, String, Table, Text, UniqueConstraint

from stance.records import ACTOR_KINDS, LABELS

_INTEGER_LIMIT = 2**63  # what a BIGINT holds; ids and counts beyond it are damage, not data


class BadRow(ValueError):
    pass


def _fail(line: int, table: str, row: dict, message: str) -> BadRow:
    where = f"{table} {row.get('id')}" if isinstance(row.get("id"), int) else table
    return BadRow(
        f"Line {line} of the backup ({where}): {message}. Nothing was imported; fix that line or export the store again."
    )


def _probability(value: Any) -> str | None:
    return None if value is None or 0.0 <= value <= 1.0 else "must be between 0 and 1"


# Ranges and vocabularies the types alone do not say: (table, column) -> value -> problem or None.
_RULES: dict[tuple[str, str], Callable[[Any], str | None]] = {
    ("actor", "kind"): lambda v: None if v in ACTOR_KINDS else f"must be one of {', '.join(ACTOR_KINDS)}",
    ("statement", "start"): lambda v: None if v >= 0 else "must be 0 or more",
    ("statement", "confidence"): _probability,
    ("stance_score", "label"): lambda v: None if v in LABELS else f"must be one of {', '.join(LABELS)}",
    ("stance_score", "p_favor"): _probability,
    ("stance_score", "p_against"): _probability,
    ("stance_score", "p_none"): _probability,
    ("stance_score", "score"): lambda v: None if -1.0 <= v <= 1.0 else "must be between -1 and 1",
    ("correction", "field"): lambda v: (
        None if v in ("label", "speaker", "not_statement") else "must be label, speaker or not_statement"
    ),
}


def _row_rules(table: str, row: dict) -> str | None:
    """Checks across columns of one row."""
    if (
        table == "statement"
        and row.get("end") is not None
        and row.get("start") is not None
        and row["end"] < row["start"]
    ):
        return f"end ({row['end']}) is before start ({row['start']})"
    if table == "correction" and row.get("field") == "label" and row.get("new_value") not in LABELS:
        return f"a label correction's new_value must be one of {', '.join(LABELS)}, not {row.get('new_value')!r}"
    return None


class RowChecker:
    """Checks and decodes the rows of one import, table by table in the backup's order (parents first)."""

    def __init__(self, tables: dict[str, Table]):
        self.tables = tables
        self.ids: dict[str, set[int]] = {name: set() for name in tables}
        self.unique: dict[tuple[str, tuple[str, ...]], set[tuple]] = {}
        self.later: list[tuple[int, str, dict, str, str, Any]] = []  # references checked at the end

    def check(self, name: str, raw: dict, line: int) -> dict:
        table = self.tables[name]
        unknown = sorted(set(raw) - set(table.columns.keys()))
        if unknown:
            raise _fail(line, name, raw, f"{name} has no column {unknown[0]!r}")
        row = {}
        for column in table.columns:
            if column.name not in raw:
                if not column.nullable and column.default is None and column.server_default is None:
                    raise _fail(line, name, raw, f"{column.name} is missing")
                continue
            value = _value(column, raw[column.name])
            if isinstance(value, BadRow):
                raise _fail(line, name, raw, f"{column.name} {value}")
            rule = _RULES.get((name, column.name))
            problem = rule(value) if rule and value is not None else None
            if problem:
                raise _fail(line, name, raw, f"{column.name} is {value!r}; it {problem}")
            row[column.name] = value
        problem = _row_rules(name, row)
        if problem:
            raise _fail(line, name, raw, problem)
        self._check_unique(name, table, row, raw, line)
        self._check_references(name, table, row, raw, line)
        self.ids[name].add(row["id"])
        return row

    def _check_unique(self, name: str, table: Table, row: dict, raw: dict, line: int) -> None:
        keys: list[tuple[str, ...]] = [("id",), *((c.name,) for c in table.columns if c.unique and not c.primary_key)]
        keys += [
            tuple(c.name for c in constraint.columns)
            for constraint in table.constraints
            if isinstance(constraint, UniqueConstraint)
        ]
        keys += [tuple(c.name for c in index.columns) for index in table.indexes if index.unique]
        for key in dict.fromkeys(keys):
            value = tuple(row.get(column) for column in key)
            if any(v is None for v in value):
                continue
            seen = self.unique.setdefault((name, key), set())
            if value in seen:
                shown = value[0] if len(value) == 1 else value
                raise _fail(line, name, raw, f"{' and '.join(key)} {shown!r} appears twice in the backup")
            seen.add(value)

    def _check_references(self, name: str, table: Table, row: dict, raw: dict, line: int) -> None:
        for column in table.columns:
            value = row.get(column.name)
            if value is None:
                continue
            for key in column.foreign_keys:
                target = key.column.table.name
                if target not in self.ids:
                    continue
                if target == name or list(self.tables).index(target) > list(self.tables).index(name):
                    self.later.append((line, name, raw, column.name, target, value))  # not read yet
                elif value not in self.ids[target]:
                    raise _fail(
                        line, name, raw, f"{column.name} points to {target} {value}, which is not in the backup"
                    )

    def finish(self) -> None:
        """The references to rows further on in the file (an actor merged into a later actor)."""
        for line, name, raw, column, target, value in self.later:
            if value not in self.ids[target]:
                raise _fail(line, name, raw, f"{column} points to {target} {value}, which is not in the backup")


def _value(column, value: Any) -> Any:
    """The value for the database, or a BadRow saying what is wrong with it."""
    kind = column.type
    if value is None:
        return None if column.nullable else BadRow("is empty")
    if isinstance(kind, Boolean):
        return value if isinstance(value, bool) else BadRow(f"is {value!r}, not true or false")
    if isinstance(kind, Integer):
        if isinstance(value, bool) or not isinstance(value, int):
            return BadRow(f"is {value!r}, not a whole number")
        return value if abs(value) < _INTEGER_LIMIT else BadRow(f"is {value}, far too large")
    if isinstance(kind, Float):
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
            return BadRow(f"is {value!r}, not a number")
        return float(value)
    if isinstance(kind, DateTime):
        return _parsed(value, datetime, "a date and time as YYYY-MM-DDTHH:MM:SS")
    if isinstance(kind, Date):
        return _parsed(value, date, "a date as YYYY-MM-DD")
    if isinstance(kind, (String, Text)) and not isinstance(kind, JSON):
        if not isinstance(value, str):
            return BadRow(f"is {value!r}, not text")
        length = getattr(kind, "length", None)
        return (
            value
            if not length or len(value) <= length
            else BadRow(f"is {len(value):,} characters long; at most {length:,} fit")
        )
    return value  # JSON: any JSON value


def _parsed(value: Any, kind: type[date], shape: str) -> Any:
    if not isinstance(value, str):
        return BadRow(f"is {value!r}, not {shape}")
    try:
        parsed = kind.fromisoformat(value)
    except ValueError as error:
        return BadRow(f"is {value[:40]!r}, not {shape} ({error})")
    if kind is date and isinstance(parsed, datetime):
        parsed = parsed.date()
    return parsed
