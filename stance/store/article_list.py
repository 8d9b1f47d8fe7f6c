"""The Articles page's list, read in the database.

At 200,000 articles the page needs the newest 200 that match, how many match, how many are
undated and which languages there are; reading every article with its statement count
(Store.articles) took 1.7 s. The search is literal text in the title, the source or the article
text, any case (as Store.articles).
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
from sqlalchemy import Select, func, or_, select

from stance.ingest.language import ENGLISH
from stance.store.database import Database
from stance.store.models import ArticleRow

LIST_COLUMNS = ["id", "title", "source", "published", "file_name", "url", "language"]
_LANGUAGE = func.coalesce(ArticleRow.language, ENGLISH)  # an article stored without one was read as English


@dataclass(frozen=True)
class ArticleCounts:
    found: int  # articles the search matches (all of them without one)
    undated: int  # of those, how many have no date
    languages: list[str]  # of those, their language codes, English first


def searched(query: Select, search: str | None) -> Select:
    """`query` (over article) narrowed to the articles whose title, text or source holds `search`."""
    if not search:
        return query
    columns = (ArticleRow.title, ArticleRow.text, ArticleRow.source)
    # Literal text: %, _ and \ in a search match themselves, not any text (autoescape)
    return query.where(or_(*(column.icontains(search, autoescape=True) for column in columns)))


def article_counts(db: Database, search: str | None = None) -> ArticleCounts:
    """How many articles the search matches, how many of them are undated, and their languages."""
    with db.read() as session:
        found, undated = session.execute(
            searched(select(func.count(), func.count() - func.count(ArticleRow.published)), search)
        ).one()
        languages = session.scalars(searched(select(_LANGUAGE).distinct(), search)).all()
    return ArticleCounts(int(found), int(undated or 0), sorted(languages, key=lambda code: (code != ENGLISH, code)))


def article_rows(
    db: Database,
    search: str | None = None,
    undated_only: bool = False,
    languages: list[str] | None = None,
    limit: int = 200,
    include: int | None = None,
) -> tuple[pd.DataFrame, int]:
    """(the newest `limit` articles that match, newest first and undated last, in LIST_COLUMNS; how
    many match in all). `include`: an article id to list first although it is older, when the
    search matches it (an article opened from a chart or a link)."""
    matches = searched(select(*(getattr(ArticleRow, c) for c in LIST_COLUMNS)), search)
    query = matches
    if undated_only:
        query = query.where(ArticleRow.published.is_(None))
    if languages:
        query = query.where(_LANGUAGE.in_(languages))
    with db.read() as session:
        total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
        rows = list(
            session.execute(
                query.order_by(ArticleRow.published.desc().nulls_last(), ArticleRow.id.desc()).limit(limit)
            ).all()
        )
        if include is not None and include not in {row.id for row in rows}:
            rows = list(session.execute(matches.where(ArticleRow.id == include)).all()) + rows
    return pd.DataFrame(rows, columns=LIST_COLUMNS), int(total)
