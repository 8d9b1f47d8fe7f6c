"""Speaker attribution on the realnews set: real excerpts with gold speakers, for evaluation only.

A folder with ``statements.jsonl`` and ``articles.jsonl`` (``../shared/realnews``)
is read differently from the gold JSON files, then scored by the same functions:

* each excerpt goes through ingest as an upload would (the caller passes the reader, so this
  module imports no other stage), under a one-line header ``Source: <url>``. The file's
  ``Date:`` line is the gold date and its first line may be the annotator's headline, so
  neither is given: the date must come from the excerpt or its URL. The date found in the
  file as filed (with its ``Date:`` line) is reported beside it;
* gold spans are located in the cleaned text ignoring whitespace; a span that cleaning
  dropped is a miss;
* a predicted speaker counts as a gold actor when the names agree, when the registry or the
  excerpt's own aliases (``aliases_in_text``) join them, or, for people, when the surnames agree;
* the set leaves the headline unlabelled (decks and sub-heads are labelled), so a statement of
  kind ``headline`` on the first line (the headline merged with the body statement it
  restates: one statement, counted once) is not scored; any other statement in the headline
  is, and counts as a false alarm;
* the date is right when ingest's publication date equals the gold date; it is counted on the
  articles whose date is certain (``date_certain``). Articles are grouped by conflict (the set
  has no style field).
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from datetime import date
from pathlib import Path

from stance.attribution.evaluate import ArticleResult, report, score_article, summarise
from stance.names import normalise, strip_titles
from stance.records import Actor, Article


def is_realnews(gold_dir: Path) -> bool:
    return (Path(gold_dir) / "statements.jsonl").is_file() and (Path(gold_dir) / "articles.jsonl").is_file()


def _jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def excerpt(raw: str) -> str:
    """The excerpt of a realnews file: what follows the headline, Date: and Source: lines."""
    return raw.split("\n", 4)[4] if raw.count("\n") >= 4 else ""


def locate_loosely(text: str, snippet: str) -> tuple[int, int] | None:
    """The first span of text that is snippet up to whitespace; None when it is not there."""
    words = snippet.split()
    if not words:
        return None
    found = re.search(r"\s+".join(re.escape(word) for word in words), text)
    return (found.start(), found.end()) if found else None


def load_realnews(gold_dir: Path, read) -> list[dict]:
    """The realnews set as gold articles. ``read(name, text) -> Article`` is the ingest step."""
    gold_dir = Path(gold_dir)
    statements: dict[str, list[dict]] = defaultdict(list)
    for item in _jsonl(gold_dir / "statements.jsonl"):
        statements[item["article"]].append(item)
    articles = []
    for entry in _jsonl(gold_dir / "articles.jsonl"):
        number = Path(entry["file"]).stem
        name, raw = Path(entry["file"]).name, (gold_dir / entry["file"]).read_text(encoding="utf-8")
        article: Article = read(name, f"Source: {entry.get('url') or ''}\n\n{excerpt(raw)}")
        filed: Article = read(name, raw)
        text = article.text
        items = []
        for item in statements[number]:
            span = locate_loosely(text, item["text"])
            cases = [item["kind"]] + ([item["hard_case"]] if item.get("hard_case") else [])
            items.append(
                {
                    "speaker": item["speaker"],
                    "text": item["text"],
                    "start": span[0] if span else None,
                    "end": span[1] if span else None,
                    "kind": item["kind"],
                    "cases": cases,
                }
            )
        articles.append(
            {
                "id": number,
                "style": entry.get("conflict", "realnews"),
                "text": text,
                "statements": items,
                "non_speakers": [],
                "actors": entry["actors"],
                "date": (_iso(article), entry["date"], bool(entry.get("date_certain")), _iso(filed)),
            }
        )
    return articles


def _iso(article: Article) -> str | None:
    return article.published.isoformat() if article.published else None


def _surname(name: str) -> str | None:
    words = strip_titles(name).split()
    return words[-1].lower() if words and words[-1][:1].isupper() else None


def gold_speaker(entries: list[dict], registry, actors: dict[str, Actor]):
    """Map a predicted speaker to the gold actor it stands for (see the module docstring)."""

    def same(name: str, entry: dict) -> bool:
        names = [entry["actor"], *entry.get("aliases_in_text", [])]
        if normalise(name) in {normalise(n) for n in names}:
            return True
        if any(registry.lookup(n) == name for n in names):
            return True
        actor = actors.get(name)
        if actor is not None and actor.kind not in ("person", "commentator"):
            return False
        surname = _surname(name)
        if surname is None:
            return False
        if len(name.split()) == 1:  # a surname alone ("Brekke"), or a single-word alias of the text ("Sokha")
            return surname == _surname(entry["actor"]) or surname in {n.lower() for n in names if len(n.split()) == 1}
        if {w.lower() for w in name.split()} & {n.lower() for n in names if len(n.split()) == 1 and n[:1].isupper()}:
            return True  # "Sokha Vannarith" for the text's "Sokha": a transliteration of the rest
        return surname in {_surname(n) for n in names if len(n.split()) > 1 or n == entry["actor"]}

    def speaker(name: str) -> str:
        return next((entry["actor"] for entry in entries if same(name, entry)), name)

    return speaker


def evaluate_realnews(attributor, articles: list[dict]) -> tuple[dict, list[ArticleResult]]:
    results = []
    for article in articles:
        found = article["date"][0]  # the date ingest found (never the gold date): who held an office then
        statements, actors = attributor.attribute(article["text"], date.fromisoformat(found) if found else None)
        first = article["text"].lstrip()
        title_end = len(article["text"]) - len(first) + (first.find("\n") if "\n" in first else len(first))
        statements = [s for s in statements if not (s.kind == "headline" and s.start < title_end)]
        result = score_article(
            article, statements, speaker=gold_speaker(article["actors"], attributor.registry, actors)
        )
        result.date = article["date"]
        results.append(result)
    return summarise(results), results


def run_realnews(gold_dir: Path, read, verbose: bool = False, quiet: bool = False) -> dict:
    """Evaluate the shipped attributor (and ingest's dates) on the realnews set; print (unless quiet) and
    return the figures."""
    from stance.attribution import load_attributor

    summary, results = evaluate_realnews(load_attributor(), load_realnews(Path(gold_dir), read))
    if not quiet:
        print(report(summary, results, verbose))
    return summary
