"""Manage: actors (rename, merge with undo, kind and affiliation, reviewed) and corrections (undo)."""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from dashboard import state
from dashboard.safe import md
from dashboard.words import plural
from stance.records import ACTOR_KINDS

st.title("Manage")
who = state.analyst()
if who and state.account() is not None and state.account().kind == "user":
    st.caption(f"Changes are recorded as made by **{md(who)}**, the account signed in.")
elif who:
    st.caption(f"Changes are recorded as made by **{md(who)}** (change the name under Analyst in the sidebar).")
else:
    st.warning("Type your name under **Analyst** in the sidebar: renames, merges and corrections record who made them.")


def _act(action: Callable[[], object], done: str) -> None:
    """Run a store change; report the outcome as a message (never a traceback)."""
    try:
        action()
    except (LookupError, ValueError, PermissionError) as exc:
        st.session_state["_manage_note"] = ("error", str(exc))
    else:
        st.session_state["_manage_note"] = ("success", done)
        state.data_changed()
    st.rerun()


note = st.session_state.pop("_manage_note", None)
if note:
    (st.error if note[0] == "error" else st.success)(md(note[1]))

store = state.store()
actors_tab, corrections_tab, merges_tab, renames_tab = st.tabs(["Actors", "Corrections", "Merges", "Renames"])

with actors_tab:
    actors = state.catalogue().actors
    if actors.empty:
        st.info(
            "No actors yet. They are created when articles with quotes are stored; add some on the **Upload** page."
        )
    else:
        unreviewed = actors[~actors["reviewed"].astype(bool)]
        st.caption(
            f"{plural(len(actors), 'actor')} · {len(unreviewed)} not yet reviewed (speakers the registry did not know, or new names)."
        )
        names = actors["name"].tolist()
        name = st.selectbox("Actor", names, key="mg_actor")
        row = actors[actors["name"] == name].iloc[0]
        st.write(
            f"{plural(int(row['statements']), 'statement')} · {md(row['kind'])}"
            + (f" · {md(row['affiliation'])}" if row["affiliation"] else "")
            + ("" if row["reviewed"] else " · **not reviewed**")
        )
        details, rename, merge = st.columns(3)
        with details:
            st.markdown("**Details**")
            kind = st.selectbox(
                "Kind",
                list(ACTOR_KINDS),
                index=list(ACTOR_KINDS).index(row["kind"]) if row["kind"] in ACTOR_KINDS else 0,
                key=f"mg_kind_{row['id']}",
            )
            affiliation = st.text_input(
                "Affiliation (country or body)", value=row["affiliation"] or "", key=f"mg_aff_{row['id']}"
            )
            reviewed = st.checkbox("Reviewed", value=bool(row["reviewed"]), key=f"mg_rev_{row['id']}")
            if st.button("Save details", key="mg_save"):
                _act(
                    lambda: store.update_actor(name, kind=kind, affiliation=affiliation, reviewed=reviewed),
                    f"Saved {name}: {kind}, {affiliation or 'no affiliation'}, {'reviewed' if reviewed else 'not reviewed'}.",
                )
        with rename:
            st.markdown("**Rename**")
            new_name = st.text_input("New name", key=f"mg_new_name_{row['id']}", placeholder=name)
            st.caption(
                "The old name stays an alias, so new articles that use it land here. Can be undone under Renames."
            )
            if st.button("Rename", key="mg_rename", disabled=not new_name.strip()):
                _act(
                    lambda: store.rename_actor(name, new_name, analyst=who or "analyst"),
                    f"Renamed {name} to {new_name.strip()}. Undo it under Renames.",
                )
        with merge:
            st.markdown("**Merge into another actor**")
            targets = [n for n in names if n != name]
            target = st.selectbox(
                "Keep", targets, index=None, key=f"mg_target_{row['id']}", placeholder="The actor to keep"
            )
            st.caption(f"Moves every statement and alias of {md(name)} to it. Can be undone under Merges.")
            if st.button("Merge", key="mg_merge", disabled=target is None):
                _act(
                    lambda: store.merge_actors(name, target, analyst=who or "analyst"),
                    f"Merged {name} into {target}. Undo it under Merges.",
                )
        if not unreviewed.empty:
            st.markdown("**Not yet reviewed**")
            st.dataframe(
                unreviewed[["name", "kind", "affiliation", "statements"]].sort_values("statements", ascending=False),
                hide_index=True,
                width="stretch",
                key="mg_unreviewed",
            )

with corrections_tab:
    corrections = store.corrections(include_undone=True)
    active = corrections[corrections["undone_at"].isna()] if not corrections.empty else corrections
    if active.empty:
        st.info(
            "No corrections yet. Correct a statement from any statements table (Overview, Actors, Articles): "
            "open **Correct a statement** below the table."
        )
    else:
        st.caption(
            f"{plural(len(active), 'active correction')} (newest first). Each wins over the model everywhere until undone."
        )
        for fix in active.sort_values("id", ascending=False).head(100).itertuples():
            text, button = st.columns([6, 1])
            change = {
                "label": f"stance {fix.old_value} → {fix.new_value}",
                "speaker": f"speaker {fix.old_value} → {fix.new_value}",
                "not_statement": "marked not a statement",
            }.get(fix.field, fix.field)
            quote = " ".join(str(fix.quote).split())
            text.markdown(
                f"**{md(change)}** · by {md(fix.analyst)} · {fix.created_at:%Y-%m-%d %H:%M}  \n“{md(quote[:160])}{'…' if len(quote) > 160 else ''}”"
            )
            if button.button("Undo", key=f"mg_undo_fix_{fix.id}"):
                _act(lambda fix_id=fix.id: store.undo_correction(fix_id), f"Undid the correction ({change}).")
    undone = corrections[corrections["undone_at"].notna()] if not corrections.empty else corrections
    if not undone.empty:
        with st.expander(plural(len(undone), "undone correction")):
            st.dataframe(
                undone[["field", "old_value", "new_value", "analyst", "created_at", "undone_at", "quote"]],
                hide_index=True,
                width="stretch",
            )

with merges_tab:
    merges = store.merges()
    if not merges:
        st.info("No merges yet. Merge duplicate actors on the Actors tab.")
    for m in sorted(merges, key=lambda m: m["id"], reverse=True):
        text, button = st.columns([6, 1])
        status = "undone" if m["undone"] else "active"
        text.markdown(
            f"**{md(m['source'])} → {md(m['target'])}** · by {md(m['analyst'])} · {m['created_at']:%Y-%m-%d %H:%M} · {status}"
        )
        if not m["undone"] and button.button("Undo", key=f"mg_undo_merge_{m['id']}"):
            _act(
                lambda merge_id=m["id"]: store.undo_merge(merge_id),
                f"Undid the merge of {m['source']} into {m['target']}.",
            )

with renames_tab:
    renames = store.renames()
    if not renames:
        st.info("No renames yet. Rename an actor on the Actors tab.")
    for r in sorted(renames, key=lambda r: r["id"], reverse=True):
        text, button = st.columns([6, 1])
        status = "undone" if r["undone"] else "active"
        text.markdown(
            f"**{md(r['old_name'])} → {md(r['new_name'])}** · by {md(r['analyst'])} · {r['created_at']:%Y-%m-%d %H:%M} · {status}"
        )
        if not r["undone"] and button.button("Undo", key=f"mg_undo_rename_{r['id']}"):
            _act(
                lambda rename_id=r["id"]: store.undo_rename(rename_id),
                f"Undid the rename of {r['old_name']} to {r['new_name']}.",
            )
