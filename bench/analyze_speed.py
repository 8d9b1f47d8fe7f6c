"""Seconds to analyse one article with the models already loaded (attribution + classification).

Usage: python bench/analyze_speed.py [FILE ...]   (default: every sample article)
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

from stance.config import SAMPLE_DIR
from stance.ingest import load_path
from stance.pipeline import Pipeline


def main() -> None:
    paths = [Path(p) for p in sys.argv[1:]] or sorted(SAMPLE_DIR.iterdir())
    start = time.perf_counter()
    pipeline = Pipeline.load()
    print(f"models loaded in {time.perf_counter() - start:.2f} s ({pipeline.model_version})")
    for path in paths:
        article = load_path(path)[0].article
        pipeline.analyze(article)  # warm-up
        times = []
        for _ in range(3):
            t = time.perf_counter()
            analysis = pipeline.analyze(article)
            times.append(time.perf_counter() - t)
        words = len(article.text.split())
        print(
            f"{statistics.median(times):6.2f} s  {words:5} words  {len(analysis.statements):3} statements  {path.name}"
        )


if __name__ == "__main__":
    main()
