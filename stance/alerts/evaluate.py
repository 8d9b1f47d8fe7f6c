"""From the store's statements to the moves a rule fires on, each with the statements behind it.

The scores are the dashboard's: corrections applied, uncertain calls and headline restatements
left out of an actor's stance (`aggregate.per_article`), and moves tested as the Movers panel
tests them (`aggregate.movers`: mean per-article score in each window, 90% bootstrap interval).
The windows end on `today`: the last `days` days and the `days` before them.

Each move has a key, so the same move is not alerted twice within the rule's cooldown:
    moved:<actor>:up|down      sign_flip:<actor>:to_favor|to_against
    strong:<actor>              (the statements it quotes are never quoted again by that rule)
    new_actor:<actor>           (once, ever)
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from urllib.parse import urlencode

import pandas as pd

from stance.aggregate import Mover, Period, movers, per_article
from stance.alerts.rules import Rule
from stance.store import Filters
from stance.store.queries import apply_filters

QUOTE_CHARS = 240
MAX_QUOTES = 5
DEFAULT_DASHBOARD_URL = "http://localhost:8501"


@dataclass
class Finding:
    """One move a rule fires on, before the cooldown is asked."""

    key: str
    actor: str
    cooldown_hours: float | None  # None: never again for this key
    headline: str
    details: dict
    statement_ids: list[int]
    link: str
    periods: dict[int, str] = field(default_factory=dict)  # statement id -> "before" or "recent" (moves)


def findings(
    rule: Rule,
    rows: pd.DataFrame,
    today: date,
    new_articles: Callable[[], set[int]],
    already_quoted: Callable[[], set[int]],
    base_url: str,
) -> list[Finding]:
    """What `rule` fires on in `rows` (Store.stance_rows), newest window ending on `today`."""
    scoped = apply_filters(
        rows,
        Filters(
            actors=list(rule.actors) or None,
            kinds=[rule.kind] if rule.kind else None,
            conflicts=[rule.conflict] if rule.conflict else None,
        ),
    )
    if scoped.empty:
        return []
    recent = Period(today - timedelta(days=rule.days - 1), today)
    if rule.condition in ("moved", "sign_flip"):
        before = Period(recent.start - timedelta(days=rule.days), recent.start - timedelta(days=1))
        return _shifts(rule, scoped, before, recent, base_url)
    if rule.condition == "strong":
        return _strong(rule, scoped, recent, new_articles(), already_quoted(), base_url)
    return _new_actors(rule, scoped, recent, new_articles(), base_url)


def _shifts(rule: Rule, scoped: pd.DataFrame, before: Period, recent: Period, base_url: str) -> list[Finding]:
    window = scoped[Period(before.start, recent.end).contains(scoped["published"])]
    points = per_article(window)
    if points.empty:
        return []
    found = []
    for mover in movers(points, before, recent, top=len(points), min_points=rule.min_points):
        if not mover.sure:  # too few articles, or an interval that holds zero
            continue
        if rule.condition == "moved":
            assert rule.threshold is not None  # validated() gives every "moved" rule one
            if abs(mover.change) < rule.threshold:
                continue
            direction = "up" if mover.change > 0 else "down"
            headline = f"{mover.actor} moved {mover.change:+.2f} {'toward' if mover.change > 0 else 'away from'} talks ({mover.before:+.2f} → {mover.recent:+.2f})"
        else:
            if not (mover.before < 0 < mover.recent or mover.recent < 0 < mover.before):
                continue
            direction = "to_favor" if mover.recent > 0 else "to_against"
            headline = f"{mover.actor} turned {'for' if mover.recent > 0 else 'against'} talks ({mover.before:+.2f} → {mover.recent:+.2f})"
        link = dashboard_link(base_url, mover.actor, before.start, recent.end, periods=(before, recent))
        found.append(
            Finding(
                f"{rule.condition}:{mover.actor}:{direction}",
                mover.actor,
                rule.cooldown_hours,
                headline,
                _shift_details(mover, before, recent),
                [e.statement_id for e in mover.evidence],
                link,
                {e.statement_id: e.period for e in mover.evidence},
            )
        )
    return found


def _shift_details(mover: Mover, before: Period, recent: Period) -> dict:
    return {
        "before": {
            "start": before.start.isoformat(),
            "end": before.end.isoformat(),
            "mean": mover.before,
            "articles": mover.n_before,
        },
        "recent": {
            "start": recent.start.isoformat(),
            "end": recent.end.isoformat(),
            "mean": mover.recent,
            "articles": mover.n_recent,
        },
        "change": mover.change,
        "interval": [mover.low, mover.high],
        "level": 0.9,
    }


def _counted(rows: pd.DataFrame) -> pd.DataFrame:
    """Statements that count toward an actor's stance, as per_article counts them."""
    keep = rows["label"] != "NONE"
    if "uncertain" in rows:
        keep &= ~rows["uncertain"].astype(bool)
    if "headline" in rows:
        keep &= ~rows["headline"].astype(bool)
    return rows[keep]


def _strong(
    rule: Rule, scoped: pd.DataFrame, recent: Period, new_articles: set[int], quoted: set[int], base_url: str
) -> list[Finding]:
    rows = _counted(scoped)
    rows = rows[
        recent.contains(rows["published"]) & rows["article_id"].isin(new_articles) & ~rows["statement_id"].isin(quoted)
    ]
    rows = rows[rows["score"].abs() >= rule.threshold]
    found = []
    for actor, group in rows.groupby("actor", sort=True):
        group = group.assign(strength=group["score"].abs()).sort_values(
            ["strength", "statement_id"], ascending=[False, True]
        )
        top = float(group["score"].iloc[0])
        side = "for" if top > 0 else "against"
        if len(group) == 1:
            headline = f"{actor} spoke strongly {side} talks ({top:+.2f})"
        else:
            headline = f"{actor}: {len(group)} strong statements on talks, the strongest {side} ({top:+.2f})"
        days = pd.to_datetime(group["published"])
        link = dashboard_link(base_url, actor, days.min().date(), days.max().date())
        details = {"threshold": rule.threshold, "statements": len(group)}
        found.append(
            Finding(
                f"strong:{actor}",
                actor,
                rule.cooldown_hours,
                headline,
                details,
                group["statement_id"].astype(int).tolist(),
                link,
            )
        )
    return found


def _new_actors(
    rule: Rule, scoped: pd.DataFrame, recent: Period, new_articles: set[int], base_url: str
) -> list[Finding]:
    """Actors all of whose statements in the scope came in articles stored since the rule was made,
    one of them published in the window."""
    heard_before = set(scoped.loc[~scoped["article_id"].isin(new_articles), "actor"])
    fresh = scoped[~scoped["actor"].isin(heard_before) & scoped["article_id"].isin(new_articles)]
    fresh = fresh[fresh["actor"].isin(set(fresh.loc[recent.contains(fresh["published"]), "actor"]))]
    where = f"conflict {rule.conflict}" if rule.conflict else rule.scope_text()
    found = []
    for actor, group in fresh.groupby("actor", sort=True):
        group = group.assign(strength=group["score"].abs()).sort_values(
            ["strength", "statement_id"], ascending=[False, True]
        )
        dated = pd.to_datetime(group["published"]).dropna()
        link = dashboard_link(base_url, actor, dated.min().date(), dated.max().date())
        kind = group["actor_kind"].iloc[0]
        details = {"kind": kind, "statements": len(group), "articles": int(group["article_id"].nunique())}
        found.append(
            Finding(
                f"new_actor:{actor}",
                actor,
                None,
                f"New voice on {where}: {actor} ({kind})",
                details,
                group["statement_id"].astype(int).tolist()[:MAX_QUOTES],
                link,
            )
        )
    return found


def dashboard_link(
    base_url: str, actor: str, start: date, end: date, periods: tuple[Period, Period] | None = None
) -> str:
    """The dashboard's Overview with the actor and dates in the URL (dashboard/filters.py, urlstate.py)."""
    query = [("actor", actor), ("from", start.isoformat()), ("to", end.isoformat())]
    if periods is not None:
        before, recent = periods
        query += [
            ("recent", f"{recent.start.isoformat()}..{recent.end.isoformat()}"),
            ("before", f"{before.start.isoformat()}..{before.end.isoformat()}"),
        ]
    return f"{base_url.rstrip('/')}/?{urlencode(query)}"


def article_link(base_url: str, article_id: int) -> str:
    return f"{base_url.rstrip('/')}/articles?{urlencode({'article': int(article_id)})}"


def quotes(
    details: pd.DataFrame,
    ids: list[int],
    urls: dict[int, str | None],
    base_url: str,
    periods: dict[int, str] | None = None,
) -> list[dict]:
    """The statements behind an alert, in the order given: speaker, date, short quote, score, article."""
    by_id = details.set_index("statement_id") if not details.empty else details
    out = []
    for statement_id in ids[:MAX_QUOTES]:
        if statement_id not in by_id.index:
            continue  # dropped by a correction since
        row = by_id.loc[statement_id]
        published = pd.Timestamp(row["published"]).date().isoformat() if pd.notna(row["published"]) else None
        quote = " ".join(str(row["quote"] or "").split())
        article_id = int(row["article_id"])
        item = {
            "statement_id": int(statement_id),
            "speaker": row["actor"],
            "date": published,
            "quote": quote if len(quote) <= QUOTE_CHARS else quote[: QUOTE_CHARS - 1] + "…",
            "score": round(float(row["score"]), 2),
            "label": row["label"],
            "title": row["title"],
            "source": row["source"],
            "article_id": article_id,
            "url": urls.get(article_id),
            "dashboard": article_link(base_url, article_id),
        }
        if periods and statement_id in periods:
            item["period"] = periods[statement_id]
        out.append(item)
    return out
