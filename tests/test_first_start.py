"""A first start says what it is doing: the sample loader reports each article (the CLI prints it,
the first page shows it), and the models the server loads in the background are the ones uploads use."""

from __future__ import annotations

import shutil
import threading
import time
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from stance.config import SAMPLE_DIR
from stance.ingest import load_path
from stance.pipeline import Outcome
from stance.samples import SampleProgress, load_samples, sample_paths

APP = str(Path(__file__).resolve().parent.parent / "dashboard" / "app.py")
SAMPLES = ["2025-07-15-trump-fifty-day-ultimatum.txt", "2025-08-16-alaska-summit-no-ceasefire.txt"]


@pytest.fixture
def few_samples(tmp_path, monkeypatch) -> Path:
    """Two of the samples, standing in for the whole folder."""
    folder = tmp_path / "samples"
    folder.mkdir()
    for name in SAMPLES:
        shutil.copy(SAMPLE_DIR / name, folder / name)
    monkeypatch.setattr("stance.samples.SAMPLE_DIR", folder)
    return folder


@pytest.fixture
def fresh_warmup(monkeypatch):
    """dashboard.warmup as a newly started process has it: nothing loaded, nothing started."""
    from dashboard import warmup

    monkeypatch.setattr(warmup, "_loaded", {})
    monkeypatch.setattr(warmup, "_thread", None)
    monkeypatch.setattr(warmup, "_progress", warmup.Progress())
    return warmup


class FakePipeline:
    """Stores nothing; records what it was asked to analyse."""

    def __init__(self):
        self.seen: list[str] = []

    def ingest_results(self, store, results):
        return [self._stored(r.name) for r in results]

    def ingest_bytes(self, store, name, data, **overrides):
        return [self._stored(name)]

    def _stored(self, name: str) -> Outcome:
        self.seen.append(name)
        return Outcome(name, "stored", "3 statements", len(self.seen), 3)


def test_the_sample_loader_reports_each_article_before_it_is_analysed(few_samples):
    seen: list[SampleProgress] = []
    pipeline = FakePipeline()
    outcomes = load_samples(store=None, pipeline=pipeline, progress=seen.append)
    assert [o.status for o in outcomes] == ["stored", "stored"]
    assert [(p.number, p.total) for p in seen] == [(1, 2), (2, 2)]
    assert [p.title for p in seen] == [load_path(path)[0].article.title for path in sample_paths()]
    assert [p.done for p in seen] == [0.0, 0.5]
    assert seen[0].line() == f"Loading sample articles: 1/2 {seen[0].title}"
    assert len(sample_paths(SAMPLE_DIR)) == len(list(SAMPLE_DIR.iterdir()))


def test_stance_seed_prints_a_progress_line_per_sample_article(few_samples, pipeline, tmp_path, monkeypatch, capsys):
    from stance import cli

    monkeypatch.setenv("STANCE_DATABASE_URL", f"sqlite:///{tmp_path / 'seed.db'}")
    monkeypatch.setattr("stance.pipeline.Pipeline.load", classmethod(lambda cls, *a, **k: pipeline))
    cli.main(["seed"])
    out, err = capsys.readouterr()
    lines = [line for line in err.splitlines() if line.startswith("Loading sample articles:")]
    assert [line.split()[3] for line in lines] == ["1/2", "2/2"]
    assert "Trump" in lines[0]
    assert "loaded 2 sample articles" in out
    cli.main(["seed"])
    assert "store already holds 2 articles; samples not loaded" in capsys.readouterr().out


def test_stance_dashboard_serves_through_the_warmup_and_asks_for_samples():
    from stance.cli import dashboard_command

    command = dashboard_command(8599, samples=True)
    assert command[1].endswith("dashboard/serve.py") and "--samples" in command
    assert "--samples" not in dashboard_command(8599)
    assert command[command.index("--server.port") + 1] == "8599"


def test_the_background_load_gives_uploads_the_same_models_loaded_once(fresh_warmup, monkeypatch):
    loads: list[int] = []

    def slow_load(cls, folder=None):
        loads.append(1)
        time.sleep(0.3)
        return FakePipeline()

    monkeypatch.setattr("stance.pipeline.Pipeline.load", classmethod(slow_load))
    thread = fresh_warmup.begin(samples=False, log=lambda line: None)
    assert fresh_warmup.begin(samples=False) is thread  # once per process
    got: list = []
    asker = threading.Thread(target=lambda: got.append(fresh_warmup.pipeline()))  # an upload while the models load
    asker.start()
    thread.join(timeout=30)
    asker.join(timeout=30)
    assert fresh_warmup.progress().stage == "done" and not fresh_warmup.progress().loading_samples
    assert len(loads) == 1 and got[0] is fresh_warmup.pipeline()


def test_the_upload_page_uses_the_models_the_server_loaded(fresh_warmup, monkeypatch, tmp_path):
    from stance.config import model_dir

    fake = FakePipeline()
    fresh_warmup._loaded[str(model_dir())] = fake
    monkeypatch.setenv("STANCE_DATABASE_URL", f"sqlite:///{tmp_path / 'up.db'}")
    at = AppTest.from_file(APP, default_timeout=120).run()
    at.switch_page("views/upload.py").run()
    at.file_uploader(key="up_files").set_value([("note.txt", b"Some article text.", "text/plain")]).run()
    at.button(key="up_go").click().run()
    assert not at.exception, at.exception
    assert fake.seen == ["note.txt"], [e.value for e in at.error]
    [line] = at.success
    assert "note.txt" in line.value and line.icon == ":material/check_circle:"  # an icon from Streamlit's own font


def test_first_start_shows_which_sample_is_being_analysed_then_opens_the_pages(fresh_warmup, monkeypatch, tmp_path):
    monkeypatch.setenv("STANCE_DATABASE_URL", f"sqlite:///{tmp_path / 'first.db'}")
    title = "Talks <b>now</b> *at once* [here](http://x.test) $x$"
    monkeypatch.setattr(fresh_warmup, "_progress", fresh_warmup.Progress(stage="models", samples=True))
    at = AppTest.from_file(APP, default_timeout=120).run()
    assert not at.exception
    assert [p.proto.text for p in at.get("progress")] == ["Loading the language and stance models..."]

    monkeypatch.setattr(
        fresh_warmup,
        "_progress",
        fresh_warmup.Progress(stage="samples", samples=True, sample=SampleProgress(3, 6, title)),
    )
    at.run()
    [bar] = at.get("progress")
    assert bar.proto.text.startswith("Analysing sample article 3 of 6: Talks ")
    assert (
        "<b>" not in bar.proto.text
        and "\\<b\\>" in bar.proto.text
        and "\\*at once\\*" in bar.proto.text
        and "\\$x\\$" in bar.proto.text
    )
    assert bar.proto.value == 33  # 2 of 6 stored
    assert not at.get("vega_lite_chart") and "No articles yet" not in " ".join(i.value for i in at.info)

    monkeypatch.setattr(fresh_warmup, "_progress", fresh_warmup.Progress(stage="done", samples=True, stored=6))
    at.run()
    assert not at.exception and not at.get("progress")
    assert "No articles yet" in " ".join(i.value for i in at.info)  # the page itself (this store is still empty)


def test_a_failed_sample_load_says_so_on_the_page(fresh_warmup, monkeypatch, tmp_path):
    monkeypatch.setenv("STANCE_DATABASE_URL", f"sqlite:///{tmp_path / 'failed.db'}")
    monkeypatch.setattr(
        fresh_warmup, "_progress", fresh_warmup.Progress(stage="failed", samples=True, error="OSError: <disk> full")
    )
    at = AppTest.from_file(APP, default_timeout=120).run()
    assert not at.exception
    [warning] = at.warning
    assert "sample articles could not be loaded" in warning.value and "\\<disk\\>" in warning.value


def test_the_server_loads_the_samples_into_an_empty_store_only(
    fresh_warmup, few_samples, pipeline, monkeypatch, tmp_path
):
    from stance.store import Store

    monkeypatch.setattr("stance.pipeline.Pipeline.load", classmethod(lambda cls, *a, **k: pipeline))
    url = f"sqlite:///{tmp_path / 'served.db'}"
    lines: list[str] = []
    fresh_warmup.begin(samples=True, url=url, log=lines.append).join(timeout=300)
    done = fresh_warmup.progress()
    assert (done.stage, done.stored, done.error) == ("done", 2, None)
    assert [line.split()[3] for line in lines if line.startswith("Loading sample articles:")] == ["1/2", "2/2"]
    assert Store(url).counts()["articles"] == 2

    monkeypatch.setattr(fresh_warmup, "_thread", None)  # a second start on the same store
    lines.clear()
    fresh_warmup.begin(samples=True, url=url, log=lines.append).join(timeout=300)
    assert not fresh_warmup.progress().samples and lines == [] and Store(url).counts()["articles"] == 2
