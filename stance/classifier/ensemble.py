"""Several trained classifiers whose probabilities are averaged.

One LoRA run's real-copy figure moves by a few points with its seed and its data round (MODEL_CARD.md);
averaging runs that err in different places keeps what they agree on and softens what only one of them
believes. A folder holds the members as sub-folders (each a whole model, as `stance train` writes it)
and a `stance_config.json` that names them; `stance.classifier.loading.load_classifier` reads either kind. Each
member is merged and run on its own, so an ensemble of n costs n times one model's time.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import Any

import torch

from stance.classifier.model import CONFIG_FILE, StanceClassifier, predictions
from stance.records import LABELS, Prediction


class Ensemble:
    """Averages its members' calibrated probabilities; abstains below its own dev-chosen threshold."""

    def __init__(self, members: list[StanceClassifier], config: dict):
        if not members:
            raise ValueError("An ensemble needs at least one member.")
        self.members = members
        self.config = config
        self.version: str = config["version"]
        self.precision: str = members[0].precision
        self.abstain_below: float = float(config.get("abstain_below", 0.0))

    @classmethod
    def load(cls, folder: Path, precision: str | None = None) -> Ensemble:
        config = json.loads((folder / CONFIG_FILE).read_text())
        members = [StanceClassifier.load(folder / name, precision) for name in config["members"]]
        if members[0].precision == "int8":
            config = {**config, "version": f"{config['version']}-int8"}
        return cls(members, config)

    def probabilities(self, texts: list[str], batch_size: int = 64) -> torch.Tensor:
        return torch.stack([m.probabilities(texts, batch_size) for m in self.members]).mean(dim=0)

    def predict(self, texts: Iterable[str], batch_size: int = 64) -> list[Prediction]:
        texts = [t if t.strip() else "(empty)" for t in texts]
        return predictions(self.probabilities(texts, batch_size), self.abstain_below) if texts else []


def build(members: list[Path], dev_texts: list[str], dev_labels: list[str], out: Path) -> Ensemble:
    """Copy trained models into one ensemble folder and choose its abstention threshold on dev.

    The version names the members' weights (a digest), like a trained model's does, so scores made by
    the ensemble are never mistaken for scores of any single member.
    """
    from stance.classifier.abstention import choose_threshold
    from stance.classifier.metrics import report

    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    names = []
    for number, member in enumerate(members, start=1):
        name = f"member{number}"
        shutil.copytree(member, out / name)
        names.append(name)
    digest = hashlib.sha256()
    for path in sorted(out.rglob("*.safetensors")):
        digest.update(path.read_bytes())
    config: dict[str, Any] = {
        "approach": "ensemble",
        "version": f"minilm-ensemble-{date.today():%Y%m%d}-{digest.hexdigest()[:8]}",
        "labels": list(LABELS),
        "members": names,
        "member_versions": [json.loads((out / n / CONFIG_FILE).read_text())["version"] for n in names],
    }
    (out / CONFIG_FILE).write_text(json.dumps(config, indent=2) + "\n")
    ensemble = Ensemble.load(out)
    probs = ensemble.probabilities(dev_texts)
    y = torch.tensor([LABELS.index(label) for label in dev_labels])
    config["abstain_below"] = choose_threshold(probs, y)
    predicted = [LABELS[i] for i in probs.argmax(dim=-1).tolist()]
    config["dev_macro_f1"] = round(report(dev_labels, predicted, probs.max(dim=-1).values.tolist()).macro_f1, 4)
    (out / CONFIG_FILE).write_text(json.dumps(config, indent=2) + "\n")
    return Ensemble.load(out)
