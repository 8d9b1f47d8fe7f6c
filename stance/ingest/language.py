"""The language gate: which language an article's clean text is in (py3langid, offline).

    "Le ministre a déclaré mardi que les négociations de paix ..."  -> "fr"
    "Кремль заявил, что переговоры ..."                              -> "ru"
    "Zelenskyy told Erdoğan and Sybiha in Kyiv that ..."           -> "en" (names do not tip it)
    "Ceasefire now."                                                 -> "en" (too short to judge: English is assumed)

Only a confident call on enough text counts: a short text or a mixed one is taken as English,
so an English article is never held back by a guess.
"""

from __future__ import annotations

from functools import lru_cache

ENGLISH = "en"
MIN_CHARS = 200  # below this the detector's call on news copy is a coin toss
MIN_PROBABILITY = 0.95
_SAMPLE_CHARS = 5_000  # the opening of an article is enough, and keeps long ones cheap
_NAMES = {  # language names as export formats spell them (Factiva "LA English", Nexis "Language: GERMAN")
    "english": "en",
    "eng": "en",
    "en-us": "en",
    "en-gb": "en",
    "en_us": "en",
    "en_gb": "en",
    "german": "de",
    "deutsch": "de",
    "french": "fr",
    "français": "fr",
    "francais": "fr",
    "spanish": "es",
    "español": "es",
    "russian": "ru",
    "ukrainian": "uk",
    "arabic": "ar",
    "hebrew": "he",
    "italian": "it",
    "portuguese": "pt",
    "polish": "pl",
    "dutch": "nl",
    "turkish": "tr",
    "chinese": "zh",
    "japanese": "ja",
    "persian": "fa",
    "farsi": "fa",
}


@lru_cache(maxsize=1)
def _identifier():
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def detect(text: str) -> tuple[str, float]:
    """(ISO 639-1 code, probability) of the text's language, without any gating."""
    language, probability = _identifier().classify(text[:_SAMPLE_CHARS])
    return str(language), float(probability)


def language_of(text: str) -> str:
    """The article's language: another language only when the detector is sure on enough text, else English."""
    sample = " ".join(text.split())
    if len(sample) < MIN_CHARS:
        return ENGLISH
    language, probability = detect(sample)
    if language != ENGLISH and probability >= MIN_PROBABILITY:
        return language
    return ENGLISH


def code_for(declared: str | None) -> str | None:
    """An ISO 639-1 code for a language as a file's metadata names it ("GERMAN" -> "de"), or None when unknown."""
    if not declared:
        return None
    key = declared.strip().lower()
    if key in _NAMES:
        return _NAMES[key]
    if len(key) == 2 and key.isalpha():
        return key
    return None


_DISPLAY = {
    "en": "English",
    "de": "German",
    "fr": "French",
    "es": "Spanish",
    "ru": "Russian",
    "uk": "Ukrainian",
    "ar": "Arabic",
    "he": "Hebrew",
    "it": "Italian",
    "pt": "Portuguese",
    "pl": "Polish",
    "nl": "Dutch",
    "tr": "Turkish",
    "zh": "Chinese",
    "ja": "Japanese",
    "fa": "Persian",
    "be": "Belarusian",
    "bg": "Bulgarian",
    "cs": "Czech",
    "ro": "Romanian",
    "hu": "Hungarian",
    "el": "Greek",
    "sv": "Swedish",
    "fi": "Finnish",
    "da": "Danish",
    "no": "Norwegian",
    "ka": "Georgian",
    "hy": "Armenian",
    "az": "Azerbaijani",
    "kk": "Kazakh",
    "ko": "Korean",
    "hi": "Hindi",
    "ur": "Urdu",
    "id": "Indonesian",
}


def language_name(code: str | None) -> str:
    """ "ru" -> "Russian"; a code without a known name is shown as it is."""
    if not code:
        return "unknown"
    return _DISPLAY.get(code.lower(), code)
