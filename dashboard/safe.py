"""The one door for HTML: every piece of article text, title, quote or name passes `esc` first."""

from __future__ import annotations

import html
import re

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


_AUTOLINK = re.compile(r"(?i)(?<=[a-z])(:)(?=//)|(?<![\w.])(www)(\.)")  # where GFM would make a bare address a link


def md(text: object) -> str:
    """Text shown literally inside Streamlit markdown (no emphasis, links, maths or HTML, and no bare
    address made a link: "https://x" and "www.x" are shown as typed)."""
    if text is None:
        return ""
    escaped = "".join("\\" + c if c in _MARKDOWN_SPECIAL else c for c in " ".join(str(text).split()))
    return _AUTOLINK.sub(lambda m: "\\:" if m.group(1) else m.group(2) + "\\.", escaped)


_WEB_LINK = re.compile(r"https?://[^\s\x00-\x1f\x7f]{1,2000}", re.I)


def link(url: object, label: object | None = None) -> str | None:
    """An <a> to a web page, or None when url is not a plain http(s) address (javascript:, data:, file: ...).

    The address and the label both pass `esc`; the page opens in a new tab that cannot reach back.
    """
    if not isinstance(url, str) or not _WEB_LINK.fullmatch(url.strip()):
        return None
    address = url.strip()
    return f'<a href="{esc(address)}" target="_blank" rel="noopener noreferrer nofollow">{esc(label if label is not None else address)}</a>'
