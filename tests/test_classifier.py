"""The stance classifier: shape of its output, its data splits, metrics, and reproducible training."""

from __future__ import annotations

import json

import pytest
import torch

from stance.classifier.data import SPLITS, Example, extend_splits, make_splits, near_duplicate_pairs, read_examples
from stance.classifier.metrics import expected_calibration_error, report
from stance.config import DATA_DIR, SHIPPED_MODEL_DIR
from stance.records import LABELS

STANCE = DATA_DIR / "stance"
# One trained model: the shipped one, or the first member when the shipped model is an ensemble (the
# precision tests are about how one model runs; an ensemble runs each member the same way).
SINGLE_MODEL_DIR = next(
    d for d in (SHIPPED_MODEL_DIR, *sorted(SHIPPED_MODEL_DIR.glob("member*"))) if (d / "head.safetensors").exists()
)


def test_predictions_are_probabilities_in_input_order(classifier):
    texts = [
        '"We are ready to sit down with them tomorrow if the guns fall silent," the foreign minister told reporters.',
        "The central bank said inflation slowed to 4.1 percent in October.",
        "There will be no negotiations until the enemy is crushed, the defence minister vowed.",
        "",
    ]
    predictions = classifier.predict(texts, batch_size=2)
    assert len(predictions) == 4
    for p in predictions:
        assert set(p.probabilities) == set(LABELS)
        assert sum(p.probabilities.values()) == pytest.approx(1.0, abs=1e-4)
        assert p.label == max(p.probabilities, key=p.probabilities.get)
        assert p.score == pytest.approx(p.probabilities["FAVOR"] - p.probabilities["AGAINST"])
    assert [p.label for p in predictions[:3]] == ["FAVOR", "NONE", "AGAINST"]
    alone = classifier.predict([texts[2]])[0]
    assert alone.probabilities["AGAINST"] == pytest.approx(predictions[2].probabilities["AGAINST"], abs=1e-4)


def test_shipped_model_is_small_and_versioned():
    config = json.loads((SHIPPED_MODEL_DIR / "stance_config.json").read_text())
    assert config["version"].startswith("minilm-")
    size = sum(p.stat().st_size for p in SHIPPED_MODEL_DIR.rglob("*") if p.is_file())
    assert size <= 10 * 1024 * 1024


def test_corpus_is_large_balanced_and_split_without_leaks():
    splits = {name: read_examples(STANCE / f"{name}.jsonl") for name in SPLITS}
    everything = [e for examples in splits.values() for e in examples]
    assert len(everything) >= 2500
    for label in LABELS:
        share = sum(e.label == label for e in everything) / len(everything)
        assert 0.28 <= share <= 0.38
    assert len({e.conflict for e in everything}) >= 10
    assert sum(e.hard_case is not None for e in everything) / len(everything) >= 0.2
    texts = {name: [e.text for e in examples] for name, examples in splits.items()}
    for a, b in (("train", "dev"), ("train", "test"), ("dev", "test")):
        assert near_duplicate_pairs(texts[a], texts[b]) == []


def test_near_duplicates_stay_in_one_split():
    base = "The foreign minister said on Monday that Moscow remained open to talks with Kyiv in Istanbul"
    examples = [Example(base, "FAVOR"), Example(base + " next week.", "FAVOR")]
    examples += [
        Example(f"Statement number {i} about sanctions on steel exports and grain {i}", "NONE") for i in range(40)
    ]
    splits = make_splits(examples, seed=1)
    homes = [name for name, items in splits.items() for e in items if e.text.startswith("The foreign minister")]
    assert len(homes) == 2 and homes[0] == homes[1]


def test_metrics_and_calibration_error():
    r = report(["FAVOR", "AGAINST", "NONE", "NONE"], ["FAVOR", "NONE", "NONE", "NONE"], [0.9, 0.6, 0.8, 0.7])
    assert r.per_class["FAVOR"]["f1"] == 1.0
    assert r.per_class["AGAINST"]["f1"] == 0.0
    assert r.per_class["NONE"]["precision"] == pytest.approx(2 / 3)
    assert r.macro_f1 == pytest.approx((1 + 0 + 0.8) / 3)
    assert r.confusion[1] == [0, 0, 1]
    assert expected_calibration_error([1.0, 1.0], [True, True]) == 0.0
    assert expected_calibration_error([1.0, 1.0], [False, False]) == pytest.approx(1.0)


def test_training_is_reproducible(tmp_path):
    from stance.classifier.train import _train_head

    examples = read_examples(STANCE / "dev.jsonl")[:150]
    train, dev = examples[:100], examples[100:]
    first = _train_head(train, dev, seed=7, epochs=15, log=lambda m: None)
    second = _train_head(train, dev, seed=7, epochs=15, log=lambda m: None)
    assert first[5] == second[5]  # same best epoch
    assert torch.allclose(first[3], second[3], atol=1e-5)  # same dev logits


def test_a_teacher_is_learnt_from_and_named_in_the_student(tmp_path):
    """Distillation: the shipped model teaches a tiny LoRA run; the student names its teacher, and a
    head-only run refuses one (it could not follow it)."""
    from stance.classifier.train import teacher_probabilities, train

    examples = read_examples(STANCE / "dev.jsonl")[:60]
    soft = teacher_probabilities(SHIPPED_MODEL_DIR, [e.text for e in examples[:8]], log=lambda m: None)
    assert soft.shape == (8, len(LABELS)) and torch.allclose(soft.sum(dim=-1), torch.ones(8), atol=1e-4)
    shipped = json.loads((SHIPPED_MODEL_DIR / "stance_config.json").read_text())["version"]
    result = train(
        examples[:40],
        examples[40:],
        "lora",
        tmp_path / "student",
        epochs=1,
        rank=2,
        teacher=SHIPPED_MODEL_DIR,
        log=lambda m: None,
    )
    config = json.loads((result.folder / "stance_config.json").read_text())
    assert config["teacher"] == shipped and config["version"] != shipped
    with pytest.raises(ValueError, match="lora"):
        train(examples[:40], examples[40:], "head", tmp_path / "head", teacher=SHIPPED_MODEL_DIR, log=lambda m: None)


def test_int8_precision_is_a_separate_version_and_agrees_mostly():
    from stance.classifier.model import StanceClassifier

    fast = StanceClassifier.load(SINGLE_MODEL_DIR, precision="int8")
    exact = StanceClassifier.load(SINGLE_MODEL_DIR, precision="fp32")
    assert fast.version == exact.version + "-int8"
    texts = [e.text for e in read_examples(STANCE / "test.jsonl")[:60]]
    same = sum(a.label == b.label for a, b in zip(fast.predict(texts), exact.predict(texts)))
    assert same >= 50
    with pytest.raises(ValueError, match="fp32"):
        StanceClassifier.load(SINGLE_MODEL_DIR, precision="fp16")


def test_bf16_keeps_the_version_labels_and_probabilities_of_fp32(tmp_path):
    """bf16 is the default on CPUs that have it, so it must not change what analysts see."""
    from stance.classifier.model import StanceClassifier

    fast = StanceClassifier.load(SINGLE_MODEL_DIR, precision="bf16")
    exact = StanceClassifier.load(SINGLE_MODEL_DIR, precision="fp32")
    assert (fast.precision, exact.precision) == ("bf16", "fp32")
    assert fast.version == exact.version
    texts = [e.text for e in read_examples(STANCE / "test.jsonl")[:77]]  # not a multiple of the row rounding
    pairs = list(zip(fast.predict(texts), exact.predict(texts)))
    assert len(pairs) == 77 and sum(a.label == b.label for a, b in pairs) >= 75
    assert max(abs(a.probabilities[k] - b.probabilities[k]) for a, b in pairs for k in a.probabilities) < 0.06
    fast.save(tmp_path)  # the precision belongs to the machine, not to the saved model
    assert "precision" not in json.loads((tmp_path / "stance_config.json").read_text())


def test_bf16_rounds_batch_shapes_so_memory_stays_bounded():
    """oneDNN keeps state per bfloat16 shape: the encoder must only ever see rounded shapes."""
    from stance.classifier.model import BF16_ROW_MULTIPLE, BF16_TOKEN_MULTIPLE, StanceClassifier

    classifier = StanceClassifier.load(SINGLE_MODEL_DIR, precision="bf16")
    shapes = []
    classifier.encoder.register_forward_hook(
        lambda module, args, kwargs, output: shapes.append(tuple(kwargs["input_ids"].shape)), with_kwargs=True
    )
    texts = [e.text for e in read_examples(STANCE / "dev.jsonl")[:21]]
    logits = classifier.logits(texts, batch_size=16)
    assert logits.shape == (21, 3)
    assert shapes and all(
        rows % BF16_ROW_MULTIPLE == 0 and tokens % BF16_TOKEN_MULTIPLE == 0 for rows, tokens in shapes
    )
    alone = classifier.logits(texts[16:17])
    assert torch.allclose(alone[0], logits[16], atol=0.1)  # the padding rows changed nothing for the real one


def test_auto_precision_follows_the_cpu(monkeypatch):
    from stance.classifier import model

    assert model.resolve_precision("auto") == ("bf16" if model.native_bf16() else "fp32")
    monkeypatch.setattr(model, "native_bf16", lambda: False)
    assert model.resolve_precision("auto") == "fp32"
    assert model.resolve_precision("bf16") == "bf16"  # asked for explicitly: honoured, if slow
    monkeypatch.setenv("STANCE_CLASSIFIER_PRECISION", "half")
    with pytest.raises(ValueError, match="auto, fp32, bf16, int8"):
        model.StanceClassifier.load(SHIPPED_MODEL_DIR)


def test_new_statements_leave_the_old_splits_alone():
    """Adding data must not move an old test statement into train (old test figures stay comparable)."""
    current = {name: read_examples(STANCE / f"{name}.jsonl")[:40] for name in SPLITS}
    old = [e for items in current.values() for e in items]
    twin_of = current["test"][0]
    twin = Example(twin_of.text.rstrip(".") + " on Tuesday.", twin_of.label)  # a near-duplicate of a test statement
    fresh = [
        Example(
            f"Statement number {n} about a ceasefire proposal in a new region, said the minister of state {n}.", "FAVOR"
        )
        for n in range(30)
    ]
    dropped = current["train"][5]
    raw = [e for e in old if e is not dropped] + fresh + [twin]
    splits = extend_splits(current, raw, seed=3)
    for name in SPLITS:
        assert [e.text for e in splits[name][: len(current[name]) - (name == "train")]] == [
            e.text for e in current[name] if e is not dropped
        ]
    assert twin in splits["test"]
    assert dropped.text not in {e.text for items in splits.values() for e in items}
    assert sorted(e.text for items in splits.values() for e in items) == sorted(e.text for e in raw)


def test_an_ensemble_averages_its_members_and_loads_like_one_model(tmp_path, capsys):
    """Two members that differ (the second's temperature raised, so its probabilities are flatter): the
    ensemble's probabilities are their mean, its version is its own, and every loader takes the folder."""
    import shutil

    from stance.classifier.ensemble import Ensemble
    from stance.classifier.loading import load_classifier
    from stance.classifier.model import StanceClassifier
    from stance.cli import main

    first, second = tmp_path / "first", tmp_path / "second"
    shutil.copytree(SINGLE_MODEL_DIR, first)
    shutil.copytree(SINGLE_MODEL_DIR, second)
    config = json.loads((second / "stance_config.json").read_text())
    (second / "stance_config.json").write_text(json.dumps({**config, "temperature": 3.0, "version": "flat"}))
    data = tmp_path / "data"
    data.mkdir()
    dev = read_examples(STANCE / "dev.jsonl")[:40]
    for name in SPLITS:
        (data / f"{name}.jsonl").write_text("".join(json.dumps({"text": e.text, "label": e.label}) + "\n" for e in dev))

    main(["ensemble", str(first), str(second), "--out", str(tmp_path / "both"), "--data", str(data)])
    summary = json.loads(capsys.readouterr().out)
    assert summary["members"] == [config["version"], "flat"] and summary["version"].startswith("minilm-ensemble-")
    assert 0.0 <= summary["abstain_below"] <= 0.99 and 0.0 < summary["dev_macro_f1"] <= 1.0

    ensemble = load_classifier(tmp_path / "both")
    assert isinstance(ensemble, Ensemble) and ensemble.version == summary["version"]
    texts = [e.text for e in dev[:12]] + ["", "The ministry said talks would resume on Monday."]
    one, flat = StanceClassifier.load(first), StanceClassifier.load(second)
    expected = (one.probabilities(texts[:12]) + flat.probabilities(texts[:12])) / 2
    got = ensemble.predict(texts)
    assert len(got) == len(texts)
    for row, prediction in zip(expected.tolist(), got[:12]):
        assert [prediction.probabilities[label] for label in LABELS] == pytest.approx(row, abs=1e-5)
        assert prediction.uncertain == (max(row) < ensemble.abstain_below)

    with pytest.raises(SystemExit):
        main(["ensemble", str(first), str(tmp_path / "nothing"), "--out", str(tmp_path / "x"), "--data", str(data)])
    assert "holds no trained model" in capsys.readouterr().err
