"""StanceClassifier: FAVOR / AGAINST / NONE toward peace talks, with calibrated probabilities.

The shipped weights are small: a linear head on the pooled encoder output and, for the
"lora" approach, a LoRA adapter on the encoder's attention. The base encoder always comes
from the installed package, so the repository never carries its 90 MB.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from pathlib import Path

import torch
from safetensors.torch import load_file, save_file

from stance.classifier.encoder import load_base, mean_pool
from stance.records import LABELS, Prediction

MAX_LENGTH = 128
BF16_ROW_MULTIPLE = 8  # batch rows and tokens are rounded up to these in bfloat16; see logits()
BF16_TOKEN_MULTIPLE = 8
PRECISIONS = ("auto", "fp32", "bf16", "int8")
CONFIG_FILE = "stance_config.json"
HEAD_FILE = "head.safetensors"
ADAPTER_DIR = "adapter"


class StanceHead(torch.nn.Module):
    def __init__(self, width: int = 384, hidden: int = 0):
        super().__init__()
        if hidden:
            self.layers = torch.nn.Sequential(
                torch.nn.Dropout(0.1),
                torch.nn.Linear(width, hidden),
                torch.nn.GELU(),
                torch.nn.Dropout(0.1),
                torch.nn.Linear(hidden, len(LABELS)),
            )
        else:
            self.layers = torch.nn.Sequential(torch.nn.Dropout(0.1), torch.nn.Linear(width, len(LABELS)))

    def forward(self, pooled: torch.Tensor) -> torch.Tensor:
        return self.layers(pooled)


class StanceClassifier:
    """Load once, then `predict` in batches. Every score carries `version`."""

    def __init__(self, tokenizer, encoder, head: StanceHead, config: dict):
        self.tokenizer = tokenizer
        self.encoder = encoder
        self.head = head
        self.config = config
        self.version: str = config["version"]
        self.temperature: float = float(config.get("temperature", 1.0))
        self.precision: str = config.get("precision", "fp32")
        # Below this top probability a call is "uncertain": shown apart and left out of actor scores
        # until an analyst confirms it. Chosen on dev by `stance train` (see choose_threshold).
        self.abstain_below: float = float(config.get("abstain_below", 0.0))
        self.encoder.eval()
        self.head.eval()

    @classmethod
    def load(cls, folder: Path, precision: str | None = None) -> StanceClassifier:
        """precision, from STANCE_CLASSIFIER_PRECISION when not given: "auto" (the default) runs the
        encoder in bfloat16 where the CPU does bfloat16 natively and in fp32 elsewhere; "int8" is
        faster still but less accurate. The trade-offs are measured in MODEL_CARD.md."""
        precision = resolve_precision(precision or os.environ.get("STANCE_CLASSIFIER_PRECISION", "auto"))
        config_path = folder / CONFIG_FILE
        if not config_path.exists():
            raise FileNotFoundError(
                f"No classifier in {folder} ({CONFIG_FILE} missing). Train one with `stance train`, "
                "or unset STANCE_MODEL_DIR to use the shipped model."
            )
        config = json.loads(config_path.read_text())
        tokenizer, encoder = load_base()
        if (folder / ADAPTER_DIR).exists():
            from peft import PeftModel

            encoder = PeftModel.from_pretrained(encoder, str(folder / ADAPTER_DIR)).merge_and_unload()
        head = StanceHead(encoder.config.hidden_size, config.get("head_hidden", 0))
        head.load_state_dict(load_file(str(folder / HEAD_FILE)))
        if precision == "int8":
            encoder = quantize_feed_forward(encoder)
            config = {**config, "version": f"{config['version']}-int8"}
        return cls(tokenizer, encoder, head, {**config, "precision": precision})

    def save(self, folder: Path) -> None:
        """Writes the head and config; the trainer writes the adapter itself."""
        folder.mkdir(parents=True, exist_ok=True)
        save_file({k: v.contiguous() for k, v in self.head.state_dict().items()}, str(folder / HEAD_FILE))
        config = {k: v for k, v in self.config.items() if k != "precision"}  # a property of the machine, not the model
        (folder / CONFIG_FILE).write_text(json.dumps(config, indent=2) + "\n")

    def logits(self, texts: list[str], batch_size: int = 64) -> torch.Tensor:
        out = []
        bf16 = self.precision == "bf16"
        with torch.inference_mode():
            for i in range(0, len(texts), batch_size):
                chunk = texts[i : i + batch_size]
                if bf16:
                    # oneDNN keeps state for every bfloat16 matrix shape it meets, so unbounded shapes
                    # grow memory without end over a long ingest; rounding both dimensions up keeps
                    # the set of shapes small (measured flat, MODEL_CARD.md). Extra rows are dropped.
                    chunk = chunk + chunk[:1] * (-len(chunk) % BF16_ROW_MULTIPLE)
                batch = self.tokenizer(
                    chunk,
                    padding=True,
                    truncation=True,
                    max_length=MAX_LENGTH,
                    return_tensors="pt",
                    pad_to_multiple_of=BF16_TOKEN_MULTIPLE if bf16 else None,
                )
                with torch.autocast("cpu", dtype=torch.bfloat16, enabled=bf16):
                    hidden = self.encoder(**batch).last_hidden_state
                pooled = mean_pool(hidden.float(), batch["attention_mask"])
                out.append(self.head(pooled)[: min(batch_size, len(texts) - i)])
        return torch.cat(out) if out else torch.empty(0, len(LABELS))

    def probabilities(self, texts: list[str], batch_size: int = 64) -> torch.Tensor:
        """Calibrated class probabilities, one row per text in the order given (columns in LABELS order)."""
        # Sort by length so each batch pads little; restore the order afterwards.
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        logits = self.logits([texts[i] for i in order], batch_size)
        probs = torch.empty_like(logits)
        probs[torch.tensor(order, dtype=torch.long)] = torch.softmax(logits / self.temperature, dim=-1)
        return probs

    def predict(self, texts: Iterable[str], batch_size: int = 64) -> list[Prediction]:
        texts = [t if t.strip() else "(empty)" for t in texts]
        return predictions(self.probabilities(texts, batch_size), self.abstain_below) if texts else []


def predictions(probs: torch.Tensor, abstain_below: float) -> list[Prediction]:
    """Predictions from probability rows; a call whose top probability is under abstain_below is uncertain."""
    results = []
    for row in probs.tolist():
        p = {label: round(float(row[k]), 6) for k, label in enumerate(LABELS)}
        results.append(
            Prediction(label=max(p, key=p.__getitem__), probabilities=p, uncertain=max(p.values()) < abstain_below)
        )
    return results


def resolve_precision(precision: str) -> str:
    """bfloat16 only pays where the CPU has it in hardware (AVX512-BF16 or AMX); emulated it is
    slower than fp32, so "auto" checks. On the 2-core AVX512-BF16 machines it is 1.6-1.9x fp32 and
    changed no label on dev or test (MODEL_CARD.md)."""
    if precision not in PRECISIONS:
        raise ValueError(f"STANCE_CLASSIFIER_PRECISION must be one of {', '.join(PRECISIONS)}, not {precision!r}")
    if precision == "auto":
        return "bf16" if native_bf16() else "fp32"
    return precision


def native_bf16() -> bool:
    try:
        return bool(torch.backends.mkldnn.is_available() and torch.ops.mkldnn._is_mkldnn_bf16_supported())
    except (AttributeError, RuntimeError):
        return False


def quantize_feed_forward(encoder: torch.nn.Module) -> torch.nn.Module:
    """int8 weights for the feed-forward layers only: quantising attention as well cost more accuracy
    for little more speed (measured, MODEL_CARD.md)."""
    import warnings

    names = {
        name
        for name, module in encoder.named_modules()
        if isinstance(module, torch.nn.Linear)
        and ("intermediate" in name or (name.endswith("output.dense") and "attention" not in name))
    }
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # torch points eager quantisation users at torchao
        return torch.ao.quantization.quantize_dynamic(encoder, names, dtype=torch.qint8)
