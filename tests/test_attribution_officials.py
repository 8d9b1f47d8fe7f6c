"""Unnamed officials of a named body speak for that body; officials of nobody in particular stay anonymous.

"A senior Hamas official said", "Israeli officials told reporters", "a Kremlin source said" and "an
official in the Armenian government said" give the body a statement (kind government or
organisation); "officials said", "a source familiar with the talks", "a Western diplomat" and
"a diplomat in Nairobi" (a place, not a body) name nobody accountable and are dropped. "The
official", with no body of its own, is the official met just before.

All texts are our own invention.
"""

from __future__ import annotations

import pytest

from stance.attribution import load_attributor


@pytest.fixture(scope="module")
def attributor():
    return load_attributor()


def _said(attributor, text):
    statements, actors = attributor.attribute("Truce talks\n\n" + text + "\n")
    return [(s.speaker, s.quote) for s in statements], actors


@pytest.mark.parametrize(
    "sentence, speaker, kind",
    [
        ("A senior Hamas official said the movement would study the new offer.", "Hamas", "organisation"),
        (
            "Israeli officials told reporters the army would stay until the hostages were home.",
            "Israeli government",
            "government",
        ),
        ("A Kremlin source said Moscow was in no hurry to answer.", "Russian government", "government"),
        ("Ukrainian officials say privately that the offer is a trap.", "Ukrainian government", "government"),
        ("An official in the Armenian government said a draft was ready.", "Armenian government", "government"),
        (
            "An official of the Hamas movement told the agency that the mediators had gone quiet.",
            "Hamas",
            "organisation",
        ),
        (
            "Two Indian officials, speaking on condition of anonymity, said no talks were planned.",
            "Indian government",
            "government",
        ),
        ("One EU diplomat said the deadline was optimistic.", "European Union", "organisation"),
        ("The deal will hold, a White House official said.", "U.S. government", "government"),
        (
            "A Jordanian official told a local radio station that the plan was under study.",
            "Jordanian government",
            "government",
        ),
    ],
)
def test_an_unnamed_official_of_a_named_body_speaks_for_it(attributor, sentence, speaker, kind):
    said, actors = _said(attributor, sentence)
    assert [s for s, _ in said] == [speaker]
    assert actors[speaker].kind == kind


@pytest.mark.parametrize(
    "sentence",
    [
        "Officials said the truce must hold.",
        "A source familiar with the talks said the gap was narrowing.",
        "Diplomats said the mood was grim.",
        "A Western diplomat said nothing would move before spring.",
        "A diplomat in Nairobi said neither general was ready to stop.",
        "A European official briefed on the talks said the maps took all morning.",
        "Three officials who have seen the draft said it had been shortened.",
    ],
)
def test_officials_of_no_named_body_stay_anonymous(attributor, sentence):
    said, _ = _said(attributor, sentence)
    assert said == []


def test_a_post_of_a_body_is_still_its_holder(attributor):
    """'The Kremlin spokesman' and "Russia's top diplomat" are one person's posts, not unnamed officials."""
    said, _ = _said(
        attributor,
        "The Kremlin spokesman said the talks were useful. Russia's top diplomat said the West was to blame.",
    )
    assert [s for s, _ in said] == ["Dmitry Peskov", "Sergei Lavrov"]


def test_the_official_is_the_one_met_before(attributor):
    said, _ = _said(
        attributor,
        "A senior Hamas official said the mediators had gone quiet.\n\nThe official added that no date had been set.",
    )
    assert said == [("Hamas", "the mediators had gone quiet"), ("Hamas", "no date had been set")]


def test_the_bodys_statement_is_the_bodys(attributor):
    said, _ = _said(attributor, 'A Hamas statement issued overnight said that "the crossings must open at once."')
    assert [s for s, _ in said] == ["Hamas"]


def test_an_aside_between_the_official_and_the_verb(attributor):
    said, _ = _said(attributor, 'A Ukrainian official at the talks, asked about the post, said the mood was "calm".')
    assert said == [("Ukrainian government", 'the mood was "calm"')]
