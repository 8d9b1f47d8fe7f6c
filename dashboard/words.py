"""Counts and codes in words, the same way on every page."""

from __future__ import annotations

from stance.ingest.language import language_name


def plural(n: int, word: str, many: str | None = None) -> str:
    """`1 statement`, `2 statements`, `1,204 articles` (`many` for irregular plurals)."""
    return f"{n:,} {word}" if n == 1 else f"{n:,} {many or word + 's'}"


def language_choice(code: str) -> str:
    """`English (en)`: a language picker's label."""
    return f"{language_name(code)} ({code})"
