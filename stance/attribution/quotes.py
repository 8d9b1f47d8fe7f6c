"""Find direct quotes in text: straight or curly double quotes, over one or several paragraphs.

Wire style lets a quote run over paragraphs: each paragraph reopens the quote and only the
last one closes it. Single quotes nest inside double quotes; outside them they are quotes only in
headlines and where an outlet sets a whole sentence in them ("'We will stay at the table,' Brekke said").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_OPEN = "“"
_CLOSE = "”"
_MIN_WORDS = 4


@dataclass
class Quote:
    start: int  # offset of the first quoted character (after the opening mark)
    end: int  # offset just past the last quoted character (before the closing mark)
    open_mark: int  # offset of the opening mark
    close_mark: int  # offset of the closing mark (or of the end of the text when never closed)

    def is_statement(self, text: str) -> bool:
        """Scare quotes ("root causes") are words, not statements."""
        inner = text[self.start : self.end].strip()
        return len(inner.split()) >= _MIN_WORDS or inner.endswith((",", ".", "?", "!"))


def _paragraph_breaks(text: str) -> list[int]:
    return [m.start() for m in re.finditer(r"\n\s*\n", text)]


def find_quotes(text: str) -> list[Quote]:
    """All double-quoted stretches, in order."""
    marks = [(m.start(), m.group()) for m in re.finditer(r'["“”]', text)]
    breaks = _paragraph_breaks(text)
    quotes: list[Quote] = []
    open_at: int | None = None
    segment_start = 0  # where the open quote was last (re)opened
    index = 0
    while index < len(marks):
        position, mark = marks[index]
        if open_at is None:
            if mark != _CLOSE:
                open_at = segment_start = position
            index += 1
            continue
        # A quote is open. A paragraph break before the next mark ends it unless the next
        # paragraph starts by reopening it (the multi-paragraph convention).
        crossing = [b for b in breaks if segment_start < b < position]
        if crossing:
            next_paragraph = text[crossing[-1] :].lstrip()
            reopens = next_paragraph[:1] in ('"', _OPEN) and text.find(next_paragraph[:1], crossing[-1]) == position
            if not reopens:
                quotes.append(Quote(open_at + 1, crossing[0], open_at, crossing[0]))
                open_at = None
                continue
            segment_start = position  # the reopening mark continues the same quote
            index += 1
            continue
        if mark == _OPEN and text[open_at] == _OPEN:
            open_at = segment_start = position  # an unbalanced curly opening; restart from here
            index += 1
            continue
        quotes.append(Quote(open_at + 1, position, open_at, position))
        open_at = None
        index += 1
    if open_at is not None:
        end = next((b for b in breaks if b > open_at), len(text))
        quotes.append(Quote(open_at + 1, end, open_at, end))
    return quotes


_SINGLE = re.compile(r"(?<![\w’'])['‘](?=\w)([^'‘’\n]{2,200}?)(?<=[\w.!?,])['’](?![\w])")


def find_single_quotes(text: str, start: int, end: int) -> list[Quote]:
    """Single-quoted stretches in a headline ('Trump declares 'the war is over''), apostrophes aside."""
    quotes = []
    for match in _SINGLE.finditer(text, start, end):
        inner_start, inner_end = match.start(1), match.end(1)
        quotes.append(Quote(inner_start, inner_end, match.start(), match.end() - 1))
    return quotes


def find_single_sentence_quotes(text: str, start: int, end: int) -> list[Quote]:
    """Body quotes set in single marks: a stretch of four words or more that closes on its own
    punctuation ('..., and we will stay at the table,' Brekke said), never an apostrophe."""
    return [
        quote
        for quote in find_single_quotes(text, start, end)
        if text[quote.close_mark - 1] in ",.!?" and len(text[quote.start : quote.end].split()) >= _MIN_WORDS
    ]


def quote_end(text: str, quote: Quote) -> int:
    """Quote end without a comma just before the closing mark ("...," he said)."""
    end = quote.end
    while end > quote.start and text[end - 1] in ", \n\t":
        end -= 1
    return end
