"""Feeds and the items taken from them: the store's side of `stance watch` (stance.watch does the polling).

- An item is stored once: its `feed_item` row (unique feed and item key) is written in the
  transaction that stores its article, so a watcher killed between items leaves each item either
  wholly stored and marked, or neither; a rerun takes up exactly the unmarked ones.
- One poller per feed at a time (`poll_lock`): on PostgreSQL a session advisory lock on the feed's
  id, held by one connection for the whole poll and dropped by the server if the process dies; on
  SQLite an flock on a small file beside the database, dropped by the kernel likewise. Two watchers
  on one store therefore share the feeds instead of polling each twice. The unique keys hold even
  without the lock; it saves fetching and analysing the same page twice.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Literal, get_args

from sqlalchemy import delete, or_, select, text, update
from sqlalchemy.exc import DBAPIError

from stance.store.database import Database, Writer
from stance.store.models import ArticleRow, FeedItemRow, FeedRow

if TYPE_CHECKING:
    from stance.records import Analysis
    from stance.store.repository import Store

# What became of one feed item; the first three are final (never taken again), "failed" is retried a few times.
ItemStatus = Literal["stored", "duplicate", "rejected", "failed"]
ITEM_STATUSES: tuple[ItemStatus, ...] = get_args(ItemStatus)
FINAL: tuple[ItemStatus, ...] = ITEM_STATUSES[:3]
_LOCK_SPACE = 72_620_174  # pg_try_advisory_lock(space, feed id): this space is ours (migrations use the one-key form)


@dataclass
class Feed:
    id: int
    url: str
    conflict: str | None
    title: str | None
    added_at: datetime
    etag: str | None
    last_modified: str | None
    last_polled_at: datetime | None
    last_success_at: datetime | None
    last_error: str | None
    last_error_at: datetime | None
    consecutive_failures: int
    next_poll_at: datetime | None
    items_stored: int

    @property
    def health(self) -> str:
        """ "new" (never polled), "ok" (its last poll worked) or "failing" (its last polls failed)."""
        if self.last_polled_at is None:
            return "new"
        return "failing" if self.consecutive_failures else "ok"

    def as_json(self) -> dict:
        return {
            **{k: v.isoformat() if isinstance(v, datetime) else v for k, v in asdict(self).items()},
            "health": self.health,
        }


def _plain(text: str, limit: int) -> str:
    """A feed's title or a server's words as one plain line: no control characters (a terminal's escape
    sequences), no line breaks, bounded. The faces still escape it for HTML and Markdown."""
    line = " ".join("".join(ch if ch.isprintable() else " " for ch in str(text)).split())
    return line if len(line) <= limit else line[: limit - 1] + "…"


def _feed(row: FeedRow) -> Feed:
    return Feed(**{name: getattr(row, name) for name in Feed.__dataclass_fields__})


# ----- the list of feeds ------------------------------------------------------------------------------
def add(db: Writer, url: str, conflict: str | None) -> Feed:
    def work(session) -> Feed:
        existing = session.scalar(select(FeedRow).where(FeedRow.url == url))
        if existing is not None:
            raise ValueError(f"{url} is already watched (feed {existing.id}).")
        row = FeedRow(url=url, conflict=conflict, consecutive_failures=0, items_stored=0)
        session.add(row)
        session.flush()
        return _feed(row)

    return db.write(work)


def feeds(db: Database) -> list[Feed]:
    with db.read() as session:
        return [_feed(row) for row in session.scalars(select(FeedRow).order_by(FeedRow.id))]


def get(db: Database, feed_id: int) -> Feed | None:
    with db.read() as session:
        row = session.get(FeedRow, feed_id)
        return _feed(row) if row is not None else None


def find(db: Database, url_or_id: str | int) -> Feed:
    """A feed by its id or its exact address; LookupError naming what was asked for."""
    wanted = str(url_or_id).strip()
    with db.read() as session:
        row = (
            session.get(FeedRow, int(wanted))
            if wanted.isdigit()
            else session.scalar(select(FeedRow).where(FeedRow.url == wanted))
        )
        if row is None:
            raise LookupError(f"No feed {wanted}. `stance feeds list` shows the watched feeds with their ids.")
        return _feed(row)


def remove(db: Writer, feed_id: int) -> None:
    """The feed and its item marks go; the articles it brought stay."""

    def work(session) -> None:
        row = session.get(FeedRow, feed_id)
        if row is None:
            raise LookupError(f"No feed {feed_id}. Refresh the list and try again.")
        session.execute(
            delete(FeedItemRow).where(FeedItemRow.feed_id == feed_id).execution_options(synchronize_session=False)
        )
        session.delete(row)

    db.write(work)


def due(db: Database, now: datetime) -> list[Feed]:
    """Feeds whose next poll is due (new feeds first, then the longest waiting)."""
    with db.read() as session:
        query = select(FeedRow).where(or_(FeedRow.next_poll_at.is_(None), FeedRow.next_poll_at <= now))
        return [
            _feed(row)
            for row in session.scalars(
                query.order_by(FeedRow.next_poll_at.is_not(None), FeedRow.next_poll_at, FeedRow.id)
            )
        ]


# ----- health ------------------------------------------------------------------------------------------
def record_success(
    db: Database,
    feed_id: int,
    now: datetime,
    next_poll_at: datetime,
    *,
    title: str | None = None,
    validators: tuple[str | None, str | None] | None = None,
    problem: str | None = None,
) -> None:
    """A poll that read the feed. `validators` (ETag, Last-Modified) replace the stored ones when given;
    `problem` (a feed read despite flaws) is kept as the last error, though the poll counts as a success."""
    values: dict = {
        "last_polled_at": now,
        "last_success_at": now,
        "consecutive_failures": 0,
        "next_poll_at": next_poll_at,
    }
    if title:
        values["title"] = _plain(title, 500)
    if validators is not None:
        values["etag"], values["last_modified"] = validators
    if problem:
        values["last_error"], values["last_error_at"] = _plain(problem, 1000), now
    db.write(lambda session: session.execute(update(FeedRow).where(FeedRow.id == feed_id).values(**values)))


def record_failure(
    db: Database, feed_id: int, now: datetime, error: str, interval_s: int, max_backoff_s: int
) -> Feed | None:
    """A poll that failed: the error is kept and the feed waits interval x 2^failures (at most max_backoff_s)."""

    def work(session) -> Feed | None:
        row = session.get(FeedRow, feed_id)
        if row is None:
            return None
        row.consecutive_failures = (row.consecutive_failures or 0) + 1
        wait = min(interval_s * 2 ** min(row.consecutive_failures, 30), max(max_backoff_s, interval_s))
        row.last_polled_at, row.last_error, row.last_error_at = now, _plain(error, 1000), now
        row.next_poll_at = now + timedelta(seconds=wait)
        return _feed(row)

    return db.write(work)


# ----- items ---------------------------------------------------------------------------------------------
def taken_keys(db: Database, feed_id: int, keys: Iterable[str], attempts: int) -> set[str]:
    """The item keys of this feed not to take again: dealt with for good, or failed `attempts` times."""
    keys = list(set(keys))
    if not keys:
        return set()
    done = or_(FeedItemRow.status.in_(FINAL), FeedItemRow.attempts >= attempts)
    with db.read() as session:
        return set(
            session.scalars(
                select(FeedItemRow.item_key).where(FeedItemRow.feed_id == feed_id, FeedItemRow.item_key.in_(keys), done)
            )
        )


def article_with_url(db: Database, url: str | None) -> int | None:
    """A stored article with this exact address (ingested by URL, or from another feed), if any."""
    if not url:
        return None
    with db.read() as session:
        return session.scalar(select(ArticleRow.id).where(ArticleRow.url == url).order_by(ArticleRow.id).limit(1))


def _mark(session, feed_id: int, key: str, status: ItemStatus, article_id: int | None, error: str | None) -> bool:
    """Write the item's mark; False when it was already dealt with for good (another watcher was quicker)."""
    if session.get(FeedRow, feed_id) is None:
        raise LookupError(f"Feed {feed_id} was removed while it was being polled.")
    row = session.scalar(select(FeedItemRow).where(FeedItemRow.feed_id == feed_id, FeedItemRow.item_key == key))
    error = _plain(error, 1000) if error else None
    if row is None:
        session.add(
            FeedItemRow(feed_id=feed_id, item_key=key, status=status, article_id=article_id, error=error, attempts=1)
        )
        return True
    if row.status in FINAL:
        return False
    row.status, row.article_id, row.error, row.attempts = status, article_id, error, row.attempts + 1
    return True


def mark_item(
    db: Database, feed_id: int, key: str, status: ItemStatus, *, article_id: int | None = None, error: str | None = None
) -> int:
    """Mark an item that stores nothing new: "duplicate" (of article_id), "rejected" or "failed" (with why).
    Returns how many times it has now been tried."""

    def work(session) -> int:
        _mark(session, feed_id, key, status, article_id, error)
        session.flush()
        return session.scalar(
            select(FeedItemRow.attempts).where(FeedItemRow.feed_id == feed_id, FeedItemRow.item_key == key)
        )

    return db.write(work)


def save_item(
    store: Store, feed_id: int, key: str, analysis: Analysis, content_hash: str
) -> tuple[ItemStatus | Literal["taken"], int | None, int]:
    """The item's article (with its statements and scores) and its mark, in one transaction.

    Returns (status, article id, statements): "stored", or "duplicate" when the same text was
    stored meanwhile, or "taken" when another watcher marked the item first (nothing written).
    """

    def work(session) -> tuple[ItemStatus | Literal["taken"], int | None, int]:
        marked = session.scalar(
            select(FeedItemRow.status).where(FeedItemRow.feed_id == feed_id, FeedItemRow.item_key == key)
        )
        if marked in FINAL:
            return "taken", None, 0
        saved = store._save(session, analysis, content_hash)  # the store's own save, inside this transaction
        _mark(session, feed_id, key, saved.status, saved.article_id, None)
        if saved.status == "stored":
            session.execute(update(FeedRow).where(FeedRow.id == feed_id).values(items_stored=FeedRow.items_stored + 1))
        return saved.status, saved.article_id, saved.statements

    return store.db.write(work)


def items(db: Database, feed_id: int) -> list[dict]:
    """Every item mark of a feed, oldest first (for tests and for a closer look at a feed)."""
    with db.read() as session:
        rows = session.scalars(select(FeedItemRow).where(FeedItemRow.feed_id == feed_id).order_by(FeedItemRow.id))
        return [
            {
                "key": r.item_key,
                "status": r.status,
                "article_id": r.article_id,
                "error": r.error,
                "attempts": r.attempts,
                "first_seen": r.first_seen,
            }
            for r in rows
        ]


# ----- one poller per feed ----------------------------------------------------------------------------
@contextmanager
def poll_lock(db: Database, feed_id: int) -> Iterator[bool]:
    """Yields True when this process may poll the feed now, False when another poller holds it."""
    dialect = db.engine.dialect.name
    if dialect == "postgresql":
        with _advisory_lock(db, feed_id) as mine:
            yield mine
    elif dialect == "sqlite" and db.engine.url.database not in (None, "", ":memory:"):
        with _file_lock(Path(f"{db.engine.url.database}.feed-locks") / f"feed-{feed_id}.lock") as mine:
            yield mine
    else:  # a private in-memory database: no other process can see it
        yield True


@contextmanager
def _advisory_lock(db: Database, feed_id: int) -> Iterator[bool]:
    keys = {"space": _LOCK_SPACE, "feed": feed_id}
    with db.engine.connect() as connection:
        mine = bool(connection.execute(text("SELECT pg_try_advisory_lock(:space, :feed)"), keys).scalar())
        connection.commit()  # a session lock: it outlives the transaction, and ends with the connection
        try:
            yield mine
        finally:
            if mine:
                try:
                    connection.execute(text("SELECT pg_advisory_unlock(:space, :feed)"), keys)
                    connection.commit()
                except DBAPIError:
                    connection.invalidate()  # closing the connection releases the lock; never pool it still held


@contextmanager
def _file_lock(path: Path) -> Iterator[bool]:
    import fcntl  # POSIX only, as is SQLite shared between processes here

    path.parent.mkdir(parents=True, exist_ok=True)
    handle = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            yield False
            return
        try:
            yield True
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
    finally:
        os.close(handle)
