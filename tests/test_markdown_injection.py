"""Markdown injection (security review): titles, sources, URLs, affiliations, actor names and file names
with Markdown links, remote images, LaTeX and HTML are shown as the text they are, on every page.

Each page is run with AppTest over a store made of such text; every element Streamlit would render as
Markdown (headers, captions, markdown, alerts, progress text, expander, tab and metric labels) is
rendered here with a CommonMark parser, and none may hold a link or image to the attacker's host, raw
HTML from the data, a maths span, or a bare address GFM would turn into a link.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from markdown_it import MarkdownIt
from streamlit.testing.v1 import AppTest

from stance.pipeline import Outcome
from stance.records import Actor, Analysis, Article, Prediction, ScoredStatement, Statement
from stance.store import Store
from stance.store.errors import StoreUnavailable

APP = str(Path(__file__).resolve().parent.parent / "dashboard" / "app.py")
EVIL = "evil.example"
HOSTILE = f"![seen](https://{EVIL}/pixel.png) [click](https://{EVIL}/x) $x^2$ <img src=https://{EVIL}/i.png> **bold** www.{EVIL}"
TITLE = f"Talks resume {HOSTILE}"
SOURCE = f"Wire {HOSTILE}"[:200]
URL = f"javascript:alert(1)//[u](https://{EVIL}/u.png) $y$"  # not http(s): shown as text, not as a link
SPEAKER = f"Envoy ![a](https://{EVIL}/a.png) $a$ <b>x</b>"
OTHER = f"Minister [m](https://{EVIL}/m) <i>y</i>"
FILE_NAME = f"![f](https://{EVIL}/f.png) $f$ <img src=x>.txt"

_MARKDOWN = MarkdownIt("commonmark").enable(["table", "strikethrough"])
_TAG = re.compile(r"<(a|img|b|i|script|iframe|svg)\b[^>]*>", re.I)


def _analysis(number: int, text: str, speaker: str, title: str, source: str, url: str | None) -> Analysis:
    # Top probability 0.5: under the abstention threshold, so the statements are on the Review page too.
    statement = Statement(speaker=speaker, text=text, quote=text[:40], start=0, end=40, kind="reported", cue="say")
    return Analysis(
        article=Article(
            text=text,
            title=title,
            published=date(2025, 3, number),
            date_source="given",
            source=source,
            url=url,
            file_name=FILE_NAME,
        ),
        statements=[ScoredStatement(statement, Prediction("FAVOR", {"FAVOR": 0.5, "AGAINST": 0.3, "NONE": 0.2}))],
        actors={speaker: Actor(name=speaker, kind="person", affiliation=HOSTILE)},
        model_version="test-v1",
    )


@pytest.fixture
def hostile_url(tmp_path) -> str:
    url = f"sqlite:///{tmp_path / 'hostile.db'}"
    store = Store(url)
    for number in range(1, 6):
        store.save_analysis(
            _analysis(
                number, f"{SPEAKER} said on day {number} that talks could resume soon.", SPEAKER, TITLE, SOURCE, URL
            ),
            f"a{number}",
        )
    store.save_analysis(
        _analysis(8, "The minister said talks could resume within days.", OTHER, TITLE, SOURCE, None), "b"
    )
    store.save_analysis(
        _analysis(9, "A third speaker said the talks were a trap.", "Third Speaker", TITLE, SOURCE, None), "c"
    )
    statements = store.statements()
    third = int(statements.loc[statements["actor"] == "Third Speaker", "statement_id"].iloc[0])
    store.correct(third, "speaker", OTHER, analyst="ana")
    store.correct(third, "label", "AGAINST", analyst=f"ana {HOSTILE}"[:100])
    store.rename_actor("Third Speaker", f"Third ![r](https://{EVIL}/r.png)")
    store.merge_actors(f"Third ![r](https://{EVIL}/r.png)", OTHER)
    return url


def _texts(at: AppTest) -> list[tuple[str, str, bool]]:
    """(kind, markdown source, whether HTML is allowed) of everything on the page Streamlit renders as Markdown."""
    found = []
    for kind in (
        "markdown",
        "caption",
        "header",
        "subheader",
        "title",
        "info",
        "warning",
        "error",
        "success",
        "toast",
        "exception",
    ):
        for element in at.get(kind):
            value = getattr(element, "value", None)
            if isinstance(value, str):
                found.append((kind, value, bool(getattr(element.proto, "allow_html", False))))
    for kind in ("expander", "tab", "metric", "status", "popover"):
        for element in at.get(kind):
            label = getattr(element, "label", None) or getattr(element.proto, "label", None)
            if isinstance(label, str):
                found.append((kind, label, False))
    for element in at.get("progress"):
        found.append(("progress", element.proto.text, False))
    return found


def _assert_inert(at: AppTest) -> list[str]:
    assert not at.exception, at.exception
    texts = _texts(at)
    for kind, source, html_allowed in texts:
        rendered = _MARKDOWN.render(source)
        tags = [m.group(0) for m in _TAG.finditer(rendered)]
        if (
            html_allowed
        ):  # our own markup (dashboard/safe.py): only links and marks we built, never to the attacker's host
            assert not [t for t in tags if EVIL in t], (kind, source)
        else:
            assert not [t for t in tags if not t.lower().startswith(("<b>", "<i>")) or EVIL in t], (
                kind,
                source,
                rendered,
            )
            assert not re.search(
                rf"(?<!\\)(https?|ftp|javascript):(?=//)|(?<![\\\w.])www\.{re.escape(EVIL)}", source
            ), (kind, source)
        assert not re.search(r"(?<!\\)\$", source), (kind, source)  # a maths span needs a bare $
    return [source for _, source, _ in texts]


def _app(monkeypatch, url: str) -> AppTest:
    monkeypatch.setenv("STANCE_DATABASE_URL", url)
    return AppTest.from_file(APP, default_timeout=120)


def _shown(sources: list[str], *needles: str) -> None:
    """The hostile text is on the page (escaped), so the checks above were not vacuous."""
    joined = "\n".join(sources)
    for needle in needles:
        assert needle in joined, (needle, joined[:2000])


def test_overview_actors_and_articles_show_hostile_text_as_text(monkeypatch, hostile_url):
    at = _app(monkeypatch, hostile_url).run()
    _assert_inert(at)
    at.switch_page("views/actors.py").run()
    names = at.selectbox(key="actor_pick").options
    at.selectbox(key="actor_pick").set_value(next(n for n in names if n.startswith("Envoy"))).run()
    _shown(_assert_inert(at), "pixel.png")  # the affiliation
    store = Store(hostile_url)
    article_id = int(store.articles()["id"].iloc[-1])
    at.session_state["open_article"] = article_id
    at.switch_page("views/articles.py").run()
    shown = _assert_inert(at)
    _shown(shown, "Talks resume", "Wire", "u.png")  # title (header), source and URL (captions)
    assert at.header[0].value.startswith("Talks resume !\\[seen\\]")


def test_manage_review_and_briefing_show_hostile_text_as_text(monkeypatch, hostile_url):
    at = _app(monkeypatch, hostile_url).run()
    at.switch_page("views/manage.py").run()
    shown = _assert_inert(at)
    names = at.selectbox(key="mg_actor").options
    at.selectbox(key="mg_actor").set_value(next(n for n in names if n.startswith("Envoy"))).run()
    shown += _assert_inert(at)
    _shown(shown, "a.png", "pixel.png", "r.png")  # actor names, affiliation, the merge and the rename
    for page in ("views/review.py", "views/briefing.py"):
        at.switch_page(page).run()
        _assert_inert(at)


def test_correction_caption_shows_the_title_as_text(monkeypatch, hostile_url):
    at = _app(monkeypatch, hostile_url).run()
    at.switch_page("views/actors.py").run()
    names = at.selectbox(key="actor_pick").options
    at.selectbox(key="actor_pick").set_value(next(n for n in names if n.startswith("Envoy"))).run()
    _shown(_assert_inert(at), "article: Talks resume")


def test_upload_shows_a_hostile_file_name_as_text_in_the_progress_bar_and_outcomes(monkeypatch, tmp_path):
    class Pipeline:
        calls = 0

        def ingest_bytes(self, store, name, data, **overrides):
            Pipeline.calls += 1
            if Pipeline.calls > 1:
                raise StoreUnavailable("connection refused")  # the bar keeps the second file's name
            return [Outcome(name, "rejected", f"{name} could not be read")]

    monkeypatch.setattr("dashboard.state.pipeline", lambda: Pipeline())
    at = _app(monkeypatch, f"sqlite:///{tmp_path / 'up.db'}").run()
    at.switch_page("views/upload.py").run()
    second = f"[two](https://{EVIL}/2) $2$.txt"
    at.file_uploader(key="up_files").set_value(
        [(FILE_NAME, b"text one", "text/plain"), (second, b"text two", "text/plain")]
    ).run()
    at.button(key="up_go").click().run()
    shown = _assert_inert(at)
    _shown(shown, "f.png", "two", "The database is unreachable")
    assert any("Analysing \\[two\\]" in e.proto.text for e in at.get("progress"))
