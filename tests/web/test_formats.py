"""Dates, times and numbers the way Swedes and Britons write them: 24-hour clock, day
before month, no seconds, grouping that does not break."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from eventday.paths import locale_dir
from eventday.web import i18n

STOCKHOLM = "Europe/Stockholm"
# 07:30 UTC on 1 December is 08:30 in Stockholm; 15:00 UTC is 16:00.
STARTS = datetime(2026, 12, 1, 7, 30, tzinfo=UTC)
ENDS = datetime(2026, 12, 1, 15, 0, tzinfo=UTC)


def speak(language: str) -> None:
    i18n.Catalogues.load(locale_dir()).set_active(language)


@pytest.fixture(params=["sv", "en"])
def language(request: pytest.FixtureRequest) -> str:
    speak(request.param)
    return str(request.param)


def test_english_is_british() -> None:
    speak("en")
    assert i18n.format_date(STARTS, STOCKHOLM, "long") == "1 December 2026"
    assert i18n.format_time(STARTS, STOCKHOLM) == "08:30"
    assert i18n.format_datetime(STARTS, STOCKHOLM) == "1 Dec 2026, 08:30"
    assert i18n.format_span(STARTS, ENDS, STOCKHOLM) == "1 December 2026, 08:30–16:00"
    assert i18n.format_number(1000) == "1,000"
    assert i18n.locale_tag() == "en-GB"


def test_swedish_is_swedish() -> None:
    speak("sv")
    assert i18n.format_date(STARTS, STOCKHOLM, "long") == "1 december 2026"
    assert i18n.format_time(STARTS, STOCKHOLM) == "08:30"
    assert i18n.format_span(STARTS, ENDS, STOCKHOLM) == "1 december 2026 08:30–16:00"
    # The group separator is a no-break space: "1 000" never wraps between its digits.
    assert i18n.format_number(1000) == "1\u00a0000"
    assert i18n.locale_tag() == "sv-SE"


def test_no_style_shows_seconds(language: str) -> None:
    moment = datetime(2026, 12, 1, 7, 30, 45, tzinfo=UTC)
    for style in ("short", "medium", "long", "full"):
        text = i18n.format_datetime(moment, STOCKHOLM, style)
        assert "08:30" in text
        assert ":45" not in text, text


def test_a_span_over_two_days_names_both(language: str) -> None:
    ends = datetime(2026, 12, 2, 11, 0, tzinfo=UTC)
    text = i18n.format_span(STARTS, ends, STOCKHOLM)
    assert text.count("2026") == 2
    assert "12:00" in text


def test_the_shown_texts_language_is_named_for_lang() -> None:
    speak("en")
    assert i18n.localised_language("Verkstadsdagen", "") == "sv"
    assert i18n.localised_language("Verkstadsdagen", "Workshop day") == "en"
    speak("sv")
    assert i18n.localised_language("Verkstadsdagen", "Workshop day") == "sv"
    assert i18n.localised_language("", "Workshop day") == "en"
