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
PAGES = [
    "views/overview.py",
    "views/actors.py",
    "views/articles.py",
    "views/upload.py",
    "views/feeds.py",
    "views/review.py",
    "views/briefing.py",
    "views/alerts.py",
    "views/manage.py",
]


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
    assert all(
        "hamas" in (q + t).lower() for q, t in zip(at.dataframe[0].value["Statement"], at.dataframe[0].value["Article"])
    )


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

    seeded_store.add_scores(
        [(statement_id, Prediction("NONE", {"FAVOR": 0.1, "AGAINST": 0.1, "NONE": 0.8}))], "rescored-v9"
    )
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
    assert any("already the name of Dmitry Peskov" in e.value for e in at.error)


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

    from dashboard.briefing import Card, briefing_html, chart
    from dashboard.exports import chart_svg
    from stance.aggregate import ActorBrief, Evidence

    points = pd.DataFrame(
        {"published": pd.to_datetime(["2025-01-01", "2025-02-01", "2025-03-01"]), "score": [-0.5, 0.1, 0.6]}
    )
    evil = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    card = Card(
        actor=f"Actor {evil}",
        colour="#1f77b4",
        brief=ActorBrief(f"Actor {evil}", 0.6, 1, -0.5, 1, 1.1, [Evidence(1, 1, date(2025, 3, 1), 0.6, "recent")]),
        points=points,
        trend=points.rename(columns={}),
        quotes=[
            {
                "quote": f"We want talks {evil}",
                "title": f"Title {evil}",
                "source": "Wire & Co",
                "published": date(2025, 3, 1),
                "score": 0.6,
            }
        ],
    )
    page = briefing_html(
        [card], date(2025, 2, 1), "dark", f"scope {evil}", lambda c: chart_svg(chart(c, date(2025, 2, 1), "dark"))
    )
    assert "<script" not in page and "<img" not in page and "onerror=alert(1)&gt;" in page
    assert "&lt;script&gt;" in page and "<svg" in page and "http://" not in page.split("<svg", 1)[0]
    assert re.search(r"Content-Security-Policy\" content=\"default-src 'none'", page)


def test_exports_neutralise_formulas_and_make_images():
    from dashboard import charts
    from dashboard.exports import chart_png, chart_svg, csv_bytes, excel_bytes

    frame = pd.DataFrame(
        {"statement_id": [1], "actor": ["=cmd|' /C calc'!A0"], "quote": ["+SUM(1)"], "label": ["FAVOR"], "score": [0.5]}
    )
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
    # The Overview aggregates in the database now (stance.store.overview), without stance_rows.
    monkeypatch.setattr("stance.store.overview.stance_points", lambda *args, **kwargs: broken(None))
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


def test_review_queue_confirms_an_uncertain_call_and_it_then_counts(monkeypatch, seeded_url, seeded_store):
    rows = seeded_store.stance_rows()
    waiting = int(rows["uncertain"].sum())
    assert waiting > 0, "the samples should hold calls under the shipped model's abstention threshold"
    at = _open(_ok(_app(monkeypatch, seeded_url).run()), "views/review.py")
    assert int(at.metric[0].value) == waiting
    assert all(b.disabled for b in at.button if b.key and b.key.startswith("rv_"))  # no analyst name yet
    at.sidebar.text_input(key="analyst").set_value("Rana").run()
    confirm = next(b for b in at.button if b.key and b.key.startswith("rv_") and b.label.startswith("Confirm"))
    statement_id, label = int(confirm.key.split("_")[1]), confirm.key.split("_")[2]
    _ok(confirm.click().run())
    assert int(at.metric[0].value) == waiting - 1
    corrections = seeded_store.corrections()
    assert corrections[["statement_id", "new_value", "analyst"]].values.tolist() == [[statement_id, label, "Rana"]]
    after = seeded_store.stance_rows().set_index("statement_id")
    assert not after.loc[statement_id, "uncertain"] and after.loc[statement_id, "label"] == label


def test_tables_mark_uncertain_calls(monkeypatch, seeded_url, seeded_store):
    rows = seeded_store.stance_rows()
    actor = rows.loc[rows["uncertain"], "actor"].value_counts().index[0]
    at = _open(_ok(_app(monkeypatch, seeded_url).run()), "views/actors.py")
    at.selectbox(key="actor_pick").set_value(actor).run()
    marks = at.dataframe[0].value["Certainty"].tolist()
    assert any(m.startswith("uncertain") for m in marks)
    assert any(m == "" for m in marks) or rows.loc[rows["actor"] == actor, "uncertain"].all()


_KALLAS = (
    "EU foreign policy chief Kaja Kallas said Brussels would back any ceasefire talks Kyiv agreed to. "
    '"We want negotiations that end this war," she told reporters.'
)
_LAVROV = '"Moscow is ready to negotiate without preconditions," Russian Foreign Minister Sergei Lavrov said in Moscow.'


def _editor_key(at: AppTest) -> str:
    [editor] = at.data_editor
    return editor.key


def test_upload_details_typed_for_one_file_apply_to_that_file_only(monkeypatch, tmp_path):
    from datetime import date

    from stance.store import Store

    url = f"sqlite:///{tmp_path / 'batch.db'}"
    at = _open(_app(monkeypatch, url).run(), "views/upload.py")
    at.file_uploader(key="up_files").set_value(
        [("kallas.txt", _KALLAS.encode(), "text/plain"), ("lavrov.txt", _LAVROV.encode(), "text/plain")]
    ).run()
    at.text_area(key="up_text").input(
        '"A ceasefire is the first step," Turkish President Recep Tayyip Erdogan said in Ankara.'
    ).run()
    _ok(at)
    assert at.data_editor[0].value["File"].tolist() == ["kallas.txt", "lavrov.txt"]  # the batch, one row per file
    at.session_state[_editor_key(at)] = {
        "edited_rows": {0: {"Title": "Kallas backs talks", "Date": "2025-08-16", "Source": "Analyst Notes"}},
        "added_rows": [],
        "deleted_rows": [],
    }
    at.text_input(key="up_title").input("Erdogan in Ankara")  # the expander now holds the pasted text's details only
    at.run()
    at.button(key="up_go").click().run(timeout=300)
    _ok(at)
    assert sum("stored" in s.value for s in at.success) == 3
    rows = {r.file_name: r for r in Store(url).articles().itertuples()}
    kallas, lavrov, pasted = rows["kallas.txt"], rows["lavrov.txt"], rows["pasted-text.txt"]
    assert (kallas.title, kallas.published, kallas.date_source, kallas.source) == (
        "Kallas backs talks",
        date(2025, 8, 16),
        "given",
        "Analyst Notes",
    )
    assert lavrov.title != "Kallas backs talks" and lavrov.source != "Analyst Notes" and lavrov.date_source != "given"
    assert pasted.title == "Erdogan in Ankara" and pasted.source != "Analyst Notes"


def test_undated_articles_are_listed_and_a_date_set_on_the_page_puts_them_on_the_timeline(
    monkeypatch, tmp_path, pipeline
):
    from datetime import date

    from stance.store import Store

    url = f"sqlite:///{tmp_path / 'undated.db'}"
    assert (
        pipeline.ingest_bytes(Store(url), "lavrov.txt", _LAVROV.encode(), published=date(2025, 8, 1))[0].status
        == "stored"
    )
    [outcome] = pipeline.ingest_bytes(Store(url), "kallas.txt", _KALLAS.encode())
    assert outcome.status == "stored" and "no publication date found" in outcome.message
    assert Store(url).date_range() == (date(2025, 8, 1), date(2025, 8, 1))  # the undated article is not on the timeline
    at = _open(_ok(_app(monkeypatch, url).run()), "views/articles.py")
    assert at.toggle(key="article_undated").label == "Undated (1)"
    at.toggle(key="article_undated").set_value(True).run()
    assert _ok(at).selectbox(key="article_pick").value == outcome.article_id
    assert "no date found" in at.caption[0].value
    at.date_input(key=f"article_date_{outcome.article_id}").set_value(date(2025, 8, 16)).run()
    at.button(key="article_date_save").click().run()
    _ok(at)
    assert any("2025-08-16" in s.value and "timeline" in s.value for s in at.success)
    assert Store(url).date_range() == (date(2025, 8, 1), date(2025, 8, 16))
    assert at.toggle(key="article_undated").label == "Undated (0)"
    assert "2025-08-16 (date from given)" in at.caption[0].value
    at = _open(at, "views/overview.py")
    at.sidebar.date_input(key="f_from").set_value(date(2025, 8, 16)).run()
    assert int(_ok(at).metric[1].value) == 1  # the article is on the timeline, on its day


@pytest.mark.parametrize("page", ["views/overview.py", "views/briefing.py"])
def test_a_store_of_undated_articles_says_to_set_dates(monkeypatch, tmp_path, pipeline, page):
    from stance.store import Store

    url = f"sqlite:///{tmp_path / 'undated.db'}"
    text = (
        "Ceasefire talks\n\nForeign Minister Sergei Lavrov said Moscow was ready to resume talks in Istanbul. "
        '"We will send our delegation as soon as a date is agreed," he told reporters.'
    )
    outcome = pipeline.ingest_bytes(Store(url), "undated.txt", text.encode())[0]
    assert outcome.status == "stored" and "no publication date" in outcome.message
    at = _open(_ok(_app(monkeypatch, url).run()), page)
    assert any("Articles" in i.value and "date" in i.value for i in at.info)


# ----- issue 13: stable colours, honest defaults, the whole view in the URL, small fixes -------------


def _said(store, speaker: str, day, label: str = "FAVOR", number: int = 0) -> None:
    """Store one article in which `speaker` takes a side (no model needed)."""
    from stance.records import Actor, Analysis, Article, Prediction, ScoredStatement, Statement

    text = f"{speaker} said on {day:%d %B %Y} (item {number}) that talks on a ceasefire could resume soon."
    probabilities = {"FAVOR": 0.05, "AGAINST": 0.05, "NONE": 0.05}
    probabilities[label] = 0.9
    statement = Statement(
        speaker=speaker,
        text=text,
        quote="talks on a ceasefire could resume soon",
        start=0,
        end=len(text),
        kind="reported",
        cue="say",
    )
    analysis = Analysis(
        article=Article(
            text=text, title=f"{speaker}, item {number}", published=day, date_source="given", source="Test Wire"
        ),
        statements=[ScoredStatement(statement, Prediction(label, probabilities))],
        actors={speaker: Actor(name=speaker)},
        model_version="test-v1",
    )
    assert store.save_analysis(analysis, f"test-{speaker}-{day}-{number}").status == "stored"


def _timeline_colours(at: AppTest) -> dict[str, str]:
    import json

    spec = json.loads(at.get("vega_lite_chart")[0].proto.spec)
    scale = next(layer["encoding"]["color"]["scale"] for layer in spec["layer"] if "color" in layer.get("encoding", {}))
    return dict(zip(scale["domain"], scale["range"]))


def _dot_colours(html: str) -> dict[str, str]:
    """Actor -> colour of the coloured dots and borders on briefing and movers cards."""
    found = dict(
        (name, colour)
        for colour, name in re.findall(r'class="bf-dot" style="background:(#\w+)"></span>([^<]+)</div>', html)
    )
    found.update(
        (name, colour)
        for colour, name in re.findall(
            r'class="mv-card" style="border-left:6px solid (#\w+)"><div class="mv-head"><b>([^<]+)</b>', html
        )
    )
    return found


def test_every_actor_keeps_its_colour_through_uploads_merges_filters_pages_and_exports(
    monkeypatch, seeded_url, seeded_store
):
    from datetime import date

    from dashboard import briefing
    from dashboard.charts import actor_colour
    from stance.aggregate import per_article

    at = _ok(_app(monkeypatch, seeded_url).run())
    before = _timeline_colours(at)
    assert len(before) == 10
    movers_before = _dot_colours(_html(at))
    assert movers_before and all(before.get(name, colour) == colour for name, colour in movers_before.items())
    at = _open(at, "views/briefing.py")
    cards_before = _dot_colours(_html(at))
    assert len(cards_before) >= 2 and all(before[name] == colour for name, colour in cards_before.items())
    shown = [before[name] for name in sorted(before)[:8]]
    assert len(set(shown)) >= 5, "the actors on screen should mostly differ in colour"

    # The data change: a new actor quoted more than anyone (it would take the first colour if
    # colours went by rank), a merge, and a rename.
    for i in range(14):
        _said(seeded_store, "Aaron Aardvark", date(2025, 10, 1 + i), number=i)
    seeded_store.merge_actors("Yuri Ushakov", "Dmitry Peskov", analyst="test")
    seeded_store.rename_actor("Sergei Lavrov", "Sergey Lavrov")
    _store_changed_outside()

    at = _open(at, "views/overview.py")
    after = _timeline_colours(at)
    assert "Aaron Aardvark" in after
    kept = {name: after[name] for name in after if name in before}
    assert kept and kept == {name: before[name] for name in kept}
    assert after.get("Sergey Lavrov", before["Sergei Lavrov"]) == before["Sergei Lavrov"]  # a rename keeps the colour
    assert all(before.get(name, colour) == colour for name, colour in _dot_colours(_html(at)).items())

    one = sorted(before)[0]  # a filter narrows the chart, never recolours it
    at.sidebar.multiselect(key="f_actor").set_value([one]).run()
    assert _timeline_colours(_ok(at)) == {one: before[one]}
    at = _open(at, "views/briefing.py")
    assert all(before[name] == colour for name, colour in _dot_colours(_html(at)).items() if name in before)

    # Exports draw from the same colours: the briefing file and the actor's chart.
    slots = {
        name: int(slot)
        for name, slot in seeded_store.actors().dropna(subset=["colour_slot"])[["name", "colour_slot"]].values
    }
    points = per_article(seeded_store.stance_rows())
    cards = briefing.build_cards(points, [one], date(2025, 6, 1), seeded_store.statements_by_id, slots)
    page = briefing.briefing_html(cards, date(2025, 6, 1), "light", "all", lambda c: "")
    assert f"background:{before[one]}" in page and actor_colour(one, slots) == before[one]


def test_colour_slots_are_given_once_most_quoted_first(tmp_path):
    from datetime import date

    from dashboard.charts import PALETTE, SLOTS, actor_colour
    from stance.store import Store

    store = Store(f"sqlite:///{tmp_path / 'slots.db'}")
    for i, name in enumerate(["A", "B", "C", "D", "E", "F", "G", "H", "I"]):
        _said(store, name, date(2025, 3, 1 + i), number=i)
    ranked = ["C", "A", "B", "D", "E", "F", "G", "H", "I"]
    store.give_colour_slots(ranked, SLOTS)
    slots = dict(store.actors()[["name", "colour_slot"]].values)
    assert [slots[n] for n in ranked] == list(range(9))  # the first eight differ in colour; the ninth in shape
    assert {actor_colour(n, slots) for n in ranked[:8]} == set(PALETTE)
    store.give_colour_slots(list(reversed(ranked)), SLOTS)  # given once: a new order changes nothing
    assert dict(store.actors()[["name", "colour_slot"]].values) == slots
    _said(store, "J", date(2025, 4, 1))
    store.give_colour_slots(ranked + ["J"], SLOTS)
    assert store.actors().set_index("name").loc["J", "colour_slot"] == 9  # the least used slot


def test_default_periods_hold_statements_after_a_late_article(monkeypatch, seeded_url, seeded_store):
    """One article dated months after the rest: the defaults still compare periods that hold statements."""
    from datetime import date

    _said(seeded_store, "Kaja Kallas", date(2026, 1, 20))
    at = _ok(_app(monkeypatch, seeded_url).run())
    recent, before = at.date_input(key="mv_recent").value, at.date_input(key="mv_before").value
    assert recent[1] == date(2026, 1, 20) and recent[0] <= date(2025, 10, 24) and before[1] < recent[0]
    assert "No actor was quoted in both periods" not in " ".join(i.value for i in at.info)
    assert "mv-card" in _html(at) or any("too few articles" in e.label for e in at.expander)


def test_default_periods_are_the_latest_weeks_with_statements():
    from datetime import date, timedelta

    from stance.aggregate import periods_from_data

    def points(days: list[date], actor: str = "A") -> pd.DataFrame:
        return pd.DataFrame(
            {"actor": actor, "published": pd.to_datetime(days), "score": 0.5, "article_id": range(len(days))}
        )

    weekly = [date(2025, 1, 6) + timedelta(days=7 * i) for i in range(20)]  # 20 weeks, one article each
    before, recent = periods_from_data(points(weekly))
    assert (recent.start, recent.end) == (
        weekly[-4] - timedelta(days=6),
        weekly[-1],
    )  # 7-day weeks back from the newest
    assert (before.start, before.end) == (weekly[-8] - timedelta(days=6), recent.start - timedelta(days=1))
    gap = weekly[:10] + [date(2025, 12, 1)]  # a quiet autumn, then one article
    before, recent = periods_from_data(points(gap))
    assert recent.end == date(2025, 12, 1) and recent.start <= weekly[7]  # the quiet weeks are skipped, not counted
    one_week = [date(2025, 3, 3), date(2025, 3, 5)]
    before, recent = periods_from_data(points(one_week))
    assert before == recent and (recent.start, recent.end) == (date(2025, 3, 3), date(2025, 3, 5))
    assert periods_from_data(points([]).assign(published=pd.Series(dtype="datetime64[ns]"))) is None


def test_briefing_says_no_statements_since_instead_of_no_change(monkeypatch, seeded_url, seeded_store):

    from dashboard import briefing
    from stance.aggregate import per_article

    points = per_article(seeded_store.stance_rows())
    last = pd.to_datetime(points["published"]).groupby(points["actor"]).max()
    counts = points["actor"].value_counts()
    quiet = next(a for a in counts.index if counts[a] >= 3 and last[a] < pd.Timestamp("2025-10-01"))
    since = (last[quiet] + pd.Timedelta(days=1)).date()
    at = _app(monkeypatch, seeded_url)
    at.query_params["focus"] = [quiet]
    at.query_params["since"] = since.isoformat()
    at.switch_page("views/briefing.py")
    html = _html(_ok(at.run()))
    assert f"no statements since {since:%d %b %Y}" in html and "little change" not in html
    assert f"last quoted {last[quiet]:%d %b %Y}" in html

    cards = briefing.build_cards(points, [quiet], since, seeded_store.statements_by_id, {})
    page = briefing.briefing_html(cards, since, "light", "all", lambda c: "")
    assert (
        f"no statements since {since:%d %b %Y}" in page
        and "+0.00" not in page.split("bf-stats", 1)[1].split("bf-quote", 1)[0]
    )


def test_a_link_reproduces_the_movers_periods(monkeypatch, seeded_url):
    from datetime import date

    at = _app(monkeypatch, seeded_url)
    at.query_params["recent"] = "2025-08-01..2025-10-24"
    at.query_params["before"] = "2025-01-01..2025-07-31"
    at.query_params["conflict"] = ["russia-ukraine"]
    _ok(at.run())
    # the link was made on a store reaching back further: the part this one holds (from 16 Jan) is kept
    assert "Recent: 01 Aug 2025 – 24 Oct 2025 · compared with: 16 Jan 2025 – 31 Jul 2025" in [
        c.value for c in at.caption
    ]
    at.date_input(key="mv_recent").set_value((date(2025, 9, 1), date(2025, 10, 24))).run()
    assert _ok(at).query_params["recent"] in ("2025-09-01..2025-10-24", ["2025-09-01..2025-10-24"])
    assert at.query_params["conflict"] in ("russia-ukraine", ["russia-ukraine"])  # the filters stay in the link
    at = _open(at, "views/actors.py")
    assert "recent" not in at.query_params  # a link to another page carries no periods
    at = _open(at, "views/overview.py")
    assert "Recent: 01 Sep 2025 – 24 Oct 2025" in " ".join(c.value for c in at.caption)  # kept for the session


def test_a_link_reproduces_the_briefing(monkeypatch, seeded_url, seeded_store):
    from datetime import date

    from stance.aggregate import per_article

    ranked = per_article(seeded_store.stance_rows())["actor"].value_counts().index.tolist()
    focus = [ranked[2], ranked[0]]
    at = _app(monkeypatch, seeded_url)
    at.query_params.update({"focus": focus, "since": "2025-06-01", "theme": "dark", "present": "1", "card": "2"})
    at.switch_page("views/briefing.py")
    _ok(at.run())
    assert at.multiselect(key="bf_actors").value == focus
    assert at.date_input(key="bf_since").value == date(2025, 6, 1)
    assert at.toggle(key="bf_dark").value and at.toggle(key="bf_present").value
    html = _html(at)
    assert (
        "#0d1117" in html
        and "2 of 2" in html
        and f"</span>{focus[1]}</div>" in html
        and html.count('class="bf-name"') == 1
    )
    at.button(key="bf_next").click().run()
    assert "card" not in _ok(at).query_params and f"</span>{focus[0]}</div>" in _html(at)
    at.toggle(key="bf_dark").set_value(False).run()
    assert "theme" not in _ok(at).query_params and at.query_params["present"] in ("1", ["1"])
    assert at.query_params["since"] in ("2025-06-01", ["2025-06-01"])
    assert at.query_params["focus"] == focus


def test_a_link_with_unknown_values_falls_back_to_the_defaults(monkeypatch, seeded_url):
    at = _app(monkeypatch, seeded_url)
    at.query_params.update({"focus": ["Nobody At All"], "since": "1999-01-01", "present": "maybe", "card": "x"})
    at.switch_page("views/briefing.py")
    _ok(at.run())
    assert at.multiselect(key="bf_actors").value and "Nobody At All" not in at.multiselect(key="bf_actors").value
    assert not at.toggle(key="bf_present").value
    at = _app(monkeypatch, seeded_url)
    at.query_params["recent"] = "2025-10-24..2025-01-01"  # ends before it starts
    _ok(at.run())
    assert at.date_input(key="mv_recent").value[0] < at.date_input(key="mv_recent").value[1]


def test_small_fixes_score_bars_legend_plurals_and_icons(monkeypatch, seeded_url, seeded_store):
    import json
    from pathlib import Path

    at = _ok(_app(monkeypatch, seeded_url).run())
    score = json.loads(at.dataframe[0].proto.columns)["Score"]["type_config"]
    assert score["color"] == "auto"  # green above zero (for talks), red below (against)
    spec = json.loads(at.get("vega_lite_chart")[0].proto.spec)
    legend = spec["layer"][-1]["encoding"]["color"]["legend"]
    assert legend["labelLimit"] == 0 and legend["labelFontSize"] >= 14  # names are never cut
    assert spec["config"]["axis"]["labelFontSize"] >= 14

    counts = seeded_store.actors().set_index("name")["statements"]
    single = counts[counts == 1].index[0]
    at = _open(at, "views/actors.py")
    options = at.selectbox(key="actor_pick").options
    assert f"{single} (1 statement)" in options and not any(o.endswith("(1 statements)") for o in options)

    def needs_emoji_font(
        text: str,
    ) -> bool:  # emoji, and the symbols and dingbats that only emoji fonts draw (✅ ❌ ♻); ✎ is in DejaVu
        return any(ord(c) >= 0x1F000 or c == "\ufe0f" or (0x2600 <= ord(c) <= 0x27BF and c != "✎") for c in text)

    for source in Path(APP).parent.rglob("*.py"):  # status icons are Material icons, drawn with Streamlit's own font
        assert not needs_emoji_font(source.read_text(encoding="utf-8")), source
    for page in ("views/overview.py", "views/actors.py", "views/briefing.py", "views/manage.py"):
        at = _open(at, page)
        shown = [m.value for m in at.markdown] + [b.label for b in at.button] + [c.value for c in at.caption]
        assert not [t for t in shown if needs_emoji_font(str(t))], page


def test_chart_exports_are_landscape_slides_with_title_actors_dates_and_source(monkeypatch, seeded_url):
    import io
    from xml.etree import ElementTree

    from PIL import Image

    from dashboard import charts
    from dashboard.exports import sized_svg, slide_for, slide_png, slide_svg

    evil = '<script>alert("x")</script>'
    points = pd.DataFrame(
        {
            "article_id": [1, 2, 3],
            "actor": f"Actor {evil}",
            "published": pd.to_datetime(["2025-01-05", "2025-02-01", "2025-03-01"]),
            "score": [-0.5, 0.1, 0.6],
            "source": ["Wire & Co", f"Post {evil}", "Wire & Co"],
        }
    )
    chart = charts.actor_chart(points, points, "#0072B2", theme="dark", big=True)
    slide = slide_for(f"Actor {evil}: stance toward peace talks", points, "dark", "change since 01 Feb 2025")
    assert "05 Jan 2025 – 01 Mar 2025" in slide.subtitle and "3 articles from 2 outlets" in slide.source
    svg = slide_svg(chart, slide)
    root = ElementTree.fromstring(svg)  # well-formed: names and sources cannot break out of their text
    assert (root.get("width"), root.get("height")) == ("1920", "1080")
    assert "<script" not in svg and "&lt;script&gt;" in svg
    texts = ["".join(t.itertext()) for t in root.iter("{http://www.w3.org/2000/svg}text")]
    assert texts[0] == f"Actor {evil}: stance toward peace talks" and "Stance Tracker" in texts[-1]
    for width, height in ((1920, 1080), (1280, 720)):
        assert Image.open(io.BytesIO(slide_png(chart, slide, width))).size == (width, height)
    wide = ElementTree.fromstring(sized_svg(chart, 1400, 440))
    assert wide.get("width") == "1400"  # the HTML briefing's charts: drawn wide, shown at full width

    at = _ok(_app(monkeypatch, seeded_url).run())
    labels = [b.proto.label for b in at.get("download_button")]
    assert {"PNG", "PNG 1280×720", "SVG"} <= set(labels)
    at = _open(at, "views/briefing.py")
    assert "Slide PNG" in [b.proto.label for b in at.get("download_button")]


def test_two_statements_that_read_alike_stay_two_choices_in_the_correction_panel(monkeypatch, tmp_path):
    """The panel's choices are told apart by their label: two statements with the same speaker, quote and
    stance in two articles must still be two choices, and picking the second corrects the second."""
    from datetime import date

    from stance.records import Actor, Analysis, Article, ScoredStatement, Statement
    from stance.store import Store

    url = f"sqlite:///{tmp_path / 'alike.db'}"
    store = Store(url)
    quote = "we are ready to talk"
    for number, day in ((1, date(2025, 3, 1)), (2, date(2025, 3, 8))):
        text = f"The minister said {quote} on day {number}."
        statement = Statement(speaker="Ana Minister", text=text, quote=quote, start=0, end=len(text), kind="reported")
        prediction = Prediction("FAVOR", {"FAVOR": 0.9, "AGAINST": 0.05, "NONE": 0.05})
        analysis = Analysis(
            article=Article(text=text, title=f"Article {number}", published=day, date_source="given", source="Wire"),
            statements=[ScoredStatement(statement, prediction)],
            actors={"Ana Minister": Actor(name="Ana Minister", kind="person")},
            model_version="test-v1",
        )
        assert store.save_analysis(analysis, f"alike-{number}").status == "stored"
    at = _ok(_app(monkeypatch, url).run())
    at.sidebar.text_input(key="analyst").input("ana").run()
    pick = at.selectbox(key="overview_fix_pick")
    assert len(pick.options) == 2 and len(set(pick.options)) == 2
    second = [i for i in map(int, store.statements()["statement_id"]) if i != pick.value][0]
    at.selectbox(key="overview_fix_pick").set_value(second).run()
    assert _ok(at).selectbox(key="overview_fix_pick").value == second
    at.selectbox(key=f"overview_fix_label_{second}").set_value("AGAINST").run()
    at.button(key="overview_fix_save_label").click().run()
    _ok(at)
    assert store.corrections()["statement_id"].tolist() == [second]


def _page_functions(pages: list[str]) -> list[str]:
    """Functions still alive whose globals are one of these page scripts' run (after a collection)."""
    import gc
    import types

    gc.collect()
    return [
        f"{f.__code__.co_filename}:{f.__code__.co_firstlineno}"
        for f in gc.get_objects()
        if isinstance(f, types.FunctionType)
        and any(str(f.__globals__.get("__file__", "")).endswith(page) for page in pages)
    ]


def test_a_page_left_behind_keeps_nothing_alive(monkeypatch, seeded_url):
    """A session keeps its widgets' callbacks, format functions and download callables. One defined
    in a page script holds that run's whole page (every frame and chart in it), so at a million
    statements each analyst's session kept a few hundred MB; pages pass module functions instead."""
    at = _ok(_app(monkeypatch, seeded_url).run())
    at.sidebar.text_input(key="analyst").set_value("Rana").run()
    data_pages = ["views/actors.py", "views/articles.py", "views/audit.py", "views/review.py", "views/briefing.py"]
    for page in data_pages:
        _open(at, page)
    at.toggle(key="bf_present").set_value(True).run()  # Previous and Next carry callbacks
    _open(at, "views/overview.py")
    assert _page_functions(data_pages) == []
