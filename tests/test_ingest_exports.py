"""Articles as they arrive: header blocks, Factiva and LexisNexis exports, datelines, crawl junk.

Every fixture (tests/data/exports/ and the strings here) is our own invented text in the
layout of the real thing; no real news is copied.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from ingest_files import make_docx, make_pdf
from stance.ingest import load_bytes, load_path, load_text
from stance.ingest.clean import clean
from stance.ingest.dates import date_from_url, with_year
from stance.ingest.readers import rtf_text
from stance.records import Article

EXPORTS = Path(__file__).parent / "data" / "exports"
# Lines of export and header furniture that must never reach the analysed text.
HEADER_LINE = re.compile(
    r"^((HD|BY|WC|PD|ET|SN|SC|LA|CY|LP|TD|CO|IN|NS|RE|IPD|PUB|AN)(\t| {2,}|$)|\[headline\]|Date:|Source:|Published:|URL:|Author:|By |Document |"
    r"Load-Date:|Byline:|Section:|Length:|Body$|End of Document|Language:|LOAD-DATE|BYLINE|LENGTH|SECTION|\d+ of \d+ DOCUMENTS|"
    r"User Name|Job Number|Client/Matter|Search Terms|Classification|Copyright|\(c\))",
    re.M,
)


def articles(results) -> list:
    return [r.article for r in results if r.article is not None]


def errors(results) -> list[tuple[str, str]]:
    return [(r.name, r.error) for r in results if r.error is not None]


def paragraphs(article: Article) -> list[str]:
    return article.text.split("\n\n")


def assert_clean(article: Article) -> None:
    assert not HEADER_LINE.search(article.text), HEADER_LINE.search(article.text)
    assert paragraphs(article)[0] == article.title


# --- the generic "Key: value" header block -----------------------------------------------


def test_header_block_fields_go_to_the_article_and_leave_the_text():
    article = load_path(EXPORTS / "header_block.txt")[0].article
    assert article.title == "Envoys Agree to Meet Again in Oslo"  # "[headline] " dropped, nothing of "Date:" kept
    assert (article.published, article.date_source) == (
        date(2025, 8, 16),
        "metadata",
    )  # Date: wins over the address's 2025/08/15
    assert article.source == "northgate-herald.example"
    assert article.url == "https://www.northgate-herald.example/world/2025/08/15/envoys-oslo"
    assert_clean(article)
    assert paragraphs(article)[1].startswith("Envoys from both sides agreed on Saturday")  # the dateline is cut too
    assert "Tomas Reyes" not in article.text


def test_header_block_with_an_outlet_name_and_an_address():
    article = load_path(EXPORTS / "header_block_named_source.txt")[0].article
    assert (article.title, article.source) == ("Island Council Weighs New Offer of Talks", "Harbour Times")
    assert (article.published, article.date_source) == (date(2025, 8, 20), "metadata")
    assert article.url == "https://harbour-times.example/news/island-council-offer"
    assert_clean(article)
    assert "Priya Nandan" not in article.text


def test_header_block_in_pasted_text_and_the_date_from_the_address():
    pasted = "Talks Resume in Vienna\nSource: https://example.org/europe/2025/03/04/talks-resume\n\nTalks resumed on Tuesday, officials said.\n"
    article = load_text(pasted).article
    assert (article.title, article.source, article.published, article.date_source) == (
        "Talks Resume in Vienna",
        "example.org",
        date(2025, 3, 4),
        "metadata",
    )
    assert article.text == "Talks Resume in Vienna\n\nTalks resumed on Tuesday, officials said."


def test_header_block_with_windows_line_ends():
    data = (EXPORTS / "header_block_named_source.txt").read_text(encoding="utf-8").replace("\n", "\r\n").encode()
    article = load_bytes("crlf.txt", data)[0].article
    assert (article.title, article.source, article.published) == (
        "Island Council Weighs New Offer of Talks",
        "Harbour Times",
        date(2025, 8, 20),
    )
    assert_clean(article)


def test_what_the_user_types_wins_over_the_header_block():
    data = (EXPORTS / "header_block.txt").read_bytes()
    [result] = load_bytes("h.txt", data, title="Typed", source="Typed source", published=date(2025, 8, 1))
    article = result.article
    assert (article.title, article.source, article.published, article.date_source) == (
        "Typed",
        "Typed source",
        date(2025, 8, 1),
        "given",
    )
    assert not HEADER_LINE.search(article.text)


@pytest.mark.parametrize(
    "text, paragraphs_after_title",
    [
        (
            "Talks Resume\n\nDate line of the talks was moved, officials said.\n",
            ["Date line of the talks was moved, officials said."],
        ),
        (
            "Talks Resume\nSPOKESPERSON: We have no date yet.\nQ: Will talks resume?\n",
            ["SPOKESPERSON: We have no date yet.", "Q: Will talks resume?"],
        ),
        (
            "Talks Resume\n\nBy Ana Morel\n\nTalks resumed on Monday, officials said.\n",
            ["Talks resumed on Monday, officials said."],
        ),
    ],
    ids=["prose-starting-with-date", "transcript-labels", "byline-only"],
)
def test_text_without_a_header_block_is_read_as_before(text: str, paragraphs_after_title: list[str]):
    article = load_text(text).article
    assert (article.title, article.published, article.source) == ("Talks Resume", None, None)
    assert paragraphs(article)[1:] == paragraphs_after_title


# --- Factiva -------------------------------------------------------------------------------


def test_factiva_export_is_split_into_articles_and_a_foreign_one_is_kept_with_its_language():
    results = load_path(EXPORTS / "factiva_three_articles.txt")
    first, second, german = articles(results)
    assert [r.name for r in results] == [f"factiva_three_articles.txt article {n}" for n in (1, 2, 3)]
    assert (first.title, first.published, first.date_source, first.source) == (
        "Mediators Say Border Truce Talks Will Resume Next Week",
        date(2025, 8, 16),
        "metadata",
        "Lakeside Wire Service",
    )
    assert (second.title, second.published, second.source) == (
        "Envoy Urges Monitoring Mission Before Any Ceasefire Vote",
        date(2025, 8, 17),
        "Lakeside Wire Service",
    )
    for article in (first, second):
        assert_clean(article)
        assert "Lakeside Wire Service" not in article.text and "words" not in article.text
        assert article.language == "en"
    assert paragraphs(first)[1].startswith("Mediators said on Saturday")  # "GENEVA, Aug 16 (Lakeside) - " cut
    assert paragraphs(first)[-1].startswith("IN the meantime")  # a paragraph that starts like a field code is text
    assert paragraphs(second)[1].startswith("A regional envoy said on Sunday")
    assert not errors(results)
    assert (
        german.language == "de"
    )  # stored with its language, not analysed (the pipeline says "not analysed: language de")


def test_factiva_article_layout_without_field_codes():
    first, second = articles(load_path(EXPORTS / "factiva_article_layout.txt"))
    assert (first.title, first.published, first.source) == (
        "Coastal States Sign Fishing Truce After Night of Talks",
        date(2025, 6, 3),
        "Harbour Times",
    )
    assert (second.title, second.published, second.source) == (
        "Island Council Rejects Outside Mediation",
        date(2025, 6, 4),
        "Harbour Times",
    )
    for article in (first, second):
        assert_clean(article)
        assert "Priya Nandan" not in article.text and "English" not in article.text and "HBT" not in article.text
    assert paragraphs(first)[1].startswith("Two coastal states signed")


def test_factiva_rtf_export():
    first, second = articles(load_path(EXPORTS / "factiva_two_articles.rtf"))
    assert (first.title, first.published, first.source) == (
        "Café Owners Join Calls for Ceasefire Talks",
        date(2025, 7, 2),
        "Lakeside Wire Service",
    )
    assert paragraphs(first)[1:] == [
        "Owners of cafés near the border called on Wednesday for ceasefire talks to start at once.",
        "“We cannot wait another season,” said Nadia Farah, who runs one of them.",
        "A second owner said trade had fallen by half since the spring.",
    ]
    assert second.title == "Council Backs “Direct” Talks With Neighbours"  # \uN with its fallback byte read once
    for article in (first, second):
        assert_clean(article)
        assert (
            "Helvetica" not in article.text
            and "Analyst One" not in article.text
            and "Example Writer" not in article.text
        )


# --- LexisNexis / Nexis Uni ------------------------------------------------------------------

NEXIS_TITLES = ["Talks on Northern Corridor to Restart, Ministers Say", "Ceasefire Monitors Arrive in Border Town"]


def check_nexis(results, name: str) -> None:
    first, second, french = articles(results)
    assert [a.title for a in (first, second)] == NEXIS_TITLES
    assert (first.published, first.source, first.date_source) == (date(2025, 8, 16), "Northgate Herald", "metadata")
    assert (second.published, second.source) == (date(2025, 8, 15), "Northgate Herald")
    for article in (first, second):
        assert_clean(article)
        assert (
            "Jane Okafor" not in article.text and "words" not in article.text and "Northgate Herald" not in article.text
        )
    assert paragraphs(first)[1:] == [
        "Ministers from both countries said on Saturday that talks on the northern corridor would restart within a month.",
        '"We have lost enough time," the foreign minister, Petra Lind, told a news conference. "The talks must resume."',
        "Officials on the other side said no date had been agreed.",
    ]
    assert paragraphs(second)[-1].startswith("A spokesman for the monitoring mission")
    assert not errors(results)
    assert french.file_name == f"{name} article 3" and french.language == "fr"  # kept with its language, not analysed


def test_nexis_uni_text_export_with_cover_page():
    check_nexis(load_path(EXPORTS / "nexis_uni_export.txt"), "nexis_uni_export.txt")


def test_nexis_uni_docx_export():
    lines = (EXPORTS / "nexis_uni_export.txt").read_text(encoding="utf-8").split("\n")
    check_nexis(load_bytes("nexis.docx", make_docx(lines)), "nexis.docx")


def _rtf(text: str) -> bytes:
    """Text as an RTF document, one \\par per line, the way Nexis Uni writes its RTF."""
    body = "".join(
        "".join(
            ch if ord(ch) < 128 and ch not in "\\{}" else (f"\\{ch}" if ch in "\\{}" else f"\\u{ord(ch)}?")
            for ch in line
        )
        + "\\par\n"
        for line in text.split("\n")
    )
    return ("{\\rtf1\\ansi{\\fonttbl{\\f0 Arial;}}{\\header Page header}\\f0 " + body + "}").encode("ascii")


def test_nexis_uni_rtf_export():
    check_nexis(
        load_bytes("nexis.rtf", _rtf((EXPORTS / "nexis_uni_export.txt").read_text(encoding="utf-8"))), "nexis.rtf"
    )


def test_nexis_uni_pdf_export_with_page_headers():
    lines = [
        line for line in (EXPORTS / "nexis_uni_export.txt").read_text(encoding="utf-8").split("\n") if line.isascii()
    ]
    lines = [
        line
        for line in lines
        if "pourparlers" not in line and "Journal du Lac" not in line and "Les ministres" not in line
    ]
    cut = lines.index("Officials on the other side said no date had been agreed.")
    pages = [lines[:cut], ["Page 2 of 3", NEXIS_TITLES[0], *lines[cut:]]]
    results = load_bytes(
        "nexis.pdf", make_pdf(pages)
    )  # the French article is left out here: the test PDF writer is Latin-1
    first, second = articles(results)
    assert not errors(results)
    assert [a.title for a in (first, second)] == NEXIS_TITLES
    assert (
        paragraphs(first)[-1] == "Officials on the other side said no date had been agreed."
    )  # no "Page 2 of 3", no running title
    assert paragraphs(first).count(NEXIS_TITLES[0]) == 1
    assert_clean(first)


def test_old_lexisnexis_layout():
    first, second = articles(load_path(EXPORTS / "lexisnexis_academic.txt"))
    assert (first.title, first.published, first.source) == (
        "River Commission Says Water Talks Are Back on Track",
        date(2025, 5, 13),
        "The Valley Courier",
    )
    assert (second.title, second.published) == ("Provinces Name Negotiators for Water Accord", date(2025, 5, 12))
    for article in (first, second):
        assert_clean(article)
        assert "Ruth Ade" not in article.text
    assert paragraphs(first)[1].startswith("The river commission said on Tuesday")


# --- datelines ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "dateline, expected",
    [
        ("Moscow, Jun 01, 2025 --", date(2025, 6, 1)),
        ("KYIV, Ukraine (AP) —", None),
        ("WASHINGTON, May 13 (Reuters) -", date(2025, 5, 13)),
        ("GENEVA (AFP) -", None),
        ("BEIJING, Sept 4 -", date(2025, 9, 4)),
        ("New Delhi, 12 May (Wire) —", date(2025, 5, 12)),
    ],
)
def test_dateline_is_read_and_cut_from_the_first_sentence(dateline: str, expected: date | None):
    glued = "" if dateline.endswith("-") and "Sept" in dateline else " "
    text = f"Envoy Presses for Talks\n\n{dateline}{glued}The envoy said on Tuesday that talks must resume.\n\nOfficials agreed on May 20, 2025."
    cleaned = clean(text, today=date(2026, 1, 15))
    assert cleaned.text.split("\n\n")[1] == "The envoy said on Tuesday that talks must resume."
    assert cleaned.published == (expected or None)
    assert cleaned.place and cleaned.place.split(",")[0] in dateline


def test_dateline_agency_becomes_the_source_when_nothing_else_names_one():
    article = load_text("Envoy Presses for Talks\n\nGENEVA (Lakeside) - The envoy said that talks must resume.").article
    assert article.source == "Lakeside" and article.text.endswith("\n\nThe envoy said that talks must resume.")


def test_place_only_dateline_in_capitals_stays_as_our_wire_copy_has_it():
    cleaned = clean("Talks Resume\n\nGENEVA -- Negotiators said on Tuesday that talks would resume.")
    assert cleaned.text.split("\n\n")[1] == "GENEVA -- Negotiators said on Tuesday that talks would resume."
    assert cleaned.place == "GENEVA" and cleaned.published is None


def test_dateline_year_from_the_metadata_and_from_the_text():
    text = "Talks\n\nWASHINGTON, Dec 30 (Wire) - The envoy said talks would resume."
    assert clean(text, context=[date(2024, 1, 2)], today=date(2026, 6, 1)).published == date(
        2023, 12, 30
    )  # nearest to the metadata
    in_text = text + "\n\nA first round was held on Dec 12, 2022."
    assert clean(in_text, today=date(2026, 6, 1)).published == date(2022, 12, 30)


def test_dateline_year_falls_back_to_the_upload_year_but_never_the_future():
    text = "Talks\n\nWASHINGTON, Dec 30 (Wire) - The envoy said talks would resume."
    assert clean(text, today=date(2026, 6, 1)).published == date(2025, 12, 30)  # Dec 30, 2026 would be in the future
    assert clean(text.replace("Dec 30", "May 13"), today=date(2026, 6, 1)).published == date(2026, 5, 13)
    assert with_year(2, 29, [], today=date(2026, 3, 1)) is None  # no Feb 29 in 2026 or 2025


@pytest.mark.parametrize(
    "text",
    [
        "Talks Resume\n\nKYIV, Tuesday (AP) - The minister said on Tuesday that talks would resume.",
        "Talks Resume\n\nThe minister said yesterday that talks would resume last week or next.",
        "Talks Resume\n\nUpdated 2 hours ago\n\nThe minister said on Tuesday that the talks resumed last week.",
    ],
)
def test_relative_dates_are_never_the_publication_date(text: str):
    article = load_text(text).article
    assert article.published is None and article.date_source is None
    assert "2 hours ago" not in article.text


def test_date_from_url():
    assert date_from_url("https://example.org/news/2025/08/16/slug") == date(2025, 8, 16)
    assert date_from_url("https://example.org/20250816/slug-123.html") == date(2025, 8, 16)
    assert date_from_url("https://example.org/world/2025-03-06/slug") == date(2025, 3, 6)
    assert date_from_url("https://example.org/news/2025/09/slug/") is None  # a month is no date
    assert date_from_url("https://example.org/?p=1235082") is None
    assert date_from_url(None) is None


# --- crawl and page junk -------------------------------------------------------------------


def test_crawl_page_junk_is_removed_and_real_sentences_stay():
    article = load_path(EXPORTS / "crawl_page.txt")[0].article
    assert (article.published, article.date_source) == (date(2025, 6, 2), "text")  # from " date 2025-06-02"
    assert paragraphs(article) == [
        "Ministers Hold First Round of Harbour Talks",  # once, though the page repeats it
        "PORT ELLIS - Ministers from both sides held a first round of harbour talks on Monday, officials said.",
        '"We came here to listen," the transport minister, Oren Vail, said after the meeting.',
        "Photos released by the ministry showed both delegations at one table, a spokesman said.",
        "Read more broadly, the agreement leaves the hardest questions for later, analysts said.",
        "Updated figures released on Monday showed traffic at the port had halved.",
    ]


@pytest.mark.parametrize(
    "junk",
    [
        "Updated On Jun 02, 2025, 09:15 IST",
        "Pool Photo",
        "File photo",
        "Photo: Jane Roe / Reuters",
        "PHOTO: AFP",
        "(Photo by Jane Roe/Example Agency)",
        "(Video: from the ministry)",
        "Delegates arrive at the talks in Oslo on June 1, 2025. (PHOTO / Example Agency)",
        "Delegates arrive at the talks in Oslo. Press Service/Handout via REUTERS",
        "Delegates arrive at the talks in Oslo. (Jane Roe / City Archive/Wikimedia Commons)",
        "In this pool photograph, delegates arrive at the talks in Oslo on June 1, 2025.",
        "ALSO READ: Harbour strike enters its third week",
        "ALSO READ — Harbour strike enters its third week",
        "Advertisement",
        "Share this article",
        "Read more",
        "Home | World | Politics",
        "Connect with us",
        "Follow topic:",
        "Published",
        "Page 2 of 7",
        "https://example.org/news/2025/06/02/talks",
        "Reading time: 3 min",
        "4 min read",
        "•",
    ],
)
def test_junk_line_is_dropped(junk: str):
    cleaned = clean(
        f"Talks Resume\n\nThe minister said talks would resume.\n\n{junk}\n\nOfficials agreed, a spokesman said."
    )
    assert cleaned.text.split("\n\n") == [
        "Talks Resume",
        "The minister said talks would resume.",
        "Officials agreed, a spokesman said.",
    ]


@pytest.mark.parametrize(
    "sentence",
    [
        "Photos released by the ministry showed both delegations at one table.",
        "Read more broadly, the agreement leaves the hardest questions for later.",
        "Updated figures released on Monday showed traffic at the port had halved.",
        "Published reports said the talks had stalled over sequencing.",
        "“We will not sign,” the minister said at the talks. (Photo by Jane Roe/Example Agency)",
        "The accord covers fishing and/or shipping rights (both contested).",
        "Home rule for the province was the first item on the agenda.",
        "In this round of talks, the envoy said, nothing was agreed.",
    ],
)
def test_real_sentences_that_look_like_junk_are_kept(sentence: str):
    cleaned = clean(f"Talks Resume\n\nThe minister said talks would resume.\n\n{sentence}")
    assert cleaned.text.split("\n\n")[-1] == sentence


def test_live_blog_times_and_a_capitals_outlet_line_are_not_junk():
    text = (
        "LIVE: Envoys Meet in Oslo\n\nNORTH SEA LEDGER\n\nUpdated 19:02 CET, Monday 13 October\n\n19:02\n\nThe talks are over\n\n"
        "The envoy said the talks had ended without a deal.\n\n18:41\n\nDelegations arrive\n\nThe first delegation arrived, officials said."
    )
    cleaned = clean(text)
    assert cleaned.source == "NORTH SEA LEDGER"  # an outlet in capitals is not taken for a place
    assert cleaned.text.split("\n\n")[1:4] == [
        "19:02",
        "The talks are over",
        "The envoy said the talks had ended without a deal.",
    ]
    assert "18:41" in cleaned.text.split("\n\n") and "Updated" not in cleaned.text


def test_place_line_under_the_source_is_dropped():
    cleaned = clean("Talks Resume\n\nHarbour Times\n\nISTANBUL\n\nTalks resumed on Monday, officials said.")
    assert (cleaned.source, cleaned.text) == (
        "Harbour Times",
        "Talks Resume\n\nTalks resumed on Monday, officials said.",
    )


# --- bad exports ---------------------------------------------------------------------------


def test_export_without_articles_is_a_clear_error():
    text = "Length: 0 words\nLoad-Date: August 17, 2025\n\nEnd of Document\n"
    [result] = load_bytes("empty.txt", text.encode())
    assert (
        result.article is None
        and "LexisNexis export but holds no articles" in result.error
        and "Export" in result.error
    )


def test_factiva_article_without_text_is_reported_alone():
    text = (EXPORTS / "factiva_three_articles.txt").read_text(encoding="utf-8")
    empty = "HD  A Headline With No Text\nPD  18 August 2025\nSN  Lakeside Wire Service\nLA  English\nAN  Document LWS0000020250818el8i0003n\n"
    results = load_bytes("f.txt", (empty + "\n" + text).encode())
    assert [a.language for a in articles(results)] == ["en", "en", "de"]
    assert errors(results)[0][0] == "f.txt article 1" and "no article text" in errors(results)[0][1]


@pytest.mark.parametrize(
    "data, words",
    [
        (b"{\\rtf1 " + b"{" * 5000 + b"text", "nested too deeply"),
        (b"{\\rtf1\\ansi{\\fonttbl{\\f0 Arial;}}{\\pict 0123abcd}}", "no text"),
        (b"Talks resumed on Monday.", "not an RTF document"),
        (b"%PDF-1.4 not really", "is a PDF"),
    ],
)
def test_damaged_rtf_is_a_clear_error(data: bytes, words: str):
    [result] = load_bytes("broken.rtf", data)
    assert result.article is None and words in result.error, result.error


def test_truncated_rtf_still_gives_its_text():
    data = (EXPORTS / "factiva_two_articles.rtf").read_bytes()
    results = load_bytes("cut.rtf", data[: len(data) // 2])
    assert results and all((r.article is None) != (r.error is None) for r in results)


def test_rtf_text_decodes_escapes():
    data = b"{\\rtf1\\ansi\\ansicpg1252 Caf\\'e9 \\{x\\} a\\~b \\u8364? \\ldblquote q\\rdblquote{\\*\\unknown skipped}\\par next}"
    assert rtf_text("a.rtf", data) == "Café {x} a b € “q”\nnext"


def test_corrupt_docx_export_is_a_clear_error():
    data = make_docx(["HD  A headline", "LP  Text."])
    [result] = load_bytes("export.docx", data[: len(data) // 3])
    assert result.article is None and "damaged" in result.error


# --- the outcome line ------------------------------------------------------------------------


class _NoStatements:
    version = "test-model"

    def attribute(self, text, published=None):
        return [], {}

    def predict(self, texts):
        return []


def test_outcome_line_says_when_no_publication_date_was_found(tmp_path):
    from stance.pipeline import Pipeline
    from stance.store import Store

    store = Store(f"sqlite:///{tmp_path / 'outcome.db'}")
    pipeline = Pipeline(_NoStatements(), _NoStatements())
    undated, dated = pipeline.ingest_bytes(
        store, "undated.txt", b"Talks Resume\n\nThe minister said on Tuesday that talks would resume."
    ) + pipeline.ingest_bytes(store, "dated.txt", (EXPORTS / "header_block.txt").read_bytes())
    assert undated.status == "stored"
    assert undated.message == "0 statements, no publication date found: set one on the Articles page or with --date"
    assert (dated.status, dated.message) == ("stored", "0 statements")
