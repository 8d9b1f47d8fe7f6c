"""The one door for HTML: every piece of article text, title, quote or name passes `esc` first."""

from __future__ import annotations

import html

import streamlit as st


def esc(text: object) -> str:
    """Text made inert in HTML and in Streamlit's markdown: tags, quotes, `$` (maths) and blank
    lines (which would end the HTML block and start markdown) are all neutralised."""
    if text is None:
        return ""
    escaped = html.escape(str(text), quote=True).replace("$", "&#36;").replace("\\", "&#92;")
    return escaped.replace("\r", "").replace("\n", "<br>")


def show_html(markup: str) -> None:
    """Render markup built only from constants and `esc(...)` pieces."""
    st.markdown(markup, unsafe_allow_html=True)


_MARKDOWN_SPECIAL = "\\`*_[]<>$#|~"  # what could start emphasis, code, links, maths, HTML, headings or tables


def md(text: object) -> str:
    """Text shown literally inside Streamlit markdown (no emphasis, links, maths or HTML)."""
    if text is None:
        return ""
    return "".join("\\" + c if c in _MARKDOWN_SPECIAL else c for c in " ".join(str(text).split()))
