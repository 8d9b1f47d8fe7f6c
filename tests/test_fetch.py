"""Fetching pages by URL against a real HTTP server on 127.0.0.1: articles, charsets, errors, limits,
redirects, conditional GET, and the guard that keeps fetches off loopback and private addresses."""

from __future__ import annotations

import time
from datetime import date

import pytest

from local_web import LocalWeb, article_page
from stance.fetch import (
    FetchError,
    Refused,
    article_from_html,
    fetch_article,
    fetch_url,
    forbidden_reason,
    guarded_client,
    is_page,
    load_url,
)

PARAGRAPHS = [
    "ISTANBUL -- Russian and Ukrainian delegations met face to face on Friday for the first time since the spring of 2022, "
    "agreeing to exchange 1,000 prisoners each but making no progress toward a ceasefire.",
    "Opening the session, Turkish Foreign Minister Hakan Fidan told the two sides that the world was watching. "
    "\u201cEvery day without a ceasefire costs lives on both sides,\u201d he said.",
    "\u201cWe came here to stop the killing,\u201d Rustem Umerov told reporters after the session. "
    "\u201cWe got agreement on the exchange, and we are ready to keep talking on that basis.\u201d",
]
TITLE = "Russia and Ukraine agree prisoner swap in Istanbul, but no ceasefire"
RUSSIAN = [
    "Министр иностранных дел заявил во вторник, что мирные переговоры с Украиной могут возобновиться только после полного "
    "прекращения огня на всей линии фронта.",
    "По его словам, Москва готова к диалогу, но не примет условий, навязанных Западом, и продолжит добиваться своих целей.",
    "Представитель Кремля добавил, что новая встреча делегаций в Стамбуле пока не назначена и сроки её проведения обсуждаются.",
]


@pytest.fixture(scope="module")
def web():
    server = LocalWeb()
    page = article_page(PARAGRAPHS, title=TITLE, published="2025-05-16T09:30:00Z", site="Harbor Press").encode()
    server.route("/news/istanbul", body=page)
    server.route("/moved", status=302, location="/news/istanbul")
    server.route(
        "/ru",
        body=article_page(
            RUSSIAN, title="Переговоры в Стамбуле", published="2025-05-20", charset="windows-1251"
        ).encode("cp1251"),
        content_type="text/html",
    )  # the charset is declared in the page only
    latin = article_page(
        [
            "Z\u00fcrich \u2014 no: the caf\u00e9 owner in Z\u00fcrich said the talks would go on, \u00e0 la mani\u00e8re of Geneva."
        ]
        * 3,
        title="Caf\u00e9 talks in Z\u00fcrich",
        charset="utf-8",
    )  # the page lies; the header wins
    server.route(
        "/latin", body=latin.replace("\u2014", "-").encode("latin-1"), content_type="text/html; charset=ISO-8859-1"
    )
    server.route("/error", status=500, body=b"<h1>oops</h1>")
    server.route("/slow", delay_s=3, body=page)
    server.route("/huge", body=b"<p>" + b"x" * 2_000_000 + b"</p>")
    server.route("/huge-unsized", body=b"<p>" + b"x" * 2_000_000 + b"</p>", no_length=True)
    server.route("/loop-a", status=302, location="/loop-b")
    server.route("/loop-b", status=302, location="/loop-a")
    server.route("/to-metadata", status=302, location="http://169.254.169.254/latest/meta-data/")
    server.route("/to-intranet", status=301, location="http://10.20.30.40/admin")
    server.route("/to-file", status=302, location="file:///etc/passwd")
    server.route("/etag", body=page, etag='"v1"', headers={"Last-Modified": "Fri, 16 May 2025 09:30:00 GMT"})
    server.route("/report.pdf", body=b"%PDF-1.4 ...", content_type="application/pdf")
    yield server
    server.close()


@pytest.fixture
def allow_local(monkeypatch):
    monkeypatch.setenv("STANCE_ALLOW_PRIVATE_URLS", "1")


def test_an_article_page_gives_its_main_text_title_json_ld_date_and_site(web, allow_local):
    article = fetch_article(web.url("/news/istanbul"))
    assert article.title == TITLE
    assert (article.published, article.date_source) == (
        date(2025, 5, 16),
        "metadata",
    )  # JSON-LD datePublished (htmldate)
    assert article.source == "Harbor Press"
    assert article.url == web.url("/news/istanbul") and article.language == "en"
    assert "Every day without a ceasefire costs lives" in article.text and "stop the killing" in article.text
    for furniture in ("Subscribe", "Most read", "Celebrity wedding", "All rights reserved", "Privacy"):
        assert furniture not in article.text


def test_a_redirect_is_followed_and_the_final_address_kept(web, allow_local):
    result = fetch_url(web.url("/moved"))
    assert (result.status, result.url, result.final_url) == (200, web.url("/moved"), web.url("/news/istanbul"))
    assert fetch_article(web.url("/moved")).url == web.url("/news/istanbul")


def test_the_declared_charset_is_honoured_in_the_page_and_in_the_header(web, allow_local):
    russian = fetch_article(web.url("/ru"))  # windows-1251, declared by <meta charset> only
    assert "мирные переговоры" in russian.text and russian.title == "Переговоры в Стамбуле"
    assert russian.language == "ru"
    latin = fetch_url(web.url("/latin"))
    assert latin.encoding == "ISO-8859-1"
    article = article_from_html(
        latin.body, url=latin.final_url, encoding=latin.encoding
    )  # the header wins over <meta charset="utf-8">
    assert "caf\u00e9 owner in Z\u00fcrich" in article.text and "\ufffd" not in article.text


@pytest.mark.parametrize(
    "path, status, words", [("/missing", 404, "does not exist"), ("/error", 500, "try again later")]
)
def test_an_http_error_names_the_url_and_the_status(web, allow_local, path, status, words):
    with pytest.raises(FetchError) as caught:
        fetch_url(web.url(path))
    assert caught.value.status == status and web.url(path) in str(caught.value)
    assert f"HTTP {status}" in str(caught.value) and words in str(caught.value)


def test_a_slow_server_times_out(web, allow_local):
    started = time.perf_counter()
    with pytest.raises(FetchError, match="did not answer within 0.5 s"):
        fetch_url(web.url("/slow"), timeout=0.5)
    assert time.perf_counter() - started < 2.5


@pytest.mark.parametrize("path", ["/huge", "/huge-unsized"])  # refused by its Content-Length, or while streaming
def test_an_oversize_body_is_not_read(web, allow_local, path):
    with pytest.raises(FetchError, match="larger than 1 MB"):
        fetch_url(web.url(path), max_bytes=1_000_000)


def test_a_redirect_loop_stops(web, allow_local):
    with pytest.raises(FetchError, match=r"redirected more than 5 times \(a redirect loop\)"):
        fetch_url(web.url("/loop-a"))


def test_a_redirect_to_another_scheme_is_refused(web, allow_local):
    with pytest.raises(FetchError, match="not an http"):
        fetch_url(web.url("/to-file"))


@pytest.mark.parametrize(
    "path, what",
    [("/to-metadata", "169.254.169.254 is a link-local address"), ("/to-intranet", "10.20.30.40 is a private address")],
)
def test_a_redirect_to_a_private_address_is_refused(web, monkeypatch, path, what):
    monkeypatch.setenv(
        "STANCE_ALLOW_PRIVATE_URLS", "127.0.0.1"
    )  # the test server only: every other private address stays closed
    with pytest.raises(FetchError) as caught:
        fetch_url(web.url(path), timeout=3)
    assert (
        what in str(caught.value)
        and "redirected to" in str(caught.value)
        and "STANCE_ALLOW_PRIVATE_URLS" in str(caught.value)
    )


def test_conditional_get_answers_not_modified(web, allow_local):
    first = fetch_url(web.url("/etag"))
    assert first.headers["etag"] == '"v1"' and first.headers["last-modified"].startswith("Fri, 16 May 2025")
    again = fetch_url(web.url("/etag"), etag=first.headers["etag"], last_modified=first.headers["last-modified"])
    assert again.not_modified and again.status == 304 and again.body == b""
    path, headers = web.requests[-1]
    assert (
        path == "/etag"
        and headers["if-none-match"] == '"v1"'
        and headers["if-modified-since"] == first.headers["last-modified"]
    )


def test_a_file_that_is_not_a_page_is_refused_by_name(web, allow_local):
    with pytest.raises(FetchError, match="not a web page but application/pdf"):
        fetch_article(web.url("/report.pdf"))
    result = load_url(web.url("/missing"))
    assert result.article is None and result.name == web.url("/missing") and "HTTP 404" in result.error


# ----- the guard, without the override ----------------------------------------------------------------
@pytest.mark.parametrize(
    "host, what",
    [
        ("127.0.0.1", "loopback"),
        ("10.1.2.3", "private"),
        ("169.254.169.254", "link-local"),
        ("[::1]", "loopback"),
        ("[::ffff:127.0.0.1]", "loopback"),
        ("0.0.0.0", "unspecified"),
        ("localhost", "localhost resolves to"),
    ],
)
def test_the_guard_refuses_loopback_and_private_addresses(web, monkeypatch, host, what):
    monkeypatch.delenv("STANCE_ALLOW_PRIVATE_URLS", raising=False)
    before = len(web.requests)
    with pytest.raises(FetchError) as caught:
        fetch_url(f"http://{host}:{web.port}/news/istanbul", timeout=3)
    assert "was refused" in str(caught.value) and what in str(caught.value)
    assert caught.value.refused and not caught.value.may_pass  # asking again gives the same answer
    assert len(web.requests) == before  # refused before any connection: the server saw nothing


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "ftp://example.org/a.txt",
        "gopher://example.org/",
        "http:///nohost",
        "https://user:pw@example.org/",
    ],
)
def test_only_plain_http_and_https_addresses_are_fetched(url):
    with pytest.raises(FetchError) as caught:
        fetch_url(url, allow_private=False)
    assert caught.value.refused and not caught.value.may_pass


@pytest.mark.parametrize(
    "address, refused",
    [
        ("8.8.8.8", False),
        ("2606:4700:4700::1111", False),
        ("127.0.0.53", True),
        ("10.0.0.1", True),
        ("172.16.5.4", True),
        ("192.168.1.1", True),
        ("169.254.169.254", True),
        ("100.64.0.1", True),
        ("224.0.0.1", True),
        ("240.0.0.1", True),
        ("0.0.0.0", True),
        ("::", True),
        ("::1", True),
        ("fe80::1", True),
        ("fc00::1", True),
        ("ff02::1", True),
        ("::ffff:10.0.0.1", True),
        ("::ffff:8.8.8.8", False),
        ("2002:7f00:1::", True),  # 6to4 wrapping 127.0.0.1
    ],
)
def test_which_addresses_are_refused(address, refused):
    assert (forbidden_reason(address) is not None) is refused


def test_an_allowlist_opens_only_the_networks_it_names(web, monkeypatch):
    monkeypatch.setenv("STANCE_ALLOW_PRIVATE_URLS", "10.0.0.0/8, 127.0.0.1/32")
    assert fetch_url(web.url("/news/istanbul")).status == 200
    monkeypatch.setenv("STANCE_ALLOW_PRIVATE_URLS", "10.0.0.0/8")
    with pytest.raises(FetchError, match="loopback"):
        fetch_url(web.url("/news/istanbul"))
    monkeypatch.setenv("STANCE_ALLOW_PRIVATE_URLS", "intranet")
    with pytest.raises(FetchError, match="STANCE_ALLOW_PRIVATE_URLS must be 1"):
        fetch_url(web.url("/news/istanbul"))


# ----- the guard for other modules: a client, and the page check ---------------------------------------------
def test_the_guarded_client_refuses_private_addresses_unless_allowed(web, monkeypatch):
    monkeypatch.delenv("STANCE_ALLOW_PRIVATE_URLS", raising=False)
    before = len(web.requests)
    with guarded_client(timeout=3) as client, pytest.raises(Refused, match="127.0.0.1 is a loopback address"):
        client.get(web.url("/news/istanbul"))
    assert len(web.requests) == before
    monkeypatch.setenv("STANCE_ALLOW_PRIVATE_URLS", "1")
    with guarded_client(timeout=3) as client:
        moved = client.get(web.url("/moved"))
    assert moved.status_code == 302  # redirects are the caller's to follow (and check), never followed blindly
    monkeypatch.setenv("STANCE_ALLOW_PRIVATE_URLS", "intranet")
    with pytest.raises(ValueError, match="STANCE_ALLOW_PRIVATE_URLS must be 1"):
        guarded_client(timeout=3)


@pytest.mark.parametrize(
    "content_type, page",
    [
        ("text/html; charset=UTF-8", True),
        ("TEXT/HTML", True),
        ("application/xhtml+xml", True),
        (None, True),
        ("", True),
        ("application/pdf", False),
        ("application/rss+xml", False),
        ("image/png", False),
        ("text/plain", False),
    ],
)
def test_is_page_reads_the_media_type_only(content_type, page):
    assert is_page(content_type) is page


def test_http_errors_say_whether_trying_again_may_help(web, allow_local):
    for path, may_pass in (("/missing", False), ("/error", True)):
        with pytest.raises(FetchError) as caught:
            fetch_url(web.url(path))
        assert (caught.value.refused, caught.value.may_pass) == (False, may_pass)
