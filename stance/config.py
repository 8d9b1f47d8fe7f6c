"""Settings from the environment, with the limits in one place."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = PACKAGE_DIR.parent
DATA_DIR = PROJECT_DIR / "data"
SHIPPED_MODEL_DIR = PACKAGE_DIR / "classifier" / "weights"
ACTORS_FILE = DATA_DIR / "actors.yaml"
SAMPLE_DIR = PROJECT_DIR / "sample_articles"


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
