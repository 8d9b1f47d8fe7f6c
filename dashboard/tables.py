"""The statements table, shown the same way on every page."""

from __future__ import annotations

import pandas as pd
import streamlit as st

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
}


def statements_table(frame: pd.DataFrame, key: str = "statements") -> None:
    if frame.empty:
        st.info("No statements match these filters.")
        return
    shown = frame[list(COLUMNS)].rename(columns=COLUMNS)
    st.dataframe(
        shown,
        width="stretch",
        hide_index=True,
        key=key,
        column_config={
            "Score": st.column_config.ProgressColumn("Score", min_value=-1.0, max_value=1.0, format="%+.2f"),
            "Statement": st.column_config.TextColumn("Statement", width="large"),
            "Date": st.column_config.DateColumn("Date", format="YYYY-MM-DD"),
        },
    )
    st.download_button("Download CSV", frame.to_csv(index=False).encode("utf-8"), "statements.csv", "text/csv", key=f"{key}_csv")
