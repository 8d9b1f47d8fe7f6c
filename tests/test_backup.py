"""`stance export --all` and `stance import`: the whole store round-trips, on SQLite, PostgreSQL and between them."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys

import pytest

from stance.store import Store
from stance.store.backup import export_all, import_all
from test_migrations import analysis, fill, snapshot


def round_trip(source: Store, target: Store) -> str:
    out = io.StringIO()
    export_all(source.db, out)
    import_all(target.db, io.StringIO(out.getvalue()))
    return out.getvalue()


def test_everything_comes_back(database_url, tmp_path):
    source = Store(f"sqlite:///{tmp_path / 'source.db'}")
    admin = fill(source)
    target = Store(database_url)
    dump = round_trip(source, target)
    assert snapshot(target) == snapshot(source)
    assert target.statements().equals(source.statements())
    assert target.merges() == source.merges()
    # Exported again from the copy, the file is the same, apart from the database name in the header.
    again = io.StringIO()
    export_all(target.db, again)
    assert again.getvalue().splitlines()[1:] == dump.splitlines()[1:]
    # The copy goes on working: new ids do not collide with imported ones (PostgreSQL sequences).
    target = target.acting_as(admin)  # the accounts came along
    assert target.save_analysis(analysis(9, "Dmitry Peskov"), "new").status == "stored"
    target.correct(int(target.statements()["statement_id"].max()), "label", "NONE", analyst="ana")


def test_import_refuses_a_store_that_holds_data(tmp_path):
    source = Store(f"sqlite:///{tmp_path / 'a.db'}")
    fill(source)
    out = io.StringIO()
    export_all(source.db, out)
    with pytest.raises(ValueError, match="already holds data"):
        import_all(source.db, io.StringIO(out.getvalue()))


@pytest.mark.parametrize(
    "damage, message",
    [
        (lambda lines: lines[:-1], "ends early"),
        (lambda lines: lines[:5] + lines[6:], "do not match"),
        (lambda lines: ["{}"] + lines[1:], "not a Stance Tracker backup"),
        (lambda lines: lines[:3] + ["not json"] + lines[3:], "not JSON"),
        (lambda lines: [lines[0], lines[-2]] + lines[1:-2] + [lines[-1]], "out of order"),
    ],
)
def test_a_damaged_backup_imports_nothing(tmp_path, damage, message):
    source = Store(f"sqlite:///{tmp_path / 'a.db'}")
    fill(source)
    out = io.StringIO()
    export_all(source.db, out)
    target = Store(f"sqlite:///{tmp_path / 'b.db'}")
    with pytest.raises(ValueError, match=message):
        import_all(target.db, damage(out.getvalue().splitlines()))
    assert target.counts() == {"articles": 0, "statements": 0, "actors": 0}


def test_export_all_and_import_commands(tmp_path):
    source_url, target_url = f"sqlite:///{tmp_path / 'a.db'}", f"sqlite:///{tmp_path / 'b.db'}"
    fill(Store(source_url))
    backup = tmp_path / "backup.jsonl"

    def run(args: list[str], url: str) -> subprocess.CompletedProcess:
        env = {**os.environ, "STANCE_DATABASE_URL": url}
        return subprocess.run(
            [sys.executable, "-m", "stance.cli", *args], capture_output=True, text=True, env=env, timeout=120
        )

    exported = run(["export", "--all", "-o", str(backup)], source_url)
    assert exported.returncode == 0, exported.stderr
    assert "3 article" in exported.stderr and not (tmp_path / "backup.jsonl.partial").exists()
    first = json.loads(backup.read_text().splitlines()[0])
    assert first["stance_backup"] == 1
    imported = run(["import", str(backup)], target_url)
    assert imported.returncode == 0, imported.stderr
    assert "3 article" in imported.stdout
    assert snapshot(Store(target_url)) == snapshot(Store(source_url))
    again = run(["import", str(backup)], target_url)
    assert again.returncode == 1 and "already holds data" in again.stderr and "Traceback" not in again.stderr
