"""Compare classifiers side by side on every set we measure: dev, test, the challenge set, the
behaviour suite and, when it is there, the real-copy set (../shared/realnews, evaluation only).

Usage: python bench/compare_models.py MODEL_DIR [MODEL_DIR ...] [--old-splits REF]
`--old-splits REF` (a git revision) also scores the dev and test statements as they were at REF, so
figures stay comparable with models measured before new statements joined the splits.
Prints one row per model; the numbers go into MODEL_CARD.md.
"""

from __future__ import annotations

import argparse
import subprocess
from pathlib import Path

from stance.classifier.behaviour import overall_rate, read_suite, run_suite
from stance.classifier.data import Example, read_examples
from stance.classifier.loading import Classifier, load_classifier
from stance.classifier.metrics import report
from stance.config import DATA_DIR, PROJECT_DIR

STANCE = DATA_DIR / "stance"
REALNEWS = PROJECT_DIR.parent / "shared" / "realnews" / "statements.jsonl"


def _at(revision: str, path: str) -> list[Example]:
    import json

    text = subprocess.run(
        ["git", "show", f"{revision}:{path}"], cwd=PROJECT_DIR, capture_output=True, text=True, check=True
    ).stdout
    return [Example(row["text"], row["label"]) for row in map(json.loads, text.splitlines()) if row]


def _f1(classifier: Classifier, examples: list[Example]) -> float:
    predicted = classifier.predict([e.text for e in examples])
    return report(
        [e.label for e in examples], [p.label for p in predicted], [max(p.probabilities.values()) for p in predicted]
    ).macro_f1


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("models", nargs="+")
    parser.add_argument("--old-splits", metavar="REF", help="git revision whose dev/test splits to score as well")
    args = parser.parse_args()
    sets = {
        "dev": read_examples(STANCE / "dev.jsonl"),
        "test": read_examples(STANCE / "test.jsonl"),
        "challenge": read_examples(STANCE / "challenge" / "challenge.jsonl"),
    }
    if args.old_splits:
        sets["old dev"] = _at(args.old_splits, "data/stance/dev.jsonl")
        sets["old test"] = _at(args.old_splits, "data/stance/test.jsonl")
    if REALNEWS.exists():
        real = read_examples(REALNEWS)
        sets["real clear"] = [e for e in real if e.confidence != "ambiguous"]
        sets["real all"] = real
    suite = read_suite(STANCE / "behaviour")
    print("model".ljust(40) + "".join(name.rjust(11) for name in sets) + "  behaviour  min capability")
    for folder in args.models:
        classifier = load_classifier(Path(folder))
        figures = [_f1(classifier, examples) for examples in sets.values()]
        results = run_suite(suite, [p.label for p in classifier.predict([i.text for i in suite])])
        weakest = min(results, key=lambda r: r.rate)
        print(
            classifier.version.ljust(40)
            + "".join(f"{f:>11.3f}" for f in figures)
            + f"  {overall_rate(results):>9.3f}  {weakest.rate:.3f} ({weakest.capability})"
        )


if __name__ == "__main__":
    main()
