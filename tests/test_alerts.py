"""Alerts with real parts: a webhook receiver (http.server on 127.0.0.1), an SMTP server (aiosmtpd),
the real models for ingest, stores on SQLite and PostgreSQL, the CLI as a process and the page in AppTest.

Dates are relative to today, because rules look at the last N days up to today.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from alert_receivers import Receiver, smtp_server
from stance import alerts, bulk
from stance.alerts import Rule
from stance.ingest import load_text
from stance.records import Actor, Analysis, Article, Prediction, ScoredStatement, Statement
from stance.store import Store
from stance.store import alerts as alert_rows
from stance.store.models import utcnow

TODAY = date.today()
DASHBOARD = "http://dashboard.example:8501"
PUTIN_READY = (
    "Putin says Russia ready for talks\n\nMOSCOW (Wire) - Russian President Vladimir Putin said on Tuesday that Moscow was ready "
    'to start peace talks with Kyiv at once. "We are ready for negotiations and we welcome any serious proposal for a peaceful '
    'settlement," Putin told reporters in the Kremlin.'
)
PUTIN_AGAIN = (
    "Putin backs ceasefire talks\n\nMOSCOW (Wire) - Vladimir Putin said on Friday that he supported direct negotiations with "
    'Ukraine. "We want these talks to succeed and we are ready to meet in Istanbul next week," Putin said at a news conference.'
)


def days_ago(n: int) -> date:
    return TODAY - timedelta(days=n)


def analysis(
    day: date | None, speakers: list[tuple[str, str]], number: int, kind: str = "person", top: float = 0.9
) -> Analysis:
    """One article on `day` with one statement per (speaker, label); `top` is the label's probability."""
    text = " ".join(
        f"{speaker} said on day {number} that talks {label.lower()} {i}." for i, (speaker, label) in enumerate(speakers)
    )
    statements, actors = [], {}
    for i, (speaker, label) in enumerate(speakers):
        probabilities = {"FAVOR": (1 - top) / 2, "AGAINST": (1 - top) / 2, "NONE": (1 - top) / 2}
        probabilities[label] = top
        quote = f"talks {label.lower()} {number}-{i}"
        statements.append(
            ScoredStatement(
                Statement(speaker=speaker, text=text, quote=quote, start=0, end=5, kind="reported", cue="say"),
                Prediction(label, probabilities),
            )
        )
        actors[speaker] = Actor(name=speaker, kind=kind if speaker != "Vladimir Putin" else "person")
    return Analysis(
        article=Article(text=text, title=f"Article {number}", published=day, date_source="given", source="Test Wire"),
        statements=statements,
        actors=actors,
        model_version="test-v1",
    )


def save(store: Store, day: date | None, speakers: list[tuple[str, str]], number: int, **kwargs) -> None:
    assert store.save_analysis(analysis(day, speakers, number, **kwargs), f"hash-{number}").status == "stored"


# ----- the real parts: a webhook receiver and an SMTP server (tests/alert_receivers.py) ------------------
@pytest.fixture
def receiver():
    server = Receiver()
    yield server
    server.close()


@pytest.fixture
def smtp(monkeypatch):
    with smtp_server() as (box, port):
        monkeypatch.setenv("STANCE_SMTP_HOST", "127.0.0.1")
        monkeypatch.setenv("STANCE_SMTP_PORT", str(port))
        monkeypatch.setenv("STANCE_SMTP_FROM", "alerts@stance.example")
        yield box


@pytest.fixture(autouse=True)
def alert_env(monkeypatch):
    monkeypatch.setenv("STANCE_ALLOW_PRIVATE_URLS", "1")  # the receivers listen on 127.0.0.1
    monkeypatch.setenv("STANCE_DASHBOARD_URL", DASHBOARD)
    for name in (
        "STANCE_SMTP_HOST",
        "STANCE_SMTP_PORT",
        "STANCE_SMTP_STARTTLS",
        "STANCE_SMTP_USER",
        "STANCE_SMTP_PASSWORD",
    ):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def sqlite_store(sqlite_url) -> Store:
    return Store(sqlite_url)


def putin_moving(store: Store) -> None:
    """Putin against talks 16-18 days ago, for them in two articles 2-3 days ago: one article short of a move."""
    for n in range(3):
        save(store, days_ago(16 + n), [("Vladimir Putin", "AGAINST")], n)
    save(store, days_ago(3), [("Vladimir Putin", "FAVOR")], 10)
    save(store, days_ago(2), [("Vladimir Putin", "FAVOR")], 11)


# ----- moved: ingest -> one alert at each channel, then the cooldown ------------------------------------
def test_a_move_found_at_ingest_is_sent_once_by_webhook_and_email_quoting_its_statements(
    store, pipeline, receiver, smtp
):
    alerts.add_rule(
        store,
        Rule(
            "Putin moves",
            "moved",
            threshold=0.5,
            days=14,
            actors=("Vladimir Putin",),
            webhook=receiver.url,
            emails=("desk@example.org",),
            owner="ana",
        ),
    )
    putin_moving(store)
    assert alerts.check(store) == []  # two recent articles: too few to say

    outcomes = bulk.ingest_batch(pipeline, store, [load_text(PUTIN_READY, published=days_ago(1), source="Wire")])
    assert [o.status for o in outcomes] == ["stored"]
    assert len(receiver.bodies) == 1 and len(smtp.messages) == 1

    body = receiver.bodies[0]
    alert = body["alert"]
    assert alert["rule"]["name"] == "Putin moves" and alert["actor"] == "Vladimir Putin"
    assert alert["headline"].startswith("Vladimir Putin moved +") and "toward talks" in alert["headline"]
    details = alert["details"]
    assert details["change"] >= 0.5 and details["interval"][0] > 0
    assert (details["before"]["articles"], details["recent"]["articles"]) == (3, 3)
    quoted = alert["statements"]
    assert {s["period"] for s in quoted} == {"before", "recent"}
    # the article just ingested (the only one of that day): whichever of its statements is strongest
    new_quote = next((s["quote"] for s in quoted if s["date"] == days_ago(1).isoformat()), None)
    assert new_quote and "ready" in new_quote, quoted
    assert any(s["quote"].startswith("talks against") and s["period"] == "before" for s in quoted)
    assert all(s["speaker"] == "Vladimir Putin" and s["date"] and -1 <= s["score"] <= 1 for s in quoted)
    assert all(s["dashboard"].startswith(f"{DASHBOARD}/articles?article=") for s in quoted)

    link = urlsplit(alert["link"])
    query = parse_qs(link.query)
    assert f"{link.scheme}://{link.netloc}" == DASHBOARD and link.path == "/"
    assert query["actor"] == ["Vladimir Putin"]
    assert (query["from"], query["to"]) == ([days_ago(27).isoformat()], [TODAY.isoformat()])
    assert query["recent"] == [f"{days_ago(13).isoformat()}..{TODAY.isoformat()}"]
    assert query["before"] == [f"{days_ago(27).isoformat()}..{days_ago(14).isoformat()}"]
    assert "Vladimir Putin moved" in body["text"] and alert["link"].replace("&", "&amp;") in body["text"]

    message = smtp.messages[0]
    assert smtp.recipients == [["desk@example.org"]]
    assert message["Subject"].startswith("[Stance alert] Putin moves: Vladimir Putin moved")
    assert message["From"] == "alerts@stance.example"
    text = message.get_content()
    assert new_quote in text and alert["link"] in text and "90% interval" in text

    # The same move again at the next ingest: nothing new is sent (cooldown 24 h).
    assert (
        bulk.ingest_batch(pipeline, store, [load_text(PUTIN_AGAIN, published=TODAY, source="Wire")])[0].status
        == "stored"
    )
    assert len(receiver.bodies) == 1 and len(smtp.messages) == 1
    fired = alerts.fired(store)
    assert len(fired) == 1
    assert fired[0]["delivery"]["webhook"] == {"status": "sent", "code": 200}
    assert fired[0]["delivery"]["email"] == {"status": "sent", "to": ["desk@example.org"]}
    assert fired[0]["error"] is None and fired[0]["key"] == "moved:Vladimir Putin:up"


def test_a_failing_webhook_is_recorded_and_the_ingest_still_succeeds(sqlite_store, pipeline, receiver, smtp):
    receiver.status = 500
    alerts.add_rule(
        sqlite_store,
        Rule(
            "Putin moves",
            "moved",
            threshold=0.5,
            actors=("Vladimir Putin",),
            webhook=receiver.url,
            emails=("desk@example.org",),
        ),
    )
    putin_moving(sqlite_store)
    outcomes = bulk.ingest_batch(pipeline, sqlite_store, [load_text(PUTIN_READY, published=days_ago(1))])
    assert [o.status for o in outcomes] == ["stored"] and sqlite_store.counts()["articles"] == 6
    assert len(receiver.bodies) == 1  # it was tried once
    fired = alerts.fired(sqlite_store)[0]
    assert fired["delivery"]["webhook"]["status"] == "failed" and fired["delivery"]["webhook"]["code"] == 500
    assert "HTTP 500" in fired["error"] and "receiver broke" in fired["error"]
    assert fired["delivery"]["email"]["status"] == "sent" and len(smtp.messages) == 1  # the other channel still went


def test_a_private_webhook_is_refused_by_the_ssrf_guard(sqlite_store, receiver, monkeypatch):
    monkeypatch.delenv("STANCE_ALLOW_PRIVATE_URLS")
    alerts.add_rule(
        sqlite_store, Rule("Putin moves", "moved", threshold=0.5, actors=("Vladimir Putin",), webhook=receiver.url)
    )
    putin_moving(sqlite_store)
    save(sqlite_store, days_ago(1), [("Vladimir Putin", "FAVOR")], 12)
    sent = alerts.after_write(sqlite_store)
    assert len(sent) == 1 and receiver.bodies == []
    assert "refused" in sent[0].error and "loopback" in sent[0].error and "STANCE_ALLOW_PRIVATE_URLS" in sent[0].error


def test_email_without_an_smtp_host_is_skipped_and_says_why(sqlite_store):
    alerts.add_rule(
        sqlite_store,
        Rule("Putin moves", "moved", threshold=0.5, actors=("Vladimir Putin",), emails=("desk@example.org",)),
    )
    putin_moving(sqlite_store)
    save(sqlite_store, days_ago(1), [("Vladimir Putin", "FAVOR")], 12)
    (alert,) = alerts.after_write(sqlite_store)
    assert alert.delivery["email"] == {"status": "skipped", "error": "email not sent: STANCE_SMTP_HOST is not set"}


def test_a_move_under_the_threshold_or_with_an_interval_holding_zero_does_not_fire(sqlite_store):
    alerts.add_rule(sqlite_store, Rule("Big moves", "moved", threshold=1.9, actors=("Vladimir Putin",)))
    alerts.add_rule(sqlite_store, Rule("Any move", "moved", threshold=0.1, actors=("Sergei Lavrov",)))
    putin_moving(sqlite_store)
    save(sqlite_store, days_ago(1), [("Vladimir Putin", "FAVOR")], 12)
    for n, label in enumerate(
        ["AGAINST", "FAVOR", "AGAINST", "FAVOR", "FAVOR", "AGAINST"]
    ):  # +0.57 over 3 articles each: the interval holds zero
        save(sqlite_store, days_ago(20 - n if n < 3 else 5 - n), [("Sergei Lavrov", label)], 30 + n)
    assert alerts.check(sqlite_store) == []


# ----- corrections count, uncertain calls do not ----------------------------------------------------------
def test_uncertain_calls_count_only_once_an_analyst_confirms_them(sqlite_store):
    alerts.add_rule(sqlite_store, Rule("Putin moves", "moved", threshold=0.5, actors=("Vladimir Putin",)))
    for n in range(3):
        save(sqlite_store, days_ago(20 + n), [("Vladimir Putin", "AGAINST")], n)
        save(
            sqlite_store, days_ago(1 + n), [("Vladimir Putin", "FAVOR")], 10 + n, top=0.6
        )  # under the abstention threshold
    assert alerts.check(sqlite_store) == []
    unsure = sqlite_store.statements().query("uncertain")["statement_id"].tolist()
    assert len(unsure) == 3
    for statement_id in unsure:
        sqlite_store.correct(int(statement_id), "label", "FAVOR", analyst="ana")  # confirmed
    (alert,) = alerts.after_write(sqlite_store)  # as the dashboard does after each correction
    assert alert.payload["details"]["recent"]["mean"] == 1.0  # a confirmed label scores +1
    assert {s["statement_id"] for s in alert.payload["statements"] if s["period"] == "recent"} <= set(unsure)


# ----- sign flip, strong statements, new actors ------------------------------------------------------------
def test_sign_flip_fires_for_the_actor_that_changed_sides_in_the_scope_only(sqlite_store):
    alerts.add_rule(sqlite_store, Rule("Governments flip", "sign_flip", kind="government", days=10))
    n = 0
    for actor, recent_labels in (
        ("Kremlin", ["FAVOR", "FAVOR", "FAVOR", "AGAINST"]),  # -0.85 -> +0.42: a flip
        ("Foreign Ministry", ["FAVOR", "AGAINST", "AGAINST", "AGAINST"]),  # -0.85 -> -0.42: a move, no flip
        ("Vladimir Putin", ["FAVOR"] * 4),
    ):  # a flip, but a person
        for i, label in enumerate(recent_labels):
            n += 1
            save(sqlite_store, days_ago(12 + i), [(actor, "AGAINST")], n, kind="government")
            n += 1
            save(sqlite_store, days_ago(1 + i), [(actor, label)], n, kind="government")
    (alert,) = alerts.check(sqlite_store)
    assert alert.payload["actor"] == "Kremlin"
    assert alert.payload["headline"] == "Kremlin turned for talks (-0.85 → +0.42)"
    assert alerts.fired(sqlite_store)[0]["key"] == "sign_flip:Kremlin:to_favor"
    assert alerts.check(sqlite_store) == []  # within the cooldown


def test_strong_statements_fire_once_each_and_wait_for_the_cooldown(sqlite_store, receiver):
    save(
        sqlite_store, days_ago(2), [("Vladimir Putin", "AGAINST")], 1, top=0.99
    )  # stored before the rule: not news to it
    alerts.add_rule(
        sqlite_store,
        Rule("Loud Putin", "strong", threshold=0.9, actors=("Vladimir Putin",), webhook=receiver.url, cooldown_hours=6),
    )
    save(
        sqlite_store, days_ago(1), [("Vladimir Putin", "FAVOR"), ("Sergei Lavrov", "AGAINST")], 2, top=0.98
    )  # Lavrov: not watched
    save(sqlite_store, days_ago(1), [("Vladimir Putin", "AGAINST")], 3, top=0.9)  # |score| 0.85: under 0.9
    save(sqlite_store, days_ago(30), [("Vladimir Putin", "AGAINST")], 4, top=0.99)  # outside the 14 days
    (alert,) = alerts.after_write(sqlite_store)
    quoted = alert.payload["statements"]
    assert [(s["quote"], s["score"]) for s in quoted] == [("talks favor 2-0", 0.97)]
    assert alert.payload["headline"] == "Vladimir Putin spoke strongly for talks (+0.97)"
    assert len(receiver.bodies) == 1

    save(sqlite_store, TODAY, [("Vladimir Putin", "AGAINST")], 5, top=0.98)
    assert alerts.after_write(sqlite_store) == []  # within the 6-hour cooldown for Putin
    later = alerts.check(sqlite_store, now=utcnow() + timedelta(hours=7))
    assert [[s["quote"] for s in a.payload["statements"]] for a in later] == [["talks against 5-0"]]  # the new one only
    assert len(receiver.bodies) == 2


def test_a_new_actor_on_a_watched_conflict_fires_once(sqlite_store):
    save(sqlite_store, days_ago(5), [("Vladimir Putin", "AGAINST")], 1)
    alerts.add_rule(sqlite_store, Rule("New voices", "new_actor", conflict="russia-ukraine"))
    save(
        sqlite_store, days_ago(1), [("Vladimir Putin", "FAVOR"), ("Jane Mediator", "FAVOR")], 2
    )  # Putin's tag puts it on russia-ukraine
    (alert,) = alerts.after_write(sqlite_store)
    assert alert.payload["headline"] == "New voice on conflict russia-ukraine: Jane Mediator (person)"
    assert [s["quote"] for s in alert.payload["statements"]] == ["talks favor 2-1"]
    save(sqlite_store, TODAY, [("Vladimir Putin", "FAVOR"), ("Jane Mediator", "AGAINST")], 3)
    assert alerts.after_write(sqlite_store) == []
    assert alerts.check(sqlite_store, now=utcnow() + timedelta(days=400)) == []  # new once, ever


# ----- rules and the claim -----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "rule, message",
    [
        (Rule("", "moved", threshold=0.3), "name"),
        (
            Rule("x", "rises", threshold=0.3),
            "Unknown condition 'rises'; use one of: moved, sign_flip, new_actor, strong",
        ),
        (Rule("x", "moved"), "needs the change"),
        (Rule("x", "strong", threshold=1.5), "at most 1"),
        (Rule("x", "moved", threshold=0.3, kind="alien"), "Unknown actor kind 'alien'"),
        (Rule("x", "moved", threshold=0.3, webhook="file:///etc/passwd"), "http:// or https://"),
        (
            Rule("x", "moved", threshold=0.3, emails=("desk@example.org\nBcc: all@example.org",)),
            "is not an email address",
        ),
        (Rule("x", "moved", threshold=0.3, days=0), "1 to 366 days"),
        (Rule("x", "moved", threshold=0.3, cooldown_hours=-1), "cooldown"),
    ],
)
def test_a_bad_rule_is_refused_with_a_message_that_names_the_problem(sqlite_store, rule, message):
    with pytest.raises(ValueError, match=message.replace("(", r"\(").replace("|", r"\|")):
        alerts.add_rule(sqlite_store, rule)
    assert alerts.rules(sqlite_store) == []


def test_rules_round_trip_pause_and_remove_with_their_alerts(sqlite_store):
    rule_id = alerts.add_rule(
        sqlite_store,
        Rule(
            "  Putin   moves ",
            "moved",
            threshold=0.3,
            actors=("Vladimir Putin", "Vladimir Putin"),
            webhook="https://hooks.invalid/services/T/B/x",
            emails=("a@example.org",),
            owner="ana",
        ),
    )
    (rule,) = alerts.rules(sqlite_store)
    assert (rule.id, rule.name, rule.actors, rule.threshold, rule.days, rule.owner) == (
        rule_id,
        "Putin moves",
        ("Vladimir Putin",),
        0.3,
        14,
        "ana",
    )
    assert (
        rule.channels_text() == "webhook hooks.invalid, email a@example.org"
    )  # the webhook's secret path is not shown
    alerts.set_enabled(sqlite_store, rule_id, False)
    putin_moving(sqlite_store)
    save(sqlite_store, days_ago(1), [("Vladimir Putin", "FAVOR")], 12)
    assert alerts.check(sqlite_store) == []  # paused
    alerts.set_enabled(sqlite_store, rule_id, True)
    sent = alerts.check(sqlite_store, rule_ids=[rule_id])
    assert len(sent) == 1  # .invalid never resolves: recorded as failed
    assert sent[0].delivery["webhook"]["status"] == "failed"
    alerts.remove_rule(sqlite_store, rule_id)
    assert alerts.rules(sqlite_store) == [] and alerts.fired(sqlite_store) == []
    with pytest.raises(LookupError, match="No alert rule"):
        alerts.remove_rule(sqlite_store, rule_id)


def test_two_processes_claiming_the_same_move_send_it_once(store):
    rule_id = alerts.add_rule(store, Rule("Putin moves", "moved", threshold=0.3))
    results, barrier = [], threading.Barrier(6)

    def claim() -> None:
        barrier.wait()
        results.append(
            alert_rows.claim(store.db, rule_id, "moved:Vladimir Putin:up", 24.0, "Vladimir Putin", {"headline": "x"})
        )

    threads = [threading.Thread(target=claim) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sum(r is not None for r in results) == 1
    assert len(alerts.fired(store)) == 1


# ----- the CLI ---------------------------------------------------------------------------------------------------
def test_alerts_commands(sqlite_url, receiver):
    env = {**os.environ, "STANCE_DATABASE_URL": sqlite_url}

    def run(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "-m", "stance.cli", "alerts", *args], capture_output=True, text=True, env=env, timeout=120
        )

    added = run(
        "add",
        "--name",
        "Putin moves",
        "--actor",
        "Vladimir Putin",
        "--moved",
        "0.5",
        "--days",
        "14",
        "--webhook",
        receiver.url,
        "--email",
        "desk@example.org",
        "--cooldown-hours",
        "12",
        "--owner",
        "ana",
    )
    assert added.returncode == 0, added.stderr
    assert "alert rule 1 added: Putin moves: Vladimir Putin: moved by at least 0.5" in added.stdout
    assert run("add", "--name", "x", "--moved", "0.3", "--sign-flip").stderr.startswith("error: give one condition")
    assert (
        "error: 'nobody' is not an email address"
        in run("add", "--name", "x", "--strong", "0.8", "--email", "nobody").stderr
    )
    listed = json.loads(run("list", "--json").stdout)
    assert [(r["id"], r["condition"], r["threshold"], r["cooldown_hours"], r["emails"]) for r in listed] == [
        (1, "moved", 0.5, 12.0, ["desk@example.org"])
    ]

    store = Store(sqlite_url)
    putin_moving(store)
    save(store, days_ago(1), [("Vladimir Putin", "FAVOR")], 12)
    checked = run("check")
    assert checked.returncode == 0, checked.stderr
    assert "fired  Putin moves: Vladimir Putin moved +" in checked.stdout and "webhook sent" in checked.stdout
    assert (
        "email skipped: email not sent: STANCE_SMTP_HOST is not set" in checked.stdout
        and "1 alert fired" in checked.stdout
    )
    assert run("check").stdout.strip() == "0 alerts fired"
    assert json.loads(run("check", "--json").stdout) == []
    fired = json.loads(run("fired", "--json").stdout)
    assert len(fired) == 1 and fired[0]["payload"]["actor"] == "Vladimir Putin" and len(receiver.bodies) == 1
    assert "Putin moves: Vladimir Putin moved" in run("fired").stdout
    assert run("remove", "1").returncode == 0
    missing = run("remove", "1")
    assert missing.returncode == 1 and "No alert rule 1" in missing.stderr
    assert run("list").stdout.startswith("no alert rules yet")


# ----- the Alerts page ---------------------------------------------------------------------------------------------
APP = str(Path(__file__).resolve().parent.parent / "dashboard" / "app.py")


def test_alerts_page_adds_lists_and_removes_rules_and_shows_what_fired_escaped(monkeypatch, sqlite_url):
    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("STANCE_DATABASE_URL", sqlite_url)
    store = Store(sqlite_url)
    at = AppTest.from_file(APP, default_timeout=120).run()
    at = at.switch_page("views/alerts.py").run()
    assert not at.exception
    assert any("Upload" in i.value for i in at.info) and any("No rules yet" in i.value for i in at.info)

    at.sidebar.text_input(key="analyst").input("Ana").run()
    at.button(key="al_save").click().run()
    assert any("Give the alert rule a name" in e.value for e in at.error)
    at.text_input(key="al_name").input("Putin *moves*").run()
    at.radio(key="al_condition").set_value("moved").run()
    at.number_input(key="al_moved").set_value(0.5).run()
    at.text_input(key="al_emails").input("desk@example.org").run()
    at.button(key="al_save").click().run()
    assert not at.exception
    (rule,) = alerts.rules(store)
    assert (rule.name, rule.threshold, rule.emails, rule.owner, rule.actors) == (
        "Putin *moves*",
        0.5,
        ("desk@example.org",),
        "Ana",
        (),
    )

    putin_moving(store)
    save(store, days_ago(1), [("Vladimir Putin", "FAVOR")], 12)
    with store.db.transaction() as session:  # a quote with markup in it, as an article may hold
        from stance.store.models import StatementRow

        for statement_id in (4, 5, 6):  # the recent ones, one of which the alert quotes
            session.get(StatementRow, statement_id).quote = "<b>peace</b> [now](http://evil.example) *talks*"
    at.button(key="al_check").click().run()
    assert not at.exception
    assert any("1 alert fired" in s.value for s in at.success)
    shown = "\n".join(m.value for m in at.markdown)
    assert "Vladimir Putin moved +" in shown
    assert (
        r"\<b\>peace\</b\> \[now\](http\://evil.example) \*talks\*" in shown
    )  # escaped, never markup (nor a bare link)
    assert f"{days_ago(2).isoformat()} (recent) · **Vladimir Putin** · +0.85" in shown
    assert r"Putin \*moves\*" in shown
    assert "email skipped" in " ".join(c.value for c in at.caption)

    at.button(key=f"al_remove_{rule.id}").click().run()
    assert not at.exception
    assert alerts.rules(store) == [] and any("Removed" in s.value for s in at.success)
