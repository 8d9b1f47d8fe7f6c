"""The statements table, shown the same way on every page: sortable, filterable by stance,
paginated (a page at a time reaches the browser), with CSV/Excel of everything that matches."""

from __future__ import annotations

import math

import pandas as pd
import streamlit as st

from dashboard import exports, state
from stance.records import LABELS
from stance.store import Filters

PAGE_SIZE = 100
COLUMNS = {
    "published": "Date",
    "actor": "Actor",
    "label": "Stance",
    "score": "Score",
    "quote": "Statement",
    "statement_kind": "Kind",
    "cue": "Cue",
    "title": "Article",
    "source": "Source",
    "corrected": "Corrected",
}
SORTS: dict[str, tuple[list[str], list[bool]]] = {
    "Newest first": (["published", "article_id", "start"], [False, False, True]),
    "Oldest first": (["published", "article_id", "start"], [True, True, True]),
    "Most for talks": (["score", "published"], [False, False]),
    "Most against talks": (["score", "published"], [True, False]),
    "Actor A–Z": (["actor", "published"], [True, False]),
}


def statements_table(rows: pd.DataFrame, key: str = "statements", name: str = "statements") -> pd.DataFrame:
    """Show `rows` (Store.stance_rows or Store.statements shape); return the full rows on screen."""
    if rows.empty:
        st.info("No statements match. Widen the date range or clear some filters in the sidebar.")
        return rows
    sort_col, label_col, page_col = st.columns([2, 3, 1])
    sort = sort_col.selectbox("Sort by", list(SORTS), key=f"{key}_sort")
    labels = label_col.multiselect("Stance", list(LABELS), key=f"{key}_labels", placeholder="Any stance")
    chosen = rows[rows["label"].isin(labels)] if labels else rows
    by, ascending = SORTS[sort]
    ordered = chosen.sort_values(by, ascending=ascending, na_position="last", kind="stable")
    pages = max(1, math.ceil(len(ordered) / PAGE_SIZE))
    page = 1
    if pages > 1:
        if st.session_state.get(f"{key}_page", 1) > pages:
            st.session_state[f"{key}_page"] = pages
        page = int(page_col.number_input(f"Page (of {pages:,})", min_value=1, max_value=pages, key=f"{key}_page"))
    ids = ordered["statement_id"].iloc[(page - 1) * PAGE_SIZE : page * PAGE_SIZE].tolist()
    shown = rows_for(ids, rows)
    _show(shown, page, pages, len(ordered), key)
    if not shown.empty:
        exports.table_buttons(state.details_loader(ordered["statement_id"]), len(ordered), name, key)
    return shown


def filtered_table(
    filters: Filters, key: str = "statements", name: str = "statements", search: str = ""
) -> pd.DataFrame:
    """The same table over every statement the filters select (and, with `search`, whose quote or
    article title holds those words), sorted and paged in the database, so only the page on screen
    is read (stance.store.overview); return the full rows on screen."""
    sort_col, label_col, page_col = st.columns([2, 3, 1])
    sort = sort_col.selectbox("Sort by", list(SORTS), key=f"{key}_sort")
    labels = label_col.multiselect("Stance", list(LABELS), key=f"{key}_labels", placeholder="Any stance")
    page = max(1, int(st.session_state.get(f"{key}_page", 1)))
    shown, total = state.statement_page(filters, sort, labels, page, PAGE_SIZE, search)
    pages = max(1, math.ceil(total / PAGE_SIZE))
    if page > pages:  # fewer statements than when the page was picked
        st.session_state[f"{key}_page"] = page = pages
        shown, total = state.statement_page(filters, sort, labels, page, PAGE_SIZE, search)
    if pages > 1:
        page = int(page_col.number_input(f"Page (of {pages:,})", min_value=1, max_value=pages, key=f"{key}_page"))
    if total == 0 and search.strip():
        st.info("No statement or article title here holds those words. Try other words, or clear the search.")
        return shown
    if total == 0 and not labels:
        st.info("No statements match. Widen the date range or clear some filters in the sidebar.")
        return shown
    _show(shown, page, pages, total, key)
    if not shown.empty:
        exports.table_buttons(state.page_ids_loader(filters, sort, labels, search), total, name, key)
    return shown


def _show(shown: pd.DataFrame, page: int, pages: int, total: int, key: str) -> None:
    """One page of full statement rows, and a line saying which of how many they are."""
    if shown.empty:
        st.info("No statements with this stance here.")
        return
    table = shown[list(COLUMNS)].rename(columns=COLUMNS)
    table["Corrected"] = table["Corrected"].map({True: "✎ analyst", False: ""})
    if "uncertain" in shown:  # shown apart, and left out of actor scores until confirmed on the Review page
        marks = ["uncertain: confirm on Review" if u else "" for u in shown["uncertain"].astype(bool)]
        table.insert(table.columns.get_loc("Stance") + 1, "Certainty", marks)
    st.dataframe(
        table,
        width="stretch",
        hide_index=True,
        key=key,
        column_config={
            # "auto": green above the middle of the range (0: for talks), red below it (against), as everywhere else
            "Score": st.column_config.ProgressColumn(
                "Score", min_value=-1.0, max_value=1.0, format="%+.2f", color="auto"
            ),
            "Statement": st.column_config.TextColumn("Statement", width="large"),
            "Date": st.column_config.DateColumn("Date", format="YYYY-MM-DD"),
        },
    )
    first = (page - 1) * PAGE_SIZE + 1
    note = "1 statement." if total == 1 else f"Statements {first:,}–{first + len(shown) - 1:,} of {total:,}."
    if pages > 1:
        note += f" {PAGE_SIZE} a page; turn pages above, or download them all below."
    st.caption(note)


def rows_for(ids: list[int], rows: pd.DataFrame) -> pd.DataFrame:
    """Full rows for `ids`, in that order (rows that already carry the text are used as they are)."""
    if "quote" in rows.columns:
        full = rows.set_index("statement_id")
    else:
        full = state.details(ids).set_index("statement_id")
    return full.reindex([i for i in ids if i in full.index]).reset_index()
