"""What was said: the token span(s) of a reporting verb's content, for every frame the verbs
take (that-clauses, infinitives, objects, prepositional objects, parentheticals, fronted content),
cut at participle cues, `according to` and other speakers' clauses."""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from stance.attribution.grammar import is_addressee, own_subject, subtree_end, subtree_start
from stance.attribution.sentences import sent_of
from stance.attribution.vocabulary import (
    CLAIM_NOUNS,
    CLAUSE_END_CUES,
    CLAUSE_VERBS,
    CUE_VERBS,
    EMPTY_OBJECTS,
    INFINITIVE_VERBS,
    OBJECT_VERBS,
    PREP_VERBS,
    SPEECH_VERBS,
)

Spans = list[tuple[int, int]]


@dataclass
class _Frame:
    """A reporting verb and the parts of its frame that several of the patterns below read."""

    verb: Token
    headline: bool
    clauses: list[Token]  # its clauses (see _clauses)
    objects: list[Token]  # its direct objects after it, other than the one spoken to


def stated_content(verb: Token, headline: bool = False) -> Spans:
    """The stated content: the that-clause(s), or for position verbs what follows the verb.

    The patterns are tried in order and the first that fits gives the spans (it may give none);
    `headline`: the verb is in a headline, where a verb of saying takes the rest of the line.
    """
    objects = [c for c in verb.children if c.dep_ == "dobj" and verb.i < c.i and not is_addressee(c)]
    frame = _Frame(verb, headline, _clauses(verb), objects)
    for pattern in _PATTERNS:
        spans = pattern(frame)
        if spans is not None:
            return spans
    return []


def _clauses(verb: Token) -> list[Token]:
    """The verb's clauses after it; failing those, a clause before it set off by a comma, quote mark
    or dash ("..., White House says" / "X knows that ..., said Tatiana Stanovaya")."""
    after = [c for c in verb.children if c.dep_ in ("ccomp", "parataxis") and c.i > verb.i]
    if after:
        return after
    doc = verb.doc
    return [
        c
        for c in verb.children
        if c.dep_ in ("ccomp", "parataxis")
        and c.i < verb.i
        and any(t.text in (",", '"', "”", "-", "–", "—") for t in doc[subtree_end(c) - 1 : verb.i])
    ]


def _infinitive(frame: _Frame) -> Spans | None:
    """'vowed to stay at the table', 'urged Kyiv to accept': the infinitive, from its object if any."""
    verb = frame.verb
    if verb.lemma_ not in INFINITIVE_VERBS:
        return None
    xcomp = [c for c in verb.children if c.dep_ == "xcomp" and c.i > verb.i]
    if not xcomp:
        return None
    objects = [c for c in verb.children if c.dep_ in ("dobj", "dative") and c.i > verb.i]
    start = subtree_start(objects[0] if objects else xcomp[0])
    return split_content(verb.doc, start, _right_edge(verb, xcomp[0]), verb)


def _parenthetical(frame: _Frame) -> Spans | None:
    """A reporting clause set into the content, or trailing it, with nothing said after the verb."""
    verb = frame.verb
    if verb.dep_ != "parataxis" or any(c.dep_ in ("ccomp", "dobj") for c in verb.children):
        return None
    head = verb.head
    if head.i > verb.i:
        # "Any truce, he said, must lead to ...": the sentence around a parenthetical reporting clause
        return split_content(verb.doc, subtree_start(head), subtree_end(head), verb)
    # "Serbia and Kosovo agreed to ..., the bloc's foreign policy chief said": the clause before
    return split_content(verb.doc, subtree_start(head), subtree_start(verb), verb)


def _fronted(frame: _Frame) -> Spans | None:
    """Content the parser read as a first subject (see _fronted_content)."""
    fronted = _fronted_content(frame.verb) if not frame.clauses else None
    if fronted is None:
        return None
    return split_content(frame.verb.doc, subtree_start(fronted), subtree_end(fronted), frame.verb)


def _that_clauses(frame: _Frame) -> Spans | None:
    """'said that A, and that B': each clause (conjoined that-clauses too), cut into statements."""
    verb, clauses, objects = frame.verb, frame.clauses, frame.objects
    if (
        clauses
        and objects
        and verb.lemma_ in OBJECT_VERBS
        and all(c.i > objects[0].i and not any(m.dep_ == "mark" for m in c.children) for c in clauses)
    ):
        return None  # "announced an investigation into abuses, a step few took seriously": the object is the stance
    if not clauses or verb.lemma_ == "call":
        return None
    clauses = clauses + [
        c
        for c in verb.children
        if c.dep_ == "conj" and c.i > verb.i and any(m.lower_ == "that" and m.dep_ == "mark" for m in c.children)
    ]
    spans = []
    for start, end in _clause_ranges(verb, clauses):
        spans += split_content(verb.doc, start, end, verb)
    return spans


def _clause_ranges(verb: Token, clauses: list[Token]) -> list[list[int]]:
    """The token ranges of the clauses, in order; a clause without a subject or mark of its own
    extends the one before."""
    doc = verb.doc
    ranges: list[list[int]] = []
    for clause in sorted(clauses, key=lambda c: c.i):
        start = subtree_start(clause)
        end = subtree_end(clause)
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
    return ranges


def _prepositional(frame: _Frame) -> Spans | None:
    """'called for a ceasefire', 'pointed to ...', 'warned of ...': the object of the verb's preposition.

    A verb of these that takes no that-clause says nothing else."""
    verb = frame.verb
    lemma = verb.lemma_
    if lemma not in PREP_VERBS:
        return None
    for child in verb.children:
        if child.dep_ == "prep" and child.lower_ in PREP_VERBS[lemma] and child.i > verb.i:
            pobj = [c for c in child.children if c.dep_ in ("pobj", "pcomp")]
            if pobj:
                start = subtree_start(pobj[0])
                end = max(
                    _right_edge(verb, c)
                    for c in verb.children
                    if c.i >= child.i
                    and (c.i == child.i or c.dep_ in ("xcomp", "oprd") or c.dep_ == "prep" and c.lower_ == "as")
                )
                return split_content(verb.doc, start, end, verb)
    return None if lemma in CLAUSE_VERBS else []


def _object(frame: _Frame) -> Spans | None:
    """'dismissed the plan as a stunt', 'has backed the proposal': what follows a verb of position."""
    verb = frame.verb
    if verb.lemma_ not in OBJECT_VERBS:
        return None
    rights = [
        c for c in verb.children if c.i > verb.i and c.dep_ in ("dobj", "xcomp", "ccomp", "oprd", "attr", "pcomp")
    ]
    if not rights:
        return None
    start = subtree_start(rights[0])
    end = max(_right_edge(verb, c) for c in rights)
    for child in verb.children:
        if (
            child.dep_ == "prep"
            and child.i > verb.i
            and (child.lower_ in ("as", "of", "for", "on") or child.lower_ == "to" and verb.lemma_ == "attribute")
        ):
            end = max(end, _right_edge(verb, child))
    return split_content(verb.doc, start, end, verb)


def _claim_noun(frame: _Frame) -> Spans | None:
    """'repeated his claim that ...': the clause of a noun of saying."""
    verb = frame.verb
    for child in verb.children:
        if child.dep_ == "dobj" and child.lemma_ in CLAIM_NOUNS:
            for grand in child.children:
                if grand.dep_ in ("acl", "ccomp", "relcl") and any(
                    t.lower_ == "that" and t.dep_ == "mark" for t in grand.children
                ):
                    return split_content(verb.doc, subtree_start(grand), subtree_end(grand), verb)
    return None


def _object_clause(frame: _Frame) -> Spans | None:
    """'said the Rapid Support Forces bore responsibility ...': a clause the parser read as an object."""
    verb, objects = frame.verb, frame.objects
    if (
        verb.lemma_ not in CLAUSE_VERBS
        or not objects
        or objects[0].lemma_ in CLAIM_NOUNS
        or objects[0].lower_ in EMPTY_OBJECTS
    ):
        return None
    end = subtree_end(verb)
    if verb.lemma_ == "tell" and not any(t.pos_ in ("VERB", "AUX") for t in verb.doc[objects[0].i : end]):
        return None  # "went on to tell the forum": whom, not what
    return split_content(verb.doc, subtree_start(objects[0]), end, verb)


def _hung_that_clause(frame: _Frame) -> Spans | None:
    """'told reporters after the session that ...': a that-clause the parser hung on an adjunct."""
    verb = frame.verb
    if verb.lemma_ not in SPEECH_VERBS:
        return None
    end = subtree_end(verb)
    for token in verb.doc[verb.i + 1 : end]:
        if token.pos_ in ("VERB",) and token.dep_ not in ("acl", "relcl", "ccomp"):
            return None
        if (
            token.lower_ == "that"
            and token.dep_ in ("mark", "advmod")
            and token.head.dep_ in ("acl", "relcl", "advcl", "ccomp")
            and token.head.i > token.i
        ):
            return split_content(verb.doc, token.i, end, verb)
    return None


def _headline_rest(frame: _Frame) -> Spans | None:
    """'Mediator says both sides will return to Geneva': in a headline, the rest of the line."""
    verb = frame.verb
    if not frame.headline or verb.lemma_ not in ("say", "warn", "insist"):
        return None
    line_end = sent_of(verb).end
    start = verb.i + 1
    return split_content(verb.doc, start, line_end, verb) if start < line_end else None


_PATTERNS = (
    _infinitive,
    _parenthetical,
    _fronted,
    _that_clauses,
    _prepositional,
    _object,
    _claim_noun,
    _object_clause,
    _hung_that_clause,
    _headline_rest,
)


def _fronted_content(verb: Token) -> Token | None:
    """'The gaps concern "mechanisms, not principles", the adviser told reporters': the parser read
    the fronted content as a first subject; the real subject is the one after the comma."""
    subjects = [c for c in verb.children if c.dep_ == "nsubj" and c.i < verb.i]
    if len(subjects) < 2:
        return None
    first, last = subjects[0], subjects[-1]
    between = verb.doc[subtree_end(first) : last.i]
    return first if any(t.text == "," for t in between) else None


def _right_edge(verb: Token, child: Token) -> int:
    end = subtree_end(child)
    return min(end, sent_of(verb).end)


def split_content(doc: Doc, start: int, end: int, verb: Token) -> list[tuple[int, int]]:
    """Cut the content at participle cues and `according to`; two `that`-clauses are two statements."""
    for i in range(start + 1, end):
        token = doc[i]
        if (
            token.text in ("-", "—", "–", "--")
            and token.whitespace_
            and doc[i - 1].whitespace_
            and not _inside_quotes(doc, sent_of(verb).start, i)
        ):
            end = i  # '... the root causes" - language the Kremlin has long used': the writer's aside
            break
        if (
            token.lower_ in CLAUSE_END_CUES
            and token.dep_ in ("advcl", "conj", "xcomp")
            and token.head.i != verb.i - 0
            and i > start + 2
        ) or (token.lower_ == "according" and i + 1 < end and doc[i + 1].lower_ == "to"):
            end = i
            break
        if (
            token.lemma_ in CUE_VERBS
            and token.dep_ == "conj"
            and (token.head.i == verb.i or own_subject(token) is None)
        ):
            end = i
            break
        if token.lower_ == "and" and _named_clause_after(doc, i, sent_of(verb).end):
            end = i  # "offered talks in May and President Y vowed ...": Y's own clause
            break
        if token.lemma_ in CUE_VERBS and token.dep_ == "advcl" and own_subject(token) is not None:
            marks = [c for c in token.children if c.dep_ == "mark"]
            if marks and marks[0].lower_ in ("while", "whereas", "but") and marks[0].i > start:
                end = marks[0].i  # "..., while Friedrich Merz said ...": someone else's statement
                break
    pieces = []
    cut = start
    for i in range(start + 1, end - 1):
        token = doc[i]
        if (
            token.lower_ in ("that", "whether")
            and token.dep_ in ("mark", "nsubj", "dobj")
            and doc[i - 1].lower_ in ("and", "but")
            and i - 1 > cut
            and not _inside_quotes(doc, sent_of(verb).start, i)
        ):
            pieces.append((cut, i - 1))
            cut = i
    pieces.append((cut, end))
    spans = []
    for a, b in pieces:
        trimmed = trim_span(doc[a:b])
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


def trim_span(span: Span) -> Span | None:
    """Drop a leading 'that'/'whether' and commas, trailing punctuation; too short -> None."""
    start, end = span.start, span.end
    doc = span.doc
    while start < end and (
        doc[start].is_punct
        and doc[start].text not in ('"', "“", "'", "‘")
        or doc[start].is_space
        or doc[start].lower_ in ("that", "whether")
        and doc[start].dep_ in ("mark", "nsubj", "dobj")
    ):
        start += 1
    while end > start and (
        doc[end - 1].is_space or doc[end - 1].is_punct and doc[end - 1].text not in ('"', "”", "'", "’", ")")
    ):
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
