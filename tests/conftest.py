"""Shared fixtures: the real models loaded once, and fresh SQLite stores on disk."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from stance.config import SAMPLE_DIR

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def pipeline():
    from stance.pipeline import Pipeline

    return Pipeline.load()


@pytest.fixture(scope="session")
def classifier(pipeline):
    return pipeline.classifier


@pytest.fixture
def store(database_url):
    """A fresh store, once on SQLite and once on PostgreSQL (see db_fixtures.py)."""
    from stance.store import Store

    return Store(database_url)


@pytest.fixture(scope="session")
def _seeded_file(tmp_path_factory, pipeline) -> Path:
    """The sample articles analysed once per test session; tests get a copy."""
    from stance.store import Store

    path = tmp_path_factory.mktemp("seed") / "seeded.db"
    store = Store(f"sqlite:///{path}")
    outcomes = pipeline.ingest_paths(store, sorted(SAMPLE_DIR.iterdir()))
    assert all(o.status == "stored" for o in outcomes), [o for o in outcomes if o.status != "stored"]
    store.db.engine.dispose()
    return path


@pytest.fixture
def seeded_url(_seeded_file, tmp_path) -> str:
    copy = tmp_path / "seeded.db"
    shutil.copy(_seeded_file, copy)
    return f"sqlite:///{copy}"


@pytest.fixture
def seeded_store(seeded_url):
    from stance.store import Store

    return Store(seeded_url)


@pytest.fixture(autouse=True)
def _cheap_password_hashing(monkeypatch: pytest.MonkeyPatch) -> None:
    """argon2id at its lowest cost inside the test process.

    At the production cost (64 MiB, 3 passes) the account tests spent about 20 s hashing, a third of
    `make test-fast`. The production cost is held by test_accounts.py::test_production_hashes_use_the_
    recommended_argon2id_cost; a CLI or server started as a subprocess still hashes at full cost.
    """
    from argon2 import PasswordHasher

    from stance.auth import passwords

    cheap = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
    monkeypatch.setattr(passwords, "PRODUCTION_HASHER", passwords._hasher, raising=False)
    monkeypatch.setattr(passwords, "_hasher", cheap)
    monkeypatch.setattr(passwords, "_DUMMY", cheap.hash("not a password anyone has"))


pytest_plugins = ["db_fixtures"]  # PostgreSQL server and the database_url fixture (tests/db_fixtures.py)


# Markers for the fast layer (`make test-fast` runs what is left without them). A test is marked by
# the fixtures it uses, so a new test is marked without anyone remembering to; modules that load the
# models another way (the CLI in a subprocess, their own classifier) are named here.
MODEL_FIXTURES = {"pipeline", "classifier", "_seeded_file", "seeded_url", "seeded_store"}
MODEL_MODULES = {"test_cli", "test_by_url", "test_first_start"}  # the CLI in a subprocess, analysing
MODEL_TESTS = {  # the CLI or the watcher in a subprocess, analysing articles with the models
    "test_watch_once_stores_every_item_once_and_asks_conditionally_the_second_time",
    "test_sigterm_and_a_kill_mid_poll_lose_nothing_and_duplicate_nothing",
    "test_the_watch_loop_polls_again_picks_up_new_feeds_and_stops_on_sigterm",
    "test_the_command_line_acts_as_a_named_account_with_the_same_rules",
    "test_alerts_commands",
    "test_stance_ingest_of_a_feed",
    # the transformer loaded by the test itself (precision variants, a training run)
    "test_training_is_reproducible",
    "test_int8_precision_is_a_separate_version_and_agrees_mostly",
    "test_bf16_keeps_the_version_labels_and_probabilities_of_fp32",
    "test_bf16_rounds_batch_shapes_so_memory_stays_bounded",
    "test_upload_stores_good_files_and_rejects_bad_ones",
    "test_an_ensemble_averages_its_members_and_loads_like_one_model",
    "test_a_teacher_is_learnt_from_and_named_in_the_student",
    # the dashboard analyses what was pasted or uploaded with its own pipeline
    "test_pasted_text_with_typed_details",
    "test_upload_details_typed_for_one_file_apply_to_that_file_only",
}
POSTGRES_TESTS = {"test_postgres_stopped_mid_ingest_stops_cleanly_and_a_rerun_resumes"}  # its own server


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        names = set(getattr(item, "fixturenames", ()))
        module = getattr(getattr(item, "module", None), "__name__", "")
        if (
            names & MODEL_FIXTURES
            or module.rsplit(".", 1)[-1] in MODEL_MODULES
            or getattr(item, "originalname", "") in MODEL_TESTS
        ):
            item.add_marker(pytest.mark.models)
        callspec = getattr(item, "callspec", None)
        if (
            "postgres_url" in names
            or "postgres_server" in names
            or (callspec and callspec.params.get("database_url") == "postgresql")
            or getattr(item, "originalname", "") in POSTGRES_TESTS
        ):
            item.add_marker(pytest.mark.postgres)
