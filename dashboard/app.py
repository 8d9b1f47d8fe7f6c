"""Stance Tracker dashboard: `streamlit run dashboard/app.py` (or `stance dashboard`).

Thin by design: every page calls the `stance` library; no analysis happens here.
"""

from __future__ import annotations

import sys
from pathlib import Path

import streamlit as st

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

st.set_page_config(page_title="Stance Tracker", page_icon="🕊️", layout="wide")

VIEWS = Path(__file__).resolve().parent / "views"
pages = [
    st.Page(str(VIEWS / "overview.py"), title="Overview", icon="📈", default=True),
    st.Page(str(VIEWS / "actors.py"), title="Actors", icon="🧑‍💼"),
    st.Page(str(VIEWS / "articles.py"), title="Articles", icon="📰"),
    st.Page(str(VIEWS / "upload.py"), title="Upload", icon="⬆️"),
]
st.navigation(pages).run()
