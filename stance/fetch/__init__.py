"""Pages by URL: fetched safely, handed to ingest as a raw document, as an upload is.

    fetch_url("https://example.org/news/talks")      -> FetchResult(status=200, body=b"<html>...", encoding="utf-8")
    fetch_url(url, etag='"abc"')                     -> FetchResult(status=304, not_modified=True, body=b"")
    fetch_url("http://127.0.0.1/admin")              -> FetchError: refused, a loopback address
    fetch_article("https://example.org/news/talks")  -> Article(url="https://example.org/news/talks", ...)
    with guarded_client(timeout=10) as client:        # for other modules' requests (a webhook's POST): same guard
        client.post(url, json=payload)                #   raises Refused for an address the guard refuses
    is_page("text/html; charset=utf-8")               -> True (a page to read as an article); "application/pdf" -> False

The guard against server-side request forgery: only http and https; every host is resolved and
the connection goes to the very address that was checked (so a name cannot resolve to a public
address for the check and a private one for the connection); loopback, private, link-local,
multicast, reserved and unspecified addresses (IPv4, IPv6 and IPv4-mapped IPv6) are refused unless
`allow_private=True` or STANCE_ALLOW_PRIVATE_URLS=1 (intranet feeds, local test servers; a list of
networks, "10.20.0.0/16,192.168.1.5", lifts it for those only). Redirects
are followed by hand, at most `max_redirects`, each hop checked again. Bodies are read as a stream
and stopped at `max_bytes`; every network step has a timeout and the whole fetch a deadline.
Proxies from the environment are not used: a proxy would connect on our behalf, past the check.
"""

from __future__ import annotations

import ipaddress
import os
import socket
import ssl
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from email.message import Message
from typing import TYPE_CHECKING
from urllib.parse import urljoin, urlsplit

import httpcore
import httpx

from stance import __version__
from stance.records import Article

if TYPE_CHECKING:
    from stance.config import Limits
    from stance.ingest import LoadResult, RawDocument

__all__ = [
    "USER_AGENT",
    "FetchError",
    "FetchResult",
    "Refused",
    "allowed_from_env",
    "article_from_html",
    "complete",
    "fetch_article",
    "fetch_url",
    "forbidden_reason",
    "guarded_client",
    "is_page",
    "is_web_address",
    "load_url",
    "media_type",
    "url_label",
]

USER_AGENT = f"StanceTracker/{__version__} (news stance research)"
_SCHEMES = ("http", "https")
_REDIRECTS = (301, 302, 303, 307, 308)
_MAX_URL_CHARS = 2_000
_CHUNK = 64 * 1024
PAGE_TYPES = ("text/html", "application/xhtml+xml")


class FetchError(Exception):
    """A URL that gave no page: the message names the URL and says what to do.

    `status` is the HTTP status when the server answered (404, 500, 429...), else None. `refused` is
    True when the address itself was refused (the SSRF guard, a scheme other than http(s), a user name
    in it, a redirect to such an address): asking again gives the same answer.
    """

    def __init__(self, url: str, reason: str, status: int | None = None, *, refused: bool = False):
        self.url = url
        self.reason = reason
        self.status = status
        self.refused = refused
        super().__init__(f"{url_label(url)} {reason}")

    @property
    def may_pass(self) -> bool:
        """Whether the same request may succeed later: no answer (timeout, network), 5xx or 429; never a refused address or a 4xx."""
        return not self.refused and (self.status is None or self.status >= 500 or self.status == 429)


@dataclass
class FetchResult:
    url: str  # as asked for
    final_url: str  # after redirects
    status: int
    headers: dict[str, str] = field(default_factory=dict)  # lower-case names (etag, last-modified, content-type)
    body: bytes = b""
    encoding: str | None = None  # the charset the Content-Type header names, if any
    not_modified: bool = False  # 304 to a conditional request: body is empty


Allowed = bool | tuple  # True: every address; a tuple of networks: those only; False: public addresses only


def allowed_from_env() -> Allowed:
    """STANCE_ALLOW_PRIVATE_URLS: "1" lifts the guard (intranet feeds, local test servers); a comma-separated list
    of addresses or networks ("10.20.0.0/16, 192.168.1.5") lifts it for those only."""
    value = os.environ.get("STANCE_ALLOW_PRIVATE_URLS", "").strip()
    if value.lower() in ("1", "true", "yes", "on"):
        return True
    if value.lower() in ("", "0", "false", "no", "off"):
        return False
    networks = []
    for part in value.split(","):
        try:
            networks.append(ipaddress.ip_network(part.strip(), strict=False))
        except ValueError:
            raise ValueError(
                f"STANCE_ALLOW_PRIVATE_URLS must be 1, or a comma-separated list of addresses or networks (10.0.0.0/8), not {part.strip()!r}"
            ) from None
    return tuple(networks)


def _is_allowed(address: str, allowed: Allowed) -> bool:
    if allowed is True:
        return True
    if not allowed:
        return False
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    ip = ip.ipv4_mapped or ip if isinstance(ip, ipaddress.IPv6Address) else ip
    return any(ip.version == network.version and ip in network for network in allowed)


def is_web_address(text: str) -> bool:
    """True for something given as a page's address ("https://..." or "http://..."), not a file."""
    return urlsplit(text.strip()).scheme.lower() in _SCHEMES and "://" in text


def url_label(url: str, limit: int = 200) -> str:
    """A URL fit for a message or an outcome line: no control characters, no line breaks, shortened in the middle."""
    shown = "".join(ch for ch in str(url) if ch.isprintable() and ch not in "\u2028\u2029").strip()
    if len(shown) > limit:
        shown = shown[: limit - 40] + "…" + shown[-39:]
    return shown or "(empty address)"


# ----- the address guard --------------------------------------------------------------------------------
class Refused(Exception):
    """Raised inside the connection when the guard refuses an address ("127.0.0.1 is a loopback address").

    fetch_url turns it into a FetchError naming the URL; a guarded_client's caller catches it itself.
    """


def forbidden_reason(address: str) -> str | None:
    """Why an IP address may not be fetched from ("a loopback address"), or None when it is public."""
    try:
        ip = ipaddress.ip_address(address.split("%", 1)[0])
    except ValueError:
        return "not an IP address"
    if isinstance(ip, ipaddress.IPv6Address):
        mapped = ip.ipv4_mapped or ip.sixtofour or (ip.teredo[1] if ip.teredo else None)
        if mapped is not None:
            return forbidden_reason(str(mapped))
    for test, what in (
        (ip.is_loopback, "a loopback address"),
        (ip.is_unspecified, "an unspecified address"),
        (ip.is_link_local, "a link-local address"),
        (ip.is_multicast, "a multicast address"),
        (ip.is_private, "a private address"),
        (ip.is_reserved, "a reserved address"),
        (not ip.is_global, "not a public address"),
    ):
        if test:
            return what
    return None


def _resolve(host: str, port: int) -> list[str]:
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        import httpcore

        raise httpcore.ConnectError(f"the host name could not be resolved ({exc})") from None
    return list(dict.fromkeys(str(info[4][0]) for info in infos))  # the address of each (address, port, ...)


class _GuardedBackend(httpcore.NetworkBackend):
    """httpcore's network backend, resolving each host itself and connecting only to checked addresses."""

    def __init__(self, allowed: Allowed):
        import httpcore

        self._inner = httpcore.SyncBackend()
        self._allowed = allowed

    def connect_tcp(self, host: str, port: int, timeout: float | None = None, local_address=None, socket_options=None):
        addresses = _resolve(host, port)
        if self._allowed is not True:
            for address in addresses:
                why = forbidden_reason(address)
                if why and not _is_allowed(address, self._allowed):
                    raise Refused(
                        f"{host} is {why}" if host.strip("[]") == address else f"{host} resolves to {address}, {why}"
                    )
        last: Exception | None = None
        for address in addresses:
            try:
                return self._inner.connect_tcp(
                    address, port, timeout=timeout, local_address=local_address, socket_options=socket_options
                )
            except Exception as exc:  # httpcore's ConnectError/ConnectTimeout: try the next address
                last = exc
        raise last or OSError(f"no address for {host}")

    def connect_unix_socket(self, *args, **kwargs):  # never: only http and https URLs get here
        raise Refused("a Unix socket")

    def sleep(self, seconds: float) -> None:
        self._inner.sleep(seconds)


class _GuardedTransport(httpx.HTTPTransport):
    def __init__(self, allowed: Allowed):
        import certifi
        import httpcore

        super().__init__(trust_env=False)
        self._pool = httpcore.ConnectionPool(
            ssl_context=ssl.create_default_context(cafile=certifi.where()),
            max_connections=4,
            network_backend=_GuardedBackend(allowed),
        )


def guarded_client(timeout: float = 15.0, *, allow_private: bool | None = None) -> httpx.Client:
    """An httpx.Client behind the same guard as fetch_url, for other modules' requests (an alert's webhook POST).

    Every connection goes only to an address the guard checked; a refused one raises Refused when the
    request is made. Redirects are not followed, proxies from the environment are not used, and each
    network step times out after `timeout` seconds. `allow_private` None reads STANCE_ALLOW_PRIVATE_URLS
    (a malformed value raises ValueError here, saying what it must be). Use it as a context manager.
    """
    allowed = allowed_from_env() if allow_private is None else bool(allow_private)
    return httpx.Client(
        transport=_GuardedTransport(allowed), timeout=httpx.Timeout(timeout), follow_redirects=False, trust_env=False
    )


def media_type(content_type: str | None) -> str:
    """A Content-Type header's media type, lower case, without parameters: "text/html; charset=UTF-8" -> "text/html"."""
    return (content_type or "").split(";")[0].strip().lower()


def is_page(content_type: str | None) -> bool:
    """Whether a response with this Content-Type may be read as a web page: HTML or XHTML (parameters and case
    ignored), or no type at all (a server that names none; the reader then finds out). A PDF, an image or a
    feed is not a page."""
    kind = media_type(content_type)
    return not kind or kind in PAGE_TYPES


# ----- fetching ----------------------------------------------------------------------------------------
def _check_url(url: str) -> str:
    url = url.strip()
    if len(url) > _MAX_URL_CHARS:
        raise FetchError(
            url, f"is longer than {_MAX_URL_CHARS:,} characters. Check that it is one page's address.", refused=True
        )
    parts = urlsplit(url)
    if parts.scheme.lower() not in _SCHEMES:
        shown = f"a {parts.scheme}: address" if parts.scheme else "not a web address"
        raise FetchError(url, f"is {shown}. Only http:// and https:// pages can be fetched.", refused=True)
    if not parts.hostname:
        raise FetchError(
            url, "has no host name. Give the full address, e.g. https://example.org/news/story.", refused=True
        )
    if parts.username or parts.password:
        raise FetchError(url, "holds a user name or password. Give the page's address without them.", refused=True)
    try:
        parts.port  # noqa: B018 - raises on a port out of range
    except ValueError:
        raise FetchError(url, "has an invalid port. Check the address.", refused=True) from None
    return url


def _charset(content_type: str | None) -> str | None:
    if not content_type:
        return None
    message = Message()
    message["content-type"] = content_type
    charset = message.get_param("charset")
    return str(charset).strip().strip("\"'") or None if isinstance(charset, str) else None


def fetch_url(
    url: str,
    *,
    etag: str | None = None,
    last_modified: str | None = None,
    timeout: float = 15.0,
    max_bytes: int = 5_000_000,
    max_redirects: int = 5,
    allow_private: bool | None = None,
) -> FetchResult:
    """GET one URL safely (see the module docstring). Raises FetchError, naming the URL, for anything but a page or a 304."""
    asked = _check_url(url)
    try:
        allow = allowed_from_env() if allow_private is None else bool(allow_private)
    except ValueError as exc:
        raise FetchError(asked, f"was not fetched: {exc}.", refused=True) from None
    headers = {"User-Agent": USER_AGENT, "Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.5"}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    deadline = time.monotonic() + max(timeout * 2, timeout + 5)  # each step has `timeout`; the whole fetch this
    current, seen = asked, [asked]
    with httpx.Client(
        transport=_GuardedTransport(allow), timeout=httpx.Timeout(timeout), follow_redirects=False, trust_env=False
    ) as client:
        for _hop in range(max_redirects + 1):
            try:
                with client.stream("GET", current, headers=headers) as response:
                    if response.status_code in _REDIRECTS and response.headers.get("location"):
                        target = urljoin(current, response.headers["location"].strip())
                        if not is_web_address(target):
                            raise FetchError(
                                asked,
                                f"redirects to {url_label(target, 80)}, which is not an http(s) page. Only web pages can be fetched.",
                                refused=True,
                            )
                        current = _check_url(target)
                        seen.append(target)
                        continue
                    return _result(asked, current, response, max_bytes, deadline)
            except Refused as refused:
                where = "" if current == asked else f" (redirected to {url_label(current, 120)})"
                raise FetchError(
                    asked,
                    f"was refused{where}: {refused}. Stance Tracker fetches public web pages only; "
                    "set STANCE_ALLOW_PRIVATE_URLS=1 to allow intranet addresses.",
                    refused=True,
                ) from None
            except httpx.TimeoutException:
                raise FetchError(
                    asked, f"did not answer within {timeout:g} s. Try again later, or check the address in a browser."
                ) from None
            except httpx.TooManyRedirects:  # not raised with follow_redirects=False; kept for safety
                break
            except httpx.InvalidURL as exc:
                raise FetchError(asked, f"is not a valid address ({exc}). Check it.", refused=True) from None
            except (httpx.TransportError, ssl.SSLError) as exc:
                raise FetchError(
                    asked, f"could not be reached ({_network_reason(exc)}). Check the address, or try again later."
                ) from None
    loop = " (a redirect loop)" if len(set(seen)) < len(seen) else ""
    raise FetchError(
        asked,
        f"redirected more than {max_redirects} times{loop}. Open it in a browser and give the address it ends at.",
    )


def _network_reason(exc: Exception) -> str:
    text = str(exc).strip() or type(exc).__name__
    if "CERTIFICATE_VERIFY_FAILED" in text:
        return "its HTTPS certificate is not valid"
    return text.splitlines()[0][:160]


def _result(asked: str, final: str, response: httpx.Response, max_bytes: int, deadline: float) -> FetchResult:
    headers = {name.lower(): value for name, value in response.headers.items()}
    status = response.status_code
    if status == 304:
        return FetchResult(asked, final, status, headers, b"", _charset(headers.get("content-type")), not_modified=True)
    if status >= 400 or status < 200:
        reason = response.reason_phrase or "error"
        hint = {
            404: "The page does not exist (any more): check the address.",
            410: "The page was removed: check the address.",
            401: "The page needs a login; save it from a browser and upload the file instead.",
            403: "The site refused the request; save the page from a browser and upload the file instead.",
            429: "The site asks us to slow down: try again later.",
        }.get(
            status, "The site had a problem: try again later." if status >= 500 else "Check the address in a browser."
        )
        raise FetchError(asked, f"answered HTTP {status} {reason}. {hint}", status=status)
    declared = headers.get("content-length", "")
    if declared.isdigit() and int(declared) > max_bytes:
        raise _too_big(asked, max_bytes, status)
    body = bytearray()
    for chunk in response.iter_bytes(_CHUNK):
        body += chunk
        if len(body) > max_bytes:
            raise _too_big(asked, max_bytes, status)
        if time.monotonic() > deadline:
            raise FetchError(
                asked, "took too long to send the page, so fetching was stopped. Try again later.", status=status
            )
    return FetchResult(asked, final, status, headers, bytes(body), _charset(headers.get("content-type")))


def _too_big(url: str, max_bytes: int, status: int) -> FetchError:
    return FetchError(
        url,
        f"is larger than {max_bytes / 1_000_000:g} MB, more than any news article needs, so it was not read.",
        status=status,
    )


# ----- pages to articles ----------------------------------------------------------------------------------
def article_from_html(html: bytes | str, *, url: str | None = None, encoding: str | None = None) -> Article:
    """A page's main text, title, date and site as an Article, cleaned as an upload is.

    `encoding` is the HTTP header's charset (it wins over the page's <meta charset>). Raises
    FetchError (naming the URL, or "the page") when no article can be had from it.
    """
    from stance.ingest import load_web_page

    data = html.encode("utf-8") if isinstance(html, str) else html
    result = load_web_page(
        url_label(url) if url else "the page", data, url=url, encoding="utf-8" if isinstance(html, str) else encoding
    )
    if result.article is None:
        raise FetchError(url or "the page", result.error or "gave no article text.")
    return result.article


def fetch_article(url: str, **kwargs) -> Article:
    """fetch_url, then article_from_html; the article's URL is where the page was found (after redirects)."""
    fetched = fetch_url(url, **kwargs)
    if fetched.not_modified:
        raise FetchError(url, "has not changed since it was last fetched (HTTP 304).", status=304)
    content_type = fetched.headers.get("content-type")
    if not is_page(content_type):
        raise FetchError(
            url,
            f"is not a web page but {media_type(content_type)[:60]}. Download the file and upload it instead.",
            status=fetched.status,
        )
    return article_from_html(fetched.body, url=fetched.final_url, encoding=fetched.encoding)


def load_url(
    url: str, *, name: str | None = None, row: RawDocument | None = None, lim: Limits | None = None, **given
) -> LoadResult:
    """One URL as ingest's LoadResult (an article, or the reason for none), for the faces' outcome lines.

    `row` is what a batch row said of the page (a Media Cloud or GDELT row: title, date, source); it
    fills what the page lacks and wins over what the page says. `given` (title, published, source) is
    what the user typed and wins over both.
    """
    from stance.ingest import LoadResult, load_web_page

    name = name or url_label(url)
    try:
        fetched = fetch_url(url)
        if fetched.not_modified:
            return LoadResult(name=name, error="has not changed since it was last fetched (HTTP 304).")
        content_type = fetched.headers.get("content-type")
        if not is_page(content_type):
            return LoadResult(
                name=name,
                error=f"is not a web page but {media_type(content_type)[:60]}. Download the file and upload it instead.",
            )
    except FetchError as error:
        return LoadResult(name=name, error=error.reason)
    return load_web_page(
        name, fetched.body, url=fetched.final_url, encoding=fetched.encoding, row=row, lim=lim, **given
    )


def complete(results: Iterable[LoadResult]) -> Iterator[LoadResult]:
    """Results as they come, with each batch row that gave only an address (GDELT lists) fetched in turn."""
    for result in results:
        if result.pending is not None and result.pending.url:
            yield load_url(result.pending.url, name=result.name, row=result.pending)
        else:
            yield result
