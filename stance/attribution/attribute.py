"""Who said what: direct quotes, reported speech and positions, each pinned on one actor.

Three passes over one spaCy parse of the article:
1. direct quotes with a reporting clause beside them ("...," he said / X said: "...");
2. reported speech and positions from the dependency tree (X said that ..., according to X,
   X warned ..., X dismissed ...), skipping what pass 1 already holds;
3. quotes with no clause of their own continue the speaker before them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from stance.attribution.quotes import Quote, find_quotes
from stance.attribution.registry import Registry
from stance.attribution.speakers import SpeakerResolver, is_anonymous
from stance.records import Actor, Statement

SPEECH_VERBS = {
    "say", "tell", "add", "state", "declare", "announce", "stress", "note", "claim", "argue", "explain",
    "write", "post", "reply", "respond", "answer", "remark", "comment", "observe", "tweet", "acknowledge",
    "admit", "assert", "emphasize", "emphasise", "reiterate", "repeat", "confirm", "predict", "suggest",
    "signal", "indicate", "concede", "complain", "caution", "conclude", "recall", "vow", "pledge", "promise",
    "urge", "demand", "call", "propose", "report", "describe", "brief", "mention", "continue", "quip", "joke",
    "ask", "counter", "retort", "protest", "contend", "maintain", "underline", "underscore", "hint",
}
POSITION_VERBS = {"insist", "warn", "dismiss", "reject", "point", "accuse", "threaten", "welcome", "praise", "condemn", "deny", "rule", "vow", "refuse", "criticise", "criticize", "blame", "hail", "slam", "decry", "brush"}
CUE_VERBS = SPEECH_VERBS | POSITION_VERBS
_FIRST_SECOND = {"i", "we", "you", "me", "us"}
# Position verbs that need a clause or an object phrase to carry a stance.
_CLAUSE_ONLY = {"praise", "welcome", "hail", "pledge", "promise", "vow", "describe", "signal", "call"}


@dataclass
class _Found:
    speaker: str
    start: int
    end: int
    kind: str
    cue: str | None
    confidence: float


class Attributor:
    """Finds statements and their speakers in article text. One per process: the spaCy model is heavy."""

    def __init__(self, nlp: Language, registry: Registry):
        self.nlp = nlp
        self.registry = registry

    def attribute(self, text: str) -> tuple[list[Statement], dict[str, Actor]]:
        doc = self.nlp(text)
        resolver = SpeakerResolver(self.registry)
        resolver.remember_people(doc)
        quotes = [q for q in find_quotes(text) if q.is_statement(text)]
        found = self._direct_quotes(doc, quotes, resolver)
        found += self._transcript_lines(doc, resolver, found)
        found += self._reported(doc, resolver, found, quotes)
        found += self._continued_quotes(doc, quotes, found)
        found.sort(key=lambda f: f.start)
        statements = [self._statement(doc, f) for f in found]
        actors = {s.speaker: self._actor(s.speaker, resolver) for s in statements}
        return statements, actors

    # ----- pass 1 --------------------------------------------------------------------------
    def _direct_quotes(self, doc: Doc, quotes: list[Quote], resolver: SpeakerResolver) -> list[_Found]:
        text = doc.text
        found: list[_Found] = []
        index = 0
        while index < len(quotes):
            quote = quotes[index]
            after = self._clause_after(doc, quote, quotes[index + 1] if index + 1 < len(quotes) else None)
            speaker_cue = None
            end = quote.end
            if after:
                speaker_cue = self._speaker_in_clause(after, resolver, quote)
                # A split quote: "We will not," he said, "give up."
                nxt = quotes[index + 1] if index + 1 < len(quotes) else None
                if speaker_cue and nxt and re.fullmatch(r"\s*,?\s*", text[after.end_char : nxt.open_mark]) and "\n\n" not in text[quote.close_mark : nxt.open_mark]:
                    end = nxt.end
                    index += 1
            if speaker_cue is None:
                before = self._clause_before(doc, quote)
                if before is not None:
                    speaker_cue = self._speaker_in_clause(before, resolver, quote, colon=text[: quote.open_mark].rstrip().endswith(":"))
            if speaker_cue:
                speaker, cue = speaker_cue
                found.append(_Found(speaker, quote.start, end, "direct", cue, 0.9))
                resolver.note_speaker(speaker, quote.start)
            index += 1
        return found

    def _clause_after(self, doc: Doc, quote: Quote, nxt: Quote | None) -> Span | None:
        """The words between a closing quote and the sentence end or the next quote."""
        text = doc.text
        start = quote.close_mark + 1
        limit = nxt.open_mark if nxt else len(text)
        stop = re.search(r"[.!?;:]\s|\n|$", text[start:limit])
        end = start + (stop.start() if stop else 0)
        if end - start < 3 or end - start > 220:
            return None
        return doc.char_span(start, end, alignment_mode="expand")

    def _clause_before(self, doc: Doc, quote: Quote) -> Span | None:
        """`X said: "...` or `X said, "...`: the clause just before an opening quote."""
        text = doc.text
        head = text[: quote.open_mark].rstrip()
        if not head.endswith((":", ",")):
            return None
        cut = max(head.rfind(". "), head.rfind("\n"), head.rfind('" '), head.rfind("” "), head.rfind("? "))
        start = cut + 1 if cut >= 0 else 0
        if len(head) - start > 300:
            start = len(head) - 300
        return doc.char_span(start, len(head), alignment_mode="expand")

    def _speaker_in_clause(
        self, clause: Span, resolver: SpeakerResolver, quote: Quote, colon: bool = False
    ) -> tuple[str, str | None] | None:
        exclude = (quote.open_mark, quote.close_mark)
        dash = re.match(r"^\s*(—|–|--)\s*", clause.text)
        for token in clause:
            if token.lemma_ in CUE_VERBS and token.pos_ in ("VERB", "AUX"):
                subject = _subject(token)
                if subject is not None and clause.start <= subject.i < clause.end and not is_anonymous(subject) and subject.lower_ not in _FIRST_SECOND:
                    speaker = resolver.resolve_token(subject, subject.idx, exclude) or self._body_pronoun(subject, resolver)
                    if speaker:
                        return speaker, token.lemma_
                # "said X, a senior fellow at Z": the subject follows the verb inside the clause.
                for follower in clause.doc[token.i + 1 : clause.end]:
                    if follower.ent_type_ == "PERSON" or follower.pos_ in ("PROPN",):
                        speaker = resolver.resolve_token(follower, follower.idx, exclude)
                        if speaker:
                            return speaker, token.lemma_
                        break
                    if follower.pos_ in ("PRON",) and follower.lower_ in ("he", "she"):
                        speaker = resolver.resolve_pronoun(follower.lower_, follower.idx, exclude)
                        if speaker:
                            return speaker, token.lemma_
                        break
                    if follower.pos_ == "NOUN" and not is_anonymous(follower):
                        speaker = resolver.resolve_token(follower, follower.idx, exclude)
                        if speaker:
                            return speaker, token.lemma_
        if colon:
            # "Trump brushed the offer aside: "..."": the subject of the clause's main verb.
            root = clause[-1].sent.root
            subject = _subject(root)
            if subject is not None and not is_anonymous(subject) and subject.lower_ not in _FIRST_SECOND:
                speaker = resolver.resolve_token(subject, subject.idx, exclude)
                if speaker:
                    return speaker, None
        if dash:
            # "— Name" after a quote.
            for token in clause:
                if token.pos_ == "PROPN":
                    speaker = resolver.resolve_token(token, token.idx, exclude)
                    if speaker:
                        return speaker, None
        return None

    @staticmethod
    def _body_pronoun(subject: Token, resolver: SpeakerResolver) -> str | None:
        """'it'/'they' as a speaker: the last government or organisation that spoke."""
        return resolver.last_body if subject.lower_ in ("it", "they") else None

    # ----- transcripts ------------------------------------------------------------------------
    def _transcript_lines(self, doc: Doc, resolver: SpeakerResolver, found: list[_Found]) -> list[_Found]:
        """Briefing transcripts and live blogs: `ZAKHAROVA: We have never refused ...`."""
        results = []
        for match in re.finditer(r"(?m)^([A-Z][A-Za-z.'’ -]{1,40}|[A-Z .'’-]{3,40}):\s+(\S.*)$", doc.text):
            label = match.group(1).strip()
            if label.upper() in ("Q", "QUESTION", "UPDATE", "NOTE", "EDITOR'S NOTE", "CORRECTION", "WATCH", "READ MORE", "RELATED"):
                continue
            start, end = match.start(2), match.end(2)
            if any(f.start < end and start < f.end for f in found):
                continue
            speaker = self.registry.lookup(label) or resolver.person_name(label.title() if label.isupper() else label)
            if speaker is None:
                continue
            speaker = resolver.ensure_actor(speaker, "person")
            content = doc.text[start:end].strip().strip('"“”')
            if len(content.split()) < 4:
                continue
            results.append(_Found(speaker, start, end, "direct", None, 0.8))
            resolver.note_speaker(speaker, start)
        return results

    # ----- pass 2 -------------------------------------------------------------------------------
    def _reported(self, doc: Doc, resolver: SpeakerResolver, found: list[_Found], quotes: list[Quote]) -> list[_Found]:
        results: list[_Found] = []
        taken = list(found)
        inside_quotes = [(q.open_mark, q.close_mark) for q in quotes]
        for sent in doc.sents:
            for token in sent:
                if any(a <= token.idx < b for a, b in inside_quotes):
                    continue
                item = self._according_to(token, resolver) or self._reported_from_verb(token, resolver)
                if item is None:
                    continue
                if any(f.start < item.end and item.start < f.end for f in taken):
                    continue
                results.append(item)
                taken.append(item)
                resolver.note_speaker(item.speaker, item.start)
        return results

    def _according_to(self, token: Token, resolver: SpeakerResolver) -> _Found | None:
        if token.lower_ != "according" or token.i + 1 >= len(token.doc) or token.nbor(1).lower_ != "to":
            return None
        objects = [t for t in token.nbor(1).children if t.dep_ == "pobj"]
        if not objects or is_anonymous(objects[0]):
            return None
        speaker = resolver.resolve_token(objects[0], objects[0].idx)
        if speaker is None:
            return None
        sent = token.sent
        source_end = max(t.i for t in objects[0].subtree) + 1
        if token.i == sent.start:
            content = token.doc[source_end:sent.end]
        else:
            content = token.doc[sent.start : token.i]
        content = _trim(content)
        if content is None:
            return None
        return _Found(speaker, content.start_char, content.end_char, "reported", "according to", 0.7)

    def _reported_from_verb(self, token: Token, resolver: SpeakerResolver) -> _Found | None:
        if token.lemma_ not in CUE_VERBS or token.pos_ not in ("VERB",):
            return None
        if token.dep_ in ("amod", "relcl", "acl") and token.tag_ == "VBN":
            return None
        if any(child.dep_ == "neg" for child in token.children):
            return None  # "he wouldn't say", "has not signalled": no position stated
        subject = _subject(token)
        if subject is None or is_anonymous(subject) or subject.lower_ in _FIRST_SECOND:
            return None
        content = _content(token)
        if content is None:
            return None
        speaker = resolver.resolve_token(subject, subject.idx) or self._body_pronoun(subject, resolver)
        if speaker is None:
            return None
        kind = "reported" if token.lemma_ in SPEECH_VERBS else "paraphrase"
        return _Found(speaker, content.start_char, content.end_char, kind, token.lemma_, 0.75 if kind == "reported" else 0.6)

    # ----- pass 3 ---------------------------------------------------------------------------------
    def _continued_quotes(self, doc: Doc, quotes: list[Quote], found: list[_Found]) -> list[_Found]:
        """A quote with no clause continues the speaker of the statement just before it."""
        results: list[_Found] = []
        text = doc.text
        for quote in quotes:
            if any(f.start <= quote.start < f.end or quote.start <= f.start < quote.end for f in found + results):
                continue
            earlier = [f for f in found + results if f.end <= quote.start]
            if not earlier:
                continue
            previous = max(earlier, key=lambda f: f.end)
            between = text[previous.end : quote.open_mark]
            if between.count("\n\n") > 1 or len(between) > 200:
                continue
            # Only a quote that stands alone: at a paragraph start or right after the previous statement.
            line_start = text.rfind("\n", 0, quote.open_mark) + 1
            if text[line_start : quote.open_mark].strip() and "\n\n" not in between and not re.fullmatch(r'[”"]?\s*,?\s*\w+ (said|added|says)\.?\s*', between.strip() + " ") and len(between.strip()) > 40:
                continue
            if not text[line_start : quote.open_mark].strip() or len(between.strip()) <= 40:
                results.append(_Found(previous.speaker, quote.start, quote.end, "direct", None, 0.7))
        return results

    # ----- records ---------------------------------------------------------------------------------
    def _statement(self, doc: Doc, found: _Found) -> Statement:
        """The classifier sees the content together with its reporting clause: the whole sentences."""
        text = doc.text
        start_span = doc.char_span(found.start, max(found.start + 1, found.end), alignment_mode="expand")
        if start_span is not None and len(start_span):
            first, last = start_span[0].sent, start_span[-1].sent
            context = text[first.start_char : last.end_char]
        else:
            context = text[found.start : found.end]
        quote = text[found.start : found.end].strip()
        return Statement(
            speaker=found.speaker,
            text=re.sub(r"\s+", " ", context).strip(),
            quote=re.sub(r"\s+", " ", quote),
            start=found.start,
            end=found.end,
            kind=found.kind,
            cue=found.cue,
            confidence=found.confidence,
        )

    def _actor(self, name: str, resolver: SpeakerResolver) -> Actor:
        if name not in self.registry.actors:
            resolver.ensure_actor(name, "person")  # a name first met as a mention, then as a speaker
        return self.registry.actors.get(name) or resolver.new_actors[name]


def _subject(verb: Token) -> Token | None:
    """The verb's subject, or for 'saying'/'adding' clauses the subject of the verb they hang on."""
    for child in verb.children:
        if child.dep_ in ("nsubj",):
            return child
    if verb.dep_ in ("advcl", "conj", "xcomp") and verb.tag_ in ("VBG", "VB", "VBD", "VBZ"):
        return _subject(verb.head) if verb.head is not verb else None
    return None


def _content(verb: Token) -> Span | None:
    """The stated content: a that-clause, or for position verbs what follows the verb."""
    doc = verb.doc
    for child in verb.children:
        if child.dep_ in ("ccomp", "parataxis") and child.i > verb.i:
            return _trim(doc[min(t.i for t in child.subtree) : max(t.i for t in child.subtree) + 1])
    for child in verb.children:
        if child.dep_ == "ccomp" and child.i < verb.i:
            return _trim(doc[min(t.i for t in child.subtree) : max(t.i for t in child.subtree) + 1])
    if verb.lemma_ in _CLAUSE_ONLY:
        return None
    if verb.lemma_ in POSITION_VERBS or verb.lemma_ in ("urge", "demand", "propose"):
        rights = [t for t in verb.rights if t.dep_ not in ("punct", "cc", "conj", "advmod", "npadvmod", "advcl")]
        if not rights:
            return None
        start = min(t.i for r in rights for t in r.subtree)
        end = min(max(t.i for r in rights for t in r.subtree) + 1, verb.sent.end)
        return _trim(doc[start:end])
    return None


def _trim(span: Span) -> Span | None:
    """Drop leading 'that'/commas and trailing punctuation; too short to be a position -> None."""
    start, end = span.start, span.end
    doc = span.doc
    while start < end and (doc[start].is_punct or doc[start].lower_ in ("that", "to") and doc[start].dep_ in ("mark", "aux")):
        start += 1
    while end > start and doc[end - 1].is_punct and doc[end - 1].text not in ('"', "”"):
        end -= 1
    if end - start < 3:
        return None
    return doc[start:end]
