"""Score speaker attribution against the hand-annotated gold set in data/attribution/.

How matching works
------------------
* Every gold statement is located in the article by its exact text and 1-based
  ``occurrence`` (the n-th hit of an overlapping ``str.find`` search).
* A predicted statement and a gold statement are *candidates* when their character spans
  overlap by at least one character. Candidate pairs are taken greedily, largest overlap
  first, and each gold and each predicted statement is used at most once (one-to-one).
* A matched pair is a true positive only when the speakers agree. Gold speaker names are
  passed through the registry first, so a gold name that is a registered alias (for example
  a spelling variant) counts as the registry's canonical actor.
* Precision = true positives / predicted statements; recall = true positives / gold
  statements. A matched pair with the wrong speaker is therefore a false alarm *and* a miss.
  A predicted statement by anyone listed in ``non_speakers`` is always a false alarm; their
  number is also reported separately.
* Per case tag only recall is meaningful (tags belong to gold statements); precision is given
  overall and per style.
* Actor F1: per article, the set of actors who state something in the gold set against the
  set of speakers of predicted statements; counts are summed over articles (micro average).
* Anonymous speakers ("officials", "a senior diplomat") must never reach the output: the
  attributor drops them. Any predicted speaker that looks like one is counted and reported.

The realnews set (``../shared/realnews``) is read by ``stance.attribution.evaluate_realnews`` and
scored by the same functions.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from stance.records import Statement


@dataclass
class Score:
    """True positives, predictions and gold items; precision, recall and F1 follow."""

    correct: int = 0
    predicted: int = 0
    gold: int = 0

    @property
    def precision(self) -> float:
        return self.correct / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.correct / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, other: Score) -> None:
        self.correct += other.correct
        self.predicted += other.predicted
        self.gold += other.gold

    def as_dict(self) -> dict:
        return {
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
            "correct": self.correct,
            "predicted": self.predicted,
            "gold": self.gold,
        }


_ANONYMOUS = re.compile(
    r"\b(officials?|diplomats?|sources?|analysts?|observers?|experts?|residents?|witnesses?|people|someone|"
    r"critics?|aides?|insiders?|spokes(?:man|woman|person)|minister|official)$",
    re.I,
)


def looks_anonymous(name: str) -> bool:
    """'officials', 'a senior diplomat', 'Western officials': not an accountable speaker."""
    name = name.strip()
    return (
        not name
        or not name[0].isupper()
        or bool(_ANONYMOUS.search(name) and len(name.split()) <= 3 and not re.search(r"[A-Z]\w+ [A-Z]\w+$", name))
    )


@dataclass
class Span:
    """A statement reduced to what the evaluation needs."""

    speaker: str
    start: int
    end: int
    text: str = ""
    cases: list[str] = field(default_factory=list)


@dataclass
class ArticleResult:
    """The outcome for one gold article."""

    id: str
    style: str
    score: Score
    actors: Score
    tag_hits: dict[str, int]
    tag_totals: dict[str, int]
    non_speaker_hits: int
    anonymous_hits: int
    misses: list[tuple[Span, str | None]]  # gold statement, predicted speaker if the span was found
    false_alarms: list[Span]
    date: tuple[str | None, str | None, bool, str | None] | None = (
        None  # found, gold, gold is certain, found as filed (realnews)
    )


def locate(text: str, snippet: str, occurrence: int) -> int:
    """Offset of the n-th (1-based, overlapping) occurrence of snippet in text."""
    position = -1
    for _ in range(occurrence):
        position = text.find(snippet, position + 1)
        if position < 0:
            raise ValueError(f"gold span not found {occurrence} times: {snippet[:60]!r}")
    return position


def match(gold: list[Span], predicted: list[Span]) -> list[tuple[int, int]]:
    """One-to-one pairs (gold index, predicted index), greedy by largest character overlap."""
    candidates = []
    for g, gs in enumerate(gold):
        for p, ps in enumerate(predicted):
            overlap = min(gs.end, ps.end) - max(gs.start, ps.start)
            if overlap > 0:
                candidates.append((overlap, g, p))
    candidates.sort(key=lambda c: (-c[0], c[1], c[2]))
    used_gold: set[int] = set()
    used_pred: set[int] = set()
    pairs = []
    for _, g, p in candidates:
        if g in used_gold or p in used_pred:
            continue
        used_gold.add(g)
        used_pred.add(p)
        pairs.append((g, p))
    return pairs


def score_article(
    article: dict, statements: list[Statement], canonical=lambda name: name, speaker=lambda name: name
) -> ArticleResult:
    """Compare one article's predicted statements with its gold annotation.

    A gold item may carry its own ``start`` (the realnews set locates its spans loosely); a
    ``start`` of None is a gold statement lost before attribution (cleaning dropped its text):
    it can only be missed. ``speaker`` maps a predicted speaker to the gold set's name for it.
    """
    text = article["text"]
    gold = []
    for item in article["statements"]:
        if "start" in item:
            start, end = (item["start"], item["end"]) if item["start"] is not None else (-1, -1)
        else:
            start = locate(text, item["text"], item.get("occurrence", 1))
            end = start + len(item["text"])
        gold.append(Span(canonical(item["speaker"]), start, end, item["text"], list(item["cases"])))
    predicted = [Span(speaker(s.speaker), s.start, s.end, text[s.start : s.end]) for s in statements]

    pairs = match(gold, predicted)
    matched_gold = {g: p for g, p in pairs}
    correct = {g for g, p in pairs if gold[g].speaker == predicted[p].speaker}

    tag_hits: dict[str, int] = defaultdict(int)
    tag_totals: dict[str, int] = defaultdict(int)
    for g, span in enumerate(gold):
        for tag in span.cases:
            tag_totals[tag] += 1
            tag_hits[tag] += g in correct

    correct_pred = {matched_gold[g] for g in correct}
    misses = [
        (span, predicted[matched_gold[g]].speaker if g in matched_gold else None)
        for g, span in enumerate(gold)
        if g not in correct
    ]
    false_alarms = [span for p, span in enumerate(predicted) if p not in correct_pred]
    non_speakers = {canonical(name) for name in article.get("non_speakers", [])}
    gold_actors = {span.speaker for span in gold}
    predicted_actors = {span.speaker for span in predicted}
    return ArticleResult(
        id=article["id"],
        style=article["style"],
        score=Score(len(correct), len(predicted), len(gold)),
        actors=Score(len(gold_actors & predicted_actors), len(predicted_actors), len(gold_actors)),
        tag_hits=dict(tag_hits),
        tag_totals=dict(tag_totals),
        non_speaker_hits=sum(span.speaker in non_speakers for span in predicted),
        anonymous_hits=sum(looks_anonymous(span.speaker) for span in predicted),
        misses=misses,
        false_alarms=false_alarms,
    )


def load_gold(gold_dir: Path) -> list[dict]:
    return [json.loads(path.read_text(encoding="utf-8")) for path in sorted(Path(gold_dir).glob("*.json"))]


def summarise(results: list[ArticleResult]) -> dict:
    """Overall, per-style, per-tag and actor figures as a plain dict."""
    overall, actors = Score(), Score()
    styles: dict[str, Score] = defaultdict(Score)
    hits: dict[str, int] = defaultdict(int)
    totals: dict[str, int] = defaultdict(int)
    for result in results:
        overall.add(result.score)
        actors.add(result.actors)
        styles[result.style].add(result.score)
        for tag, total in result.tag_totals.items():
            totals[tag] += total
            hits[tag] += result.tag_hits.get(tag, 0)
    return {
        "articles": len(results),
        "statements": overall.as_dict(),
        "actors": actors.as_dict(),
        "styles": {style: score.as_dict() for style, score in sorted(styles.items())},
        "tags": {
            tag: {"recall": round(hits[tag] / totals[tag], 4), "correct": hits[tag], "gold": totals[tag]}
            for tag in sorted(totals)
        },
        "non_speaker_hits": sum(r.non_speaker_hits for r in results),
        "anonymous_speakers": sum(r.anonymous_hits for r in results),
        **_dates(results),
    }


def _dates(results: list[ArticleResult]) -> dict:
    dated = [r.date for r in results if r.date is not None]
    if not dated:
        return {}
    certain = [(found, gold, filed) for found, gold, sure, filed in dated if sure]
    return {
        "dates": {
            "certain": len(certain),
            "certain_exact": sum(found == gold for found, gold, _ in certain),
            "certain_exact_as_filed": sum(filed == gold for _, gold, filed in certain),
            "articles": len(dated),
            "exact": sum(found == gold for found, gold, _, _ in dated),
            "none_found": sum(found is None for found, *_ in dated),
        }
    }


def evaluate(attributor, articles: list[dict]) -> tuple[dict, list[ArticleResult]]:
    """Run the attributor over the gold articles; the summary dict and per-article results."""
    registry = attributor.registry

    def canonical(name: str) -> str:
        """A gold name, or the registry actor it is an alias of."""
        return name if name in registry.actors else (registry.lookup(name, names=False) or name)

    results = []
    for article in articles:
        statements, _ = attributor.attribute(article["text"])
        results.append(score_article(article, statements, canonical))
    return summarise(results), results


def _line(label: str, score: dict) -> str:
    return f"{label:<16} P {score['precision']:.3f}  R {score['recall']:.3f}  F1 {score['f1']:.3f}   ({score['correct']} correct, {score['predicted']} predicted, {score['gold']} gold)"


def report(summary: dict, results: list[ArticleResult], verbose: bool = False) -> str:
    lines = [f"Attribution on {summary['articles']} gold articles", ""]
    lines.append(_line("statements", summary["statements"]))
    lines.append(_line("actors", summary["actors"]))
    lines.append(f"predicted statements on listed non-speakers: {summary['non_speaker_hits']}")
    lines.append(f"predicted statements with anonymous speakers: {summary['anonymous_speakers']}")
    if "dates" in summary:
        d = summary["dates"]
        lines.append(
            f"dates exact on {d['certain_exact']} of {d['certain']} articles whose date is certain ({d['exact']} of {d['articles']} in all; none found on {d['none_found']})"
        )
        lines.append(f"  as filed, with the Date: line: {d['certain_exact_as_filed']} of {d['certain']}")
    lines += ["", "per conflict" if "dates" in summary else "per style"]  # the realnews set has no style field
    lines += [_line(f"  {style}", score) for style, score in summary["styles"].items()]
    lines += ["", "recall per case tag"]
    for tag, figures in summary["tags"].items():
        lines.append(f"  {tag:<20} {figures['recall']:.3f}  ({figures['correct']}/{figures['gold']})")
    if verbose:
        for result in results:
            if not result.misses and not result.false_alarms:
                continue
            date = (
                f"  date {result.date[0]} (gold {result.date[1]}{'' if result.date[2] else ', inferred'}; as filed {result.date[3]})"
                if result.date
                else ""
            )
            lines += [
                "",
                f"== {result.id}  ({result.score.correct}/{result.score.gold} correct, {result.score.predicted} predicted){date}",
            ]
            for span, got in result.misses:
                found = f"found as {got}" if got else "not found"
                lines.append(f"  MISS  [{span.speaker}] ({found}) {', '.join(span.cases)}: {span.text[:150]!r}")
            for span in result.false_alarms:
                lines.append(f"  FALSE [{span.speaker}] {span.start}-{span.end}: {span.text[:150]!r}")
    return "\n".join(lines)


def run(gold_dir: Path, verbose: bool = False, quiet: bool = False) -> dict:
    """Evaluate the shipped attributor on every gold file in gold_dir; print (unless quiet) and return the figures."""
    from stance.attribution import load_attributor

    articles = load_gold(Path(gold_dir))
    if not articles:
        raise SystemExit(f"no gold JSON files in {gold_dir}")
    summary, results = evaluate(load_attributor(), articles)
    if not quiet:
        print(report(summary, results, verbose))
    return summary
