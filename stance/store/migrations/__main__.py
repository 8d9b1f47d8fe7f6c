"""`python -m stance.store.migrations revision "message"`: draft the next migration from the models."""

from __future__ import annotations

import sys

from stance.store.migrations import make_revision

if __name__ == "__main__":
    if len(sys.argv) != 3 or sys.argv[1] != "revision":
        raise SystemExit('usage: python -m stance.store.migrations revision "what changed"')
    make_revision(sys.argv[2])
