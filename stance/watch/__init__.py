"""Watching feeds: `stance watch` polls RSS and Atom feeds and stores each new item's article once.

    add_feed(store, "https://example.org/rss.xml")           # from the next poll on
    Watcher(store, LazyPipeline()).run(once=True, report=print_line)
    list_feeds(store)                                         # with health: last success, last error, items stored

The watcher runs as its own process beside the dashboard (README: a systemd unit and a compose
service). Several watchers may share one store: each feed is polled by one of them at a time, and
each item is stored once, also after a kill (stance.store.feeds). Pages are fetched with the SSRF
guard of stance.fetch and read as any web page is (stance.ingest); articles are analysed by the
same pipeline as `stance ingest`.
"""

from stance.store.feeds import Feed
from stance.watch.feeds import add_feed, feed_address, known_conflicts, list_feeds, remove_feed
from stance.watch.parse import FeedItem, ParsedFeed, parse_feed
from stance.watch.poll import ItemOutcome, PollResult, Watcher

__all__ = [
    "Feed",
    "FeedItem",
    "ItemOutcome",
    "ParsedFeed",
    "PollResult",
    "Watcher",
    "add_feed",
    "feed_address",
    "known_conflicts",
    "list_feeds",
    "parse_feed",
    "remove_feed",
]
