"""Memory of the dashboard server with several analysts' sessions open, on a big store.

    python bench/dashboard_memory.py [--database-url URL | --db PATH | --start-postgres] [--sessions 5] [--steps]

Serves the dashboard exactly as `stance dashboard` does (dashboard/serve.py: the models load in
the background as the server starts), opens `--sessions` pages in headless Chromium (Debian's
/usr/bin/chromium), each going through the Overview, the Actors page, the Review queue and the
Briefing by the sidebar's links (one Streamlit session a tab), keeps them all open, and prints the server's resident memory (VmRSS) and its peak
(VmHWM) from /proc. Build the store first with bench/dashboard_speed.py (same --db default:
/tmp/stance-bench-ARTICLES-STATEMENTS.db); `--start-postgres` builds 200,000 articles and 1,000,000
statements in a throwaway PostgreSQL server as that bench does. Target (issue #16): under 1.5 GB at 1M statements
with 5 sessions.
"""

from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

CHROMIUM = "/usr/bin/chromium"
# The Overview first, then the pages that read statements, each reached through the sidebar's links in
# the same browser tab, so each tab stays one Streamlit session: (link text, the page's heading).
PAGES = [("Actors", "Actors"), ("Review", "Review"), ("Briefing", "Briefing")]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def memory_mb(pid: int) -> dict[str, float]:
    """VmRSS and VmHWM of the process and its children (the server is one process; this counts any helper too)."""
    totals = {"VmRSS": 0.0, "VmHWM": 0.0}
    pids = [pid]
    children = Path(f"/proc/{pid}/task/{pid}/children")
    if children.exists():
        pids += [int(p) for p in children.read_text().split()]
    for one in pids:
        for line in Path(f"/proc/{one}/status").read_text().splitlines():
            key, _, value = line.partition(":")
            if key in totals:
                totals[key] += int(value.split()[0]) / 1024
    return totals


def settled_mb(pid: int, patience_s: float = 180) -> float:
    """The server's memory once it stops growing: serve.py loads the models (spaCy, the transformer)
    in a background thread as it starts, so sessions are measured on top of a loaded server."""
    last, steady, waited = memory_mb(pid)["VmRSS"], 0, 0.0
    while steady < 3 and waited < patience_s:
        time.sleep(2)
        waited += 2
        now = memory_mb(pid)["VmRSS"]
        steady = steady + 1 if abs(now - last) < 5 else 0
        last = now
    return last


def wait_for_page(page, heading: str) -> None:
    """Until the page's heading is drawn and Streamlit has finished running its script."""
    page.locator("h1", has_text=heading).first.wait_for(timeout=300_000)
    page.wait_for_function(
        "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=300_000, polling=500
    )


def run(url: str, sessions: int, steps_shown: bool = False) -> None:
    from playwright.sync_api import sync_playwright

    from stance.cli import dashboard_command

    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [*dashboard_command(port), "--server.fileWatcherType", "none"],
        env={**os.environ, "STANCE_DATABASE_URL": url},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.STDOUT,
        cwd=ROOT,
    )
    try:
        for _ in range(240):
            try:
                if urllib.request.urlopen(f"{base}/_stcore/health", timeout=2).read() == b"ok":
                    break
            except OSError:
                time.sleep(0.5)
        else:
            raise SystemExit("the dashboard did not start")
        print(f"server up: {memory_mb(server.pid)['VmRSS']:.0f} MB resident", flush=True)
        print(f"models loaded in the background: {settled_mb(server.pid):.0f} MB resident", flush=True)
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=["--headless", "--no-sandbox", "--disable-gpu"])
            opened = []
            for number in range(1, sessions + 1):
                page = browser.new_context(viewport={"width": 1366, "height": 900}).new_page()
                opened.append(page)
                began = time.perf_counter()
                page.goto(base, timeout=300_000)
                wait_for_page(page, "Stance toward peace talks")
                steps = [f"Overview {memory_mb(server.pid)['VmRSS']:.0f}"]
                for link, heading in PAGES:
                    page.locator("[data-testid='stSidebarNav'] a", has_text=link).first.click()
                    wait_for_page(page, heading)
                    steps.append(f"{link} {memory_mb(server.pid)['VmRSS']:.0f}")
                if steps_shown:
                    print("   after each page (MB):", ", ".join(steps), flush=True)
                now = memory_mb(server.pid)
                print(
                    f"session {number}: four pages in {time.perf_counter() - began:5.1f} s; "
                    f"server {now['VmRSS']:.0f} MB resident, peak {now['VmHWM']:.0f} MB",
                    flush=True,
                )
            time.sleep(5)
            final = memory_mb(server.pid)
            print(f"{sessions} sessions open: {final['VmRSS']:.0f} MB resident, peak {final['VmHWM']:.0f} MB")
            print("target: under 1,536 MB")
            browser.close()
    finally:
        server.terminate()
        server.wait(timeout=30)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    where = parser.add_mutually_exclusive_group()
    where.add_argument("--db", type=Path, help="SQLite file (default /tmp/stance-bench-200000-1000000.db)")
    where.add_argument("--database-url", help="any store URL the bench built, e.g. postgresql://USER@HOST/DB")
    where.add_argument("--start-postgres", action="store_true", help="build the 1M store in a throwaway PostgreSQL")
    parser.add_argument("--sessions", type=int, default=5)
    parser.add_argument("--steps", action="store_true", help="print the memory after each page of each session")
    args = parser.parse_args()
    if args.start_postgres:
        from dashboard_speed import build, throwaway_postgres  # this folder is on sys.path when run as a script

        with throwaway_postgres() as url:
            print("building 200,000 articles / 1,000,000 statements in PostgreSQL ...", flush=True)
            build(url, 200_000, 1_000_000)
            run(url, args.sessions, args.steps)
        return
    path = args.db or Path("/tmp/stance-bench-200000-1000000.db")
    run(args.database_url or f"sqlite:///{path}", args.sessions, args.steps)


if __name__ == "__main__":
    main()
