"""The `stance` command line, run as a user runs it: a real process, a real database file."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys

import pytest

from stance.config import SAMPLE_DIR

SAMPLE = SAMPLE_DIR / "2025-03-13-putin-ceasefire-conditions.txt"


def run(args: list[str], env: dict, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "stance.cli", *args], capture_output=True, text=True, env=env, input=stdin, timeout=300
    )


def closed_pipe(args: list[str], env: dict) -> tuple[int, str]:
    """Run a command whose reader has gone before it writes: its exit code and standard error."""
    process = subprocess.Popen(
        [sys.executable, "-m", "stance.cli", *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env
    )
    assert process.stdout is not None and process.stderr is not None
    process.stdout.close()
    err = process.stderr.read().decode()
    return process.wait(timeout=300), err


def test_a_closed_pipe_ends_quietly(env):
    code, err = closed_pipe(["feeds", "list"], env)  # "no feeds yet", to a reader that has gone
    assert code == 141 and "Traceback" not in err and "BrokenPipe" not in err, err


@pytest.fixture
def env(tmp_path) -> dict:
    values = dict(os.environ)
    values["STANCE_DATABASE_URL"] = f"sqlite:///{tmp_path / 'cli.db'}"
    return values


def test_analyze_json_prints_the_documented_shape_and_stores_nothing(env, tmp_path):
    result = run(["analyze", str(SAMPLE), "--json"], env)
    assert result.returncode == 0, result.stderr
    payload = json.loads(result.stdout)
    assert payload["article"]["date"] == "2025-03-13"
    assert payload["model_version"]
    assert {"actor", "kind", "affiliation", "label", "score", "statements"} <= set(payload["actors"][0])
    assert not (tmp_path / "cli.db").exists()


def test_ingest_reports_one_line_per_file_and_export_writes_csv(env, tmp_path):
    bad = tmp_path / "notes.exe"
    bad.write_bytes(b"MZ\x00\x00")
    result = run(["ingest", "--quiet", str(SAMPLE), str(bad), str(SAMPLE)], env)
    assert result.returncode == 3, result.stderr  # some rejected, the others stored
    lines = [line for line in result.stdout.splitlines() if line.strip()]
    assert lines[0].startswith("stored") and SAMPLE.name in lines[0]
    assert lines[1].startswith("rejected") and "notes.exe" in lines[1] and "unsupported type" in lines[1]
    assert lines[2].startswith("duplicate")
    assert "1 stored, 1 duplicate, 1 rejected" in lines[-1]
    out = tmp_path / "statements.csv"
    assert run(["export", "--csv", "-o", str(out)], env).returncode == 0
    header = out.read_text().splitlines()[0]
    assert "actor" in header and "label" in header and "score" in header


def test_classify_keeps_order_and_shape(env):
    lines = [
        json.dumps({"text": '"We are ready to sign a ceasefire tomorrow," the foreign minister said.'}),
        "The defence ministry said 40 drones were shot down overnight.",
        json.dumps({"text": "Talks are a trap and we will fight until total victory, the commander said."}),
    ]
    result = run(["classify", "-"], env, stdin="\n".join(lines) + "\n")
    assert result.returncode == 0, result.stderr
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["text"][:10] for r in rows] == ['"We are re', "The defenc", "Talks are "]
    for row in rows:
        assert set(row) >= {"text", "label", "score", "probabilities", "uncertain"}
        assert row["uncertain"] is (max(row["probabilities"].values()) < _threshold())
    assert [r["label"] for r in rows] == ["FAVOR", "NONE", "AGAINST"]


def _threshold() -> float:
    from stance.config import abstain_threshold

    return abstain_threshold()


def test_evaluate_behaviour_prints_a_pass_rate_per_capability(env, tmp_path):
    suite = tmp_path / "suite"
    suite.mkdir()
    rows = [
        {
            "id": "w1",
            "capability": "welcoming",
            "type": "MFT",
            "text": '"We welcome the ceasefire and will respect it," the president said.',
            "label": "FAVOR",
        },
        {
            "id": "w2",
            "capability": "welcoming",
            "type": "MFT",
            "text": "The prime minister said he was glad the talks would resume in Geneva.",
            "label": "FAVOR",
        },
        {
            "id": "n1",
            "capability": "none_weapons",
            "type": "MFT",
            "text": "The army said it had received two more air defence batteries.",
            "label": "NONE",
        },
    ]
    (suite / "mine.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    result = run(["evaluate", "--behaviour", str(suite), "--show-failures", "5"], env)
    assert result.returncode == 0, result.stderr
    assert re.search(r"welcoming\s+MFT\s+[01]\.\d{3}  \([0-2]/2\)", result.stdout)
    assert re.search(r"none_weapons\s+MFT\s+[01]\.\d{3}  \([01]/1\)", result.stdout)
    assert re.search(r"overall\s+[01]\.\d{3}  \([0-3]/3\)", result.stdout)
    empty = tmp_path / "empty"
    empty.mkdir()
    result = run(["evaluate", "--behaviour", str(empty)], env)
    assert result.returncode == 1 and "No behaviour items" in result.stderr


def test_audit_fails_when_a_topic_word_decides_the_label(env, tmp_path):
    skewed = [{"text": f"Leader {i} welcomed the truce in town {i}.", "label": "FAVOR"} for i in range(25)]
    skewed += [{"text": f"Leader {i} rejected the truce in town {i}.", "label": "AGAINST"} for i in range(10)]
    for name in ("train", "dev", "test"):
        (tmp_path / f"{name}.jsonl").write_text("".join(json.dumps(r) + "\n" for r in skewed), encoding="utf-8")
    result = run(["audit", "--data", str(tmp_path)], env)
    assert result.returncode == 1
    assert re.search(r"truce\s+35\s+25\s+10\s+0\s+71%  FAIL", result.stdout)
    result = run(["audit", "--data", str(tmp_path), "--json"], env)
    assert result.returncode == 1
    payload = json.loads(result.stdout)
    truce = next(row for row in payload["terms"] if row["term"] == "truce")
    assert payload["ok"] is False and truce["ok"] is False and sum(truce["counts"].values()) == 35


def test_missing_file_is_a_clean_error(env):
    result = run(["analyze", "/nonexistent/article.txt"], env)
    assert result.returncode == 1
    assert "error:" in result.stderr and "Traceback" not in result.stderr


def test_actor_commands(env):
    assert run(["ingest", "--quiet", str(SAMPLE)], env).returncode == 0
    listing = run(["actors", "list"], env).stdout
    assert "Vladimir Putin" in listing
    code, err = closed_pipe(["actors", "list"], env)  # as `stance actors list | head -1` when head has gone
    assert code == 141 and "Traceback" not in err and "BrokenPipe" not in err, err
    assert run(["actors", "rename", "Vladimir Putin", "Vladimir V. Putin"], env).returncode == 0
    merged = run(["actors", "merge", "Yuri Ushakov", "Vladimir V. Putin"], env)
    assert merged.returncode == 0 and "undo-merge" in merged.stdout
    listing = run(["actors", "list"], env).stdout
    assert "Vladimir V. Putin" in listing and "Yuri Ushakov  [" not in listing
    listed = json.loads(run(["actors", "list", "--json"], env).stdout)
    names = {actor["name"]: actor for actor in listed["actors"]}
    assert "Vladimir V. Putin" in names and "Yuri Ushakov" not in names and names["Vladimir V. Putin"]["statements"] > 0
    assert [m["source"] for m in listed["merges"]] == ["Yuri Ushakov"]
    assert [r["new_name"] for r in listed["renames"]] == ["Vladimir V. Putin"]
    assert run(["actors", "merge", "Nobody"], env).returncode == 1


def test_rescore_adds_a_model_version_and_keeps_old_scores_and_corrections(env, tmp_path):
    import shutil

    from stance.config import SHIPPED_MODEL_DIR
    from stance.store import Store

    assert run(["ingest", "--quiet", str(SAMPLE)], env).returncode == 0
    store = Store(env["STANCE_DATABASE_URL"])
    before = store.statements()
    first = int(before.iloc[0]["statement_id"])
    store.correct(first, "label", "NONE", analyst="ana")

    newer = tmp_path / "newer-model"
    shutil.copytree(SHIPPED_MODEL_DIR, newer)
    config = json.loads((newer / "stance_config.json").read_text())
    config["version"] += "-next"
    (newer / "stance_config.json").write_text(json.dumps(config))

    result = run(["rescore", "--model", str(newer)], env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"{len(before)} statements scored with {config['version']}")
    after = store.statements()
    assert set(after["model_version"]) == {config["version"]}
    assert after.set_index("statement_id").loc[first, "label"] == "NONE"
    from sqlalchemy import func, select

    from stance.store.models import StanceScoreRow

    with store.db.read() as session:
        assert session.scalar(select(func.count(StanceScoreRow.id))) == 2 * len(before)


def test_evaluate_a_labelled_file_reports_f1_and_each_hard_case(env, tmp_path):
    rows = [
        {
            "text": "The foreign minister said Moscow was ready to resume talks in Istanbul next week.",
            "label": "FAVOR",
            "hard_case": None,
        },
        {
            "text": '"There will be no negotiations with terrorists, ever," the defence minister said.',
            "label": "AGAINST",
            "hard_case": None,
        },
        {
            "text": "The finance ministry said inflation slowed to 6% in October.",
            "label": "NONE",
            "hard_case": "off_topic",
        },
        {
            "text": '"We are always ready for talks, once they accept the new realities," the spokesman said.',
            "label": "AGAINST",
            "hard_case": "conditional",
        },
    ]
    path = tmp_path / "mine.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    result = run(["evaluate", "--file", str(path)], env)
    assert result.returncode == 0, result.stderr
    assert "on mine.jsonl" in result.stdout and "n=4  macro-F1=" in result.stdout
    cases = result.stdout.split("accuracy by case:")[1]
    assert re.search(r"conditional\s+[01]\.\d{3}  \([01]/1\)", cases)
    assert re.search(r"off_topic\s+[01]\.\d{3}  \([01]/1\)", cases)
    assert re.search(r"plain\s+\d\.\d{3}  \([0-2]/2\)", cases)
    result = run(["evaluate", "--file", str(path), "--json"], env)
    assert result.returncode == 0, result.stderr
    payload = json.loads(result.stdout)
    assert payload["statements"] == 4 and payload["count"] == 4 and 0 <= payload["macro_f1"] <= 1
    assert payload["by_case"]["conditional"]["total"] == 1 and payload["abstention"]["total"] == 4


def test_train_refuses_a_schedule_of_no_epochs(env, tmp_path):
    result = run(["train", "--epochs", "0", "--out", str(tmp_path / "model")], env)
    assert result.returncode == 2 and "--epochs: must be a whole number of at least 1" in result.stderr
    assert not (tmp_path / "model").exists()


UNDATED = (
    "Kallas backs ceasefire talks\n\n"
    "EU foreign policy chief Kaja Kallas said Brussels would back any ceasefire talks Kyiv agreed to. "
    '"We want negotiations that end this war," she told reporters.\n'
)


def _article_rows(env: dict) -> list[tuple]:
    from stance.store import Store

    frame = Store(env["STANCE_DATABASE_URL"]).articles()
    return [
        (str(r.published) if r.published is not None else None, r.date_source, r.title, r.source)
        for r in frame.itertuples()
    ]


def test_ingest_says_when_no_date_was_found_and_date_title_source_win(env, tmp_path):
    undated = tmp_path / "kallas.txt"
    undated.write_text(UNDATED)
    result = run(["ingest", "--quiet", str(undated)], env)
    assert result.returncode == 0, result.stderr
    assert "no publication date found" in result.stdout and "--date" in result.stdout
    assert _article_rows(env)[0][:2] == (None, None)
    result = run(["ingest", "--quiet", "--date", "2025-08-15", str(undated)], env)  # as the outcome line suggests
    assert (
        result.returncode == 0
        and result.stdout.startswith("duplicate")
        and "its date is now 2025-08-15" in result.stdout
    )
    assert _article_rows(env)[0][:2] == ("2025-08-15", "given")
    result = run(["ingest", "--quiet", "--date", "2025-01-01", str(undated)], env)
    assert (
        "already stored; kept the earlier copy" in result.stdout and _article_rows(env)[0][0] == "2025-08-15"
    )  # a date it has is kept

    (tmp_path / "cli.db").unlink()
    result = run(
        [
            "ingest",
            "--quiet",
            "--date",
            "2025-08-16",
            "--title",
            "Kallas: talks",
            "--source",
            "Analyst Notes",
            str(undated),
        ],
        env,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("stored") and "no publication date" not in result.stdout
    assert _article_rows(env) == [("2025-08-16", "given", "Kallas: talks", "Analyst Notes")]


def test_ingest_refuses_a_bad_date_and_a_title_for_several_files(env, tmp_path):
    result = run(["ingest", "--date", "16/08/2025", str(SAMPLE)], env)
    assert result.returncode == 2 and "YYYY-MM-DD" in result.stderr

    other = tmp_path / "other.txt"
    other.write_text(UNDATED)
    result = run(["ingest", "--title", "One title", str(SAMPLE), str(other)], env)
    assert result.returncode == 1 and "--title names one article" in result.stderr
    assert not (tmp_path / "cli.db").exists()


def test_ingest_exit_codes_say_whether_everything_was_stored(env, tmp_path):
    bad = tmp_path / "notes.exe"
    bad.write_bytes(b"MZ\x00\x00")
    only_bad = run(["ingest", "--quiet", str(bad)], env)
    assert only_bad.returncode == 1 and "0 stored, 0 duplicate, 1 rejected" in only_bad.stdout
    assert run(["ingest", "--quiet", str(SAMPLE)], env).returncode == 0
    assert run(["ingest", "--quiet", str(SAMPLE)], env).returncode == 0  # a duplicate is handled
    some_bad = run(["ingest", "--quiet", str(SAMPLE), str(bad)], env)
    assert some_bad.returncode == 3 and "0 stored, 1 duplicate, 1 rejected" in some_bad.stdout
    as_json = run(["ingest", "--quiet", "--json", str(SAMPLE), str(bad)], env)
    assert as_json.returncode == 3
    payload = json.loads(as_json.stdout)
    assert (payload["stored"], payload["duplicate"], payload["rejected"], payload["exit_code"]) == (0, 1, 1, 3)
    assert [o["status"] for o in payload["outcomes"]] == ["duplicate", "rejected"]
    assert "notes.exe" in payload["outcomes"][1]["name"] and "unsupported type" in payload["outcomes"][1]["message"]


def test_ingest_exit_code_rule():
    from stance.cli import ingest_exit_code

    assert ingest_exit_code({"stored": 2, "duplicate": 1, "rejected": 0}) == 0
    assert ingest_exit_code({"stored": 0, "duplicate": 1, "rejected": 0}) == 0
    assert ingest_exit_code({"stored": 1, "duplicate": 0, "rejected": 1}) == 3
    assert ingest_exit_code({"stored": 0, "duplicate": 0, "rejected": 2}) == 1
    assert ingest_exit_code({"stored": 3, "duplicate": 0, "rejected": 0}, fatal=True) == 1
