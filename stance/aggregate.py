"""From statements to an actor's stance in one article, and to shifts over time.

An actor's stance in an article is the confidence-weighted mean score of its statements
that take a side; statements labelled NONE carry no stance and leave the score empty.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd


@dataclass
class ActorStance:
    label: str
    score: float | None


def actor_stance(labels: list[str], scores: list[float], weights: list[float]) -> ActorStance:
    sided = [(s, w) for label, s, w in zip(labels, scores, weights) if label != "NONE"]
    if not sided:
        return ActorStance("NONE", None)
    total = sum(w for _, w in sided) or 1.0
    score = sum(s * w for s, w in sided) / total
    return ActorStance("FAVOR" if score >= 0 else "AGAINST", round(score, 4))


def per_article(statements: pd.DataFrame) -> pd.DataFrame:
    """One row per actor per article from a statements frame (see Store.statements)."""
    columns = ["article_id", "actor", "kind", "published", "title", "source", "score", "label", "statements", "quote"]
    if statements.empty:
        return pd.DataFrame(columns=columns)
    sided = statements[statements["label"] != "NONE"].copy()
    if sided.empty:
        return pd.DataFrame(columns=columns)
    sided["weighted"] = sided["score"] * sided["confidence"]
    sided["strength"] = sided["score"].abs()
    keys = ["article_id", "actor"]
    grouped = sided.groupby(keys, sort=False)
    out = grouped.agg(
        kind=("actor_kind", "first"),
        published=("published", "first"),
        title=("title", "first"),
        source=("source", "first"),
        weighted=("weighted", "sum"),
        weight=("confidence", "sum"),
        statements=("statement_id", "count"),
    ).reset_index()
    # The quote shown on hover: the statement that pulls hardest in the article.
    strongest = sided.sort_values("strength", ascending=False).drop_duplicates(keys)[keys + ["quote"]]
    out = out.merge(strongest, on=keys, how="left")
    out["score"] = (out["weighted"] / out["weight"].where(out["weight"] > 0, 1)).round(4)
    out["label"] = out["score"].map(lambda s: "FAVOR" if s >= 0 else "AGAINST")
    return out[columns]
