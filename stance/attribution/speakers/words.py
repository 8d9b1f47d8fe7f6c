"""Word lists for speakers: pronouns, role, group and government nouns, officials and signatories."""

from __future__ import annotations

from stance.names import NATIONALITIES

PERSON_KINDS = ("person", "commentator")
PRONOUN_GENDER = {
    "he": "male",
    "him": "male",
    "his": "male",
    "himself": "male",
    "she": "female",
    "her": "female",
    "hers": "female",
    "herself": "female",
}
NEUTER_PRONOUNS = {"it", "its", "they", "them", "their"}
FIRST_SECOND = {"i", "me", "my", "we", "us", "our", "you", "your"}
RELATIVE = {"who", "which", "that", "whom"}
# Role words that can head an epithet for one person ("the defence minister").
ROLE_NOUNS = {
    "president",
    "minister",
    "premier",
    "secretary",
    "secretary-general",
    "chancellor",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "envoy",
    "ambassador",
    "leader",
    "chief",
    "head",
    "emir",
    "king",
    "commander",
    "coordinator",
    "diplomat",
    "adviser",
    "advisor",
    "aide",
    "negotiator",
    "representative",
    "chairman",
    "chairwoman",
    "director",
    "pope",
    "pontiff",
    "general",
    "director-general",
    "counterpart",
    "pm",
}
# Nouns that head an epithet for a body ("the paramilitary group").
GROUP_NOUNS = {
    "group",
    "movement",
    "alliance",
    "militia",
    "organisation",
    "organization",
    "rebels",
    "bloc",
    "coalition",
    "paramilitaries",
    "faction",
    "party",
}
GOVERNMENT_NOUNS = {"government", "ministry", "presidency", "administration", "cabinet", "office", "chancellery"}
COUNTRIES = frozenset(NATIONALITIES.values())
# Plural nouns for several officials: "the foreign ministers of the Quad", "EU leaders".
PLURAL_OFFICIALS = {
    "ministers",
    "leaders",
    "presidents",
    "envoys",
    "delegations",
    "representatives",
    "members",
    "heads",
    "negotiators",
    "mediators",
    "governments",
    "states",
    "countries",
    "nations",
}
# Plural nouns that stand for the parties just named: "the two leaders said in a joint statement".
SIGNATORY_NOUNS = {
    "leaders",
    "presidents",
    "ministers",
    "sides",
    "parties",
    "countries",
    "nations",
    "governments",
    "states",
    "capitals",
    "neighbours",
    "neighbors",
    "signatories",
    "mediators",
    "delegations",
    "allies",
    "partners",
    "rivals",
    "premiers",
}
# An unnamed member of a named body speaks for the body: "a senior Hamas official", "Israeli officials",
# "a Kremlin source", "an official in the Armenian government". Without a body they stay anonymous.
OFFICIAL_NOUNS = {
    "official",
    "officials",
    "source",
    "sources",
    "diplomat",
    "diplomats",
    "aide",
    "aides",
    "negotiator",
    "negotiators",
    "delegate",
    "delegates",
    "representative",
    "representatives",
    "spokesman",
    "spokeswoman",
    "spokesperson",
}
