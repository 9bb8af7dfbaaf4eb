from __future__ import annotations

from eventday.web import catalogue_tools


def test_catalogues_have_every_message_translated_and_nothing_stale() -> None:
    assert catalogue_tools.problems() == []


def test_catalogue_domains_follow_feature_folders() -> None:
    assert {"accounts", "events"} <= set(catalogue_tools.feature_domains())
