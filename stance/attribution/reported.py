"""Sources 4 and 5, `according to` and reported speech and positions, read off the dependency tree: `X said that ...`,
`X warned ...`, `X dismissed A as B`, `X called for ...`, `As X told reporters, ...`, `According to X,
...`, a claim with its owner (`X's statement that ...`) and refusals (`X declined to comment`)."""

from __future__ import annotations

from spacy.tokens import Token

from stance.attribution.claims import Claim
from stance.attribution.content import split_content, stated_content, trim_span
from stance.attribution.grammar import (
    clause_before_participle,
    conjuncts,
    is_negated,
    is_passive,
    own_subject,
    ownerless_statement,
    subject_of,
    subtree_end,
    subtree_span,
    subtree_start,
)
from stance.attribution.quotes import find_quotes, find_single_quotes, quote_end
from stance.attribution.report_clauses import as_clause, inner_teller, trailing_report
from stance.attribution.run import Run
from stance.attribution.sentences import sent_of, tokens
from stance.attribution.speakers import FIRST_SECOND
from stance.attribution.vocabulary import (
    CLAIM_NOUNS,
    CUE_VERBS,
    MAIN_CLAUSE_VERBS,
    OBJECT_VERBS,
    PARTICIPLE_CUES,
    POSITION_VERBS,
    PREP_VERBS,
    REFUSED_SPEECH,
    REFUSING_VERBS,
)
from stance.records import StatementKind


def reported(run: Run) -> list[Claim]:
    """Claims from every cue outside quotes and answers: `according to`, refusals, owned claims, verbs of saying."""
    claims = []
    for token in tokens(run.doc):
        if run.in_quote(token.idx) or run.blocked(token.idx):
            continue
        if token.lower_ == "according" and token.i + 1 < len(run.doc) and run.doc[token.i + 1].lower_ == "to":
            claim = _according_to(run, token)
            if claim is not None:
                claims.append(claim)
            continue
        if token.lemma_ in REFUSING_VERBS and token.pos_ == "VERB":
            claims += _refusal(run, token)
            continue
        if token.pos_ == "NOUN" and token.lemma_ in CLAIM_NOUNS | {"statement", "assertion", "remark"}:
            claims += _owned_claim(run, token)
            continue
        if (
            token.lemma_ not in CUE_VERBS
            or token.pos_ not in ("VERB", "AUX")
            and token.lower_ not in ("says", "warns", "calls")
        ):
            continue
        claims += _from_verb(run, token)
    return claims


def _owned_claim(run: Run, noun: Token) -> list[Claim]:
    """ "Brekke's statement that her delegation would stay", "the rebels' demand that the army pull
    back": a claim with its owner and its that-clause is the owner's statement."""
    owner = next((c for c in noun.children if c.dep_ == "poss"), None)
    clause = next(
        (
            c
            for c in noun.children
            if c.dep_ in ("acl", "ccomp", "relcl") and any(m.lower_ == "that" and m.dep_ == "mark" for m in c.children)
        ),
        None,
    )
    after = run.doc[noun.i + 1] if noun.i + 1 < len(run.doc) else None
    if (
        clause is None
        and after is not None
        and after.lower_ == "that"
        and after.dep_ == "mark"
        and after.head.left_edge.i == after.i
    ):
        clause = after.head  # the parser hung the that-clause on the verb around the noun
    if (
        owner is None
        or clause is None
        or owner.lower_ in FIRST_SECOND
        or noun.head.lemma_ in CUE_VERBS
        and noun.dep_ == "dobj"
    ):
        return []  # ("repeated his claim that ...": the verb's statement already)
    trimmed = trim_span(subtree_span(clause))
    if trimmed is None:
        return []
    return [
        Claim(
            trimmed.start_char,
            trimmed.end_char,
            "reported",
            "reported",
            owner.idx,
            token=owner,
            cue=noun.lemma_,
            cue_at=noun.idx,
        )
    ]


def _refusal(run: Run, verb: Token) -> list[Claim]:
    """'Peskov declined to comment', 'Tehran refused to say where ...', 'X did not respond to a
    request for comment': a refusal to speak is the speaker's statement too (it takes no side)."""
    if verb.lemma_ in ("decline", "refuse"):
        said = next(
            (c for c in verb.children if c.dep_ == "xcomp" and c.lemma_ in REFUSED_SPEECH and not is_passive(c)), None
        )
        if (
            said is None
            or said.lemma_ in ("give", "provide")
            and not any(c.dep_ == "dobj" and c.lemma_ in ("detail", "comment", "information") for c in said.children)
        ):
            return []
    elif not is_negated(verb) or not any(
        c.dep_ == "prep"
        and c.lower_ == "to"
        and any(o.lemma_ in ("request", "query", "question", "call", "email") for o in c.children if o.dep_ == "pobj")
        for c in verb.children
    ):
        return []  # "did not respond to a request for comment", never "did not respond officially"
    subject = subject_of(verb)
    if subject is None or subject.lower_ in FIRST_SECOND:
        return []
    sent = sent_of(verb)
    end = max(t.i for t in verb.subtree if t.i < sent.end) + 1
    start = min([verb.i] + [c.i for c in verb.children if c.dep_ in ("aux", "neg") and c.i < verb.i])
    trimmed = trim_span(run.doc[start:end])
    if trimmed is None:
        return []
    return [
        Claim(
            trimmed.start_char,
            trimmed.end_char,
            "reported",
            "reported",
            subject.idx,
            token=subject,
            cue=verb.lemma_,
            cue_at=verb.idx,
            fallback_previous=ownerless_statement(subject),
        )
    ]


def _according_to(run: Run, token: Token) -> Claim | None:
    to = run.doc[token.i + 1]
    objects = [t for t in to.children if t.dep_ == "pobj"]
    if not objects:
        return None
    source = objects[0]
    sent = sent_of(token)
    source_end = subtree_end(source)
    if token.i <= sent.start + 1 or all(t.is_punct or t.is_space for t in run.doc[sent.start : token.i]):
        content = run.doc[source_end : sent.end]
    else:
        content = run.doc[sent.start : token.i]
    trimmed = trim_span(content)
    if trimmed is None:
        return None
    outlet = run.resolver.outlet(source)
    if outlet is not None:  # "..., according to a newspaper": the outlet carries someone's words
        run.channels.append((sent.start_char, sent.end_char, outlet))
    inner = _whole_quote(run, trimmed.start_char, trimmed.end_char)
    if inner:  # '"We will not retreat," according to a statement from the presidency'
        return Claim(
            inner[0], inner[1], "direct", "according", source.idx, token=source, cue="according to", cue_at=token.idx
        )
    # "According to the Kremlin, Putin told Trump that ...": the Kremlin is the channel, Putin the speaker.
    root = trimmed.root
    teller = subject_of(root) if root.lemma_ in CUE_VERBS and root.pos_ == "VERB" else None
    if teller is not None and teller.pos_ == "PROPN" and trimmed.start <= teller.i < trimmed.end:
        return Claim(
            trimmed.start_char,
            trimmed.end_char,
            "reported",
            "according",
            teller.idx,
            token=teller,
            cue=root.lemma_,
            cue_at=root.idx,
            channel=outlet,
        )
    return Claim(
        trimmed.start_char,
        trimmed.end_char,
        "reported",
        "according",
        source.idx,
        token=source,
        cue="according to",
        cue_at=token.idx,
    )


def _from_verb(run: Run, verb: Token) -> list[Claim]:
    if (
        verb.tag_ == "VBN"
        and not any(c.dep_ == "aux" and c.lemma_ == "have" for c in verb.children)
        and own_subject(verb) is None
    ):
        return []  # "when asked whether ...", "the plan, described as ...": not the speaker talking
    if is_negated(verb) or any(c.dep_ == "mark" and c.lower_ in ("if", "unless", "whether") for c in verb.children):
        return []  # "he wouldn't say", "if Hamas rejected the proposal": nothing stated
    trailing = trailing_report(verb)
    subject = trailing[0] if trailing else subject_of(verb)
    if subject is None or subject.lower_ in FIRST_SECOND:
        return []
    lemma = verb.lemma_
    if lemma in MAIN_CLAUSE_VERBS and (
        verb.dep_ in ("relcl", "acl", "amod", "pcomp", "csubj", "ccomp") or verb.tag_ == "VBG" or is_passive(verb)
    ):
        return []  # "Varnia, which backs the rebels", "said Dorn had offered ...": an action, not a position of its own
    if lemma in ("ask", "answer", "reply", "respond") and (
        own_subject(verb) is None or run.doc[verb.i - 1].text == ","
    ):
        return []  # "Trump, asked whether ..., said": the question is not his
    kind: StatementKind = "paraphrase" if lemma in POSITION_VERBS or lemma in ("describe", "call") else "reported"
    if lemma == "call" and not any(c.dep_ == "prep" and c.lower_ in PREP_VERBS["call"] for c in verb.children):
        return _called(run, verb, subject)
    if (
        (lemma in POSITION_VERBS or lemma in OBJECT_VERBS)
        and lemma not in ("insist", "warn", "believe", "urge", "vow")
        and any(
            c.dep_ == "advcl" and c.lower_ in PARTICIPLE_CUES and clause_before_participle(c) is None
            for c in verb.children
        )
    ):
        return []  # "rejected the plan, saying ...": the saying clause carries the position
    if inner_teller(verb):
        return []  # "X thanked Y and said that ..., the ministry said": X is the speaker, the ministry the channel
    trailing = trailing or as_clause(verb)
    spans = (
        split_content(run.doc, trailing[1], trailing[2], verb)
        if trailing
        else stated_content(verb, run.layout.is_headline(verb.idx))
    )
    outlet = run.resolver.outlet(subject)
    if outlet is not None:  # "Reuters reported that ...": whoever it quotes inside is the speaker
        run.channels += [(start, end, outlet) for start, end in spans]
        return []
    channel = run.channel(verb)
    claims = []
    for start, end in spans:
        if run.in_answer(start):
            continue
        inner = _whole_quote(run, start, end)
        claim_kind: StatementKind = "direct" if inner else kind
        a, b = inner or (start, end)
        for speaker in conjuncts(subject):  # "Qatar and Egypt said in a joint statement ..."
            claims.append(
                Claim(
                    a,
                    b,
                    claim_kind,
                    "reported",
                    speaker.idx,
                    token=speaker,
                    cue=lemma,
                    cue_at=verb.idx,
                    channel=channel,
                    fallback_previous=ownerless_statement(speaker),
                )
            )
    return claims


def _called(run: Run, verb: Token, subject: Token) -> list[Claim]:
    """`X called the plan "capitulation written in legal language"`: the quote is X's."""
    for quote in run.quotes + find_single_quotes(run.text, verb.idx, sent_of(verb).end_char):
        if verb.idx < quote.open_mark < sent_of(verb).end_char and quote.open_mark - verb.idx < 80:
            return [
                Claim(
                    quote.start,
                    quote_end(run.text, quote),
                    "direct",
                    "called",
                    subject.idx,
                    token=subject,
                    cue="call",
                    cue_at=verb.idx,
                )
            ]
    for quote in find_quotes(run.text[verb.idx : sent_of(verb).end_char]):
        start = verb.idx + quote.start
        return [
            Claim(
                start, verb.idx + quote.end, "direct", "called", subject.idx, token=subject, cue="call", cue_at=verb.idx
            )
        ]
    label = next((c for c in verb.children if c.dep_ == "oprd"), None)
    named = next((c for c in verb.children if c.dep_ == "dobj"), None)
    if label is None or named is None:
        return []
    if named.lower_ in ("what", "which", "it", "this"):
        # "what the agency calls a famine in all but name": the name given is the position
        trimmed = trim_span(subtree_span(label))
    elif named.pos_ in ("NOUN", "PROPN") and named.i < label.i:
        # "X called the agreement a historic moment", "... called the proposal unacceptable": the
        # thing named and what it is called, together
        trimmed = trim_span(named.doc[subtree_start(named) : subtree_end(label)])
    else:
        trimmed = None
    if trimmed is not None:
        return [
            Claim(
                trimmed.start_char,
                trimmed.end_char,
                "paraphrase",
                "reported",
                subject.idx,
                token=subject,
                cue="call",
                cue_at=verb.idx,
            )
        ]
    return []


def _whole_quote(run: Run, start: int, end: int) -> tuple[int, int] | None:
    """A reported content that is exactly one quote (`said: "..."`) is a direct statement."""
    for quote in run.quotes:
        if abs(quote.open_mark - start) <= 1 and quote.close_mark >= end - 2 and quote.close_mark <= end + 2:
            return quote.start, quote_end(run.text, quote)
    return None
