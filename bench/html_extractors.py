"""Which reader should read uploaded .html files: the built-in one (BeautifulSoup over <article>/<main>)
or trafilatura (with htmldate), the one pages fetched by URL go through? (It measured better: uploads
now use trafilatura, with the built-in reader as its fallback; this script keeps the comparison.)

For every HTML fixture we have (the sample articles' .html files and the pages the ingest and fetch
tests build), both readers run through the same cleaning; the script prints per page whether title,
date and source agree, the paragraphs only one of them kept, and for the sample articles what the
full pipeline finds: statements, and the expected actors (tests/data/sample_expectations.json)
found with the expected stance.

    python bench/html_extractors.py [--no-models]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from difflib import SequenceMatcher
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from ingest_files import make_html  # noqa: E402
from local_web import article_page, div_soup_page  # noqa: E402
from stance.config import SAMPLE_DIR  # noqa: E402
from stance.ingest import load_document, load_web_page  # noqa: E402
from stance.ingest.readers import decode_text, html_document  # noqa: E402


def fixtures() -> dict[str, bytes]:
    pages = {path.name: path.read_bytes() for path in sorted(SAMPLE_DIR.glob("*.html"))}
    pages["test_ingest: page furniture"] = make_html(
        "<header><h1>Ministers Agree Talks Timetable</h1><p>Share this</p></header>"
        "<p>VIENNA -- Foreign ministers agreed on Friday on a timetable for further talks.</p>"
        '<blockquote><p>"This is a real step forward," the chair said.</p></blockquote>'
        "<p>Officials said the next round would open in April.</p>",
        title="Ministers Agree Talks Timetable | Danube Post",
        meta={
            "og:title": "Ministers Agree Talks Timetable",
            "og:site_name": "Danube Post",
            "article:published_time": "2025-02-14T09:30:00Z",
        },
    )
    pages["test_ingest: title tag and <time>"] = (
        "<html><head><title>Truce Extended – Harbour Times</title>"
        '<meta property="og:site_name" content="Harbour Times"></head>'
        '<body><main><time datetime="2025-05-02">2 May</time>'
        "<p>The truce was extended by a week, officials said on Friday.</p></main></body></html>"
    ).encode()
    pages["test_ingest: one paragraph"] = make_html(
        "<p>Talks resumed on Monday.</p>", meta={"article:published_time": "2025-02-14"}
    )
    import test_fetch

    pages["test_fetch: JSON-LD article"] = article_page(
        test_fetch.PARAGRAPHS, title=test_fetch.TITLE, published="2025-05-16T09:30:00Z", site="Harbor Press"
    ).encode()
    pages["test_fetch: page of nested <div>s"] = div_soup_page(
        test_fetch.PARAGRAPHS, title=test_fetch.TITLE, site="Harbor Press"
    ).encode()
    return pages


def paragraphs(text: str) -> list[str]:
    return [p.strip() for p in text.split("\n\n") if p.strip()]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--no-models", action="store_true", help="compare texts only; do not run attribution and the classifier"
    )
    args = parser.parse_args()
    expected = json.loads((ROOT / "tests" / "data" / "sample_expectations.json").read_text())
    pipeline = None
    if not args.no_models:
        from stance.pipeline import Pipeline

        pipeline = Pipeline.load()
    totals = {"built-in": [0, 0], "trafilatura": [0, 0]}  # expected actors found with the right label, of all expected
    for name, data in fixtures().items():
        started = time.perf_counter()
        old = load_document(name, html_document(decode_text(name, data)))  # the plain reader alone
        middle = time.perf_counter()
        new = load_web_page(name, data)
        ended = time.perf_counter()
        print(
            f"\n== {name}  (read and cleaned in {1000 * (middle - started):.0f} ms / {1000 * (ended - middle):.0f} ms)"
        )
        if old.article is None or new.article is None:
            print(f"   built-in: {old.error or 'ok'}\n   trafilatura: {new.error or 'ok'}")
            continue
        a, b = old.article, new.article
        for field in ("title", "published", "source"):
            same = getattr(a, field) == getattr(b, field)
            print(
                f"   {field:9} {'same' if same else 'DIFFERS'}: {getattr(a, field)!r}"
                + ("" if same else f" / {getattr(b, field)!r}")
            )
        pa, pb = paragraphs(a.text), paragraphs(b.text)
        ratio = SequenceMatcher(None, a.text, b.text, autojunk=False).ratio()
        print(f"   text similarity {ratio:.3f}; paragraphs {len(pa)} / {len(pb)}; chars {len(a.text)} / {len(b.text)}")
        for p in pa:
            if p not in pb:
                print(f"   - only built-in:    {p[:110]}")
        for p in pb:
            if p not in pa:
                print(f"   + only trafilatura: {p[:110]}")
        if pipeline is None or name not in expected:
            continue
        for label, article in (("built-in", a), ("trafilatura", b)):
            analysis = pipeline.analyze(article)
            from stance.pipeline import analysis_json

            found = {actor["actor"]: actor["label"] for actor in analysis_json(analysis)["actors"]}
            right = sum(found.get(actor) == stance for actor, stance in expected[name].items())
            totals[label][0] += right
            totals[label][1] += len(expected[name])
            print(
                f"   {label:11} {len(analysis.statements)} statements; expected actors with the expected stance {right}/{len(expected[name])}"
            )
    if pipeline is not None:
        for label, (right, total) in totals.items():
            print(f"\n{label}: expected actors with the expected stance on the sample .html files {right}/{total}")


if __name__ == "__main__":
    main()
