"""Ingest of good input: every format, cleaning, metadata, user overrides, dedupe, batches."""

from __future__ import annotations

import json
import re
import textwrap
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from ingest_files import WIRE_ARTICLE, WIRE_BODY, make_docx, make_html, make_pdf
from stance.config import SAMPLE_DIR
from stance.ingest import SUPPORTED, content_hash, load_bytes, load_path, load_text, safe_name
from stance.ingest.clean import clean
from stance.ingest.dates import find_date, parse_date

# Furniture that must never reach the analysed text.
FURNITURE = re.compile(
    r"Write to |Copyright|\(END\)|Newswires|Most (Discussed|Read)|Related articles|Disclaimer|Subscribe|"
    r"Share this|Click here|All rights reserved|\d{1,2}:\d{2} ET|At the request of|log in to view",
    re.I,
)


def only(results):
    """The one article a single-article file gives, failing with its error otherwise."""
    assert len(results) == 1, results
    assert results[0].error is None, results[0].error
    return results[0].article


def paragraphs(article) -> list[str]:
    return article.text.split("\n\n")


# --- one test per format -------------------------------------------------------------


def test_txt_wire_article(tmp_path: Path):
    path = tmp_path / "wire.txt"
    path.write_text(WIRE_ARTICLE, encoding="utf-8")
    article = only(load_path(path))
    assert article.title == "Envoys Report Progress on Border Truce as Deadline Nears"
    assert article.source == "Lakeside Wire Service"
    assert (article.published, article.date_source) == (date(2025, 7, 9), "text")
    assert article.file_name == "wire.txt"
    body = paragraphs(article)
    assert body[0] == article.title
    for start in WIRE_BODY:
        assert any(p.startswith(start) for p in body), start
    assert len(body) == 1 + len(WIRE_BODY)
    assert not FURNITURE.search(article.text)
    assert "By Ana Morel" not in article.text


def test_markdown_marks_removed(tmp_path: Path):
    path = tmp_path / "story.md"
    path.write_text(
        "# Mediators Meet Again in Oslo\n\n"
        "*Fjord Courier, March 4, 2025*\n\n"
        "By Kari Lund\n\n"
        "OSLO -- The **mediators** met again on Tuesday, said [the ministry](https://example.org/x).\n\n"
        "![a photo](https://example.org/p.jpg)\n\n"
        '> "We will keep talking," the envoy said.\n\n'
        "A snake_case_word and 2*3 stay as they are.\n\n"
        "---\n\n"
        "*Share this article*\n",
        encoding="utf-8",
    )
    article = only(load_path(path))
    assert article.title == "Mediators Meet Again in Oslo"
    assert article.source == "Fjord Courier"
    assert (article.published, article.date_source) == (date(2025, 3, 4), "text")
    assert paragraphs(article)[1:] == [
        "OSLO -- The mediators met again on Tuesday, said the ministry.",
        '"We will keep talking," the envoy said.',
        "A snake_case_word and 2*3 stay as they are.",
    ]


def test_html_metadata_and_page_furniture(tmp_path: Path):
    body = (
        "<header><h1>Ministers Agree Talks Timetable</h1><p>Share this</p></header>"
        "<p>VIENNA -- Foreign ministers agreed on Friday on a timetable for further talks.</p>"
        '<blockquote><p>"This is a real step forward," the chair said.</p></blockquote>'
        "<p>Officials said the next round would open in April.</p>"
    )
    data = make_html(
        body,
        title="Ministers Agree Talks Timetable | Danube Post",
        meta={
            "og:title": "Ministers Agree Talks Timetable",
            "og:site_name": "Danube Post",
            "og:url": "https://danube.example/talks",
            "article:published_time": "2025-02-14T09:30:00Z",
        },
    )
    path = tmp_path / "page.html"
    path.write_bytes(data)
    article = only(load_path(path))
    assert article.title == "Ministers Agree Talks Timetable"
    assert article.source == "Danube Post"
    assert article.url == "https://danube.example/talks"
    assert (article.published, article.date_source) == (date(2025, 2, 14), "metadata")
    assert paragraphs(article) == [
        "Ministers Agree Talks Timetable",
        "VIENNA -- Foreign ministers agreed on Friday on a timetable for further talks.",
        '"This is a real step forward," the chair said.',  # once, though it is a <p> in a <blockquote>
        "Officials said the next round would open in April.",
    ]
    assert "Most read" not in article.text and "Home" not in article.text and "tracking" not in article.text


def test_html_title_tag_and_time_element():
    page = (
        "<html><head><title>Truce Extended – Harbour Times</title>"
        '<meta property="og:site_name" content="Harbour Times"></head>'
        '<body><main><time datetime="2025-05-02">2 May</time>'
        "<p>The truce was extended by a week, officials said on Friday.</p></main></body></html>"
    )
    article = only(load_bytes("truce.htm", page.encode()))
    assert article.title == "Truce Extended"
    assert (article.published, article.date_source) == (date(2025, 5, 2), "metadata")


def _wrapped_pdf_lines(text: str, width: int = 85) -> list[str]:
    lines: list[str] = []
    for para in text.split("\n\n"):
        lines += textwrap.wrap(para, width) or [""]
    return lines


def test_pdf(tmp_path: Path):
    lines = _wrapped_pdf_lines(WIRE_ARTICLE)
    path = tmp_path / "wire.pdf"
    path.write_bytes(make_pdf([lines[:12], lines[12:]], title="Border Truce Report"))
    article = only(load_path(path))
    assert article.title == "Border Truce Report"  # the PDF's own title
    assert article.source == "Lakeside Wire Service"
    assert (article.published, article.date_source) == (date(2025, 7, 9), "text")
    # wrapped lines are joined back into paragraphs
    assert any(p.startswith(WIRE_BODY[0]) and p.endswith("set by the mediators.") for p in paragraphs(article))
    for start in WIRE_BODY:
        assert start in article.text
    assert not FURNITURE.search(article.text)


def test_pdf_junk_metadata_title_is_ignored():
    data = make_pdf(
        [["Ceasefire Holds for Third Day", "", "The ceasefire held for a third day on Monday."]],
        title="Microsoft Word - draft3.docx",
    )
    assert only(load_bytes("x.pdf", data)).title == "Ceasefire Holds for Third Day"


def test_docx(tmp_path: Path):
    path = tmp_path / "story.docx"
    path.write_bytes(make_docx([p for p in WIRE_ARTICLE.split("\n\n") if p.strip()], title="Border Truce"))
    article = only(load_path(path))
    assert article.title == "Border Truce"
    # python-docx stamps every new file "created 2013": that is not a publication date
    assert (article.published, article.date_source) == (date(2025, 7, 9), "text")
    for start in WIRE_BODY:
        assert start in article.text
    assert not FURNITURE.search(article.text)


def test_docx_without_title_uses_first_line():
    data = make_docx(["Talks Resume in Cairo", "CAIRO -- Talks resumed on Sunday, officials said."])
    article = only(load_bytes("a.docx", data))
    assert article.title == "Talks Resume in Cairo"
    assert article.published is None and article.date_source is None


def test_pasted_text():
    result = load_text(WIRE_ARTICLE)
    assert result.error is None
    assert result.article.title == "Envoys Report Progress on Border Truce as Deadline Nears"
    assert result.article.date_source == "text"


def test_upper_case_extension(tmp_path: Path):
    path = tmp_path / "STORY.PDF"
    path.write_bytes(make_pdf([["Talks resumed on Monday, officials said."]]))
    assert only(load_path(path)).text == "Talks resumed on Monday, officials said."


def test_utf16_text_with_bom_is_read():
    article = only(load_bytes("notepad.txt", "The envoy said talks would resume.".encode("utf-16")))
    assert article.text == "The envoy said talks would resume."


# --- cleaning ------------------------------------------------------------------------


SAMPLES = sorted(p for p in SAMPLE_DIR.iterdir() if p.suffix in SUPPORTED)


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.name)
def test_sample_articles_lose_furniture_and_keep_their_body(path: Path):
    article = only(load_path(path))
    assert article.title and article.source
    assert article.date_source in ("text", "metadata")
    assert article.published == date.fromisoformat(path.name[:10])
    assert not FURNITURE.search(article.text), FURNITURE.search(article.text)
    body = paragraphs(article)
    assert re.match(r"^[A-Z][A-Z .'-]+(, [A-Z][a-z]+( [A-Z][a-z]+)*)? (--|—)", body[1]), body[
        1
    ]  # the dateline paragraph follows the title
    assert len(body) >= 10
    assert all(len(p) > 30 for p in body[1:]), [p for p in body if len(p) <= 30]


def test_sample_text_paragraphs_survive():
    """Every paragraph of a sample that is not header or furniture is in the article, word for word."""
    for path in (p for p in SAMPLES if p.suffix == ".txt"):
        article = only(load_path(path))
        kept = set(paragraphs(article))
        source = [p.strip() for p in path.read_text(encoding="utf-8").split("\n\n") if p.strip()]
        prose = [p for p in source if re.search(r"[.\"”]$", p) and len(p) > 80 and not FURNITURE.search(p)]
        assert prose and all(p in kept for p in prose), (path.name, [p for p in prose if p not in kept])


def test_real_paragraphs_that_look_like_furniture_are_kept():
    text = (
        "Mediators Report Slow Progress\n\n"
        "Talks began on March 3, 2025.\n\n"
        "Most read the announcement as a climbdown by the government, diplomats said.\n\n"
        "Copyright lawyers said the agreement's annex was unclear.\n\n"
        "Write to your representative at once, the campaign urged its members.\n\n"
        "Share prices rose in Moscow after the talks.\n\n"
        "Sign language interpreters were present at every session.\n"
    )
    cleaned = clean(text)
    assert cleaned.text.split("\n\n") == [p.strip() for p in text.split("\n\n")]


def test_related_list_in_the_middle_does_not_end_the_article():
    text = (
        "Talks Resume\n\n"
        "GENEVA -- Talks resumed on Monday after a pause of two weeks.\n\n"
        "Related articles\n"
        "- Earlier: talks paused over sequencing\n"
        "- Explainer: what is on the table\n\n"
        "The envoy said he expected a deal within days.\n"
    )
    assert clean(text).text.split("\n\n") == [
        "Talks Resume",
        "GENEVA -- Talks resumed on Monday after a pause of two weeks.",
        "The envoy said he expected a deal within days.",
    ]


def test_hard_wrapped_text_is_joined_but_header_lines_stay_apart():
    text = (
        "Britain to Host Truce Talks\n"
        "Harbour Times\n"
        "Thursday, March 13, 2025\n"
        "By Ruth Ade\n\n"
        "LONDON -- The Prime Minister said on Thursday that Britain would host a\n"
        "meeting of some 25 leaders on Saturday to discuss monitoring, with the U.S.\n"
        "Secretary of State expected to join them by video link from Washington.\n"
        "Officials said the list of guests was still being drawn up.\n"
    )
    cleaned = clean(text)
    assert cleaned.source == "Harbour Times"  # not "Harbour Times Thursday"
    assert cleaned.published == date(2025, 3, 13)
    assert cleaned.author == "Ruth Ade"
    assert cleaned.title == "Britain to Host Truce Talks"
    assert cleaned.text.split("\n\n") == [
        "Britain to Host Truce Talks",
        "LONDON -- The Prime Minister said on Thursday that Britain would host a meeting of some 25 leaders on Saturday "
        "to discuss monitoring, with the U.S. Secretary of State expected to join them by video link from Washington.",
        "Officials said the list of guests was still being drawn up.",
    ]


def test_web_junk_lines_are_dropped():
    text = (
        "Skip to main content\n\nWe use cookies to improve your experience.\n\n"
        "Accept all cookies\n\n"
        "KYIV -- Air raid sirens sounded across the capital overnight.\n\n"
        "Advertisement\n\nShare on Facebook\n\nTweet\n\nFollow us on X for live updates\n\n"
        "Officials said damage was limited.\n\nBack to top\n\n© 2025 Example Media\n"
    )
    assert clean(text).text.split("\n\n") == [
        "KYIV -- Air raid sirens sounded across the capital overnight.",
        "Officials said damage was limited.",
    ]


# --- dates ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "header, expected",
    [
        ("Jul 09, 2025", date(2025, 7, 9)),
        ("July 08, 2025 23:00 ET", date(2025, 7, 8)),
        ("15 July 2025", date(2025, 7, 15)),
        ("2025-03-11", date(2025, 3, 11)),
        ("Aug. 16, 2025", date(2025, 8, 16)),
        ("Sept 3rd, 2025", date(2025, 9, 3)),
        ("Thursday, March 13, 2025", date(2025, 3, 13)),
        ("Wire Service | Updated Jan 2, 2025", date(2025, 1, 2)),
    ],
)
def test_header_date_variants(header: str, expected: date):
    cleaned = clean(f"Talks Resume\n\n{header}\n\nTalks resumed on Monday, officials said.")
    assert cleaned.published == expected
    assert header not in cleaned.text


def test_date_from_wire_timestamp_when_header_has_none():
    text = (
        "Talks Resume\n\nTalks resumed on Monday, officials said.\n\n(END) Wire\n\nJuly 08, 2025 23:00 ET (03:00 GMT)\n"
    )
    cleaned = clean(text)
    assert cleaned.published == date(2025, 7, 8)
    assert cleaned.text == "Talks Resume\n\nTalks resumed on Monday, officials said."


def test_no_date_gives_none():
    article = only(load_bytes("a.txt", b"Talks resumed on Monday, officials said."))
    assert article.published is None and article.date_source is None


def test_dates_in_body_prose_are_not_publication_dates():
    cleaned = clean("Talks resumed on Monday, officials said.\n\nA deal signed on 3 March 2021 at 10:00 GMT was cited.")
    assert cleaned.published is None


@pytest.mark.parametrize(
    "value, expected",
    [
        ("2025-07-08T23:00:00Z", date(2025, 7, 8)),
        ("2025-07-08T23:00:00+02:00", date(2025, 7, 8)),
        ("2025-07-08", date(2025, 7, 8)),
        ("Jul 8, 2025", date(2025, 7, 8)),
        (datetime(2025, 7, 8, 12), date(2025, 7, 8)),
        (date(2025, 7, 8), date(2025, 7, 8)),
        ("0001-01-01", None),
        ("yesterday", None),
        ("2025-13-45", None),
        ("", None),
        (None, None),
    ],
)
def test_parse_date(value, expected):
    assert parse_date(value) == expected


def test_find_date_skips_impossible_dates():
    assert find_date("Feb 30, 2025 or rather March 1, 2025") == date(2025, 3, 1)


# --- what the user types wins --------------------------------------------------------


def test_user_overrides_win_over_text():
    article = only(
        load_bytes("wire.txt", WIRE_ARTICLE.encode(), title="My title", published=date(2025, 7, 1), source="My source")
    )
    assert (article.title, article.source) == ("My title", "My source")
    assert (article.published, article.date_source) == (date(2025, 7, 1), "given")


def test_user_overrides_win_over_html_metadata():
    data = make_html(
        "<p>Talks resumed on Monday.</p>",
        meta={"og:title": "Meta", "og:site_name": "Site", "article:published_time": "2025-02-14"},
    )
    article = only(load_bytes("p.html", data, title="Typed", source="Typed source", published=date(2025, 2, 1)))
    assert (article.title, article.source, article.published, article.date_source) == (
        "Typed",
        "Typed source",
        date(2025, 2, 1),
        "given",
    )


def test_user_date_wins_over_a_broken_or_future_date_in_the_file():
    future = (date.today() + timedelta(days=400)).isoformat()
    data = make_html("<p>Talks resumed on Monday.</p>", meta={"article:published_time": future})
    article = only(load_bytes("p.html", data, published=date(2025, 2, 1)))
    assert (article.published, article.date_source) == (date(2025, 2, 1), "given")
    rows = "text,date\nTalks resumed.,not a date\n"
    article = only(load_bytes("b.csv", rows.encode(), published=date(2025, 2, 1)))
    assert article.date_source == "given"


def test_blank_overrides_do_not_hide_the_file_metadata():
    article = only(load_bytes("wire.txt", WIRE_ARTICLE.encode(), title="  ", source=""))
    assert article.title.startswith("Envoys Report") and article.source == "Lakeside Wire Service"


def test_given_datetime_is_accepted():
    article = only(load_bytes("a.txt", b"Talks resumed on Monday.", published=datetime(2025, 3, 1, 8, 30)))
    assert (article.published, article.date_source) == (date(2025, 3, 1), "given")


def test_date_source_values():
    html = make_html("<p>Talks resumed on Monday.</p>", meta={"article:published_time": "2025-02-14"})
    assert only(load_bytes("a.html", html)).date_source == "metadata"
    assert only(load_bytes("a.txt", b"Talks\n\nJan 5, 2025\n\nTalks resumed.")).date_source == "text"
    assert only(load_bytes("a.txt", b"Talks resumed.", published=date(2025, 1, 1))).date_source == "given"
    assert only(load_bytes("a.txt", b"Talks resumed.")).date_source is None


# --- dedupe --------------------------------------------------------------------------


def test_content_hash_ignores_spacing_case_and_unicode_form():
    base = content_hash("Talks resumed on Monday.\n\nOfficials said so.")
    assert content_hash("  talks   RESUMED on monday.\nOfficials said so.  ") == base
    assert content_hash("Talks\u00a0resumed on Monday. Officials said so.") == base
    assert content_hash("Talks resumed on Tuesday. Officials said so.") != base


def test_same_file_twice_gives_same_hash(tmp_path: Path):
    lf = only(load_bytes("a.txt", WIRE_ARTICLE.encode()))
    crlf = only(load_bytes("b.txt", WIRE_ARTICLE.replace("\n", "\r\n").encode()))
    spaced = only(load_bytes("c.txt", WIRE_ARTICLE.replace(". ", ".   ").replace("\n", "  \n").encode()))
    assert content_hash(lf.text) == content_hash(crlf.text) == content_hash(spaced.text)
    assert content_hash(load_text(WIRE_ARTICLE).article.text) == content_hash(lf.text)


# --- file names ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("../../etc/passwd.txt", "passwd.txt"),
        ("..\\..\\windows\\win.ini.txt", "win.ini.txt"),
        ("/abs/path/story.pdf", "story.pdf"),
        ("evil\x00name\r\n.txt", "evilname.txt"),
        ("rtl\u202eexe.txt", "rtlexe.txt"),
        ("line\u2028break.md", "linebreak.md"),
        ("", "upload"),
        (None, "upload"),
        ("..", "upload"),
        ("a/b/", "b"),
    ],
)
def test_safe_name(raw, expected):
    assert safe_name(raw) == expected


def test_safe_name_keeps_extension_of_long_names():
    name = safe_name("x" * 500 + ".docx")
    assert len(name) <= 120 and name.endswith(".docx")


def test_traversal_name_is_read_under_its_safe_name():
    [result] = load_bytes("../../secret/story.txt", b"Talks resumed on Monday.")
    assert result.name == "story.txt" and result.article.file_name == "story.txt"


# --- batches -------------------------------------------------------------------------


def test_csv_batch_with_row_errors(tmp_path: Path):
    future = (date.today() + timedelta(days=30)).isoformat()
    path = tmp_path / "batch.csv"
    path.write_text(
        "\ufeffTitle,Date,Source,Text\n"
        'First,2025-01-02,Wire A,"Talks resumed on Monday.\n\nOfficials, speaking in Geneva, said so."\n'
        "No text,2025-01-03,Wire B,\n"
        "Bad date,someday,Wire C,Talks stalled.\n"
        f"Future,{future},Wire D,Talks stalled again.\n"
        "Too many,2025-01-04,Wire E,Talks, then more talks.\n"
        "Too few,2025-01-05\n"
        "\n"
        "Undated,,,Talks went on.\n",
        encoding="utf-8",
    )
    results = load_path(path)
    by_name = {r.name: r for r in results}
    assert list(by_name) == [f"batch.csv row {n}" for n in range(2, 9)]
    first = by_name["batch.csv row 2"].article
    assert (first.title, first.source, first.published, first.date_source) == (
        "First",
        "Wire A",
        date(2025, 1, 2),
        "metadata",
    )
    assert first.text == "Talks resumed on Monday.\n\nOfficials, speaking in Geneva, said so."
    assert first.file_name == "batch.csv row 2"
    assert "has no 'text'" in by_name["batch.csv row 3"].error
    assert "cannot be read" in by_name["batch.csv row 4"].error and "'someday'" in by_name["batch.csv row 4"].error
    assert "in the future" in by_name["batch.csv row 5"].error
    assert "5 values but the header names 4 columns" in by_name["batch.csv row 6"].error
    assert "only 2 of the 4 columns" in by_name["batch.csv row 7"].error
    undated = by_name["batch.csv row 8"].article
    assert undated.published is None and undated.title == "Undated"


def test_csv_with_text_only_column():
    results = load_bytes("b.csv", b"text\nFirst article text.\nSecond article text.\n")
    assert [r.article.text for r in results] == ["First article text.", "Second article text."]


def test_jsonl_batch_with_row_errors():
    lines = [
        json.dumps(
            {
                "title": "One",
                "date": "2025-03-01",
                "source": "Wire",
                "text": "Talks resumed.",
                "url": "https://x.example/1",
            }
        ),
        "",
        "{not json",
        json.dumps(["a", "list"]),
        json.dumps({"title": "No text"}),
        json.dumps({"TEXT": "Upper-case keys work.", "Date": "Mar 2, 2025"}),
        json.dumps({"text": "A line\u2028separator inside a string is fine."}, ensure_ascii=False),
    ]
    results = load_bytes("batch.jsonl", "\n".join(lines).encode())
    by_name = {r.name: r for r in results}
    assert list(by_name) == [f"batch.jsonl line {n}" for n in (1, 3, 4, 5, 6, 7)]
    one = by_name["batch.jsonl line 1"].article
    assert (one.title, one.source, one.published, one.url) == ("One", "Wire", date(2025, 3, 1), "https://x.example/1")
    assert "not valid JSON" in by_name["batch.jsonl line 3"].error
    assert "not a JSON object" in by_name["batch.jsonl line 4"].error
    assert "has no 'text'" in by_name["batch.jsonl line 5"].error
    assert by_name["batch.jsonl line 6"].article.published == date(2025, 3, 2)
    assert "\u2028" in by_name["batch.jsonl line 7"].article.text


def test_batch_rows_are_cleaned_like_files():
    row = {"text": WIRE_ARTICLE}
    article = only(load_bytes("b.jsonl", json.dumps(row).encode()))
    assert not FURNITURE.search(article.text)
    assert article.title.startswith("Envoys Report")
