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
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from stance.attribution.layout import Layout, Line, headline_body, join_wrapped_lines
from stance.attribution.names import TITLE_WORDS
from stance.attribution.quotes import Quote, find_quotes, find_single_quotes, find_single_sentence_quotes
from stance.attribution.registry import Registry
from stance.attribution.sentences import Ranges, sent_of, sentences, tokens
from stance.attribution.speakers import FIRST_SECOND, PRONOUN_GENDER, SpeakerResolver
from stance.attribution.vocabulary import (
    ADDRESSEES,
    ANSWER_LABELS,
    CLAIM_NOUNS,
    CLAUSE_END_CUES,
    CLAUSE_VERBS,
    CUE_VERBS,
    EMPTY_OBJECTS,
    INFINITIVE_VERBS,
    MAIN_CLAUSE_VERBS,
    NEGATING_HEADS,
    OBJECT_VERBS,
    PARTICIPLE_CUES,
    POSITION_VERBS,
    PREP_VERBS,
    REFUSED_SPEECH,
    REFUSING_VERBS,
    ROLE_LABELS,
    SPEECH_VERBS,
    STATEMENT_NOUNS,
)
from stance.records import Actor, Statement

__all__ = ["Attributor", "CUE_VERBS", "POSITION_VERBS", "SPEECH_VERBS"]

# How far each source of a statement is trusted: overlapping candidates keep the higher one.
PRIORITY = {"turn": 100, "credit": 90, "label": 85, "after": 80, "before": 75, "called": 72, "according": 70, "initial": 65, "reported": 60, "previous": 50}
CONFIDENCE = {"turn": 0.9, "credit": 0.9, "label": 0.8, "after": 0.9, "before": 0.85, "called": 0.8, "according": 0.7, "initial": 0.7, "reported": 0.75, "previous": 0.6}


_DATELINE = re.compile(r"(?m)^[A-Z][A-Z .'/-]{2,40}(?:,[ \w.]{2,30}){0,2}(?:\s*\([^)\n]{1,30}\))?\s+(?:-|–|—|--)\s+(?=\S)")


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


@dataclass
class Claim:
    """A candidate statement before its speaker is known."""

    start: int
    end: int
    kind: str
    source: str  # a key of PRIORITY
    anchor: int  # where the speaker is named (orders pronoun resolution)
    token: Token | None = None  # the speaker's head token, or
    label: str | None = None  # the speaker's name as written, or
    fallback_previous: bool = False  # the speaker of the statement before
    cue: str | None = None
    cue_at: int | None = None
    exclude: tuple[int, int] | None = None
    context: str = ""
    speaker: str | None = None
    channel: str | None = None  # the outlet that carried the words
    restates: "Claim | None" = None  # for a headline: the body statement it restates

    @property
    def priority(self) -> int:
        return PRIORITY[self.source]


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
            quotes += [q for q in found(text, line.start, line.end) if not any(o.open_mark <= q.open_mark <= o.close_mark for o in quotes)]
        quotes.sort(key=lambda q: q.open_mark)
        quoted = [(q.open_mark, q.close_mark + 1) for q in quotes] + [(t.start, t.end) for t in layout.turns if not t.question]
        resolver.read(quoted)
        run = _Run(doc, layout, resolver, quotes)
        claims = run.turns() + run.credits() + run.direct_quotes() + run.block_quotes() + run.headline_labels() + run.reported()
        claims += run.resolve(claims)
        kept = run.merge_headlines(run.select(claims))
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


_QUOTE_MARKS = "\"'“”‘’"
_LEADING_JOIN = re.compile(r"^[\s,;:]*(?:(?:and|but|while)\b\s*)?")
_TRAILING_JOIN = re.compile(r"[\s,;:]*(?:\b(?:and|but|while)\b\s*(?:\w+ing\b\s*)?|\b(?:adding|added)\b\s*)?(?:\bthat\s*)?$")
_PARTICIPLE = re.compile(r"^\w+ing\b")  # "stressing that ...": a reporting verb of its own
_DANGLING_PARTICIPLE = re.compile(r"\s+\w+ing$")


def without_others(text: str, low: int, high: int, claim: Claim, kept: list[Claim]) -> str:
    """text[low:high] with the other statements in it cut out.

    "The Kremlin said it was clarifying which weapons were sent, and that it appreciated the
    efforts to broker peace" holds two statements; scored on the whole sentence, both got the
    stance of the second. Each now keeps its reporting clause and loses the other's words, their
    quote marks and the "and that" joining them. Statements overlapping this one stay.
    """
    cuts = sorted(_cut(text, low, high, claim, other) for other in kept if _apart(claim, other, low, high))
    if not cuts:
        return tidy(text[low:high].strip())
    pieces, at = [], low
    for start, end in cuts:
        if start > at:
            pieces.append((at, text[at:start]))
        at = max(at, end)
    pieces.append((at, text[at:high]))
    result = ""
    for at, piece in pieces:
        if not result.strip():
            result = piece.lstrip(" ,;:")
            continue
        left, right, joint = _TRAILING_JOIN.sub("", result), _LEADING_JOIN.sub("", piece), " "
        verb_joint = _VERB_JOINT.match(piece) if at >= claim.end else None
        if verb_joint:  # "rejected A [and said that B], but stressed C": C still hangs on the "but"
            right, joint = piece.strip(" ,;:"), ", "
        elif _PARTICIPLE.match(right):  # "saying [A] and stressing that B" -> ", stressing that B"
            left, joint = _DANGLING_PARTICIPLE.sub("", left), ", "
            participle = right.split(None, 1)[0].lower()
            if participle in _PAST and _SUBJECT_END.search(left):
                # "Brekke said [A], adding that B" lost its verb with A: "Brekke added that B"
                right, joint = _PAST[participle] + right[len(participle) :], " "
        result = f"{left}{joint}{right}"
    opening = _OPENING_PARTICIPLE.match(result)
    if opening and opening.group(2).lower() in _PAST:  # "Varga, adding that B, [said A]" -> "Varga added that B"
        result = f"{opening.group(1)} {_PAST[opening.group(2).lower()]}{result[opening.end() :]}"
    return tidy(re.sub(r"\s+([,.;:!?])", r"\1", re.sub(r"\s+", " ", result)).strip())


_PAST = {
    "adding": "added", "saying": "said", "insisting": "insisted", "arguing": "argued", "warning": "warned", "noting": "noted",
    "stressing": "stressed", "claiming": "claimed", "writing": "wrote", "explaining": "explained", "declaring": "declared",
    "stating": "stated", "asserting": "asserted",
}  # fmt: skip
_VERB_JOINT = re.compile(r"^[\s,;:]*(and|but)\s+(?:\w+ed|said|told|wrote|made|gave|took|kept|held)\b")
_OPENING_PARTICIPLE = re.compile(r"^([A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,3}|He|She|They|It),\s+(\w+ing)\b")
_SUBJECT_END = re.compile(r"(?:\b[A-Z][\w'’.-]*|\b(?:he|she|they|it))\s*,?\s*$")
_DANGLING_END = re.compile(r"(?:[,;:]?\s+(?:but|and|or|while|as)(?:\s+(?:again|also|then|still|yet))?|[,;:])\s*([.!?]?)\s*$", re.I)
_DANGLING_START = re.compile(r"^(?:[\s,;:]+|(?:and|but|while)\s+)+")


def tidy(text: str) -> str:
    """A statement's text without a dangling joint at either end: "..., he said, but again." ->
    "..., he said."; ", including ..." and "and said that ..." lose the comma and the "and"."""
    text = _DANGLING_START.sub("", text)
    if text[:1].islower() and not text.startswith(("that", "whether")) and text.split(None, 1)[0] in ("and", "but", "while"):
        text = text.split(None, 1)[1] if len(text.split(None, 1)) > 1 else ""
    previous = None
    while previous != text:
        previous = text
        text = _DANGLING_END.sub(lambda m: m.group(1) or ("." if previous.rstrip()[-1:] in ".!?" else ""), text).rstrip()
    return text


def _apart(claim: Claim, other: Claim, low: int, high: int) -> bool:
    """Another statement inside text[low:high] that does not overlap this one."""
    return other is not claim and low < other.end and other.start < high and (other.end <= claim.start or other.start >= claim.end)


def _cut(text: str, low: int, high: int, claim: Claim, other: Claim) -> tuple[int, int]:
    """What to cut for `other`: its words, its own reporting verb ("..., saying"), and the quote
    marks and comma around it ('"We get a lot of bull," Trump said' -> 'Trump said')."""
    first = other.end <= claim.start  # the other statement comes before this one
    start, end = max(other.start, low), min(other.end, high)
    if other.cue_at is not None and low <= other.cue_at < other.start and other.cue_at != claim.cue_at:
        if first or claim.end <= other.cue_at:
            start = other.cue_at
    floor = low if first else max(low, claim.end)
    while start > floor and text[start - 1] in _QUOTE_MARKS:
        start -= 1
    ceiling = min(high, claim.start) if first else high
    while end < ceiling and text[end] in _QUOTE_MARKS + ",":
        end += 1
    return start, end


class _Run:
    """The work on one article: candidate claims from every source, then resolution and selection."""

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

    # ----- helpers ------------------------------------------------------------------------------
    def _in_answer(self, offset: int) -> bool:
        return offset in self.answer_spans

    def _in_quote(self, offset: int) -> bool:
        return offset in self.quote_spans

    def _blocked(self, offset: int) -> bool:
        return offset in self.answer_spans or offset in self.boilerplate

    def _token_at(self, offset: int) -> Token | None:
        span = self.doc.char_span(offset, offset + 1, alignment_mode="expand")
        return span[0] if span is not None and len(span) else None

    # ----- 1. transcripts -------------------------------------------------------------------------
    def turns(self) -> list[Claim]:
        claims = []
        header = self.text[: self.layout.turns[0].label_start] if self.layout.turns else ""
        for turn in self.layout.turns:
            if turn.question:
                continue
            role = _role_label(turn.label)
            name = (self._role_in_header(role, header) if role else None) or self.resolver.resolve_label(turn.label)
            if name is None:
                continue
            claims.append(Claim(turn.start, turn.end, "direct", "turn", turn.label_start, label=name))
        return claims

    def _role_in_header(self, role: str, header: str) -> str | None:
        """The person a role label stands for, as the transcript's header names them.

        'SPOKESPERSON:' under 'Foreign Ministry Spokesperson Guo Jiakun's ...', 'SPOKESMAN:' under
        'Noon briefing by Stéphane Dujarric, Spokesman for the Secretary-General', 'THE PRESIDENT:'
        under 'Remarks by President Trump ...', 'A:' under 'Interview with Sergei Lavrov'.
        """
        words = r"(?:[A-Z][\w.-]+\s?){1,4}"
        label = rf"(?i:{re.escape(role)})"
        patterns = [rf"\b({label}\s+{words})", rf"({words}),\s+(?i:the\s+)?{label}\b", rf"\b(?:by|with)\s+({words})"]
        if role in ANSWER_LABELS:
            patterns = patterns[-1:]
        for pattern in patterns:
            for match in re.finditer(pattern, header):
                found = self._header_name(match.group(1).split())
                if found is not None:
                    return found
        return None

    def _header_name(self, words: list[str]) -> str | None:
        """The person the capitalised words of a header name: the shortest run that is a registered
        person ('President Trump Before Marine One' -> Donald Trump), else all of them as one name.

        A surname alone counts only at the end of the run: in 'Deputy Spokesperson Farhan Haq',
        "Farhan" is a first name, not the registered Faisal bin Farhan.
        """
        for size in range(2, len(words) + 1):
            found = self.resolver.registry.lookup(" ".join(words[:size]), names=size == len(words))
            if found is not None and self.resolver.kind_of(found) in ("person", "commentator"):
                return found
        found = self.resolver.resolve_label(" ".join(words))
        return found if found is not None and self.resolver.kind_of(found) in ("person", "commentator") else None

    # ----- 2. dash credits ------------------------------------------------------------------------
    def credits(self) -> list[Claim]:
        claims = []
        for credit in self.layout.credits:
            line = self.layout.line_at(credit.quote_end)
            if line is None:
                continue
            candidates = [q for q in self.quotes if q.close_mark < credit.start and q.close_mark >= line.start]
            if not candidates:
                continue
            quote = candidates[-1]
            self.credited.add(quote.open_mark)
            name = self.resolver.resolve_label(credit.name)
            if name is not None:
                self.resolver.ensure_actor(name, "person", credit.role)
                claims.append(Claim(quote.start, _quote_end(self.text, quote), "direct", "credit", credit.start, label=name, context=credit.role))
        return claims

    # ----- 3. direct quotes -----------------------------------------------------------------------
    def direct_quotes(self) -> list[Claim]:
        claims: list[Claim] = []
        index = 0
        quotes = self.quotes
        while index < len(quotes):
            quote = quotes[index]
            index += 1
            if quote.open_mark in self.credited or self._blocked(quote.open_mark):
                continue
            if self.layout.is_headline(quote.open_mark) and self._label_before(quote):
                continue  # "Rubio: "..."": a headline label, handled there
            end = _quote_end(self.text, quote)
            after = self._clause_after(quote, quotes[index] if index < len(quotes) else None)
            if after is not None:
                verb, subject, clause_end = after
                nxt = quotes[index] if index < len(quotes) else None
                if nxt is not None and nxt.open_mark >= clause_end and re.fullmatch(r"[\s,.;:—–-]*", self.text[clause_end : nxt.open_mark]) and "\n\n" not in self.text[quote.close_mark : nxt.open_mark]:
                    end = _quote_end(self.text, nxt)  # a split quote: "A," he said. "B."
                    index += 1
                claims.append(
                    Claim(quote.start, end, "direct", "after", subject.idx, token=subject, cue=verb.lemma_, cue_at=verb.idx, exclude=(quote.open_mark, quote.close_mark), channel=self._channel(verb), fallback_previous=_ownerless_statement(subject))
                )
                continue
            before = self._clause_before(quote)
            if before is not None:
                claims.append(before)
                continue
            initial = self._sentence_before(quote)
            if initial is not None:
                claims.append(initial)
        return claims

    def _label_before(self, quote: Quote) -> bool:
        line = self.layout.line_at(quote.open_mark)
        head = self.text[line.start : quote.open_mark] if line else ""
        head = re.split(r";", head)[-1]
        return bool(re.fullmatch(r"\s*(?:[-–—•*]|>>|\d{1,2}[.)])?\s*[^:\"“]{1,60}:\s*", head))

    def _clause_after(self, quote: Quote, nxt: Quote | None) -> tuple[Token, Token, int] | None:
        """`"...," he said` / `"...," said X, a fellow at Z`: the reporting verb and its subject."""
        start = quote.close_mark + 1
        line_end = self.text.find("\n", start)
        limit = min(x for x in (nxt.open_mark if nxt else len(self.text), line_end if line_end >= 0 else len(self.text), start + 300))
        if not re.match(r"[ \t]*[,—–-]?[ \t]*\S", self.text[start:limit]):
            return None
        span = self.doc.char_span(start, limit, alignment_mode="expand")
        if span is None or not len(span):
            return None
        tokens = [t for t in span if t.idx >= start]
        first = next((t for t in tokens if not t.is_punct and not t.is_space), None)
        if first is None or first.pos_ in ("SCONJ", "CCONJ", "ADP") or first.lower_ in ("while", "as", "when", "which", "who", "where"):
            return None
        if not self._opens_sentence(quote) and not re.search(r"[:,]\s*$", self.text[: quote.open_mark]):
            return None  # a partial quote inside a sentence ('would "stand with Ukraine"')
        clause = []
        for token in tokens:
            if token.text in (".", "!", "?", ";") or token.text in ('"', "“", "”"):
                break
            clause.append(token)
        if not clause:
            return None
        clause_end = clause[-1].idx + len(clause[-1].text)
        if clause[-1].i + 1 < len(self.doc) and self.doc[clause[-1].i + 1].text in (".", "!", "?", ";"):
            clause_end += 1
        indices = {t.i for t in clause}
        for position, token in enumerate(clause[:16]):
            if token.lemma_ not in CUE_VERBS and token.lower_ not in ("said", "says", "told", "added", "wrote"):
                continue
            if token.pos_ not in ("VERB", "AUX") and token.lower_ not in ("said", "says", "told", "added", "wrote"):
                continue
            subject = _subject(token)
            if subject is not None and subject.i in indices:
                if subject.lower_ in FIRST_SECOND:
                    return None
                return token, subject, clause_end
            for follower in clause[position + 1 :]:
                if follower.pos_ in ("PROPN", "NOUN") or follower.lower_ in PRONOUN_GENDER or follower.lower_ in ("it", "they"):
                    head = follower
                    while head.head.i in indices and head.head.i > token.i and head.head.pos_ in ("PROPN", "NOUN") and head.dep_ in ("compound", "amod", "det", "poss"):
                        head = head.head
                    return token, head, clause_end
                if follower.pos_ in ("ADP", "ADV", "PUNCT", "SCONJ", "VERB"):
                    break
            if subject is None and position > 0:
                # spaCy sometimes loses the subject of the clause ("the paramilitary group said")
                for candidate in reversed(clause[:position]):
                    if candidate.pos_ in ("PROPN", "NOUN", "PRON"):
                        return token, candidate, clause_end
            return None
        return None

    def _opens_sentence(self, quote: Quote) -> bool:
        before = self.text[max(0, quote.open_mark - 20) : quote.open_mark]
        if quote.open_mark <= 20 and not before.strip():
            return True
        return bool(re.search(r"(?:[.!?][\"”’')]?\s+|[.!?]|\n\s*)$", before))  # (pages that lose the space: 'X said."Next')

    def _clause_before(self, quote: Quote) -> Claim | None:
        """`X said: "..."`, `X puts it bluntly:`, `In his words:`, `X said, "..."`."""
        head_end = len(self.text[: quote.open_mark].rstrip())  # offset just past the last word before the quote
        if head_end == 0 or self.text[head_end - 1] not in ":,":
            return None
        colon = self.text[head_end - 1] == ":"
        if "\n\n" in self.text[head_end : quote.open_mark] and not colon:
            return None
        mark = self._token_at(head_end - 1)
        if mark is None:
            return None
        sent = sent_of(mark)
        clause = [t for t in sent if t.i < mark.i and not t.is_space]
        if not clause or self._in_quote(clause[0].idx) and not colon:
            return None
        end = _quote_end(self.text, quote)
        make = lambda token, cue=None, cue_at=None: Claim(quote.start, end, "direct", "before", token.idx, token=token, cue=cue, cue_at=cue_at, exclude=(quote.open_mark, quote.close_mark))  # noqa: E731
        if any(self.resolver.is_journalist(t) for t in clause):
            return Claim(quote.start, end, "direct", "before", clause[0].idx, label="")  # a correspondent's dispatch: nobody
        cues = [t for t in clause if t.lemma_ in CUE_VERBS and t.pos_ in ("VERB", "AUX")]
        if not colon:
            cues = [t for t in cues if mark.i - t.i <= 3]
        for verb in reversed(cues):
            subject = _subject(verb)
            if subject is not None and subject.lower_ not in FIRST_SECOND and not self._in_quote(subject.idx):
                claim = make(subject, verb.lemma_, verb.idx)
                claim.channel = self._channel(verb)
                if subject.lemma_ in STATEMENT_NOUNS and not any(c.dep_ == "poss" for c in subject.children):
                    claim.fallback_previous = True  # "A second post followed:": the same speaker again
                return claim
        if not colon:
            return None
        root = sent.root
        if root.i >= mark.i:
            # the parser ran the clause into the quote: take the clause's own top word
            tops = [t for t in clause if t.head.i >= mark.i or t.head.i == t.i]
            root = next((t for t in tops if t.pos_ in ("VERB", "AUX")), tops[0] if tops else root)
        if root.i < mark.i:
            subject = _subject(root) if root.pos_ in ("VERB", "AUX") else root
            if subject is not None and subject.pos_ == "ADP":
                subject = next((c for c in subject.children if c.dep_ == "pobj"), None)  # "In the words of X:"
            if subject is not None and subject.lower_ not in FIRST_SECOND:
                if subject.lemma_ not in STATEMENT_NOUNS:
                    return make(subject)
                owner = _issuer(subject)
                if owner is not None:
                    return make(owner)  # "His post added:", "In the words of the Russian leader:"
        for token in clause:
            if token.lower_ in ("his", "her"):
                return make(token)
        claim = make(clause[0])
        claim.token = None
        claim.fallback_previous = True
        claim.source = "previous"
        return claim

    def _sentence_before(self, quote: Quote) -> Claim | None:
        """A quote that opens a sentence with no clause of its own: the subject of the sentence before."""
        if not self._opens_sentence(quote):
            return None
        end = _quote_end(self.text, quote)
        previous = None
        for sent in sentences(self.doc):
            if sent.end_char > quote.open_mark:
                break
            if sent.text.strip() and not all(t.is_space or t.is_punct for t in sent):
                previous = sent
        if previous is None or self.text[previous.end_char : quote.open_mark].count("\n\n") > 1 or self._in_quote(previous.start_char):
            claim = Claim(quote.start, end, "direct", "previous", quote.open_mark, fallback_previous=True)
            return claim
        root = previous.root
        subject = _subject(root) if root.pos_ in ("VERB", "AUX") else (root if root.pos_ in ("PROPN", "NOUN") else None)
        if subject is not None and subject.lower_ not in FIRST_SECOND and not self.layout.is_headline(previous.start_char):
            return Claim(quote.start, end, "direct", "initial", subject.idx, token=subject, exclude=(quote.open_mark, quote.close_mark), fallback_previous=True)
        return Claim(quote.start, end, "direct", "previous", quote.open_mark, fallback_previous=True)

    def block_quotes(self) -> list[Claim]:
        """`Dmitry Peskov, speaking to state TV:` and then a line in no quote marks.

        Live blogs set quotes apart as indented blocks, and pasted text keeps the words but loses
        the indentation. Only a line that ends with a colon and names its speaker counts (never
        the speaker before, as for quotes), and only when the next line is a whole sentence.
        """
        claims = []
        lines = [line for line in self.layout.lines if not line.blank]
        for line, block in zip(lines, lines[1:]):
            if not self._introduces_block(line, block):
                continue
            claim = self._clause_before(Quote(block.start, block.end, block.start, block.end))
            if claim is not None and claim.source == "before" and claim.token is not None:
                claims.append(claim)
        return claims

    def _introduces_block(self, line: Line, block: Line) -> bool:
        """A line ending with a colon, then (past at most one blank line) an unquoted sentence."""
        if not line.text.endswith(":") or self.text[line.end : block.start].count("\n") > 2:
            return False
        if any(turn.label_start <= offset < turn.end for turn in self.layout.turns for offset in (line.start, block.start)):
            return False  # transcripts have their own turns
        if line.start in self.boilerplate or block.start in self.boilerplate:
            return False
        if block.text[:1] in "\"“‘'" or block.text.endswith(":") or re.match(r"(?:[-–—•*>]|\d{1,2}[.)])\s", block.text):
            return False
        if self.resolver.is_place(line.text.rstrip(":")):
            return False  # "Moscow:" over a paragraph: a dateline, not a speaker
        return bool(re.search(r"[.!?…][\"”’')]?$", block.text)) and len(block.text.split()) >= 4

    # ----- 4. headline labels ---------------------------------------------------------------------
    def headline_labels(self) -> list[Claim]:
        """`Rubio: "Now it's up to Moscow"`, `Kremlin: no text received` in titles and entry titles."""
        claims = []
        for line in self.layout.headlines:
            if self._blocked(line.start):
                continue
            start, body = headline_body(line)
            offset = start
            for segment in re.split(r"(;\s*)", body):
                seg_start = offset
                offset += len(segment)
                match = re.match(r"^(?P<label>[^:\"“;]{1,60}?):\s+(?P<content>\S.*)$", segment)
                if not match or len(match.group("label").split()) > 6:
                    continue
                label = match.group("label").strip()
                name = self.resolver.resolve_label(label)
                if name is None or self._country_label(label, name):
                    continue
                content_start = seg_start + match.start("content")
                content_end = seg_start + len(segment.rstrip(" .;"))
                if self._has_own_speaker(content_start, content_end):
                    continue  # "Sudan: Guterres calls for ...": a section label
                inner = self.text[content_start:content_end]
                quoted = re.fullmatch(r"[\"“'‘](.+)[\"”'’]", inner)
                if quoted:
                    claims.append(Claim(content_start + 1, content_end - 1, "direct", "label", seg_start, label=name))
                else:
                    claims.append(Claim(content_start, content_end, "reported", "label", seg_start, label=name))
        return claims

    def _country_label(self, label: str, name: str) -> bool:
        """'Sudan: ...' is a section label; 'Kremlin: ...' or 'MEA: ...' speaks for a government."""
        actor = self.resolver.registry.actors.get(name)
        return actor is not None and actor.kind == "government" and bool(actor.affiliation) and label.lower().strip() == actor.affiliation.lower()

    def _has_own_speaker(self, start: int, end: int) -> bool:
        span = self.doc.char_span(start, end, alignment_mode="expand")
        if span is None:
            return False
        for token in span:
            if token.lemma_ in CUE_VERBS and token.pos_ in ("VERB", "AUX") and not _passive(token):
                subject = _subject(token)
                if subject is not None and start <= subject.idx < end:
                    return True
        return False

    # ----- 5. reported speech ---------------------------------------------------------------------
    def reported(self) -> list[Claim]:
        claims = []
        for token in tokens(self.doc):
            if self._in_quote(token.idx) or self._blocked(token.idx):
                continue
            if token.lower_ == "according" and token.i + 1 < len(self.doc) and self.doc[token.i + 1].lower_ == "to":
                claim = self._according_to(token)
                if claim is not None:
                    claims.append(claim)
                continue
            if token.lemma_ in REFUSING_VERBS and token.pos_ == "VERB":
                claims += self._refusal(token)
                continue
            if token.pos_ == "NOUN" and token.lemma_ in CLAIM_NOUNS | {"statement", "assertion", "remark"}:
                claims += self._owned_claim(token)
                continue
            if token.lemma_ not in CUE_VERBS or token.pos_ not in ("VERB", "AUX") and token.lower_ not in ("says", "warns", "calls"):
                continue
            claims += self._from_verb(token)
        return claims

    def _owned_claim(self, noun: Token) -> list[Claim]:
        """"Brekke's statement that her delegation would stay", "the rebels' demand that the army pull
        back": a claim with its owner and its that-clause is the owner's statement."""
        owner = next((c for c in noun.children if c.dep_ == "poss"), None)
        clause = next((c for c in noun.children if c.dep_ in ("acl", "ccomp", "relcl") and any(m.lower_ == "that" and m.dep_ == "mark" for m in c.children)), None)
        after = self.doc[noun.i + 1] if noun.i + 1 < len(self.doc) else None
        if clause is None and after is not None and after.lower_ == "that" and after.dep_ == "mark" and after.head.left_edge.i == after.i:
            clause = after.head  # the parser hung the that-clause on the verb around the noun
        if owner is None or clause is None or owner.lower_ in FIRST_SECOND or noun.head.lemma_ in CUE_VERBS and noun.dep_ == "dobj":
            return []  # ("repeated his claim that ...": the verb's statement already)
        trimmed = _trim(self.doc[min(t.i for t in clause.subtree) : max(t.i for t in clause.subtree) + 1])
        if trimmed is None:
            return []
        return [Claim(trimmed.start_char, trimmed.end_char, "reported", "reported", owner.idx, token=owner, cue=noun.lemma_, cue_at=noun.idx)]

    def _refusal(self, verb: Token) -> list[Claim]:
        """'Peskov declined to comment', 'Tehran refused to say where ...', 'X did not respond to a
        request for comment': a refusal to speak is the speaker's statement too (it takes no side)."""
        if verb.lemma_ in ("decline", "refuse"):
            said = next((c for c in verb.children if c.dep_ == "xcomp" and c.lemma_ in REFUSED_SPEECH and not _passive(c)), None)
            if said is None or said.lemma_ in ("give", "provide") and not any(c.dep_ == "dobj" and c.lemma_ in ("detail", "comment", "information") for c in said.children):
                return []
        elif not _negated(verb) or not any(
            c.dep_ == "prep" and c.lower_ == "to" and any(o.lemma_ in ("request", "query", "question", "call", "email") for o in c.children if o.dep_ == "pobj") for c in verb.children
        ):
            return []  # "did not respond to a request for comment", never "did not respond officially"
        subject = _subject(verb)
        if subject is None or subject.lower_ in FIRST_SECOND:
            return []
        sent = sent_of(verb)
        end = max(t.i for t in verb.subtree if t.i < sent.end) + 1
        start = min([verb.i] + [c.i for c in verb.children if c.dep_ in ("aux", "neg") and c.i < verb.i])
        trimmed = _trim(self.doc[start:end])
        if trimmed is None:
            return []
        return [Claim(trimmed.start_char, trimmed.end_char, "reported", "reported", subject.idx, token=subject, cue=verb.lemma_, cue_at=verb.idx, fallback_previous=_ownerless_statement(subject))]

    def _according_to(self, token: Token) -> Claim | None:
        to = self.doc[token.i + 1]
        objects = [t for t in to.children if t.dep_ == "pobj"]
        if not objects:
            return None
        source = objects[0]
        sent = sent_of(token)
        source_end = max(t.i for t in source.subtree) + 1
        if token.i <= sent.start + 1 or all(t.is_punct or t.is_space for t in self.doc[sent.start : token.i]):
            content = self.doc[source_end : sent.end]
        else:
            content = self.doc[sent.start : token.i]
        trimmed = _trim(content)
        if trimmed is None:
            return None
        outlet = self.resolver.outlet(source)
        if outlet is not None:  # "..., according to a newspaper": the outlet carries someone's words
            self.channels.append((sent.start_char, sent.end_char, outlet))
        inner = self._whole_quote(trimmed.start_char, trimmed.end_char)
        if inner:  # '"We will not retreat," according to a statement from the presidency'
            return Claim(inner[0], inner[1], "direct", "according", source.idx, token=source, cue="according to", cue_at=token.idx)
        # "According to the Kremlin, Putin told Trump that ...": the Kremlin is the channel, Putin the speaker.
        root = trimmed.root
        teller = _subject(root) if root.lemma_ in CUE_VERBS and root.pos_ == "VERB" else None
        if teller is not None and teller.pos_ == "PROPN" and trimmed.start <= teller.i < trimmed.end:
            return Claim(trimmed.start_char, trimmed.end_char, "reported", "according", teller.idx, token=teller, cue=root.lemma_, cue_at=root.idx, channel=outlet)
        return Claim(trimmed.start_char, trimmed.end_char, "reported", "according", source.idx, token=source, cue="according to", cue_at=token.idx)

    def _from_verb(self, verb: Token) -> list[Claim]:
        if verb.tag_ == "VBN" and not any(c.dep_ == "aux" and c.lemma_ == "have" for c in verb.children) and _own_subject(verb) is None:
            return []  # "when asked whether ...", "the plan, described as ...": not the speaker talking
        if _negated(verb) or any(c.dep_ == "mark" and c.lower_ in ("if", "unless", "whether") for c in verb.children):
            return []  # "he wouldn't say", "if Hamas rejected the proposal": nothing stated
        trailing = _trailing_report(verb)
        subject = trailing[0] if trailing else _subject(verb)
        if subject is None or subject.lower_ in FIRST_SECOND:
            return []
        lemma = verb.lemma_
        if lemma in MAIN_CLAUSE_VERBS and (verb.dep_ in ("relcl", "acl", "amod", "pcomp", "csubj", "ccomp") or verb.tag_ == "VBG" or _passive(verb)):
            return []  # "Varnia, which backs the rebels", "said Dorn had offered ...": an action, not a position of its own
        if lemma in ("ask", "answer", "reply", "respond") and (_own_subject(verb) is None or self.doc[verb.i - 1].text == ","):
            return []  # "Trump, asked whether ..., said": the question is not his
        kind = "paraphrase" if lemma in POSITION_VERBS or lemma in ("describe", "call") else "reported"
        if lemma == "call" and not any(c.dep_ == "prep" and c.lower_ in PREP_VERBS["call"] for c in verb.children):
            return self._called(verb, subject)
        if (lemma in POSITION_VERBS or lemma in OBJECT_VERBS) and lemma not in ("insist", "warn", "believe", "urge", "vow") and any(c.dep_ == "advcl" and c.lower_ in PARTICIPLE_CUES and _clause_before_participle(c) is None for c in verb.children):
            return []  # "rejected the plan, saying ...": the saying clause carries the position
        if _inner_teller(verb):
            return []  # "X thanked Y and said that ..., the ministry said": X is the speaker, the ministry the channel
        trailing = trailing or _as_clause(verb)
        spans = _split(self.doc, trailing[1], trailing[2], verb) if trailing else _content(verb, self.layout.is_headline(verb.idx))
        outlet = self.resolver.outlet(subject)
        if outlet is not None:  # "Reuters reported that ...": whoever it quotes inside is the speaker
            self.channels += [(start, end, outlet) for start, end in spans]
            return []
        channel = self._channel(verb)
        claims = []
        for start, end in spans:
            if self._in_answer(start):
                continue
            inner = self._whole_quote(start, end)
            claim_kind = "direct" if inner else kind
            a, b = inner or (start, end)
            for speaker in _conjuncts(subject):  # "Qatar and Egypt said in a joint statement ..."
                claims.append(Claim(a, b, claim_kind, "reported", speaker.idx, token=speaker, cue=lemma, cue_at=verb.idx, channel=channel, fallback_previous=_ownerless_statement(speaker)))
        return claims

    def _channel(self, verb: Token) -> str | None:
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
            if depth > 1 and (obj.lemma_ in STATEMENT_NOUNS or obj.lemma_ in ("comment", "interview", "remark", "op-ed", "article", "appearance", "show", "podcast", "broadcast")):
                for grand in obj.children:
                    if grand.dep_ == "prep" and grand.lower_ in ("to", "with", "on", "in", "for", "by"):
                        found = self._outlet_in(grand, depth - 1)
                        if found is not None:
                            return found
        return None

    def _called(self, verb: Token, subject: Token) -> list[Claim]:
        """`X called the plan "capitulation written in legal language"`: the quote is X's."""
        for quote in self.quotes + find_single_quotes(self.text, verb.idx, sent_of(verb).end_char):
            if verb.idx < quote.open_mark < sent_of(verb).end_char and quote.open_mark - verb.idx < 80:
                return [Claim(quote.start, _quote_end(self.text, quote), "direct", "called", subject.idx, token=subject, cue="call", cue_at=verb.idx)]
        for quote in find_quotes(self.text[verb.idx : sent_of(verb).end_char]):
            start = verb.idx + quote.start
            return [Claim(start, verb.idx + quote.end, "direct", "called", subject.idx, token=subject, cue="call", cue_at=verb.idx)]
        label = next((c for c in verb.children if c.dep_ == "oprd"), None)
        if label is not None and any(c.dep_ == "dobj" and c.lower_ in ("what", "which", "it", "this") for c in verb.children):
            # "what the agency calls a famine in all but name": the name given is the position
            trimmed = _trim(self.doc[min(t.i for t in label.subtree) : max(t.i for t in label.subtree) + 1])
            if trimmed is not None:
                return [Claim(trimmed.start_char, trimmed.end_char, "paraphrase", "reported", subject.idx, token=subject, cue="call", cue_at=verb.idx)]
        return []

    def _whole_quote(self, start: int, end: int) -> tuple[int, int] | None:
        """A reported content that is exactly one quote (`said: "..."`) is a direct statement."""
        for quote in self.quotes:
            if abs(quote.open_mark - start) <= 1 and quote.close_mark >= end - 2 and quote.close_mark <= end + 2:
                return quote.start, _quote_end(self.text, quote)
        return None

    # ----- headlines that restate the body --------------------------------------------------------
    def merge_headlines(self, kept: list[Claim]) -> list[Claim]:
        """A headline statement that the body restates is one statement with the body's, counted once.

        "Mediator says both sides will return to Geneva" over "Ola Brekke said both delegations would
        return to Geneva next week": the headline keeps its place (an analyst sees it marked) as kind
        `headline`, pointing at the body statement it restates, and is scored on the body's words,
        so it can never carry a second, different score. The same headline twice (a title repeated
        by the page) is kept once. A headline the body does not restate stays as it was.
        """
        body = [c for c in kept if not self.layout.is_headline(c.start)]
        merged: list[Claim] = []
        for claim in kept:
            if not self.layout.is_headline(claim.start):
                merged.append(claim)
                continue
            words = _content_words(self.text[claim.start : claim.end])
            if any(self.layout.is_headline(o.start) and o.speaker == claim.speaker and _content_words(self.text[o.start : o.end]) == words for o in merged):
                continue  # the same headline again
            claim.restates = next((other for other in body if other.speaker == claim.speaker and self._restates(other, claim)), None)
            if claim.restates is not None:
                claim.kind = "headline"
            merged.append(claim)
        return merged

    def _restates(self, body: Claim, headline: Claim) -> bool:
        """Most of the headline's content words recur in the body statement's sentence(s)."""
        words = _content_words(self.text[headline.start : headline.end])
        if len(words) < 2:
            return False
        span = self.doc.char_span(body.start, max(body.start + 1, body.end), alignment_mode="expand")
        low, high = (sent_of(span[0]).start_char, sent_of(span[-1]).end_char) if span is not None and len(span) else (body.start, body.end)
        found = _content_words(self.text[min(low, body.start) : max(high, body.end)])
        return len(words & found) >= _RESTATED * len(words)

    # ----- resolution and selection ----------------------------------------------------------------
    def resolve(self, claims: list[Claim]) -> list[Claim]:
        """Speakers in text order, so that each pronoun sees the speakers named before it.

        A statement by several parties ("the two leaders said in a joint statement", "a joint
        statement by Qatar and Egypt") goes to each of them: the extra claims are returned.
        """
        resolved: list[Claim] = []
        joint: list[Claim] = []
        for claim in sorted(claims, key=lambda c: (c.anchor, -c.priority)):
            speaker = None
            if claim.label is not None:
                speaker = claim.label or None
                if speaker and speaker not in self.resolver.registry.actors:
                    speaker = self.resolver.ensure_actor(speaker, "person", claim.context)
            elif claim.token is not None:
                speaker = self.resolver.resolve(claim.token, claim.anchor, claim.exclude)
                if speaker is None or claim.token.lemma_ in STATEMENT_NOUNS:
                    parties = self.resolver.issuers(claim.token) or (self.resolver.signatories(claim.token, claim.anchor) if speaker is None and self._joint(claim) else [])
                    if parties:
                        speaker = parties[0]
                        for party in parties[1:]:
                            joint.append(replace(claim, speaker=party, token=None, label=party, restates=None))
            if speaker is None and claim.fallback_previous:
                speaker = self._previous_speaker(resolved, claim)
                if speaker is not None and claim.source == "initial":
                    claim.source = "previous"
            if speaker is not None and self.resolver.is_author(speaker):
                speaker = None
            claim.speaker = speaker
            if speaker is not None:
                resolved.append(claim)
                self.resolver.note_speaker(speaker, claim.anchor)
        return joint

    def _joint(self, claim: Claim) -> bool:
        """Said together: 'in a joint statement', 'in a communique', 'jointly', 'a joint declaration said'."""
        verb = self._token_at(claim.cue_at) if claim.cue_at is not None else None
        if verb is None:
            return False
        for child in verb.children:
            if child.lower_ == "jointly":
                return True
            if child.dep_ == "prep":
                for noun in (c for c in child.children if c.dep_ == "pobj"):
                    if noun.lower_ in ("communique", "communiqué", "declaration") or noun.lemma_ in STATEMENT_NOUNS and any(a.lower_ == "joint" for a in noun.children):
                        return True
        return False

    def _previous_speaker(self, resolved: list[Claim], claim: Claim) -> str | None:
        earlier = [c for c in resolved if c.end <= claim.start and c.source != "label"]
        if not earlier:
            return None
        last = max(earlier, key=lambda c: c.end)
        between = self.text[last.end : claim.start]
        if between.count("\n\n") > 1 or len(between) > 400:
            return None
        return last.speaker

    def select(self, claims: list[Claim]) -> list[Claim]:
        """One statement per stretch of text: the most reliable source wins; nested ones go."""
        candidates = [c for c in claims if c.speaker and c.end > c.start]
        candidates.sort(key=lambda c: (-c.priority, c.start, -(c.end - c.start)))
        kept: list[Claim] = []
        for claim in candidates:
            overlapping = [c for c in kept if c.start < claim.end and claim.start < c.end]
            joint = all((c.start, c.end, c.cue_at) == (claim.start, claim.end, claim.cue_at) and c.speaker != claim.speaker for c in overlapping)
            if overlapping and not (joint and claim.cue_at is not None):
                continue
            kept.append(claim)
        kept = [c for c in kept if not any(o is not c and c.cue_at is not None and o.start <= c.cue_at < o.end for o in kept)]
        kept.sort(key=lambda c: c.start)
        for claim in kept:
            if claim.channel is None:
                claim.channel = next((name for start, end, name in self.channels if start <= claim.start < end or claim.start <= start < claim.end), None)
        return kept


_RESTATED = 0.6  # share of a headline's content words the body must repeat
_FUNCTION_WORDS = frozenset(
    "a an the and or but of to in on at for with by from as is are was were be been will would could should can may "
    "must not no it its this that these those he she they we his her their our says say said over after before into "
    "than then so if up out about new".split()
)


def _content_words(text: str) -> set[str]:
    """Lower-case word stems without function words: 'talks' and 'talk', 'ready' and 'readiness' agree."""
    words = re.findall(r"[a-z0-9]+", text.lower().replace("’", "'"))
    return {w[:5] for w in words if w not in _FUNCTION_WORDS and len(w) > 1}


# ----- grammar helpers ---------------------------------------------------------------------------------
def _quote_end(text: str, quote: Quote) -> int:
    """Quote end without a comma just before the closing mark ("...," he said)."""
    end = quote.end
    while end > quote.start and text[end - 1] in ", \n\t":
        end -= 1
    return end


def _subject(verb: Token) -> Token | None:
    """The verb's subject; for participles and conjoined verbs, the subject of the verb they hang on.

    A reporting verb without a subject of its own ("..., adding: ...", "... and warned against ...")
    belongs to the reporting verb above it, even when the parser hangs it inside that verb's clause.
    """
    own = _own_subject(verb)
    if own is not None:
        return own
    if verb.dep_ == "conj" and verb.tag_ in ("VBD", "VBZ", "VBP") and verb.head.tag_ == verb.tag_ and _joined_by_and(verb):
        shared = _own_subject(verb.head)  # "Pell praised the hosts and said that ...": two finite verbs, one subject
        if shared is not None and shared.lower_ not in ("who", "which", "that"):
            return shared
    before = _noun_before_aside(verb)
    if before is not None:
        return before
    misread = _subject_read_as_object(verb)
    if misread is not None:
        return misread
    nearest = _clause_before_participle(verb)
    if nearest is not None:
        shared = _own_subject(nearest)  # "a charge that Varnia rejects, insisting ...": Varnia insists
        if shared is not None and shared.lower_ not in ("who", "which", "that"):
            return shared
    chain = []
    current = verb
    for _ in range(8):
        if current.dep_ == "acl" and current.head.lower_ in STATEMENT_NOUNS:
            noun = current.head
            owner = next((c for c in noun.children if c.dep_ == "poss"), None)
            if owner is not None:
                return owner
            current = noun.head.head if noun.head.pos_ == "ADP" else noun.head
            chain.append(current)
            continue
        if current.head.i == current.i or current.dep_ == "ROOT":
            break
        if current.dep_ == "ccomp" and current.i == verb.i:
            break
        current = current.head
        chain.append(current)
    cue = verb.lemma_ in CUE_VERBS
    for position, ancestor in enumerate(chain):
        subject = _own_subject(ancestor)
        if subject is None or subject.lower_ in ("who", "which", "that") and cue:
            continue
        if cue and ancestor.dep_ in ("ccomp", "relcl", "acl") and any(a.lemma_ in CUE_VERBS and _own_subject(a) is not None for a in chain[position + 1 :]):
            continue  # the subject of a reported clause is not the one reporting it
        if not cue and ancestor.dep_ not in ("ROOT", "conj", "advcl", "xcomp", "ccomp") and ancestor.pos_ != "VERB":
            continue
        return subject
    top = chain[-1] if chain else verb
    if top.dep_ == "ROOT" and top.pos_ in ("VERB", "AUX"):
        return _subject_before(top)
    return None


def _joined_by_and(verb: Token) -> bool:
    """'thanked Trump and said': the verb follows its conjunction directly, in the same clause as its head."""
    doc = verb.doc
    i = verb.i - 1
    while i > verb.head.i and doc[i].pos_ == "ADV":
        i -= 1
    return doc[i].lower_ in ("and", "but") and not any(t.text in (";", ":") for t in doc[verb.head.i : verb.i])


def _as_clause(verb: Token) -> tuple[Token, int, int] | None:
    """'As Brekke put it to the radio, the map is the problem' / '..., as the minister stressed': the
    rest of the sentence is what was said. Returns (subject, content start, content end)."""
    if verb.dep_ != "advcl" or verb.lemma_ not in SPEECH_VERBS or any(c.dep_ in ("ccomp", "xcomp") or c.dep_ == "dobj" and not _addressee(c) for c in verb.children):
        return None  # "..., as the rebels want written assurances": a reason, not a report
    mark = next((c for c in verb.children if c.dep_ == "mark"), None)
    subject = _own_subject(verb)
    if mark is None or mark.lower_ != "as" or subject is None:
        return None
    doc, sent = verb.doc, sent_of(verb)
    first, last = min(t.i for t in verb.subtree), max(t.i for t in verb.subtree)
    if verb.i < verb.head.i:  # "As X said, CONTENT."
        if doc[last].text != "," and (last + 1 >= sent.end or doc[last + 1].text != ","):
            return None
        start, end = last + 1, sent.end
    else:  # "CONTENT, as X said."
        if doc[first - 1].text != ",":
            return None  # "will not disarm first as the army wants": a comparison
        start, end = sent.start, first
    while start < end and (doc[start].is_punct or doc[start].is_space):
        start += 1
    return (subject, start, end) if any(t.pos_ in ("VERB", "AUX") for t in doc[start:end]) else None


def _inner_teller(verb: Token) -> bool:
    """'Pell said that her country accepted ..., the Varnian foreign ministry said': the words before a
    trailing reporting clause have a named teller of their own, who is the speaker (as with
    "According to the Kremlin, Putin told Trump that ...")."""
    outer = _own_subject(verb)
    if outer is None or outer.i < verb.i and verb.doc[min(t.i for t in outer.subtree) - 1].text != ",":
        return False  # only a trailing clause: "..., the ministry said"
    for clause in (c for c in verb.children if c.dep_ in ("ccomp", "parataxis") and c.i < verb.i):
        subject = _own_subject(clause)
        if subject is None or subject.pos_ != "PROPN":
            continue
        if clause.lemma_ in SPEECH_VERBS or any(c.dep_ == "conj" and c.lemma_ in SPEECH_VERBS and _own_subject(c) is None for c in clause.children):
            return True
    return False


def _ownerless_statement(token: Token) -> bool:
    """'the statement said', 'the letter added': a document nobody is named for here; it is the one
    whose issuer the article just gave ("X said in a statement. ... the statement said")."""
    return token.lemma_ in STATEMENT_NOUNS and token.lower_ not in ("word", "words") and not any(c.dep_ in ("poss", "prep", "compound", "amod") for c in token.children)


def _trailing_report(verb: Token) -> tuple[Token, int, int] | None:
    """'The truce has held, the leader of the northern rebels said on Friday': a reporting clause
    at the end of the sentence that the parser joined to the content as a second verb.

    The subject is the phrase between the last comma and the verb; the content, the clause before
    that comma. Returns (subject, content start, content end) as token indices.
    """
    if verb.dep_ != "conj" or verb.lemma_ not in SPEECH_VERBS or verb.head.i > verb.i:
        return None
    if any(c.dep_ in ("ccomp", "dobj", "xcomp", "dative") or c.dep_ == "nsubj" and c.i > verb.i for c in verb.children):
        return None  # something is said after the verb: not a trailing clause
    doc, sent = verb.doc, sent_of(verb)
    comma = next((i for i in range(verb.i - 1, sent.start, -1) if doc[i].text == "," or doc[i].text in ("-", "–", "—") and doc[i].whitespace_ and doc[i - 1].whitespace_), None)
    if comma is None or verb.i - comma > 16:
        return None
    phrase = doc[comma + 1 : verb.i]
    if not len(phrase) or any(t.pos_ in ("VERB", "AUX") and t.dep_ not in ("amod", "compound") for t in phrase) or phrase[-1].pos_ not in ("PROPN", "NOUN"):
        return None
    inside = {t.i for t in phrase}
    head = next((t for t in phrase if t.head.i not in inside or t.head.i == t.i), phrase[-1])
    start = sent.start
    while start < comma and (doc[start].is_punct or doc[start].is_space):
        start += 1
    if not any(t.pos_ in ("VERB", "AUX") for t in doc[start:comma]):
        return None  # no clause before the comma
    return head, start, comma


def _subject_read_as_object(verb: Token) -> Token | None:
    """'... resume as Varnia on Friday praised the "spirit" of the talks': the parser took the conjunction for a
    preposition and the subject for its object; the verb that follows is the subject's."""
    if verb.dep_ not in ("advcl", "conj") or any(c.dep_ in ("mark", "nsubj", "nsubjpass") for c in verb.children):
        return None
    doc = verb.doc
    adverbials = [c.left_edge.i for c in verb.lefts if c.dep_ in ("prep", "npadvmod", "advmod")]  # "on Monday"
    i = min(adverbials + [verb.i]) - 1
    if i < 1:
        return None
    noun = doc[i]
    if noun.pos_ in ("PROPN", "NOUN") and noun.dep_ == "pobj" and noun.head.lower_ in ("as", "after", "before", "since", "while", "until", "because", "when") and noun.head.i == i - 1:
        return noun
    first = i
    while first > 0 and doc[first - 1].pos_ == "PROPN":
        first -= 1
    if verb.dep_ in ("conj", "advcl") and noun.pos_ == "PROPN" and noun.dep_ in ("pobj", "conj", "dobj") and first > 0 and doc[first - 1].lower_ == "and":
        return noun  # "X offered talks in May and President Y vowed ...": Y, hung on "May"
    return None


def _word_before_comma_clause(verb: Token) -> Token | None:
    """The word just before ', <participle clause>' when `verb` heads such a clause ('..., insisting that')."""
    if verb.tag_ != "VBG" or verb.dep_ != "advcl":
        return None
    left = min(t.i for t in verb.subtree)
    if left < 2 or verb.doc[left - 1].text != ",":
        return None
    return verb.doc[left - 2]


def _clause_before_participle(verb: Token) -> Token | None:
    """', insisting ...' right after a clause of saying ('a charge that Varnia flatly rejects'): that
    clause's verb, wherever the parser hung the participle."""
    if verb.lemma_ not in CUE_VERBS:
        return None
    clause = _word_before_comma_clause(verb)
    if clause is None:
        return None
    left = min(t.i for t in verb.subtree)
    while clause.pos_ not in ("VERB", "AUX") and clause.head.i != clause.i and clause.head.i < left:
        clause = clause.head
    if clause.i == verb.head.i or clause.lemma_ not in CUE_VERBS or clause.dep_ not in ("relcl", "acl", "conj"):
        return None
    return clause


def _noun_before_aside(verb: Token) -> Token | None:
    """'the general, while thanking the envoy for his patience, has not moved': a participle
    clause set off by commas right after a subject belongs to that subject, wherever the parser hung it."""
    noun = _word_before_comma_clause(verb)
    if noun is None:
        return None
    if noun.pos_ in ("NOUN", "PROPN") and (noun.dep_ in ("nsubj", "nsubjpass") or noun.dep_ == "conj" and noun.head.pos_ in ("VERB", "AUX")):
        return noun  # (a subject the parser took for a conjunct of the verb before: "..., but the leader, while ...")
    return None


def _conjuncts(subject: Token) -> list[Token]:
    """'Qatar and Egypt': each conjoined subject speaks."""
    found = [subject]
    if subject.pos_ == "PRON":
        return found
    for token in subject.subtree:
        if token.dep_ == "conj" and token.head.i in {t.i for t in found} and token.pos_ in ("PROPN", "NOUN") and any(c.lower_ == "and" for c in token.head.children):
            found.append(token)
    return found


def _issuer(noun: Token) -> Token | None:
    """Whose post, statement or words: 'His post', 'the words of the Russian leader'."""
    for child in noun.children:
        if child.dep_ == "poss":
            return child
        if child.dep_ == "prep" and child.lower_ in ("of", "from", "by"):
            return next((c for c in child.children if c.dep_ == "pobj"), None)
    return None


def _role_label(label: str) -> str | None:
    """'SPOKESPERSON', 'THE PRESIDENT', 'DEPUTY SPOKESPERSON', 'A': a transcript label that names a
    role, not a person."""
    role = re.sub(r"\s*\([^)]*\)", "", label).strip(" .:").lower()
    role = re.sub(r"^the\s+", "", role)
    if role in ROLE_LABELS or role in ANSWER_LABELS or (role and all(word in TITLE_WORDS for word in role.split())):
        return role
    return None


def _passive(verb: Token) -> bool:
    """'will be answered': the subject is what is acted on, not a speaker."""
    return any(c.dep_ in ("auxpass", "nsubjpass") for c in verb.children)


def _own_subject(verb: Token) -> Token | None:
    subjects = [c for c in verb.children if c.dep_ == "nsubj"]
    if not subjects:
        return None
    nominal = [c for c in subjects if c.pos_ in ("PROPN", "NOUN", "PRON")]
    subject = (nominal or subjects)[-1]
    opening = verb.doc[min(t.i for t in subject.subtree)]
    if opening.is_sent_start and opening.lower_.endswith("ing") and opening.i < subject.i:
        # "Touring Odesa, Defence Secretary Tomas Lind told ...": the place is the participle's object
        subject = next((c for c in subject.children if c.dep_ == "appos" and c.i > subject.i), subject)
    return subject


def _subject_before(verb: Token) -> Token | None:
    """A root verb the parser left without a subject ("In Brussels, Kaja Kallas, the EU's ..., welcomed").

    Walks left over comma-delimited asides (appositions, relative clauses) to the nearest noun.
    """
    doc = verb.doc
    i = verb.i - 1
    start = sent_of(verb).start
    while i >= start:
        token = doc[i]
        if token.text == ",":
            j = i - 1
            while j >= start and doc[j].text != ",":
                j -= 1
            aside = doc[j + 1 : i]
            if j >= start and len(aside) and (aside[0].lower_ in ("who", "which", "whose", "the", "a", "an") or aside[0].pos_ == "VERB" and aside[0].tag_ in ("VBN", "VBD", "VBG") or aside.root.dep_ in ("appos", "relcl", "acl", "advcl")):
                i = j - 1
                continue
            i -= 1
            continue
        if token.is_punct or token.pos_ in ("ADV", "AUX", "PART"):
            i -= 1
            continue
        if token.pos_ in ("PROPN", "NOUN", "PRON"):
            while token.dep_ in ("appos", "compound", "flat") and token.head.i > token.i - 8 and token.head.i != token.i:
                if token.head.dep_ == "pobj":
                    break  # "In a post on X, the former Russian president, ...": X is not the subject
                token = token.head
            if token.dep_ == "pobj" and token.head.dep_ == "prep" and token.head.head.pos_ in ("NOUN", "PROPN") and token.head.head.dep_ in ("nsubj", "ROOT", "ccomp"):
                token = token.head.head  # "A Ukrainian official at the talks, ..., said": the official, not the talks
            return token
        return None
    return None


def _negated(verb: Token) -> bool:
    if any(c.dep_ == "neg" for c in verb.children):
        return True
    if any(c.dep_ == "dobj" and c.lower_ in ("nothing", "little") for c in verb.children) and not any(c.dep_ == "ccomp" for c in verb.children):
        return True
    head = verb.head
    if verb.dep_ == "xcomp" and (head.lemma_ in NEGATING_HEADS or any(c.dep_ == "neg" for c in head.children)):
        return True
    return False


def _content(verb: Token, headline: bool = False) -> list[tuple[int, int]]:
    """The stated content: the that-clause(s), or for position verbs what follows the verb."""
    doc = verb.doc
    lemma = verb.lemma_
    if lemma in INFINITIVE_VERBS:
        xcomp = [c for c in verb.children if c.dep_ == "xcomp" and c.i > verb.i]
        objects = [c for c in verb.children if c.dep_ in ("dobj", "dative") and c.i > verb.i]
        if xcomp:
            start = min(t.i for t in (objects[0].subtree if objects else xcomp[0].subtree))
            return _split(doc, start, _right_edge(verb, xcomp[0]), verb)
    if verb.dep_ == "parataxis" and not any(c.dep_ in ("ccomp", "dobj") for c in verb.children):
        head = verb.head
        if head.i > verb.i:
            # "Any truce, he said, must lead to ...": the sentence around a parenthetical reporting clause
            return _split(doc, min(t.i for t in head.subtree), max(t.i for t in head.subtree) + 1, verb)
        # "Serbia and Kosovo agreed to ..., the bloc's foreign policy chief said": the clause before
        return _split(doc, min(t.i for t in head.subtree), min(t.i for t in verb.subtree), verb)
    clauses = [c for c in verb.children if c.dep_ in ("ccomp", "parataxis") and c.i > verb.i]
    if not clauses:
        # "..., White House says" / "X knows that ..., said Tatiana Stanovaya": content before the verb
        clauses = [c for c in verb.children if c.dep_ in ("ccomp", "parataxis") and c.i < verb.i and any(t.text in (",", '"', "”", "-", "–", "—") for t in doc[max(t.i for t in c.subtree) : verb.i])]
    fronted = _fronted_content(verb) if not clauses else None
    if fronted is not None:
        return _split(doc, min(t.i for t in fronted.subtree), max(t.i for t in fronted.subtree) + 1, verb)
    objects = [c for c in verb.children if c.dep_ == "dobj" and verb.i < c.i and not _addressee(c)]
    if clauses and objects and lemma in OBJECT_VERBS and all(c.i > objects[0].i and not any(m.dep_ == "mark" for m in c.children) for c in clauses):
        clauses = []  # "announced an investigation into abuses, a step few took seriously": the object is the stance
    if clauses and lemma != "call":
        clauses += [c for c in verb.children if c.dep_ == "conj" and c.i > verb.i and any(m.lower_ == "that" and m.dep_ == "mark" for m in c.children)]
        ranges: list[list[int]] = []
        for clause in sorted(clauses, key=lambda c: c.i):
            start = min(t.i for t in clause.subtree)
            end = max(t.i for t in clause.subtree) + 1
            if clause.i > verb.i:
                start = max(start, verb.i + 1)
            else:
                end = min(end, verb.i)
            if ranges and start > verb.i and (doc[start].text == ";" or doc[start - 1].text == ";"):
                break  # "Hamas says it accepts ...; Israel yet to respond": a new sentence
            own_clause = any(c.dep_ in ("nsubj", "nsubjpass", "mark") for c in clause.children)
            if ranges and not own_clause:
                ranges[-1][1] = max(ranges[-1][1], end)  # "..., forced to choose ...": still the same clause
            else:
                ranges.append([start, end])
        spans = []
        for start, end in ranges:
            spans += _split(doc, start, end, verb)
        return spans
    if lemma in PREP_VERBS:
        for child in verb.children:
            if child.dep_ == "prep" and child.lower_ in PREP_VERBS[lemma] and child.i > verb.i:
                pobj = [c for c in child.children if c.dep_ in ("pobj", "pcomp")]
                if pobj:
                    start = min(t.i for t in pobj[0].subtree)
                    end = max(_right_edge(verb, c) for c in verb.children if c.i >= child.i and (c.i == child.i or c.dep_ in ("xcomp", "oprd") or c.dep_ == "prep" and c.lower_ == "as"))
                    return _split(doc, start, end, verb)
        if lemma not in CLAUSE_VERBS:
            return []
    if lemma in OBJECT_VERBS:
        rights = [c for c in verb.children if c.i > verb.i and c.dep_ in ("dobj", "xcomp", "ccomp", "oprd", "attr", "pcomp")]
        if rights:
            start = min(t.i for t in rights[0].subtree)
            end = max(_right_edge(verb, c) for c in rights)
            for child in verb.children:
                if child.dep_ == "prep" and child.i > verb.i and (child.lower_ in ("as", "of", "for", "on") or child.lower_ == "to" and lemma == "attribute"):
                    end = max(end, _right_edge(verb, child))
            return _split(doc, start, end, verb)
    # "repeated his claim that ...": the clause of a noun of saying
    for child in verb.children:
        if child.dep_ == "dobj" and child.lemma_ in CLAIM_NOUNS:
            for grand in child.children:
                if grand.dep_ in ("acl", "ccomp", "relcl") and any(t.lower_ == "that" and t.dep_ == "mark" for t in grand.children):
                    return _split(doc, min(t.i for t in grand.subtree), max(t.i for t in grand.subtree) + 1, verb)
    if lemma in CLAUSE_VERBS and objects and objects[0].lemma_ not in CLAIM_NOUNS and objects[0].lower_ not in EMPTY_OBJECTS:
        # "said the Rapid Support Forces bore responsibility ...": a clause the parser read as an object
        end = max(t.i for t in verb.subtree) + 1
        if lemma != "tell" or any(t.pos_ in ("VERB", "AUX") for t in doc[objects[0].i : end]):  # "went on to tell the forum": whom, not what
            return _split(doc, min(t.i for t in objects[0].subtree), end, verb)
    if lemma in SPEECH_VERBS:
        # "told reporters after the session that ...": a that-clause the parser hung on an adjunct
        end = max(t.i for t in verb.subtree) + 1
        for token in doc[verb.i + 1 : end]:
            if token.pos_ in ("VERB",) and token.dep_ not in ("acl", "relcl", "ccomp"):
                break
            if token.lower_ == "that" and token.dep_ in ("mark", "advmod") and token.head.dep_ in ("acl", "relcl", "advcl", "ccomp") and token.head.i > token.i:
                return _split(doc, token.i, end, verb)
    if headline and lemma in ("say", "warn", "insist"):
        line_end = sent_of(verb).end
        start = verb.i + 1
        if start < line_end:
            return _split(doc, start, line_end, verb)
    return []


def _fronted_content(verb: Token) -> Token | None:
    """'The gaps concern "mechanisms, not principles", the adviser told reporters': the parser read
    the fronted content as a first subject; the real subject is the one after the comma."""
    subjects = [c for c in verb.children if c.dep_ == "nsubj" and c.i < verb.i]
    if len(subjects) < 2:
        return None
    first, last = subjects[0], subjects[-1]
    between = verb.doc[max(t.i for t in first.subtree) + 1 : last.i]
    return first if any(t.text == "," for t in between) else None


def _addressee(token: Token) -> bool:
    """'told reporters', 'warned India', 'told the Knesset': the person or body spoken to."""
    return token.lemma_.lower() in ADDRESSEES or token.lower_ in ADDRESSEES or token.ent_type_ in ("PERSON", "ORG", "GPE", "NORP") or token.pos_ in ("PRON", "PROPN")


def _right_edge(verb: Token, child: Token) -> int:
    end = max(t.i for t in child.subtree) + 1
    return min(end, sent_of(verb).end)


def _split(doc: Doc, start: int, end: int, verb: Token) -> list[tuple[int, int]]:
    """Cut the content at participle cues and `according to`; two `that`-clauses are two statements."""
    for i in range(start + 1, end):
        token = doc[i]
        if token.text in ("-", "—", "–", "--") and token.whitespace_ and doc[i - 1].whitespace_ and not _inside_quotes(doc, sent_of(verb).start, i):
            end = i  # '... the root causes" - language the Kremlin has long used': the writer's aside
            break
        if (token.lower_ in CLAUSE_END_CUES and token.dep_ in ("advcl", "conj", "xcomp") and token.head.i != verb.i - 0 and i > start + 2) or (
            token.lower_ == "according" and i + 1 < end and doc[i + 1].lower_ == "to"
        ):
            end = i
            break
        if token.lemma_ in CUE_VERBS and token.dep_ == "conj" and (token.head.i == verb.i or _own_subject(token) is None):
            end = i
            break
        if token.lower_ == "and" and _named_clause_after(doc, i, sent_of(verb).end):
            end = i  # "offered talks in May and President Y vowed ...": Y's own clause
            break
        if token.lemma_ in CUE_VERBS and token.dep_ == "advcl" and _own_subject(token) is not None:
            marks = [c for c in token.children if c.dep_ == "mark"]
            if marks and marks[0].lower_ in ("while", "whereas", "but") and marks[0].i > start:
                end = marks[0].i  # "..., while Friedrich Merz said ...": someone else's statement
                break
    pieces = []
    cut = start
    for i in range(start + 1, end - 1):
        token = doc[i]
        if token.lower_ in ("that", "whether") and token.dep_ in ("mark", "nsubj", "dobj") and doc[i - 1].lower_ in ("and", "but") and i - 1 > cut and not _inside_quotes(doc, sent_of(verb).start, i):
            pieces.append((cut, i - 1))
            cut = i
    pieces.append((cut, end))
    spans = []
    for a, b in pieces:
        trimmed = _trim(doc[a:b])
        if trimmed is not None:
            spans.append((trimmed.start_char, trimmed.end_char))
    return spans


def _named_clause_after(doc: Doc, i: int, end: int) -> bool:
    """Does 'and' at i open a clause of its own: a run of proper nouns, then a finite verb?"""
    j = i + 1
    while j < end and doc[j].pos_ == "PROPN":
        j += 1
    return j > i + 1 and j < end and doc[j].tag_ in ("VBD", "VBZ") and doc[j].pos_ == "VERB"


def _inside_quotes(doc: Doc, start: int, i: int) -> bool:
    """Is token i inside quote marks opened after token start (same sentence)?"""
    marks = [t.text for t in doc[start:i] if t.text in ('"', "“", "”")]
    return (marks.count("“") - marks.count("”")) > 0 or marks.count('"') % 2 == 1


def _trim(span: Span) -> Span | None:
    """Drop a leading 'that'/'whether' and commas, trailing punctuation; too short -> None."""
    start, end = span.start, span.end
    doc = span.doc
    while start < end and (doc[start].is_punct and doc[start].text not in ('"', "“", "'", "‘") or doc[start].is_space or doc[start].lower_ in ("that", "whether") and doc[start].dep_ in ("mark", "nsubj", "dobj")):
        start += 1
    while end > start and (doc[end - 1].is_space or doc[end - 1].is_punct and doc[end - 1].text not in ('"', "”", "'", "’", ")")):
        end -= 1
    while end > start and doc[end - 1].lower_ in ("and", "but", "or"):
        end -= 1
        while end > start and doc[end - 1].is_punct:
            end -= 1
    if end - start < 2 or (end - start < 3 and not any(t.pos_ in ("VERB", "NOUN", "PROPN") for t in doc[start:end])):
        return None
    marks = sum(t.text in ('"', "“", "”") for t in doc[start:end])
    if marks % 2 and end < len(doc):
        # a partial quote that closes after the clause: 'Trump was "clearly touched by it."'
        if doc[end].text in ('"', "”"):
            end += 1
        elif doc[end].text in (".", ",", "!", "?") and end + 1 < len(doc) and doc[end + 1].text in ('"', "”"):
            end += 2
    return doc[start:end]
