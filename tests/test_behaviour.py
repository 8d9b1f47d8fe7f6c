"""Stance on real copy: the behaviour suite, the lexical audit, counterfactual pairs in the splits,
abstention (uncertain calls), and analysts' labels back into training."""

from __future__ import annotations

import json

import pytest
import torch

from stance.classifier.audit import MAX_SHARE, MIN_COUNT, lexical_audit
from stance.classifier.behaviour import BehaviourItem, overall_rate, read_suite, run_suite
from stance.classifier.data import SPLITS, Example, extend_splits, make_splits, near_duplicate_pairs, read_examples
from stance.classifier.train import choose_threshold
from stance.config import DATA_DIR

STANCE = DATA_DIR / "stance"
SUITE = STANCE / "behaviour"

# Each capability's pass rate may not fall below these floors, set from the shipped model's rates
# (MODEL_CARD.md) less a small margin for retraining noise.
FLOORS: dict[str, float] = json.loads((SUITE / "floors.json").read_text()) if (SUITE / "floors.json").exists() else {}


@pytest.fixture(scope="module")
def suite() -> list[BehaviourItem]:
    return read_suite(SUITE)


def test_suite_is_large_named_and_never_in_any_split(suite):
    by_capability: dict[str, int] = {}
    for item in suite:
        by_capability[item.capability] = by_capability.get(item.capability, 0) + 1
    assert len(suite) >= 1000
    assert len(by_capability) >= 20
    assert min(by_capability.values()) >= 30, by_capability
    assert len({item.id for item in suite}) == len(suite)
    for name in SPLITS:
        texts = [e.text for e in read_examples(STANCE / f"{name}.jsonl")]
        assert not set(texts) & {item.text for item in suite}
        assert near_duplicate_pairs([item.text for item in suite], texts) == [], f"suite items nearly in {name}"


def test_invariance_groups_share_a_label_and_directional_pairs_differ(suite):
    groups: dict[str, set[str]] = {}
    kinds: dict[str, str] = {}
    for item in suite:
        if item.group:
            groups.setdefault(item.group, set()).add(item.label)
            kinds[item.group] = item.type
    assert groups
    for group, labels in groups.items():
        assert (len(labels) == 1) if kinds[group] == "INV" else (len(labels) >= 2), group


def test_shipped_model_holds_every_capability_floor(classifier, suite):
    results = run_suite(suite, [p.label for p in classifier.predict([i.text for i in suite])])
    rates = {r.capability: r.rate for r in results}
    assert FLOORS, "data/stance/behaviour/floors.json holds the per-capability floors"
    below = {
        c: round(rates.get(c, 0.0), 3) for c, floor in FLOORS.items() if c != "overall" and rates.get(c, 0.0) < floor
    }
    assert not below, f"capabilities under their floor: {below}"
    assert overall_rate(results) >= FLOORS.get("overall", 0.0)


def test_run_suite_counts_passes_per_capability():
    items = [
        BehaviourItem("a1", "welcoming", "MFT", "x", "FAVOR"),
        BehaviourItem("a2", "welcoming", "MFT", "y", "FAVOR"),
        BehaviourItem("b1", "none_weapons", "MFT", "z", "NONE"),
    ]
    results = {r.capability: r for r in run_suite(items, ["FAVOR", "AGAINST", "NONE"])}
    assert (results["welcoming"].passed, results["welcoming"].total) == (1, 2)
    assert results["welcoming"].failures[0][0].id == "a2"
    assert overall_rate(list(results.values())) == pytest.approx(2 / 3)


def test_no_topic_word_decides_the_label_in_train():
    rows = lexical_audit(read_examples(STANCE / "train.jsonl"))
    checked = [r for r in rows if r.total >= MIN_COUNT]
    assert len(checked) >= 8
    over = {r.term: round(r.top_share, 2) for r in checked if r.top_share > MAX_SHARE}
    assert not over, f"topic words whose statements are mostly one label: {over}"


def test_audit_flags_a_word_that_predicts_the_label():
    examples = [Example(f"They backed the truce number {i}.", "FAVOR") for i in range(20)]
    examples += [Example(f"They rejected the truce number {i}.", "AGAINST") for i in range(10)]
    truce = next(r for r in lexical_audit(examples) if r.term == "truce")
    assert truce.total == 30 and not truce.ok
    examples += [Example(f"The truce talks moved to venue {i}.", "NONE") for i in range(11)]
    assert next(r for r in lexical_audit(examples) if r.term == "truce").ok


def test_counterfactual_pairs_stay_together_in_every_split():
    examples = []
    for i in range(60):
        examples.append(
            Example(f"Minister {i} accepted the ceasefire plan number {i} in city {i}.", "FAVOR", pair=f"p{i}")
        )
        examples.append(
            Example(
                f"Minister {i} rejected the ceasefire plan number {i} in city {i} outright.", "AGAINST", pair=f"p{i}"
            )
        )
    where = {e.text: name for name, items in make_splits(examples).items() for e in items}
    for i in range(0, 120, 2):
        assert where[examples[i].text] == where[examples[i + 1].text]
    placed = make_splits(examples[:60])
    extended = extend_splits(placed, examples + [Example("A new statement about aid convoys.", "NONE")])
    where = {e.text: name for name, items in extended.items() for e in items}
    for i in range(0, 120, 2):
        assert where[examples[i].text] == where[examples[i + 1].text]


def test_shipped_data_keeps_both_sides_of_each_pair_in_one_split():
    split_of: dict[str, set[str]] = {}
    for name in SPLITS:
        for e in read_examples(STANCE / f"{name}.jsonl"):
            if e.pair:
                split_of.setdefault(e.pair, set()).add(name)
    assert len(split_of) >= 1000
    assert all(len(names) == 1 for names in split_of.values())


def test_threshold_is_the_lowest_that_reaches_the_target_accuracy():
    probs = torch.tensor([[0.95, 0.03, 0.02], [0.90, 0.05, 0.05], [0.55, 0.40, 0.05], [0.50, 0.45, 0.05]])
    y = torch.tensor([0, 0, 1, 0])
    assert choose_threshold(probs, y, target=0.95) == 0.56  # drops the wrong 0.55 call, keeps the rest above it
    assert choose_threshold(probs, y, target=0.70) == 0.0


def test_low_confidence_predictions_are_marked_uncertain(classifier, monkeypatch):
    texts = ["The talks went on.", '"We reject this ceasefire and we will fight on," the commander said.']
    monkeypatch.setattr(classifier, "abstain_below", 1.01)
    assert all(p.uncertain for p in classifier.predict(texts))
    monkeypatch.setattr(classifier, "abstain_below", 0.0)
    assert not any(p.uncertain for p in classifier.predict(texts))


def test_analyst_labels_go_to_training_without_what_is_held_out(seeded_store):
    from stance.exports import corrections_for_training

    rows = seeded_store.statements().head(3)
    ids, texts = rows["statement_id"].tolist(), rows["text"].tolist()
    seeded_store.correct(ids[0], "label", "AGAINST", "Rana")
    seeded_store.correct(ids[1], "label", "NONE", "Rana")
    seeded_store.correct(ids[1], "label", "FAVOR", "Rana")  # changed her mind: the later label wins
    seeded_store.correct(ids[2], "label", "NONE", "Rana")
    added, skipped = corrections_for_training(seeded_store, held_out=[texts[2]])
    assert {(e.text, e.label) for e in added} == {(texts[0], "AGAINST"), (texts[1], "FAVOR")}
    assert skipped == 1


def test_splits_command_places_new_statements_and_leaves_suite_lookalikes_out(tmp_path, capsys):
    from stance.cli import main

    raw, suite = tmp_path / "raw", tmp_path / "behaviour"
    raw.mkdir()
    suite.mkdir()
    suite_item = "The negotiator said her team would stay in Doha until the truce was signed."
    (suite / "items.jsonl").write_text(
        json.dumps({"id": "x-1", "capability": "ready", "type": "MFT", "text": suite_item, "label": "FAVOR"}) + "\n"
    )
    rows = [
        {"text": f"Statement number {i} about the talks in city {i} was made on day {i}.", "label": label}
        for i, label in enumerate(["FAVOR", "AGAINST", "NONE"] * 10)
    ]
    rows.append({"text": suite_item, "label": "FAVOR"})
    (raw / "first.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows))
    main(["splits", "--data", str(tmp_path), "--json"])
    first = json.loads(capsys.readouterr().out)
    assert first["statements"] == 30 and first["left_out_near_suite"] == 1
    assert sum(first["splits"].values()) == 30 and "new" not in first
    placed = {name: (tmp_path / f"{name}.jsonl").read_text() for name in ("train", "dev", "test")}
    assert not any(suite_item in text for text in placed.values())

    (raw / "second.jsonl").write_text(
        json.dumps({"text": "A brand new statement on a ceasefire.", "label": "NONE"}) + "\n"
    )
    main(["splits", "--data", str(tmp_path), "--json"])
    second = json.loads(capsys.readouterr().out)
    assert second["statements"] == 31 and sum(second["new"].values()) == 1
    for name, text in placed.items():  # every earlier statement stays where it was
        assert set(text.splitlines()) <= set((tmp_path / f"{name}.jsonl").read_text().splitlines())
    assert set(second["near_duplicates"]) == {"train-dev", "train-test", "dev-test"}
