"""PostgreSQL stopped mid-ingest (security review): `stance ingest` says the database is unreachable,
stops without a traceback, prints its summary line, and a rerun resumes where it stopped."""

from __future__ import annotations

import json
import re

import pytest

from db_fixtures import PostgresServer, _free_port
from stance import cli
from stance.pipeline import Pipeline
from stance.records import Prediction
from test_bulk import FakeAttributor, article_text

ARTICLES = 30
BATCH = 10


class StoppingClassifier:
    """Stops the server when the second batch is classified: that batch and the rest cannot be stored."""

    version = "fake-v1"

    def __init__(self, stop):
        self.calls, self.stop = 0, stop

    def predict(self, texts):
        self.calls += 1
        if self.calls == 2 and self.stop:
            self.stop()
        return [Prediction("FAVOR", {"FAVOR": 0.8, "AGAINST": 0.1, "NONE": 0.1}) for _ in texts]


def ingest(monkeypatch, capsys, url: str, feed, stop=None) -> tuple[int, str, str]:
    monkeypatch.setenv("STANCE_DATABASE_URL", url)
    pipeline = Pipeline(FakeAttributor(), StoppingClassifier(stop))
    monkeypatch.setattr("stance.pipeline.Pipeline.load", classmethod(lambda cls, *a, **k: pipeline))
    with pytest.raises(SystemExit) as exit_:
        cli.main(["ingest", str(feed), "--batch-size", str(BATCH), "--quiet"])
        raise SystemExit(0)
    out, err = capsys.readouterr()
    return exit_.value.code, out, err


def feed_of(path, count: int):
    with path.open("w", encoding="utf-8") as out:
        for number in range(count):
            out.write(
                json.dumps(
                    {"title": f"Update {number}", "date": "2025-03-01", "source": "Wire", "text": article_text(number)}
                )
                + "\n"
            )
    return path


def test_a_closed_port_is_reported_as_unreachable(monkeypatch, capsys, tmp_path):
    code, out, err = ingest(
        monkeypatch, capsys, f"postgresql://stance@127.0.0.1:{_free_port()}/stance", feed_of(tmp_path / "f.jsonl", 2)
    )
    assert code == 1
    assert "the database is unreachable" in err and "run the same command again" in err
    assert "Traceback" not in out + err and "OperationalError" not in out + err and "SELECT" not in out + err


def test_postgres_stopped_mid_ingest_stops_cleanly_and_a_rerun_resumes(monkeypatch, capsys, tmp_path):
    server = PostgresServer.start()  # our own server, so stopping it leaves the session's alone
    data = str(server.folder / "data")
    try:
        url = server.create_database()
        feed = feed_of(tmp_path / "feed.jsonl", ARTICLES)
        code, out, err = ingest(
            monkeypatch, capsys, url, feed, stop=lambda: server._run("pg_ctl", "-D", data, "-m", "fast", "-w", "stop")
        )
        assert code == 1
        assert f"{BATCH} stored, 0 duplicate, 0 rejected" in out  # the summary line, after the first batch only
        assert "rejected" not in out.replace("0 rejected", "")  # articles in flight are not blamed
        assert "the database is unreachable" in err
        assert "Traceback" not in out + err and "OperationalError" not in out + err and "INSERT" not in out + err

        port = server._start_server()  # the server comes back (on a new port)
        url = re.sub(r":\d+/", f":{port}/", url)
        code, out, err = ingest(monkeypatch, capsys, url, feed)
        assert code == 0, err
        assert f"{ARTICLES - BATCH} stored, {BATCH} duplicate, 0 rejected" in out
    finally:
        server.stop()


def test_the_dashboard_says_the_database_is_unreachable(monkeypatch):
    from pathlib import Path

    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("STANCE_DATABASE_URL", f"postgresql://stance@127.0.0.1:{_free_port()}/stance")
    at = AppTest.from_file(
        str(Path(__file__).resolve().parent.parent / "dashboard" / "app.py"), default_timeout=120
    ).run()
    assert not at.exception
    errors = " ".join(e.value for e in at.error)
    assert "The database is unreachable" in errors and "OperationalError" not in errors and "psycopg" not in errors
