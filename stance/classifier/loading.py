"""One entry point for every loader (pipeline, CLI, benches): a model folder may hold one trained model
or an ensemble of them, and callers should not care which. Kept apart from model.py and ensemble.py
so neither has to import the other both ways."""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from stance.classifier.ensemble import Ensemble
from stance.classifier.model import CONFIG_FILE, StanceClassifier
from stance.records import Prediction

if TYPE_CHECKING:
    import torch


class Classifier(Protocol):
    """What the pipeline, the CLI and the benches use: one model or an ensemble (stance.classifier.ensemble)."""

    version: str
    precision: str
    abstain_below: float

    def predict(self, texts: Iterable[str], batch_size: int = 64) -> list[Prediction]: ...

    def probabilities(self, texts: list[str], batch_size: int = 64) -> torch.Tensor: ...


def load_classifier(folder: Path, precision: str | None = None) -> Classifier:
    """The model in folder: a single trained model, or an ensemble whose config names its members."""
    config_path = folder / CONFIG_FILE
    if config_path.exists() and "members" in json.loads(config_path.read_text()):
        return Ensemble.load(folder, precision)
    return StanceClassifier.load(folder, precision)
