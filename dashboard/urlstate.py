"""A page's own settings in the URL, beside the sidebar's filters (filters.py), so that a shared link
reproduces the screen: the Movers periods on the Overview (`?recent=2025-08-16..2025-10-24&before=...`);
the focus actors, "since", theme, presenter mode and the card on screen in the Briefing
(`/briefing?focus=Donald+Trump&focus=...&since=2025-08-15&theme=dark&present=1&card=2`).

A setting's value comes, in order, from this session, from the URL the session was opened with,
or from the default. A value the analyst has not touched follows the default when the data change it.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import streamlit as st

PAGE_PARAMS = {
    "": ("recent", "before"),  # the Overview (the default page)
    "briefing": ("focus", "since", "theme", "present", "card"),
}
_ALL = tuple(p for params in PAGE_PARAMS.values() for p in params)


def setting(
    key: str, param: str, default: Any, parse: Callable[[list[str]], Any], valid: Callable[[Any], bool] = lambda _: True
) -> Any:
    """Put the value of widget (or plain state) `key` in place before it is drawn; return it.

    `parse` turns the URL's values for `param` into a value (or raises ValueError); values that
    are not `valid` (dates outside the store, actors it no longer holds) give way to the default.
    Widgets are drawn with persist_state="session", so their values outlive a page change.
    """
    auto = f"_auto_{key}"
    if key not in st.session_state:
        value = _MISSING
        if not st.session_state.get(f"_url_read_{param}"):
            st.session_state[f"_url_read_{param}"] = True
            values = st.query_params.get_all(param)
            if values:
                try:
                    value = parse(values)
                except (ValueError, TypeError):
                    value = _MISSING
        if value is _MISSING or not valid(value):
            value = default
            st.session_state[auto] = default
        st.session_state[key] = value
    elif not valid(st.session_state[key]) or st.session_state.get(auto, _MISSING) == st.session_state[key] != default:
        st.session_state[key] = default  # a default left untouched follows the data; a stale value gives way
        st.session_state[auto] = default
    return st.session_state[key]


def publish(values: dict[str, str | list[str] | None]) -> None:
    """Write this page's settings into the URL (empty ones are left out), keeping the filters."""
    query: dict[str, list[str]] = {k: st.query_params.get_all(k) for k in st.query_params if k not in values}
    for name, value in values.items():
        if value:
            query[name] = [str(v) for v in value] if isinstance(value, list) else [str(value)]
    _write(query)


def keep_only(url_path: str) -> None:
    """Drop the settings of other pages from the URL (a link to the Actors page carries no briefing)."""
    own = PAGE_PARAMS.get(url_path, ())
    _write({k: st.query_params.get_all(k) for k in st.query_params if k not in _ALL or k in own})


def _write(query: dict[str, list[str]]) -> None:
    if query != {k: st.query_params.get_all(k) for k in st.query_params}:
        st.query_params.from_dict(query)


# ----- values as the URL writes them ------------------------------------------------------------


class _Missing:
    pass


_MISSING = _Missing()


def parse_date(values: list[str]) -> date:
    return date.fromisoformat(values[-1])


def parse_range(values: list[str]) -> tuple[date, date]:
    start, end = (date.fromisoformat(part) for part in values[-1].split(".."))
    if start > end:
        raise ValueError("a period ends before it starts")
    return start, end


def show_range(value: Any) -> str | None:
    if isinstance(value, (tuple, list)) and len(value) == 2:
        return f"{value[0].isoformat()}..{value[1].isoformat()}"
    return None


def parse_flag(values: list[str]) -> bool:
    return values[-1].strip().lower() in ("1", "true", "yes", "on", "dark")
