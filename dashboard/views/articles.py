"""Articles: search the list; read one article with its statements marked by stance and speaker."""

import pandas as pd
import streamlit as st

from dashboard import state
from dashboard.corrections import correction_panel
from dashboard.highlight import article_html, legend
from dashboard.safe import show_html
from dashboard.tables import statements_table

LIST_LIMIT = 200

st.title("Articles")
if state.catalogue().articles == 0:
    st.info("No articles yet. Add some on the **Upload** page, or run `stance seed` to load the samples.")
    st.page_link("views/upload.py", label="Upload articles", icon=":material/upload_file:")
    st.stop()

search = st.text_input("Search titles, sources and text", key="article_search", placeholder="e.g. ceasefire, Istanbul, Reuters")
found = state.articles(search)
if found.empty:
    st.info("No article matches this search. Try fewer or other words.")
    st.stop()

requested = st.session_state.pop("open_article", None)  # set by a chart click or an upload
if requested is None and "article_pick" not in st.session_state and "article" in st.query_params:
    try:  # a shared link
        requested = int(st.query_params["article"])
    except ValueError:
        requested = None
listed = found.head(LIST_LIMIT)
if requested is not None and requested not in set(listed["id"]):
    listed = pd.concat([found[found["id"] == requested], listed])  # the one asked for comes first
labels = {int(r.id): f"{r.published or 'undated'} · {r.title or r.file_name or 'untitled'} ({r.source or 'unknown source'})" for r in listed.itertuples()}
ids = list(labels)
if requested in ids:
    st.session_state["article_pick"] = requested
elif st.session_state.get("article_pick") not in ids:
    st.session_state.pop("article_pick", None)
article_id = st.selectbox(f"Article ({len(found):,} found)", ids, format_func=labels.get, key="article_pick")
if len(found) > LIST_LIMIT:
    st.caption(f"The list holds the {LIST_LIMIT} newest of {len(found):,} matches; search to narrow it.")
st.query_params["article"] = str(article_id)

article, statements = state.article(article_id)
if article is None:
    st.warning("This article is no longer in the store. Pick another one.")
    st.stop()
st.header(article["title"] or "Untitled article")
where = f"date from {article['date_source']}" if article["date_source"] else "no date found"
speakers = statements["actor"].nunique() if not statements.empty else 0
st.caption(f"{article['source'] or 'Unknown source'} · {article['published'] or 'undated'} ({where}) · {len(statements)} statements by {speakers} speakers")
if article.get("url"):
    st.caption(f"Original: {article['url']}")
show_html(legend())
show_html(article_html(article["text"], statements))
st.subheader("Statements")
shown = statements_table(statements, key="article_table", name=f"article-{article_id}-statements")
correction_panel(shown, "article_fix")
