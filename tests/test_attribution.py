"""Speaker attribution on short texts written for these tests: one focused test per hard case.

The real spaCy model is used (loaded once per session); nothing is mocked.
"""

from __future__ import annotations

import pytest

from stance.attribution import load_attributor


@pytest.fixture(scope="session")
def attributor():
    return load_attributor()


def attribute(attributor, text: str):
    statements, actors = attributor.attribute(text)
    return statements, actors


def one(attributor, text: str):
    """The single statement expected in text, with its actor."""
    statements, actors = attributor.attribute(text)
    assert len(statements) == 1, [(s.speaker, s.quote) for s in statements]
    return statements[0], actors[statements[0].speaker]


def speakers(attributor, text: str) -> list[str]:
    return [s.speaker for s in attributor.attribute(text)[0]]


# ----- speech verbs and clause structure ------------------------------------------------------------
def test_speech_verb_with_that_clause(attributor):
    statement, actor = one(
        attributor, "Foreign Minister Sergei Lavrov said on Monday that Moscow would not accept the plan."
    )
    assert statement.speaker == "Sergei Lavrov" and actor.kind == "person"
    assert statement.kind == "reported"
    assert statement.quote == "Moscow would not accept the plan"


def test_two_that_clauses_are_two_statements(attributor):
    statements, _ = attribute(
        attributor, "Lavrov said that the talks were useful, and that a second round would follow in June."
    )
    assert [s.quote for s in statements] == ["the talks were useful", "a second round would follow in June"]
    assert {s.speaker for s in statements} == {"Sergei Lavrov"}


def test_parenthetical_reporting_clause(attributor):
    statement, _ = one(attributor, "Putin spoke on Thursday. Any truce, he said, must lead to a lasting peace.")
    assert statement.speaker == "Vladimir Putin"
    assert statement.quote == "Any truce, he said, must lead to a lasting peace"


def test_relative_clause_subject(attributor):
    statement, _ = one(
        attributor, "Recep Tayyip Erdogan, who hosted the talks, said Turkey was ready to host another round."
    )
    assert statement.speaker == "Recep Tayyip Erdogan"


def test_conjoined_speakers_each_speak(attributor):
    statements, actors = attribute(attributor, "France and Germany said they would send observers to the border.")
    assert {s.speaker for s in statements} == {"French government", "German government"}
    assert all(actors[s.speaker].kind == "government" for s in statements)


# ----- quotes -------------------------------------------------------------------------------------
def test_quote_with_inverted_reporting_clause(attributor):
    statement, _ = one(attributor, '"The talks were useful and long overdue," said Marco Rubio.')
    assert statement.speaker == "Marco Rubio" and statement.kind == "direct"
    assert statement.quote == "The talks were useful and long overdue"  # the comma before the mark is left out


def test_split_quote_is_one_statement(attributor):
    statement, _ = one(attributor, '"We are ready," Lavrov said. "But the other side is not."')
    assert statement.speaker == "Sergei Lavrov"
    assert statement.quote.startswith("We are ready") and statement.quote.endswith("the other side is not.")


def test_multi_paragraph_quote_is_one_statement(attributor):
    text = (
        "Kremlin rules out talks\n\nDmitry Peskov addressed reporters on Monday. He said:\n\n"
        '"We have always been open to talks, and we remain open.\n\n'
        '"But nobody should expect us to accept an ultimatum."\n\nThe call ended soon after.'
    )
    statement, _ = one(attributor, text)
    assert statement.speaker == "Dmitry Peskov"
    assert "\n\n" in text[statement.start : statement.end]
    assert text[statement.start : statement.end].endswith("an ultimatum.")


def test_nested_quote_belongs_to_the_outer_speaker(attributor):
    statement, _ = one(attributor, "\"When they say 'peace', they mean our surrender,\" said Maria Zakharova.")
    assert statement.speaker == "Maria Zakharova"
    assert "'peace'" in statement.quote


def test_speaker_after_dash(attributor):
    text = 'UN chief appeals for calm\n\nThe appeal came late on Friday.\n\n"Peace cannot wait any longer."\n— Antonio Guterres, UN Secretary-General'
    statement, _ = one(attributor, text)
    assert statement.speaker == "Antonio Guterres" and statement.quote == "Peace cannot wait any longer."


def test_speaker_on_the_line_before(attributor):
    text = 'Live: talks in Geneva\n\n13:30 CET\nDmitry Peskov, speaking to reporters:\n"We have nothing to add at this stage."'
    statement, _ = one(attributor, text)
    assert statement.speaker == "Dmitry Peskov" and statement.kind == "direct"


def test_quote_after_a_sentence_about_its_speaker(attributor):
    text = 'Kyiv holds the line\n\nZelensky addressed parliament on Tuesday.\n\n"Ukraine will not trade its land for a pause in the fighting."\n\nLawmakers applauded.'
    statement, _ = one(attributor, text)
    assert statement.speaker == "Volodymyr Zelensky"


def test_partial_quote_inside_reported_speech_is_not_a_separate_statement(attributor):
    statement, _ = one(attributor, 'Keir Starmer said Britain would "stand with Ukraine for as long as it takes".')
    assert statement.speaker == "Keir Starmer" and statement.kind == "reported"


# ----- said X, a fellow at Z; commentators and new actors ----------------------------------------------
def test_said_x_appositive_commentator_is_added_unreviewed(attributor):
    statement, actor = one(
        attributor,
        '"The summit changed very little," said Ingrid Holm, a senior fellow at the Nordic Policy Institute.',
    )
    assert statement.speaker == "Ingrid Holm"
    assert actor.kind == "commentator" and actor.reviewed is False


def test_analyst_is_a_commentator(attributor):
    statement, actor = one(attributor, "Pavel Orlik, a political analyst in Vilnius, said the offensive had stalled.")
    assert statement.speaker == "Pavel Orlik" and actor.kind == "commentator"


def test_unknown_official_is_a_new_unreviewed_person(attributor):
    statement, actor = one(
        attributor, "The movement's spokeswoman, Lena Varga, said the offer would be studied carefully."
    )
    assert statement.speaker == "Lena Varga"
    assert actor.kind == "person" and actor.reviewed is False


def test_registry_actor_is_reviewed(attributor):
    _, actor = one(attributor, "Sergei Lavrov said the talks were useful.")
    assert actor.reviewed is True and actor.affiliation == "Russia"


# ----- pronouns ----------------------------------------------------------------------------------
def test_pronoun_resolves_to_the_previous_speaker(attributor):
    statement, _ = one(
        attributor, 'Volodymyr Zelensky spoke in Kyiv on Friday. "We will not give up our land," he said.'
    )
    assert statement.speaker == "Volodymyr Zelensky"


def test_pronoun_resolves_by_gender_over_recency(attributor):
    statement, _ = one(
        attributor, 'Kaja Kallas met Marco Rubio in Brussels on Tuesday. "Europe must be at the table," she said.'
    )
    assert statement.speaker == "Kaja Kallas"


def test_pronouns_follow_gender_between_two_new_people(attributor):
    text = (
        "Ahmed Nasser, an analyst in Cairo, said the plan was unworkable. Hanna Berg, a former diplomat, disagreed. "
        "She said the plan could work if Hamas disarmed. He countered that nobody would enforce it."
    )
    statements, _ = attribute(attributor, text)
    assert [s.speaker for s in statements] == ["Ahmed Nasser", "Hanna Berg", "Ahmed Nasser"]


def test_it_resolves_to_the_body_that_spoke(attributor):
    statements, actors = attribute(
        attributor, "Hamas said it accepted the proposal. It added that the ball was now in Israel's court."
    )
    assert [s.speaker for s in statements] == ["Hamas", "Hamas"]
    assert actors["Hamas"].kind == "organisation"


# ----- roles, apposition, governments -------------------------------------------------------------
def test_apposition_gives_the_name(attributor):
    statement, _ = one(attributor, "Dmitry Peskov, the Kremlin spokesman, told reporters that no date had been set.")
    assert statement.speaker == "Dmitry Peskov"


def test_role_epithet_from_registry_alias(attributor):
    statement, _ = one(
        attributor,
        "Donald Trump flew to Scotland on Friday. Before leaving, the U.S. president told reporters that a deal was close.",
    )
    assert statement.speaker == "Donald Trump"


def test_role_epithet_resolved_from_the_article(attributor):
    text = "Defence Minister Israel Katz visited the border. The defence minister said the army would stay until the threat was gone."
    statement, _ = one(attributor, text)
    assert statement.speaker == "Israel Katz"


def test_group_epithet_resolves_to_the_last_body(attributor):
    text = 'The Rapid Support Forces issued a statement on Sunday. "We are committed to the truce," the paramilitary group said.'
    statement, actor = one(attributor, text)
    assert statement.speaker == "Rapid Support Forces" and actor.kind == "organisation"


def test_capitals_and_buildings_are_governments(attributor):
    text = "The Kremlin said the proposal was unacceptable. Kyiv warned that any pause would be used to rearm. Downing Street said the talks should continue."
    statements, actors = attribute(attributor, text)
    assert [s.speaker for s in statements] == ["Russian government", "Ukrainian government", "British government"]
    assert {actors[s.speaker].kind for s in statements} == {"government"}


def test_government_is_kept_apart_from_head_of_state(attributor):
    text = "President Vladimir Putin said Russia was ready to talk. The Kremlin later said no date had been set."
    assert speakers(attributor, text) == ["Vladimir Putin", "Russian government"]


def test_ministry_by_nationality_is_the_government(attributor):
    statement, _ = one(attributor, "The Omani foreign ministry said the next round would be held in Muscat.")
    assert statement.speaker == "Omani government"


def test_alias_merging_gives_one_canonical_actor(attributor):
    text = (
        "Peskov said the talks were useful. Later, Kremlin spokesman Dmitry Peskov said no date was set. "
        "Putin's spokesman added that Moscow was patient."
    )
    statements, actors = attribute(attributor, text)
    assert [s.speaker for s in statements] == ["Dmitry Peskov"] * 3
    assert list(actors) == ["Dmitry Peskov"]


# ----- headlines, according to, transcripts ----------------------------------------------------------
def test_headline_says(attributor):
    text = "Zelensky says Ukraine ready for talks in Istanbul\n\nBy Jane Doe\n\nKYIV, May 11 (Newswire) - Ukraine is ready to send a delegation, officials said."
    statement, _ = one(attributor, text)
    assert statement.speaker == "Volodymyr Zelensky" and statement.quote == "Ukraine ready for talks in Istanbul"


def test_headline_label_with_quote(attributor):
    text = 'Live: Gaza talks\n\n14:05 GMT\nNetanyahu: "We will not stop until the hostages are home"\nThe Israeli prime minister spoke at a military base.'
    statement, _ = one(attributor, text)
    assert statement.speaker == "Benjamin Netanyahu" and statement.kind == "direct"
    assert statement.quote == "We will not stop until the hostages are home"


def test_country_section_label_is_not_a_speaker(attributor):
    text = "Most read\n1. Sudan: Guterres calls for an immediate end to the violence in El Fasher"
    statement, _ = one(attributor, text)
    assert statement.speaker == "Antonio Guterres"


def test_according_to_gives_the_source(attributor):
    statement, actor = one(attributor, "According to the Kremlin, the talks in Istanbul will continue next week.")
    assert statement.speaker == "Russian government" and actor.kind == "government"
    assert statement.quote == "the talks in Istanbul will continue next week"


def test_according_to_with_a_named_teller_gives_the_teller(attributor):
    statement, actor = one(attributor, "According to the Kremlin, Putin told Trump that the talks should continue.")
    assert statement.speaker == "Vladimir Putin" and actor.kind == "person"
    assert statement.quote == "Putin told Trump that the talks should continue" and statement.cue == "tell"


def test_according_to_after_a_quote_names_the_issuer(attributor):
    text = 'Kyiv mourns\n\nThe strike killed nine people. "We will not retreat," according to a statement from the Ukrainian presidency.'
    statement, _ = one(attributor, text)
    assert statement.speaker == "Ukrainian government" and statement.quote == "We will not retreat"


def test_bare_ministry_is_the_government_last_named(attributor):
    text = "Iran's foreign ministry summoned the Swiss envoy. In a statement, the ministry said the strikes violated international law."
    statement, _ = one(attributor, text)
    assert statement.speaker == "Iranian government"


def test_transcript_turns_and_statements_inside_questions(attributor):
    text = (
        "Press briefing by Karoline Leavitt\n\n"
        "MS. LEAVITT: Good afternoon. The president wants this war to end, and he wants it to end now.\n\n"
        "Q: The Kremlin said today that it is ready to talk. Is that enough?\n\n"
        "MS. LEAVITT: We will judge them by their actions, not by their words. Thank you."
    )
    statements, _ = attribute(attributor, text)
    assert [s.speaker for s in statements] == ["Karoline Leavitt", "Russian government", "Karoline Leavitt"]
    assert statements[0].kind == "direct"


def test_transcript_role_label_resolves_to_the_person_in_the_header(attributor):
    text = (
        "Foreign Ministry Spokesperson Mao Ning's Regular Press Conference\n\n"
        "Q: What is China's comment on the talks?\n\n"
        "Spokesperson: China supports all efforts conducive to peace and hopes the parties will keep talking.\n\n"
        "Q: Will China send an envoy?\n\n"
        "Spokesperson: I have no information to offer at the moment."
    )
    assert speakers(attributor, text) == ["Mao Ning", "Mao Ning"]


# ----- positions without a speech verb -------------------------------------------------------------
def test_insisted(attributor):
    statement, _ = one(attributor, "Sergei Lavrov insisted that Russia had never refused to negotiate.")
    assert statement.speaker == "Sergei Lavrov" and statement.kind == "paraphrase"
    assert statement.quote == "Russia had never refused to negotiate"


def test_warned(attributor):
    statement, _ = one(attributor, "Marco Rubio warned that Washington could walk away from the talks.")
    assert statement.speaker == "Marco Rubio" and statement.kind == "paraphrase"


def test_dismissed_as(attributor):
    statement, _ = one(attributor, "Zelensky dismissed the plan as a trap.")
    assert statement.speaker == "Volodymyr Zelensky" and statement.quote == "the plan as a trap"


def test_pointed_to(attributor):
    statement, _ = one(attributor, "Kaja Kallas pointed to the new sanctions as proof that Europe was serious.")
    assert statement.speaker == "Kaja Kallas"
    assert statement.quote.startswith("the new sanctions as proof")


def test_rejected_saying_keeps_the_saying_clause(attributor):
    statement, _ = one(attributor, "Kyiv rejected the offer, saying it would freeze the war on Russia's terms.")
    assert (
        statement.speaker == "Ukrainian government" and statement.quote == "it would freeze the war on Russia's terms"
    )


def test_pointed_to_a_position_with_colon(attributor):
    text = "Dmitry Medvedev, Russia's hawkish former president, pointed to a position held by Putin since the start of the war: That without a peace deal on Moscow's terms, Russia will keep fighting."
    statement, _ = one(attributor, text)
    assert statement.speaker == "Dmitry Medvedev"
    assert "Russia will keep fighting" in statement.quote


# ----- who never speaks ----------------------------------------------------------------------------
def test_anonymous_sources_are_dropped(attributor):
    text = (
        "A senior official said the talks had failed. Diplomats said a new round was unlikely. "
        "According to one European official, the offer is dead. "
        "Two officials, speaking on condition of anonymity, said the delegation would leave."
    )
    assert speakers(attributor, text) == []


def test_author_and_correspondent_are_never_speakers(attributor):
    text = (
        "Talks stall in Doha\n\nBy Tom Reyes\n\nDOHA - Hamas said it would study the proposal.\n\n"
        'Our correspondent in Doha, Tom Reyes, writes:\n"The hotel lobby is full of diplomats waiting for news."\n\n'
        "Write to Tom Reyes at tom.reyes@daily.example\n\n(Reporting by Tom Reyes; editing by Ana Ruiz)"
    )
    statements, actors = attribute(attributor, text)
    assert [s.speaker for s in statements] == ["Hamas"]
    assert "Tom Reyes" not in actors and "Ana Ruiz" not in actors


def test_people_mentioned_but_not_speaking_are_not_speakers(attributor):
    assert speakers(attributor, "Putin met Erdogan in Ankara on Tuesday. Lavrov said the talks were useful.") == [
        "Sergei Lavrov"
    ]


def test_documents_and_negated_speech_state_nothing(attributor):
    text = (
        "The report said the strikes had killed dozens of civilians. The agreement states that both sides will withdraw. "
        "Peskov did not say whether the talks would resume. Lavrov declined to attend the dinner."
    )
    assert speakers(attributor, text) == []  # declining to comment is a statement: test_attribution_real_copy.py


def test_statement_records_point_into_the_text(attributor):
    text = 'Kallas said the bloc would keep up its support. "We will not blink first," she said.'
    statements, actors = attribute(attributor, text)
    for statement in statements:
        assert text[statement.start : statement.end].strip() == statement.quote
        assert statement.quote in statement.text or statement.kind == "direct"
        assert 0 < statement.confidence <= 1
    assert set(actors) == {s.speaker for s in statements}


# ----- role epithets and speaker lines (added with gold articles 36-43) --------------------------------
def test_role_epithet_of_a_registered_person_not_yet_named(attributor):
    statement, _ = one(
        attributor, "The Qatari premier told a news conference in Doha that the mediators had not given up."
    )
    assert statement.speaker == "Mohammed bin Abdulrahman Al Thani"


def test_role_epithet_for_a_person_whose_role_the_article_never_gave(attributor):
    text = (
        "Bart De Wever said he would block any decision that left Belgium alone with the risk. "
        'The Belgian prime minister put it bluntly: "I will not sign a cheque that only Belgians pay."'
    )
    assert speakers(attributor, text) == ["Bart De Wever", "Bart De Wever"]


def test_role_epithet_is_not_the_person_named_after_its_verb(attributor):
    text = (
        "Dmitry Peskov spoke to reporters on Tuesday. "
        'Asked whether the Russian leader would answer, the spokesman said Vladimir Putin would speak "when he considers it necessary".'
    )
    assert speakers(attributor, text) == ["Dmitry Peskov"]


def test_envoy_epithet_finds_the_ambassador(attributor):
    text = (
        'Vassily Nebenzia, Russia\'s ambassador to the U.N., told the council that the move was "legally null". '
        "The Russian envoy added that Moscow would not enforce the measures."
    )
    assert speakers(attributor, text) == ["Vassily Nebenzia", "Vassily Nebenzia"]


def test_full_name_is_not_a_registered_namesake(attributor):
    statement, _ = one(
        attributor, '"We returned every body we could reach," Hazem Qassem, a Hamas spokesman in Gaza, told reporters.'
    )
    assert statement.speaker == "Hazem Qassem"


def test_fronted_content_before_an_epithet(attributor):
    text = (
        "Massad Boulos, Trump's senior adviser for Africa, met both sides in Cairo. "
        'The remaining gaps concern "mechanisms, not principles", the senior U.S. adviser told reporters.'
    )
    statement, _ = one(attributor, text)
    assert statement.speaker == "Massad Boulos"
    assert statement.quote == 'The remaining gaps concern "mechanisms, not principles"'


def test_subject_after_an_opening_prepositional_phrase(attributor):
    text = 'In a post on X, the former Russian president, Dmitry Medvedev, dismissed the deadline as "a show for the cameras".'
    statement, _ = one(attributor, text)
    assert statement.speaker == "Dmitry Medvedev" and statement.kind == "paraphrase"


def test_transcript_role_label_before_a_name_in_the_header(attributor):
    text = (
        "Noon briefing by Stéphane Dujarric, Spokesman for the Secretary-General\n\n"
        "SPOKESMAN: Good afternoon. The Secretary-General is alarmed by the reports from El Fasher.\n\n"
        "Q: Has he spoken to General Burhan?\n\n"
        "SPOKESMAN: Not today."
    )
    assert speakers(attributor, text) == ["Stephane Dujarric", "Stephane Dujarric"]


def test_transcript_the_president_label(attributor):
    text = (
        "Remarks by President Trump Before Marine One Departure\n\n"
        "Q Mr. President, did you speak to Putin?\n\n"
        "THE PRESIDENT: I did. We had a very good conversation, a long one.\n\n"
        "Q Will you impose sanctions?\n\n"
        "THE PRESIDENT: We'll see. I'm not happy with him."
    )
    assert speakers(attributor, text) == ["Donald Trump", "Donald Trump"]


def test_interview_answers_belong_to_the_interviewee_and_questions_state_nothing(attributor):
    text = (
        "Interview with Sergei Lavrov\n\n"
        "Q: Minister, is a meeting between the presidents possible this year?\n\n"
        "A: Everything is possible, but it has to be prepared properly.\n\n"
        "Q: And the Europeans, are they welcome at the table?\n\n"
        "A: They have excluded themselves."
    )
    statements, _ = attribute(attributor, text)
    assert [s.speaker for s in statements] == ["Sergei Lavrov", "Sergei Lavrov"]
    assert [s.quote for s in statements] == [
        "Everything is possible, but it has to be prepared properly.",
        "They have excluded themselves.",
    ]


def test_live_blog_speaker_line_before_an_unquoted_block(attributor):
    text = (
        "Ukraine war live\n\n11:02 GMT\nKremlin on the plan\nDmitry Peskov, speaking to state television:\n"
        "We have not received anything officially, and we see the reports like everyone else.\n\n"
        "10:40 GMT\nThe plan\nThe 28-point plan includes the following provisions:\nUkraine would cap its army at 600,000 troops."
    )
    statement, _ = one(attributor, text)
    assert statement.speaker == "Dmitry Peskov" and statement.kind == "direct"
    assert statement.quote == "We have not received anything officially, and we see the reports like everyone else."


def test_headline_label_before_a_passive_verb(attributor):
    statement, _ = one(
        attributor, "Most read\n1. Kremlin: any seizure of assets will be answered\n2. Storms hit France"
    )
    assert statement.speaker == "Russian government" and statement.quote == "any seizure of assets will be answered"


def test_participle_calling_ends_the_clause_before_it(attributor):
    text = "In Moscow, Maria Zakharova warned that any use of the assets would be met with a response, calling the plan “theft dressed up as law”."
    statements, _ = attribute(attributor, text)
    assert [(s.speaker, s.quote) for s in statements] == [
        ("Maria Zakharova", "any use of the assets would be met with a response"),
        ("Maria Zakharova", "theft dressed up as law"),
    ]


def test_reporting_verb_the_tagger_took_for_a_participle(attributor):
    text = (
        "Trump announced on Monday, during a meeting at the White House with NATO Secretary-General Mark Rutte, "
        "that the United States would impose tariffs unless a deal was reached within 50 days."
    )
    statement, _ = one(attributor, text)
    assert statement.speaker == "Donald Trump"
    assert statement.quote == "the United States would impose tariffs unless a deal was reached within 50 days"


SHARED_SENTENCES = [
    pytest.param(
        "The Kremlin said on Tuesday that it was checking which weapons had been sent to Kyiv, "
        "and that it appreciated Washington's efforts to broker peace.",
        [
            "The Kremlin said on Tuesday that it was checking which weapons had been sent to Kyiv.",
            "The Kremlin said on Tuesday that it appreciated Washington's efforts to broker peace.",
        ],
        id="said-that-and-that",
    ),
    pytest.param(
        'Trump met the cabinet on Tuesday. "We get a lot of nonsense thrown at us by him," Trump said, '
        "adding that the talks in Istanbul were a waste of time.",
        [
            '"We get a lot of nonsense thrown at us by him," Trump said.',
            "Trump said, adding that the talks in Istanbul were a waste of time.",
        ],
        id="quote-then-adding",
    ),
    pytest.param(
        "The Russian foreign ministry kept the door open, saying that it was studying the list of weapons and stressing "
        "that it welcomed the mediation by Qatar.",
        [
            "The Russian foreign ministry kept the door open, saying that it was studying the list of weapons.",
            "The Russian foreign ministry kept the door open, stressing that it welcomed the mediation by Qatar.",
        ],
        id="saying-and-stressing",
    ),
]


@pytest.mark.parametrize("text, expected", SHARED_SENTENCES)
def test_two_statements_in_one_sentence_are_scored_apart(attributor, text, expected):
    """Each statement's classifier text keeps its reporting clause but not the other statement."""
    statements, _ = attributor.attribute(text)
    assert [s.text for s in statements] == expected


@pytest.mark.parametrize(
    ("text", "quote"),
    [
        ("Lavrov called the proposal unacceptable.", "the proposal unacceptable"),
        (
            "The opposition leader Yair Golan called the deal a betrayal of the soldiers who died.",
            "the deal a betrayal of the soldiers who died",
        ),
        (
            "Egypt's president called the agreement a historic moment and invited the mediators to Cairo.",
            "the agreement a historic moment",
        ),
    ],
)
def test_calling_a_thing_something_is_a_position(attributor, text, quote):
    """`X called the deal a betrayal`: what is named and what it is called are the speaker's position."""
    statement, _ = one(attributor, text)
    assert statement.quote == quote and statement.kind == "paraphrase"


def test_calling_without_naming_a_thing_is_no_statement(attributor):
    assert attribute(attributor, "The minister called the envoy on Tuesday.")[0] == []
    assert attribute(attributor, "Zelenskiy called him a friend of Ukraine.")[0] == []
