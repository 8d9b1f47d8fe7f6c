"""The exports analysts already have: Media Cloud, GDELT article lists and Meltwater, as CSV, JSONL and Excel.

Rows with text are read as they are; rows that give only a page's address are fetched (from a real
HTTP server on 127.0.0.1) when their turn comes.
"""

from __future__ import annotations

import io
import json
from datetime import date, datetime

import pytest

from local_web import LocalWeb, article_page
from stance import bulk
from stance.fetch import complete
from stance.ingest import load_bytes

BODY = (
    "ISTANBUL -- Russian and Ukrainian delegations met face to face on Friday for the first time since 2022. "
    '"Every day without a ceasefire costs lives on both sides," Turkish Foreign Minister Hakan Fidan said.'
)
PAGE_PARAGRAPHS = [
    "GENEVA -- Envoys met again on Saturday to prepare a new round of talks on a ceasefire along the northern border.",
    '"We are ready to sign a ceasefire tomorrow," the foreign minister, Petra Lind, told reporters after the meeting.',
    "Officials on the other side said no date had been agreed, and that the monitoring mission would need more time.",
]


@pytest.fixture(scope="module")
def web():
    server = LocalWeb()
    server.route(
        "/2025/08/16/geneva-envoys",
        body=article_page(PAGE_PARAGRAPHS, title="Envoys meet again in Geneva", site="Lakeside Wire").encode(),
    )
    server.route(
        "/undated-story", body=article_page(PAGE_PARAGRAPHS[1:], title="Ceasefire monitors wait in Geneva").encode()
    )
    yield server
    server.close()


@pytest.fixture
def allow_local(monkeypatch):
    monkeypatch.setenv("STANCE_ALLOW_PRIVATE_URLS", "1")


def only_articles(results):
    assert all(r.article is not None for r in results), [(r.name, r.error) for r in results if r.article is None]
    return [r.article for r in results]


def test_media_cloud_csv_gives_date_source_title_and_url():
    quoted = BODY.replace('"', '""')
    csv = (
        "id,indexed_date,language,media_name,media_url,publish_date,title,url,text\n"
        "1,2025-05-17 02:00:00,en,Harbor Press Agency,https://harborpress.example,2025-05-16 09:30:00,Istanbul talks,"
        f'https://harborpress.example/2025/05/16/istanbul,"{quoted}"\n'
    ).encode()
    [article] = only_articles(load_bytes("mediacloud.csv", csv))
    assert (article.published, article.date_source, article.source) == (
        date(2025, 5, 16),
        "metadata",
        "Harbor Press Agency",
    )
    assert (article.title, article.url, article.language) == (
        "Istanbul talks",
        "https://harborpress.example/2025/05/16/istanbul",
        "en",
    )
    assert "costs lives on both sides" in article.text


def test_jsonl_with_export_names_for_its_fields():
    line = {
        "headline": "Istanbul talks",
        "body": BODY,
        "publish_date": "2025-05-16T09:30:00Z",
        "media_name": "Harbor Press Agency",
        "link": "https://h.example/a",
    }
    [article] = only_articles(load_bytes("export.jsonl", (json.dumps(line) + "\n").encode()))
    assert (article.title, article.published, article.source, article.url) == (
        "Istanbul talks",
        date(2025, 5, 16),
        "Harbor Press Agency",
        "https://h.example/a",
    )


def test_gdelt_article_list_pages_are_fetched(web, allow_local):
    csv = (
        "url,url_mobile,title,seendate,socialimage,domain,language,sourcecountry\n"
        f"{web.url('/2025/08/16/geneva-envoys')},,Envoys meet again in Geneva,20250816T120000Z,,lakeside.example,English,Switzerland\n"
        f"{web.url('/undated-story')},,Ceasefire monitors wait,20250817T080000Z,,lakeside.example,English,Switzerland\n"
        f"{web.url('/gone')},,A page that is gone,20250817T090000Z,,lakeside.example,English,Switzerland\n"
    ).encode()
    pending = load_bytes("gdelt.csv", csv)
    assert [r.pending is not None for r in pending] == [True, True, True] and all(
        r.article is None and r.error is None for r in pending
    )
    first, second, gone = list(complete(pending))
    assert first.name == "gdelt.csv row 2" and first.article.url == web.url("/2025/08/16/geneva-envoys")
    assert first.article.published == date(2025, 8, 16)  # from the page's address, before GDELT's seendate
    assert first.article.source == "Lakeside Wire"  # the page names its site; GDELT gives only a domain
    assert "ready to sign a ceasefire tomorrow" in first.article.text
    assert (second.article.published, second.article.date_source) == (
        date(2025, 8, 17),
        "metadata",
    )  # seendate, the last resort
    assert (second.article.title, second.article.source) == ("Ceasefire monitors wait", "lakeside.example")
    assert gone.article is None and gone.name == "gdelt.csv row 4" and "HTTP 404" in gone.error


def test_meltwater_utf16_tab_separated_export(web, allow_local):
    columns = [
        "Date",
        "Time",
        "Document ID",
        "URL",
        "Input Name",
        "Keywords",
        "Information Type",
        "Source Type",
        "Source Name",
        "Source Domain",
        "Content Type",
        "Author Name",
        "Title",
        "Opening Text",
        "Hit Sentence",
        "Country",
        "Language",
        "Sentiment",
    ]
    row = [
        "16-Aug-2025",
        "09:30AM",
        "mw-1",
        web.url("/2025/08/16/geneva-envoys"),
        "Ceasefire search",
        "ceasefire",
        "Earned",
        "News",
        "Lakeside Wire Service",
        "lakeside.example",
        "Article",
        "Ana Morel",
        "Envoys meet again in Geneva",
        "GENEVA -- Envoys met again on Saturday ...",
        "... ready to sign a ceasefire tomorrow ...",
        "Switzerland",
        "English",
        "Neutral",
    ]
    data = ("\t".join(columns) + "\n" + "\t".join(row) + "\n").encode("utf-16")
    [result] = list(complete(load_bytes("meltwater.csv", data)))
    article = result.article
    assert article is not None, result.error
    assert (article.published, article.source, article.title) == (
        date(2025, 8, 16),
        "Lakeside Wire Service",
        "Envoys meet again in Geneva",
    )
    assert "the monitoring mission would need more time" in article.text  # the whole page, not Meltwater's snippet
    assert article.url == web.url("/2025/08/16/geneva-envoys")


def _xlsx(rows: list[list]) -> bytes:
    import openpyxl

    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_excel_export_with_text_and_with_only_urls(web, allow_local):
    data = _xlsx(
        [
            ["Headline", "Date", "Source Name", "URL", "Full Text"],
            [
                "Istanbul talks",
                datetime(2025, 5, 16, 9, 30),
                "Harbor Press Agency",
                "https://harborpress.example/a",
                BODY,
            ],
            ["Envoys meet again", None, None, web.url("/2025/08/16/geneva-envoys"), None],
            [None, None, None, None, None],
            ["No text, no address", "2025-05-17", "Harbor Press Agency", None, None],
        ]
    )
    results = list(complete(load_bytes("meltwater.xlsx", data)))
    assert [r.name for r in results] == ["meltwater.xlsx row 2", "meltwater.xlsx row 3", "meltwater.xlsx row 5"]
    typed, fetched, empty = results
    assert (typed.article.title, typed.article.published, typed.article.source) == (
        "Istanbul talks",
        date(2025, 5, 16),
        "Harbor Press Agency",
    )
    assert fetched.article.title == "Envoys meet again" and fetched.article.source == "Lakeside Wire"
    assert empty.article is None and "no 'text' and no 'url'" in empty.error


def test_a_batch_without_text_or_url_columns_says_what_it_needs():
    [result] = load_bytes("list.csv", b"title,notes\nA,B\n")
    assert "no 'text' column (nor a 'url' column" in result.error and "Media Cloud, GDELT and Meltwater" in result.error
    [result] = load_bytes("list.xlsx", _xlsx([["title", "notes"], ["A", "B"]]))
    assert "no 'text' column" in result.error


def test_bulk_ingest_fetches_url_rows_in_turn(web, allow_local, store, pipeline, tmp_path):
    path = tmp_path / "gdelt.csv"
    path.write_text(
        f"url,title,seendate,domain\n{web.url('/2025/08/16/geneva-envoys')},Envoys meet again in Geneva,20250816T120000Z,lakeside.example\n"
    )
    [outcome] = list(bulk.ingest(pipeline, store, [path]))
    assert outcome.status == "stored" and outcome.statements > 0
    stored = store.article(outcome.article_id)
    assert stored["url"] == web.url("/2025/08/16/geneva-envoys") and stored["source"] == "Lakeside Wire"
