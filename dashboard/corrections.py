"""Correct a statement: its stance, its speaker, or "not a statement". Stored with the analyst's
name and the time (Store.correct); it wins in every chart and table at once and can be undone."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import state
from dashboard.safe import md
from stance.records import LABELS

_WORDS = {"FAVOR": "for talks", "AGAINST": "against talks", "NONE": "no stance"}


def _short(text: object, limit: int = 90) -> str:
    text = " ".join(str(text or "").split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _save(statement_id: int, field: str, value: str | None, summary: str) -> None:
    try:
        correction_id = state.store().correct(statement_id, field, value, state.analyst())
    except (LookupError, ValueError, PermissionError) as exc:
        st.error(f"Could not save the correction: {md(exc)}")
        return
    st.session_state["_last_fix"] = {"id": correction_id, "summary": summary}
    state.data_changed()
    st.rerun()


REVIEW_ERROR = "_review_error"  # why the last Review click saved nothing, shown on the next run


def decide_label(statement_id: int, label: str, model_label: str) -> None:
    """A Review button's callback: confirm the model's label or set another (a label correction)."""
    verb = "confirmed" if label == model_label else "set to"
    try:
        correction_id = state.store().correct(statement_id, "label", label, state.analyst())
    except (LookupError, ValueError, PermissionError) as exc:
        st.session_state[REVIEW_ERROR] = f"Could not save: {exc}"
        return
    st.session_state["_last_fix"] = {"id": correction_id, "summary": f"stance {verb} {label}"}
    state.data_changed()


def last_fix_notice(key: str) -> None:
    """The correction just saved, with an Undo button."""
    fix = st.session_state.get("_last_fix")
    if not fix:
        return
    text, button = st.columns([5, 1])
    text.success(
        f"Saved: {md(fix['summary'])} (by {md(state.analyst() or 'analyst')}). Every chart and table now uses it."
    )
    if button.button("Undo", key=f"{key}_undo_last", icon=":material/undo:"):
        try:
            state.store().undo_correction(fix["id"])
        except (LookupError, PermissionError) as exc:
            st.error(f"Could not undo: {md(exc)}")
            return
        st.session_state.pop("_last_fix")
        state.data_changed()
        st.rerun()


def correction_panel(shown: pd.DataFrame, key: str) -> None:
    """Pick one of the statements on screen and correct it (analysts and admins: a viewer sees no panel)."""
    if not state.can("correction.add"):
        return
    last_fix_notice(key)
    if shown.empty:
        return
    with st.expander("Correct a statement", icon=":material/edit:"):
        quotes = dict(zip(shown["statement_id"].astype(int), shown.itertuples()))
        statement_id = st.selectbox(
            "Statement",
            list(quotes),
            key=f"{key}_pick",
            # Streamlit tells choices apart by this text, so it ends with what makes it unique: the id.
            format_func=lambda i: (
                f"{quotes[i].actor}: “{_short(quotes[i].quote)}” ({_WORDS.get(quotes[i].label, quotes[i].label)})"
                f" · {getattr(quotes[i], 'published', None) or 'undated'} · #{i}"
            ),
        )
        row = quotes[statement_id]
        model = f"{row.model_label} {row.model_score:+.2f}" if isinstance(row.model_label, str) else "not scored"
        st.caption(
            f"Model: {md(model)} · now: {md(row.label)}{' (corrected by an analyst)' if row.corrected else ''} · "
            f"article: {md(_short(row.title, 60)) or 'untitled'}"
        )
        if not state.analyst():
            st.warning("Type your name under **Analyst** in the sidebar first: every correction records who made it.")
        disabled = not state.analyst()
        label_col, speaker_col, drop_col = st.columns(3)
        with label_col:
            label = st.selectbox(
                "Stance",
                list(LABELS),
                index=list(LABELS).index(row.label),
                key=f"{key}_label_{statement_id}",
                format_func=lambda v: f"{v} ({_WORDS[v]})",
            )
            if st.button("Save stance", key=f"{key}_save_label", disabled=disabled or label == row.label):
                _save(statement_id, "label", label, f"stance of “{_short(row.quote, 50)}” set to {label}")
        with speaker_col:
            names = state.catalogue().actors["name"].tolist()
            index = names.index(row.actor) if row.actor in names else None
            speaker = st.selectbox("Speaker", names, index=index, key=f"{key}_speaker_{statement_id}")
            typed = st.text_input("…or a new speaker", key=f"{key}_new_speaker_{statement_id}", placeholder="Full name")
            new_speaker = typed.strip() or speaker
            if st.button(
                "Save speaker",
                key=f"{key}_save_speaker",
                disabled=disabled or not new_speaker or new_speaker == row.actor,
            ):
                _save(
                    statement_id, "speaker", new_speaker, f"speaker of “{_short(row.quote, 50)}” set to {new_speaker}"
                )
        with drop_col:
            st.write("Not a position on talks at all, or not speech?")
            if st.button("Not a statement", key=f"{key}_drop", disabled=disabled, icon=":material/block:"):
                _save(statement_id, "not_statement", None, f"“{_short(row.quote, 50)}” marked as not a statement")
