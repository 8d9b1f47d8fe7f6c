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
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from spacy.tokens import Doc, Span, Token

from stance.attribution.hygiene import is_junk, is_outlet, strip_calendar
from stance.attribution.layout import Layout
from stance.attribution.names import CAPITALS, FEMALE_NAMES, MALE_NAMES, NAME_PARTICLES, NATIONALITIES, PLACES, TITLE_WORDS
from stance.attribution.registry import Registry, normalise, strip_titles
from stance.attribution.sentences import Ranges, sent_of, sentences, tokens
from stance.attribution.vocabulary import CUE_VERBS, STATEMENT_NOUNS
from stance.records import Actor

PERSON_KINDS = ("person", "commentator")
PRONOUN_GENDER = {"he": "male", "him": "male", "his": "male", "himself": "male", "she": "female", "her": "female", "hers": "female", "herself": "female"}
NEUTER_PRONOUNS = {"it", "its", "they", "them", "their"}
FIRST_SECOND = {"i", "me", "my", "we", "us", "our", "you", "your"}
RELATIVE = {"who", "which", "that", "whom"}

_COMMENTATOR_WORDS = re.compile(
    r"\b(analyst|fellow|professor|expert|researcher|research|scholar|commentator|economist|historian|"
    r"political scientist|think[- ]tank|institute|university|columnist|strategist|specialist|academic|"
    r"centre for|center for|studies|policy forum|policy group|policy centre|policy center|policy initiative)\b",
    re.I,
)
# Role words that can head an epithet for one person ("the defence minister").
ROLE_NOUNS = {
    "president", "minister", "premier", "secretary", "secretary-general", "chancellor", "spokesman", "spokeswoman",
    "spokesperson", "envoy", "ambassador", "leader", "chief", "head", "emir", "king", "commander", "coordinator",
    "diplomat", "adviser", "advisor", "aide", "negotiator", "representative", "chairman", "chairwoman", "director",
    "pope", "pontiff", "general", "director-general", "counterpart", "pm",
}
# Nouns that head an epithet for a body ("the paramilitary group").
GROUP_NOUNS = {"group", "movement", "alliance", "militia", "organisation", "organization", "rebels", "bloc", "coalition", "paramilitaries", "faction", "party"}
GOVERNMENT_NOUNS = {"government", "ministry", "presidency", "administration", "cabinet", "office", "chancellery"}
_EVALUATIVE = {"veteran", "hawkish", "embattled", "outspoken", "influential", "powerful", "longtime", "long-serving", "new", "then", "current", "also", "own", "top", "senior"}
# How far back (characters) a role epithet may reach for a person whose role the article never gave.
_UNFAMILIAR_REACH = 600
_SYNONYMS = {
    "leader": {"leader", "president", "prime", "chancellor", "emir", "king", "head", "chief", "chairman", "premier"},
    "chief": {"chief", "head", "director", "leader", "secretary-general", "general", "commander"},
    "head": {"head", "chief", "director", "leader", "chairman"},
    "spokesman": {"spokesman", "spokeswoman", "spokesperson"},
    "spokeswoman": {"spokesman", "spokeswoman", "spokesperson"},
    "spokesperson": {"spokesman", "spokeswoman", "spokesperson"},
    "diplomat": {"foreign", "diplomat"},
    "defense": {"defence", "defense"},
    "defence": {"defence", "defense"},
    "adviser": {"adviser", "advisor", "aide"},
    "advisor": {"adviser", "advisor", "aide"},
    "aide": {"adviser", "advisor", "aide"},
    "premier": {"premier", "prime"},
    "pm": {"premier", "prime"},
    "envoy": {"envoy", "ambassador", "representative"},
    "commander": {"commander", "chief", "head", "leader"},
    "representative": {"representative", "envoy", "aide", "adviser", "advisor"},
    "ambassador": {"envoy", "ambassador", "representative"},
}
# The noun that ends a title, whatever portfolio comes before it ("Heritage Affairs Minister").
_OFFICE_NOUNS = {"minister", "secretary", "spokesman", "spokeswoman", "spokesperson", "commissioner", "ambassador", "envoy", "adviser", "advisor", "director", "chairman", "chairwoman", "governor", "mayor", "commander"}
_HEADS_OF_STATE = {"president", "king", "emir", "queen", "monarch", "sultan"}
_ORG_WORDS = re.compile(
    r"\b(Center|Centre|Institute|Ministry|Council|Forces|Army|Party|Union|Nations|Office|House|Department|Agency|"
    r"Committee|Commission|Foundation|University|Bank|Group|Front|Movement|Government|Kremlin|News|Press|Forum|"
    r"Alliance|Programme|Program|Fund|Organisation|Organization|Court|Parliament|Assembly|Board|Route|Social|Force|"
    r"International|Watch|Association|Federation|Network|Coalition|Brigades?|Society|Corporation|Company|Authority)\b"
)
_NON_PERSON_LABELS = {"GPE", "NORP", "LOC", "FAC", "DATE", "TIME", "CARDINAL", "ORDINAL", "MONEY", "PERCENT", "QUANTITY", "LAW", "EVENT", "PRODUCT", "WORK_OF_ART", "LANGUAGE"}
_INDEFINITE = {"a", "an", "one", "another", "some", "several", "many", "two", "three", "four", "five", "few", "various", "other", "any"}
_COUNTRIES = frozenset(NATIONALITIES.values())
# Plural nouns for several officials: "the foreign ministers of the Quad", "EU leaders".
PLURAL_OFFICIALS = {"ministers", "leaders", "presidents", "envoys", "delegations", "representatives", "members", "heads", "negotiators", "mediators", "governments", "states", "countries", "nations"}
# Plural nouns that stand for the parties just named: "the two leaders said in a joint statement".
SIGNATORY_NOUNS = {"leaders", "presidents", "ministers", "sides", "parties", "countries", "nations", "governments", "states", "capitals", "neighbours", "neighbors", "signatories", "mediators", "delegations", "allies", "partners", "rivals", "premiers"}
_STATE_NOUNS = {"countries", "nations", "governments", "states", "capitals", "neighbours", "neighbors", "sides", "parties", "rivals", "allies", "partners"}
_JOINT_NOUNS = {"statement", "communique", "communiqué", "declaration", "readout", "letter", "release"}
_JOURNALISTS = {"correspondent", "reporter", "editor", "columnist", "journalist"}
# An unnamed member of a named body speaks for the body: "a senior Hamas official", "Israeli officials",
# "a Kremlin source", "an official in the Armenian government". Without a body they stay anonymous.
OFFICIAL_NOUNS = {"official", "officials", "source", "sources", "diplomat", "diplomats", "aide", "aides", "negotiator", "negotiators", "delegate", "delegates", "representative", "representatives", "spokesman", "spokeswoman", "spokesperson"}
# ... of which these also name one person's post when definite ("the Kremlin spokesman", "Russia's top diplomat").
_POST_NOUNS = {"diplomat", "aide", "negotiator", "delegate", "representative", "spokesman", "spokeswoman", "spokesperson"}
_MEMBER_PREPOSITIONS = ("of", "from", "in", "at", "within", "inside", "with")
# Initials a body is known by ("VLF", "KDP"), and capitals that are not bodies.
_ACRONYM = re.compile(r"[A-Z]{2,6}")
_NOT_BODIES = {"CET", "GMT", "UTC", "EST", "EDT", "PST", "IST", "BST", "AM", "PM", "TV", "ID", "OK", "CEO", "USD", "EUR", "GDP", "AI", "UAV"}
# "the Varnian Liberation Front (VLF)": a name spelled out before its initials.
_SPELLED_OUT = re.compile(r"((?:[A-Z][\w'’.-]*\s+(?:(?:of|for|and|the|de|du|des|la)\s+)*){0,7}[A-Z][\w'’.-]*)\s+\(([A-Z]{2,6})\)")
# Prepositions that put a one-word name on the map: "talks in Geneva", "a summit at Sochi".
_LOCATIVE = {"in", "at", "near", "outside", "inside"}
# How far back "the official" may reach for the body of the official met before.
_OFFICIAL_REACH = 1500


@dataclass
class Mention:
    """An actor met in the text, for later surnames, roles and pronouns."""

    position: int
    name: str
    kind: str
    salient: bool  # a main-clause subject, or a speaker


@dataclass
class SpeakerResolver:
    """Resolves speakers within one article."""

    registry: Registry
    doc: Doc
    layout: Layout
    published: date | None = None  # the article's date: who held an office then
    new_actors: dict[str, Actor] = field(default_factory=dict)
    mentions: list[Mention] = field(default_factory=list)  # people and bodies, in text order
    neuter: list[tuple[int, str | None]] = field(default_factory=list)  # main-clause non-person subjects
    genders: dict[str, str] = field(default_factory=dict)
    descriptors: dict[str, set[str]] = field(default_factory=dict)
    quoted: Ranges = field(default_factory=lambda: Ranges([]))  # direct quotes: their words name no speaker
    _local: dict[str, str] = field(default_factory=dict)  # surname -> full name of unregistered people
    _run_of: dict[int, Span] = field(default_factory=dict)
    _run_cache: dict[int, str | None] = field(default_factory=dict)
    _ent_of: dict[int, Span] = field(default_factory=dict)
    _author_cache: dict[str, bool] = field(default_factory=dict)
    _officials: list[tuple[int, str]] = field(default_factory=list)  # where an official of a body was met, and the body
    _places: set[str] = field(default_factory=set)  # one-word names the article puts things "in" or "at"
    _acronyms: dict[str, str] = field(default_factory=dict)  # "VLF" -> "Varnian Liberation Front", as the article spells it out

    # ----- setup ---------------------------------------------------------------------------------
    def read(self, quoted: list[tuple[int, int]]) -> None:
        """Index names, people and main-clause subjects, in text order."""
        self.quoted = Ranges(quoted)
        for ent in self.doc.ents:
            for i in range(ent.start, ent.end):
                self._ent_of[i] = ent
        runs = list(_name_runs(self.doc))
        for run in runs:
            for token in run:
                self._run_of[token.i] = run
        # Full names first, so a surname met before its full name still finds it.
        for run in runs:
            self._remember_name(run)
        for match in _SPELLED_OUT.finditer(self.doc.text):
            name = _spelled_out(match.group(1).split(), match.group(2))
            if name:
                self._acronyms.setdefault(match.group(2), name)
        for token in tokens(self.doc):
            if token.lower_ in _LOCATIVE and token.dep_ == "prep":
                for place in (c for c in token.children if c.dep_ == "pobj" and c.pos_ == "PROPN"):
                    run = self._run_of.get(place.i)
                    if run is not None and len(run) == 1 and not any(c.dep_ == "case" for c in place.children):
                        self._places.add(place.lower_)  # "talks in Geneva": Geneva is a place here
        for sent in sentences(self.doc):
            self._read_sentence(sent)

    def _remember_name(self, run: Span) -> None:
        text = _run_text(run)
        if self.registry.lookup(text) or self._is_author_or_outlet(text):
            return
        bare = _strip_name_titles(text, self.registry)
        parts = bare.split()
        if len(parts) >= 2 and self._person_like(run, bare):
            self._local.setdefault(parts[-1].lower(), bare)

    def _read_sentence(self, sent: Span) -> None:
        seen: set[int] = set()
        for token in tokens(self.doc)[sent.start : sent.end]:
            if token.i in seen or self._in_quote(token.idx):
                continue
            run = self._run_of.get(token.i)
            if run is not None:
                seen.update(t.i for t in run)
                head = _run_head(run)
                name = self._resolve_run(run) or self._resolve_longer(head, run)  # "the Hostages and Missing Families Forum"
                if name is None:
                    continue
                self._describe(name, run, head)
                self._add_mention(head, name)
                continue
            if token.pos_ == "NOUN" and token.dep_ in ("nsubj", "nsubjpass", "ROOT", "appos", "pobj", "dobj") and not token.tag_.endswith("S"):
                if token.lower_ in ROLE_NOUNS or token.lower_ in GROUP_NOUNS or token.lower_ in GOVERNMENT_NOUNS or any(c.dep_ == "compound" for c in token.children):
                    name = self._resolve_common(token)
                    if name is not None:
                        self._add_mention(token, name)
                        continue
            if token.dep_ in ("nsubj", "nsubjpass") and _main_subject(token) and token.lower_ not in PRONOUN_GENDER:
                if token.lower_ in NEUTER_PRONOUNS:
                    self.neuter.append((token.idx, self.resolve_neuter(token.idx)))
                elif token.pos_ in ("NOUN", "PROPN", "DET", "PRON") and token.lower_ not in FIRST_SECOND:
                    self.neuter.append((token.idx, None))

    def _add_mention(self, token: Token, name: str) -> None:
        kind = self.kind_of(name)
        salient = _main_subject(token) or (token.dep_ == "appos" and _main_subject(token.head))
        if kind in PERSON_KINDS:
            self.mentions.append(Mention(token.idx, name, kind, salient))
        elif token.dep_ in ("nsubj", "nsubjpass") and salient:
            self.neuter.append((token.idx, name))

    def _describe(self, name: str, run: Span, head: Token) -> None:
        """Words that describe a person here: titles before the name and appositions."""
        words = self.descriptors.setdefault(name, set())
        for token in run:
            if token.lower_ in TITLE_WORDS or token.i < head.i and self._nationality(token.lower_):
                words.add(token.lower_)
        for child in head.children:
            if child.dep_ == "appos" or (child.dep_ == "amod" and child.i < run.start):
                words.update(t.lower_ for t in child.subtree if t.is_alpha)
            if child.dep_ == "prep" and child.lower_ == "of" and child.i == run.end:
                # "Prime Minister Sok Vanna of Cambodia": where the title belongs (not what is conjoined to it)
                for pobj in (c for c in child.children if c.dep_ == "pobj"):
                    words.update(t.lower_ for t in pobj.lefts if t.dep_ == "compound")
                    words.add(pobj.lower_)
        if head.dep_ == "appos":
            words.update(t.lower_ for t in self.phrase(head.head) if t.is_alpha)
        # titles just before the name ("U.S. envoy Steve Witkoff"), not "the spokesman said Putin ..."
        i = run.start - 1
        while i >= max(0, run.start - 2) and (head.doc[i].ent_type_ == "NORP" or head.doc[i].lower_ in TITLE_WORDS):
            words.add(head.doc[i].lower_)
            i -= 1
        if name not in self.genders and self.kind_of(name) in PERSON_KINDS:
            if words & {"spokeswoman", "chairwoman", "ms", "ms.", "mrs", "mrs.", "queen", "princess"}:
                self.genders[name] = "female"
            elif words & {"spokesman", "chairman", "mr", "mr.", "king", "prince", "sheikh"}:
                self.genders[name] = "male"

    # ----- actors ---------------------------------------------------------------------------------
    def kind_of(self, name: str) -> str | None:
        actor = self.registry.actors.get(name) or self.new_actors.get(name)
        return actor.kind if actor else ("person" if name in self._local.values() else None)

    def gender_of(self, name: str) -> str | None:
        known = self.registry.gender(name) or self.genders.get(name)
        if known:
            return known
        first = strip_titles(name).split()[0].lower() if name.split() else ""
        first = first.split("-")[0] if first not in FEMALE_NAMES | MALE_NAMES else first
        if first in FEMALE_NAMES:
            return "female"
        if first in MALE_NAMES:
            return "male"
        return None

    def ensure_actor(self, name: str, kind: str, context: str = "") -> str:
        """A speaker the registry does not know becomes an unreviewed actor."""
        if name in self.registry.actors:
            return name
        if name in self.new_actors:
            if kind == "commentator" and self.new_actors[name].kind == "person":
                self.new_actors[name].kind = "commentator"
            return name
        if kind == "person" and _COMMENTATOR_WORDS.search(context):
            kind = "commentator"
        self.new_actors[name] = Actor(name=name, kind=kind, gender=self.gender_of(name) if kind in PERSON_KINDS else None, reviewed=False)
        return name

    def actor(self, name: str) -> Actor:
        if name in self.registry.actors:
            return self.registry.actors[name]
        if name not in self.new_actors:
            self.ensure_actor(name, "person")
        return self.new_actors[name]

    def note_speaker(self, name: str, position: int) -> None:
        """A speaker is the likeliest antecedent of the next pronoun of its kind."""
        kind = self.kind_of(name)
        if kind in PERSON_KINDS or kind is None:
            self.mentions.append(Mention(position, name, kind or "person", True))
            self.mentions.sort(key=lambda m: m.position)
        else:
            self.neuter.append((position, name))
            self.neuter.sort(key=lambda n: n[0])

    def is_author(self, name: str) -> bool:
        return self._is_author_or_outlet(name)

    def _is_author_or_outlet(self, text: str) -> bool:
        if text not in self._author_cache:
            self._author_cache[text] = self._author_or_outlet(text)
        return self._author_cache[text]

    def _author_or_outlet(self, text: str) -> bool:
        key = normalise(re.sub(r"'s$|’s$", "", text))
        if not key:
            return False
        if is_junk(text) and self.registry.lookup(text, names=False) is None:
            return True
        for author in self.layout.authors:
            author_key = normalise(author)
            if key == author_key or (len(key.split()) == 1 and author_key.split()[-1:] == [key]):
                return True
        for outlet in self.layout.outlets:
            outlet_key = normalise(outlet)
            initials = "".join(w[0] for w in key.split() if w not in ("the", "of", "and", "&"))
            if key == outlet_key or initials == outlet_key.replace(" ", "") or outlet_key in key.split():
                return True
        return False

    # ----- noun phrases ---------------------------------------------------------------------------
    def resolve(self, token: Token, anchor: int | None = None, exclude: tuple[int, int] | None = None) -> str | None:
        """The actor a subject token stands for; None for anonymous, unknown or journalist speakers."""
        anchor = token.idx if anchor is None else anchor
        lower = token.lower_
        if lower in PRONOUN_GENDER:
            return self.resolve_pronoun(lower, anchor, exclude)
        if lower in NEUTER_PRONOUNS:
            return self.resolve_neuter(anchor)
        if lower in FIRST_SECOND:
            return None
        if lower in RELATIVE and token.head.dep_ == "relcl":
            return self.resolve(token.head.head, anchor, exclude)
        if self.is_journalist(token):
            return None
        if token.lemma_ in STATEMENT_NOUNS:
            # "His post", "a statement from the Ukrainian presidency": whoever issued it
            owner = next((c for c in token.children if c.dep_ == "poss"), None)
            if owner is None:
                for prep in token.children:
                    if prep.dep_ == "prep" and prep.lower_ in ("from", "by", "of"):
                        owner = next((c for c in prep.children if c.dep_ == "pobj"), None)
                        break
            if owner is None:  # "a Hamas statement", "a Kremlin readout": the body named before the noun
                return next(filter(None, (self._body_named(c, place_ok=True) for c in token.children if c.dep_ in ("compound", "amod", "nmod") and c.i < token.i)), None)
            return self.resolve(owner, anchor, exclude) if owner is not None else None
        if token.pos_ == "NOUN" and token.text[:1].isupper() and token.i != sent_of(token).start and self._run_of.get(token.i) is None:
            # "said Price.": a surname the tagger took for a common noun
            local = self._local.get(token.lower_)
            known = self.registry.lookup(token.text)
            if local or known:
                return known or self.ensure_actor(local, "person")
        run = self._run_of.get(token.i)
        if run is not None:
            name = self._resolve_longer(token, run) or self._resolve_run(run)
            if name is not None:
                return name
            if all(_title_like(t.text, self.registry) or t.is_punct for t in run):
                # "the Secretary-General said", "the Ethiopian Prime Minister said": a title standing for its holder
                head = _run_head(run)
                holder = self._role_epithet(head, self.phrase(head)) or self._office_holder(head, self.phrase(head))
                if holder is not None or not any(c.dep_ == "appos" for c in token.children):
                    return holder  # else "Varnia's High Commissioner for Peace, Tomas Lind,": the apposition names them
        named = self._named_group(token) if token.lower_ in GROUP_NOUNS else None
        if named is not None:
            return named  # "the 'Contact' group, the army and the rebels": the group's own name, not what the parser hung on it
        for child in token.children:
            if child.dep_ == "appos":
                appos_run = self._run_of.get(child.i)
                if appos_run is not None:
                    name = self._resolve_run(appos_run)
                    if name is not None:
                        return name
        if run is not None:
            return None
        named = self._appositive_of_role(token)
        if named is not None:
            return named
        if token.pos_ in ("NOUN", "PROPN", "ADJ", "X", "NUM"):
            return self._resolve_common(token)
        return None

    def _appositive_of_role(self, token: Token) -> str | None:
        """'A senior adviser to President X, Ola Brekke, said': the parser hangs the name on X, but
        set off by commas right after the role's phrase it names the adviser."""
        if token.lower_ not in ROLE_NOUNS:
            return None
        doc = token.doc
        for prep in (c for c in token.children if c.dep_ == "prep"):
            for pobj in (c for c in prep.children if c.dep_ == "pobj"):
                for appos in (c for c in pobj.children if c.dep_ == "appos"):
                    run = self._run_of.get(appos.i)
                    if run is not None and 0 < run.start and run.end < len(doc) and doc[run.start - 1].text == "," and doc[run.end].text == ",":
                        name = self._resolve_run(run)
                        if name is not None and self.kind_of(name) in PERSON_KINDS:
                            return name
        return None

    def _resolve_longer(self, token: Token, run: Span) -> str | None:
        """Names longer than a run of proper nouns: "the International Committee of the Red Cross",
        "the Hostages and Missing Families Forum"."""
        doc = token.doc
        joiners = ("of", "and", "the", "for", "&", "-")
        left = run.start
        while left > sent_of(token).start and run.start - left < 6 and (doc[left - 1].text[:1].isupper() or doc[left - 1].lower_ in joiners) and not doc[left - 1].is_sent_start:
            left -= 1
        right = run.end
        while right < sent_of(token).end and right - run.end < 6 and (doc[right].text[:1].isupper() or doc[right].lower_ in joiners):
            right += 1
        if left == run.start and right == run.end:
            return None
        for length in range(right - left, run.end - run.start, -1):
            for a in range(left, right - length + 1):
                b = a + length
                if a <= token.i < b:
                    known = self.registry.lookup(doc[a:b].text, names=False)
                    if known:
                        return known
        return None

    def outlet(self, token: Token) -> str | None:
        """The news outlet a token names ("Reuters", "the Financial Times", "a newspaper",
        "state television", the article's own outlet), as written; None for anything else."""
        run = self._run_of.get(token.i)
        candidates = [_run_text(run)] if run is not None else []
        candidates.append(re.sub(r"(?:'s|’s)$", "", self.phrase(token).text.strip()))
        for text in candidates:
            if not text or self.registry.lookup(text, names=False) is not None:
                continue
            own = any(normalise(text) == normalise(o) for o in self.layout.outlets)
            if own or is_outlet(text):
                return re.sub(r"^the\s+", "", re.sub(r"\s+", " ", text), flags=re.I)
        return None

    def is_place(self, text: str) -> bool:
        """'New Delhi', 'Geneva', 'Israel': a capital, a known city or region, or a country."""
        key = normalise(text)
        if key in CAPITALS or key in PLACES or key in self._places or key in _COUNTRIES:
            return True
        # "New Delhi", "Moscow": a seat of government the registry knows (for a dateline, never "the Indian government")
        return self.registry.government_of(key) is not None and len(key.split()) <= 3 and "government" not in key

    def is_journalist(self, token: Token) -> bool:
        """'Our correspondent', or a name the byline gives: never a speaker."""
        if token.lower_ in _JOURNALISTS and any(c.lower_ in ("our", "my") for c in token.children):
            return True
        run = self._run_of.get(token.i)
        return run is not None and self._is_author_or_outlet(_run_text(run))

    def resolve_label(self, label: str) -> str | None:
        """A transcript label, a headline label or a dash credit: 'MS. LEAVITT', 'Sisi', 'Anna Grigoryan'."""
        label = re.sub(r"\s*\([^)]*\)\s*$", "", label).strip(" :-—–")
        if not label or self._is_author_or_outlet(label):
            return None
        cased = label.title() if label.upper() == label else label
        known = self.registry.lookup(label) or self.registry.lookup(cased)
        if known:
            return known
        bare = _strip_name_titles(cased, self.registry)
        known = self.registry.lookup(bare)
        if known:
            return known
        parts = bare.split()
        if not parts or all(p.lower() in TITLE_WORDS or p.lower() == "the" for p in parts):
            return None  # "THE PRESIDENT", "SPOKESPERSON": a role, not a name
        if parts[-1].lower() in self._local:
            return self.ensure_actor(self._local[parts[-1].lower()], "person")
        if 2 <= len(parts) <= 4 and all(p[:1].isupper() for p in parts if p.lower() not in NAME_PARTICLES):
            return self.ensure_actor(bare, "person")
        return None

    def phrase(self, token: Token) -> Span:
        """The noun phrase of a subject: determiners, modifiers, compounds, possessives; no clauses."""
        keep = [token.i]
        for child in token.lefts:
            if child.dep_ in ("det", "amod", "compound", "poss", "nmod", "nummod", "case", "quantmod", "npadvmod") or child.ent_type_:
                keep.extend(t.i for t in child.subtree)
        for child in token.rights:
            if child.dep_ in ("compound", "flat", "case"):
                keep.extend(t.i for t in child.subtree)
        return token.doc[min(keep) : max(keep) + 1]

    def _resolve_common(self, token: Token) -> str | None:
        """A phrase headed by a common noun: registry aliases, governments, roles, group epithets."""
        phrase = self.phrase(token)
        determiners = {c.lower_ for c in token.children if c.dep_ in ("det", "nummod")}
        indefinite = bool(determiners & _INDEFINITE) or any(c.dep_ == "nummod" for c in token.children)
        if token.lower_ in OFFICIAL_NOUNS and (indefinite or token.tag_ in ("NNS", "NNPS") or token.lower_ not in _POST_NOUNS):
            return self._official_of_body(token, indefinite)
        if indefinite:
            return None  # "a senior analyst", "two witnesses": anonymous on purpose
        for candidate in self._variants(phrase, token):
            known = self.registry.lookup(candidate, names=False)
            if known:
                return known
        lower = token.lower_
        plural = token.tag_ in ("NNS", "NNPS")
        if plural and lower in PLURAL_OFFICIALS:
            body = self._officials_body(token)
            if body is not None:
                return body
        if lower in GOVERNMENT_NOUNS:
            government = self._government_phrase(token)
            if government:
                return government
            if "the" in determiners and not plural and len(phrase) <= 3:
                # "the ministry said", after "Iran's foreign ministry ...": the government last named
                for _, name in reversed(self._bodies_before(token.idx)):
                    actor = self.registry.actors.get(name)
                    if actor is not None and actor.kind == "government":
                        return name
                return None
        owner = self._owner(token)
        if owner is not None and lower in ROLE_NOUNS:
            # "Putin's top foreign policy aide" -> "<alias of Putin>'s foreign policy aide" in the registry
            role = " ".join(t.text for t in phrase if t.dep_ not in ("det", "poss", "case") and t.i >= token.i - 3 and t.i not in owner[1])
            hit = self._possessive_role(owner[0], role)
            if hit:
                return hit
        if lower in ROLE_NOUNS and not plural:
            definite = "the" in determiners or any(c.dep_ == "poss" for c in token.children) or token.dep_ == "ROOT"
            if definite:
                return self._role_epithet(token, phrase, owner)
        if lower in GROUP_NOUNS:
            named = self._named_group(token)
            if named is not None:
                return named
            if not plural and "the" in determiners:
                return self._group_epithet(token, phrase)
        return None

    def _named_group(self, token: Token) -> str | None:
        """'the Hamas movement', "the 'Contact' group", "the Unity party": the body the group noun names."""
        for child in token.children:
            if child.dep_ in ("compound", "nmod", "amod") and child.ent_type_ in ("ORG", "") and child.pos_ == "PROPN":
                known = self.registry.lookup(child.text)
                if known is not None and self.kind_of(known) in ("organisation", "group"):
                    return known
                run = self._run_of.get(child.i)
                name = _run_text(run) if run is not None else child.text
                if known is None and run is not None and run.end == token.i and not self._nationality(name.lower()) and name.lower() not in CAPITALS and name.lower() not in PLACES and not self._is_author_or_outlet(name):
                    return self.ensure_actor(name, "organisation")  # "Varga's Unity party": a body the registry lacks
        return None

    def _official_of_body(self, token: Token, indefinite: bool) -> str | None:
        """'a senior Hamas official', 'Israeli officials', 'a Kremlin source', 'an official in the
        Armenian government', 'officials from Qatar's foreign ministry': the body they speak for.

        "A Western diplomat", "officials", "a source familiar with the talks" and "a diplomat in
        Nairobi" (a place, not a body) name no body and stay anonymous. "The official" with no
        body of its own is the official met just before.
        """
        candidates = [(c, "of") for c in token.children if c.dep_ in ("compound", "amod", "nmod", "poss") and c.i < token.i]
        for prep in (c for c in token.children if c.dep_ == "prep" and c.lower_ in _MEMBER_PREPOSITIONS):
            candidates += [(c, prep.lower_) for c in prep.children if c.dep_ == "pobj"]
        for candidate, relation in candidates:
            body = self._body_named(candidate, place_ok=relation in ("of", "from"))
            if body is not None:
                self._officials.append((token.idx, body))
                return body
        if not indefinite and token.tag_ not in ("NNS", "NNPS") and "the" in {c.lower_ for c in token.children if c.dep_ == "det"}:
            earlier = [body for position, body in self._officials if position < token.idx and token.idx - position < _OFFICIAL_REACH]
            return earlier[-1] if earlier else None
        return None

    def _body_named(self, token: Token, place_ok: bool) -> str | None:
        """The government or organisation a modifier or object names ('Hamas', 'Israeli', 'Kremlin',
        'the Armenian government'); a place ('Nairobi', 'Israel') only where place_ok."""
        if token.lower_ in FIRST_SECOND or token.lower_ in PRONOUN_GENDER or token.lower_ in NEUTER_PRONOUNS:
            return None
        place = token.lower_ in CAPITALS or token.lower_ in _COUNTRIES or (token.pos_ == "PROPN" and self._nationality(token.lower_) is not None)
        if place and not place_ok:
            return None
        run = self._run_of.get(token.i)
        texts = [_run_text(run)] if run is not None else []
        texts += [" ".join(t.text for t in token.subtree if t.dep_ != "det" and not t.is_punct), token.text]
        for text in texts:
            known = self.registry.lookup(text, names=False)
            if known is None:
                known = self.registry.government_of(text)
            if known is not None and self.kind_of(known) not in PERSON_KINDS:
                return known
        if token.lower_ in GOVERNMENT_NOUNS | GROUP_NOUNS | {"organization", "organisation"} and token.pos_ == "NOUN":
            body = self._resolve_common(token)
            if body is not None and self.kind_of(body) not in PERSON_KINDS:
                return body
        country = self._nationality(token.lower_) if token.text[:1].isupper() else None
        return self._new_government(country) if country else None

    def _new_government(self, country: str) -> str | None:
        """The government of a country: registered, or a new unreviewed one ("Lebanese government")."""
        known = self.registry.government_of(country)
        if known:
            return known
        adjective = next((adj for adj, place in NATIONALITIES.items() if place == country and adj != country), None)
        return self.ensure_actor(f"{adjective.title()} government", "government") if adjective else None

    def _officials_body(self, token: Token) -> str | None:
        """'the foreign ministers of the Quad', 'Quad foreign ministers', 'G7 leaders': the group or body
        the officials speak for together."""
        candidates = [c for c in token.children if c.dep_ in ("compound", "nmod", "amod") and c.text[:1].isupper()]
        for prep in (c for c in token.children if c.dep_ == "prep" and c.lower_ in ("of", "from")):
            candidates += [c for c in prep.children if c.dep_ == "pobj"]
        for candidate in candidates:
            run = self._run_of.get(candidate.i)
            text = _run_text(run) if run is not None else " ".join(t.text for t in self.phrase(candidate) if t.dep_ != "det")
            known = self.registry.lookup(text, names=False)
            if known and self.kind_of(known) in ("group", "organisation"):
                return known
        return None

    def signatories(self, token: Token, anchor: int) -> list[str]:
        """'the two leaders said in a joint statement', 'both sides said': the parties named together
        just before (the signatories), as people, or as governments for 'countries', 'sides'."""
        if token.lower_ not in SIGNATORY_NOUNS:
            return []
        states = token.lower_ in _STATE_NOUNS
        named = [c for prep in token.children if prep.dep_ == "prep" and prep.lower_ == "of" for c in prep.children if c.dep_ == "pobj"]
        if named:
            # "the leaders of Thailand and Cambodia": the parties are in the phrase itself. Many of them
            # ("the leaders of Britain, France, Germany, Italy and Poland") make an unnamed coalition: nobody.
            members = [named[0]] + [t for t in named[0].subtree if t.dep_ == "conj" and t.pos_ in ("PROPN", "NOUN")]
            parties = [self.registry.government_of(m.text) or self.resolve(m) for m in members]
            return [p for p in dict.fromkeys(parties) if p] if len(members) == 2 and all(parties) else []
        sent = sent_of(token)
        for earlier in reversed([s for s in sentences(self.doc) if s.start < sent.start and anchor - s.start_char < 800] + [sent]):
            found = self._conjoined(earlier, token, states)
            if len(found) >= 2:
                return found
        return []

    def _conjoined(self, sent: Span, stop: Token, states: bool) -> list[str]:
        """The last group of two or more actors joined by 'and' in a sentence, before `stop`."""
        best: list[str] = []
        for head in sent:
            if head.i >= stop.i and sent.start <= stop.i < sent.end:
                break
            if head.dep_ == "conj" or head.pos_ not in ("PROPN", "NOUN"):
                continue
            # "Prime Minister X of Cambodia and Thai Prime Minister Y": the parser may hang Y on "Cambodia"
            members = [head] + [t for t in head.subtree if t.dep_ == "conj" and t.pos_ in ("PROPN", "NOUN") and t.i > head.i and not self._in_quote(t.idx)]
            if len(members) < 2:
                continue
            names: list[str] = []
            for member in members:
                name = self.resolve(member) if not self._in_quote(member.idx) else None
                if name is None and states:
                    name = self.registry.government_of(member.text)
                if name is not None and states and self.kind_of(name) in PERSON_KINDS:
                    name = self._government_of_person(name) or name
                if name is not None and name not in names:
                    names.append(name)
            people = [n for n in names if self.kind_of(n) in PERSON_KINDS]
            if not states and len(people) >= 2:
                best = people  # "the leaders": the people of the group, not the places around them
            elif len(names) >= 2 and not (best and not states and all(self.kind_of(n) in PERSON_KINDS for n in best)):
                best = names
        return best

    def issuers(self, token: Token) -> list[str]:
        """'A joint statement by Qatar and Egypt said': everyone the statement is by."""
        if token.lemma_ not in _JOINT_NOUNS:
            return []
        owners = [c for c in token.children if c.dep_ == "poss"]
        for prep in (c for c in token.children if c.dep_ == "prep" and c.lower_ in ("by", "from", "of")):
            owners += [c for c in prep.children if c.dep_ == "pobj"]
        names: list[str] = []
        for owner in owners:
            for member in [owner] + [t for t in owner.subtree if t.dep_ == "conj" and t.pos_ in ("PROPN", "NOUN")]:
                name = self.resolve(member) or self.registry.government_of(member.text)
                if name is not None and name not in names:
                    names.append(name)
        return names if len(names) >= 2 else []

    def _variants(self, phrase: Span, token: Token) -> list[str]:
        words = [t for t in phrase if not t.is_punct or t.text in ("-", "/")]
        text = phrase.text
        without_adjectives = " ".join(t.text for t in words if t.pos_ != "ADJ" or self._nationality(t.lower_) or t.lower_ in ("former", "top", "foreign")).replace(" 's", "'s").replace(" ’s", "’s")
        head_only = " ".join(t.text for t in words if t.i >= token.i or t.dep_ == "compound")
        variants = [text, without_adjectives, head_only]
        of = [c for c in token.rights if c.dep_ == "prep" and c.lower_ in ("of", "for")]
        if of:
            variants.insert(0, token.doc[phrase.start : max(t.i for t in of[0].subtree) + 1].text)
        return variants

    def _nationality(self, word: str) -> str | None:
        word = word.lower()
        if word in _COUNTRIES:
            return word
        return NATIONALITIES.get(word) or NATIONALITIES.get(word.strip(".")) or self.registry.country_of(word.strip("."))

    def _government_phrase(self, token: Token) -> str | None:
        """'the Omani foreign ministry', "Pakistan's foreign ministry", 'the government in Port Sudan',
        "the Israeli premier's office" (the office of a registered leader speaks for the government)."""
        for child in token.children:
            if child.dep_ in ("amod", "compound", "poss", "nmod"):
                country = self._nationality(child.lower_) if child.text[:1].isupper() else None
                government = self.registry.government_of(child.text) or (self._new_government(country) if country else None)
                if government:
                    return government
            if child.dep_ == "poss" and token.lower_ == "office":
                government = self._government_of_person(self.resolve(child))
                if government:
                    return government
            if child.dep_ == "prep" and child.lower_ in ("in", "of"):
                for pobj in child.children:
                    if pobj.dep_ == "pobj":
                        place = " ".join(t.text for t in pobj.subtree)
                        government = self.registry.government_of(place)
                        if government:
                            return government
        return None

    def _government_of_person(self, name: str | None) -> str | None:
        actor = self.registry.actors.get(name) if name else None
        if actor is None or actor.kind != "person" or not actor.affiliation:
            return None
        return self.registry.government_of(actor.affiliation)

    def _owner(self, token: Token) -> tuple[str, set[int]] | None:
        """'Putin's spokesman' / 'the spokesman for Secretary-General Antonio Guterres': the owner actor."""
        for child in token.children:
            if child.dep_ == "poss":
                owner = self.resolve(child) if child.lower_ not in PRONOUN_GENDER else None
                if owner:
                    return owner, {t.i for t in child.subtree}
            if child.dep_ == "prep" and child.lower_ in ("for", "of", "to"):
                for pobj in child.children:
                    if pobj.dep_ == "pobj":
                        owner = self.resolve(pobj)
                        if owner:
                            return owner, {t.i for t in child.subtree}
        return None

    def _possessive_role(self, owner: str, role: str) -> str | None:
        actor = self.registry.actors.get(owner)
        forms = [owner, strip_titles(owner).split()[-1]] + (list(actor.aliases) if actor else [])
        for form in forms:
            hit = self.registry.lookup(f"{form}'s {role}")
            if hit and hit != owner:
                return hit
        return None

    def _role_epithet(self, token: Token, phrase: Span, owner: tuple[str, set[int]] | None = None) -> str | None:
        """'the defence minister', 'the Israeli premier', "the alliance's chief" -> one person.

        In order: the most recent person in the article whose role has those words; else the person
        just named whose role the article never gave ("Bart De Wever said ... The Belgian prime
        minister added"); else the one registered person whose role has them ("the Israeli
        premier" before Netanyahu is named).
        """
        countries, required = self._role_terms(token, phrase, owner)
        if not required:
            return None
        return (
            self._mentioned_role(token, required, countries)
            or self._office_holder(token, phrase)
            or self._unfamiliar_person(token, countries)
            or self._registered_role(required, countries)
            or self._named_next(token, required, countries)
        )

    def _named_next(self, token: Token, required: list[set[str]], countries: set[str]) -> str | None:
        """'The commander of the northern militias said ... / Tomas Lind, head of the militias' council, ...':
        a lede that gives the role first and the name in the next sentence."""
        for mention in self.mentions:
            if token.idx < mention.position < token.idx + _UNFAMILIAR_REACH and mention.kind in PERSON_KINDS and mention.salient:
                return mention.name if self._fits_role(mention.name, required, countries) else None
        return None

    def _office_holder(self, token: Token, phrase: Span) -> str | None:
        """'the US president', 'the Cambodian prime minister', 'Ukraine's foreign minister': the
        registry's holder of that office on the article's date."""
        words = [t.text for t in phrase if t.dep_ != "det" and t.lower_ not in _EVALUATIVE and not t.is_punct or t.text in ("'s", "’s")]
        title = " ".join(words).replace(" 's", "'s").replace(" ’s", "’s")
        for prep in (c for c in token.rights if c.dep_ == "prep" and c.lower_ == "of"):
            title += " " + " ".join(t.text for t in prep.subtree)  # "the president of Colombia"
        return self.registry.office_holder(title, self.published) if title else None

    def _role_terms(self, token: Token, phrase: Span, owner: tuple[str, set[int]] | None) -> tuple[set[str], list[set[str]]]:
        """The places and bodies a role belongs to, and its words (each with its synonyms)."""
        countries: set[str] = set()
        required: list[set[str]] = []
        person_owner = owner is not None and self.kind_of(owner[0]) in PERSON_KINDS
        if person_owner:
            countries |= self._affiliations(owner[0])  # "Putin's spokesman": someone from Russia
        for word in phrase:
            lower = word.lower_.strip(".")
            if word.dep_ in ("det", "case", "punct") or word.is_punct or lower in _EVALUATIVE or lower in ("the", "'s"):
                continue
            if person_owner and word.i in owner[1]:
                continue
            if word.i != token.i:
                place = self._nationality(word.lower_) or (self._body(word.text) if word.text[:1].isupper() else None)
                if place:
                    countries.add(place)
                    continue
            if word.i == token.i and lower == "head" and any(c.dep_ == "prep" and c.lower_ == "of" and any(o.lower_ == "state" for o in c.children) for c in token.children):
                required.append(_HEADS_OF_STATE)  # "the head of state": the president, king or emir
                continue
            for part in re.split(r"[-\s]", lower):
                if part and part not in ("of", "and"):
                    required.append(_SYNONYMS.get(part, {part}))
        for prep in (c for c in token.children if c.dep_ == "prep" and c.lower_ == "of"):
            # "the commander of Varnia's militias": a commander from Varnia, whoever else commands
            for word in prep.subtree:
                place = self._nationality(word.lower_) if word.text[:1].isupper() else None
                if place:
                    countries.add(place)
        return countries, required

    def _fits_role(self, name: str, required: list[set[str]], countries: set[str]) -> bool:
        words = self._role_words(name)
        return all(options & words for options in required) and (not countries or bool(countries & self._countries(name)))

    def _mentioned_role(self, token: Token, required: list[set[str]], countries: set[str]) -> str | None:
        for mention in reversed(self.mentions):
            if mention.position < token.idx and mention.kind in PERSON_KINDS and self._fits_role(mention.name, required, countries):
                return mention.name
        return None

    def _registered_role(self, required: list[set[str]], countries: set[str]) -> str | None:
        """The one registered person with that role; None when several fit ('the foreign minister').

        Where several fit, the one whose main role (before any ';') has the head word wins: "the
        Qatari premier" is the prime minister, not the spokesman who advises him.
        """
        fitting = [a for a in self.registry.actors.values() if a.kind == "person" and self._fits_role(a.name, required, countries)]
        if len(fitting) > 1:
            head = required[-1]
            fitting = [a for a in fitting if head & set(re.split(r"[^a-z-]+", (a.role or "").split(";")[0].lower()))]
        return fitting[0].name if len(fitting) == 1 else None

    def _unfamiliar_person(self, token: Token, countries: set[str]) -> str | None:
        """The most recent person, named as a subject or speaker in the last few sentences, whose role
        the article never gave."""
        earlier = [m for m in self.mentions if m.position < token.idx and m.kind in PERSON_KINDS and m.salient and not self._in_quote(m.position)]
        if not earlier:
            return None
        last = earlier[-1]
        if last.kind != "person" or token.idx - last.position > _UNFAMILIAR_REACH or self._role_words(last.name) & (ROLE_NOUNS | TITLE_WORDS):
            return None
        known = self._countries(last.name)
        return last.name if not countries or not known or countries & known else None

    def _body(self, word: str) -> str | None:
        """'U.N.', 'NATO', 'EU' in a role: the registered body the role belongs to, lower case."""
        known = self.registry.lookup(word, names=False)
        actor = self.registry.actors.get(known) if known else None
        return actor.name.lower() if actor is not None and actor.kind == "organisation" else None

    def _affiliations(self, name: str) -> set[str]:
        """'Putin' -> {'russia'}: where a possessor's people come from."""
        actor = self.registry.actors.get(name)
        return {actor.affiliation.lower()} if actor is not None and actor.affiliation else set()

    def _role_words(self, name: str) -> set[str]:
        actor = self.registry.actors.get(name)
        text = " ".join(filter(None, [actor.role if actor else "", " ".join(self.descriptors.get(name, ()))]))
        words = {w for w in re.split(r"[^a-z]+", text.lower()) if w}
        if "secretary" in words and "general" in words:
            words.add("secretary-general")
        for word in list(words):
            words |= _SYNONYMS.get(word, set()) if word in ("defence", "defense") else set()
        return words

    def _countries(self, name: str) -> set[str]:
        actor = self.registry.actors.get(name)
        countries = {actor.affiliation.lower()} if actor and actor.affiliation else set()
        for word in self.descriptors.get(name, ()):
            country = self._nationality(word)
            if country:
                countries.add(country)
        return countries

    def _group_epithet(self, token: Token, phrase: Span) -> str | None:
        """'the paramilitary group', 'the rebel group' -> the most recent body that fits."""
        modifiers = [t.lower_ for t in phrase if t.i != token.i and t.dep_ in ("amod", "compound") and not t.is_punct]
        fallback = None
        for mention_position, name in reversed(self._bodies_before(token.idx)):
            actor = self.registry.actors.get(name) or self.new_actors.get(name)
            if actor is None or actor.kind != "organisation":
                continue
            text = f"{actor.name} {actor.role or ''} {' '.join(actor.aliases)}".lower()
            if all(m in text for m in modifiers):
                return name
            fallback = fallback or name
        return fallback if not modifiers else None

    def _bodies_before(self, position: int) -> list[tuple[int, str]]:
        bodies = [(m.position, m.name) for m in self.mentions if m.position < position]
        bodies += [(p, n) for p, n in self.neuter if n and p < position]
        for run_start, run in sorted({r.start: r for r in self._run_of.values()}.items()):
            if run[0].idx >= position:
                break
            name = self._run_cache.get(run_start)
            if name:
                bodies.append((run[0].idx, name))
        return sorted(bodies)

    # ----- names ---------------------------------------------------------------------------------
    def _resolve_run(self, run: Span) -> str | None:
        if run.start in self._run_cache:
            return self._run_cache[run.start]
        name = self._resolve_run_text(run)
        self._run_cache[run.start] = name
        return name

    def _resolve_run_text(self, run: Span) -> str | None:
        text = _run_text(run)
        if not text or self._is_author_or_outlet(text):
            return None
        words = text.split()
        for i in range(len(words)):
            if i == len(words) - 1 and i and self._other_given_name(words[i - 1], words[i], words[:i]):
                break  # "Hazem Qassem" is not the registered Naim Qassem
            known = self.registry.lookup(" ".join(words[i:]))
            if known:
                if i and self._is_author_or_outlet(known):
                    return None
                return known
        label = self._run_label(run)
        bare = _strip_name_titles(text, self.registry)
        parts = bare.split()
        if not parts:
            return None
        local = self._local.get(parts[-1].lower())
        if local and (len(parts) == 1 or local == bare or local.endswith(" " + bare)):
            return self.ensure_actor(local, "person", self._context(run))
        if self._person_like(run, bare) and len(parts) >= 2:
            return self.ensure_actor(bare, "person", self._context(run))
        if (label == "ORG" or label is None and _ORG_WORDS.search(bare)) and not _looks_generic(bare):
            return self.ensure_actor(re.sub(r"^the\s+", "", bare, flags=re.I), "organisation")
        if len(parts) == 1:
            return self._acronym(parts[0]) or self._given_name(run, parts[0]) or self._lone_surname(run, parts[0])
        return None

    def _acronym(self, word: str) -> str | None:
        """'VLF', 'KDP': a body known by its initials; by its full name where the article spells it
        out ("the Varnian Liberation Front (VLF)")."""
        if not _ACRONYM.fullmatch(word) or word in _NOT_BODIES or word.lower() in TITLE_WORDS or self._nationality(word.lower()) or self.is_place(word):
            return None
        expansion = self._acronyms.get(word)
        if expansion is not None:
            return self.registry.lookup(expansion, names=False) or self.ensure_actor(expansion, "organisation")
        return self.ensure_actor(word, "organisation")

    def _given_name(self, run: Span, word: str) -> str | None:
        """'Mohamad said', after 'Foreign Minister Mohamad Hasan': where the given name is what the
        article calls someone (Malay, Khmer, Thai names), the one person named before with it."""
        owners = {m.name for m in self.mentions if m.position < run[0].idx and m.kind in PERSON_KINDS and len(strip_titles(m.name).split()) > 1 and strip_titles(m.name).split()[0].lower() == word.lower()}
        return next(iter(owners)) if len(owners) == 1 else None

    def _lone_surname(self, run: Span, word: str) -> str | None:
        """'Brekke said: ...' where the excerpt never gives the first name: the surname alone, as a new
        person, when it is the subject of a verb of saying and nothing else (a place, a body, an
        acronym) that a single capitalised word could be."""
        head = _run_head(run)
        doc = head.doc
        following = doc[run.end] if run.end < len(doc) else None
        subject = head.dep_ == "nsubj" and head.head.lemma_ in CUE_VERBS
        if len(run) != 1 or not (subject or following is not None and following.lemma_ in CUE_VERBS and following.pos_ == "VERB"):
            return None
        if self.layout.is_headline(run[0].idx) or word.lower() in ROLE_NOUNS | GROUP_NOUNS | GOVERNMENT_NOUNS | {"mediator", "mediators"}:
            return None  # "Mediator says ..." in a title-case headline: a common noun
        if any(c.dep_ == "det" for c in head.children) or run.start and doc[run.start - 1].lower_ == "the":
            return None  # "the Pentagon said": a building or a body
        lower = word.lower()
        if lower in CAPITALS:
            return self._capital_government(lower)
        if lower in PLACES or lower in self._places:
            return None  # "Geneva said": a place, not a person
        if word.isupper() or not word[:1].isupper() or lower in _COUNTRIES or lower in NATIONALITIES or self.registry.country_of(lower) or lower in TITLE_WORDS:
            return None
        if is_junk(word) or _ORG_WORDS.search(word) or len(word) < 3:
            return None
        return self.ensure_actor(word, "person", self._context(run))

    def _capital_government(self, capital: str) -> str | None:
        """'Kabul said': the government of that country, registered or new ("Afghan government")."""
        return self._new_government(CAPITALS[capital])

    def _other_given_name(self, given: str, surname: str, run_words: list[str] | None = None) -> bool:
        """Is `given` a first name unlike that of the registered person with this surname?

        A title ("Defence Minister Katz") or a spelling variant with the same initial ("Yury
        Ushakov") still finds the registered person.
        """
        if _title_like(given, self.registry):
            return False
        known = self.registry.lookup(surname)
        if known is None or self.kind_of(known) not in PERSON_KINDS:
            return False
        if run_words and strip_titles(known).split()[0].lower() in {w.lower() for w in run_words}:
            return False  # "Sayyid Badr bin Hamad Albusaidi": the registered first name is there, further back
        return strip_titles(known).lower()[:1] != given.lower()[:1]

    def _run_label(self, run: Span) -> str | None:
        labels = [self._ent_of[t.i].label_ for t in run if t.i in self._ent_of]
        return labels[-1] if labels else None

    def _person_like(self, run: Span, bare: str) -> bool:
        label = self._run_label(run)
        parts = bare.split()
        if not parts or _ORG_WORDS.search(bare):
            return False
        first = parts[0].lower()
        if first in FEMALE_NAMES or first in MALE_NAMES or first.split("-")[0] in FEMALE_NAMES | MALE_NAMES:
            return True
        if label in _NON_PERSON_LABELS or label == "ORG":
            return False
        if label == "PERSON":
            return True
        return 2 <= len(parts) <= 4 and all(p[:1].isupper() for p in parts if p.lower() not in NAME_PARTICLES)

    def _context(self, run: Span) -> str:
        """The words that introduce a person: appositions, relative clauses, titles."""
        head = _run_head(run)
        pieces = [run.text]
        for child in head.children:
            if child.dep_ in ("appos", "relcl", "acl"):
                pieces.append(" ".join(t.text for t in child.subtree))
        if head.dep_ == "appos":
            pieces.append(" ".join(t.text for t in head.head.subtree))
        doc = head.doc
        after = doc[run.end : min(len(doc), run.end + 14)]
        if run.end < len(doc) and doc[run.end].text == ",":
            pieces.append(after.text)
        return " ".join(pieces)

    # ----- pronouns ------------------------------------------------------------------------------
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
        pick = (salient or recent or [None])[-1]
        if pick is None:
            return None
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

    def _in_quote(self, position: int) -> bool:
        return position in self.quoted


def _main_subject(token: Token) -> bool:
    """A subject of the main clause (or of a reporting verb), or the root of a verbless line."""
    if token.dep_ == "ROOT" and token.pos_ in ("PROPN", "NOUN"):
        return True
    if token.dep_ not in ("nsubj", "nsubjpass"):
        return False
    head = token.head
    if head.dep_ == "ROOT" or (head.dep_ == "conj" and head.head.dep_ == "ROOT"):
        return True
    return head.lemma_ in CUE_VERBS


def _name_runs(doc: Doc):
    """Maximal runs of capitalised proper nouns, with name particles and hyphens inside."""
    toks = tokens(doc)
    i = 0
    while i < len(toks):
        if not _namey(toks[i]):
            i += 1
            continue
        start = i
        j = i + 1
        while j < len(toks):
            token = toks[j]
            if _namey(token):
                j += 1
                continue
            if (token.text in ("-", "‐") and not toks[j - 1].whitespace_ and not token.whitespace_ and j + 1 < len(toks)
                    and (_namey(toks[j + 1]) or toks[j + 1].lower_ in NAME_PARTICLES)):
                j += 1
                continue
            if token.lower_ in NAME_PARTICLES and j + 1 < len(toks) and (_namey(toks[j + 1]) or toks[j + 1].text in ("-",)):
                j += 1
                continue
            break
        # a particle glued before the run: "al-Burhan", "el-Sisi"
        if start >= 2 and toks[start - 1].text == "-" and not toks[start - 2].whitespace_ and not toks[start - 1].whitespace_ and toks[start - 2].lower_ in NAME_PARTICLES:
            start -= 2
        yield doc[start:j]
        i = j


def _namey(token: Token) -> bool:
    if not token.text[:1].isupper() or token.is_punct:
        return False
    if token.pos_ == "PROPN":
        return True
    return token.ent_type_ in ("PERSON", "ORG") and token.pos_ in ("NOUN", "ADJ", "X", "VERB")


def _run_head(run: Span) -> Token:
    for token in run:
        if not (run.start <= token.head.i < run.end) or token.head.i == token.i:
            return token
    return run[-1]


def _run_text(run: Span) -> str:
    """The run's words, without a possessive or a day or month glued on ("Wednesday Trump")."""
    text = re.sub(r"\s+", " ", run.text).strip()
    return strip_calendar(re.sub(r"(?:'s|’s|')$", "", text).strip())


def _strip_name_titles(text: str, registry: Registry) -> str:
    """'Army Secretary Dan Driscoll' -> 'Dan Driscoll'; 'Congolese Foreign Minister X Y' -> 'X Y'."""
    words = text.split()
    while len(words) > 1 and _title_like(words[0], registry):
        words = words[1:]
    for i in range(len(words) - 3, 0, -1):
        if words[i].lower() in _OFFICE_NOUNS:  # "Heritage Affairs Minister Ana Pell": a portfolio the title list lacks
            return " ".join(words[i + 1 :])
    return " ".join(words)


def _title_like(word: str, registry: Registry) -> bool:
    lower = word.lower().strip(",")
    if lower in TITLE_WORDS or lower in NATIONALITIES:
        return True
    return lower.endswith(("an", "ese", "ish", "i", "ic")) and registry.country_of(lower) is not None and registry.lookup(lower) is None


def _spelled_out(words: list[str], initials: str) -> str | None:
    """The words before "(VLF)" that it stands for: "... with the Varnian Liberation Front" -> "Varnian
    Liberation Front" (lower-case joining words may sit inside: "Front for the Liberation")."""
    for start in range(len(words) - 1, -1, -1):
        tail = words[start:]
        if not tail[0][:1].isupper():
            continue
        found = "".join(w[0] for w in tail if w[:1].isupper())
        if found == initials:
            return " ".join(tail)
        if len(found) > len(initials):
            return None
    return None


def _looks_generic(text: str) -> bool:
    return len(text) < 2 or text.lower() in ("the", "state", "states")


__all__ = ["SpeakerResolver", "Mention", "PRONOUN_GENDER"]
