"""What an alert rule says: whom it watches (scope), when it fires (condition), where it goes.

    Rule("Putin moves", "moved", threshold=0.3, days=14, actors=("Vladimir Putin",), webhook="https://hooks.slack.com/...")
        fires when Putin's mean stance over the last 14 days differs from the 14 days before by at
        least 0.3 and the 90% bootstrap interval of the difference leaves out zero;
    Rule("Flips", "sign_flip", kind="government")         a government's mean changes sign between the windows (interval as above);
    Rule("Newcomers", "new_actor", conflict="israel-gaza") an actor first heard on the conflict in the last `days`;
    Rule("Loud", "strong", threshold=0.8, actors=(...))   a statement of a watched actor with |score| >= 0.8.

A scope left empty watches every actor; actors, kind and conflict together must all hold.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field, replace
from datetime import datetime
from urllib.parse import urlsplit

from stance.records import ACTOR_KINDS, ActorKind

CONDITIONS = {
    "moved": "moved by at least X between the last N days and the N days before (interval excluding zero)",
    "sign_flip": "changed sign between the last N days and the N days before (interval excluding zero)",
    "new_actor": "an actor heard for the first time in the scope, in the last N days",
    "strong": "a statement with |score| at least Y, in the last N days",
}
EMAIL = re.compile(r"^[^@\s<>,;\"]+@[^@\s<>,;\"]+\.[^@\s<>,;\"]+$")
NAME_CHARS = 200
DEFAULT_DAYS = 14
DEFAULT_COOLDOWN_HOURS = 24.0


@dataclass(frozen=True)
class Rule:
    name: str
    condition: str  # one of CONDITIONS
    threshold: float | None = None  # moved: X (change of mean score); strong: Y (|score| of one statement)
    days: int = DEFAULT_DAYS  # the windows: the last `days` days, and (moved, sign_flip) the `days` before
    min_points: int = 3  # moved, sign_flip: articles the actor needs in each window
    actors: tuple[str, ...] = ()
    kind: ActorKind | None = None  # one of ACTOR_KINDS
    conflict: str | None = None
    webhook: str | None = None
    emails: tuple[str, ...] = ()
    cooldown_hours: float = DEFAULT_COOLDOWN_HOURS
    owner: str = "analyst"
    enabled: bool = True
    id: int | None = None
    created_at: datetime | None = None
    extra: dict = field(default_factory=dict, compare=False)

    def scope_text(self) -> str:
        parts = []
        if self.actors:
            parts.append(", ".join(self.actors))
        if self.kind:
            parts.append(f"kind {self.kind}")
        if self.conflict:
            parts.append(f"conflict {self.conflict}")
        return "; ".join(parts) or "every actor"

    def condition_text(self) -> str:
        n = f"{self.days} day{'s' if self.days != 1 else ''}"
        if self.condition == "moved":
            return (
                f"moved by at least {self.threshold:g} between the last {n} and the {n} before, interval excluding zero"
            )
        if self.condition == "sign_flip":
            return f"changed sign between the last {n} and the {n} before, interval excluding zero"
        if self.condition == "new_actor":
            return f"a new actor in the last {n}"
        return f"a statement with |score| at least {self.threshold:g} in the last {n}"

    def channels_text(self) -> str:
        parts = ([f"webhook {urlsplit(self.webhook).hostname or self.webhook}"] if self.webhook else []) + [
            f"email {a}" for a in self.emails
        ]
        return ", ".join(parts) or "no channel (listed on the Alerts page only)"

    # ----- to and from the store's row --------------------------------------------------------
    def row_values(self) -> dict:
        params: dict[str, float] = {"days": self.days, "min_points": self.min_points}
        if self.threshold is not None:
            params["threshold"] = self.threshold
        return {
            "name": self.name,
            "owner": self.owner,
            "actors": list(self.actors) or None,
            "kind": self.kind,
            "conflict": self.conflict,
            "condition": self.condition,
            "params": params,
            "webhook": self.webhook,
            "emails": list(self.emails) or None,
            "cooldown_hours": self.cooldown_hours,
            "enabled": self.enabled,
        }

    @classmethod
    def from_row(cls, row: dict) -> Rule:
        params = dict(row.get("params") or {})
        return cls(
            name=row["name"],
            condition=row["condition"],
            threshold=params.pop("threshold", None),
            days=int(params.pop("days", DEFAULT_DAYS)),
            min_points=int(params.pop("min_points", 3)),
            actors=tuple(row.get("actors") or ()),
            kind=row.get("kind"),
            conflict=row.get("conflict"),
            webhook=row.get("webhook"),
            emails=tuple(row.get("emails") or ()),
            cooldown_hours=float(row.get("cooldown_hours") or 0.0),
            owner=row.get("owner") or "analyst",
            enabled=bool(row.get("enabled", True)),
            id=row.get("id"),
            created_at=row.get("created_at"),
            extra=params,
        )

    def summary(self) -> dict:
        """The rule as JSON-ready values (`stance alerts list --json`, the alert payload)."""
        values = asdict(self)
        values.pop("extra")
        values["actors"], values["emails"] = list(self.actors), list(self.emails)
        values["created_at"] = self.created_at.isoformat() if self.created_at else None
        return values


def validated(rule: Rule) -> Rule:
    """The rule with its text tidied, or ValueError naming what is wrong and what is allowed."""
    name = " ".join(rule.name.split())
    if not name:
        raise ValueError("Give the alert rule a name.")
    if len(name) > NAME_CHARS:
        raise ValueError(f"The rule's name is longer than {NAME_CHARS} characters.")
    if rule.condition not in CONDITIONS:
        raise ValueError(f"Unknown condition {rule.condition!r}; use one of: {', '.join(CONDITIONS)}.")
    threshold = rule.threshold
    if rule.condition == "moved" and (threshold is None or not 0 < threshold <= 2):
        raise ValueError(
            "A 'moved' rule needs the change to watch for, above 0 and at most 2 (scores run from -1 to +1), e.g. 0.3."
        )
    if rule.condition == "strong" and (threshold is None or not 0 < threshold <= 1):
        raise ValueError("A 'strong' rule needs the |score| to watch for, above 0 and at most 1, e.g. 0.8.")
    if rule.condition in ("sign_flip", "new_actor"):
        threshold = None
    if not 1 <= int(rule.days) <= 366:
        raise ValueError(f"The window must be 1 to 366 days, not {rule.days}.")
    if not 1 <= int(rule.min_points) <= 1000:
        raise ValueError(f"The articles needed in each window must be 1 to 1000, not {rule.min_points}.")
    if rule.cooldown_hours is None or rule.cooldown_hours < 0:
        raise ValueError("The cooldown must be 0 hours or more.")
    if rule.kind is not None and rule.kind not in ACTOR_KINDS:
        raise ValueError(f"Unknown actor kind {rule.kind!r}; use one of: {', '.join(ACTOR_KINDS)}.")
    actors = tuple(dict.fromkeys(" ".join(a.split()) for a in rule.actors if a and a.strip()))
    conflict = rule.conflict.strip() if rule.conflict and rule.conflict.strip() else None
    webhook = rule.webhook.strip() if rule.webhook and rule.webhook.strip() else None
    if webhook:
        parts = urlsplit(webhook)
        if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
            raise ValueError(f"The webhook must be an http:// or https:// address, not {webhook[:80]!r}.")
    emails = tuple(dict.fromkeys(e.strip() for e in rule.emails if e and e.strip()))
    for address in emails:
        if not EMAIL.match(address):
            raise ValueError(f"{address[:80]!r} is not an email address.")
    owner = " ".join((rule.owner or "").split())[:100] or "analyst"
    return replace(
        rule,
        name=name,
        threshold=threshold,
        days=int(rule.days),
        min_points=int(rule.min_points),
        actors=actors,
        conflict=conflict,
        webhook=webhook,
        emails=emails,
        owner=owner,
        cooldown_hours=float(rule.cooldown_hours),
    )
