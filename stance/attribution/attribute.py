"""Who said what: direct quotes, reported speech and positions, each pinned on one actor.

One spaCy parse per article (with a sentence break at every line break, so headlines, list
items and live-blog entries stand alone), then candidate statements from five sources:

1. transcript turns of briefings (`MS. LEAVITT:`, `Maria Zakharova:`, `SPOKESPERSON:`);
2. direct quotes, credited by a dash line after them (`— Name, role`), a reporting clause after
   them (`"...," he said` / `said X, a fellow at Z`), a clause before them (`X said:`,
   `X puts it bluntly:`), or the sentence just before a quote that opens a sentence;
3. headline labels (`Rubio: "..."`, `Kremlin: no text received`);
4. `According to X, ...` and `..., according to X`;
5. reported speech and positions from the dependency tree (`X said that ...`, `X warned ...`,
   `X dismissed A as B`, `X accused A of B`, `X pointed to ...`, `X called for ...`, `X has backed
   ...`, `As X told reporters, ...`, `..., X said` where the parser hung the clause on the content),
   a claim with its owner (`X's statement that ...`) and refusals (`X declined to comment`).

Text pasted from pages that break lines inside sentences is mended first (join_wrapped_lines:
same length, so every offset still points into the caller's text).

Speakers are then resolved in text order (so a pronoun sees the speakers before it), anonymous
and journalist speakers are dropped, and overlapping candidates are settled by how reliable
their source is: a statement nested inside another statement belongs to the outer speaker
only, unless the outer one passes on the words of a named teller (`According to the Kremlin,
Putin told Trump that ...`, `X thanked Y and said that ..., the ministry said`): then the teller.

Where each part lives: transcripts.py (1), direct_quotes.py (2), headlines.py (3, and headlines
that restate the body), reported.py (4 and 5, with content.py for what was said and grammar.py
for who said it), speakers/ (names, roles, bodies and pronouns to actors), selection.py
(resolution and overlaps), statement_text.py (the text each statement is scored on).
"""

from __future__ import annotations

import re
from datetime import date

from spacy.language import Language
from spacy.tokens import Doc

from stance.attribution.claims import CONFIDENCE, Claim
from stance.attribution.direct_quotes import block_quotes, credits, direct_quotes
from stance.attribution.headlines import headline_labels, merge_headlines
from stance.attribution.layout import Layout, join_wrapped_lines
from stance.attribution.quotes import find_quotes, find_single_quotes, find_single_sentence_quotes
from stance.attribution.reported import reported
from stance.attribution.run import Run
from stance.attribution.selection import resolve_speakers, select
from stance.attribution.sentences import sent_of
from stance.attribution.speakers import SpeakerResolver
from stance.attribution.statement_text import tidy, without_others
from stance.attribution.transcripts import turns
from stance.attribution.vocabulary import CUE_VERBS, POSITION_VERBS, SPEECH_VERBS
from stance.records import Actor, Statement
from stance.registry import Registry

__all__ = ["Attributor", "CUE_VERBS", "POSITION_VERBS", "SPEECH_VERBS", "tidy", "without_others"]


_DATELINE = re.compile(
    r"(?m)^[A-Z][A-Z .'/-]{2,40}(?:,[ \w.]{2,30}){0,2}(?:\s*\([^)\n]{1,30}\))?\s+(?:-|–|—|--)\s+(?=\S)"
)


@Language.component("stance_line_breaks")
def line_breaks(doc: Doc) -> Doc:
    """A line break always ends a sentence, and so does a dateline ("MOSCOW, July 21 (Newswire) -")."""
    for token in doc[1:]:
        previous = doc[token.i - 1]
        if "\n" in previous.whitespace_ or (previous.is_space and "\n" in previous.text):
            if not token.is_space:
                token.is_sent_start = True
    for match in _DATELINE.finditer(doc.text):
        span = doc.char_span(match.end(), match.end() + 1, alignment_mode="expand")
        if span is not None and len(span) and span[0].i > 0:
            span[0].is_sent_start = True
    return doc


class Attributor:
    """Finds statements and their speakers in article text. One per process: the spaCy model is heavy."""

    def __init__(self, nlp: Language, registry: Registry):
        self.nlp = nlp
        self.registry = registry
        if "stance_line_breaks" not in nlp.pipe_names:
            if "parser" in nlp.pipe_names:
                nlp.add_pipe("stance_line_breaks", before="parser")
            else:
                nlp.add_pipe("stance_line_breaks", first=True)

    def attribute(self, text: str, published: date | None = None) -> tuple[list[Statement], dict[str, Actor]]:
        """Statements and their speakers; `published` (the article's date) picks office holders."""
        text = join_wrapped_lines(text)  # same length: every offset still points into the caller's text
        doc = self.nlp(text)
        layout = Layout.read(text)
        resolver = SpeakerResolver(self.registry, doc, layout, published)
        quotes = [q for q in find_quotes(text) if q.is_statement(text)]
        for line in layout.lines:
            found = find_single_quotes if layout.is_headline(line.start) else find_single_sentence_quotes
            quotes += [
                q
                for q in found(text, line.start, line.end)
                if not any(o.open_mark <= q.open_mark <= o.close_mark for o in quotes)
            ]
        quotes.sort(key=lambda q: q.open_mark)
        quoted = [(q.open_mark, q.close_mark + 1) for q in quotes] + [
            (t.start, t.end) for t in layout.turns if not t.question
        ]
        resolver.read(quoted)
        run = Run(doc, layout, resolver, quotes)
        claims = (
            turns(run) + credits(run) + direct_quotes(run) + block_quotes(run) + headline_labels(run) + reported(run)
        )
        claims += resolve_speakers(run, claims)
        kept = merge_headlines(run, select(run, claims))
        statements = [self._statement(doc, text, claim.restates or claim, kept) for claim in kept]
        for statement, claim in zip(statements, kept):
            if claim.restates is not None:  # scored on the body's words, kept at the headline's place
                statement.kind, statement.start, statement.end = "headline", claim.start, claim.end
                statement.quote = re.sub(r"\s+", " ", text[claim.start : claim.end].strip())
        actors = {s.speaker: resolver.actor(s.speaker) for s in statements}
        return statements, actors

    def _statement(self, doc: Doc, text: str, claim: Claim, kept: list[Claim]) -> Statement:
        """The classifier sees the content together with its reporting clause: the whole sentences,
        less any other statement that shares them (see without_others)."""
        span = doc.char_span(claim.start, max(claim.start + 1, claim.end), alignment_mode="expand")
        if span is not None and len(span):
            first, last = sent_of(span[0]), sent_of(span[-1])
            low, high = min(first.start_char, claim.start), max(last.end_char, claim.end)
            if claim.anchor < first.start_char and claim.anchor >= first.start_char - 300 and claim.source != "turn":
                low = claim.anchor
            context = without_others(text, low, high, claim, kept)
        else:
            context = text[claim.start : claim.end]
        quote = text[claim.start : claim.end].strip()
        confidence = CONFIDENCE[claim.source]
        if claim.kind == "paraphrase":
            confidence -= 0.1
        return Statement(
            speaker=claim.speaker or "",
            text=re.sub(r"\s+", " ", context).strip(),
            quote=re.sub(r"\s+", " ", quote),
            start=claim.start,
            end=claim.end,
            kind=claim.kind,
            cue=claim.cue,
            confidence=round(confidence, 2),
            channel=claim.channel,
        )
