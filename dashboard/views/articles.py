"""Articles: search the list; read one article with its statements marked by stance."""

import streamlit as st

from dashboard import state
from dashboard.highlight import article_html
from dashboard.tables import statements_table

store = state.store()
st.title("Articles")

articles = store.articles(st.text_input("Search titles, sources and text", key="article_search"))
if articles.empty:
    st.info("No articles match. Clear the search, or add articles on the **Upload** page.")
    st.stop()

labels = {int(r.id): f"{r.published or 'undated'} · {r.title or r.file_name or 'untitled'} ({r.source or 'unknown source'})" for r in articles.itertuples()}
ids = list(labels)
requested = st.session_state.get("article_id")
if requested is None and "article" in st.query_params:
    try:
        requested = int(st.query_params["article"])
    except ValueError:
        requested = None
index = ids.index(requested) if requested in ids else 0
article_id = st.selectbox("Article", ids, index=index, format_func=labels.get, key="article_pick")
st.session_state["article_id"] = article_id
st.query_params["article"] = str(article_id)

article = store.article(article_id)
statements = store.statements(article_id=article_id)
st.header(article["title"] or "Untitled article")
where = f"date from {article['date_source']}" if article["date_source"] else "no date found"
st.caption(f"{article['source'] or 'Unknown source'} · {article['published'] or 'undated'} ({where}) · {len(statements)} statements")
st.markdown(
    '<span style="background:#d8f3dc;padding:2px 6px">favours talks</span> '
    '<span style="background:#ffd6d6;padding:2px 6px">against talks</span> '
    '<span style="background:#e8eaed;padding:2px 6px">no stance</span>',
    unsafe_allow_html=True,
)
st.markdown(article_html(article["text"], statements), unsafe_allow_html=True)
st.subheader("Statements")
statements_table(statements, key="article_statements")
