"""Dashboard flows with Streamlit's AppTest: upload, timeline, article page, filters."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

from stance.config import SAMPLE_DIR

APP = str(Path(__file__).resolve().parent.parent / "dashboard" / "app.py")


def _app(monkeypatch, url: str) -> AppTest:
    monkeypatch.setenv("STANCE_DATABASE_URL", url)
    return AppTest.from_file(APP, default_timeout=180)


def _texts(at: AppTest) -> str:
    parts = (
        [m.value for m in at.markdown]
        + [e.value for e in at.error]
        + [s.value for s in at.success]
        + [i.value for i in at.info]
    )
    return "\n".join(str(p) for p in parts)


def test_first_run_tells_the_user_what_to_do(monkeypatch, tmp_path):
    at = _app(monkeypatch, f"sqlite:///{tmp_path / 'empty.db'}").run()
    assert not at.exception
    assert "No articles yet" in _texts(at)


def test_overview_shows_timeline_and_statements(monkeypatch, seeded_url):
    at = _app(monkeypatch, seeded_url).run()
    assert not at.exception
    assert at.title[0].value == "Stance toward peace talks"
    assert len(at.get("vega_lite_chart")) == 1
    assert int(at.metric[1].value) == len(list(SAMPLE_DIR.iterdir()))
    assert len(at.dataframe) == 1 and len(at.dataframe[0].value) > 50


def test_actor_filter_narrows_the_view_and_lands_in_the_url(monkeypatch, seeded_url):
    at = _app(monkeypatch, seeded_url).run()
    at.sidebar.multiselect(key="f_actor").set_value(["Dmitry Medvedev"]).run()
    assert not at.exception
    table = at.dataframe[0].value
    assert set(table["Actor"]) == {"Dmitry Medvedev"}
    assert at.query_params["actor"] in ("Dmitry Medvedev", ["Dmitry Medvedev"])


def test_filters_come_back_from_a_shared_link(monkeypatch, seeded_url):
    at = _app(monkeypatch, seeded_url)
    at.query_params["actor"] = ["Volodymyr Zelensky"]
    at.run()
    assert set(at.dataframe[0].value["Actor"]) == {"Volodymyr Zelensky"}


def test_upload_stores_good_files_and_rejects_bad_ones(monkeypatch, tmp_path):
    at = _app(monkeypatch, f"sqlite:///{tmp_path / 'up.db'}").run()
    at.switch_page("views/upload.py").run()
    sample = SAMPLE_DIR / "2025-07-15-trump-fifty-day-ultimatum.txt"
    at.file_uploader(key="up_files").set_value(
        [
            (sample.name, sample.read_bytes(), "text/plain"),
            ("broken.pdf", b"%PDF-1.4 not really", "application/pdf"),
            ("empty.txt", b"", "text/plain"),
        ]
    ).run()
    at.button[0].click().run(timeout=300)
    assert not at.exception
    assert any(sample.name in s.value and "stored" in s.value for s in at.success)
    errors = " ".join(e.value for e in at.error)
    assert "broken.pdf" in errors and "PDF" in errors
    assert "empty.txt" in errors and "empty" in errors
    at.switch_page("views/overview.py").run()
    assert int(at.metric[1].value) == 1


def test_pasted_text_with_typed_details(monkeypatch, tmp_path):
    at = _app(monkeypatch, f"sqlite:///{tmp_path / 'paste.db'}").run()
    at.switch_page("views/upload.py").run()
    at.text_input(key="up_title").input("Kallas urges talks")
    at.text_input(key="up_source").input("Analyst Notes")
    at.text_area(key="up_text").input(
        "EU foreign policy chief Kaja Kallas said on Monday that Brussels would back any ceasefire talks Kyiv agreed to. "
        '"We want negotiations that end this war," she told reporters in Brussels.'
    )
    at.run()
    at.button[0].click().run(timeout=300)
    assert not at.exception
    assert any("stored" in s.value for s in at.success)
    at.switch_page("views/articles.py").run()
    assert at.header[0].value == "Kallas urges talks"
    assert "Analyst Notes" in at.caption[0].value


def test_article_page_escapes_html_in_article_text(monkeypatch, tmp_path, pipeline):
    from stance.store import Store

    url = f"sqlite:///{tmp_path / 'xss.db'}"
    text = (
        'Ceasefire <script>alert("x")</script> talks\n\n'
        '"We are ready to negotiate <img src=x onerror=alert(1)> without conditions," Sergei Lavrov said on Monday.'
    )
    pipeline.ingest_bytes(Store(url), "xss.txt", text.encode())
    at = _app(monkeypatch, url).run()
    at.switch_page("views/articles.py").run()
    body = "\n".join(m.value for m in at.markdown)
    assert "<script>" not in body and "&lt;script&gt;" in body
    assert "<img" not in body and "&lt;img" in body


def test_actors_page_shows_one_actor(monkeypatch, seeded_url):
    at = _app(monkeypatch, seeded_url).run()
    at.switch_page("views/actors.py").run()
    at.selectbox(key="actor_pick").set_value("Donald Trump").run()
    assert not at.exception
    assert int(at.metric[0].value) >= 5
    assert set(at.dataframe[0].value["Actor"]) == {"Donald Trump"}


def test_upload_over_the_file_count_limit_is_refused_whole(monkeypatch, tmp_path):
    monkeypatch.setenv("STANCE_MAX_BATCH_FILES", "1")
    at = _app(monkeypatch, f"sqlite:///{tmp_path / 'many.db'}").run()
    at.switch_page("views/upload.py").run()
    sample = SAMPLE_DIR / "2025-07-15-trump-fifty-day-ultimatum.txt"
    at.file_uploader(key="up_files").set_value(
        [("a.txt", sample.read_bytes(), "text/plain"), ("b.txt", b"Second article text.", "text/plain")]
    ).run()
    at.button(key="up_go").click().run(timeout=300)
    assert not at.exception
    message = " ".join(e.value for e in at.error)
    assert "2 files" in message and "STANCE_MAX_BATCH_FILES" in message and "stance ingest" in message
    from stance.store import Store

    assert Store(f"sqlite:///{tmp_path / 'many.db'}").counts()["articles"] == 0
