"""Polling: each due feed fetched with a conditional GET, each new item's page fetched, analysed and stored once.

One poll of one feed:
1. Take the feed's poll lock (stance.store.feeds.poll_lock); another watcher holding it -> "busy".
2. GET the feed with its stored ETag / Last-Modified. 304 -> nothing to do. A network or HTTP
   error, or a document that is no feed -> the error is kept on the feed and it backs off
   (interval x 2^failures, at most STANCE_FEED_MAX_BACKOFF_S).
3. Items not yet dealt with, at most STANCE_FEED_MAX_ITEMS, in document order. For each:
   - its link is already an article's address -> "duplicate", nothing fetched;
   - its page is fetched (SSRF-guarded, stance.fetch) and read as any web page is (stance.ingest:
     main text, cleaning, language); the item's own title and date win over the page's;
   - the page gives no article (HTTP error, not a page, no text) -> the item's own text is used
     instead when the feed carries at least FALLBACK_MIN_CHARS of it (full-text feeds);
     a teaser is not: it would be stored as the article and the real page never after;
   - no article still -> "rejected" for good when the site said so (HTTP 4xx, not a web page, no
     link) or the address is refused (the SSRF guard, a redirect to a private address), else "failed" (timeout, 5xx, 429, a page that gave no article text or took too long to
     read): tried again in later polls, STANCE_FEED_ITEM_ATTEMPTS times in all;
   - the same text stored already -> "duplicate"; else analysed by the pipeline and stored with
     the item's mark in one transaction -> "stored".
4. The feed's validators are kept only when every item of the document was dealt with; otherwise
   the next poll asks for the whole document again and takes the rest.

Requests to one host are at least STANCE_FEED_HOST_GAP_S apart. `stop` (an Event, set on SIGTERM)
is checked between items and ends every wait at once; an item in progress finishes or is rolled back.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Literal
from urllib.parse import urlsplit

from stance import alerts
from stance.config import WatchLimits, watch_limits
from stance.fetch import FetchError, fetch_url, is_page, media_type, url_label
from stance.ingest import IngestError, LoadResult, RawDocument, content_hash, load_web_page
from stance.pipeline import stored_message
from stance.store import Store
from stance.store import feeds as feed_rows
from stance.store.errors import describe
from stance.store.feeds import Feed, ItemStatus
from stance.store.models import utcnow
from stance.store.repository import SOURCE_CHARS
from stance.watch.parse import FeedItem, ParsedFeed, read_feed

FALLBACK_MIN_CHARS = 500  # an item's own text shorter than this is a teaser, not the article
IDLE_CHECK_S = 30  # the loop looks for newly added feeds at least this often
log = logging.getLogger(__name__)
# "busy": another watcher has the feed; "waiting": backing off after failures; "removed": deleted mid-poll
PollStatus = Literal["ok", "not modified", "error", "busy", "waiting", "removed"]


@dataclass
class ItemOutcome:
    key: str
    name: str  # the item's link, or its key when it has none, fit for a message
    status: ItemStatus
    message: str
    article_id: int | None = None
    statements: int = 0
    retry: bool = False  # "failed" with attempts left: taken again in a later poll


@dataclass
class PollResult:
    feed_id: int
    url: str
    status: PollStatus
    items: list[ItemOutcome] = field(default_factory=list)
    left: int = 0  # new items left for the next poll (over the per-poll bound, or stopped)
    error: str | None = None  # why the poll failed, or the flaw of a feed read despite it
    seconds: float = 0.0
    next_poll_at: datetime | None = None
    failures: int = 0

    def count(self, status: ItemStatus) -> int:
        return sum(item.status == status for item in self.items)

    def line(self) -> str:
        """The one log line of this poll."""
        head = f"feed {self.feed_id} {url_label(self.url, 120)}:"
        when = self.next_poll_at.strftime("%Y-%m-%d %H:%M UTC") if self.next_poll_at else "now"
        if self.status == "error":
            return f"{head} error: {self.error} ({_count(self.failures, 'failure')} in a row; next try {when})"
        if self.status == "busy":
            return f"{head} skipped: another watcher is polling it"
        if self.status == "waiting":
            return f"{head} skipped: backing off after {_count(self.failures, 'failure')} in a row until {when}"
        if self.status == "removed":
            return f"{head} removed while it was being polled"
        if self.status == "not modified":
            return f"{head} not modified (HTTP 304) in {self.seconds:.1f} s"
        counts = ", ".join(f"{self.count(s)} {s}" for s in ("stored", "duplicate", "rejected", "failed"))
        left = f", {self.left} left for the next poll" if self.left else ""
        flaw = f"; warning: {self.error}" if self.error else ""
        return f"{head} {_count(len(self.items), 'new item')}: {counts}{left} in {self.seconds:.1f} s{flaw}"


def _count(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


class HostThrottle:
    """At least `gap_s` seconds between two requests to one host (this process's requests)."""

    def __init__(self, gap_s: float, stop: threading.Event):
        self.gap_s = gap_s
        self.stop = stop
        self._last: dict[str, float] = {}

    def wait(self, url: str) -> None:
        host = (urlsplit(url).hostname or "").lower()
        ready = self._last.get(host, float("-inf")) + self.gap_s
        delay = ready - time.monotonic()
        if delay > 0:
            self.stop.wait(delay)
        self._last[host] = time.monotonic()


class Watcher:
    """Polls feeds into one store. `pipeline` analyses articles (a stance.bulk.LazyPipeline loads the
    models only when some item is new); `fetch_options` go to every fetch_url (timeout, max_bytes...)."""

    def __init__(
        self,
        store: Store,
        pipeline,
        *,
        interval_s: int | None = None,
        limits: WatchLimits | None = None,
        stop: threading.Event | None = None,
        fetch_options: dict | None = None,
    ):
        self.store = store
        self.pipeline = pipeline
        self.limits = limits or watch_limits()
        self.interval_s = interval_s or self.limits.interval_s
        self.stop = stop or threading.Event()
        self.throttle = HostThrottle(self.limits.host_gap_s, self.stop)
        self.fetch_options = fetch_options or {}
        self._resting: dict[int, float] = {}  # feed id -> when (monotonic) to try a feed another watcher held

    # ----- the loop ------------------------------------------------------------------------------
    def run(self, *, once: bool = False, report: Callable[[PollResult], None] = lambda result: None) -> None:
        """Poll due feeds until `stop` is set. once: poll every feed once (the schedule is cron's; a feed
        backing off after failures still waits) and return."""
        if once:
            now = utcnow()
            for feed in feed_rows.feeds(self.store.db):
                if self.stop.is_set():
                    return
                if feed.consecutive_failures and feed.next_poll_at and feed.next_poll_at > now:
                    report(
                        PollResult(
                            feed.id,
                            feed.url,
                            "waiting",
                            next_poll_at=feed.next_poll_at,
                            failures=feed.consecutive_failures,
                        )
                    )
                else:
                    report(self.poll(feed.id))
            return
        while not self.stop.is_set():
            for feed in feed_rows.due(self.store.db, utcnow()):
                if self.stop.is_set():
                    return
                if self._resting.get(feed.id, 0.0) > time.monotonic():
                    continue
                result = self.poll(feed.id)
                if result.status == "busy":  # another watcher has it: look again later, not at once
                    self._resting[feed.id] = time.monotonic() + IDLE_CHECK_S
                report(result)
            self.stop.wait(self._idle_s())

    def _idle_s(self) -> float:
        """Until the next feed of ours is due, at least 0.5 s, at most IDLE_CHECK_S (new feeds are seen by then)."""
        now, awake = utcnow(), time.monotonic()
        waits = [
            (feed.next_poll_at - now).total_seconds() if feed.next_poll_at else 0.0
            for feed in feed_rows.feeds(self.store.db)
            if self._resting.get(feed.id, 0.0) <= awake
        ]
        return min(max(min(waits, default=IDLE_CHECK_S), 0.5), IDLE_CHECK_S)

    # ----- one feed ------------------------------------------------------------------------------
    def poll(self, feed_id: int) -> PollResult:
        started = time.monotonic()
        with feed_rows.poll_lock(self.store.db, feed_id) as mine:
            feed = feed_rows.get(self.store.db, feed_id)
            if feed is None:
                return PollResult(feed_id, "?", "removed")
            if not mine:
                return PollResult(feed.id, feed.url, "busy")
            try:
                result = self._poll(feed)
            except LookupError:  # removed from the store while we polled it
                result = PollResult(feed.id, feed.url, "removed")
            except Exception as exc:  # a bug or a database error: this feed backs off, the others go on
                log.exception("polling feed %s failed", feed.id)
                result = self._failed(
                    feed, utcnow(), f"could not be polled ({describe(exc)})."
                )  # never the SQL or its parameters
        result.seconds = time.monotonic() - started
        return result

    def _poll(self, feed: Feed) -> PollResult:
        now = utcnow()
        self.throttle.wait(feed.url)
        try:
            fetched = fetch_url(feed.url, etag=feed.etag, last_modified=feed.last_modified, **self.fetch_options)
            if fetched.not_modified:
                next_at = now + timedelta(seconds=self.interval_s)
                feed_rows.record_success(self.store.db, feed.id, now, next_at)
                return PollResult(feed.id, feed.url, "not modified", next_poll_at=next_at)
            parsed = read_feed(fetched.body, url=fetched.final_url, content_type=fetched.headers.get("content-type"))
        except FetchError as error:
            return self._failed(feed, now, error.reason)
        except IngestError as error:  # the parser ran out of time or memory
            return self._failed(feed, now, error.reason.replace("to read", "to read as a feed", 1))
        if not parsed.is_feed:
            return self._failed(feed, now, parsed.problem or "is not an RSS or Atom feed.")
        return self._take_items(feed, now, parsed, (fetched.headers.get("etag"), fetched.headers.get("last-modified")))

    def _failed(self, feed: Feed, now: datetime, error: str) -> PollResult:
        updated = feed_rows.record_failure(
            self.store.db, feed.id, now, error, self.interval_s, self.limits.max_backoff_s
        )
        if updated is None:
            return PollResult(feed.id, feed.url, "removed")
        return PollResult(
            feed.id,
            feed.url,
            "error",
            error=error,
            next_poll_at=updated.next_poll_at,
            failures=updated.consecutive_failures,
        )

    def _take_items(
        self, feed: Feed, now: datetime, parsed: ParsedFeed, validators: tuple[str | None, str | None]
    ) -> PollResult:
        done = feed_rows.taken_keys(
            self.store.db, feed.id, [item.key for item in parsed.items], self.limits.item_attempts
        )
        new = [item for item in parsed.items if item.key not in done]
        outcomes: list[ItemOutcome] = []
        for item in new[: self.limits.max_items]:
            if self.stop.is_set():
                break
            try:
                outcomes.append(self._take(feed, parsed, item))
            except LookupError:
                raise
            except Exception as exc:  # a bug on an odd item: it is tried again a few times, the others go on
                log.exception("taking %s from feed %s failed", item.link or item.key, feed.id)
                message = f"could not be stored ({describe(exc)}); nothing of it was saved"
                outcomes.append(self._mark(feed, item, url_label(item.link or item.key, 160), "failed", message))
        if any(o.status == "stored" for o in outcomes):
            alerts.after_write(self.store)  # never raises
        left = len(new) - len(outcomes)
        complete = left == 0 and not any(o.retry for o in outcomes)
        next_at = now if left else now + timedelta(seconds=self.interval_s)  # a backlog is taken up on the next round
        feed_rows.record_success(
            self.store.db,
            feed.id,
            now,
            next_at,
            title=parsed.title,
            validators=validators if complete else (None, None),
            problem=parsed.problem,
        )
        return PollResult(feed.id, feed.url, "ok", outcomes, left, parsed.problem, next_poll_at=next_at)

    # ----- one item ------------------------------------------------------------------------------
    def _take(self, feed: Feed, parsed: ParsedFeed, item: FeedItem) -> ItemOutcome:
        name = url_label(item.link or item.key, 160)
        known = feed_rows.article_with_url(self.store.db, item.link)
        if known is not None:
            return self._mark(
                feed, item, name, "duplicate", "already stored (the same address); kept the earlier copy", known
            )
        loaded, may_retry = self._load(item, name)
        if loaded.article is None:
            return self._mark(
                feed, item, name, "failed" if may_retry else "rejected", loaded.error or "gave no article"
            )
        article = loaded.article
        if article.source is None and parsed.title:
            article.source = parsed.title[:SOURCE_CHARS]
        digest = content_hash(article.text)
        known = self.store.find_article(digest) or (
            feed_rows.article_with_url(self.store.db, article.url) if article.url != item.link else None
        )
        if known is not None:
            return self._mark(feed, item, name, "duplicate", "already stored; kept the earlier copy", known)
        try:
            analysis = self.pipeline.analyze(article)
        except Exception as exc:  # a bug on odd input: this item is tried again in later polls, the others go on
            log.exception("analysing %s failed", name)
            return self._mark(
                feed,
                item,
                name,
                "failed",
                f"could not be analysed ({type(exc).__name__}: {exc}); nothing of it was saved",
            )
        status, article_id, statements = feed_rows.save_item(self.store, feed.id, item.key, analysis, digest)
        if status == "taken":
            return ItemOutcome(item.key, name, "duplicate", "taken by another watcher meanwhile")
        if status == "duplicate":
            return ItemOutcome(item.key, name, "duplicate", "already stored; kept the earlier copy", article_id)
        return ItemOutcome(item.key, name, "stored", stored_message(statements, article), article_id, statements)

    def _mark(
        self, feed: Feed, item: FeedItem, name: str, status: ItemStatus, message: str, article_id: int | None = None
    ) -> ItemOutcome:
        attempts = feed_rows.mark_item(
            self.store.db, feed.id, item.key, status, article_id=article_id, error=None if article_id else message
        )
        retry = status == "failed" and attempts < self.limits.item_attempts
        if status == "failed":
            message += f" (attempt {attempts} of {self.limits.item_attempts}" + (
                "; tried again in the next poll)" if retry else "; given up)"
            )
        return ItemOutcome(item.key, name, status, message, article_id, retry=retry)

    def _load(self, item: FeedItem, name: str) -> tuple[LoadResult, bool]:
        """The item's article from its page, else from the feed's own text; and whether a failure may pass."""
        row = RawDocument(
            text="", title=item.title, date=item.published
        )  # the feed's title and date win over the page's
        failed, may_retry = (
            LoadResult(name, error="has no link to a page and too little text of its own to be an article."),
            False,
        )
        if item.link:
            self.throttle.wait(item.link)
            try:
                fetched = fetch_url(item.link, **self.fetch_options)
                if not is_page(fetched.headers.get("content-type")):
                    failed = LoadResult(
                        name, error=f"is not a web page but {media_type(fetched.headers.get('content-type'))[:60]}."
                    )
                else:  # a page that gives no article may be one tomorrow, or was read on a busy machine
                    failed, may_retry = (
                        load_web_page(name, fetched.body, url=fetched.final_url, encoding=fetched.encoding, row=row),
                        True,
                    )
                    if failed.article is not None:
                        return failed, False
            except FetchError as error:
                failed, may_retry = (
                    LoadResult(name, error=error.reason),
                    error.may_pass,
                )  # a refused address or a 4xx: never
        if item.content and len(item.content) >= FALLBACK_MIN_CHARS:
            page = f"<html><head><title></title></head><body><article>{item.content}</article></body></html>".encode()
            own = load_web_page(name, page, url=item.link, row=row)
            if own.article is not None and len(own.article.text) >= FALLBACK_MIN_CHARS:
                return own, False
        return failed, may_retry
