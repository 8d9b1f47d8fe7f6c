"""Coverage: joint statements, title-only references and dated offices, groups of officials.

All texts and the people in them (Sok Vanna, Arun Chai, Ola Brekke) are our own invention.
"""

from __future__ import annotations

from datetime import date

import pytest

from stance.attribution import Attributor, load_attributor
from stance.attribution.registry import Office, Registry
from stance.records import ACTOR_KINDS, Actor


@pytest.fixture(scope="module")
def attributor():
    return load_attributor()


def _said(attributor, text, published=None):
    statements, actors = attributor.attribute(text, published)
    return [(s.speaker, s.quote) for s in statements], actors


MEETING = "Border talks in Kuala Lumpur\n\nPrime Minister Sok Vanna of Cambodia and Thai Prime Minister Arun Chai met in Kuala Lumpur on Monday.\n\n"


# ----- joint statements -------------------------------------------------------------------------
@pytest.mark.parametrize(
    "sentence, quote",
    [
        (
            "The two leaders said in a joint statement that the ceasefire would take effect at midnight.",
            "the ceasefire would take effect at midnight",
        ),
        ('"We will respect the line," the leaders said in a joint statement.', "We will respect the line"),
        ("In a joint communique, the two leaders said observers would be welcome.", "observers would be welcome"),
    ],
)
def test_a_joint_statement_goes_to_each_signatory(attributor, sentence, quote):
    said, _ = _said(attributor, MEETING + sentence + "\n")
    assert said == [("Sok Vanna", quote), ("Arun Chai", quote)]


def test_a_joint_statement_by_named_parties(attributor):
    said, _ = _said(
        attributor, "Crossings\n\nA joint statement by Qatar and Egypt said the crossings would reopen on Sunday.\n"
    )
    assert said == [
        ("Qatari government", "the crossings would reopen on Sunday"),
        ("Egyptian government", "the crossings would reopen on Sunday"),
    ]


def test_the_parties_named_in_the_subject_win_over_earlier_ones(attributor):
    text = MEETING + "In a joint statement, the leaders of Qatar and Egypt said the talks would continue in Cairo.\n"
    said, _ = _said(attributor, text)
    assert said == [
        ("Qatari government", "the talks would continue in Cairo"),
        ("Egyptian government", "the talks would continue in Cairo"),
    ]


def test_many_unnamed_signatories_stay_anonymous(attributor):
    text = (
        MEETING
        + "In a joint statement, the leaders of Norway, Iceland, Ireland, Chile and Peru said the fighting must stop.\n"
    )
    said, _ = _said(attributor, text)
    assert said == []


def test_plural_nouns_without_a_joint_statement_name_nobody(attributor):
    said, _ = _said(attributor, MEETING + "Both sides told different stories about the shelling.\n")
    assert said == []


# ----- title-only references and dated offices ------------------------------------------------------
def test_a_title_goes_to_the_person_named_earlier(attributor):
    text = (
        MEETING
        + "The Cambodian prime minister said the border would reopen within a week.\n\nThe Thai prime minister said the ceasefire would hold.\n"
    )
    said, _ = _said(attributor, text)
    assert said == [("Sok Vanna", "the border would reopen within a week"), ("Arun Chai", "the ceasefire would hold")]


def test_a_title_never_named_goes_to_the_office_holder_on_the_date(attributor):
    text = "Ceasefire talks\n\nThe Cambodian prime minister said the border would reopen within a week.\n"
    said, _ = _said(attributor, text, date(2025, 8, 1))
    assert said == [("Hun Manet", "the border would reopen within a week")]


@pytest.mark.parametrize(
    "published, speaker",
    [(date(2024, 6, 1), "Joe Biden"), (date(2025, 6, 1), "Donald Trump"), (None, "Donald Trump")],
)
def test_the_us_president_depends_on_the_date(attributor, published, speaker):
    said, _ = _said(
        attributor, "Ceasefire talks\n\nThe US president said he was pleased with the outcome.\n", published
    )
    assert [s for s, _ in said] == [speaker]


def test_a_capitalised_title_is_resolved_too(attributor):
    said, _ = _said(
        attributor, "Ceasefire talks\n\nThe Ethiopian Prime Minister said there would be no war.\n", date(2025, 10, 28)
    )
    assert [s for s, _ in said] == ["Abiy Ahmed"]


def _registry() -> Registry:
    offices = [
        Office("Ruritanian president", "Ola Brekke", date(2020, 1, 1), date(2025, 3, 1)),
        Office("Ruritanian president", "Lina Varga", date(2025, 3, 1)),
    ]
    return Registry(
        [
            Actor("Ola Brekke"),
            Actor("Lina Varga"),
            Actor("Ruritanian government", kind="government", affiliation="Ruritania"),
        ],
        offices,
    )


@pytest.mark.parametrize(
    "title, day, holder",
    [
        ("the Ruritanian president", date(2024, 1, 1), "Ola Brekke"),
        ("President of Ruritania", date(2025, 3, 1), "Lina Varga"),
        ("Ruritania's president", date(2026, 1, 1), "Lina Varga"),
        ("the Ruritanian president", None, "Lina Varga"),  # no date: the holder without an end
        ("the Ruritanian president", date(2019, 1, 1), None),  # nobody registered then
        ("the Ruritanian foreign minister", None, None),
    ],
)
def test_office_holder_on_a_date(title, day, holder):
    assert _registry().office_holder(title, day) == holder


def test_offices_load_from_yaml_and_bad_ones_are_named(tmp_path):
    good = tmp_path / "actors.yaml"
    good.write_text(
        "actors:\n  - name: Ola Brekke\n    kind: person\n    offices: [{title: Ruritanian president, from: 2020-01-01, to: 2025-03-01}]\n"
        "  - name: Ruritanian government\n    kind: government\n    affiliation: Ruritania\n",
        encoding="utf-8",
    )
    assert Registry.load(good).office_holder("the Ruritanian president", date(2021, 5, 5)) == "Ola Brekke"
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "actors:\n  - name: Ola Brekke\n    offices: [{title: Ruritanian president, from: soon}]\n", encoding="utf-8"
    )
    with pytest.raises(ValueError, match="YYYY-MM-DD"):
        Registry.load(bad)


# ----- groups of officials ---------------------------------------------------------------------
def test_group_is_an_actor_kind():
    assert "group" in ACTOR_KINDS


@pytest.mark.parametrize(
    "sentence, speaker",
    [
        ("The foreign ministers of the Quad said the truce must hold.", "Quad"),
        ("The G7 foreign ministers said on Friday that the talks should continue.", "G7"),
        (
            "The coalition of the willing said it was ready to send troops after a ceasefire.",
            "Coalition of the Willing",
        ),
    ],
)
def test_groups_of_officials_speak_as_the_group(attributor, sentence, speaker):
    said, actors = _said(attributor, "Truce talks\n\n" + sentence + "\n")
    assert [s for s, _ in said] == [speaker]
    assert actors[speaker].kind == "group"


def test_officials_of_no_named_body_stay_anonymous(attributor):
    said, _ = _said(attributor, "Truce talks\n\nOfficials said the truce must hold.\n")
    assert said == []  # officials of a named body speak for it: see test_attribution_officials.py


def test_attributor_takes_the_date_as_optional():
    assert "published" in Attributor.attribute.__code__.co_varnames


# ----- names the article shortens ---------------------------------------------------------------
def test_a_given_name_alone_after_the_full_name(attributor):
    said, _ = _said(
        attributor, 'Talks\n\nForeign Minister Mohamad Hasan met both delegations.\n\n"They trust us," Mohamad said.\n'
    )
    assert said == [("Mohamad Hasan", "They trust us")]


def test_a_surname_alone_speaks_when_the_excerpt_never_gives_the_full_name(attributor):
    text = 'Talks\n\nAsked about the weapons, Halabi said: "We cannot answer yes or no."\n\nHalabi added that a truce of five years was needed.\n'
    said, actors = _said(attributor, text)
    assert said == [("Halabi", "We cannot answer yes or no."), ("Halabi", "a truce of five years was needed")]
    assert actors["Halabi"].kind == "person" and not actors["Halabi"].reviewed


@pytest.mark.parametrize(
    "sentence, speakers",
    [
        ("Kabul said it would not let its soil be used against neighbours.", ["Afghan government"]),
        ("The Pentagon said it was pausing some shipments.", []),
        ("TNLA said the talks had failed.", []),
    ],
)
def test_a_lone_word_that_is_a_place_or_a_building_is_not_a_person(attributor, sentence, speakers):
    said, _ = _said(attributor, "Talks\n\n" + sentence + "\n")
    assert [s for s, _ in said] == speakers


def test_a_long_name_with_particles_finds_the_registered_person(attributor):
    said, _ = _said(
        attributor,
        "Talks\n\nSayyid Badr bin Hamad bin Hamood Albusaidi, the Omani foreign minister, told reporters the ceasefire would hold.\n",
    )
    assert [s for s, _ in said] == ["Badr Albusaidi"]


@pytest.mark.parametrize(
    "sentence, quote",
    [
        (
            '"Our partners are already breaking their word," Ola Brekke alleged.',
            "Our partners are already breaking their word",
        ),
        ("Ola Brekke affirmed that the agreement would be honoured.", "the agreement would be honoured"),
        ("Ola Brekke highlighted that the deal rests on three pillars.", "the deal rests on three pillars"),
        (
            "Ola Brekke voiced hope that the remaining issues could be settled through talks.",
            "the remaining issues could be settled through talks",
        ),
    ],
)
def test_more_verbs_of_saying(attributor, sentence, quote):
    said, _ = _said(attributor, "Talks\n\n" + sentence + "\n")
    assert said == [("Ola Brekke", quote)]
