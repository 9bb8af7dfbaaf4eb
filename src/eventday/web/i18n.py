"""Languages: Babel catalogues compiled at start, the request's language in a context var.

Message ids are the English source text. Each feature keeps its own catalogue
(``locale/<lang>/LC_MESSAGES/<feature>.po``) so features can be worked on side by
side; at start every catalogue of a language is compiled in memory and merged.
"""

from __future__ import annotations

import contextvars
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from datetime import date, datetime
from functools import cache
from io import BytesIO
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from babel import Locale, dates, numbers
from babel.core import negotiate_locale
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import Translations

LANGUAGES = ("sv", "en")
SOURCE_LANGUAGE = "en"

_active: contextvars.ContextVar[tuple[str, Translations]] = contextvars.ContextVar(
    "eventday_language", default=(SOURCE_LANGUAGE, Translations())
)


@cache
def _compiled(folder: Path) -> dict[str, Translations]:
    """Every language's catalogues under ``folder``, compiled and merged; done once per
    process (the files ship with the package and do not change while it runs)."""
    compiled = {}
    for language in LANGUAGES:
        merged = Translations()
        for po_path in sorted((folder / language / "LC_MESSAGES").glob("*.po")):
            with po_path.open("rb") as po_file:
                catalog = read_po(po_file, locale=language)
            mo = BytesIO()
            write_mo(mo, catalog, use_fuzzy=False)
            mo.seek(0)
            merged.merge(Translations(mo, domain=po_path.stem))
        compiled[language] = merged
    return compiled


class Catalogues:
    """The compiled translations of every supported language."""

    def __init__(self, translations: Mapping[str, Translations], default: str) -> None:
        self._translations = dict(translations)
        self.default = default

    @classmethod
    def load(cls, folder: Path, default: str = "sv") -> Catalogues:
        if default not in LANGUAGES:
            raise ValueError(f"default language must be one of {LANGUAGES}, not {default!r}")
        return cls(_compiled(folder), default)

    def negotiate(self, choice: str | None, accept_language: str | None) -> str:
        """The explicit choice if supported, else the best Accept-Language match."""
        if choice in LANGUAGES:
            return choice
        if accept_language:
            wanted = [
                part.split(";")[0].strip().replace("-", "_") for part in accept_language.split(",")
            ]
            best = negotiate_locale([w for w in wanted if w], list(LANGUAGES))
            if best:
                return best
        return self.default

    @contextmanager
    def activate(self, language: str) -> Iterator[None]:
        token = _active.set((language, self._translations[language]))
        try:
            yield
        finally:
            _active.reset(token)

    def set_active(self, language: str) -> None:
        """Make ``language`` active for the rest of this task (one request or socket)."""
        _active.set((language, self._translations[language]))


def current_language() -> str:
    return _active.get()[0]


def localised(swedish: str, english: str, language: str | None = None) -> str:
    """An organiser's text in the visitor's language (or ``language``): the English
    version for English visitors and the Swedish (primary) one otherwise, each falling
    back to the other when it is empty. Every attendee-facing text written in two
    languages goes through here."""
    in_english = (language or current_language()) == "en"
    first, second = (english, swedish) if in_english else (swedish, english)
    return first or second


def localised_language(swedish: str, english: str, language: str | None = None) -> str:
    """The language of the text :func:`localised` picks, for the element's ``lang``
    (hyphenation and screen readers follow it)."""
    if (language or current_language()) == "en":
        return "en" if english else "sv"
    return "sv" if swedish or not english else "en"


def gettext(message: str, **params: Any) -> str:
    text = _active.get()[1].gettext(message)
    return text % params if params else text


def pgettext(context: str, message: str, **params: Any) -> str:
    """``message`` in the sense ``context`` names, where one English word has two
    Swedish ones (a registration's "Cancel" is "Avanmäl", a dialog's "Avbryt")."""
    text = str(_active.get()[1].pgettext(context, message))
    return text % params if params else text


def plural(singular: str, plural: str, n: int) -> str:
    """The form of the message for ``n``, its placeholders left for the caller (the
    templates' ``ngettext``: Jinja fills every variable, ``num`` included)."""
    return str(_active.get()[1].ngettext(singular, plural, n))


def ngettext(singular: str, plural_: str, n: int, **params: Any) -> str:
    params.setdefault("num", n)
    return plural(singular, plural_, n) % params


def plural_forms(singular: str, plural: str) -> dict[str, str]:
    """A count's text for a page script, both forms still holding ``%(n)s``, keyed by
    the plural category ``Intl.PluralRules`` gives in Swedish and English ("one" for
    1, "other" for every other number); the script picks one (``count`` in
    static/js/lib/strings.js)."""
    translations = _active.get()[1]
    return {
        "one": translations.ngettext(singular, plural, 1),
        "other": translations.ngettext(singular, plural, 2),
    }


# The conventions of each language: Swedish as in Sweden, English as in Britain
# (24-hour clock, "1 December 2026"), not Babel's bare "en" (US: "December 1, 2026",
# "8:30 AM").
LOCALES = {"sv": "sv_SE", "en": "en_GB"}


def format_datetime(moment: datetime, timezone: str, style: str = "medium") -> str:
    """The date in ``style`` and the time as hours and minutes, joined the locale's way
    ("1 Dec 2026, 08:30", "1 dec. 2026 08:30"). Times never show seconds."""
    pattern = str(_locale().datetime_formats[style]).replace("'", "")
    return pattern.replace("{1}", format_date(moment, timezone, style)).replace(
        "{0}", format_time(moment, timezone)
    )


def format_date(moment: datetime, timezone: str, style: str = "medium") -> str:
    local = moment.astimezone(ZoneInfo(timezone))
    return dates.format_date(local, style, locale=_locale())


def format_time(moment: datetime, timezone: str) -> str:
    """Hours and minutes on the 24-hour clock: "08:30"."""
    return dates.format_time(moment, "short", tzinfo=ZoneInfo(timezone), locale=_locale())


def format_time_range(starts: datetime, ends: datetime, timezone: str) -> str:
    """ "08:30–16:00" (an en dash, no spaces, both languages)."""
    return f"{format_time(starts, timezone)}–{format_time(ends, timezone)}"


def format_span(starts: datetime, ends: datetime, timezone: str, style: str = "long") -> str:
    """When something happens, in one format: "1 December 2026, 08:30–16:00", or with
    both dates when it ends on another day ("1 December 2026, 08:30 – 2 December
    2026, 12:00")."""
    tz = ZoneInfo(timezone)
    if starts.astimezone(tz).date() == ends.astimezone(tz).date():
        pattern = str(_locale().datetime_formats[style]).replace("'", "")
        return pattern.replace("{1}", format_date(starts, timezone, style)).replace(
            "{0}", format_time_range(starts, ends, timezone)
        )
    start_text = format_datetime(starts, timezone, style)
    return f"{start_text} – {format_datetime(ends, timezone, style)}"


def format_month(month: str) -> str:
    """A calendar month given as ``YYYY-MM``, in words: "december 2026", "December 2026"."""
    year, number = (int(part) for part in month.split("-"))
    return dates.format_date(date(year, number, 1), "LLLL y", locale=_locale())


def format_decimal(value: float) -> str:
    """A decimal number for a file: the locale's decimal sign, no grouping ("0,5")."""
    return numbers.format_decimal(value, locale=_locale(), group_separator=False)


def format_number(value: float) -> str:
    """Grouped the locale's way ("1 000" with a no-break space in Swedish, "1,000")."""
    return numbers.format_decimal(value, locale=_locale())


def locale_tag() -> str:
    """The BCP 47 tag of the active conventions ("sv-SE", "en-GB"), for browsers."""
    return LOCALES[current_language()].replace("_", "-")


def _locale() -> Locale:
    return Locale.parse(LOCALES[current_language()])
