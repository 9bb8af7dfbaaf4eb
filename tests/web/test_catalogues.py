from __future__ import annotations

from eventday.paths import locale_dir
from eventday.web import catalogue_tools, i18n


def test_catalogues_have_every_message_translated_and_nothing_stale() -> None:
    assert catalogue_tools.problems() == []


def test_catalogue_domains_follow_feature_folders() -> None:
    assert {"accounts", "events"} <= set(catalogue_tools.feature_domains())


def test_a_message_reads_the_same_on_every_page() -> None:
    """The domains of a language are merged when served, so a message translated two
    ways would show one of them on both pages: a word with two meanings has a
    context instead (a registration's "Cancel" is "Avanmäl", a dialog's "Avbryt")."""
    assert catalogue_tools._ambiguous() == []


def test_a_word_with_two_meanings_has_one_per_context() -> None:
    catalogues = i18n.Catalogues.load(locale_dir())
    with catalogues.activate("sv"):
        assert i18n.gettext("Cancel") == "Avbryt"
        assert i18n.pgettext("registration", "Cancel") == "Avanmäl"
    with catalogues.activate("en"):
        assert i18n.pgettext("registration", "Cancel") == "Cancel"
