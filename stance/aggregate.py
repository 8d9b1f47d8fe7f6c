"""From statements to an actor's stance in one article, and to shifts over time.

An actor's stance in an article is the confidence-weighted mean score of its statements
that take a side; statements labelled NONE carry no stance and leave the score empty, and calls
the model is unsure of ("uncertain") count only once an analyst has confirmed them.
Everything over time works on those per-article points, so an actor quoted ten times in
one article counts once, like an actor quoted once.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

import numpy as np
import pandas as pd

from stance.records import Label

POINT_COLUMNS = ["article_id", "actor", "kind", "published", "source", "score", "label", "statements", "quote_id"]


@dataclass
class ActorStance:
    label: Label
    score: float | None


def actor_stance(labels: Sequence[Label], scores: Sequence[float], weights: Sequence[float]) -> ActorStance:
    sided = [(s, w) for label, s, w in zip(labels, scores, weights) if label != "NONE"]
    if not sided:
        return ActorStance("NONE", None)
    total = sum(w for _, w in sided) or 1.0
    score = sum(s * w for s, w in sided) / total
    return ActorStance("FAVOR" if score >= 0 else "AGAINST", round(score, 4))


def describe(score: float | None) -> str:
    """A stance score in words, for people who do not read numbers first."""
    if score is None or pd.isna(score):
        return "no stance on record"
    if score >= 0.25:
        return "for talks"
    if score <= -0.25:
        return "against talks"
    return "mixed or neutral"


def per_article(statements: pd.DataFrame) -> pd.DataFrame:
    """One row per actor per article from a statements frame (Store.statements or Store.stance_rows).

    `quote_id` is the statement that pulls hardest in the article (shown on hover); `title` and
    `quote` come along when the input has them.
    """
    extra = [c for c in ("title", "quote") if c in statements.columns]
    columns = POINT_COLUMNS + extra
    if statements.empty:
        return pd.DataFrame(columns=columns)
    counted = statements["label"] != "NONE"
    if "uncertain" in statements:  # uncertain calls wait for an analyst before they move a score
        counted &= ~statements["uncertain"].astype(bool)
    if "headline" in statements:  # a headline restating a body statement counts once, in the body
        counted &= ~statements["headline"].astype(bool)
    elif "statement_kind" in statements:
        counted &= statements["statement_kind"] != "headline"
    sided = statements[counted]
    if sided.empty:
        return pd.DataFrame(columns=columns)
    keys = ["article_id", "actor"]
    sided = sided.assign(weighted=sided["score"] * sided["confidence"], strength=sided["score"].abs())
    grouped = sided.groupby(keys, sort=False)
    out = grouped.agg(
        kind=("actor_kind", "first"),
        published=("published", "first"),
        source=("source", "first"),
        weighted=("weighted", "sum"),
        weight=("confidence", "sum"),
        statements=("statement_id", "count"),
    )
    strongest = sided.loc[grouped["strength"].idxmax().to_numpy()].set_index(keys)
    out["quote_id"] = strongest["statement_id"]
    for column in extra:
        out[column] = strongest[column]
    out = out.reset_index()
    out["score"] = (out["weighted"] / out["weight"].where(out["weight"] > 0, 1)).round(4)
    out["label"] = np.where(out["score"] >= 0, "FAVOR", "AGAINST")
    return out[columns]


def trend(points: pd.DataFrame, bandwidth_days: float = 21, step_days: int = 7) -> pd.DataFrame:
    """A smoothed line per actor: a Gaussian-weighted mean of its points, read every `step_days`.

    The line is left out where fewer than about two points lie near, rather than drawn through
    empty months.
    """
    rows: list[pd.DataFrame] = []
    dated = points.dropna(subset=["published"])
    for actor, group in dated.groupby("actor", sort=True):
        if len(group) < 3:
            continue
        days = (pd.to_datetime(group["published"]) - pd.Timestamp("1970-01-01")).dt.days.to_numpy(dtype=float)
        scores = group["score"].to_numpy(dtype=float)
        grid = np.arange(days.min(), days.max() + step_days, step_days)
        weights = np.exp(-0.5 * ((grid[:, None] - days[None, :]) / bandwidth_days) ** 2)
        mass = weights.sum(axis=1)
        keep = mass >= 2 * np.exp(-0.5)  # about two points within one bandwidth
        if not keep.any():
            continue
        smoothed = weights[keep] @ scores / mass[keep]
        rows.append(
            pd.DataFrame(
                {"actor": actor, "published": pd.to_datetime(grid[keep], unit="D"), "score": smoothed.round(4)}
            )
        )
    if not rows:
        return pd.DataFrame(
            {
                "actor": pd.Series(dtype=object),
                "published": pd.Series(dtype="datetime64[ns]"),
                "score": pd.Series(dtype=float),
            }
        )
    return pd.concat(rows, ignore_index=True)


def thin(points: pd.DataFrame, max_points: int) -> pd.DataFrame:
    """At most `max_points` rows, taken evenly over time within each actor (each keeps its share)."""
    if len(points) <= max_points:
        return points
    ordered = points.sort_values(["actor", "published"], kind="stable")
    position = ordered.groupby("actor", sort=False).cumcount().to_numpy()
    size = ordered.groupby("actor", sort=False)["actor"].transform("size").to_numpy()
    share = np.maximum(1, np.floor(size * max_points / len(points)))
    stride = np.maximum(1, size / share)
    keep = np.floor(position / stride) != np.floor((position - 1) / stride)
    return ordered[keep].sort_values("published", kind="stable")


# ----- movers: who changed most between two periods -------------------------------------------------


@dataclass(frozen=True)
class Period:
    start: date
    end: date  # inclusive

    def contains(self, published: pd.Series) -> pd.Series:
        when = pd.to_datetime(published)
        return (when >= pd.Timestamp(self.start)) & (when <= pd.Timestamp(self.end))

    def __str__(self) -> str:
        return f"{self.start:%d %b %Y} – {self.end:%d %b %Y}"


def default_periods(
    latest: date,
    recent_days: int = 30,
    before_days: int = 90,
    earliest: date | None = None,
    points: pd.DataFrame | None = None,
    weeks: tuple[int, ...] = (4, 8, 13, 26),
    min_points: int = 3,
) -> tuple[Period, Period]:
    """(before, recent): the default periods that movers compare.

    With `points` (per-article points) they are chosen from the data (`periods_from_data`). Without,
    or when no point has a date: the last `recent_days` up to `latest`, and the `before_days` before
    them. With `earliest` (the store's first date) both periods stay inside the store's dates: a new
    store spans a few days or weeks, and periods reaching before its first article would compare
    against nothing (and a date picker refuses a default outside its bounds). When the store is too
    short for both periods, its span is split in half so that each period holds the articles of its
    own half.
    """
    if points is not None:
        chosen = periods_from_data(points, weeks, min_points)
        if chosen is not None:
            return chosen
    recent = Period(latest - timedelta(days=recent_days - 1), latest)
    before_end = recent.start - timedelta(days=1)
    before = Period(before_end - timedelta(days=before_days - 1), before_end)
    if earliest is None or earliest > latest or before.start >= earliest:
        return before, recent
    if before_end >= earliest and (before_end - earliest).days >= 6:
        return Period(earliest, before_end), recent
    middle = earliest + (latest - earliest) / 2
    if middle >= latest:  # one day in the store: nothing to compare it with
        return Period(earliest, latest), Period(earliest, latest)
    return Period(earliest, middle), Period(middle + timedelta(days=1), latest)


def periods_from_data(
    points: pd.DataFrame, weeks: tuple[int, ...] = (4, 8, 13, 26), min_points: int = 3
) -> tuple[Period, Period] | None:
    """(before, recent) from the dates the points hold: the latest N weeks that hold statements
    against the N weeks with statements before them, so that neither period is empty however the
    articles are spread (a quiet month, one late article, a store a few weeks old).

    Weeks are counted back from the newest point, 7 days at a time; a week without points is
    skipped, not counted. N is the first of `weeks` for which some actor has `min_points` points in
    each period (else the largest that fits). A store with fewer than 2N such weeks is split in
    two: the newer half against all before it. With one week of points both periods are that week
    (nothing to compare yet); with no dated point at all, None.
    """
    dated = points.dropna(subset=["published"])
    if dated.empty:
        return None
    days = pd.to_datetime(dated["published"]).dt.normalize()
    newest, oldest = days.max(), days.min()
    week = ((newest - days).dt.days // 7).to_numpy()
    held = sorted(set(week.tolist()))  # 0 is the newest week
    first_day = oldest.date()

    def start_of(block: int) -> date:
        return max(first_day, (newest - pd.Timedelta(days=7 * block + 6)).date())

    if len(held) == 1:
        only = Period(first_day, newest.date())
        return only, only
    chosen = None
    for n in sorted(weeks):
        short = 2 * n >= len(held)
        recent_last = held[len(held) // 2 - 1] if short else held[n - 1]
        before_last = held[-1] if short else held[2 * n - 1]
        recent = Period(start_of(recent_last), newest.date())
        chosen = (Period(start_of(before_last), recent.start - timedelta(days=1)), recent)
        in_recent = dated.loc[week <= recent_last, "actor"].value_counts()
        in_before = dated.loc[(week > recent_last) & (week <= before_last), "actor"].value_counts()
        if (
            (in_before >= min_points) & (in_recent.reindex(in_before.index, fill_value=0) >= min_points)
        ).any() or short:
            return chosen
    return chosen


def default_since(earliest: date, latest: date, days: int = 30, points: pd.DataFrame | None = None) -> date:
    """The briefing's default "change since" date, never before the first date. With `points`: the
    day before the recent period of `periods_from_data` begins (the store's first date when all
    points fall in one week); without, `days` before the newest article."""
    if points is not None:
        chosen = periods_from_data(points)
        if chosen is not None:
            before, recent = chosen
            if before == recent:
                return earliest
            return min(latest, max(earliest, recent.start - timedelta(days=1)))
    return max(earliest, latest - timedelta(days=days))


@dataclass
class Evidence:
    """One actor-in-article point that explains a move; `statement_id` is its strongest statement."""

    statement_id: int
    article_id: int
    published: date | None
    score: float
    period: str  # "before" or "recent"


@dataclass
class Mover:
    actor: str
    before: float  # mean score in each period
    recent: float
    n_before: int
    n_recent: int
    change: float
    low: float | None = None  # bootstrap interval of the change
    high: float | None = None
    enough: bool = True  # False: too few points in one period to say
    evidence: list[Evidence] = field(default_factory=list)

    @property
    def sure(self) -> bool:
        """The interval leaves out zero: the move is unlikely to be noise from which articles we have."""
        return self.enough and self.low is not None and self.high is not None and (self.low > 0 or self.high < 0)


def bootstrap_interval(
    before: np.ndarray, recent: np.ndarray, n_boot: int = 1000, level: float = 0.9, seed: int = 0
) -> tuple[float, float]:
    """Percentile interval for mean(recent) - mean(before), resampling each period's points."""
    rng = np.random.default_rng(seed)
    before, recent = np.asarray(before, dtype=float), np.asarray(recent, dtype=float)
    diffs = np.empty(n_boot)
    chunk = max(1, 2_000_000 // max(len(before), len(recent), 1))  # bound the memory of one draw
    for first in range(0, n_boot, chunk):
        size = min(chunk, n_boot - first)
        b = before[rng.integers(0, len(before), (size, len(before)))].mean(axis=1)
        r = recent[rng.integers(0, len(recent), (size, len(recent)))].mean(axis=1)
        diffs[first : first + size] = r - b
    tail = (1 - level) / 2 * 100
    low, high = np.percentile(diffs, [tail, 100 - tail])
    return round(float(low), 4), round(float(high), 4)


def movers(
    points: pd.DataFrame,
    before: Period,
    recent: Period,
    *,
    top: int = 6,
    min_points: int = 3,
    n_boot: int = 1000,
    level: float = 0.9,
    seed: int = 0,
) -> list[Mover]:
    """The actors whose mean stance changed most from `before` to `recent` (per-article points).

    Actors with at least `min_points` points in each period come first, largest change first,
    each with a bootstrap interval; then up to `top` actors seen in both periods but too rarely
    to say (`enough=False`). Actors seen in one period only cannot be compared and are left out.
    """
    dated = points.dropna(subset=["published", "score"])
    in_before, in_recent = dated[before.contains(dated["published"])], dated[recent.contains(dated["published"])]
    b_groups, r_groups = dict(tuple(in_before.groupby("actor"))), dict(tuple(in_recent.groupby("actor")))
    rows = []
    for actor in sorted(set(b_groups) & set(r_groups)):
        b, r = b_groups[actor], r_groups[actor]
        mean_b, mean_r = float(b["score"].mean()), float(r["score"].mean())
        rows.append(
            Mover(
                actor,
                round(mean_b, 4),
                round(mean_r, 4),
                len(b),
                len(r),
                round(mean_r - mean_b, 4),
                enough=min(len(b), len(r)) >= min_points,
            )
        )
    ranked = sorted((m for m in rows if m.enough), key=lambda m: (-abs(m.change), m.actor))[:top]
    thin_ones = sorted((m for m in rows if not m.enough), key=lambda m: (-(m.n_before + m.n_recent), m.actor))[:top]
    for mover in ranked:
        b, r = b_groups[mover.actor], r_groups[mover.actor]
        mover.low, mover.high = bootstrap_interval(b["score"].to_numpy(), r["score"].to_numpy(), n_boot, level, seed)
    for mover in ranked + thin_ones:
        mover.evidence = _evidence(b_groups[mover.actor], r_groups[mover.actor], mover)
    return ranked + thin_ones


def _evidence(before: pd.DataFrame, recent: pd.DataFrame, mover: Mover, recent_quotes: int = 2) -> list[Evidence]:
    """The recent points that moved furthest in the direction of the change, and the before point
    furthest the other way: what was said then, and what is said now."""
    direction = 1.0 if mover.change >= 0 else -1.0
    now = recent.assign(pull=(recent["score"] - mover.before) * direction).nlargest(recent_quotes, "pull")
    then = before.assign(pull=(mover.recent - before["score"]) * direction).nlargest(1, "pull")
    return [_as_evidence(row, "before") for row in then.itertuples()] + [
        _as_evidence(row, "recent") for row in now.itertuples()
    ]


def _as_evidence(row, period: str) -> Evidence:
    published = pd.Timestamp(row.published).date() if pd.notna(row.published) else None
    return Evidence(int(row.quote_id), int(row.article_id), published, float(row.score), period)


# ----- briefing: one actor's position now and at a chosen date ----------------------------------


@dataclass
class ActorBrief:
    actor: str
    current: float | None  # stance over the latest window up to the newest article
    n_current: int
    then: float | None  # stance over the window up to `since`
    n_then: int
    change: float | None
    key_points: list[Evidence] = field(default_factory=list)


def stance_near(
    points: pd.DataFrame, when: date, window_days: int = 30, min_points: int = 3
) -> tuple[float | None, int]:
    """Mean stance of one actor's points in the `window_days` up to `when`; when that window holds
    fewer than `min_points`, the last `min_points` points up to `when` instead."""
    dated = points.dropna(subset=["published"])
    published = pd.to_datetime(dated["published"])
    upto = dated[published <= pd.Timestamp(when)].sort_values("published")
    if upto.empty:
        return None, 0
    window = upto[pd.to_datetime(upto["published"]) > pd.Timestamp(when - timedelta(days=window_days))]
    chosen = window if len(window) >= min_points else upto.tail(min_points)
    return round(float(chosen["score"].mean()), 4), len(chosen)


def actor_brief(
    points: pd.DataFrame, actor: str, since: date, latest: date | None = None, quotes: int = 3
) -> ActorBrief:
    """Where an actor stands now, where it stood at `since`, and the points since then that matter
    most (furthest from the earlier stance, or the strongest when there was none)."""
    own = points[points["actor"] == actor].dropna(subset=["published"])
    latest = latest or (pd.to_datetime(own["published"]).max().date() if not own.empty else since)
    current, n_current = stance_near(own, latest)
    then, n_then = stance_near(own, since)
    change = round(current - then, 4) if current is not None and then is not None else None
    after = own[pd.to_datetime(own["published"]) > pd.Timestamp(since)]
    if after.empty:
        after = own
    reference = then if then is not None else 0.0
    chosen = (
        after.assign(pull=(after["score"] - reference).abs())
        .nlargest(quotes, "pull")
        .sort_values("published", ascending=False)
    )
    return ActorBrief(
        actor, current, n_current, then, n_then, change, [_as_evidence(row, "recent") for row in chosen.itertuples()]
    )


# ----- the review queue: uncertain calls for an analyst to confirm or correct ------------------------


def review_queue(rows: pd.DataFrame, focus: Iterable[str] = (), limit: int = 50) -> pd.DataFrame:
    """The uncertain statements (stance_rows with `uncertain`), the most worth an analyst's minute first.

    Priority = how unsure the model is (1 - top probability) x impact, where impact doubles for the
    focus actors (the ones on the briefing screen) and halves over each 30 days before the newest
    article: a doubtful call about a focus actor this week moves the screen most. Returns the rows
    with a `priority` column, highest first.
    """
    pending = rows[rows["uncertain"].astype(bool)] if not rows.empty else rows
    if pending.empty:
        return pending.assign(priority=pd.Series(dtype=float))
    published = pd.to_datetime(pending["published"])
    newest = published.max()
    age_days = (
        (newest - published).dt.days.fillna(365).clip(lower=0)
        if pd.notna(newest)
        else pd.Series(365, index=pending.index)
    )
    recency = 0.5 ** (age_days / 30)
    focus_weight = np.where(pending["actor"].isin(list(focus)), 2.0, 1.0)
    doubt = 1 - pending["model_top_p"].astype(float).fillna(1.0)
    ranked = pending.assign(priority=(doubt * focus_weight * (0.5 + recency)).round(6))
    return ranked.sort_values(["priority", "statement_id"], ascending=[False, True]).head(limit)
