"""Fast lookups on a parsed document: spaCy's Token.sent walks the whole document on every call,
and Doc.text and Doc[i] rebuild their objects each time."""

from __future__ import annotations

from bisect import bisect_right

from spacy.tokens import Doc, Span, Token

_KEY = "stance_sentence_starts"


def sentences(doc: Doc) -> list[Span]:
    cached = doc.user_data.get(_KEY)
    if cached is None:
        cached = list(doc.sents)
        doc.user_data[_KEY] = cached
    return cached


def sent_of(token: Token) -> Span:
    """The sentence holding token, found by bisection over the cached sentence list."""
    sents = sentences(token.doc)
    starts = token.doc.user_data.get(_KEY + "_i")
    if starts is None:
        starts = [s.start for s in sents]
        token.doc.user_data[_KEY + "_i"] = starts
    return sents[bisect_right(starts, token.i) - 1]


def tokens(doc: Doc) -> list[Token]:
    """The document's tokens as one list: indexing a Doc builds a new Token object each time."""
    cached = doc.user_data.get(_KEY + "_tokens")
    if cached is None:
        cached = list(doc)
        doc.user_data[_KEY + "_tokens"] = cached
    return cached


class Ranges:
    """Sorted, non-overlapping character ranges with a fast membership test."""

    def __init__(self, ranges: list[tuple[int, int]]):
        merged: list[list[int]] = []
        for start, end in sorted(ranges):
            if merged and start <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], end)
            else:
                merged.append([start, end])
        self._starts = [start for start, _ in merged]
        self._ends = [end for _, end in merged]

    def __contains__(self, offset: int) -> bool:
        index = bisect_right(self._starts, offset) - 1
        return index >= 0 and offset < self._ends[index]
