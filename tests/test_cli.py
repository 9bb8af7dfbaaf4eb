from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from eventday.accounts import service
from eventday.cli import main
from eventday.db import Database
from tests.conftest import TEST_PASSWORDS


def _authenticates(database: Path, email: str, password: str) -> bool:
    async def check() -> bool:
        db = Database(database)
        await db.connect()
        try:
            return await service.authenticate(db, TEST_PASSWORDS, email, password) is not None
        finally:
            await db.close()

    return asyncio.run(check())


def test_user_add_reads_the_password_from_stdin(tmp_path: Path) -> None:
    database = tmp_path / "e.db"
    result = CliRunner().invoke(
        main,
        [
            "user",
            "add",
            "--email",
            "ny@example.se",
            "--role",
            "moderator",
            "--database",
            str(database),
            "--password-stdin",
        ],
        input="ett långt lösenord\n",
    )
    assert result.exit_code == 0, result.output
    assert "created moderator ny@example.se" in result.output
    assert _authenticates(database, "ny@example.se", "ett långt lösenord")


def test_user_add_prompts_for_the_password(tmp_path: Path) -> None:
    database = tmp_path / "e.db"
    result = CliRunner().invoke(
        main,
        [
            "user",
            "add",
            "--email",
            "org@example.se",
            "--role",
            "organiser",
            "--database",
            str(database),
        ],
        input="hemligt-och-långt\nhemligt-och-långt\n",
    )
    assert result.exit_code == 0, result.output
    assert "hemligt" not in result.output
    assert _authenticates(database, "org@example.se", "hemligt-och-långt")


def test_user_add_refuses_a_short_password_and_a_duplicate(tmp_path: Path) -> None:
    database = str(tmp_path / "e.db")
    args = [
        "user",
        "add",
        "--email",
        "a@example.se",
        "--role",
        "staff",
        "--database",
        database,
        "--password-stdin",
    ]
    assert CliRunner().invoke(main, args, input="kort\n").exit_code == 1
    assert CliRunner().invoke(main, args, input="tillräckligt långt\n").exit_code == 0
    duplicate = CliRunner().invoke(main, args, input="tillräckligt långt\n")
    assert duplicate.exit_code == 1
    assert "already exists" in duplicate.output


def test_migrate_creates_the_schema(tmp_path: Path) -> None:
    database = tmp_path / "e.db"
    result = CliRunner().invoke(main, ["migrate", "--database", str(database)])
    assert result.exit_code == 0, result.output
    tables = {r[0] for r in sqlite3.connect(database).execute("SELECT name FROM sqlite_master")}
    assert {"accounts", "events", "event_roles", "schema_migrations"} <= tables


def test_settings_prints_every_variable() -> None:
    result = CliRunner().invoke(main, ["settings"])
    assert result.exit_code == 0
    assert "EVENTDAY_DATABASE" in result.output
    assert "EVENTDAY_REDIS_URL" in result.output


def test_serve_refuses_several_workers_without_redis() -> None:
    result = CliRunner().invoke(main, ["serve", "--workers", "2"], env={"EVENTDAY_REDIS_URL": ""})
    assert result.exit_code == 1
    assert "EVENTDAY_REDIS_URL" in result.output


def test_demo_seeds_a_database_and_prints_the_logins(tmp_path: Path) -> None:
    database = tmp_path / "demo.db"
    result = CliRunner().invoke(main, ["demo", "--no-serve", "--database", str(database)])
    assert result.exit_code == 0, result.output
    assert "organisator@example.se / eventday-demo" in result.output
    assert _authenticates(database, "organisator@example.se", "eventday-demo")


def test_demo_writes_to_eventday_database_unless_the_option_says_otherwise(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    from_env = tmp_path / "from-env.db"
    result = CliRunner().invoke(
        main, ["demo", "--no-serve"], env={"EVENTDAY_DATABASE": str(from_env)}
    )
    assert result.exit_code == 0, result.output
    assert _authenticates(from_env, "organisator@example.se", "eventday-demo")
    assert not (tmp_path / "eventday-demo.db").exists()

    option = tmp_path / "option.db"
    result = CliRunner().invoke(
        main,
        ["demo", "--no-serve", "--database", str(option)],
        env={"EVENTDAY_DATABASE": str(tmp_path / "ignored.db")},
    )
    assert result.exit_code == 0, result.output
    assert option.exists()
    assert not (tmp_path / "ignored.db").exists()
