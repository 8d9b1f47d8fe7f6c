"""Work the server starts as it starts, in a background thread: load the models once (spaCy and the
stance classifier), then, on a first start, the sample articles into an empty store, noting how far it
has got so every page can say so.

Plain Python, no Streamlit: `dashboard/serve.py` calls `begin` before the server opens, and
`state.pipeline()` asks `pipeline` for the same loaded models, so the first upload waits at most for
what is left of the load. The work itself is the library's (stance.pipeline, stance.samples).
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from stance.config import database_url, model_dir
from stance.samples import SampleProgress

if TYPE_CHECKING:
    from stance.pipeline import Pipeline

_load_lock = threading.Lock()  # whoever asks first loads; everyone else waits for the same models
_loaded: dict[str, Pipeline] = {}


def pipeline(folder: str | None = None) -> Pipeline:
    """The stance.pipeline.Pipeline for this model folder, loaded once per process whoever asks first."""
    folder = folder or str(model_dir())
    with _load_lock:
        if folder not in _loaded:
            from stance.pipeline import Pipeline  # torch and transformers: imported only when the models load

            _loaded[folder] = Pipeline.load(Path(folder))
        return _loaded[folder]


def is_loaded(folder: str | None = None) -> bool:
    return (folder or str(model_dir())) in _loaded


@dataclass(frozen=True)
class Progress:
    """Where the background work stands. `stage`: idle (never started), models, samples, done, failed."""

    stage: str = "idle"
    samples: bool = False  # this start loads the sample articles into an empty store
    sample: SampleProgress | None = None  # the article being analysed now
    stored: int = 0
    error: str | None = None

    @property
    def loading_samples(self) -> bool:
        """True until the samples are in (the models load first): pages show the progress instead."""
        return self.samples and self.stage in ("models", "samples")


_state_lock = threading.Lock()
_progress = Progress()
_thread: threading.Thread | None = None


def progress() -> Progress:
    return _progress


def _set(**changes) -> None:
    global _progress
    with _state_lock:
        _progress = replace(_progress, **changes)


def begin(samples: bool = False, url: str | None = None, log: Callable[[str], None] | None = None) -> threading.Thread:
    """Start the background work once per process (later calls return the same thread).

    With `samples`, an empty store gets the sample articles after the models are in; each step goes to
    `log` (stderr by default) as well as to `progress()`.
    """
    global _thread
    say = log or (lambda line: print(line, file=sys.stderr, flush=True))
    with _state_lock:
        if _thread is not None:
            return _thread
        _thread = threading.Thread(
            target=_work, args=(samples, url or database_url(), say), name="stance-warmup", daemon=True
        )
    _set(stage="models", samples=samples)
    _thread.start()
    return _thread


def _work(samples: bool, url: str, say: Callable[[str], None]) -> None:
    try:
        store = None
        if samples:
            from stance.auth import SYSTEM
            from stance.samples import needs_samples, sample_paths
            from stance.store import Store

            store = Store(
                url, by=SYSTEM
            )  # the server's own work, audited as "system", whether or not the store has accounts
            if needs_samples(store):
                say(
                    f"Empty store: loading the {len(sample_paths())} sample articles; the page shows how far it has got."
                )
            else:
                store = None
                _set(samples=False)  # an analyst's store: nothing to load, pages open at once
        pipeline()
        if store is not None:
            from stance.samples import load_samples

            def step(now: SampleProgress) -> None:
                _set(stage="samples", sample=now)
                say(now.line())

            outcomes = load_samples(store, pipeline(), progress=step)
            stored = sum(o.status == "stored" for o in outcomes)
            _set(stored=stored)
            say(f"loaded {stored} sample articles")
        _set(stage="done")
    except Exception as exc:  # noqa: BLE001 - reported on the page and in the terminal; an upload tries the load again
        _set(stage="failed", error=f"{type(exc).__name__}: {exc}")
        say(f"error: the background load failed ({type(exc).__name__}: {exc})")
