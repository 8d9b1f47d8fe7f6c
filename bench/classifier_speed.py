"""Classifier throughput (statements/s, batched, 2 CPU threads) and model load time.

Usage: python bench/classifier_speed.py [--model DIR] [--threads 2] [--batch 64] [--precision auto|fp32|bf16|int8]
Uses the test split's statements, so the lengths are those of real wire sentences.
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

import torch

from stance.classifier.data import read_examples
from stance.classifier.loading import load_classifier
from stance.classifier.model import PRECISIONS
from stance.config import DATA_DIR, model_dir


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--model", default=str(model_dir()))
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--batch", type=int, default=64)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--precision", choices=PRECISIONS, default="auto")
    args = parser.parse_args()
    torch.set_num_threads(args.threads)

    start = time.perf_counter()
    classifier = load_classifier(Path(args.model), precision=args.precision)
    load_s = time.perf_counter() - start

    texts = [e.text for e in read_examples(DATA_DIR / "stance" / "test.jsonl")]
    classifier.predict(texts[:64], batch_size=args.batch)  # warm-up
    rates = []
    for _ in range(args.repeats):
        start = time.perf_counter()
        classifier.predict(texts, batch_size=args.batch)
        rates.append(len(texts) / (time.perf_counter() - start))
    print(f"model {classifier.version}, precision {classifier.precision}")
    print(f"load time: {load_s:.2f} s")
    print(
        f"throughput: {statistics.median(rates):.0f} statements/s (median of {args.repeats}, {len(texts)} statements, batch {args.batch}, {args.threads} threads)"
    )


if __name__ == "__main__":
    main()
