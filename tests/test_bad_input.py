"""Bad input: every case gives a clear per-file (or per-row) message in bounded time.

A clear message names the file (LoadResult.name) and says what to do; nothing raises,
and one bad file or row never costs the others in its batch.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import time
import zipfile
import zlib
from dataclasses import replace
from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ingest_files import WIRE_ARTICLE, make_docx, make_lying_zip, make_pdf, make_zip_bomb
from stance.config import limits
from stance.ingest import SUPPORTED, IngestError, LoadResult, load_bytes, load_path, load_text, readers, safe_name
from stance.ingest.bounded import run_bounded

# Every message ends by saying what to do; these are the verbs it starts with.
FIX = re.compile(r"\b(Upload|Save|Paste|Rename|Check|Split|Use|Remove|Run|Fill|Put|Choose|Export|Add|type)\b")

FAST = settings(max_examples=100, deadline=5000, database=None, suppress_health_check=[HealthCheck.too_slow])
FORKED = settings(max_examples=50, deadline=5000, database=None, suppress_health_check=[HealthCheck.too_slow])


def assert_clear(results: list[LoadResult], name: str, *words: str) -> str:
    """One error for the file, naming it and saying what to do; returns the message."""
    assert len(results) == 1, results
    [result] = results
    assert result.article is None, result.article
    assert result.name == name
    assert result.error and FIX.search(result.error), result.error
    assert "Traceback" not in result.error and len(result.error) < 400
    for word in words:
        assert word in result.error, (word, result.error)
    return result.error


def assert_well_formed(results: list[LoadResult]) -> None:
    """The property every input must satisfy: results, each an article xor a clear error."""
    assert isinstance(results, list) and results
    for result in results:
        assert isinstance(result, LoadResult)
        assert (result.article is None) != (result.error is None), result
        assert "/" not in result.name.split(" ")[0] and "\x00" not in result.name
        if result.error is not None:
            assert result.error.strip() and FIX.search(result.error), result.error
        else:
            article = result.article
            assert article.text.strip()
            assert (
                article.published is None
                or 1900 <= article.published.year
                and article.published <= date.today() + timedelta(days=1)
            )


@pytest.fixture(scope="module")
def pdf() -> bytes:
    return make_pdf([[line for line in WIRE_ARTICLE.splitlines()[:20]]])


@pytest.fixture(scope="module")
def docx_bytes() -> bytes:
    return make_docx([p for p in WIRE_ARTICLE.split("\n\n") if p.strip()])


# --- the listed cases, one by one -----------------------------------------------------


@pytest.mark.parametrize("name", ["empty.txt", "empty.pdf", "empty.docx", "empty.csv", "empty.html"])
def test_empty_file(name: str):
    assert_clear(load_bytes(name, b""), name, "is empty")


def test_whitespace_only_file_and_paste():
    assert_clear(load_bytes("blank.txt", b" \n\n \t\n"), "blank.txt", "no article text")
    result = load_text("   \n ")
    assert result.name == "pasted text" and "empty" in result.error


def test_binary_file_named_txt():
    assert_clear(load_bytes("data.txt", bytes(range(256)) * 10), "data.txt", "binary")


def test_control_characters_in_text_are_binary():
    assert_clear(load_bytes("ctl.md", b"\x01\x02\x03\x04\x05\x06\x07\x08" * 100), "ctl.md", "binary")


def test_corrupt_pdf():
    data = (
        b"%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 9 0 R >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF garbage \xff\xfe"
    )
    assert_clear(load_bytes("broken.pdf", data), "broken.pdf", "PDF")


def test_pdf_without_header():
    assert_clear(
        load_bytes("notreally.pdf", b"This is just text pretending to be a PDF."), "notreally.pdf", "not a PDF"
    )


def test_pdf_without_text_layer():
    assert_clear(load_bytes("scan.pdf", make_pdf([[]])), "scan.pdf", "no text layer", "OCR")


def test_password_protected_pdf(pdf: bytes):
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    writer.encrypt("secret")
    out = io.BytesIO()
    writer.write(out)
    assert_clear(load_bytes("locked.pdf", out.getvalue()), "locked.pdf", "password")


def test_pdf_decompression_bomb():
    """A 100 MB stream of zeros squeezed into 100 kB: refused by pypdf's limit or the memory cap."""
    compressor = zlib.compressobj(9)
    chunk = b"\0" * (1 << 20)
    stream = b"".join(compressor.compress(chunk) for _ in range(100)) + compressor.flush()
    base = make_pdf([["x"]])
    start = base.index(b"<< /Length")
    end = base.index(b"endstream", start) + len(b"endstream")
    bomb = (
        base[:start]
        + b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream)
        + stream
        + b"\nendstream"
        + base[end:]
    )
    started = time.monotonic()
    assert_clear(load_bytes("bomb.pdf", bomb), "bomb.pdf")
    assert time.monotonic() - started < 15


def test_corrupt_docx():
    data = b"PK\x03\x04" + os.urandom(2000)
    assert_clear(load_bytes("broken.docx", data), "broken.docx", "Word document", "damaged")


def test_zip_that_is_not_a_word_document():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("hello.txt", "not a docx")
    assert_clear(load_bytes("other.docx", out.getvalue()), "other.docx", "Word document")


def test_zip_bomb_docx():
    data = make_zip_bomb(200)  # 200 MB of zeros in about 200 kB
    assert len(data) < 1_000_000
    started = time.monotonic()
    assert_clear(load_bytes("bomb.docx", data), "bomb.docx", "zip bomb")
    assert time.monotonic() - started < 5


def test_zip_that_lies_about_its_size_is_read_no_further_than_it_claims():
    data = make_lying_zip(actual_mb=20, claimed_bytes=1000)
    assert_clear(load_bytes("liar.docx", data), "liar.docx", "Word document")


def test_zip_with_too_many_entries():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for i in range(10_001):
            archive.writestr(f"f{i}", b"")
    assert_clear(load_bytes("many.docx", out.getvalue()), "many.docx", "zip bomb")


def test_docx_with_entity_expansion_is_not_expanded(docx_bytes: bytes):
    """A "billion laughs" document.xml: entities are not resolved, so it stays small and fast."""
    laughs = (
        '<?xml version="1.0"?><!DOCTYPE w [<!ENTITY a "lol"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
        '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">'
        '<!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;"><!ENTITY f "&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;">]>'
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        "<w:body><w:p><w:r><w:t>&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;</w:t></w:r></w:p></w:body></w:document>"
    )
    source = zipfile.ZipFile(io.BytesIO(docx_bytes))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in source.infolist():
            data = laughs.encode() if info.filename == "word/document.xml" else source.read(info)
            archive.writestr(info.filename, data)
    started = time.monotonic()
    results = load_bytes("laughs.docx", out.getvalue())
    assert_well_formed(results)
    assert results[0].article is None or len(results[0].article.text) < 10_000
    assert time.monotonic() - started < 5


@pytest.mark.parametrize("cut", [0.1, 0.5, 0.9, 0.99])
def test_truncated_pdf(pdf: bytes, cut: float):
    results = load_bytes("cut.pdf", pdf[: int(len(pdf) * cut)])
    assert_well_formed(results)
    assert results[0].name == "cut.pdf"


@pytest.mark.parametrize("cut", [0.1, 0.5, 0.9, 0.99])
def test_truncated_docx(docx_bytes: bytes, cut: float):
    assert_clear(load_bytes("cut.docx", docx_bytes[: int(len(docx_bytes) * cut)]), "cut.docx", "damaged")


@pytest.mark.parametrize("name", ["virus.exe", "story.doc", "noextension", "archive.tar.gz", "page.xhtml", ".txt"])
def test_unsupported_type(name: str):
    assert_clear(load_bytes(name, b"Talks resumed."), safe_name(name), "unsupported type")


def test_content_of_another_type(pdf: bytes, docx_bytes: bytes):
    assert_clear(load_bytes("story.txt", pdf), "story.txt", "is a PDF", "Rename it to .pdf")
    assert_clear(load_bytes("story.html", docx_bytes), "story.html", "zip archive", "Rename it to .docx")
    assert_clear(load_bytes("story.pdf", docx_bytes), "story.pdf", "zip archive", ".docx")
    assert_clear(load_bytes("story.docx", pdf), "story.docx", "is a PDF", "Rename it to .pdf")
    assert_clear(load_bytes("story.docx", b"Talks resumed on Monday."), "story.docx", "Word document")
    assert_clear(load_bytes("photo.md", b"\x89PNG\r\n\x1a\n" + bytes(100)), "photo.md", "PNG image")


def test_oversize_upload_from_config(monkeypatch: pytest.MonkeyPatch, tmp_path):
    monkeypatch.setenv("STANCE_MAX_UPLOAD_MB", "1")
    data = b"Talks resumed. " * 80_000  # 1.2 MB
    assert_clear(load_bytes("big.txt", data), "big.txt", "over the 1 MB upload limit", "STANCE_MAX_UPLOAD_MB")
    path = tmp_path / "big.pdf"
    path.write_bytes(data)
    assert_clear(load_path(path), "big.pdf", "over the 1 MB upload limit")


def test_oversize_article_text():
    lim = replace(limits(), max_article_chars=1000)
    assert_clear(load_bytes("long.txt", b"Talks resumed. " * 200, lim=lim), "long.txt", "STANCE_MAX_ARTICLE_CHARS")


def test_too_many_batch_rows():
    lim = replace(limits(), max_batch_rows=3)
    data = "text\n" + "Talks resumed.\n" * 4
    assert_clear(load_bytes("rows.csv", data.encode(), lim=lim), "rows.csv", "STANCE_MAX_BATCH_ROWS")


@pytest.mark.parametrize("name", ["latin.txt", "latin.md", "latin.csv", "latin.jsonl"])
def test_non_utf8(name: str):
    data = "text\nLe président a déclaré que les négociations reprendraient à Genève.".encode("cp1252")
    assert_clear(load_bytes(name, data), name, "not UTF-8", "UTF-8 encoding")


@pytest.mark.parametrize("head", ["", '<meta charset="windows-1252">'])
def test_a_web_page_in_its_own_charset_is_read(head: str):
    """A web page says its charset (or browsers assume windows-1252): read as a browser reads it, not refused."""
    data = f"<html><head>{head}</head><body><p>The café owner in Zürich said the talks would resume.</p></body></html>".encode(
        "cp1252"
    )
    [result] = load_bytes("latin.html", data)
    assert result.article is not None and "café owner in Zürich" in result.article.text


@pytest.mark.parametrize("name", ["huge.txt", "huge.md", "huge.csv", "huge.jsonl", "huge.html"])
def test_huge_single_line(name: str):
    """5 MB without a newline: refused as over the article limit, quickly."""
    line = "Talks resumed again and again " * 170_000
    data = {
        ".csv": f"text\n{line}",
        ".jsonl": json.dumps({"text": line}),
        ".html": f"<p>{line}</p>",
    }.get(os.path.splitext(name)[1], line)
    started = time.monotonic()
    results = load_bytes(name, data.encode())
    assert len(results) == 1 and "STANCE_MAX_ARTICLE_CHARS" in results[0].error
    assert time.monotonic() - started < 10


@pytest.mark.parametrize(
    "data", [b"[" * 2_000_000, b"![" * 1_000_000, b"\n" * 2_000_000 + b"x", b"[a](" * 500_000, b"*_" * 1_000_000]
)
def test_markdown_patterns_take_linear_time(data: bytes):
    started = time.monotonic()
    assert_well_formed(load_bytes("evil.md", data))
    assert time.monotonic() - started < 5


def test_deeply_nested_html_is_read_within_the_timeout():
    data = b"<html><body>" + b"<div>" * 100_000 + b"<p>The envoy said talks would resume.</p>"
    started = time.monotonic()
    results = load_bytes("deep.html", data)
    assert_well_formed(results)
    assert results[0].article is None or results[0].article.text == "The envoy said talks would resume."
    assert time.monotonic() - started < limits().parse_timeout_s + 2


def test_slow_html_is_stopped_at_the_parse_timeout(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("STANCE_PARSE_TIMEOUT_S", "1")
    data = b"<div>" * 1_500_000  # 7.5 MB of tags: many seconds of parsing
    started = time.monotonic()
    assert_clear(load_bytes("slow.html", data), "slow.html", "longer than 1 s", "Save it as plain text")
    assert time.monotonic() - started < 4


def test_deeply_nested_jsonl():
    results = load_bytes(
        "deep.jsonl", b"[" * 100_000 + b"\n" + b"1" * 5000 + b"\n" + json.dumps({"text": "Fine."}).encode()
    )
    assert [r.name for r in results] == ["deep.jsonl line 1", "deep.jsonl line 2", "deep.jsonl line 3"]
    assert results[0].error and results[1].error and results[2].article.text == "Fine."


def test_csv_missing_and_extra_columns():
    data = "title,date,source,text\nOk,2025-01-01,Wire,Talks resumed.\nExtra,2025-01-01,Wire,Talks, resumed.\nShort,2025-01-01\n"
    results = load_bytes("cols.csv", data.encode())
    assert [r.name for r in results] == ["cols.csv row 2", "cols.csv row 3", "cols.csv row 4"]
    assert results[0].article.text == "Talks resumed."
    assert "Put double quotes" in results[1].error
    assert "only 2 of the 4 columns" in results[2].error


def test_csv_without_text_column():
    assert_clear(load_bytes("notext.csv", b"title,notes\nA,Talks resumed.\n"), "notext.csv", "no 'text' column")


def test_csv_with_broken_quoting():
    """An unclosed quote would swallow every row after it into one article: refused instead."""
    data = b'title,text\nOne,"Talks resumed.\nTwo,Talks stalled.\nThree,Talks ended.\n'
    assert_clear(load_bytes("quotes.csv", data), "quotes.csv", "not a valid CSV", "Check the quoting")
    assert_clear(load_bytes("stray.csv", b'title,text\nOne,"Talks" resumed.\n'), "stray.csv", "not a valid CSV")


def test_nul_characters_inside_text_are_dropped():
    [result] = load_bytes("nul.csv", b"text\n" + b"Talks resumed.\n" * 1000 + b'"Talks\x00 ended."\n')[-1:]
    assert result.article.text == "Talks ended."


def test_csv_header_only():
    assert_clear(load_bytes("header.csv", b"title,date,source,text\n"), "header.csv", "holds no articles")


def test_future_dates():
    future = date.today() + timedelta(days=60)
    text = f"Talks Resume\n\n{future:%b %d, %Y}\n\nTalks resumed on Monday.".encode()
    assert_clear(load_bytes("future.txt", text), "future.txt", "in the future", "in its text")
    page = f'<html><head><meta property="article:published_time" content="{future}"></head><body><p>Talks resumed.</p></body></html>'
    assert_clear(load_bytes("future.html", page.encode()), "future.html", "in the future", "metadata")
    assert_clear(load_bytes("given.txt", b"Talks resumed.", published=future), "given.txt", "in the future", "as given")
    rows = load_bytes("future.jsonl", json.dumps({"text": "Talks resumed.", "date": future.isoformat()}).encode())
    assert "in the future" in rows[0].error and rows[0].name == "future.jsonl line 1"


def test_unparseable_dates():
    rows = load_bytes(
        "dates.csv", b"date,text\nnext Tuesday,Talks resumed.\n0001-01-01,Talks resumed.\n31/31/2025,Talks resumed.\n"
    )
    assert [r.name for r in rows] == ["dates.csv row 2", "dates.csv row 3", "dates.csv row 4"]
    assert all("cannot be read" in r.error and "YYYY-MM-DD" in r.error for r in rows)
    assert_clear(load_bytes("typed.txt", b"Talks resumed.", published="someday"), "typed.txt", "cannot be read")
    # an unreadable date in a page's metadata is not the user's fault: the page is still read
    page = b'<html><head><meta name="date" content="soon"></head><body><p>Talks resumed.</p></body></html>'
    article = load_bytes("meta.html", page)[0].article
    assert article.published is None


def test_hostile_file_names_are_made_safe():
    for raw, safe in [
        ("../../../etc/passwd", "passwd"),
        ("..\\..\\boot.ini", "boot.ini"),
        ("a\x1b[31mred\x07.exe", "a[31mred.exe"),
    ]:
        [result] = load_bytes(raw, b"x")
        assert result.name == safe and "unsupported type" in result.error
    [result] = load_bytes("\x00\r\n/..", b"x")
    assert result.name == "upload"


def test_missing_path_and_folder(tmp_path):
    assert_clear(load_path(tmp_path / "nope.txt"), "nope.txt", "missing")
    folder = tmp_path / "folder.txt"
    folder.mkdir()
    assert_clear(load_path(folder), "folder.txt", "folder")


def test_one_bad_file_does_not_stop_the_batch(pdf: bytes):
    uploads = [
        ("good.txt", WIRE_ARTICLE.encode()),
        ("empty.txt", b""),
        ("bomb.docx", make_zip_bomb(120)),
        ("good.pdf", pdf),
        ("binary.txt", bytes(range(256))),
        ("rows.csv", b"text\nTalks resumed.\n\n,\n"),
    ]
    outcomes = [r for name, data in uploads for r in load_bytes(name, data)]
    assert [(r.name, r.article is not None) for r in outcomes] == [
        ("good.txt", True),
        ("empty.txt", False),
        ("bomb.docx", False),
        ("good.pdf", True),
        ("binary.txt", False),
        ("rows.csv row 2", True),
    ]


# --- the bounded runner --------------------------------------------------------------


def _sleep_forever(name, data):
    time.sleep(60)


def test_run_bounded_stops_a_slow_reader():
    started = time.monotonic()
    with pytest.raises(IngestError, match="took longer than 1 s") as caught:
        run_bounded(_sleep_forever, "slow.pdf", b"", 1)
    assert caught.value.file_name == "slow.pdf"
    assert time.monotonic() - started < 3


def _allocate(name, data):
    return [bytearray(6 * 1024**3)]


def test_run_bounded_caps_memory():
    with pytest.raises(IngestError, match="too much memory"):
        run_bounded(_allocate, "fat.pdf", b"", 10, memory_headroom=256 * 1024 * 1024)


def _die(name, data):
    os._exit(3)


def _crash(name, data):
    raise ValueError("bad thing")


def _recurse(name, data):
    return _recurse(name, data)


@pytest.mark.parametrize(
    "reader, message",
    [
        (_die, "stopped unexpectedly"),
        (_crash, "could not be read (ValueError: bad thing)"),
        (_recurse, "nested too deeply"),
    ],
)
def test_run_bounded_reports_failures(reader, message: str):
    with pytest.raises(IngestError, match=re.escape(message)):
        run_bounded(reader, "x.pdf", b"", 10)


def test_a_bug_in_a_reader_is_reported_not_raised(monkeypatch: pytest.MonkeyPatch):
    def broken(name, data):
        raise ZeroDivisionError

    monkeypatch.setitem(readers.READERS, ".txt", broken)
    assert_clear(load_bytes("a.txt", b"Talks resumed."), "a.txt", "error in Stance Tracker itself")


# --- properties ----------------------------------------------------------------------

FAST_TYPES = [s for s in SUPPORTED if s not in (".pdf", ".docx", ".html", ".htm")] + [".exe", ""]
FORKED_TYPES = [".pdf", ".docx", ".html"]


@FAST
@given(suffix=st.sampled_from(FAST_TYPES), data=st.binary(max_size=4096))
def test_random_bytes_in_process_formats(suffix: str, data: bytes):
    assert_well_formed(load_bytes(f"random{suffix}", data))


@FORKED
@given(suffix=st.sampled_from(FORKED_TYPES), data=st.binary(max_size=4096))
def test_random_bytes_forked_formats(suffix: str, data: bytes):
    assert_well_formed(load_bytes(f"random{suffix}", data))


@FORKED
@given(
    magic=st.sampled_from(
        [b"%PDF-1.4\n", b"%PDF-1.7\n1 0 obj\n<<", b"PK\x03\x04", b"PK\x05\x06", b"<html><body>", b"\xef\xbb\xbf"]
    ),
    suffix=st.sampled_from(FORKED_TYPES + [".txt"]),
    data=st.binary(max_size=2048),
)
def test_random_bytes_behind_a_real_header(magic: bytes, suffix: str, data: bytes):
    assert_well_formed(load_bytes(f"magic{suffix}", magic + data))


@FAST
@given(suffix=st.sampled_from(FAST_TYPES + [".html"]), text=st.text(max_size=2000))
def test_random_unicode(suffix: str, text: str):
    assert_well_formed(load_bytes(f"unicode{suffix}", text.encode("utf-8")))


@FAST
@given(text=st.text(max_size=2000))
def test_random_pasted_text(text: str):
    result = load_text(text)
    assert_well_formed([result])


@FORKED
@given(data=st.data())
def test_truncated_and_mutated_pdf_and_docx(data, pdf: bytes, docx_bytes: bytes):
    suffix, original = data.draw(st.sampled_from([(".pdf", pdf), (".docx", docx_bytes)]))
    cut = data.draw(st.integers(0, len(original)))
    damaged = bytearray(original[:cut])
    for _ in range(data.draw(st.integers(0, 5))):
        if damaged:
            damaged[data.draw(st.integers(0, len(damaged) - 1))] = data.draw(st.integers(0, 255))
    assert_well_formed(load_bytes(f"damaged{suffix}", bytes(damaged)))


@FAST
@given(
    header=st.lists(st.sampled_from(["title", "date", "source", "text", "url", "extra", ""]), min_size=0, max_size=6),
    rows=st.lists(st.lists(st.text(max_size=40), max_size=7), max_size=8),
)
def test_csv_with_any_columns(header: list[str], rows: list[list[str]]):
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    assert_well_formed(load_bytes("any.csv", out.getvalue().encode("utf-8")))


@FAST
@given(
    value=st.one_of(
        st.text(max_size=30),
        st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31)).map(str),
        st.datetimes().map(lambda d: d.isoformat()),
        st.integers(),
        st.none(),
    )
)
def test_any_date_in_a_batch_row(value):
    results = load_bytes("d.jsonl", json.dumps({"text": "Talks resumed on Monday.", "date": value}).encode())
    assert_well_formed(results)
    assert results[0].name == "d.jsonl line 1"


@FAST
@given(name=st.text(max_size=300))
def test_any_file_name(name: str):
    safe = safe_name(name)
    assert safe and len(safe) <= 120
    assert "/" not in safe and "\\" not in safe and safe not in (".", "..")
    assert not any(ord(ch) < 32 or ch in "\u2028\u2029\x7f" for ch in safe)
    assert_well_formed(load_bytes(name, b"Talks resumed."))


def test_file_count_limit_message(monkeypatch):
    from stance.ingest import too_many_files

    monkeypatch.setenv("STANCE_MAX_BATCH_FILES", "3")
    assert too_many_files(3) is None
    message = too_many_files(4)
    assert "4 files" in message and "3" in message and "smaller groups" in message
