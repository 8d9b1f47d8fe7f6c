"""The shape of an article as pasted: lines, headlines, bylines, transcript turns and dash credits.

Everything here is plain text work, done before any grammar: which lines are headlines (the
title, live-blog entry titles, "Most read" lists), who wrote the piece (bylines, "Write to",
"Reporting by", the correspondent introducing a dispatch), which outlet published it, where a
briefing transcript's turns begin and end, and which quotes are credited on the next line
("— Name, role"). Text copied from some pages breaks lines, even paragraphs, inside a sentence;
join_wrapped_lines mends that first.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_LIST_MARKER = re.compile(r"^(?:[-–—•*]|>>|\d{1,2}[.)])\s+")
_TIME_LINE = re.compile(r"^(?:(?:yesterday|today),?\s+)?\d{1,2}[:.]\d{2}(?:\s*[ap]\.?m\.?)?(?:\s+[A-Z]{2,5})?$", re.I)
_NAME = r"[A-Z][\w'’.-]+(?:\s+(?:(?:al|el|bin|van|von|de|der|da)\s+)?[A-Z][\w'’.-]+){1,3}"
_BYLINE = re.compile(
    r"^(?:by|analysis by|live coverage by|commentary by|opinion by|words by|reported by)\s+(.+)$", re.I
)
_CREDIT = re.compile(r"\b(?:reporting|writing|editing|written|compiled|translated)\s+by\s+([^;)\n]+)", re.I)
_TABLE_ROW = re.compile(r"^\s*\|(?:[^|\n]*\|){2,}\s*$")
_FOOTER = re.compile(
    r"\bcookies?\b|\bcopyright\b|all rights reserved|privacy (?:policy|settings|notice)|(?:\(c\)|©)\s*\d{4}", re.I
)
_SIGNUP = re.compile(r"^(?:subscribe|newsletter|sign up)\b|\[subscribe\]|\bsign up for\b", re.I)
_WRITE_TO = re.compile(rf"\bwrite to\s+({_NAME})\s+at\b", re.I)
_CORRESPONDENT = re.compile(rf"\bour (?:correspondent|reporter|editor)s?\b[^,\n]*,\s*({_NAME}),", re.I)
_QUESTION_LABEL = re.compile(r"^(?:q|question|questioner|journalist|reporter)\b", re.I)
_LABEL_LINE = re.compile(r"^(?P<label>[A-Z][A-Za-z.'’ -]{0,40}?(?:\s*\([^)\n]{1,40}\))?)\s*:(?:[ \t]+(?P<rest>\S.*))?$")
_Q_LINE = re.compile(r"^(?P<label>Q|QUESTION)(?:[:.]|\s)\s*(?P<rest>\S.*)?$")
_DASH_CREDIT = re.compile(r"^\s*(?:—|–|--|-)\s*(?P<credit>[A-Z][^\n]{1,120})$")
_OUTLET_LINE = re.compile(
    r"(?:\(END\)\s+(?P<end>.+)|(?:copyright\s*)?(?:\(c\)|©)\s*(?:\d{4}\s+)?(?P<copy>[A-Z][^.\n]+))", re.I
)
_TITLE_OUTLET = re.compile(r"\s(?:--|—|\|)\s*(?P<outlet>[A-Z][\w&.' ]{1,40})\s*$")
_DATELINE_OUTLET = re.compile(r"^[A-Z][A-Z/ ,.'-]+,?[^()\n]{0,40}\((?P<outlet>[A-Z][\w .&]{1,30})\)\s*[-–—]")


@dataclass
class Line:
    start: int
    end: int
    text: str  # stripped

    @property
    def blank(self) -> bool:
        return not self.text


@dataclass
class Turn:
    """One turn of a briefing transcript: the label and the span of what follows it."""

    label: str
    label_start: int
    start: int
    end: int
    question: bool


@dataclass
class Credit:
    """A quote credited on the line after it: `— Antonio Guterres, UN Secretary-General`."""

    name: str
    role: str
    start: int  # offset of the credit line
    quote_end: int  # offset of the line that ends with the closing quote mark


@dataclass
class Layout:
    text: str
    lines: list[Line] = field(default_factory=list)
    headlines: list[Line] = field(default_factory=list)
    boilerplate: list[tuple[int, int]] = field(default_factory=list)
    authors: set[str] = field(default_factory=set)
    outlets: set[str] = field(default_factory=set)
    turns: list[Turn] = field(default_factory=list)
    credits: list[Credit] = field(default_factory=list)

    @classmethod
    def read(cls, text: str) -> Layout:
        layout = cls(text)
        layout.lines = _lines(text)
        layout._bylines()
        layout._outlets()
        layout._transcript()
        layout._credits()
        layout._headlines()
        return layout

    # ----- queries ------------------------------------------------------------------------------
    def line_at(self, offset: int) -> Line | None:
        for line in self.lines:
            if line.start <= offset <= line.end:
                return line
        return None

    def in_boilerplate(self, start: int, end: int | None = None) -> bool:
        end = start + 1 if end is None else end
        return any(a < end and start < b for a, b in self.boilerplate)

    def is_headline(self, offset: int) -> bool:
        return any(line.start <= offset < line.end for line in self.headlines)

    def answer_at(self, offset: int) -> Turn | None:
        for turn in self.turns:
            if not turn.question and turn.start <= offset < turn.end:
                return turn
        return None

    # ----- builders ------------------------------------------------------------------------------
    def _bylines(self) -> None:
        for index, line in enumerate(self.lines):
            if line.blank:
                continue
            names: list[str] = []
            byline = _BYLINE.match(line.text)
            head = index < 12
            if byline and head:
                names += _names_in(byline.group(1).split("|")[0])
            credit_line = _is_credit_line(line.text)
            if credit_line:
                for credit in _CREDIT.finditer(line.text):
                    names += _names_in(credit.group(1))
            write_to = _WRITE_TO.search(line.text)
            if write_to:
                names.append(write_to.group(1))
            if head and "|" in line.text:
                for segment in line.text.split("|"):
                    segment = re.sub(r"^\s*(?:by|published[^|]*?by)\s+", "", segment.strip(), flags=re.I)
                    segment = re.sub(r"\s+in\s+[A-Z][\w ]+$", "", segment)
                    if re.fullmatch(r"[A-Z][a-z][\w'’-]*(?:\s+[A-Z][a-z][\w'’-]*){1,2}", segment) and not re.search(
                        r"\d", segment
                    ):
                        names.append(segment)
            correspondent = _CORRESPONDENT.search(line.text)
            if correspondent:
                names.append(correspondent.group(1))
            is_byline = bool(byline and head) or credit_line or bool(write_to)
            if names and (is_byline or (head and "|" in line.text)):
                self.boilerplate.append((line.start, line.end))
            self.authors.update(n.strip() for n in names if n.strip())
        # Cookie banners, copyright and newsletter footers never hold statements.
        for line in self.lines:
            words = len(line.text.split())
            footer = words <= 60 and _FOOTER.search(line.text)
            signup = words <= 25 and _SIGNUP.search(line.text)
            if (footer or signup) and not re.search(r"[\"“”]", line.text):
                self.boilerplate.append((line.start, line.end))
            elif _TABLE_ROW.match(line.text):  # "| Varnia | Backs the truce |": a table's cells, nobody's words
                self.boilerplate.append((line.start, line.end))

    def _outlets(self) -> None:
        first = next((line for line in self.lines if not line.blank), None)
        if first is not None:
            match = _TITLE_OUTLET.search(first.text)
            if match:
                self.outlets.add(match.group("outlet").strip())
        for line in self.lines:
            match = _OUTLET_LINE.search(line.text)
            if match:
                name = (match.group("end") or match.group("copy") or "").strip()
                name = re.sub(r"\b(?:Newswires?|Inc|Ltd|LLC|Company|& Company|Co)\b\.?", "", name).strip(" ,&")
                if name:
                    self.outlets.add(name)
            dateline = _DATELINE_OUTLET.match(line.text)
            if dateline:
                self.outlets.add(dateline.group("outlet").strip())

    def _transcript(self) -> None:
        """Briefing transcripts: at least two labelled turns, one of them a question."""
        labels = []
        for index, line in enumerate(self.lines):
            if line.blank:
                continue
            match = _LABEL_LINE.match(line.text) or _Q_LINE.match(line.text)
            if not match:
                continue
            label = match.group("label").strip()
            rest = match.group("rest")
            question = bool(_QUESTION_LABEL.match(label))
            words = re.sub(r"\([^)]*\)", "", label).split()
            if not words or len(words) > 5:
                continue
            # "MS. LEAVITT: Good afternoon", "SPOKESPERSON: ...", "Mao Ning: ...": a label, not a sentence
            inline_ok = question or label.upper() == label or (len(words) <= 4 and all(w[:1].isupper() for w in words))
            if rest and not inline_ok:
                continue
            if rest:
                content_start = self.text.find(rest, line.start)
            else:
                content_start = self._next_content(index)
            labels.append((index, label, line.start, content_start, question))
        if len(labels) < 2 or not any(q for *_, q in labels):
            return
        for number, (_index, label, label_start, content_start, question) in enumerate(labels):
            limit = labels[number + 1][2] if number + 1 < len(labels) else len(self.text)
            end = self._trim_turn(content_start, limit)
            if end > content_start:
                self.turns.append(Turn(label, label_start, content_start, end, question))

    def _next_content(self, index: int) -> int:
        for line in self.lines[index + 1 :]:
            if not line.blank:
                return line.start
        return len(self.text)

    def _trim_turn(self, start: int, limit: int) -> int:
        """The end of a turn: before trailing time stamps and bracketed editor's notes."""
        end = start
        for line in self.lines:
            if line.end <= start or line.start >= limit or line.blank:
                continue
            if _TIME_LINE.match(line.text) or re.fullmatch(r"\(.*\)", line.text):
                break
            end = line.end
        return end

    def _credits(self) -> None:
        previous: Line | None = None
        for line in self.lines:
            if line.blank:
                continue
            match = _DASH_CREDIT.match(line.text)
            if match and previous is not None and previous.text.endswith(('"', "”")):
                credit = match.group("credit").strip()
                name = re.split(r"\s*[,(]\s*", credit, maxsplit=1)[0].strip()
                role = credit[len(name) :].strip(" ,()")
                self.credits.append(Credit(name, role, line.start, previous.end))
                self.boilerplate.append((line.start, line.end))
            previous = line

    def _headlines(self) -> None:
        first = True
        for line in self.lines:
            if line.blank:
                continue
            if first:
                first = False
                if not _sentence_line(line.text):
                    self.headlines.append(line)
                continue
            body = _LIST_MARKER.sub("", line.text)
            if not body or self.in_boilerplate(line.start, line.end) or _TIME_LINE.match(body):
                continue
            if any(turn.label_start == line.start for turn in self.turns) or self.answer_at(line.start):
                continue
            if body.endswith(":") or re.search(r"[.!?][\"”'’)]?$", body) or len(body.split()) > 30:
                continue
            self.headlines.append(line)


def _sentence_line(text: str) -> bool:
    """A first line that is a long sentence ('Dmitry Medvedev, the former president, said on Tuesday
    that ... .') opens the body: a headline does not end with a full stop after many words."""
    return len(text.split()) > 15 and bool(re.search(r"[.!?][\"”'’)]?$", text))


def _lines(text: str) -> list[Line]:
    lines = []
    position = 0
    for raw in text.split("\n"):
        stripped = raw.strip()
        offset = position + (raw.find(stripped) if stripped else 0)
        lines.append(Line(offset, offset + len(stripped), stripped))
        position += len(raw) + 1
    return lines


def _is_credit_line(text: str) -> bool:
    """'(Reporting by A; editing by B)' or a short 'Editing by ...' line, not a sentence that
    happens to contain 'written by'."""
    if not _CREDIT.search(text):
        return False
    return (
        text.startswith("(")
        or bool(re.match(r"(?:additional\s+)?(?:reporting|writing|editing|compiled|translated)\b", text, re.I))
        or len(text.split()) <= 15
    )


def headline_body(line: Line) -> tuple[int, str]:
    """A headline without its list marker ("- ", "1. ", ">> "): offset and text."""
    marker = _LIST_MARKER.match(line.text)
    skip = marker.end() if marker else 0
    return line.start + skip, line.text[skip:]


def _names_in(fragment: str) -> list[str]:
    """Person names in a byline fragment: "Sophie Grant and the world desk" -> ["Sophie Grant"]."""
    fragment = re.split(r"\s*[;|]\s*", fragment)[0]
    names = []
    for part in re.split(r"\s*(?:,|\band\b|&)\s*", fragment):
        match = re.match(rf"^({_NAME})", part.strip())
        if match:
            name = re.sub(r"\s+in$", "", match.group(1))
            names.append(name)
    return names


_CLOSED_END = re.compile(r"[.!?:;…|—–-][\"”’')\]]*$")
# A line that ends like this has not finished its sentence ("Talks on the", '"...we will stay,"').
_FUNCTION_END = re.compile(
    r"(?:,[\"”’']?|\b(?:the|a|an|of|and|or|to|in|for|on|with|by|at|from|that|as|but|its|his|her|their|our|between|into|over))$",
    re.I,
)
_WRAP = re.compile(r"([^\n]*\S)([ \t]*\n[ \t\n]*)(?=(\S[^\n]*))")


def join_wrapped_lines(text: str) -> str:
    """The text with line breaks inside a sentence turned into spaces of the same length (offsets stay).

    A break continues the sentence when the line before has no closing punctuation and the line
    after starts in lower case ("rejected the\n\noffer"), or when the line before ends with a
    comma or a word that cannot end a sentence ("Talks on the\n\nborder", '"...,"\n\nX said').
    List items, table rows and transcript labels keep their breaks.
    """

    def mend(match: re.Match) -> str:
        before, gap, after = match.group(1), match.group(2), match.group(3)
        if (
            _CLOSED_END.search(before)
            or before.lstrip().startswith("|")
            or _LIST_MARKER.match(after)
            or after.startswith("|")
        ):
            return match.group(0)
        if after[:1].islower() and not after.startswith(("http", "www.")) or _FUNCTION_END.search(before):
            return before + re.sub(r"\S|\s", " ", gap)
        return match.group(0)

    return _WRAP.sub(mend, text)
