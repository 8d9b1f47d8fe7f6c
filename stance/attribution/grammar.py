"""Grammar helpers on the dependency parse: subtree spans, the subject of a verb (however the parser
hung it), conjuncts, issuers, passives and negation."""

from __future__ import annotations

from spacy.tokens import Span, Token

from stance.attribution.sentences import sent_of
from stance.attribution.vocabulary import ADDRESSEES, CUE_VERBS, NEGATING_HEADS, STATEMENT_NOUNS


def subtree_start(token: Token) -> int:
    """The index of the first token in token's subtree."""
    return min(t.i for t in token.subtree)


def subtree_end(token: Token) -> int:
    """One past the index of the last token in token's subtree."""
    return max(t.i for t in token.subtree) + 1


def subtree_span(token: Token) -> Span:
    """The tokens from the first to the last of token's subtree."""
    return token.doc[subtree_start(token) : subtree_end(token)]


def subject_of(verb: Token) -> Token | None:
    """The verb's subject; for participles and conjoined verbs, the subject of the verb they hang on.

    A reporting verb without a subject of its own ("..., adding: ...", "... and warned against ...")
    belongs to the reporting verb above it, even when the parser hangs it inside that verb's clause.
    """
    own = own_subject(verb)
    if own is not None:
        return own
    if (
        verb.dep_ == "conj"
        and verb.tag_ in ("VBD", "VBZ", "VBP")
        and verb.head.tag_ == verb.tag_
        and _joined_by_and(verb)
    ):
        shared = own_subject(verb.head)  # "Pell praised the hosts and said that ...": two finite verbs, one subject
        if shared is not None and shared.lower_ not in ("who", "which", "that"):
            return shared
    before = _noun_before_aside(verb)
    if before is not None:
        return before
    misread = _subject_read_as_object(verb)
    if misread is not None:
        return misread
    nearest = clause_before_participle(verb)
    if nearest is not None:
        shared = own_subject(nearest)  # "a charge that Varnia rejects, insisting ...": Varnia insists
        if shared is not None and shared.lower_ not in ("who", "which", "that"):
            return shared
    return _subject_above(verb)


def _subject_above(verb: Token) -> Token | None:
    """The subject of a clause above the verb: for a verb of saying, the nearest one that is not
    itself reported by another; for any other verb, the nearest main, conjoined or adverbial clause's."""
    chain, owner = _heads_above(verb)
    if owner is not None:
        return owner
    cue = verb.lemma_ in CUE_VERBS
    for position, ancestor in enumerate(chain):
        subject = own_subject(ancestor)
        if subject is None or subject.lower_ in ("who", "which", "that") and cue:
            continue
        if (
            cue
            and ancestor.dep_ in ("ccomp", "relcl", "acl")
            and any(a.lemma_ in CUE_VERBS and own_subject(a) is not None for a in chain[position + 1 :])
        ):
            continue  # the subject of a reported clause is not the one reporting it
        if not cue and ancestor.dep_ not in ("ROOT", "conj", "advcl", "xcomp", "ccomp") and ancestor.pos_ != "VERB":
            continue
        return subject
    top = chain[-1] if chain else verb
    if top.dep_ == "ROOT" and top.pos_ in ("VERB", "AUX"):
        return _subject_before(top)
    return None


def _heads_above(verb: Token) -> tuple[list[Token], Token | None]:
    """The heads above the verb (at most eight), stepping over a noun of saying it describes ("the
    statement, issued on Friday, said"); or, when that noun has one, its owner ("Putin's statement")."""
    chain: list[Token] = []
    current = verb
    for _ in range(8):
        if current.dep_ == "acl" and current.head.lower_ in STATEMENT_NOUNS:
            noun = current.head
            owner = next((c for c in noun.children if c.dep_ == "poss"), None)
            if owner is not None:
                return chain, owner
            current = noun.head.head if noun.head.pos_ == "ADP" else noun.head
            chain.append(current)
            continue
        if current.head.i == current.i or current.dep_ == "ROOT":
            break
        if current.dep_ == "ccomp" and current.i == verb.i:
            break
        current = current.head
        chain.append(current)
    return chain, None


def _joined_by_and(verb: Token) -> bool:
    """'thanked Trump and said': the verb follows its conjunction directly, in the same clause as its head."""
    doc = verb.doc
    i = verb.i - 1
    while i > verb.head.i and doc[i].pos_ == "ADV":
        i -= 1
    return doc[i].lower_ in ("and", "but") and not any(t.text in (";", ":") for t in doc[verb.head.i : verb.i])


def own_subject(verb: Token) -> Token | None:
    """The verb's own subject (the last nominal one); where the parser took a fronted participle's
    object for it ("Touring Odesa, Defence Secretary Tomas Lind told"), the name in apposition."""
    subjects = [c for c in verb.children if c.dep_ == "nsubj"]
    if not subjects:
        return None
    nominal = [c for c in subjects if c.pos_ in ("PROPN", "NOUN", "PRON")]
    subject = (nominal or subjects)[-1]
    opening = verb.doc[subtree_start(subject)]
    if opening.is_sent_start and opening.lower_.endswith("ing") and opening.i < subject.i:
        # "Touring Odesa, Defence Secretary Tomas Lind told ...": the place is the participle's object
        subject = next((c for c in subject.children if c.dep_ == "appos" and c.i > subject.i), subject)
    return subject


def _subject_before(verb: Token) -> Token | None:
    """A root verb the parser left without a subject ("In Brussels, Kaja Kallas, the EU's ..., welcomed").

    Walks left over comma-delimited asides (appositions, relative clauses) to the nearest noun.
    """
    doc = verb.doc
    i = verb.i - 1
    start = sent_of(verb).start
    while i >= start:
        token = doc[i]
        if token.text == ",":
            j = i - 1
            while j >= start and doc[j].text != ",":
                j -= 1
            aside = doc[j + 1 : i]
            if (
                j >= start
                and len(aside)
                and (
                    aside[0].lower_ in ("who", "which", "whose", "the", "a", "an")
                    or aside[0].pos_ == "VERB"
                    and aside[0].tag_ in ("VBN", "VBD", "VBG")
                    or aside.root.dep_ in ("appos", "relcl", "acl", "advcl")
                )
            ):
                i = j - 1
                continue
            i -= 1
            continue
        if token.is_punct or token.pos_ in ("ADV", "AUX", "PART"):
            i -= 1
            continue
        if token.pos_ in ("PROPN", "NOUN", "PRON"):
            while (
                token.dep_ in ("appos", "compound", "flat") and token.head.i > token.i - 8 and token.head.i != token.i
            ):
                if token.head.dep_ == "pobj":
                    break  # "In a post on X, the former Russian president, ...": X is not the subject
                token = token.head
            if (
                token.dep_ == "pobj"
                and token.head.dep_ == "prep"
                and token.head.head.pos_ in ("NOUN", "PROPN")
                and token.head.head.dep_ in ("nsubj", "ROOT", "ccomp")
            ):
                token = token.head.head  # "A Ukrainian official at the talks, ..., said": the official, not the talks
            return token
        return None
    return None


def _subject_read_as_object(verb: Token) -> Token | None:
    """'... resume as Varnia on Friday praised the "spirit" of the talks': the parser took the conjunction for a
    preposition and the subject for its object; the verb that follows is the subject's."""
    if verb.dep_ not in ("advcl", "conj") or any(c.dep_ in ("mark", "nsubj", "nsubjpass") for c in verb.children):
        return None
    doc = verb.doc
    adverbials = [c.left_edge.i for c in verb.lefts if c.dep_ in ("prep", "npadvmod", "advmod")]  # "on Monday"
    i = min(adverbials + [verb.i]) - 1
    if i < 1:
        return None
    noun = doc[i]
    if (
        noun.pos_ in ("PROPN", "NOUN")
        and noun.dep_ == "pobj"
        and noun.head.lower_ in ("as", "after", "before", "since", "while", "until", "because", "when")
        and noun.head.i == i - 1
    ):
        return noun
    first = i
    while first > 0 and doc[first - 1].pos_ == "PROPN":
        first -= 1
    if (
        verb.dep_ in ("conj", "advcl")
        and noun.pos_ == "PROPN"
        and noun.dep_ in ("pobj", "conj", "dobj")
        and first > 0
        and doc[first - 1].lower_ == "and"
    ):
        return noun  # "X offered talks in May and President Y vowed ...": Y, hung on "May"
    return None


def _word_before_comma_clause(verb: Token) -> Token | None:
    """The word just before ', <participle clause>' when `verb` heads such a clause ('..., insisting that')."""
    if verb.tag_ != "VBG" or verb.dep_ != "advcl":
        return None
    left = subtree_start(verb)
    if left < 2 or verb.doc[left - 1].text != ",":
        return None
    return verb.doc[left - 2]


def clause_before_participle(verb: Token) -> Token | None:
    """', insisting ...' right after a clause of saying ('a charge that Varnia flatly rejects'): that
    clause's verb, wherever the parser hung the participle."""
    if verb.lemma_ not in CUE_VERBS:
        return None
    clause = _word_before_comma_clause(verb)
    if clause is None:
        return None
    left = subtree_start(verb)
    while clause.pos_ not in ("VERB", "AUX") and clause.head.i != clause.i and clause.head.i < left:
        clause = clause.head
    if clause.i == verb.head.i or clause.lemma_ not in CUE_VERBS or clause.dep_ not in ("relcl", "acl", "conj"):
        return None
    return clause


def _noun_before_aside(verb: Token) -> Token | None:
    """'the general, while thanking the envoy for his patience, has not moved': a participle
    clause set off by commas right after a subject belongs to that subject, wherever the parser hung it."""
    noun = _word_before_comma_clause(verb)
    if noun is None:
        return None
    if noun.pos_ in ("NOUN", "PROPN") and (
        noun.dep_ in ("nsubj", "nsubjpass") or noun.dep_ == "conj" and noun.head.pos_ in ("VERB", "AUX")
    ):
        return noun  # (a subject the parser took for a conjunct of the verb before: "..., but the leader, while ...")
    return None


def conjuncts(subject: Token) -> list[Token]:
    """'Qatar and Egypt': each conjoined subject speaks."""
    found = [subject]
    if subject.pos_ == "PRON":
        return found
    for token in subject.subtree:
        if (
            token.dep_ == "conj"
            and token.head.i in {t.i for t in found}
            and token.pos_ in ("PROPN", "NOUN")
            and any(c.lower_ == "and" for c in token.head.children)
        ):
            found.append(token)
    return found


def issuer(noun: Token) -> Token | None:
    """Whose post, statement or words: 'His post', 'the words of the Russian leader'."""
    for child in noun.children:
        if child.dep_ == "poss":
            return child
        if child.dep_ == "prep" and child.lower_ in ("of", "from", "by"):
            return next((c for c in child.children if c.dep_ == "pobj"), None)
    return None


def is_passive(verb: Token) -> bool:
    """'will be answered': the subject is what is acted on, not a speaker."""
    return any(c.dep_ in ("auxpass", "nsubjpass") for c in verb.children)


def is_negated(verb: Token) -> bool:
    """'did not say', 'said nothing', 'refused to confirm': the verb states nothing."""
    if any(c.dep_ == "neg" for c in verb.children):
        return True
    if any(c.dep_ == "dobj" and c.lower_ in ("nothing", "little") for c in verb.children) and not any(
        c.dep_ == "ccomp" for c in verb.children
    ):
        return True
    head = verb.head
    if verb.dep_ == "xcomp" and (head.lemma_ in NEGATING_HEADS or any(c.dep_ == "neg" for c in head.children)):
        return True
    return False


def is_addressee(token: Token) -> bool:
    """'told reporters', 'warned India', 'told the Knesset': the person or body spoken to."""
    return (
        token.lemma_.lower() in ADDRESSEES
        or token.lower_ in ADDRESSEES
        or token.ent_type_ in ("PERSON", "ORG", "GPE", "NORP")
        or token.pos_ in ("PRON", "PROPN")
    )


def ownerless_statement(token: Token) -> bool:
    """'the statement said', 'the letter added': a document nobody is named for here; it is the one
    whose issuer the article just gave ("X said in a statement. ... the statement said")."""
    return (
        token.lemma_ in STATEMENT_NOUNS
        and token.lower_ not in ("word", "words")
        and not any(c.dep_ in ("poss", "prep", "compound", "amod") for c in token.children)
    )
