"""Run a reader in a forked child so a hostile file cannot hang or bloat the app.

A PDF or HTML file can be built to make a parser spin for minutes; killing a thread is
impossible in Python, killing a child process is not.
"""

from __future__ import annotations

import multiprocessing
import traceback
from typing import Callable

from stance.ingest.errors import IngestError


def _child(conn, reader, name, data) -> None:  # pragma: no cover - runs in the child
    try:
        result = reader(name, data)
        conn.send(("ok", [(r.file_name, r.reason) if isinstance(r, IngestError) else r for r in result]))
    except IngestError as error:
        conn.send(("error", error.reason))
    except RecursionError:
        conn.send(("error", "is nested too deeply to read. Save it as plain text and upload that."))
    except MemoryError:
        conn.send(("error", "needs too much memory to read. Save it as plain text and upload that."))
    except Exception as exc:
        conn.send(("crash", f"{type(exc).__name__}: {exc}\n{traceback.format_exc(limit=3)}"))
    finally:
        conn.close()


def run_bounded(reader: Callable, name: str, data: bytes, timeout_s: float) -> list:
    """reader(name, data) in a child process, stopped after timeout_s seconds."""
    context = multiprocessing.get_context("fork")
    parent, child = context.Pipe(duplex=False)
    process = context.Process(target=_child, args=(child, reader, name, data), daemon=True)
    process.start()
    child.close()
    try:
        if not parent.poll(timeout_s):
            raise IngestError(name, f"took longer than {timeout_s:g} s to read, so reading was stopped. Save it as plain text and upload that.")
        try:
            status, payload = parent.recv()
        except EOFError:
            raise IngestError(name, "could not be read: the reader stopped unexpectedly (the file may be damaged). Save it as plain text and upload that.") from None
    finally:
        if process.is_alive():
            process.kill()
        process.join(1)
        parent.close()
    if status == "error":
        raise IngestError(name, payload)
    if status == "crash":
        raise IngestError(name, f"could not be read ({payload.splitlines()[0]}); the file may be damaged. Save it again or paste its text.")
    return [IngestError(*item) if isinstance(item, tuple) else item for item in payload]
