"""Attribution speed on a ~1,500-word article, models loaded.

Builds the article by joining gold-set articles (data/attribution/*.json) until it reaches
about 1,500 words, runs one warm-up, then times Attributor.attribute() several times and
prints the median. The budget is 0.5 s on a 2-core machine; the machine may be shared, so the
median of several runs is the figure to compare.

    python bench/attribution_speed.py [--words 1500] [--runs 5]
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from pathlib import Path

GOLD_DIR = Path(__file__).resolve().parent.parent / "data" / "attribution"


def build_article(target_words: int) -> str:
    """Paragraphs of the gold articles, in order, joined until target_words is reached."""
    parts: list[str] = []
    words = 0
    for path in sorted(GOLD_DIR.glob("*.json")):
        for paragraph in json.loads(path.read_text(encoding="utf-8"))["text"].split("\n\n"):
            parts.append(paragraph)
            words += len(paragraph.split())
            if words >= target_words:
                return "\n\n".join(parts)
    return "\n\n".join(parts)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--words", type=int, default=1500)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    from stance.attribution import load_attributor

    started = time.perf_counter()
    attributor = load_attributor()
    loaded = time.perf_counter() - started
    text = build_article(args.words)
    statements, _ = attributor.attribute(text)  # warm-up
    timings = []
    for _ in range(args.runs):
        started = time.perf_counter()
        statements, _ = attributor.attribute(text)
        timings.append(time.perf_counter() - started)
    print(f"model load      {loaded:.2f} s")
    print(f"words           {len(text.split())}")
    print(f"statements      {len(statements)}")
    print(
        f"seconds         {statistics.median(timings):.3f} (median of {args.runs}; min {min(timings):.3f}, max {max(timings):.3f})"
    )


if __name__ == "__main__":
    main()
