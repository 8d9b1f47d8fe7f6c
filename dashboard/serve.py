"""Serve the dashboard as `stance dashboard` does: start loading the models in the background (and,
with --samples, the sample articles into an empty store), then run Streamlit in this same process,
so the first upload finds the models loaded or loading and the first page can say how far the
samples have got.

    python dashboard/serve.py [--samples] [streamlit run options, e.g. --server.port 8501]
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def main(argv: list[str]) -> None:
    from dashboard import warmup  # the same module the app imports: its models are the ones uploads use

    warmup.begin(samples="--samples" in argv)
    from streamlit.web.cli import main as streamlit_main

    # The server (uvicorn) would take a local proxy's X-Forwarded-For for the connection's address; the
    # trusted-proxy sign-in (stance.auth.proxy) must see the proxy's own address, so none is taken.
    os.environ.setdefault("FORWARDED_ALLOW_IPS", "")

    sys.argv = ["streamlit", "run", str(ROOT / "dashboard" / "app.py"), *(a for a in argv if a != "--samples")]
    streamlit_main(prog_name="streamlit")


if __name__ == "__main__":
    main(sys.argv[1:])
