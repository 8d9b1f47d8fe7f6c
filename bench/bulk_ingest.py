"""Bulk ingest speed and memory: N synthetic articles through `stance ingest`'s code, with the real models.

    python bench/bulk_ingest.py --articles 5000 [--format jsonl|folder] [--batch-size 32] [--database URL]

Writes N articles made from templates (a JSONL feed, or a folder of .txt files) to a
temporary folder, ingests them into a fresh SQLite file (or --database) and prints
articles/s and peak memory (resource.getrusage). The resident memory is printed at each
tenth of the run: it should stay flat however large N is, because the input is streamed.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

from stance import bulk
from stance.pipeline import Pipeline
from stance.store import Store

SPEAKERS = [
    ("Vladimir Putin", "he"),
    ("Dmitry Peskov", "he"),
    ("Sergei Lavrov", "he"),
    ("Maria Zakharova", "she"),
    ("Volodymyr Zelensky", "he"),
    ("Andrii Sybiha", "he"),
    ("Marco Rubio", "he"),
    ("Steve Witkoff", "he"),
    ("Donald Trump", "he"),
    ("Karoline Leavitt", "she"),
    ("Benjamin Netanyahu", "he"),
    ("Israel Katz", "he"),
]
PLACES = ["Istanbul", "Riyadh", "Geneva", "Doha", "Cairo", "Jeddah", "Vienna", "Oslo"]
FAVOR = [
    "we are ready to sign a ceasefire as soon as the other side is",
    "the talks in {place} were constructive and a deal is within reach",
    "a lasting peace is possible if both delegations keep meeting",
]
AGAINST = [
    "there will be no ceasefire until our conditions are met in full",
    "the talks in {place} are a trap and we will not be fooled",
    "negotiations are pointless while the shelling goes on",
]
NEUTRAL = [
    "the delegation would arrive in {place} on Tuesday",
    "the meeting lasted about three hours",
    "a statement would be published later in the week",
]


def make_article(number: int, rng: random.Random) -> dict:
    """A wire-style article of 5-8 paragraphs, most with an attributed statement; unique by its number."""
    place = rng.choice(PLACES)
    paragraphs = [f"Officials gathered in {place} on day {number} of the latest round of talks, report {number}."]
    for _ in range(rng.randint(4, 7)):
        (speaker, pronoun), claim = (
            rng.choice(SPEAKERS),
            rng.choice(rng.choice([FAVOR, AGAINST, NEUTRAL])).format(place=place),
        )
        style = rng.randrange(3)
        if style == 0:
            paragraphs.append(f'"{claim[0].upper()}{claim[1:]}," {speaker} told reporters in {place}.')
        elif style == 1:
            paragraphs.append(
                f"{speaker} said that {claim}. {pronoun.capitalize()} added that more meetings were planned."
            )
        else:
            paragraphs.append(
                f"Diplomats in {place} said {rng.randint(2, 40)} officials attended the session on day {number}."
            )
    return {
        "title": f"Talks in {place}, day {number}",
        "date": f"2025-{1 + number % 12:02d}-{1 + number % 28:02d}",
        "source": "Bench Wire",
        "text": "\n\n".join(paragraphs),
    }


def write_input(folder: Path, count: int, form: str) -> list[Path]:
    rng = random.Random(13)
    if form == "jsonl":
        feed = folder / "feed.jsonl"
        with feed.open("w", encoding="utf-8") as out:
            for number in range(count):
                out.write(json.dumps(make_article(number, rng)) + "\n")
        return [feed]
    articles = folder / "articles"
    articles.mkdir()
    for number in range(count):
        row = make_article(number, rng)
        (articles / f"{number:06d}.txt").write_text(
            f"{row['title']}\n\n{row['date']}\n\n{row['text']}\n", encoding="utf-8"
        )
    return sorted(articles.iterdir())


def rss_mb() -> float:
    """Resident memory now (Linux), else the peak so far."""
    try:
        pages = int(Path("/proc/self/statm").read_text().split()[1])
        return pages * resource.getpagesize() / 2**20
    except OSError:
        return peak_mb()


def peak_mb() -> float:
    scale = 1 if sys.platform == "darwin" else 1024  # bytes on macOS, KiB on Linux
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * scale / 2**20


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=5000)
    parser.add_argument("--format", choices=["jsonl", "folder"], default="jsonl")
    parser.add_argument("--batch-size", type=int, default=bulk.DEFAULT_BATCH_SIZE)
    parser.add_argument("--database", help="SQLAlchemy URL of an empty store (default: a temporary SQLite file)")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="stance-bench-") as folder:
        paths = write_input(Path(folder), args.articles, args.format)
        size = sum(p.stat().st_size for p in paths)
        print(f"{args.articles} synthetic articles as {args.format}: {size / 2**20:.1f} MB")
        started = time.perf_counter()
        pipeline = Pipeline.load()
        print(f"models loaded in {time.perf_counter() - started:.1f} s; resident {rss_mb():.0f} MB")
        store = Store(args.database or f"sqlite:///{folder}/bench.db")

        counts = {"stored": 0, "duplicate": 0, "rejected": 0}
        statements = 0
        step = max(1, args.articles // 10)
        started = time.perf_counter()
        for done, outcome in enumerate(bulk.ingest(pipeline, store, paths, batch_size=args.batch_size), start=1):
            counts[outcome.status] += 1
            statements += outcome.statements
            if done % step == 0:
                elapsed = time.perf_counter() - started
                print(
                    f"{done:7d} articles  {elapsed:7.1f} s  {done / elapsed:6.1f} articles/s  resident {rss_mb():.0f} MB",
                    flush=True,
                )
        elapsed = time.perf_counter() - started

    done = sum(counts.values())
    print(
        f"{done} articles ({counts['stored']} stored, {counts['duplicate']} duplicate, {counts['rejected']} rejected; "
        f"{statements} statements) in {elapsed:.1f} s: {done / elapsed:.1f} articles/s, {statements / elapsed:.1f} statements/s"
    )
    print(f"peak memory (ru_maxrss): {peak_mb():.0f} MB")


if __name__ == "__main__":
    main()
