"""Speaker hygiene: page furniture, credits, calendar words and outlets never speak; outlets are channels.

All texts are our own writing (invented people: Ola Brekke, Lina Varga, Tomas Rell).
"""

from __future__ import annotations

import pytest

from stance.attribution import load_attributor
from stance.attribution.hygiene import is_junk, is_outlet, strip_calendar


@pytest.fixture(scope="module")
def attributor():
    return load_attributor()


JUNK = [
    # page furniture and navigation
    "Updated On", "Updated", "Last Updated", "Published", "Posted On", "First Published", "Read More", "Also Read",
    "Read Also", "Related Articles", "Share This Article", "Comments", "Advertisement", "Sponsored Content",
    "Subscribe Now", "Sign Up", "Log In", "Follow Us", "Connect With Us", "Click Here", "Watch Live",
    "Listen To This Article", "Live Updates", "Breaking News", "Top Stories", "Trending Now", "Most Read",
    "Editor's Picks", "Latest News", "Home", "Menu", "Search", "Back To Top", "Newsletter", "Photo Gallery",
    "Skip To Content", "Cookie Settings", "Story Continues Below", "World News", "Politics", "Opinion",
    # picture and copy credits, bylines
    "Pool Photo", "Pool Photo via AP", "AFP Photo", "File Photo", "Getty Images", "AFP via Getty Images",
    "Reuters/Jane Doe", "Photo: Tomas Rell", "Photo credit: Tomas Rell", "Courtesy of the ministry", "EPA-EFE",
    "Handout", "Staff Reporter", "Special Correspondent", "Our Correspondent", "Web Desk", "News Desk",
    "Editorial Board", "Agencies", "By Tomas Rell",
    # calendar words
    "Thursday", "Sunday", "July", "Sept", "May", "Last Week", "Early March",
    # institution words that name nobody alone
    "Office", "Ministry", "Department",
    # outlets, named or described
    "Reuters", "AFP", "the Associated Press", "BBC", "Al Jazeera", "TASS", "Xinhua", "Anadolu Agency",
    "the Financial Times", "The Wall Street Journal", "Kyiv Post", "Gulf News", "Al Arabiya TV", "Channel 12",
    "Middle East Eye", "a newspaper", "the daily", "state television", "state-run media", "Israeli media",
    "local media", "a news agency", "pan-Arab broadcaster",
]  # fmt: skip

SPEAKERS = [
    "Dmitry Peskov", "Hamas", "Kremlin", "Rapid Support Forces", "Hostages and Missing Families Forum",
    "International Atomic Energy Agency", "Ministry of Information and Broadcasting", "Islamic Jihad",
    "Theresa May", "June Carter", "AFC/M23", "Quad", "Ola Brekke", "Palestinian Authority", "African Union",
]  # fmt: skip


@pytest.mark.parametrize("name", JUNK)
def test_junk_names_are_not_speakers(name):
    assert is_junk(name)


@pytest.mark.parametrize("name", SPEAKERS)
def test_real_speakers_are_not_junk(name):
    assert not is_junk(name)


def test_at_least_fifty_patterns():
    assert len(JUNK) >= 50


@pytest.mark.parametrize(
    "name, outlet",
    [("Reuters", True), ("the Financial Times", True), ("a newspaper", True), ("Al Arabiya TV channel", True), ("state television", True),
     ("Pool Photo", False), ("Hamas", False), ("Border Agency", False), ("Ministry of Information and Broadcasting", False)],
)  # fmt: skip
def test_outlets(name, outlet):
    assert is_outlet(name) is outlet


@pytest.mark.parametrize(
    "raw, clean",
    [("Dmitry Peskov Thursday", "Dmitry Peskov"), ("Wednesday Varga", "Varga"), ("On Sunday Brekke", "Brekke"), ("Brekke Sept.", "Brekke"),
     ("Theresa May", "Theresa May"), ("In Moscow", "In Moscow"), ("Thursday", "Thursday")],
)  # fmt: skip
def test_calendar_words_glued_to_a_name_come_off(raw, clean):
    assert strip_calendar(raw) == clean


def _speakers(attributor, text):
    statements, actors = attributor.attribute(text)
    return statements, actors


def test_page_furniture_never_becomes_a_speaker(attributor):
    text = (
        "Mediator says both sides will return to Geneva\n\n"
        "Updated On 12 March 2027\n\n"
        "Pool Photo\n\n"
        "Read More: Ceasefire holds for a third day along the river\n\n"
        "Also Read: Prisoner exchange postponed again\n\n"
        "The Norwegian mediator Ola Brekke said on Tuesday that both delegations would return next week.\n"
    )
    statements, actors = _speakers(attributor, text)
    assert {s.speaker for s in statements} == {"Ola Brekke"}
    assert not any(
        a.reviewed is False and a.name in ("Read More", "Also Read", "Updated On", "Pool Photo")
        for a in actors.values()
    )


def test_a_day_name_glued_to_a_name_is_cut_off(attributor):
    text = "The talks resumed in Geneva.\n\nOn Wednesday Lina Varga, the foreign minister, said the plan was dead.\n"
    statements, _ = _speakers(attributor, text)
    assert [s.speaker for s in statements] == ["Lina Varga"]


@pytest.mark.parametrize(
    "sentence, speaker, channel",
    [
        (
            "The Norwegian mediator Ola Brekke told the Financial Times that both delegations would return next week.",
            "Ola Brekke",
            "Financial Times",
        ),
        (
            "Lina Varga said the sides remained far apart, according to a newspaper in Oslo.",
            "Lina Varga",
            "a newspaper",
        ),
        ('"We are not giving up," Ola Brekke told Reuters on Thursday.', "Ola Brekke", "Reuters"),
        ("Reuters reported that Foreign Minister Lina Varga said the plan was dead.", "Lina Varga", "Reuters"),
        ("In an interview with Al Arabiya, Lina Varga said the ceasefire was holding.", "Lina Varga", "Al Arabiya"),
        ("Ola Brekke told state television that a second round was planned.", "Ola Brekke", "state television"),
    ],
)
def test_outlet_is_the_channel_and_the_reported_person_the_speaker(attributor, sentence, speaker, channel):
    statements, _ = _speakers(attributor, "Mediation in Geneva\n\n" + sentence + "\n")
    assert [(s.speaker, s.channel) for s in statements] == [(speaker, channel)]


def test_an_outlet_alone_states_nothing(attributor):
    statements, _ = _speakers(
        attributor,
        "Mediation in Geneva\n\nThe Financial Times reported that the talks had stalled over the prisoner list.\n",
    )
    assert statements == []


def test_no_outlet_no_channel(attributor):
    statements, _ = _speakers(
        attributor, "Mediation in Geneva\n\nOla Brekke told reporters that both delegations would return.\n"
    )
    assert [(s.speaker, s.channel) for s in statements] == [("Ola Brekke", None)]
