"""Feed items of our own writing in which one watched actor's stance moves, for the end-to-end tests of
`stance watch` with alerts (tests/test_watch_alerts.py) and in the browser (tests/test_browser.py).

Sergei Lavrov rejects talks in three articles 16-20 days before today, backs them in three 1-5 days
before today, and welcomes progress in one more today. Checked with the real pipeline (page ->
trafilatura -> attribution -> classifier): every statement of his in the first three is AGAINST, in
the others FAVOR, each with probability 0.83 or more. Facts follow 2025 events loosely; the quotations
are invented and must not be cited as anything a real person said.

    story = BEFORE[0]; story.page() -> HTML as a news site serves it; story.item(server) -> a feed Item
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from email.utils import format_datetime

from feed_server import FeedServer, Item
from local_web import article_page

ACTOR = "Sergei Lavrov"
SITE = "Harbor Press"


@dataclass(frozen=True)
class Story:
    slug: str
    title: str
    days_ago: int
    paragraphs: tuple[str, ...]
    quote: str  # a direct quotation of his in it, as an alert would quote it

    @property
    def day(self) -> date:
        return date.today() - timedelta(days=self.days_ago)

    @property
    def path(self) -> str:
        return f"/world/{self.slug}"

    def page(self) -> str:
        return article_page(list(self.paragraphs), title=self.title, site=SITE)

    def item(self, server: FeedServer) -> Item:
        noon = datetime.combine(self.day, time(12, 0), tzinfo=UTC)
        return Item(
            f"urn:harbor:{self.slug}",
            server.url(self.path),
            self.title,
            date=format_datetime(noon, usegmt=True),
            summary=self.paragraphs[0][:120],
        )

    def serve(self, server: FeedServer, **route) -> Item:
        server.page(self.path, self.page(), **route)
        return self.item(server)

    def text(self) -> str:
        return " ".join(" ".join(self.paragraphs).split())


BEFORE = (
    Story(
        "lavrov-rules-out-talks",
        "Lavrov rules out talks while Western weapons flow to Kyiv",
        20,
        (
            "MOSCOW (Harbor Press) - Russian Foreign Minister Sergei Lavrov on Monday rejected any new round of negotiations with Ukraine, "
            "saying Moscow saw no partner in Kyiv while Western weapons kept arriving at the front.",
            "\u201cWe reject these so-called peace talks. There is nothing to negotiate with a regime that refuses to accept reality, "
            "and we will not sit at a table the West has laid for us,\u201d Lavrov told a news conference in Moscow.",
            "Ukrainian officials did not comment on his remarks. Diplomats in Brussels said they had expected no opening from Moscow before the summer.",
        ),
        "We reject these so-called peace talks.",
    ),
    Story(
        "lavrov-ceasefire-trap",
        "Lavrov calls ceasefire plan a trap and refuses to join",
        18,
        (
            "MOSCOW (Harbor Press) - Sergei Lavrov dismissed a European ceasefire proposal on Wednesday as a ploy to let Kyiv regroup, "
            "and said Russia would not take part in the conference planned for next month.",
            "\u201cA ceasefire now would only give Kyiv time to rearm. We refuse this plan and we will not send anyone to that conference,\u201d "
            "Lavrov said after meeting his Belarusian counterpart.",
            "The proposal, drafted by France and Germany, called for a thirty-day truce along the current front line.",
        ),
        "A ceasefire now would only give Kyiv time to rearm.",
    ),
    Story(
        "lavrov-no-point-istanbul",
        "Lavrov says another Istanbul meeting would be a waste of time",
        16,
        (
            "MOSCOW (Harbor Press) - Russia sees no point in a further meeting of delegations in Istanbul, Foreign Minister Sergei Lavrov said on Friday.",
            "\u201cThese talks are a waste of time. We have no intention of negotiating while Kyiv makes demands that are divorced from reality,\u201d "
            "Lavrov told reporters at the Foreign Ministry.",
            "Turkey had offered to host a third round of talks before the end of the month.",
        ),
        "These talks are a waste of time.",
    ),
)
RECENT = (
    Story(
        "lavrov-ready-to-resume",
        "Lavrov says Moscow is ready to resume talks with Kyiv",
        5,
        (
            "MOSCOW (Harbor Press) - Russian Foreign Minister Sergei Lavrov said on Tuesday that Moscow was ready to resume direct negotiations "
            "with Ukraine and welcomed an offer from Turkey to host them.",
            "\u201cWe are ready to resume negotiations without delay, and we welcome Turkey's offer to host the talks in Istanbul,\u201d "
            "Lavrov told reporters in Moscow.",
            "Ukrainian Foreign Minister Andrii Sybiha said Kyiv would study the statement carefully.",
        ),
        "We are ready to resume negotiations without delay",
    ),
    Story(
        "lavrov-backs-geneva",
        "Lavrov backs new ceasefire talks in Geneva",
        3,
        (
            "MOSCOW (Harbor Press) - Sergei Lavrov said on Thursday that Russia supported a new round of ceasefire talks in Geneva "
            "and would send a delegation next week.",
            "\u201cA ceasefire agreed at the negotiating table is the best way forward. We support these talks and our delegation will travel "
            "to Geneva next week,\u201d Lavrov said at a joint news conference with his Egyptian counterpart.",
            "The talks are to be chaired by the United Nations.",
        ),
        "A ceasefire agreed at the negotiating table is the best way forward.",
    ),
    Story(
        "lavrov-wants-settlement",
        "Lavrov says Russia wants the peace talks to succeed",
        1,
        (
            "MOSCOW (Harbor Press) - Russia wants the peace talks with Ukraine to succeed, Foreign Minister Sergei Lavrov said on Saturday.",
            "\u201cWe want these negotiations to succeed, and we are open to a fair settlement that ends the fighting,\u201d "
            "Lavrov said in an interview with state television.",
            "Officials in Kyiv said a first technical meeting could take place within days.",
        ),
        "We want these negotiations to succeed",
    ),
)
LATER = (
    Story(
        "lavrov-welcomes-progress",
        "Lavrov welcomes progress at the Geneva talks",
        0,
        (
            "GENEVA (Harbor Press) - Sergei Lavrov on Sunday welcomed what he called real progress in the ceasefire talks with Ukraine.",
            "\u201cThe talks are going well. We want to continue them and we are ready to sign a ceasefire agreement soon,\u201d "
            "Lavrov told reporters outside the Palais des Nations.",
            "A second session is scheduled for Tuesday.",
        ),
        "The talks are going well.",
    ),
)
STORIES = BEFORE + RECENT + LATER
