"""The text a statement is scored on: its sentence(s) with the reporting clause, less any
other statement that shares them, without a dangling joint at either end."""

from __future__ import annotations

import re
from collections.abc import Callable

from stance.attribution.claims import Claim

_QUOTE_MARKS = "\"'“”‘’"
_LEADING_JOIN = re.compile(r"^[\s,;:]*(?:(?:and|but|while)\b\s*)?")
_TRAILING_JOIN = re.compile(
    r"[\s,;:]*(?:\b(?:and|but|while)\b\s*(?:\w+ing\b\s*)?|\b(?:adding|added)\b\s*)?(?:\bthat\s*)?$"
)
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
_DANGLING_END = re.compile(
    r"(?:[,;:]?\s+(?:but|and|or|while|as)(?:\s+(?:again|also|then|still|yet))?|[,;:])\s*([.!?]?)\s*$", re.I
)
_DANGLING_START = re.compile(r"^(?:[\s,;:]+|(?:and|but|while)\s+)+")


def tidy(text: str) -> str:
    """A statement's text without a dangling joint at either end: "..., he said, but again." ->
    "..., he said."; ", including ..." and "and said that ..." lose the comma and the "and"."""
    text = _DANGLING_START.sub("", text)
    if (
        text[:1].islower()
        and not text.startswith(("that", "whether"))
        and text.split(None, 1)[0] in ("and", "but", "while")
    ):
        text = text.split(None, 1)[1] if len(text.split(None, 1)) > 1 else ""
    previous = None
    while previous != text:
        previous = text
        text = _DANGLING_END.sub(_keep_stop("." if previous.rstrip()[-1:] in ".!?" else ""), text).rstrip()
    return text


def _keep_stop(stop: str) -> Callable[[re.Match[str]], str]:
    """The replacement for a dangling end: its own full stop, else `stop`."""
    return lambda match: match.group(1) or stop


def _apart(claim: Claim, other: Claim, low: int, high: int) -> bool:
    """Another statement inside text[low:high] that does not overlap this one."""
    return (
        other is not claim
        and low < other.end
        and other.start < high
        and (other.end <= claim.start or other.start >= claim.end)
    )


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
