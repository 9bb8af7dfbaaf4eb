"""Keeping the message catalogues in step with the code (``eventday messages``).

Every feature package (``src/eventday/<feature>/`` with ``templates/<feature>/``) has
its own catalogue domain; everything else is ``core``. English is the source
language: the English catalogue mirrors the message ids, the Swedish one holds the
translations. ``update`` adds new messages and drops stale ones; ``check`` lists what
is missing, stale or fuzzy (the test suite runs it). Entries name the files a message
comes from but not the lines, so moving code does not rewrite every catalogue (and
branches touching the same catalogue merge cleanly).
"""

from __future__ import annotations

from collections.abc import Iterator
from io import BytesIO
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.extract import extract_from_file
from babel.messages.pofile import read_po, write_po

from eventday.paths import PACKAGE_DIR, locale_dir, templates_dir
from eventday.web.i18n import LANGUAGES, SOURCE_LANGUAGE

KEYWORDS = {
    "_": None,
    "gettext": None,
    "ngettext": (1, 2),
    "pgettext": ((1, "c"), 2),
    "plural_forms": (1, 2),
    "N_": None,
}
NOT_FEATURES = {"web", "db", "mail", "locale", "templates", "static", "__pycache__"}
JINJA_OPTIONS = {"extensions": "jinja2.ext.i18n", "trimmed": "false"}


def feature_domains() -> list[str]:
    return sorted(
        p.name
        for p in PACKAGE_DIR.iterdir()
        if p.is_dir() and p.name not in NOT_FEATURES and (p / "__init__.py").exists()
    )


def domain_of(path: Path) -> str:
    features = set(feature_domains())
    for root in (PACKAGE_DIR, templates_dir()):
        try:
            first = path.relative_to(root).parts[0]
        except ValueError:
            continue
        return first if first in features else "core"
    return "core"


def _sources() -> Iterator[tuple[Path, str]]:
    for path in sorted(PACKAGE_DIR.rglob("*.py")):
        yield path, "python"
    for path in sorted(templates_dir().rglob("*.html")):
        yield path, "jinja2.ext.babel_extract"


def extract() -> dict[str, Catalog]:
    """The messages each domain's code and templates use now."""
    catalogs: dict[str, Catalog] = {}
    for path, method in _sources():
        domain = domain_of(path)
        catalog = catalogs.setdefault(domain, Catalog(domain=domain, project="eventday"))
        options = JINJA_OPTIONS if method != "python" else {}
        for lineno, message, _comments, context in extract_from_file(
            method, str(path), keywords=KEYWORDS, options=options
        ):
            location = (str(path.relative_to(PACKAGE_DIR.parent.parent)), lineno)
            catalog.add(message, locations=[location], context=context)
    return catalogs


def _po_path(language: str, domain: str) -> Path:
    return locale_dir() / language / "LC_MESSAGES" / f"{domain}.po"


def _read(language: str, domain: str) -> Catalog:
    path = _po_path(language, domain)
    if not path.exists():
        return Catalog(locale=language, domain=domain, project="eventday")
    with path.open("rb") as handle:
        return read_po(handle, locale=language, domain=domain)


def update() -> list[Path]:
    """Bring every catalogue in step with the code; returns the files written."""
    written = []
    for domain, template in extract().items():
        for language in LANGUAGES:
            catalog = _read(language, domain)
            catalog.update(template, no_fuzzy_matching=True)
            for stale in list(catalog.obsolete):
                del catalog.obsolete[stale]
            if language == SOURCE_LANGUAGE:
                for message in catalog:
                    if message.id and not message.string:
                        message.string = message.id
            path = _po_path(language, domain)
            rendered = BytesIO()
            write_po(
                rendered,
                catalog,
                omit_header=False,
                sort_output=True,
                width=100,
                include_lineno=False,
            )
            if path.exists() and _without_dates(path.read_bytes()) == _without_dates(
                rendered.getvalue()
            ):
                continue  # only the creation date would change: keep the file as it is
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(rendered.getvalue())
            written.append(path)
    return written


def _without_dates(po: bytes) -> bytes:
    return b"\n".join(line for line in po.splitlines() if b"-Date: " not in line)


def problems() -> list[str]:
    """Messages missing a translation, stale entries and fuzzy entries, one per line."""
    found = []
    extracted = extract()
    for language in LANGUAGES:
        existing = {p.stem for p in (locale_dir() / language / "LC_MESSAGES").glob("*.po")}
        for stale_domain in sorted(existing - set(extracted)):
            found.append(f"{language}/{stale_domain}.po: catalogue for a domain with no messages")
        for domain, template in extracted.items():
            catalog = _read(language, domain)
            ids = {_key(m) for m in template if m.id}
            have = {_key(m) for m in catalog if m.id}
            for missing in sorted(ids - have):
                found.append(f"{language}/{domain}.po: missing {missing!r}")
            for stale in sorted(have - ids):
                found.append(f"{language}/{domain}.po: stale {stale!r}")
            for message in catalog:
                if not message.id:
                    continue
                if message.fuzzy:
                    found.append(f"{language}/{domain}.po: fuzzy {message.id!r}")
                strings = message.string if isinstance(message.string, tuple) else (message.string,)
                if not all(strings):
                    found.append(f"{language}/{domain}.po: untranslated {message.id!r}")
    return found + _ambiguous()


def _key(message: Message) -> str:
    """A message's identity: its id, and its context when it has one."""
    text = message.id if isinstance(message.id, str) else message.id[0]
    return f"{message.context}|{text}" if message.context else text


def _ambiguous() -> list[str]:
    """Messages translated differently in two domains. Every language's domains are
    merged into one catalogue when served, so one of the two would show on both
    pages; a word with two meanings needs a context (``pgettext``)."""
    found = []
    for language in LANGUAGES:
        seen: dict[str, dict[str, object]] = {}
        for path in sorted((locale_dir() / language / "LC_MESSAGES").glob("*.po")):
            for message in _read(language, path.stem):
                if message.id:
                    seen.setdefault(_key(message), {})[path.stem] = message.string
        for key, strings in sorted(seen.items()):
            if len({str(s) for s in strings.values()}) > 1:
                found.append(f"{language}: {key!r} differs between {sorted(strings)}")
    return found
