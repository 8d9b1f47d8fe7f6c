"""A real HTTP server on 127.0.0.1, in a thread, serving feeds and article pages the test sets up.

    with FeedServer() as server:
        server.page("/news/a1", article_html(...))
        server.feed("/rss.xml", rss20([...]), etag='"v1"')     # answers 304 to If-None-Match: "v1"
        server.error("/gone.xml", 404)
        server.url("/rss.xml") -> "http://127.0.0.1:PORT/rss.xml"
        server.requests -> [("/rss.xml", {"if-none-match": ...}), ...]

The watcher fetches from it with STANCE_ALLOW_PRIVATE_URLS=1, as it would an intranet feed.
"""

from __future__ import annotations

import html
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

SAMPLES = Path(__file__).resolve().parent.parent / "sample_articles"


@dataclass
class Route:
    status: int = 200
    body: bytes = b""
    content_type: str = "text/html; charset=utf-8"
    etag: str | None = None
    last_modified: str | None = None
    delay_s: float = 0.0


@dataclass
class FeedServer:
    routes: dict[str, Route] = field(default_factory=dict)
    requests: list[tuple[str, dict[str, str]]] = field(default_factory=list)

    def __enter__(self) -> FeedServer:
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                server.requests.append((self.path, {k.lower(): v for k, v in self.headers.items()}))
                route = server.routes.get(self.path) or Route(404, b"<html><body>not found</body></html>")
                if route.delay_s:
                    time.sleep(route.delay_s)
                fresh = (route.etag and self.headers.get("If-None-Match") == route.etag) or (
                    route.last_modified and self.headers.get("If-Modified-Since") == route.last_modified
                )
                self.send_response(304 if fresh else route.status)
                for name, value in (("ETag", route.etag), ("Last-Modified", route.last_modified)):
                    if value:
                        self.send_header(name, value)
                if fresh:
                    self.end_headers()
                    return
                self.send_header("Content-Type", route.content_type)
                self.send_header("Content-Length", str(len(route.body)))
                self.end_headers()
                self.wfile.write(route.body)

            def log_message(self, *args) -> None:
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._server.shutdown()
        self._server.server_close()

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}{path}"

    def page(self, path: str, body: str, **route) -> None:
        self.routes[path] = Route(body=body.encode("utf-8"), **route)

    def feed(self, path: str, body: str, content_type: str = "application/rss+xml; charset=utf-8", **route) -> None:
        self.routes[path] = Route(body=body.encode("utf-8"), content_type=content_type, **route)

    def error(self, path: str, status: int) -> None:
        self.routes[path] = Route(status, f"<html><body>error {status}</body></html>".encode())

    def asked(self, path: str) -> list[dict[str, str]]:
        """The headers of every request for `path`, in order."""
        return [headers for asked, headers in self.requests if asked == path]


# ----- content --------------------------------------------------------------------------------------
def sample_page(name: str) -> tuple[str, str]:
    """(title, HTML page) of a sample article: its headline and its paragraphs, as a news site serves them."""
    lines = (SAMPLES / name).read_text(encoding="utf-8").split("\n\n")
    title, paragraphs = lines[0].strip(), [p.strip() for p in lines[1:] if p.strip()]
    body = "\n".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)
    return title, (
        f"<!doctype html><html lang='en'><head><meta charset='utf-8'><title>{html.escape(title)}</title></head>"
        f"<body><nav><a href='/'>Home</a> <a href='/world'>World</a></nav><article><h1>{html.escape(title)}</h1>{body}</article>"
        "<footer>Copyright Harbor Press</footer></body></html>"
    )


SAMPLE_NAMES = sorted(p.name for p in SAMPLES.glob("*.txt"))


@dataclass
class Item:
    guid: str
    link: str
    title: str
    date: str = "Wed, 16 Jul 2025 10:00:00 GMT"  # RFC 822 (RSS 2.0); ISO for RSS 1.0 and Atom is derived
    summary: str = "A short teaser."


def rss20(items: list[Item], title: str = "Harbor Press World") -> str:
    entries = "".join(
        f"<item><title>{html.escape(i.title)}</title><link>{html.escape(i.link)}</link><guid isPermaLink='false'>{html.escape(i.guid)}</guid>"
        f"<pubDate>{i.date}</pubDate><description>{html.escape(i.summary)}</description></item>"
        for i in items
    )
    return f"<?xml version='1.0' encoding='utf-8'?><rss version='2.0'><channel><title>{html.escape(title)}</title><link>http://example.org/</link>{entries}</channel></rss>"


def rss10(items: list[Item], title: str = "Harbor Press RDF") -> str:
    entries = "".join(
        f"<item rdf:about='{html.escape(i.link)}'><title>{html.escape(i.title)}</title><link>{html.escape(i.link)}</link>"
        f"<dc:date>2025-07-16T10:00:00Z</dc:date><description>{html.escape(i.summary)}</description></item>"
        for i in items
    )
    return (
        "<?xml version='1.0'?><rdf:RDF xmlns:rdf='http://www.w3.org/1999/02/22-rdf-syntax-ns#' xmlns='http://purl.org/rss/1.0/' "
        "xmlns:dc='http://purl.org/dc/elements/1.1/'><channel rdf:about='http://example.org/'>"
        f"<title>{html.escape(title)}</title><link>http://example.org/</link><description>news</description></channel>{entries}</rdf:RDF>"
    )


def atom(items: list[Item], title: str = "Harbor Press Atom") -> str:
    entries = "".join(
        f"<entry><id>{html.escape(i.guid)}</id><title>{html.escape(i.title)}</title><link rel='alternate' href='{html.escape(i.link)}'/>"
        f"<updated>2025-07-16T10:00:00Z</updated><summary>{html.escape(i.summary)}</summary></entry>"
        for i in items
    )
    return (
        "<?xml version='1.0' encoding='utf-8'?><feed xmlns='http://www.w3.org/2005/Atom'>"
        f"<title>{html.escape(title)}</title><id>urn:harbor</id><updated>2025-07-16T10:00:00Z</updated>{entries}</feed>"
    )
