"""Turn the words that name a speaker into one canonical actor.

A speaker can be a name ("Dmitry Peskov", "Peskov", "Kremlin spokesman Dmitry Peskov"), a
role ("the Russian leader", "the veteran foreign minister"), a possessive role ("Putin's
spokesman", "the spokesman for Secretary-General Antonio Guterres"), a body or place ("the
Kremlin", "Moscow", "the army-backed government in Port Sudan"), a group epithet ("the
paramilitary group") or a pronoun. The resolver reads the article once, in order, and keeps
the people and bodies it meets, so that later surnames, roles and pronouns find them:

* surnames: "Stanovaya" is "Tatiana Stanovaya" once the full name has appeared;
* roles not in the registry ("the defence minister") go to the most recent person whose role
  (from the registry, or from titles and appositions in the article) has those words;
* he/she go to the most recent person of that gender who was a main-clause subject or a
  speaker, it/they to the most recent main-clause subject that is not a person.

Names never seen before become new, unreviewed actors (commentators when introduced as
analysts, fellows, researchers...; bodies when named by initials, "the VLF", or as "the Unity
party"). An unnamed official of a named body speaks for the body ("a senior Hamas official",
"Israeli officials", "a Kremlin source"). Anonymous speakers ("officials", "a senior diplomat",
"a source familiar with the talks"), one-word places ("Geneva said"), journalists of the
publishing outlet, page furniture ("Read More", "Pool Photo") and news outlets resolve to
nothing on purpose (see hygiene.py); an outlet is a statement's channel.

SpeakerResolver (resolver.py: reading the article, and `resolve`) is one object built from parts
that each add their methods to what the article has taught it (state.py): proper_names.py, roles.py,
bodies.py and pronouns.py. Word lists are in words.py, runs of proper nouns in runs.py.
"""

from __future__ import annotations

from stance.attribution.speakers.resolver import SpeakerResolver
from stance.attribution.speakers.state import Mention
from stance.attribution.speakers.words import FIRST_SECOND, PRONOUN_GENDER

__all__ = ["FIRST_SECOND", "PRONOUN_GENDER", "Mention", "SpeakerResolver"]
