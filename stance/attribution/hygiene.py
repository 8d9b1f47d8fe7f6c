"""Names that are never speakers: page furniture, credits, calendar words and news outlets.

Text copied from web pages carries words that look like names to a tagger: "Updated On",
"Pool Photo", "Read More", "Getty Images", a day name glued to a name ("Wednesday Trump"), a
month heading, a section of the site ("World News"). None of them says anything. News outlets
("Reuters", "the Financial Times", "a newspaper") do not state positions either: they carry
someone else's words, so an outlet is the statement's *channel*, never its speaker.

Only names the registry does not know are tested here: a registered actor always stands.
"""

from __future__ import annotations

import re

DAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
MONTHS = (
    "january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december",
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
)  # fmt: skip
# Months that are also given names: never cut from a name, only refused when they stand alone.
_NAME_MONTHS = {"may", "june", "april", "august"}
_CALENDAR = {
    *DAYS,
    *MONTHS,
    "today",
    "yesterday",
    "tonight",
    "tomorrow",
    "week",
    "weekend",
    "month",
    "year",
    "morning",
    "afternoon",
    "evening",
    "night",
    "noon",
    "midnight",
}

# Page furniture, whole names in lower case.
_UI_NAMES = {
    "updated", "updated on", "updated at", "last updated", "published", "published on", "posted", "posted on", "first published",
    "read more", "read also", "also read", "read next", "read", "related", "related articles", "related stories", "related news",
    "more", "more news", "more stories", "see also", "share", "share this", "share this article", "comments", "comment",
    "advertisement", "advert", "sponsored", "sponsored content", "promoted", "subscribe", "subscribe now", "sign up", "sign in",
    "log in", "login", "register", "follow", "follow us", "connect with us", "click here", "watch", "watch live", "watch video",
    "listen", "listen to this article", "live", "live updates", "live blog", "breaking", "breaking news", "top stories",
    "trending", "trending now", "most read", "most popular", "most viewed", "editor's picks", "editors picks", "latest",
    "latest news", "home", "homepage", "home page", "menu", "search", "next", "previous", "prev", "back to top", "print",
    "email", "e-mail", "newsletter", "newsletters", "video", "videos", "photo", "photos", "gallery", "photo gallery", "image",
    "images", "opinion", "analysis", "explainer", "podcast", "podcasts", "tags", "topics", "skip to content", "cookie settings",
    "accept", "accept all", "copyright", "all rights reserved", "story continues below", "continue reading", "loading",
    "world", "world news", "politics", "business", "sport", "sports", "news", "top news", "national", "international",
    "region", "regional", "local", "features", "feature", "editorial", "editorials", "view", "views", "source", "sources",
}  # fmt: skip

# Credits for pictures and copy: "Pool Photo", "AFP Photo", "Getty Images", "Staff Reporter".
_CREDIT = re.compile(
    r"^(?:(?:[\w.-]+\s+){0,3}(?:photo|photos|photograph|pictures?|image|images|video|footage|handout|file photo|screenshot|screengrab)"
    r"(?:\s+(?:via|by|from|credit)\s+.+)?|(?:photo|image|picture|video)\s*(?:credit|courtesy)?\s*(?:by|via|from|:).*|"
    r"getty(?:\s+images)?.*|.*\s+via\s+getty(?:\s+images)?|shutterstock|alamy|epa(?:-efe)?|courtesy(?:\s+of)?\b.*|"
    r"(?:staff|special)\s+(?:reporter|writer|correspondent)s?|our\s+(?:correspondent|reporter|bureau)s?|"
    r"(?:web|news|online|foreign|city|world)\s+desk|editorial\s+(?:board|team|desk)|agencies|wire services|news agencies|"
    r"by\s+.+)$",
    re.I,
)
# Institutional words that name nobody on their own: "Office" cut from "the Ombudsman's Office".
_BARE_BODY_WORDS = {
    "ministry", "office", "department", "council", "committee", "commission", "agency", "authority", "directorate",
    "secretariat", "bureau", "spokesperson", "spokesman", "spokeswoman", "statement", "government", "administration",
}  # fmt: skip

# News outlets the registry should never hold as actors (lower case, without a leading "the").
OUTLETS = {
    "reuters", "afp", "agence france-presse", "agence france presse", "associated press", "ap", "the associated press",
    "bbc", "bbc news", "cnn", "al jazeera", "al-jazeera", "tass", "ria novosti", "ria", "interfax", "xinhua", "anadolu",
    "anadolu agency", "sputnik", "rt", "bloomberg", "axios", "politico", "financial times", "ft", "new york times",
    "washington post", "wall street journal", "wsj", "guardian", "times of israel", "haaretz", "al arabiya", "al-arabiya",
    "al-monitor", "middle east eye", "ndtv", "dawn", "kyiv independent", "ukrinform", "yonhap", "kyodo", "sky news",
    "fox news", "nbc news", "cbs news", "abc news", "npr", "le monde", "der spiegel", "spiegel", "bild", "izvestia",
    "kommersant", "asharq al-awsat", "the economist", "economist", "dpa", "efe", "ansa", "irna", "tasnim", "fars", "wam",
    "saudi press agency", "spa", "qna", "mena", "sana", "kuna", "ani", "pti", "press trust of india", "ukrainska pravda",
    "channel 12", "channel 13", "kan", "ynet", "walla", "i24news", "the hill", "newsweek", "time", "voice of america", "voa",
    "radio free europe", "rfe/rl", "deutsche welle", "dw", "france 24", "euronews", "cctv", "cgtn", "global times", "xinhua news agency",
}  # fmt: skip
# What outlets are called: "the Kyiv Post", "Al Arabiya TV", "Gulf News", "the Daily Star".
_OUTLET_WORDS = re.compile(
    r"\b(?:news|times|post|journal|herald|tribune|telegraph|gazette|daily|newspaper|newswire|wire|television|tv|radio|"
    r"broadcaster|broadcasting(?:\s+corporation)?|channel|press|network|online|weekly|monitor|chronicle|observer|"
    r"mirror|express|independent|standard|news\s+agency|agency|magazine)$",
    re.I,
)
# Public bodies whose names end like an outlet's ("Ministry of Information and Media", "Border Agency").
_PUBLIC_BODY = re.compile(
    r"\b(?:ministry|minister|office|council|department|committee|commission|government|authority|union|parliament|"
    r"nations|forces|army|party|movement|front|court|bank|federation|organi[sz]ation|secretariat|presidency|"
    r"energy|atomic|refugee|relief|development|security|intelligence|border|space|health|environment(?:al)?)\b",
    re.I,
)
# Common nouns for outlets: "according to a newspaper", "told state television".
OUTLET_NOUNS = {
    "newspaper", "newspapers", "daily", "paper", "tabloid", "broadcaster", "outlet", "outlets", "media", "television", "tv",
    "radio", "channel", "website", "news agency", "news agencies", "wire", "magazine", "weekly", "press", "news outlet",
}  # fmt: skip
_OUTLET_PHRASE = re.compile(
    r"^(?:a|an|the|one|several|some|local|state|state-run|state-owned|state-controlled|pro-\w+|official|national|public|"
    r"private|independent|news|online|[a-z]+-language|\w+n|\w+ese|\w+ish|\w+i|israeli|russian|ukrainian|american|british|"
    r"french|german|arab|arabic|pan-arab|saudi|qatari|turkish|iranian|chinese|indian|pakistani|lebanese|egyptian|"
    r"\s)*(?:" + "|".join(sorted((re.escape(n) for n in OUTLET_NOUNS), key=len, reverse=True)) + r")(?:\s+reports?)?$",
    re.I,
)

_EDGE_WORDS = re.compile(r"^(?:on|at|from|in|since|until)\s+", re.I)


def _key(name: str) -> str:
    key = re.sub(r"\s+", " ", name.replace("’", "'")).strip(" .,;:|-–—\"'").lower()
    key = re.sub(r"'s$", "", key)
    return re.sub(r"^the\s+", "", key)


def is_calendar_word(word: str) -> bool:
    """'Thursday', 'July', 'Sept.', 'Today'."""
    return word.strip(".,").lower() in _CALENDAR


def strip_calendar(name: str) -> str:
    """A name without a day, month or time word glued to either end by the crawl or the tagger.

    "Dmitry Peskov Thursday" -> "Dmitry Peskov"; "Wednesday Trump" -> "Trump"; "On Sunday Lavrov"
    -> "Lavrov". A month that is also a given name ("May", "June") is left alone.
    """
    words = name.split()
    if len(words) > 2 and _EDGE_WORDS.match(words[0] + " ") and is_calendar_word(words[1]):
        words = words[1:]
    while len(words) > 1 and is_calendar_word(words[0]) and words[0].strip(".,").lower() not in _NAME_MONTHS:
        words = words[1:]
    while len(words) > 1 and is_calendar_word(words[-1]) and words[-1].strip(".,").lower() not in _NAME_MONTHS:
        words = words[:-1]
    return " ".join(words)


def is_outlet(name: str) -> bool:
    """A news outlet, named ("Reuters", "the Financial Times", "Al Arabiya TV") or described ("a newspaper")."""
    key = _key(name)
    if not key:
        return False
    if key in OUTLETS or _OUTLET_PHRASE.match(key):
        return True
    if re.sub(r"\s+(?:tv\s+)?(?:channel|website|newspaper|daily)$", "", key) in OUTLETS:
        return True  # "Al Arabiya TV channel"
    if _PUBLIC_BODY.search(key):
        return False
    return bool(_OUTLET_WORDS.search(key)) and name.strip()[:1].isupper()


def is_junk(name: str) -> bool:
    """Page furniture, a credit, a calendar word or an outlet: not a speaker."""
    key = _key(name)
    if not key or not re.search(r"[a-z]", key):
        return True
    if key in _UI_NAMES or _CREDIT.match(key):
        return True
    if key in _BARE_BODY_WORDS:
        return True
    if all(
        is_calendar_word(word) or word in ("on", "of", "the", "last", "next", "this", "early", "late", "mid")
        for word in key.split()
    ):
        return True
    if "/" in key and any(is_outlet(side) or _CREDIT.match(side.strip()) for side in key.split("/")):
        return True  # "Reuters/Jane Doe", "AFP/Getty Images": a picture credit
    return is_outlet(name)


__all__ = ["DAYS", "MONTHS", "OUTLETS", "is_calendar_word", "is_junk", "is_outlet", "strip_calendar"]
