"""The filters the faces apply to stored statements (a plain record: queries and the store share it)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass
class Filters:
    start: date | None = None
    end: date | None = None
    actors: list[str] | None = None
    kinds: list[str] | None = None
    sources: list[str] | None = None
    conflicts: list[str] | None = None  # derived from the actor registry's conflict tags
