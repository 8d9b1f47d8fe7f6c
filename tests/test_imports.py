"""The import rules of ARCHITECTURE.md, read statically from the source (no module is imported).

Every import counts: at module level, inside functions (lazy imports) and under TYPE_CHECKING,
because each one is a dependency a reader has to follow.
"""

from __future__ import annotations

import ast
from functools import lru_cache
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "stance"


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


@lru_cache(maxsize=1)
def _modules() -> dict[str, Path]:
    return {_module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def _imported_names(name: str, path: Path) -> set[str]:
    """Every dotted name the module imports (`from a import b` gives a.b), relative imports made absolute."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(parent + ([base] if base else []))
            # `from stance.store import queries` loads stance.store.queries, `from stance.names import
            # normalise` stance.names: _own_module takes the longest prefix that is a module
            found.update(f"{base}.{alias.name}" for alias in node.names)
    return found


def _own_module(dotted: str) -> str | None:
    """The module of this package a dotted import name loads (its longest known prefix)."""
    modules = _modules()
    while dotted:
        if dotted in modules:
            return dotted
        dotted = dotted.rpartition(".")[0]
    return None


@lru_cache(maxsize=1)
def _graph() -> dict[str, set[str]]:
    graph = {}
    for name, path in _modules().items():
        targets = {
            _own_module(imported) for imported in _imported_names(name, path) if imported.split(".")[0] == "stance"
        }
        graph[name] = {t for t in targets if t is not None and t != name}
    return graph


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan), each as a sorted list."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(graph.get(node, ())):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_the_walk_sees_the_package():
    graph = _graph()
    assert {"stance.pipeline", "stance.store.repository", "stance.attribution.attribute", "stance.registry"} <= set(
        graph
    )
    assert "stance.store.queries" in graph["stance.store.repository"]  # `from stance.store import queries`
    assert "stance.attribution.attribute" in graph["stance.attribution"]  # a lazy import inside a function


def test_the_store_imports_nothing_of_attribution():
    offenders = {
        name: sorted(t for t in targets if t == "stance.attribution" or t.startswith("stance.attribution."))
        for name, targets in _graph().items()
        if name == "stance.store" or name.startswith("stance.store.")
    }
    assert {name: found for name, found in offenders.items() if found} == {}


def test_names_and_the_registry_are_leaves():
    graph = _graph()
    assert graph["stance.names"] == set()
    assert graph["stance.registry"] <= {"stance.names", "stance.records"}


def test_no_import_cycles():
    cycles = _cycles(_graph())
    assert cycles == [], f"modules that import each other (lazy imports count too): {cycles}"


def test_the_cycle_finder_finds_cycles():
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert _cycles({"a": {"b"}, "b": set()}) == []


def test_the_library_never_imports_streamlit():
    offenders = sorted(
        name
        for name, path in _modules().items()
        if any(i == "streamlit" or i.startswith("streamlit.") for i in _imported_names(name, path))
    )
    assert offenders == []
