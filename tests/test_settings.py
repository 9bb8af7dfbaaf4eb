from __future__ import annotations

from pathlib import Path

import pytest

from eventday.settings import Settings, SettingsError, describe_settings

DOCS = Path(__file__).resolve().parents[1] / "docs" / "settings.md"


def test_settings_every_one_is_documented() -> None:
    documented = DOCS.read_text(encoding="utf-8")
    missing = [info.env for info in describe_settings() if f"`{info.env}`" not in documented]
    assert missing == []


def test_settings_every_one_has_help_text() -> None:
    assert [info.name for info in describe_settings() if not info.help] == []


def test_settings_from_env_converts_types() -> None:
    settings = Settings.from_env({"EVENTDAY_PORT": "9001", "EVENTDAY_SMTP_STARTTLS": "true"})
    assert (settings.port, settings.smtp_starttls) == (9001, True)


def test_settings_from_env_overrides_win() -> None:
    settings = Settings.from_env({"EVENTDAY_PORT": "9001"}, port=9002)
    assert settings.port == 9002


def test_settings_from_env_rejects_a_wrong_type() -> None:
    with pytest.raises(SettingsError):
        Settings.from_env({"EVENTDAY_PORT": "eighty"})


def test_settings_secure_cookies_follow_the_base_url() -> None:
    assert Settings(base_url="https://dag.example.se").secure_cookies is True
    assert Settings(base_url="http://127.0.0.1:8000").secure_cookies is False
