"""Source 2, direct quotes: credited by a dash line after them (`— Name, role`), by a
reporting clause after them (`"...," he said` / `said X, a fellow at Z`) or before them (`X said:`,
`X puts it bluntly:`), or by the sentence just before a quote that opens a sentence; and block
quotes that a line ending in a colon introduces."""

from __future__ import annotations

import re

from spacy.tokens import Token

from stance.attribution.claims import Claim
from stance.attribution.grammar import issuer, ownerless_statement, subject_of
from stance.attribution.layout import Line
from stance.attribution.quotes import Quote, quote_end
from stance.attribution.run import Run
from stance.attribution.sentences import sent_of, sentences
from stance.attribution.speakers import FIRST_SECOND, PRONOUN_GENDER
from stance.attribution.vocabulary import CUE_VERBS, STATEMENT_NOUNS


def credits(run: Run) -> list[Claim]:
    """Quotes credited by a dash line after them (`— Name, role`); the credited quotes are marked on the run."""
    claims = []
    for credit in run.layout.credits:
        line = run.layout.line_at(credit.quote_end)
        if line is None:
            continue
        candidates = [q for q in run.quotes if q.close_mark < credit.start and q.close_mark >= line.start]
        if not candidates:
            continue
        quote = candidates[-1]
        run.credited.add(quote.open_mark)
        name = run.resolver.resolve_label(credit.name)
        if name is not None:
            run.resolver.ensure_actor(name, "person", credit.role)
            claims.append(
                Claim(
                    quote.start,
                    quote_end(run.text, quote),
                    "direct",
                    "credit",
                    credit.start,
                    label=name,
                    context=credit.role,
                )
            )
    return claims


def direct_quotes(run: Run) -> list[Claim]:
    """Every other quote: by its reporting clause after it, before it, or the sentence before it."""
    claims: list[Claim] = []
    index = 0
    quotes = run.quotes
    while index < len(quotes):
        quote = quotes[index]
        index += 1
        if quote.open_mark in run.credited or run.blocked(quote.open_mark):
            continue
        if run.layout.is_headline(quote.open_mark) and _label_before(run, quote):
            continue  # "Rubio: "..."": a headline label, handled there
        end = quote_end(run.text, quote)
        after = _clause_after(run, quote, quotes[index] if index < len(quotes) else None)
        if after is not None:
            verb, subject, clause_end = after
            nxt = quotes[index] if index < len(quotes) else None
            if (
                nxt is not None
                and nxt.open_mark >= clause_end
                and re.fullmatch(r"[\s,.;:—–-]*", run.text[clause_end : nxt.open_mark])
                and "\n\n" not in run.text[quote.close_mark : nxt.open_mark]
            ):
                end = quote_end(run.text, nxt)  # a split quote: "A," he said. "B."
                index += 1
            claims.append(
                Claim(
                    quote.start,
                    end,
                    "direct",
                    "after",
                    subject.idx,
                    token=subject,
                    cue=verb.lemma_,
                    cue_at=verb.idx,
                    exclude=(quote.open_mark, quote.close_mark),
                    channel=run.channel(verb),
                    fallback_previous=ownerless_statement(subject),
                )
            )
            continue
        before = _clause_before(run, quote)
        if before is not None:
            claims.append(before)
            continue
        initial = _sentence_before(run, quote)
        if initial is not None:
            claims.append(initial)
    return claims


def _label_before(run: Run, quote: Quote) -> bool:
    line = run.layout.line_at(quote.open_mark)
    head = run.text[line.start : quote.open_mark] if line else ""
    head = re.split(r";", head)[-1]
    return bool(re.fullmatch(r"\s*(?:[-–—•*]|>>|\d{1,2}[.)])?\s*[^:\"“]{1,60}:\s*", head))


def _clause_after(run: Run, quote: Quote, nxt: Quote | None) -> tuple[Token, Token, int] | None:
    """`"...," he said` / `"...," said X, a fellow at Z`: the reporting verb, its subject, and where the clause ends."""
    found = _words_after(run, quote, nxt)
    if found is None:
        return None
    clause, clause_end = found
    said = _cue_and_speaker(clause)
    return (said[0], said[1], clause_end) if said is not None else None


def _words_after(run: Run, quote: Quote, nxt: Quote | None) -> tuple[list[Token], int] | None:
    """The words after a quote up to the end of their clause (and that end), when they can credit it."""
    start = quote.close_mark + 1
    line_end = run.text.find("\n", start)
    limit = min(
        x for x in (nxt.open_mark if nxt else len(run.text), line_end if line_end >= 0 else len(run.text), start + 300)
    )
    if not re.match(r"[ \t]*[,—–-]?[ \t]*\S", run.text[start:limit]):
        return None
    span = run.doc.char_span(start, limit, alignment_mode="expand")
    if span is None or not len(span):
        return None
    tokens = [t for t in span if t.idx >= start]
    first = next((t for t in tokens if not t.is_punct and not t.is_space), None)
    if (
        first is None
        or first.pos_ in ("SCONJ", "CCONJ", "ADP")
        or first.lower_ in ("while", "as", "when", "which", "who", "where")
    ):
        return None
    if not _opens_sentence(run, quote) and not re.search(r"[:,]\s*$", run.text[: quote.open_mark]):
        return None  # a partial quote inside a sentence ('would "stand with Ukraine"')
    clause = []
    for token in tokens:
        if token.text in (".", "!", "?", ";") or token.text in ('"', "“", "”"):
            break
        clause.append(token)
    if not clause:
        return None
    clause_end = clause[-1].idx + len(clause[-1].text)
    if clause[-1].i + 1 < len(run.doc) and run.doc[clause[-1].i + 1].text in (".", "!", "?", ";"):
        clause_end += 1
    return clause, clause_end


_SAID = ("said", "says", "told", "added", "wrote")


def _cue_and_speaker(clause: list[Token]) -> tuple[Token, Token] | None:
    """The first verb of saying in a clause after a quote, and the word that names its speaker."""
    indices = {t.i for t in clause}
    for position, token in enumerate(clause[:16]):
        if token.lemma_ not in CUE_VERBS and token.lower_ not in _SAID:
            continue
        if token.pos_ not in ("VERB", "AUX") and token.lower_ not in _SAID:
            continue
        subject = subject_of(token)
        if subject is not None and subject.i in indices:
            return None if subject.lower_ in FIRST_SECOND else (token, subject)
        follower = _noun_after(clause, position, token, indices)
        if follower is not None:
            return token, follower
        if subject is None and position > 0:
            # spaCy sometimes loses the subject of the clause ("the paramilitary group said")
            for candidate in reversed(clause[:position]):
                if candidate.pos_ in ("PROPN", "NOUN", "PRON"):
                    return token, candidate
        return None
    return None


def _noun_after(clause: list[Token], position: int, verb: Token, indices: set[int]) -> Token | None:
    """`said X, a fellow at Z`: the noun (or pronoun) right after the verb, as the head of its phrase."""
    for follower in clause[position + 1 :]:
        if follower.pos_ in ("PROPN", "NOUN") or follower.lower_ in PRONOUN_GENDER or follower.lower_ in ("it", "they"):
            head = follower
            while (
                head.head.i in indices
                and head.head.i > verb.i
                and head.head.pos_ in ("PROPN", "NOUN")
                and head.dep_ in ("compound", "amod", "det", "poss")
            ):
                head = head.head
            return head
        if follower.pos_ in ("ADP", "ADV", "PUNCT", "SCONJ", "VERB"):
            break
    return None


def _opens_sentence(run: Run, quote: Quote) -> bool:
    before = run.text[max(0, quote.open_mark - 20) : quote.open_mark]
    if quote.open_mark <= 20 and not before.strip():
        return True
    return bool(re.search(r"(?:[.!?][\"”’')]?\s+|[.!?]|\n\s*)$", before))  # (pages that lose the space: 'X said."Next')


def _clause_before(run: Run, quote: Quote) -> Claim | None:
    """`X said: "..."`, `X puts it bluntly:`, `In his words:`, `X said, "..."`."""
    found = _words_before(run, quote)
    if found is None:
        return None
    mark, clause, colon = found
    end = quote_end(run.text, quote)
    if any(run.resolver.is_journalist(t) for t in clause):
        return Claim(
            quote.start, end, "direct", "before", clause[0].idx, label=""
        )  # a correspondent's dispatch: nobody
    claim = _cue_before(run, quote, end, clause, mark, colon)
    if claim is not None or not colon:
        return claim
    speaker = _colon_speaker(mark, clause)
    if speaker is not None:
        return _before(quote, end, speaker)
    claim = _before(quote, end, clause[0])
    claim.token = None
    claim.fallback_previous = True
    claim.source = "previous"
    return claim


def _words_before(run: Run, quote: Quote) -> tuple[Token, list[Token], bool] | None:
    """The colon or comma just before a quote, the words of its sentence before it, and whether it is a colon."""
    head_end = len(run.text[: quote.open_mark].rstrip())  # offset just past the last word before the quote
    if head_end == 0 or run.text[head_end - 1] not in ":,":
        return None
    colon = run.text[head_end - 1] == ":"
    if "\n\n" in run.text[head_end : quote.open_mark] and not colon:
        return None
    mark = run.token_at(head_end - 1)
    if mark is None:
        return None
    clause = [t for t in sent_of(mark) if t.i < mark.i and not t.is_space]
    if not clause or run.in_quote(clause[0].idx) and not colon:
        return None
    return mark, clause, colon


def _before(quote: Quote, end: int, token: Token, cue: str | None = None, cue_at: int | None = None) -> Claim:
    return Claim(
        quote.start,
        end,
        "direct",
        "before",
        token.idx,
        token=token,
        cue=cue,
        cue_at=cue_at,
        exclude=(quote.open_mark, quote.close_mark),
    )


def _cue_before(run: Run, quote: Quote, end: int, clause: list[Token], mark: Token, colon: bool) -> Claim | None:
    """`X said: "..."`: the last verb of saying before the mark (close to it before a comma) with a subject."""
    cues = [t for t in clause if t.lemma_ in CUE_VERBS and t.pos_ in ("VERB", "AUX")]
    if not colon:
        cues = [t for t in cues if mark.i - t.i <= 3]
    for verb in reversed(cues):
        subject = subject_of(verb)
        if subject is not None and subject.lower_ not in FIRST_SECOND and not run.in_quote(subject.idx):
            claim = _before(quote, end, subject, verb.lemma_, verb.idx)
            claim.channel = run.channel(verb)
            if subject.lemma_ in STATEMENT_NOUNS and not any(c.dep_ == "poss" for c in subject.children):
                claim.fallback_previous = True  # "A second post followed:": the same speaker again
            return claim
    return None


def _colon_speaker(mark: Token, clause: list[Token]) -> Token | None:
    """`X puts it bluntly:`, `In the words of X:`, `His post added:`: who a colon line with no verb of
    saying names; else a his/her in it."""
    root = sent_of(mark).root
    if root.i >= mark.i:
        # the parser ran the clause into the quote: take the clause's own top word
        tops = [t for t in clause if t.head.i >= mark.i or t.head.i == t.i]
        root = next((t for t in tops if t.pos_ in ("VERB", "AUX")), tops[0] if tops else root)
    if root.i < mark.i:
        subject = subject_of(root) if root.pos_ in ("VERB", "AUX") else root
        if subject is not None and subject.pos_ == "ADP":
            subject = next((c for c in subject.children if c.dep_ == "pobj"), None)  # "In the words of X:"
        if subject is not None and subject.lower_ not in FIRST_SECOND:
            if subject.lemma_ not in STATEMENT_NOUNS:
                return subject
            owner = issuer(subject)
            if owner is not None:
                return owner  # "His post added:", "In the words of the Russian leader:"
    return next((token for token in clause if token.lower_ in ("his", "her")), None)


def _sentence_before(run: Run, quote: Quote) -> Claim | None:
    """A quote that opens a sentence with no clause of its own: the subject of the sentence before."""
    if not _opens_sentence(run, quote):
        return None
    end = quote_end(run.text, quote)
    previous = None
    for sent in sentences(run.doc):
        if sent.end_char > quote.open_mark:
            break
        if sent.text.strip() and not all(t.is_space or t.is_punct for t in sent):
            previous = sent
    if (
        previous is None
        or run.text[previous.end_char : quote.open_mark].count("\n\n") > 1
        or run.in_quote(previous.start_char)
    ):
        claim = Claim(quote.start, end, "direct", "previous", quote.open_mark, fallback_previous=True)
        return claim
    root = previous.root
    subject = subject_of(root) if root.pos_ in ("VERB", "AUX") else (root if root.pos_ in ("PROPN", "NOUN") else None)
    if subject is not None and subject.lower_ not in FIRST_SECOND and not run.layout.is_headline(previous.start_char):
        return Claim(
            quote.start,
            end,
            "direct",
            "initial",
            subject.idx,
            token=subject,
            exclude=(quote.open_mark, quote.close_mark),
            fallback_previous=True,
        )
    return Claim(quote.start, end, "direct", "previous", quote.open_mark, fallback_previous=True)


def block_quotes(run: Run) -> list[Claim]:
    """`Dmitry Peskov, speaking to state TV:` and then a line in no quote marks.

    Live blogs set quotes apart as indented blocks, and pasted text keeps the words but loses
    the indentation. Only a line that ends with a colon and names its speaker counts (never
    the speaker before, as for quotes), and only when the next line is a whole sentence.
    """
    claims = []
    lines = [line for line in run.layout.lines if not line.blank]
    for line, block in zip(lines, lines[1:]):
        if not _introduces_block(run, line, block):
            continue
        claim = _clause_before(run, Quote(block.start, block.end, block.start, block.end))
        if claim is not None and claim.source == "before" and claim.token is not None:
            claims.append(claim)
    return claims


def _introduces_block(run: Run, line: Line, block: Line) -> bool:
    """A line ending with a colon, then (past at most one blank line) an unquoted sentence."""
    if not line.text.endswith(":") or run.text[line.end : block.start].count("\n") > 2:
        return False
    if any(turn.label_start <= offset < turn.end for turn in run.layout.turns for offset in (line.start, block.start)):
        return False  # transcripts have their own turns
    if line.start in run.boilerplate or block.start in run.boilerplate:
        return False
    if block.text[:1] in "\"“‘'" or block.text.endswith(":") or re.match(r"(?:[-–—•*>]|\d{1,2}[.)])\s", block.text):
        return False
    if run.resolver.is_place(line.text.rstrip(":")):
        return False  # "Moscow:" over a paragraph: a dateline, not a speaker
    return bool(re.search(r"[.!?…][\"”’')]?$", block.text)) and len(block.text.split()) >= 4
