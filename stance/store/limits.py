"""What the store's bounded columns hold, checked before a write, so a long value gets a message that
says which field and how long it may be, the same on SQLite (which would store it) and PostgreSQL
(which would refuse it with the SQL and the whole article in the message).

The sizes are read from the models, so a migration that widens a column widens its check.
"""

from __future__ import annotations

from stance.records import Analysis
from stance.store.models import ActorRow, ArticleRow, CorrectionRow, StatementRow

SOURCE_CHARS = ArticleRow.source.type.length
FILE_NAME_CHARS = ArticleRow.file_name.type.length
ACTOR_NAME_CHARS = ActorRow.name.type.length
AFFILIATION_CHARS = ActorRow.affiliation.type.length
ANALYST_CHARS = CorrectionRow.analyst.type.length


class TooLong(ValueError):
    """A value longer than its column: the message names the field, its length and the limit."""


def check_length(what: str, value: str | None, limit: int | None) -> None:
    if value is not None and limit and len(value) > limit:
        raise TooLong(f"The {what} is {len(value):,} characters long; at most {limit:,} fit. Shorten it and try again.")


def check_analyst(analyst: str | None) -> None:
    check_length("analyst name", analyst, ANALYST_CHARS)


def check_actor_name(name: str | None) -> None:
    check_length("actor name", name, ACTOR_NAME_CHARS)


def check_analysis(analysis: Analysis) -> None:
    """Every bounded field of an article, its actors and its statements."""
    article = analysis.article
    for what, value, column in (
        ("source", article.source, ArticleRow.source),
        ("file name", article.file_name, ArticleRow.file_name),
        ("date source", article.date_source, ArticleRow.date_source),
        ("language", article.language, ArticleRow.language),
    ):
        check_length(what, value, column.type.length)
    for actor in analysis.actors.values():
        check_length("speaker's name", actor.name, ACTOR_NAME_CHARS)
        check_length(f"affiliation of {actor.name}", actor.affiliation, AFFILIATION_CHARS)
        check_length(f"role of {actor.name}", actor.role, ActorRow.role.type.length)
        check_length(f"kind of {actor.name}", actor.kind, ActorRow.kind.type.length)
    for scored in analysis.statements:
        s = scored.statement
        check_length("speaker's name", s.speaker, StatementRow.attributed_as.type.length)
        check_length("statement kind", s.kind, StatementRow.kind.type.length)
        check_length("speech verb", s.cue, StatementRow.cue.type.length)
        check_length("channel", s.channel, StatementRow.channel.type.length)
