"""Headlines that restate the body are one statement; statement texts end cleanly. Our own text."""

from __future__ import annotations

import pytest

from stance.attribution import load_attributor
from stance.attribution.attribute import tidy
from stance.records import STATEMENT_KINDS


@pytest.fixture(scope="module")
def attributor():
    return load_attributor()


def test_headline_kind_is_a_statement_kind():
    assert "headline" in STATEMENT_KINDS


def test_a_headline_restating_the_body_is_merged_and_scored_on_the_body(attributor):
    text = (
        "Brekke says both sides will return to Geneva talks\n\n"
        "The Norwegian mediator Ola Brekke said on Tuesday that both sides would return to the Geneva talks next week.\n"
    )
    statements, _ = attributor.attribute(text)
    kinds = [(s.speaker, s.kind) for s in statements]
    assert kinds == [("Ola Brekke", "headline"), ("Ola Brekke", "reported")]
    headline, body = statements
    assert headline.text == body.text  # one statement's words: the same score, counted once
    assert text[headline.start : headline.end] == "both sides will return to Geneva talks"


def test_the_same_headline_twice_is_kept_once(attributor):
    line = "Brekke says both sides will return to Geneva talks"
    text = f"{line}\n\n{line}\n\nThe Norwegian mediator Ola Brekke said on Tuesday that both sides would return to the Geneva talks next week.\n"
    statements, _ = attributor.attribute(text)
    assert [s.kind for s in statements] == ["headline", "reported"]


def test_a_headline_the_body_does_not_restate_stays_as_it_was(attributor):
    text = (
        "Brekke says prisoner exchange is close\n\n"
        "The Norwegian mediator Ola Brekke said on Tuesday that both sides would return to the Geneva talks next week.\n"
    )
    statements, _ = attributor.attribute(text)
    assert [s.kind for s in statements] == ["reported", "reported"]


def test_a_long_first_sentence_is_body_not_headline(attributor):
    text = (
        "Ola Brekke, the Norwegian mediator who has shuttled between the two capitals since spring, said on Tuesday "
        "that both sides would return to the Geneva talks next week.\n\nThe talks broke off in May.\n"
    )
    statements, _ = attributor.attribute(text)
    assert [s.kind for s in statements] == ["reported"]


@pytest.mark.parametrize(
    "sentence, wanted",
    [
        (
            "Ola Brekke said the talks would resume on Monday, adding that both delegations had agreed on an agenda.",
            [
                "Ola Brekke said the talks would resume on Monday.",
                "Ola Brekke added that both delegations had agreed on an agenda.",
            ],
        ),
        (
            "Lina Varga, adding that the border would stay closed, said the ceasefire was fragile.",
            ["Lina Varga added that the border would stay closed.", "Lina Varga said the ceasefire was fragile."],
        ),
        (
            "Foreign Minister Lina Varga rejected the proposal and said that the ceasefire lines must be respected, but stressed the value of guarantees.",
            [
                "Foreign Minister Lina Varga rejected the proposal, but stressed the value of guarantees.",
                "Foreign Minister Lina Varga said that the ceasefire lines must be respected, but stressed the value of guarantees.",
            ],
        ),
    ],
)
def test_statement_texts_cut_cleanly(attributor, sentence, wanted):
    statements, _ = attributor.attribute("Talks in Geneva\n\n" + sentence + "\n")
    assert [s.text for s in statements] == wanted


@pytest.mark.parametrize(
    "raw, clean",
    [
        ('"We want a ceasefire," Brekke said, but again.', '"We want a ceasefire," Brekke said.'),
        ("and said that the talks would resume.", "said that the talks would resume."),
        (", including in Oslo, the talks would resume", "including in Oslo, the talks would resume"),
        ("if the Geneva side proposes a text,", "if the Geneva side proposes a text"),
        ("She said that the navy had pulled back and", "She said that the navy had pulled back"),
        ("But Brekke said the talks would resume.", "But Brekke said the talks would resume."),
    ],
)
def test_tidy_drops_dangling_joints(raw, clean):
    assert tidy(raw) == clean
