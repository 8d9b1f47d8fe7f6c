"""Word lists the attribution rules are built on: reporting verbs, position verbs and their frames.

All entries are lemmas (spaCy `token.lemma_`) unless the name says otherwise.
"""

from __future__ import annotations

# Verbs of saying: "X said that ...", "..., X told reporters".
SPEECH_VERBS = {
    "say", "tell", "add", "state", "declare", "announce", "stress", "note", "claim", "argue", "explain",
    "write", "post", "reply", "respond", "answer", "remark", "comment", "observe", "tweet", "acknowledge",
    "admit", "assert", "emphasize", "emphasise", "reiterate", "repeat", "confirm", "predict", "suggest",
    "signal", "indicate", "concede", "complain", "caution", "conclude", "recall", "vow", "pledge", "promise",
    "urge", "demand", "call", "propose", "report", "describe", "brief", "mention", "quip", "joke",
    "ask", "counter", "retort", "protest", "contend", "maintain", "underline", "underscore", "hint", "insist",
    "allege", "affirm", "assure", "highlight", "express", "voice", "advise",
}  # fmt: skip

# A position taken without a plain verb of saying ("insisted", "warned", "dismissed A as B").
POSITION_VERBS = {
    "insist", "warn", "dismiss", "reject", "point", "accuse", "threaten", "welcome", "praise", "condemn", "deny",
    "vow", "criticise", "criticize", "blame", "hail", "slam", "decry", "object", "believe", "urge",
    "refute", "denounce", "back", "support", "endorse", "oppose", "offer", "float", "reaffirm", "blast", "stick",
    "attribute",
}  # fmt: skip

# Positions that are also everyday actions ("backs the army", "offered help"): a statement only as
# the main verb of a clause, never inside a relative clause ("Varnia, which backs ...").
MAIN_CLAUSE_VERBS = {"back", "support", "endorse", "oppose", "offer", "float", "stick", "propose", "attribute"}

CUE_VERBS = SPEECH_VERBS | POSITION_VERBS

# The stance lies in the object (and its "as"/"of" phrase): "dismissed the plan as a ploy".
OBJECT_VERBS = {
    "dismiss", "reject", "accuse", "condemn", "deny", "describe", "urge", "criticise", "criticize", "blame",
    "slam", "decry", "announce", "demand", "refute", "denounce", "welcome", "praise", "hail", "back", "support",
    "endorse", "oppose", "offer", "float", "propose", "reaffirm", "reiterate", "affirm", "blast", "attribute", "report",
    "note", "highlight",
}  # fmt: skip

# The stance lies in a prepositional phrase: "pointed to X", "called for X", "warned of X".
PREP_VERBS = {
    "point": ("to",),
    "call": ("for", "on", "upon"),
    "warn": ("of", "against", "about"),
    "object": ("to",),
    "insist": ("on", "upon"),
    "stick": ("to", "by"),
}

# Verbs that report a clause and never a plain object: an object after them is a misparsed clause.
CLAUSE_VERBS = {
    "say",
    "insist",
    "argue",
    "believe",
    "add",
    "state",
    "declare",
    "maintain",
    "contend",
    "tell",
    "counter",
}

# Objects that carry no content ("said nothing", "said so").
EMPTY_OBJECTS = {
    "nothing", "something", "anything", "little", "much", "so", "this", "that", "it", "word", "words", "more",
    "less", "yes", "no", "goodbye", "hello",
}  # fmt: skip

# Who is spoken to ("told reporters", "told the crowd"): never the content.
ADDRESSEES = {
    "reporter", "journalist", "lawmaker", "supporter", "crowd", "audience", "delegate", "parliament", "cabinet",
    "minister", "leader", "troop", "soldier", "people", "media", "television", "radio", "gathering", "team",
    "press", "official", "diplomat", "counterpart", "colleague", "member", "student", "nation", "country",
    "world", "me", "us", "him", "her", "them", "you",
}  # fmt: skip

# Nouns of saying whose that-clause is the content: "repeated his claim that ...".
CLAIM_NOUNS = {
    "claim", "view", "position", "warning", "assertion", "argument", "belief", "insistence", "demand", "promise", "pledge", "threat",
    "hope", "confidence", "conviction",
}  # fmt: skip

# "vowed to fight on", "urged the delegations not to waste the chance": the infinitive is the content.
INFINITIVE_VERBS = {"vow", "pledge", "promise", "threaten", "urge", "advise"}

# "refused to say", "declined to comment": nothing is stated.
NEGATING_HEADS = {"refuse", "decline", "fail", "avoid", "stop"}

# ... but declining to comment is a statement of its own, without a side: "Peskov declined to comment",
# "Tehran refused to say where ...", "X did not respond to a request for comment".
REFUSING_VERBS = {"decline", "refuse", "respond", "reply"}
REFUSED_SPEECH = {
    "comment", "say", "discuss", "elaborate", "confirm", "disclose", "reveal", "specify", "answer", "detail", "spell",
    "give", "provide", "speculate", "name",
}  # fmt: skip

# Word forms of things that carry someone's words: "His post added:", "a statement saying ...".
STATEMENT_NOUNS = {
    "statement", "statements", "post", "posts", "message", "letter", "readout", "communique", "communiqué",
    "tweet", "video", "note", "release", "address", "interview", "remarks", "word", "words",
}  # fmt: skip

# Word forms of participles that add a statement to the verb they hang on ("..., saying ...").
PARTICIPLE_CUES = {
    "saying",
    "adding",
    "insisting",
    "arguing",
    "warning",
    "noting",
    "stressing",
    "claiming",
    "writing",
    "explaining",
    "declaring",
    "stating",
    "asserting",
}

# Participles that end the content before them: they add a statement of their own ("warned that X,
# calling the plan "theft"": the quote is a second statement, not part of the first).
CLAUSE_END_CUES = PARTICIPLE_CUES | {"calling"}

# Transcript labels that name a role, resolved through the transcript's header ("SPOKESPERSON:",
# "THE PRESIDENT:"); compared in lower case without a leading "the".
ROLE_LABELS = {
    "spokesperson", "spokesman", "spokeswoman", "press secretary", "minister", "foreign minister", "prime minister",
    "ambassador", "secretary", "secretary-general", "president", "chair", "chairman", "chairwoman",
}  # fmt: skip

# Transcript labels for the answers of an interview: the person the header says it is with ("A:").
ANSWER_LABELS = {"a", "answer"}
