"""The dashboard with accounts, through Streamlit's AppTest: the sign-in page (wrong password, lockout,
expiry), the pages and write controls each role gets, the Team and Audit pages, a screen link, and
the local mode without accounts (the Analyst box, every page)."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import update
from streamlit.testing.v1 import AppTest

from stance.auth import Account
from stance.store import Store, accounts, audit
from stance.store.models import SessionRow, utcnow
from test_migrations import analysis as _uncertain_analysis


def analysis(number: int, speaker: str, label: str = "FAVOR"):
    """test_migrations' analysis, sure of its call (0.9, above the abstention threshold), so the Briefing has points."""
    made = _uncertain_analysis(number, speaker, label)
    prediction = made.statements[0].prediction
    prediction.probabilities.update({key: 0.05 for key in prediction.probabilities}, **{label: 0.9})
    return made


APP = str(Path(__file__).resolve().parent.parent / "dashboard" / "app.py")
VIEWS = Path(APP).parent / "views"
PASSWORD = "a long enough password"
EVERY_ROLE = {"overview.py", "actors.py", "articles.py", "briefing.py"}
ANALYST = EVERY_ROLE | {"upload.py", "review.py"}
ADMIN = ANALYST | {"feeds.py", "alerts.py", "manage.py", "team.py", "audit.py"}


@pytest.fixture
def url(tmp_path, monkeypatch) -> str:
    """A small store (no models needed) with one account per role."""
    address = f"sqlite:///{tmp_path / 'team.db'}"
    monkeypatch.setenv("STANCE_DATABASE_URL", address)
    for name in ("STANCE_TRUSTED_PROXY_HEADER", "STANCE_USER", "STANCE_PASSWORD"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))  # no secrets.toml of the developer's: no st.login
    store = Store(address)
    for number, speaker in enumerate(["Dmitry Peskov", "Kremlin", "Dmitry Peskov", "Sergei Lavrov"], start=1):
        store.save_analysis(analysis(number, speaker, "AGAINST" if number % 2 else "FAVOR"), f"h{number}")
    store.db.engine.dispose()
    return address


def _team(url: str) -> dict[str, Account]:
    store = Store(url)
    admin = accounts.add_user(store.db, "Ada", "admin", PASSWORD)
    by = Account(admin.name, admin.role, admin.id)
    accounts.add_user(store.db, "Ana", "analyst", PASSWORD, by=by)
    accounts.add_user(store.db, "Vic", "viewer", PASSWORD, by=by)
    return {"admin": by}


def _ok(at: AppTest) -> AppTest:
    assert not at.exception, at.exception
    assert not [e.value for e in at.error if "went wrong" in e.value]
    return at


def _pages(at: AppTest) -> set[str]:
    """The pages in this session's navigation (switch_page finds only those)."""
    found = set()
    for file in ADMIN:
        try:
            at.switch_page(str(VIEWS / file))
        except ValueError:
            continue
        found.add(file)
    return found


def _sign_in(at: AppTest, name: str, password: str = PASSWORD) -> AppTest:
    at.text_input(key="signin_name").input(name)
    at.text_input(key="signin_password").input(password)
    return _ok(at.button[0].click().run())


def test_without_accounts_everything_opens_and_changes_are_signed_with_the_typed_name(url):
    at = _ok(AppTest.from_file(APP, default_timeout=120).run())
    assert at.sidebar.text_input(key="analyst").label == "Analyst"
    assert _pages(at) == ADMIN
    for page in ("team.py", "audit.py"):
        _ok(at.switch_page(str(VIEWS / page)).run())
    assert any("local" in str(cell) for cell in at.dataframe[0].value["who"].tolist())


def test_with_accounts_only_the_sign_in_page_shows_and_a_wrong_password_says_so(url):
    _team(url)
    at = _ok(AppTest.from_file(APP, default_timeout=120).run())
    assert [t.value for t in at.title] == ["Stance Tracker"] and at.subheader[0].value == "Sign in"
    assert (
        not at.dataframe and not at.get("vega_lite_chart") and "analyst" not in [t.key for t in at.sidebar.text_input]
    )
    at = _sign_in(at, "Vic", "not the password")
    assert [e.value for e in at.error] == ["Wrong name or password."]
    assert at.subheader[0].value == "Sign in"


def test_lockout_on_the_sign_in_page(url, monkeypatch):
    _team(url)
    monkeypatch.setenv("STANCE_LOGIN_MAX_FAILURES", "3")
    at = _ok(AppTest.from_file(APP, default_timeout=120).run())
    for _ in range(3):
        at = _sign_in(at, "Ana", "guess again")
    assert "locked for 15 more minutes" in at.error[0].value
    at = _sign_in(at, "Ana", PASSWORD)  # the right password, but locked
    assert "locked" in at.error[0].value and at.subheader[0].value == "Sign in"


@pytest.mark.parametrize(
    "name, role, pages", [("Vic", "viewer", EVERY_ROLE), ("Ana", "analyst", ANALYST), ("Ada", "admin", ADMIN)]
)
def test_each_role_gets_its_pages_and_write_controls(url, name, role, pages):
    _team(url)
    at = _sign_in(_ok(AppTest.from_file(APP, default_timeout=120).run()), name)
    assert f"Signed in as **{name}** ({role})" in [c.value for c in at.sidebar.caption]
    assert "analyst" not in [t.key for t in at.sidebar.text_input]  # the account's name, never a typed one
    assert _pages(at) == pages
    at = _ok(at.switch_page(str(VIEWS / "articles.py")).run())
    correcting = any(e.label == "Correct a statement" for e in at.expander)
    assert correcting == (role != "viewer")


def test_a_session_that_expired_goes_back_to_the_sign_in_page(url):
    _team(url)
    at = _sign_in(_ok(AppTest.from_file(APP, default_timeout=120).run()), "Ana")
    assert at.title[0].value != "Stance Tracker"
    store = Store(url)
    with store.db.transaction() as session:
        session.execute(update(SessionRow).values(expires_at=utcnow()))
    at = _ok(at.run())
    assert at.subheader[0].value == "Sign in" and "expired" in at.info[0].value


def test_a_role_taken_away_takes_the_pages_away_on_the_next_rerun(url):
    people = _team(url)
    at = _sign_in(_ok(AppTest.from_file(APP, default_timeout=120).run()), "Ana")
    assert "upload.py" in _pages(at)
    accounts.set_role(Store(url).db, "Ana", "viewer", by=people["admin"])
    at = _ok(at.switch_page(str(VIEWS / "overview.py")).run())
    assert _pages(at) == EVERY_ROLE


def test_the_team_and_audit_pages_for_an_admin(url):
    _team(url)
    at = _sign_in(_ok(AppTest.from_file(APP, default_timeout=120).run()), "Ada")
    at = _ok(at.switch_page(str(VIEWS / "team.py")).run())
    assert set(at.dataframe[0].value["name"]) == {"Ada", "Ana", "Vic"}
    at.selectbox(key="team_user").set_value("Vic").run()
    at.selectbox(key=f"team_role_{next(u.id for u in accounts.users(Store(url).db) if u.name == 'Vic')}").set_value(
        "analyst"
    ).run()
    at = _ok(next(b for b in at.button if b.label == "Save role").click().run())
    assert "Vic is now analyst." in [s.value for s in at.success]
    at = _ok(at.switch_page(str(VIEWS / "audit.py")).run())
    table = at.dataframe[0].value
    assert {"user.set_role", "sign_in", "user.add"} <= set(table["action"])
    assert table.iloc[0]["who"] == "Ada" and table.iloc[0]["action"] == "user.set_role"
    assert "CSV" in [b.proto.label for b in at.get("download_button")]


def test_a_screen_link_opens_the_briefing_alone_and_stops_when_revoked(url):
    people = _team(url)
    store = Store(url)
    token, link = accounts.create_screen_link(store.db, hours=1, label="room", by=people["admin"])
    at = AppTest.from_file(APP, default_timeout=120)
    at.query_params["screen"] = token
    at = _ok(at.run())
    assert _pages(at) == {"briefing.py"}
    assert at.session_state["bf_present"] is True
    assert not at.sidebar.button and "analyst" not in [t.key for t in at.sidebar.text_input]
    accounts.revoke_screen_link(store.db, link.id, by=people["admin"])
    at = _ok(at.run())
    assert "expired or was revoked" in at.error[0].value
    stranger = AppTest.from_file(APP, default_timeout=120)
    stranger.query_params["screen"] = "made-up"
    assert "expired or was revoked" in _ok(stranger.run()).error[0].value
    assert audit.entries(store.db, action="screen_link.revoke")[0]["user_name"] == "Ada"
