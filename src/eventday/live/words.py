"""Word cloud entries: normalisation, grouping, stop words and the blocklist.

Entries are stored by their normalised form (NFKC, case-folded, trimmed, inner
spaces collapsed, punctuation stripped from both ends) and counted by their group:
the normalised form's words by their Swedish Snowball stem, stop words left out of
phrases, so "Programmering", "programmering." and "programmeringen" count as one.
Compounds stay whole (the stemmer only trims endings). Each group is shown in the
spelling most people used; a moderator's merge or split wins over the grouping.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from functools import lru_cache

import snowballstemmer

_SWEDISH = snowballstemmer.stemmer("swedish")

STOP_WORDS = frozenset(
    [
        "och",
        "i",
        "att",
        "det",
        "som",
        "en",
        "på",
        "är",
        "av",
        "för",
        "med",
        "till",
        "den",
        "har",
        "de",
        "inte",
        "om",
        "ett",
        "han",
        "men",
        "var",
        "jag",
        "sig",
        "från",
        "vi",
        "så",
        "kan",
        "man",
        "när",
        "år",
        "säger",
        "hon",
        "under",
        "också",
        "efter",
        "eller",
        "nu",
        "sin",
        "där",
        "vid",
        "mot",
        "ska",
        "skulle",
        "kommer",
        "ut",
        "får",
        "finns",
        "vara",
        "hade",
        "alla",
        "andra",
        "mycket",
        "än",
        "här",
        "då",
        "sedan",
        "över",
        "bara",
        "in",
        "blir",
        "upp",
        "även",
        "vad",
        "få",
        "två",
        "vill",
        "ha",
        "många",
        "hur",
        "mer",
        "går",
        "sverige",
        "kronor",
        "detta",
        "nya",
        "procent",
        "skall",
        "hans",
        "utan",
        "sina",
        "något",
        "the",
        "a",
        "an",
        "and",
        "or",
        "of",
        "to",
        "in",
        "on",
        "for",
        "with",
        "at",
        "by",
        "from",
        "is",
        "are",
        "be",
        "as",
        "it",
        "that",
        "this",
        "our",
        "we",
        "you",
        "they",
        "their",
        "its",
        "was",
        "were",
        "not",
        "no",
        "but",
        "so",
        "if",
        "than",
        "then",
        "into",
        "about",
        "more",
        "most",
        "very",
        "can",
        "will",
        "just",
    ]
)

# Words hidden from every cloud (the moderator adds an event's own words). Kept short
# on purpose: common Swedish and English slurs and obscenities.
BLOCKLIST = frozenset(
    [
        "fitta",
        "kuk",
        "knulla",
        "hora",
        "jävla",
        "jävel",
        "fan",
        "helvete",
        "skit",
        "skitstövel",
        "bög",
        "blatte",
        "neger",
        "svartskalle",
        "mongo",
        "idiot",
        "fuck",
        "fucking",
        "shit",
        "cunt",
        "dick",
        "cock",
        "bitch",
        "whore",
        "slut",
        "nigger",
        "faggot",
        "retard",
        "asshole",
        "bastard",
    ]
)


def _is_edge(char: str) -> bool:
    return unicodedata.category(char)[0] in "PSZC"


def normalise(text: str) -> str:
    """The form entries are counted by: ``"  Kompetens-\u00adförsörjning!! "`` and
    ``"KOMPETENS-FÖRSÖRJNING"`` count as one."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    collapsed = " ".join(folded.split())
    start, end = 0, len(collapsed)
    while start < end and _is_edge(collapsed[start]):
        start += 1
    while end > start and _is_edge(collapsed[end - 1]):
        end -= 1
    return collapsed[start:end]


def display_form(text: str) -> str:
    """What was typed, trimmed and with inner spaces collapsed (kept as spelled)."""
    return " ".join(unicodedata.normalize("NFKC", text).split())


def drop_stop_words(norm: str) -> str:
    """Multi-word input without stop words; single words are kept as they are."""
    words = norm.split(" ")
    if len(words) < 2:
        return norm
    kept = [w for w in words if w not in STOP_WORDS]
    return " ".join(kept) if kept else norm


@lru_cache(maxsize=65536)
def group(norm: str) -> str:
    """The key variants of a normalised form count under: ``"programmeringen"`` and
    ``"programmering"`` both give ``"programmering"``."""
    return " ".join(_SWEDISH.stemWords(drop_stop_words(norm).split(" ")))


def is_blocked(norm: str, extra: Iterable[str]) -> bool:
    """True when the entry, or any word in it, is on the built-in or the event's list."""
    blocked = BLOCKLIST | {normalise(word) for word in extra}
    return norm in blocked or any(word in blocked for word in norm.split(" "))
