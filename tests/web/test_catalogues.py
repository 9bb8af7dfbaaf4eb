from __future__ import annotations

from eventday.paths import locale_dir, static_dir
from eventday.web import catalogue_tools, i18n
from eventday.web.static import StaticAssets
from eventday.web.templating import build_environment


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


def test_a_template_plural_fills_every_variable_escaped() -> None:
    """Jinja's ngettext fills the count and any other variable (HTML-escaped)."""
    env = build_environment(StaticAssets(static_dir()))
    template = env.from_string(
        '{{ ngettext("%(num)d vote for %(name)s", "%(num)d votes for %(name)s", n, name=who) }}'
    )
    with i18n.Catalogues.load(locale_dir()).activate("en"):
        assert template.render(n=1, who="<b>") == "1 vote for &lt;b&gt;"
        assert template.render(n=3, who="A") == "3 votes for A"
