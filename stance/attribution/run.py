"""One article under attribution: what every source of claims reads, and a few lookups on it."""

from __future__ import annotations

from spacy.tokens import Doc, Token

from stance.attribution.layout import Layout
from stance.attribution.quotes import Quote
from stance.attribution.sentences import Ranges
from stance.attribution.speakers import SpeakerResolver
from stance.attribution.vocabulary import STATEMENT_NOUNS


class Run:
    """The work on one article, shared by the claim finders: the parse, the layout, the speaker
    resolver, the quotes, and what the finders leave for each other (credited quotes, outlets)."""

    def __init__(self, doc: Doc, layout: Layout, resolver: SpeakerResolver, quotes: list[Quote]):
        self.doc = doc
        self.text = layout.text  # Doc.text rebuilds the string on every call
        self.layout = layout
        self.resolver = resolver
        self.quotes = quotes
        self.answer_spans = Ranges([(t.start, t.end) for t in layout.turns if not t.question])
        self.quote_spans = Ranges([(q.open_mark, q.close_mark + 1) for q in quotes])
        self.boilerplate = Ranges(layout.boilerplate)
        self.credited: set[int] = set()
        self.channels: list[tuple[int, int, str]] = []  # text an outlet reports ("Reuters reported that ...")

    def in_answer(self, offset: int) -> bool:
        """Inside an answer turn of a transcript."""
        return offset in self.answer_spans

    def in_quote(self, offset: int) -> bool:
        """Inside a direct quote (marks included)."""
        return offset in self.quote_spans

    def blocked(self, offset: int) -> bool:
        """Inside an answer turn or page boilerplate: no other source looks there."""
        return offset in self.answer_spans or offset in self.boilerplate

    def token_at(self, offset: int) -> Token | None:
        """The token at a character offset."""
        span = self.doc.char_span(offset, offset + 1, alignment_mode="expand")
        return span[0] if span is not None and len(span) else None

    def channel(self, verb: Token) -> str | None:
        """The outlet a reporting verb names: "told the Financial Times", "said in an interview with
        Al Arabiya", "told state television", "speaking to Reuters", "said on Channel 12"."""
        frontier = [verb] + [c for c in verb.children if c.dep_ == "advcl" and c.lemma_ in ("speak", "talk", "write")]
        for head in frontier:
            for child in head.children:
                if child.dep_ in ("dative", "dobj") and child.i > head.i:
                    found = self.resolver.outlet(child)
                elif child.dep_ == "prep" and child.lower_ in ("to", "with", "on", "in"):
                    found = self._outlet_in(child, 2)
                else:
                    continue
                if found is not None:
                    return found
        return None

    def _outlet_in(self, prep: Token, depth: int) -> str | None:
        """An outlet as the object of a preposition, or behind a noun of saying ("in an interview with X")."""
        for obj in (c for c in prep.children if c.dep_ == "pobj"):
            found = self.resolver.outlet(obj)
            if found is not None:
                return found
            if depth > 1 and (
                obj.lemma_ in STATEMENT_NOUNS
                or obj.lemma_
                in ("comment", "interview", "remark", "op-ed", "article", "appearance", "show", "podcast", "broadcast")
            ):
                for grand in obj.children:
                    if grand.dep_ == "prep" and grand.lower_ in ("to", "with", "on", "in", "for", "by"):
                        found = self._outlet_in(grand, depth - 1)
                        if found is not None:
                            return found
        return None
