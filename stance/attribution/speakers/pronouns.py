"""Pronouns: he/she go to the most recent person of that gender who was a main-clause subject or a
speaker, it/they to the most recent main-clause subject that is not a person."""

from __future__ import annotations

from stance.attribution.speakers.state import ResolverState
from stance.attribution.speakers.words import PERSON_KINDS, PRONOUN_GENDER


class PronounsPart(ResolverState):
    """Pronouns to the people and bodies met before them."""

    def resolve_pronoun(self, pronoun: str, anchor: int, exclude: tuple[int, int] | None = None) -> str | None:
        """The most recent fitting person who was a main-clause subject or a speaker."""
        wanted = PRONOUN_GENDER.get(pronoun.lower())
        candidates = [
            m
            for m in self.mentions
            if m.position < anchor
            and m.kind in PERSON_KINDS
            and not (exclude and exclude[0] <= m.position < exclude[1])
            and not self._in_quote(m.position)
        ]
        fitting = [m for m in candidates if self._gender_fits(m.name, wanted)]
        salient = [m for m in fitting if m.salient and anchor - m.position < 2500]
        recent = [m for m in fitting if anchor - m.position < 600]
        pool = salient or recent
        if not pool:
            return None
        pick = pool[-1]
        if wanted and pick.name not in self.genders and not self.registry.gender(pick.name):
            self.genders[pick.name] = wanted
        return pick.name

    def _gender_fits(self, name: str, wanted: str | None) -> bool:
        gender = self.gender_of(name)
        return wanted is None or gender is None or gender == wanted

    def resolve_neuter(self, anchor: int) -> str | None:
        """'it'/'they': the most recent main-clause subject that is not a person (None for things)."""
        earlier = [entry for entry in self.neuter if entry[0] < anchor and not self._in_quote(entry[0])]
        return earlier[-1][1] if earlier else None
