"""The actor registry lives in stance.registry, and name normalisation in stance.names (leaves the
store may import too); this module keeps the old import path working."""

from __future__ import annotations

from stance.names import loose, normalise, strip_titles
from stance.registry import Office, Registry

__all__ = ["Office", "Registry", "loose", "normalise", "strip_titles"]
