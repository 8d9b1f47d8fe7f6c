"""A real HTTP server on 127.0.0.1 for fetch tests: each route answers as a real site might (or misbehaves as one might).

    server = LocalWeb(); server.route("/a", body=b"<html>...", content_type="text/html; charset=utf-8")
    server.url("/a") -> "http://127.0.0.1:PORT/a"

Routes: a body with headers, a redirect, a status, a delay before answering, a body sent without
Content-Length (read until the connection closes), and ETag/Last-Modified answered with 304.
"""

from __future__ import annotations

import http.server
import threading
import time
from dataclasses import dataclass, field


@dataclass
class Route:
    body: bytes = b""
    status: int = 200
    content_type: str = "text/html; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)
    location: str | None = None  # a redirect (with status 301/302/307/308)
    delay_s: float = 0.0  # wait before answering at all
    no_length: bool = False  # stream the body and close, as a server that does not know its size
    etag: str | None = None  # answer 304 to If-None-Match with this value


class LocalWeb:
    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.requests: list[tuple[str, dict[str, str]]] = []
        web = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.0"  # one request per connection: a body without length ends at close

            def do_GET(self) -> None:  # noqa: N802 - the stdlib's name
                web.requests.append((self.path, {k.lower(): v for k, v in self.headers.items()}))
                route = web.routes.get(self.path.split("?")[0])
                if route is None:
                    self.send_error(404, "Not Found")
                    return
                if route.delay_s:
                    time.sleep(route.delay_s)
                if route.etag and self.headers.get("If-None-Match") == route.etag:
                    self.send_response(304)
                    self.send_header("ETag", route.etag)
                    self.end_headers()
                    return
                self.send_response(route.status)
                if route.location:
                    self.send_header("Location", route.location)
                self.send_header("Content-Type", route.content_type)
                if route.etag:
                    self.send_header("ETag", route.etag)
                for name, value in route.headers.items():
                    self.send_header(name, value)
                if not route.no_length:
                    self.send_header("Content-Length", str(len(route.body)))
                self.end_headers()
                try:
                    for start in range(0, len(route.body), 256 * 1024):
                        self.wfile.write(route.body[start : start + 256 * 1024])
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client stopped reading (a size cap): as a real server sees it

            def log_message(self, *args) -> None:
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    @property
    def port(self) -> int:
        return self.server.server_address[1]

    def url(self, path: str, host: str = "127.0.0.1") -> str:
        return f"http://{host}:{self.port}{path}"

    def route(self, path: str, **kwargs) -> str:
        self.routes[path] = Route(**kwargs)
        return self.url(path)

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def article_page(
    paragraphs: list[str],
    *,
    title: str,
    published: str | None = None,
    site: str | None = None,
    charset: str = "utf-8",
    extra_head: str = "",
) -> str:
    """A news page as sites write them: nav and footer around an <article>, JSON-LD with datePublished."""
    json_ld = (
        f'<script type="application/ld+json">{{"@context": "https://schema.org", "@type": "NewsArticle", '
        f'"headline": "{title}", "datePublished": "{published}"}}</script>'
        if published
        else ""
    )
    site_meta = f'<meta property="og:site_name" content="{site}">' if site else ""
    body = "\n".join(f"<p>{p}</p>" for p in paragraphs)
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="{charset}"><title>{title}</title>{site_meta}{json_ld}{extra_head}</head>
<body>
<nav><a href="/">Home</a> <a href="/world">World</a> <a href="/subscribe">Subscribe</a></nav>
<article><h1>{title}</h1>
{body}
</article>
<aside><h2>Most read</h2><ul><li><a href="/x">Celebrity wedding photos</a></li><li><a href="/y">Ten recipes for summer</a></li></ul></aside>
<footer>Copyright 2025 Example Media. All rights reserved. <a href="/privacy">Privacy</a></footer>
</body></html>"""


def div_soup_page(paragraphs: list[str], *, title: str, site: str) -> str:
    """A page as many sites build them: no <article> or <main>, the story in nested <div>s among share bars,
    a newsletter box, "Related" links and a comment section."""
    story = "\n".join(f'<div class="para"><p>{p}</p></div>' for p in paragraphs)
    return f"""<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>{title} - {site}</title><meta property="og:site_name" content="{site}"></head>
<body><div id="page"><div class="top"><a href="/">{site}</a> <a href="/login">Log in</a></div>
<div class="content"><div class="share"><a href="#">Share on Facebook</a> <a href="#">Share on X</a> <a href="#">Email</a></div>
<h1>{title}</h1>
<div class="story-body">
{story}
<div class="newsletter"><p>Sign up for our morning briefing: the day's top stories in your inbox.</p><input type="email"></div>
<div class="related"><p>Related: <a href="/a">Ten things to know about the summit</a></p><p>Related: <a href="/b">Opinion: why talks fail</a></p></div>
</div>
<div class="comments"><h3>Comments (12)</h3><p>Great article, thanks for sharing!</p><p>This is all propaganda, wake up.</p></div>
</div><div class="footer"><p>Copyright 2025 {site}. All rights reserved.</p></div></div></body></html>"""
