"""Articles: search the list; read one article with its statements marked by stance and speaker."""

from datetime import date

import streamlit as st

from dashboard import navigation, state
from dashboard.corrections import correction_panel
from dashboard.highlight import article_html, legend
from dashboard.safe import esc, link, md, show_html
from dashboard.tables import statements_table
from dashboard.words import language_choice
from stance.ingest.language import ENGLISH, language_name

LIST_LIMIT = 200


def not_analysed(language: str | None) -> bool:
    return bool(language) and language != ENGLISH


st.title("Articles")
if saved := st.session_state.pop("article_date_saved", None):
    st.success(saved)
if state.catalogue().articles == 0:
    st.info("No articles yet. Add some on the **Upload** page, or run `stance seed` to load the samples.")
    navigation.page_link("views/upload.py", label="Upload articles", icon=":material/upload_file:")
    st.stop()

search = st.text_input(
    "Search titles, sources and text", key="article_search", placeholder="e.g. ceasefire, Istanbul, Reuters"
)
found = state.article_counts(search)
if not found.found:
    st.info("No article matches this search. Try fewer or other words.")
    st.stop()
if not found.undated and st.session_state.get("article_undated"):
    st.session_state["article_undated"] = False  # the last one was just dated
undated_only = st.toggle(
    f"Undated ({found.undated:,})",
    key="article_undated",
    disabled=not found.undated,
    help="Articles with no publication date are not on the timeline. Show only them, open one and set its date.",
)
chosen = st.multiselect(
    "Language",
    found.languages,
    key="article_language",
    format_func=language_choice,
    placeholder="All languages",
    help="Articles not in English are stored with their language but not analysed: they have no statements.",
)

requested = st.session_state.pop("open_article", None)  # set by a chart click or an upload
if requested is None and "article_pick" not in st.session_state and "article" in st.query_params:
    try:  # a shared link
        requested = int(st.query_params["article"])
    except ValueError:
        requested = None
# the one asked for comes first, when the search matches it
listed, matching = state.article_rows(search, undated_only, chosen, LIST_LIMIT, requested)
if chosen and not matching:
    st.info("No article in this language matches. Choose another language, or clear the choice.")
    st.stop()
labels = {
    int(
        r.id
    ): f"{r.published or 'undated'} · {r.title or r.file_name or r.url or 'untitled'} ({r.source or 'unknown source'})"
    + (f" · {language_name(r.language)}, not analysed" if not_analysed(r.language) else "")
    + f" · #{int(r.id)}"  # Streamlit tells choices apart by their text: two copies of a story stay two
    for r in listed.itertuples()
}
ids = list(labels)
if requested in ids:
    st.session_state["article_pick"] = requested
elif st.session_state.get("article_pick") not in ids:
    st.session_state.pop("article_pick", None)
article_id = st.selectbox(f"Article ({matching:,} found)", ids, format_func=labels.get, key="article_pick")
if matching > LIST_LIMIT:
    st.caption(f"The list holds the {LIST_LIMIT} newest of {matching:,} matches; search to narrow it.")
st.query_params["article"] = str(article_id)

article, statements = state.article(article_id)
if article is None:
    st.warning("This article is no longer in the store. Pick another one.")
    st.stop()
st.header(md(article["title"] or "Untitled article"))
where = f"date from {article['date_source']}" if article["date_source"] else "no date found"
speakers = statements["actor"].nunique() if not statements.empty else 0
st.caption(
    f"{md(article['source'] or 'Unknown source')} · {article['published'] or 'undated'} ({md(where)}) · {len(statements)} statements by {speakers} speakers"
)
if article.get("url"):
    original = link(article["url"])  # http(s) only, escaped; anything else is shown as plain text
    if original:
        show_html(f'<p class="article-url">Original: {original}</p>')
    else:
        st.caption(f"Original: {md(article['url'])}")
if not_analysed(article.get("language")):
    st.warning(
        f"Not analysed: this article is in {md(language_name(article['language']))} ({md(article['language'])}), "
        "and Stance Tracker analyses English articles only. It is stored and listed, with no statements."
    )
if article["published"] is None and state.can("article.set"):  # off the timeline until it has a date
    day_field, save_field = st.columns([3, 1], vertical_alignment="bottom")
    day = day_field.date_input(
        "Publication date (not on the timeline without one)",
        value=None,
        key=f"article_date_{article_id}",
        format="YYYY-MM-DD",
        min_value=date(1900, 1, 1),
        max_value=date.today(),
    )
    if save_field.button("Save date", key="article_date_save", type="primary", disabled=day is None):
        state.store().set_article(article_id, published=day)
        state.data_changed()
        st.session_state["open_article"] = article_id
        st.session_state["article_date_saved"] = (
            f"Saved {day.isoformat()} as the publication date: the article is now on the timeline."
        )
        st.rerun()
show_html(legend())
show_html(article_html(article["text"], statements))
carried = statements.dropna(subset=["channel"]) if "channel" in statements else statements.iloc[0:0]
if not carried.empty:  # "told the Financial Times": the outlet carried the words, the person said them
    pairs = sorted({(row.actor, row.channel) for row in carried.itertuples()})
    show_html(
        "<p><b>Reported through</b>: "
        + "; ".join(f"{esc(actor)} via {esc(channel)}" for actor, channel in pairs)
        + "</p>"
    )
st.subheader("Statements")
shown = statements_table(statements, key="article_table", name=f"article-{article_id}-statements")
correction_panel(shown, "article_fix")
