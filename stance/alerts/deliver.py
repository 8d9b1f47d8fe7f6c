"""Sending an alert: a JSON POST to a webhook, and an email over SMTP.

The webhook body is `{"text": ..., "alert": {...}}`: Slack and Microsoft Teams incoming webhooks
show `text` (with `&`, `<` and `>` escaped as Slack asks, so a quote cannot ping a channel or
forge a link); other receivers read the structured `alert`. The address goes through the
SSRF guard of `stance.fetch` (public addresses only, unless STANCE_ALLOW_PRIVATE_URLS=1),
redirects are not followed, and the whole request has a timeout.

Email settings come from the environment: STANCE_SMTP_HOST (no host: email is skipped and
says so), STANCE_SMTP_PORT (25; 465 means TLS from the start), STANCE_SMTP_STARTTLS (1 to
upgrade with STARTTLS), STANCE_SMTP_USER and STANCE_SMTP_PASSWORD (login, when set),
STANCE_SMTP_FROM (stance-tracker@localhost).

Every function returns a status for its channel ({"status": "sent" | "failed" | "skipped", ...})
and never raises: a failed delivery is recorded on the alert, it never stops an ingest.
"""

from __future__ import annotations

import os
import smtplib
import ssl
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

import httpx

WEBHOOK_TIMEOUT_S = 10.0
SMTP_TIMEOUT_S = 15.0
SUBJECT_CHARS = 150


def text(payload: dict) -> str:
    """The alert as plain text: what moved, the numbers, the statements behind it, the link."""
    lines = [f"Stance alert · {payload['rule']['name']}", payload["headline"]]
    details = payload.get("details") or {}
    if "before" in details and "recent" in details:
        b, r = details["before"], details["recent"]
        low, high = details.get("interval") or (None, None)
        lines.append(
            f"Recent {r['start']} to {r['end']}: {r['mean']:+.2f} over {r['articles']} articles · "
            f"before {b['start']} to {b['end']}: {b['mean']:+.2f} over {b['articles']} articles"
            + (f" · change {details['change']:+.2f}, 90% interval {low:+.2f} to {high:+.2f}" if low is not None else "")
        )
    if payload.get("statements"):
        lines.append("Statements:")
        for s in payload["statements"]:
            when = s.get("period")
            where = " — ".join(part for part in (s.get("title"), s.get("source")) if part)
            lines.append(
                f"• {s['date'] or 'undated'}{f' ({when})' if when else ''} · {s['speaker']} · {s['score']:+.2f} · “{s['quote']}”"
                + (f" ({where})" if where else "")
            )
    lines.append(f"Open in the dashboard: {payload['link']}")
    return "\n".join(lines)


def chat_text(payload: dict) -> str:
    """`text` for Slack and Teams: the plain text with &, < and > escaped (Slack's control characters)."""
    return text(payload).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def send_webhook(url: str, payload: dict, timeout: float = WEBHOOK_TIMEOUT_S) -> dict:
    from stance import fetch

    body = {"text": chat_text(payload), "alert": payload}
    shown = fetch.url_label(url, 120)
    try:
        client = fetch.guarded_client(
            timeout
        )  # resolves the host and connects only to the addresses it checked; no redirects
    except ValueError as exc:  # STANCE_ALLOW_PRIVATE_URLS malformed
        return _failed(f"webhook {shown} not called: {exc}")
    try:
        with client:
            response = client.post(url, json=body, headers={"User-Agent": fetch.USER_AGENT})
    except fetch.Refused as refused:
        return _failed(
            f"webhook {shown} was refused: {refused}. Alerts go to public addresses only; "
            "set STANCE_ALLOW_PRIVATE_URLS=1 to allow intranet receivers."
        )
    except httpx.TimeoutException:
        return _failed(f"webhook {shown} did not answer within {timeout:g} s")
    except (httpx.HTTPError, ssl.SSLError, OSError) as exc:
        return _failed(f"webhook {shown} could not be reached ({type(exc).__name__}: {str(exc)[:160]})")
    if not 200 <= response.status_code < 300:
        answer = " ".join(response.text.split())[:160]
        return _failed(
            f"webhook {shown} answered HTTP {response.status_code}" + (f": {answer}" if answer else ""),
            code=response.status_code,
        )
    return {"status": "sent", "code": response.status_code}


def smtp_settings() -> dict:
    port = os.environ.get("STANCE_SMTP_PORT", "").strip()
    try:
        port_number = int(port) if port else 25
    except ValueError:
        raise ValueError(f"STANCE_SMTP_PORT must be a port number, not {port!r}") from None
    return {
        "host": os.environ.get("STANCE_SMTP_HOST", "").strip(),
        "port": port_number,
        "user": os.environ.get("STANCE_SMTP_USER") or None,
        "password": os.environ.get("STANCE_SMTP_PASSWORD") or None,
        "sender": os.environ.get("STANCE_SMTP_FROM", "").strip() or "stance-tracker@localhost",
        "starttls": os.environ.get("STANCE_SMTP_STARTTLS", "").strip().lower() in ("1", "true", "yes", "on"),
    }


def send_email(addresses: list[str], payload: dict, timeout: float = SMTP_TIMEOUT_S) -> dict:
    try:
        settings = smtp_settings()
    except ValueError as exc:
        return _failed(str(exc))
    if not settings["host"]:
        return {"status": "skipped", "error": "email not sent: STANCE_SMTP_HOST is not set"}
    message = EmailMessage()
    subject = " ".join(f"[Stance alert] {payload['rule']['name']}: {payload['headline']}".split())
    message["Subject"] = subject if len(subject) <= SUBJECT_CHARS else subject[: SUBJECT_CHARS - 1] + "…"
    message["From"] = settings["sender"]
    message["To"] = ", ".join(addresses)
    message["Date"] = formatdate(localtime=True)
    message["Message-ID"] = make_msgid(domain="stance-tracker")
    message.set_content(text(payload))
    where = f"{settings['host']}:{settings['port']}"
    try:
        smtp_class = smtplib.SMTP_SSL if settings["port"] == 465 else smtplib.SMTP
        with smtp_class(settings["host"], settings["port"], timeout=timeout) as smtp:
            if settings["starttls"] and smtp_class is smtplib.SMTP:
                smtp.starttls(context=ssl.create_default_context())
            if settings["user"]:
                smtp.login(settings["user"], settings["password"] or "")
            refused = smtp.send_message(message)
    except (smtplib.SMTPException, OSError, ValueError) as exc:
        return _failed(f"email via {where} failed ({type(exc).__name__}: {' '.join(str(exc).split())[:160]})")
    if refused:
        return _failed(
            f"email via {where}: refused for {', '.join(sorted(refused))}", to=sorted(set(addresses) - set(refused))
        )
    return {"status": "sent", "to": list(addresses)}


def _failed(error: str, **extra) -> dict:
    return {"status": "failed", "error": error, **extra}
