"""The language gate: articles not in English are stored with their language and said to be not analysed;
English (names from every language included) always passes, and short texts are never held back."""

from __future__ import annotations

import pytest

from stance.config import SAMPLE_DIR
from stance.ingest import load_path, load_text
from stance.ingest.language import detect, language_of

# Our own writing, in the register of wire copy.
FRENCH = """Les négociations de paix reprennent à Genève

GENÈVE -- Le ministre ukrainien des Affaires étrangères a déclaré mardi que les négociations de paix avec la Russie ne
pourraient reprendre qu'après un cessez-le-feu complet sur toute la ligne de front. « Nous sommes prêts à discuter, mais
nous n'accepterons aucune concession territoriale imposée par Moscou », a-t-il dit devant la presse.

Le porte-parole du Kremlin a répondu que la Russie restait ouverte au dialogue, tout en accusant les pays occidentaux de
prolonger la guerre en livrant des armes à Kiev. Les médiateurs turcs espèrent organiser une nouvelle rencontre le mois prochain.
"""

RUSSIAN = """Переговоры в Стамбуле отложены

СТАМБУЛ -- Министр иностранных дел заявил во вторник, что мирные переговоры с Украиной могут возобновиться только после
полного прекращения огня на всей линии фронта. «Мы готовы к диалогу, но не примем условий, навязанных Западом», — сказал он
журналистам.

Представитель Кремля добавил, что новая встреча делегаций в Стамбуле пока не назначена, а сроки её проведения обсуждаются
с турецкими посредниками. В Киеве эти заявления назвали попыткой затянуть войну.
"""

NAMES = (
    "Volodymyr Zelenskyy met Recep Tayyip Erdoğan, Hakan Fidan, Andrii Sybiha, Andriy Yermak and Rustem Umerov in Istanbul, "
    "where Vladimir Medinsky, Yuri Ushakov and Sergei Lavrov's deputy Mikhail Galuzin said Moscow would send Igor Kostyukov. "
    "Kaja Kallas, Jean-Noël Barrot, Radosław Sikorski and Johann Wadephul said in Brüssel that Mohammed bin Abdulrahman Al Thani "
    "and Badr Abdelatty had spoken to Khalil al-Hayya and Itamar Ben-Gvir about the truce."
)


@pytest.mark.parametrize("text, code", [(FRENCH, "fr"), (RUSSIAN, "ru")])
def test_an_article_in_another_language_is_kept_with_its_language(text, code):
    article = load_text(text).article
    assert article is not None and article.language == code


def test_every_sample_article_is_english():
    samples = sorted(SAMPLE_DIR.iterdir())
    assert len(samples) == 15
    for path in samples:
        [result] = load_path(path)
        assert result.article.language == "en", (path.name, detect(result.article.text))


def test_english_full_of_foreign_names_passes():
    assert language_of(NAMES) == "en"


@pytest.mark.parametrize(
    "text", ["Cessez-le-feu maintenant.", "Перемирие сейчас.", "Waffenstillstand jetzt, sagte Wadephul."]
)
def test_a_short_text_is_never_held_back(text):
    assert language_of(text) == "en"  # too short to judge: analysed as English


def test_the_pipeline_stores_without_analysing_and_says_why(store, pipeline):
    french = load_text(FRENCH)
    [outcome] = pipeline.ingest_results(store, [french])
    assert outcome.status == "stored" and outcome.statements == 0
    assert outcome.message.startswith("not analysed: language fr") and "English articles only" in outcome.message
    stored = store.article(outcome.article_id)
    assert stored["language"] == "fr" and "négociations de paix" in stored["text"]
    assert store.articles()["language"].tolist() == ["fr"]
    analysis = pipeline.analyze(french.article)
    assert analysis.statements == [] and analysis.actors == {}


def test_a_batch_stores_a_foreign_article_beside_english_ones(store, pipeline):
    from stance import bulk

    english = load_path(SAMPLE_DIR / "2025-05-16-istanbul-direct-talks.txt")
    outcomes = bulk.ingest_batch(pipeline, store, english + [load_text(RUSSIAN)])
    assert [o.status for o in outcomes] == ["stored", "stored"]
    assert (
        outcomes[0].statements > 0
        and outcomes[1].statements == 0
        and outcomes[1].message.startswith("not analysed: language ru")
    )
