"""Every page with Streamlit's AppTest: empty states, movers, filters across pages, the correction
flow (save, wins everywhere, survives a rescore, undo), actor management, the briefing and exports."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from stance.records import Prediction

APP = str(Path(__file__).resolve().parent.parent / "dashboard" / "app.py")
PAGES = ["views/overview.py", "views/actors.py", "views/articles.py", "views/upload.py", "views/briefing.py", "views/manage.py"]


def _app(monkeypatch, url: str) -> AppTest:
    monkeypatch.setenv("STANCE_DATABASE_URL", url)
    return AppTest.from_file(APP, default_timeout=120)


def _ok(at: AppTest) -> AppTest:
    """No traceback and no 'Something went wrong' message."""
    assert not at.exception, at.exception
    assert not [e.value for e in at.error if "went wrong" in e.value]
    return at


def _html(at: AppTest) -> str:
    return "\n".join(m.value for m in at.markdown)


def _open(at: AppTest, page: str) -> AppTest:
    return _ok(at.switch_page(page).run())


def _store_changed_outside() -> None:
    """The dashboard re-reads a changed store within 2 s; tests that write behind its back don't wait."""
    st.cache_data.clear()


@pytest.mark.parametrize("page", PAGES)
def test_every_page_on_an_empty_store_says_what_to_do(monkeypatch, tmp_path, page):
    at = _ok(_app(monkeypatch, f"sqlite:///{tmp_path / 'empty.db'}").run())
    at = _open(at, page)
    guidance = " ".join(i.value for i in at.info) + " ".join(c.value for c in at.caption)
    assert "Upload" in guidance or "upload" in guidance or page == "views/upload.py"


def test_overview_shows_movers_and_export_buttons(monkeypatch, seeded_url):
    at = _ok(_app(monkeypatch, seeded_url).run())
    assert at.subheader[0].value == "Movers"
    assert "mv-card" in _html(at)  # Donald Trump is quoted in both default periods of the samples
    assert "90% interval" in _html(at)
    assert any("too few articles" in e.label for e in at.expander)
    labels = [b.proto.label for b in at.get("download_button")]
    assert {"PNG", "SVG", "CSV", "Excel"} <= set(labels)


def test_movers_periods_can_be_changed(monkeypatch, seeded_url):
    from datetime import date

    at = _ok(_app(monkeypatch, seeded_url).run())
    at.date_input(key="mv_recent").set_value((date(2025, 8, 1), date(2025, 10, 24))).run()
    at.date_input(key="mv_before").set_value((date(2025, 1, 1), date(2025, 7, 31))).run()
    _ok(at)
    assert "Recent: 01 Aug 2025 – 24 Oct 2025" in " ".join(c.value for c in at.caption)


def test_conflict_and_dates_filter_and_follow_to_other_pages(monkeypatch, seeded_url):
    at = _ok(_app(monkeypatch, seeded_url).run())
    everything = int(at.metric[2].value)
    at.sidebar.multiselect(key="f_conflict").set_value(["israel-gaza"]).run()
    gaza = int(at.metric[2].value)
    assert 0 < gaza < everything
    assert at.query_params["conflict"] in ("israel-gaza", ["israel-gaza"])
    at = _open(at, "views/actors.py")
    assert at.sidebar.multiselect(key="f_conflict").value == ["israel-gaza"]
    assert at.query_params["conflict"] in ("israel-gaza", ["israel-gaza"])


def test_a_shared_link_restores_dates_and_kind(monkeypatch, seeded_url):
    at = _app(monkeypatch, seeded_url)
    at.query_params["from"] = "2025-08-01"
    at.query_params["kind"] = ["person"]
    _ok(at.run())
    dates = pd.to_datetime(at.dataframe[0].value["Date"])
    assert dates.min() >= pd.Timestamp("2025-08-01")
    assert at.sidebar.multiselect(key="f_kind").value == ["person"]


def test_actors_page_filters_sorts_and_searches(monkeypatch, seeded_url):
    at = _open(_app(monkeypatch, seeded_url).run(), "views/actors.py")
    at.selectbox(key="actor_pick").set_value("Donald Trump").run()
    at.multiselect(key="actor_statements_labels").set_value(["AGAINST"]).run()
    assert set(at.dataframe[0].value["Stance"]) == {"AGAINST"}
    at.multiselect(key="actor_statements_labels").set_value([]).run()
    at.selectbox(key="actor_statements_sort").set_value("Most for talks").run()
    scores = at.dataframe[0].value["Score"].tolist()
    assert scores == sorted(scores, reverse=True)
    at.text_input(key="actor_search").input("Hamas").run()
    _ok(at)
    assert all("hamas" in (q + t).lower() for q, t in zip(at.dataframe[0].value["Statement"], at.dataframe[0].value["Article"]))


def test_articles_page_search_and_highlight(monkeypatch, seeded_url):
    at = _open(_app(monkeypatch, seeded_url).run(), "views/articles.py")
    at.text_input(key="article_search").input("Istanbul").run()
    _ok(at)
    assert "Istanbul" in at.header[0].value or "Istanbul" in _html(at)
    assert 'class="who"' in _html(at) and "<mark" in _html(at)


def test_correction_flow_wins_everywhere_survives_rescoring_and_undoes(monkeypatch, seeded_url, seeded_store):
    at = _ok(_app(monkeypatch, seeded_url).run())
    before_corrected = int(at.metric[3].value)
    at.sidebar.text_input(key="analyst").input("Ana Analyst").run()
    at = _open(at, "views/articles.py")
    statement_id = at.selectbox(key="article_fix_pick").value
    current = at.selectbox(key=f"article_fix_label_{statement_id}").value
    new_label = "AGAINST" if current != "AGAINST" else "FAVOR"
    at.selectbox(key=f"article_fix_label_{statement_id}").set_value(new_label).run()
    at.button(key="article_fix_save_label").click().run()
    _ok(at)
    assert any("Saved" in s.value and "Ana Analyst" in s.value for s in at.success)
    table = at.dataframe[0].value
    assert "✎ analyst" in set(table["Corrected"])
    fixes = seeded_store.corrections()
    assert fixes["analyst"].tolist() == ["Ana Analyst"] and fixes["new_value"].tolist() == [new_label]

    seeded_store.add_scores([(statement_id, Prediction("NONE", {"FAVOR": 0.1, "AGAINST": 0.1, "NONE": 0.8}))], "rescored-v9")
    _store_changed_outside()
    at = _open(at, "views/overview.py")
    assert int(at.metric[3].value) == before_corrected + 1
    row = seeded_store.statements_by_id([statement_id]).iloc[0]
    assert (row["label"], row["model_version"]) == (new_label, "rescored-v9")

    at.button(key="overview_fix_undo_last").click().run()
    _ok(at)
    assert int(at.metric[3].value) == before_corrected
    assert seeded_store.corrections().empty


def test_speaker_correction_and_not_a_statement_then_undo_on_manage(monkeypatch, seeded_url, seeded_store):
    at = _ok(_app(monkeypatch, seeded_url).run())
    at.sidebar.text_input(key="analyst").input("ana").run()
    statements = int(at.metric[2].value)
    statement_id = at.selectbox(key="overview_fix_pick").value
    at.text_input(key=f"overview_fix_new_speaker_{statement_id}").input("Jane Analyst-Made").run()
    at.button(key="overview_fix_save_speaker").click().run()
    _ok(at)
    assert "Jane Analyst-Made" in set(at.dataframe[0].value["Actor"])
    assert "Jane Analyst-Made" in set(seeded_store.stance_rows()["actor"])
    at.button(key="overview_fix_drop").click().run()
    _ok(at)
    assert int(at.metric[2].value) == statements - 1
    at = _open(at, "views/manage.py")
    undo = [b for b in at.button if (b.key or "").startswith("mg_undo_fix_")]
    assert len(undo) == 2
    undo[0].click().run()
    undo = [b for b in _ok(at).button if (b.key or "").startswith("mg_undo_fix_")]
    undo[0].click().run()
    _ok(at)
    assert seeded_store.corrections().empty
    assert any("Undid" in s.value for s in at.success)


def test_manage_renames_sets_details_merges_and_undoes(monkeypatch, seeded_url, seeded_store):
    at = _ok(_app(monkeypatch, seeded_url).run())
    at.sidebar.text_input(key="analyst").input("ana").run()
    at = _open(at, "views/manage.py")
    actors = seeded_store.actors().set_index("name")
    at.selectbox(key="mg_actor").set_value("Yuri Ushakov").run()
    actor_id = int(actors.loc["Yuri Ushakov", "id"])
    at.selectbox(key=f"mg_kind_{actor_id}").set_value("government").run()
    at.text_input(key=f"mg_aff_{actor_id}").input("Kremlin").run()
    at.checkbox(key=f"mg_rev_{actor_id}").check().run()
    at.button(key="mg_save").click().run()
    _ok(at)
    row = seeded_store.actors().set_index("name").loc["Yuri Ushakov"]
    assert (row["kind"], row["affiliation"], bool(row["reviewed"])) == ("government", "Kremlin", True)

    at.text_input(key=f"mg_new_name_{actor_id}").input("Yuri V. Ushakov").run()
    at.button(key="mg_rename").click().run()
    _ok(at)
    assert "Yuri V. Ushakov" in set(seeded_store.actors()["name"])

    at.selectbox(key="mg_actor").set_value("Yuri V. Ushakov").run()
    at.selectbox(key=f"mg_target_{actor_id}").set_value("Dmitry Peskov").run()
    at.button(key="mg_merge").click().run()
    _ok(at)
    assert "Yuri V. Ushakov" not in set(seeded_store.actors()["name"])
    [merge] = seeded_store.merges()
    at.button(key=f"mg_undo_merge_{merge['id']}").click().run()
    _ok(at)
    assert seeded_store.merges()[0]["undone"] and "Yuri V. Ushakov" in set(seeded_store.actors()["name"])


def test_manage_reports_a_refused_rename_as_a_message(monkeypatch, seeded_url):
    at = _open(_app(monkeypatch, seeded_url).run(), "views/manage.py")
    at.selectbox(key="mg_actor").set_value("Yuri Ushakov").run()
    key = next(t.key for t in at.text_input if (t.key or "").startswith("mg_new_name_"))
    at.text_input(key=key).input("Dmitry Peskov").run()
    at.button(key="mg_rename").click().run()
    _ok(at)
    assert any("already exists" in e.value for e in at.error)


def test_briefing_cards_theme_and_presenter_mode(monkeypatch, seeded_url):
    at = _open(_app(monkeypatch, seeded_url).run(), "views/briefing.py")
    focus = at.multiselect(key="bf_actors").value
    assert 1 <= len(focus) <= 6
    html = _html(at)
    assert all(f">{name}</div>" in html for name in focus)  # one card per focus actor
    assert "bf-big" in html and "Since" in html
    assert any(b.proto.label == "Download briefing (HTML, works offline)" for b in at.get("download_button"))
    at.toggle(key="bf_dark").set_value(True).run()
    assert "#0d1117" in _html(_ok(at))
    at.toggle(key="bf_present").set_value(True).run()
    _ok(at)
    assert f"1 of {len(focus)}" in _html(at)
    assert _html(at).count('class="bf-name"') == 1
    at.button(key="bf_next").click().run()
    assert f"2 of {len(focus)}" in _html(_ok(at))
    at.button(key="bf_prev").click().run()
    at.button(key="bf_prev").click().run()
    assert f"{len(focus)} of {len(focus)}" in _html(_ok(at))


def test_briefing_html_is_self_contained_and_escapes_text():
    from datetime import date

    from stance.aggregate import ActorBrief, Evidence
    from dashboard.briefing import Card, briefing_html, chart
    from dashboard.exports import chart_svg

    points = pd.DataFrame({"published": pd.to_datetime(["2025-01-01", "2025-02-01", "2025-03-01"]), "score": [-0.5, 0.1, 0.6]})
    evil = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    card = Card(
        actor=f"Actor {evil}", colour="#1f77b4",
        brief=ActorBrief(f"Actor {evil}", 0.6, 1, -0.5, 1, 1.1, [Evidence(1, 1, date(2025, 3, 1), 0.6, "recent")]),
        points=points, trend=points.rename(columns={}),
        quotes=[{"quote": f"We want talks {evil}", "title": f"Title {evil}", "source": "Wire & Co", "published": date(2025, 3, 1), "score": 0.6}],
    )
    page = briefing_html([card], date(2025, 2, 1), "dark", f"scope {evil}", lambda c: chart_svg(chart(c, date(2025, 2, 1), "dark")))
    assert "<script" not in page and "<img" not in page and "onerror=alert(1)&gt;" in page
    assert "&lt;script&gt;" in page and "<svg" in page and "http://" not in page.split("<svg", 1)[0]
    assert re.search(r"Content-Security-Policy\" content=\"default-src 'none'", page)


def test_exports_neutralise_formulas_and_make_images():
    from dashboard import charts
    from dashboard.exports import chart_png, chart_svg, csv_bytes, excel_bytes

    frame = pd.DataFrame({"statement_id": [1], "actor": ["=cmd|' /C calc'!A0"], "quote": ["+SUM(1)"], "label": ["FAVOR"], "score": [0.5]})
    assert b"'=cmd" in csv_bytes(frame) and b"'+SUM" in csv_bytes(frame)
    workbook = pd.read_excel(__import__("io").BytesIO(excel_bytes(frame)))
    assert workbook["actor"].iloc[0].startswith("'=")
    points = pd.DataFrame({"published": pd.to_datetime(["2025-01-01", "2025-02-01"]), "score": [0.1, 0.2]})
    chart = charts.actor_chart(points, points, "#1f77b4")
    assert chart_png(chart).startswith(b"\x89PNG") and chart_svg(chart).lstrip().startswith("<svg")


def test_a_failing_page_shows_a_message_not_a_traceback(monkeypatch, seeded_url):
    from stance.store import Store

    def broken(self):
        raise RuntimeError("database went away")

    monkeypatch.setattr(Store, "stance_rows", broken)
    at = _app(monkeypatch, seeded_url).run()
    assert not at.exception
    assert any("Something went wrong" in e.value and "database went away" in e.value for e in at.error)


@pytest.mark.parametrize("page", ["views/overview.py", "views/briefing.py"])
def test_a_store_of_one_new_article_opens_overview_and_briefing(monkeypatch, tmp_path, pipeline, page):
    """A new team store spans a few days: default periods and "since" must stay inside its dates."""
    from stance.config import SAMPLE_DIR
    from stance.store import Store

    url = f"sqlite:///{tmp_path / 'new.db'}"
    sample = sorted(p for p in SAMPLE_DIR.iterdir() if p.suffix == ".txt")[-1]
    assert pipeline.ingest_paths(Store(url), [sample])[0].status == "stored"
    at = _open(_ok(_app(monkeypatch, url).run()), page)
    if page == "views/overview.py":
        assert at.subheader[0].value == "Movers"
        assert at.date_input(key="mv_recent").value[1] == at.date_input(key="mv_before").value[1]
    else:
        assert at.date_input(key="bf_since").value == Store(url).date_range()[0]
