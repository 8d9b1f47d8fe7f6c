"""`stance watch` speed and memory: feed items fetched, read, analysed and stored, then many polls with nothing new.

    python bench/watch_feeds.py [--items 200] [--feeds 4] [--polls 1000]

A local HTTP server (tests/feed_server.py) serves `--feeds` RSS 2.0 feeds holding `--items` synthetic
articles (bench/bulk_ingest.py's) as web pages. Part 1 polls every feed once with the real models into a
fresh SQLite store and prints items/s: fetch, extraction, language, attribution, classifier and store,
one item at a time as the watcher does (the per-host gap is 0 here; on real sites it is
STANCE_FEED_HOST_GAP_S per request). Part 2 polls the same feeds `--polls` times in all; they answer in
full every time (no ETag, the costlier case: each poll parses the whole feed and finds every item
taken) and prints the resident memory every tenth of the way: it should stay flat.
"""

from __future__ import annotations

import argparse
import html
import os
import random
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent / "tests")]
os.environ.setdefault("STANCE_ALLOW_PRIVATE_URLS", "1")
os.environ.setdefault("STANCE_FEED_HOST_GAP_S", "0")

from bulk_ingest import make_article, peak_mb, rss_mb  # noqa: E402

from feed_server import FeedServer, Item, rss20  # noqa: E402
from stance.bulk import LazyPipeline  # noqa: E402
from stance.pipeline import Pipeline  # noqa: E402
from stance.store import Store  # noqa: E402
from stance.watch import Watcher, add_feed, list_feeds  # noqa: E402


def page(row: dict) -> str:
    paragraphs = "".join(f"<p>{html.escape(p)}</p>" for p in row["text"].split("\n\n"))
    return (
        f"<!doctype html><html lang='en'><head><title>{html.escape(row['title'])}</title></head><body><nav><a href='/'>Home</a></nav>"
        f"<article><h1>{html.escape(row['title'])}</h1>{paragraphs}</article><footer>Bench Wire</footer></body></html>"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=200)
    parser.add_argument("--feeds", type=int, default=4)
    parser.add_argument("--polls", type=int, default=1000)
    args = parser.parse_args()
    os.environ["STANCE_FEED_MAX_ITEMS"] = str(args.items)
    rng = random.Random(13)

    with FeedServer() as server, tempfile.TemporaryDirectory(prefix="stance-bench-") as folder:
        feeds: dict[int, list[Item]] = {n: [] for n in range(args.feeds)}
        for number in range(args.items):
            row = make_article(number, rng)
            server.page(f"/news/{number}", page(row))
            when = f"{['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'][number % 7]}, {row['date'][8:]} Jan 2025 10:00:00 GMT"
            feeds[number % args.feeds].append(
                Item(f"urn:bench:{number}", server.url(f"/news/{number}"), row["title"], date=when)
            )
        store = Store(f"sqlite:///{folder}/bench.db")
        for n, items in feeds.items():
            server.feed(f"/feed{n}.xml", rss20(items))
            add_feed(store, server.url(f"/feed{n}.xml"))

        started = time.perf_counter()
        pipeline = Pipeline.load()
        print(f"models loaded in {time.perf_counter() - started:.1f} s; resident {rss_mb():.0f} MB")
        watcher = Watcher(store, LazyPipeline(lambda: pipeline))
        results = []
        started = time.perf_counter()
        watcher.run(once=True, report=results.append)
        elapsed = time.perf_counter() - started
        stored = sum(r.count("stored") for r in results)
        statements = sum(o.statements for r in results for o in r.items)
        others = {s: sum(r.count(s) for r in results) for s in ("duplicate", "rejected", "failed")}
        print(
            f"part 1: {args.items} feed items in {elapsed:.1f} s: {args.items / elapsed:.2f} items/s ({stored} stored, {others}; "
            f"{statements} statements, {statements / elapsed:.1f} statements/s); resident {rss_mb():.0f} MB"
        )

        polls, step = 0, max(1, args.polls // 10)
        started = time.perf_counter()
        while polls < args.polls:
            for feed in list_feeds(store):
                result = watcher.poll(feed.id)
                assert result.status == "ok" and not result.items, result.line()
                polls += 1
                if polls % step == 0:
                    print(
                        f"{polls:6d} polls  {time.perf_counter() - started:7.1f} s  resident {rss_mb():.0f} MB",
                        flush=True,
                    )
                if polls >= args.polls:
                    break
        elapsed = time.perf_counter() - started
        print(
            f"part 2: {polls} polls of feeds with {args.items // args.feeds} items each, nothing new: {elapsed / polls * 1000:.0f} ms per poll"
        )
        print(f"peak memory (ru_maxrss): {peak_mb():.0f} MB")


if __name__ == "__main__":
    main()
