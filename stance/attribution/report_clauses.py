"""Reporting clauses that stand beside their content rather than before it: "As X said, ...",
"..., as the minister stressed", and "..., the ministry said" when the parser hung that clause
on the content as a second verb. Each returns the speaker's subject and the content's token range."""

from __future__ import annotations

from spacy.tokens import Token

from stance.attribution.grammar import is_addressee, own_subject, subtree_end, subtree_start
from stance.attribution.sentences import sent_of
from stance.attribution.vocabulary import SPEECH_VERBS


def as_clause(verb: Token) -> tuple[Token, int, int] | None:
    """'As Brekke put it to the radio, the map is the problem' / '..., as the minister stressed': the
    rest of the sentence is what was said. Returns (subject, content start, content end)."""
    if (
        verb.dep_ != "advcl"
        or verb.lemma_ not in SPEECH_VERBS
        or any(c.dep_ in ("ccomp", "xcomp") or c.dep_ == "dobj" and not is_addressee(c) for c in verb.children)
    ):
        return None  # "..., as the rebels want written assurances": a reason, not a report
    mark = next((c for c in verb.children if c.dep_ == "mark"), None)
    subject = own_subject(verb)
    if mark is None or mark.lower_ != "as" or subject is None:
        return None
    doc, sent = verb.doc, sent_of(verb)
    first, last = subtree_start(verb), subtree_end(verb) - 1
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


def inner_teller(verb: Token) -> bool:
    """'Pell said that her country accepted ..., the Varnian foreign ministry said': the words before a
    trailing reporting clause have a named teller of their own, who is the speaker (as with
    "According to the Kremlin, Putin told Trump that ...")."""
    outer = own_subject(verb)
    if outer is None or outer.i < verb.i and verb.doc[subtree_start(outer) - 1].text != ",":
        return False  # only a trailing clause: "..., the ministry said"
    for clause in (c for c in verb.children if c.dep_ in ("ccomp", "parataxis") and c.i < verb.i):
        subject = own_subject(clause)
        if subject is None or subject.pos_ != "PROPN":
            continue
        if clause.lemma_ in SPEECH_VERBS or any(
            c.dep_ == "conj" and c.lemma_ in SPEECH_VERBS and own_subject(c) is None for c in clause.children
        ):
            return True
    return False


def trailing_report(verb: Token) -> tuple[Token, int, int] | None:
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
    comma = next(
        (
            i
            for i in range(verb.i - 1, sent.start, -1)
            if doc[i].text == "," or doc[i].text in ("-", "–", "—") and doc[i].whitespace_ and doc[i - 1].whitespace_
        ),
        None,
    )
    if comma is None or verb.i - comma > 16:
        return None
    phrase = doc[comma + 1 : verb.i]
    if (
        not len(phrase)
        or any(t.pos_ in ("VERB", "AUX") and t.dep_ not in ("amod", "compound") for t in phrase)
        or phrase[-1].pos_ not in ("PROPN", "NOUN")
    ):
        return None
    inside = {t.i for t in phrase}
    head = next((t for t in phrase if t.head.i not in inside or t.head.i == t.i), phrase[-1])
    start = sent.start
    while start < comma and (doc[start].is_punct or doc[start].is_space):
        start += 1
    if not any(t.pos_ in ("VERB", "AUX") for t in doc[start:comma]):
        return None  # no clause before the comma
    return head, start, comma
