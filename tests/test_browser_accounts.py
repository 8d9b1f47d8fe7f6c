"""Accounts in a real browser (headless Chromium) against the real server, started as `stance dashboard`
starts it: a viewer sees no write controls and no write pages (not even by URL), and the library
refuses a write made with the viewer's account; sign-in locks after repeated failures; a screen
link shows the Briefing alone, then stops on the open screen when revoked, and an expired one never
opens; sign-in by a trusted proxy header, through a small reverse proxy of our own that adds it,
works, while the same header sent straight to the server counts for nothing. Streamlit's XSRF
protection stays on.
"""

from __future__ import annotations

import socket
import threading
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from stance.auth import Account, NotAllowed
from stance.store import Store, accounts
from test_browser import CHROMIUM, CHROMIUM_ARGS, _settle, dashboard
from test_migrations import analysis as _uncertain_analysis


def analysis(number: int, speaker: str, label: str = "FAVOR"):
    """test_migrations' analysis, sure of its call (0.9, above the abstention threshold), so the Briefing has points."""
    made = _uncertain_analysis(number, speaker, label)
    prediction = made.statements[0].prediction
    prediction.probabilities.update({key: 0.05 for key in prediction.probabilities}, **{label: 0.9})
    return made


ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "a long enough password"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian's chromium is not installed (make system-deps)"),
]


def _small_store(url: str) -> dict[str, Account]:
    """Four articles (no models needed) and one account per role."""
    store = Store(url)
    for number, speaker in enumerate(["Dmitry Peskov", "Kremlin", "Dmitry Peskov", "Sergei Lavrov"], start=1):
        store.save_analysis(analysis(number, speaker, "AGAINST" if number % 2 else "FAVOR"), f"h{number}")
    admin = accounts.add_user(store.db, "Ada", "admin", PASSWORD)
    people = {"admin": Account(admin.name, admin.role, admin.id)}
    for name, role in (("Ana", "analyst"), ("Vic", "viewer")):
        user = accounts.add_user(store.db, name, role, PASSWORD, by=people["admin"])
        people[role] = Account(user.name, user.role, user.id)
    store.db.engine.dispose()
    return people


@contextmanager
def _server(url: str, tmp_path: Path, **env: str) -> Iterator[tuple[str, int]]:
    """test_browser.dashboard run from tmp_path with HOME there: no ~/.streamlit settings or secrets of this machine apply."""
    with dashboard(url, tmp_path, cwd=tmp_path, HOME=str(tmp_path), **env) as base:
        yield base, int(base.rsplit(":", 1)[1])


@pytest.fixture
def team(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'team.db'}"
    for name in ("STANCE_TRUSTED_PROXY_HEADER", "STANCE_USER", "STANCE_PASSWORD"):
        monkeypatch.delenv(name, raising=False)
    return url, _small_store(url)


def _browser(p):
    return p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)


def _sign_in(page, name: str, password: str = PASSWORD) -> None:
    page.get_by_role("textbox", name="Name").fill(name)
    page.get_by_role("textbox", name="Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    _settle(page)


def _nav_links(page) -> set[str]:
    return {
        text.strip().split("\n")[-1] for text in page.locator("[data-testid='stSidebarNav'] a").all_inner_texts()
    }  # less the icon's name


def test_a_viewer_sees_no_write_controls_and_a_forged_write_is_refused(team, tmp_path):
    from playwright.sync_api import sync_playwright

    url, people = team
    with _server(url, tmp_path) as (base, _port), sync_playwright() as p:
        browser = _browser(p)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        # A sign-in lives as long as the browser tab's session: a page opened by URL asks for it again, then opens.
        page.goto(f"{base}/manage")  # a write page by URL: after signing in, not there (the Overview opens)
        page.get_by_role("heading", name="Sign in").wait_for(timeout=60_000)
        assert page.locator("[data-testid='stSidebarNav']").count() == 0  # nothing but the sign-in form
        _sign_in(page, "Vic")
        page.get_by_text("Signed in as").wait_for(timeout=60_000)
        assert _nav_links(page) == {"Overview", "Actors", "Articles", "Briefing"}
        assert page.get_by_role("heading", name="Manage", exact=True).count() == 0
        page.goto(f"{base}/articles?article=1")  # a shared link: its page opens once signed in
        page.get_by_role("heading", name="Sign in").wait_for(timeout=60_000)
        _sign_in(page, "Vic")
        page.get_by_role("heading", name="Statements").wait_for(timeout=60_000)
        _settle(page)
        assert page.get_by_text("Correct a statement").count() == 0
        assert page.get_by_role("button", name="Save stance").count() == 0
        assert page.get_by_label("Analyst").count() == 0  # the account's name, never a typed one
        browser.close()
    store = Store(url)
    statement = int(store.statements()["statement_id"].iloc[0])
    with pytest.raises(NotAllowed, match=r"Vic \(viewer\) may not correct statements"):
        store.acting_as(people["viewer"]).correct(statement, "label", "NONE", analyst="Chief Editor")
    assert store.corrections().empty


def test_sign_in_locks_after_repeated_failures(team, tmp_path):
    from playwright.sync_api import sync_playwright

    url, _people = team
    with (
        _server(url, tmp_path, STANCE_LOGIN_MAX_FAILURES="3", STANCE_LOGIN_LOCK_MINUTES="5") as (base, _port),
        sync_playwright() as p,
    ):
        browser = _browser(p)
        page = browser.new_page()
        page.goto(base)
        page.get_by_role("heading", name="Sign in").wait_for(timeout=60_000)
        for _ in range(2):
            _sign_in(page, "Ana", "wrong password")
            assert page.get_by_text("Wrong name or password.").count() == 1
        _sign_in(page, "Ana", "wrong password")
        page.get_by_text("locked for 5 more minutes").wait_for()
        _sign_in(page, "Ana", PASSWORD)  # right, but locked
        page.get_by_text("locked for").wait_for()
        assert page.get_by_text("Signed in as").count() == 0
        browser.close()


def test_a_screen_link_works_then_stops_when_revoked_and_an_expired_one_never_opens(team, tmp_path):
    from playwright.sync_api import sync_playwright

    url, people = team
    store = Store(url)
    token, link = accounts.create_screen_link(store.db, hours=1, label="room", by=people["admin"])
    short, _ = accounts.create_screen_link(store.db, hours=1 / 3600, by=people["admin"])  # one second
    with _server(url, tmp_path, STANCE_SCREEN_RECHECK_S="2") as (base, _port), sync_playwright() as p:
        browser = _browser(p)
        page = browser.new_page(viewport={"width": 1920, "height": 1080})
        page.goto(f"{base}/?screen={token}")
        page.locator(".bf-name").wait_for(timeout=60_000)
        _settle(page)
        assert page.locator(".bf-where").count() == 1  # presenter mode
        assert page.locator("[data-testid='stSidebarNav']").count() == 0
        assert page.locator("[data-testid='stSidebar']").is_hidden()
        assert page.get_by_role("button", name="Sign in").count() == 0
        page.goto(f"{base}/manage?screen={token}")  # another page by URL: still the briefing alone
        page.locator(".bf-name").wait_for(timeout=60_000)
        assert page.get_by_role("heading", name="Manage").count() == 0
        accounts.revoke_screen_link(store.db, link.id, by=people["admin"])
        page.get_by_text("This screen link has expired or was revoked").wait_for(
            timeout=30_000
        )  # on the open screen, untouched
        assert page.locator(".bf-name").count() == 0
        page.goto(f"{base}/?screen={token}")
        page.get_by_text("This screen link has expired or was revoked").wait_for(timeout=60_000)
        page.goto(f"{base}/?screen={short}")
        page.get_by_text("This screen link has expired or was revoked").wait_for(timeout=60_000)
        browser.close()


class HeaderProxy:
    """A reverse proxy as an authenticating one behaves once it has signed someone in: every request it
    passes on carries `header: value` (a client's own copy of the header is dropped), and it connects to
    the server from `source`, its own address. One request per connection, WebSockets included."""

    def __init__(self, upstream_port: int, header: str, value: str, source: str = "127.0.0.2"):
        self.upstream_port, self.header, self.value, self.source = upstream_port, header, value, source
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            threading.Thread(target=self._serve, args=(client,), daemon=True).start()

    def _serve(self, client: socket.socket) -> None:
        data = b""
        while b"\r\n\r\n" not in data:
            chunk = client.recv(65536)
            if not chunk:
                client.close()
                return
            data += chunk
        head, rest = data.split(b"\r\n\r\n", 1)
        lines = head.decode("latin-1").split("\r\n")
        upgrade = any(line.lower().startswith("upgrade:") for line in lines[1:])
        kept = [
            line
            for line in lines[1:]
            if not line.lower().startswith(self.header.lower() + ":")
            and (upgrade or not line.lower().startswith("connection:"))
        ]
        extra = [f"{self.header}: {self.value}"] + ([] if upgrade else ["Connection: close"])
        upstream = socket.create_connection(("127.0.0.1", self.upstream_port), source_address=(self.source, 0))
        upstream.sendall("\r\n".join([lines[0], *kept, *extra]).encode("latin-1") + b"\r\n\r\n" + rest)
        threading.Thread(target=self._pump, args=(upstream, client), daemon=True).start()
        self._pump(client, upstream)

    @staticmethod
    def _pump(source: socket.socket, target: socket.socket) -> None:
        try:
            while chunk := source.recv(65536):
                target.sendall(chunk)
        except OSError:
            pass
        finally:
            for end in (source, target):
                try:
                    end.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass

    def close(self) -> None:
        self.listener.close()


def test_sign_in_by_a_trusted_proxy_header_and_the_same_header_straight_to_the_server_counts_for_nothing(
    team, tmp_path
):
    from playwright.sync_api import sync_playwright

    url, _people = team
    trust = {"STANCE_TRUSTED_PROXY_HEADER": "X-Forwarded-Email", "STANCE_TRUSTED_PROXY_IPS": "127.0.0.2"}
    with _server(url, tmp_path, **trust) as (base, port), sync_playwright() as p:
        proxy = HeaderProxy(port, "X-Forwarded-Email", "ben@example.org")
        try:
            browser = _browser(p)
            page = browser.new_page()
            page.goto(f"http://127.0.0.1:{proxy.port}/")
            page.get_by_text("Signed in as").wait_for(timeout=60_000)
            assert "ben@example.org" in page.locator("[data-testid='stSidebar']").inner_text()
            assert _nav_links(page) == {"Overview", "Actors", "Articles", "Briefing"}  # a new face gets the viewer role
            assert page.get_by_role("button", name="Sign out").count() == 0  # signing out is the proxy's business
            browser.close()
            # Straight to the server, with the header forged: not from the proxy's address, so nobody is signed in.
            browser = _browser(p)
            context = browser.new_context(extra_http_headers={"X-Forwarded-Email": "ada@example.org"})
            page = context.new_page()
            page.goto(base)
            page.get_by_text("did not come through it").wait_for(timeout=60_000)
            assert page.get_by_text("Signed in as").count() == 0
            browser.close()
        finally:
            proxy.close()
    people = {user.name: user for user in accounts.users(Store(url).db)}
    assert people["ben@example.org"].role == "viewer" and people["ben@example.org"].source == "proxy"
    assert "ada@example.org" not in people


def test_xsrf_protection_stays_on(team, tmp_path):
    url, _people = team
    with _server(url, tmp_path) as (base, _port):
        config = urllib.request.urlopen(f"{base}/_stcore/host-config", timeout=10).read().decode()
        # The upload endpoint refuses a request without the XSRF cookie and token.
        request = urllib.request.Request(f"{base}/_stcore/upload_file/session/file", data=b"x", method="PUT")
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(request, timeout=10)
    assert refused.value.code in (400, 403), refused.value.code
    assert "allowedOrigins" in config
