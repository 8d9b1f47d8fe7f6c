"""Settings from the environment, with the limits in one place."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = PACKAGE_DIR.parent  # the checkout; for an installed wheel, site-packages
# Run from a source checkout (an editable install included), or installed from the wheel? The wheel carries
# the registry and the sample articles in stance/_bundled/ (setup.py), not the labelled corpora in data/.
IN_CHECKOUT = (PROJECT_DIR / "pyproject.toml").is_file()
BUNDLED_DIR = PACKAGE_DIR / "_bundled"
DATA_DIR = PROJECT_DIR / "data"  # labelled statements, behaviour suite, attribution gold: a checkout only
SHIPPED_MODEL_DIR = PACKAGE_DIR / "classifier" / "weights"
ACTORS_FILE = (DATA_DIR if IN_CHECKOUT else BUNDLED_DIR) / "actors.yaml"
SAMPLE_DIR = (PROJECT_DIR if IN_CHECKOUT else BUNDLED_DIR) / "sample_articles"


def user_data_dir() -> Path:
    """Where the default SQLite file lives: $XDG_DATA_HOME/stance-tracker (~/.local/share/...)."""
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "stance-tracker"


def database_url() -> str:
    url = os.environ.get("STANCE_DATABASE_URL")
    if url:
        return url
    return f"sqlite:///{user_data_dir() / 'stance.db'}"


def model_dir() -> Path:
    """The classifier to use: $STANCE_MODEL_DIR, else the weights shipped in the package."""
    override = os.environ.get("STANCE_MODEL_DIR")
    return Path(override) if override else SHIPPED_MODEL_DIR


def model_version() -> str:
    """The current classifier's version, read from its config without loading the model (for footers)."""
    import json

    try:
        return str(json.loads((model_dir() / "stance_config.json").read_text())["version"])
    except (OSError, ValueError, KeyError):
        return "unknown"


def abstain_threshold() -> float:
    """The current classifier's abstention threshold, read from its config without loading the model.

    The store marks a stored call "uncertain" when its top probability is below this; the charts
    leave such calls out of actor scores until an analyst confirms them.
    """
    import json

    try:
        config = json.loads((model_dir() / "stance_config.json").read_text())
        return float(config.get("abstain_below", 0.0))
    except (OSError, ValueError):
        return 0.0


def _int_env(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError as exc:
        raise ValueError(f"{name} must be a whole number, got {value!r}") from exc


@dataclass(frozen=True)
class Limits:
    """Bounds on what one upload may cost. Each has its own clear message when hit."""

    max_upload_bytes: int
    max_article_chars: int
    max_batch_files: int
    parse_timeout_s: int
    max_batch_rows: int


def limits() -> Limits:
    return Limits(
        max_upload_bytes=_int_env("STANCE_MAX_UPLOAD_MB", 10) * 1024 * 1024,
        max_article_chars=_int_env("STANCE_MAX_ARTICLE_CHARS", 200_000),
        max_batch_files=_int_env("STANCE_MAX_BATCH_FILES", 200),
        parse_timeout_s=_int_env("STANCE_PARSE_TIMEOUT_S", 20),
        max_batch_rows=_int_env("STANCE_MAX_BATCH_ROWS", 10_000),
    )


@dataclass(frozen=True)
class WatchLimits:
    """How hard `stance watch` may pull on the sites it polls (stance.watch)."""

    interval_s: int  # between two polls of one feed (`stance watch --interval` wins)
    max_items: int  # new items taken from one feed per poll; the rest wait for the next poll
    host_gap_s: int  # at least this long between two requests to one host
    max_backoff_s: int  # a failing feed waits interval x 2^failures, at most this long
    item_attempts: int  # a page that does not answer is tried in this many polls, then given up


def watch_limits() -> WatchLimits:
    return WatchLimits(
        interval_s=_int_env("STANCE_WATCH_INTERVAL_S", 900),
        max_items=_int_env("STANCE_FEED_MAX_ITEMS", 50),
        host_gap_s=_int_env("STANCE_FEED_HOST_GAP_S", 1),
        max_backoff_s=_int_env("STANCE_FEED_MAX_BACKOFF_S", 24 * 3600),
        item_attempts=_int_env("STANCE_FEED_ITEM_ATTEMPTS", 3),
    )
