"""Import (security review): every row of a backup is checked against the schema before it is written;
a bad one is refused with its line and what is wrong, nothing is imported, and the CLI shows no traceback.
Into SQLite (which would have stored "not-a-number" as a start) and PostgreSQL."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys

import pytest

from stance.store import Store
from stance.store.backup import export_all, import_all
from test_migrations import fill


@pytest.fixture(scope="module")
def dump(tmp_path_factory) -> list[str]:
    source = Store(f"sqlite:///{tmp_path_factory.mktemp('source') / 'a.db'}")
    fill(source)
    out = io.StringIO()
    export_all(source.db, out)
    return out.getvalue().splitlines()


def damaged(lines: list[str], table: str, change) -> tuple[list[str], int]:
    """The backup with the first row of `table` changed; returns the lines and that row's line number."""
    lines = list(lines)
    for index, line in enumerate(lines):
        record = json.loads(line)
        if record.get("table") == table:
            record["row"] = change(dict(record["row"]))
            lines[index] = json.dumps(record)
            return lines, index + 1
    raise AssertionError(f"no {table} row in the backup")


def without(row: dict, key: str) -> dict:
    row.pop(key)
    return row


CASES = [
    ("statement", lambda r: {**r, "start": "not-a-number"}, r"start is 'not-a-number', not a whole number"),
    (
        "article",
        lambda r: {**r, "published": "2025-13-01"},
        r"published is '2025-13-01', not a date as YYYY-MM-DD \(month must be in 1\.\.12\)",
    ),
    ("article", lambda r: {**r, "ingested_at": 12}, r"ingested_at is 12, not a date and time"),
    ("statement", lambda r: {**r, "actor_id": 999}, r"actor_id points to actor 999, which is not in the backup"),
    ("actor", lambda r: {**r, "merged_into": 999}, r"merged_into points to actor 999, which is not in the backup"),
    ("stance_score", lambda r: {**r, "p_favor": 1.5}, r"p_favor is 1\.5; it must be between 0 and 1"),
    ("stance_score", lambda r: {**r, "label": "MAYBE"}, r"label is 'MAYBE'; it must be one of FAVOR, AGAINST, NONE"),
    ("statement", lambda r: {**r, "end": -5}, r"end \(-5\) is before start"),
    ("statement", lambda r: {**r, "confidence": "high"}, r"confidence is 'high', not a number"),
    ("actor", lambda r: {**r, "name": "n" * 300}, r"name is 300 characters long; at most 200 fit"),
    ("actor", lambda r: {**r, "kind": "alien"}, r"kind is 'alien'; it must be one of person"),
    ("actor", lambda r: {**r, "reviewed": "yes"}, r"reviewed is 'yes', not true or false"),
    ("statement", lambda r: {**r, "colour": 1}, r"statement has no column 'colour'"),
    ("statement", lambda r: without(r, "text"), r"text is missing"),
    ("article", lambda r: {**r, "text": None}, r"text is empty"),
]


@pytest.mark.parametrize("table, change, message", CASES)
def test_a_bad_row_is_refused_with_its_line_and_nothing_is_imported(database_url, dump, table, change, message):
    lines, number = damaged(dump, table, change)
    target = Store(database_url)
    with pytest.raises(ValueError, match=rf"^Line {number} of the backup \({table}[^)]*\): {message}") as raised:
        import_all(target.db, lines)
    assert "Nothing was imported" in str(raised.value)
    assert target.counts() == {"articles": 0, "statements": 0, "actors": 0}


@pytest.mark.parametrize("table", ["statement", "article", "actor"])
def test_a_duplicate_id_is_refused_with_its_line(database_url, dump, table):
    first = next(i for i, line in enumerate(dump) if json.loads(line).get("table") == table)
    lines = dump[: first + 1] + [dump[first]] + dump[first + 1 :]
    target = Store(database_url)
    row_id = json.loads(dump[first])["row"]["id"]
    with pytest.raises(
        ValueError, match=rf"^Line {first + 2} of the backup \({table} {row_id}\): id {row_id} appears twice"
    ):
        import_all(target.db, lines)
    assert target.counts() == {"articles": 0, "statements": 0, "actors": 0}


def test_a_duplicate_unique_value_is_refused_with_its_line(database_url, dump):
    hashes = [i for i, line in enumerate(dump) if json.loads(line).get("table") == "article"]
    first = json.loads(dump[hashes[0]])["row"]["content_hash"]
    lines = list(dump)
    record = json.loads(lines[hashes[1]])
    record["row"]["content_hash"] = first
    lines[hashes[1]] = json.dumps(record)
    target = Store(database_url)
    with pytest.raises(ValueError, match=rf"^Line {hashes[1] + 1} .*content_hash '{first}' appears twice"):
        import_all(target.db, lines)


def test_stance_import_says_which_line_without_a_traceback(tmp_path, dump):
    lines, number = damaged(dump, "statement", lambda r: {**r, "start": "not-a-number"})
    backup = tmp_path / "bad.jsonl"
    backup.write_text("\n".join(lines) + "\n", encoding="utf-8")
    env = {**os.environ, "STANCE_DATABASE_URL": f"sqlite:///{tmp_path / 'target.db'}"}
    result = subprocess.run(
        [sys.executable, "-m", "stance.cli", "import", str(backup)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert result.returncode == 1
    assert f"error: Line {number} of the backup" in result.stderr and "not a whole number" in result.stderr
    assert "Traceback" not in result.stderr and "INSERT" not in result.stderr
    assert Store(env["STANCE_DATABASE_URL"]).counts() == {"articles": 0, "statements": 0, "actors": 0}
