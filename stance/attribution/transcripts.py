"""Source 1, transcripts: the turns of a briefing or interview (`MS. LEAVITT:`, `Maria Zakharova:`,
`SPOKESPERSON:`), each the speaker's statement; a role label stands for the person the header names."""

from __future__ import annotations

import re

from stance.attribution.claims import Claim
from stance.attribution.run import Run
from stance.attribution.vocabulary import ANSWER_LABELS, ROLE_LABELS
from stance.names import TITLE_WORDS


def turns(run: Run) -> list[Claim]:
    """Each answer turn of a transcript (questions are the journalists'), as its speaker's direct statement."""
    claims = []
    header = run.text[: run.layout.turns[0].label_start] if run.layout.turns else ""
    for turn in run.layout.turns:
        if turn.question:
            continue
        role = _role_label(turn.label)
        name = (_role_in_header(run, role, header) if role else None) or run.resolver.resolve_label(turn.label)
        if name is None:
            continue
        claims.append(Claim(turn.start, turn.end, "direct", "turn", turn.label_start, label=name))
    return claims


def _role_in_header(run: Run, role: str, header: str) -> str | None:
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
            found = _header_name(run, match.group(1).split())
            if found is not None:
                return found
    return None


def _header_name(run: Run, words: list[str]) -> str | None:
    """The person the capitalised words of a header name: the shortest run that is a registered
    person ('President Trump Before Marine One' -> Donald Trump), else all of them as one name.

    A surname alone counts only at the end of the run: in 'Deputy Spokesperson Farhan Haq',
    "Farhan" is a first name, not the registered Faisal bin Farhan.
    """
    for size in range(2, len(words) + 1):
        found = run.resolver.registry.lookup(" ".join(words[:size]), names=size == len(words))
        if found is not None and run.resolver.kind_of(found) in ("person", "commentator"):
            return found
    found = run.resolver.resolve_label(" ".join(words))
    return found if found is not None and run.resolver.kind_of(found) in ("person", "commentator") else None


def _role_label(label: str) -> str | None:
    """'SPOKESPERSON', 'THE PRESIDENT', 'DEPUTY SPOKESPERSON', 'A': a transcript label that names a
    role, not a person."""
    role = re.sub(r"\s*\([^)]*\)", "", label).strip(" .:").lower()
    role = re.sub(r"^the\s+", "", role)
    if role in ROLE_LABELS or role in ANSWER_LABELS or (role and all(word in TITLE_WORDS for word in role.split())):
        return role
    return None
