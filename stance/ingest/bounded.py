"""Run a reader in a forked child so a hostile file cannot hang or bloat the app.

A PDF or HTML file can be built to make a parser spin for minutes or allocate gigabytes;
killing a thread is impossible in Python, killing a child process is not. The child also
gets a cap on its address space, so a decompression bomb ends in a MemoryError (and a
clear message) instead of the kernel's OOM killer picking a victim.
"""

from __future__ import annotations

import multiprocessing
import os
import traceback
from collections.abc import Callable

from stance.ingest.errors import IngestError

# Room the child may allocate on top of what it inherits from the parent. Files are at
# most a few MB (STANCE_MAX_UPLOAD_MB); parsing one takes tens of MB, not gigabytes.
MEMORY_HEADROOM_BYTES = 1024 * 1024 * 1024


def _limit_memory(headroom: int) -> None:  # pragma: no cover - runs in the child
    """Cap the child's address space at what it has now plus headroom (Linux; elsewhere a no-op)."""
    try:
        import resource

        with open("/proc/self/statm") as statm:
            current = int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
        _, hard = resource.getrlimit(resource.RLIMIT_AS)
        wanted = current + headroom
        if hard != resource.RLIM_INFINITY:
            wanted = min(wanted, hard)
        resource.setrlimit(resource.RLIMIT_AS, (wanted, hard))
    except (ImportError, OSError, ValueError):
        pass


def _child(conn, reader, name, data, headroom) -> None:  # pragma: no cover - runs in the child
    try:
        _limit_memory(headroom)
        result = reader(name, data)
        conn.send(("ok", [(r.file_name, r.reason) if isinstance(r, IngestError) else r for r in result]))
    except IngestError as error:
        conn.send(("error", error.reason))
    except RecursionError:
        conn.send(("error", "is nested too deeply to read. Save it as plain text and upload that."))
    except MemoryError:
        conn.send(("error", "needs too much memory to read. Save it as plain text and upload that."))
    except Exception as exc:
        conn.send(("crash", f"{type(exc).__name__}: {exc}"[:200] + "\n" + traceback.format_exc(limit=3)))
    finally:
        conn.close()


def run_bounded(
    reader: Callable, name: str, data: bytes, timeout_s: float, memory_headroom: int = MEMORY_HEADROOM_BYTES
) -> list:
    """reader(name, data) in a child process, stopped after timeout_s seconds.

    Raises IngestError (naming the file and what to do) when the reader refuses the file,
    runs out of time or memory, or dies; otherwise returns what the reader returned.
    """
    context = multiprocessing.get_context("fork")
    parent, child = context.Pipe(duplex=False)
    process = context.Process(target=_child, args=(child, reader, name, data, memory_headroom), daemon=True)
    process.start()
    child.close()
    try:
        if not parent.poll(timeout_s):
            raise IngestError(
                name,
                f"took longer than {timeout_s:g} s to read, so reading was stopped. Save it as plain text and upload that.",
            )
        try:
            status, payload = parent.recv()
        except (EOFError, OSError):
            raise IngestError(
                name,
                "could not be read: the reader stopped unexpectedly (the file may be damaged). Save it as plain text and upload that.",
            ) from None
    finally:
        if process.is_alive():
            process.kill()
        process.join(1)
        parent.close()
    if status == "error":
        raise IngestError(name, payload)
    if status == "crash":
        raise IngestError(
            name,
            f"could not be read ({payload.splitlines()[0]}); the file may be damaged. Save it again or paste its text.",
        )
    return [IngestError(*item) if isinstance(item, tuple) else item for item in payload]
