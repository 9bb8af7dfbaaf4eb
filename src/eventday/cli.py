"""The ``eventday`` command: serve, demo, migrate, user, settings, messages."""

from __future__ import annotations

import asyncio
import os
import sys
from pathlib import Path

import click
import msgspec
import uvicorn

from eventday.accounts import service as accounts
from eventday.accounts.models import AccountIn, Role
from eventday.accounts.passwords import Passwords
from eventday.db import Database
from eventday.db.migrations import migrate
from eventday.errors import EventdayError
from eventday.settings import ENV_PREFIX, Settings, SettingsError, describe_settings
from eventday.web.server import serve_workers, server_options


def _settings(**overrides: object) -> Settings:
    try:
        return Settings.from_env(None, **overrides)
    except SettingsError as exc:
        raise click.ClickException(f"invalid setting: {exc}") from exc


async def _with_db(path: str, action):  # type: ignore[no-untyped-def]
    db = Database(path)
    await db.connect()
    try:
        await migrate(db)
        return await action(db)
    finally:
        await db.close()


@click.group()
def main() -> None:
    """eventday: registration, agenda, live interaction and attendance for industry days."""


@main.command()
@click.option("--host", help="Address to listen on.")
@click.option("--port", type=int, help="Port to listen on.")
@click.option("--workers", type=int, help="Number of server processes (more than one needs Redis).")
@click.option("--database", help="Path of the SQLite database.")
def serve(host: str | None, port: int | None, workers: int | None, database: str | None) -> None:
    """Run the server."""
    settings = _settings(host=host, port=port, workers=workers, database=database)
    if settings.workers > 1 and not settings.redis_url:
        raise click.ClickException(
            "several workers share live state through Redis: set EVENTDAY_REDIS_URL, "
            "or run with --workers 1"
        )
    _raise_open_files_limit()
    # Worker processes build their own app from the environment, so pass the options on.
    for name in ("host", "port", "workers", "database"):
        os.environ[ENV_PREFIX + name.upper()] = str(getattr(settings, name))
    options = {
        "app": "eventday.app:app_from_env",
        "factory": True,
        "host": settings.host,
        "port": settings.port,
        "proxy_headers": True,
        "log_level": settings.log_level.lower(),
        # A hall joining at once: room for a burst of connections (the kernel's
        # net.core.somaxconn caps it).
        "backlog": 4096,
        **server_options(settings),
    }
    if settings.workers > 1:
        sys.exit(serve_workers(settings.workers, options))
    uvicorn.run(**options)


def _raise_open_files_limit() -> None:
    """Every phone is an open socket: lift the soft limit on open files to the hard one."""
    import resource

    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < hard:
        resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))


@main.command()
@click.option(
    "--database",
    default="eventday-demo.db",
    show_default=True,
    envvar="EVENTDAY_DATABASE",
    help="Demo database (replaced); EVENTDAY_DATABASE when the option is not given.",
)
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=int)
@click.option("--no-serve", is_flag=True, help="Only create and seed the database.")
@click.option(
    "--audience",
    default=0,
    show_default=True,
    type=click.IntRange(0, 5000),
    help="Simulated participants who vote and send words (a subprocess).",
)
def demo(database: str, host: str, port: int, no_serve: bool, audience: int) -> None:
    """Create a fresh demo database with a seeded industry day and serve it."""
    from eventday.demo import demo_banner, seed_demo

    for suffix in ("", "-wal", "-shm"):
        Path(database + suffix).unlink(missing_ok=True)
    base_url = f"http://{host}:{port}"
    # Simulated participants all join from this machine's address.
    settings = _settings(
        database=database,
        host=host,
        port=port,
        base_url=base_url,
        live_joins_per_address=0 if audience else None,
    )
    seed = asyncio.run(_with_db(settings.database, lambda db: seed_demo(db, settings)))
    click.echo(demo_banner(seed, base_url))
    if no_serve:
        return
    from eventday.app import server_app

    if audience:
        import multiprocessing

        from eventday.live.audience import audience_process

        click.echo(
            f"  {audience} simulated participants are joining {base_url}/{seed.event.join_code}"
        )
        multiprocessing.Process(
            target=audience_process, args=(base_url, seed.event.join_code, audience), daemon=True
        ).start()
    uvicorn.run(server_app(settings), host=host, port=port, **server_options(settings))


@main.command("migrate")
@click.option("--database", help="Path of the SQLite database.")
def migrate_command(database: str | None) -> None:
    """Apply the database migrations not yet applied."""
    settings = _settings(database=database)
    applied = asyncio.run(_with_db(settings.database, migrate))
    for migration in applied:
        click.echo(f"applied {migration.version:04d} {migration.name}")
    click.echo(f"database {settings.database} is up to date")


@main.group()
def user() -> None:
    """Manage staff accounts."""


@user.command("add")
@click.option("--email", required=True)
@click.option("--role", required=True, type=click.Choice([r.value for r in Role]))
@click.option("--name", default="")
@click.option("--database", help="Path of the SQLite database.")
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
def user_add(email: str, role: str, name: str, database: str | None, password_stdin: bool) -> None:
    """Create an account. The password comes from a prompt or standard input, never
    from an argument (arguments show up in process lists and shell history)."""
    if password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    try:
        data = msgspec.convert(
            {"email": email, "role": role, "password": password, "name": name}, AccountIn
        )
    except msgspec.ValidationError as exc:
        raise click.ClickException(
            f"invalid account: {exc} (passwords need 10 characters)"
        ) from exc
    settings = _settings(database=database)
    try:
        account = asyncio.run(
            _with_db(
                settings.database,
                lambda db: accounts.create_account(db, Passwords.from_settings(settings), data),
            )
        )
    except EventdayError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"created {account.role.value} {account.email} (id {account.id})")


@user.command("token")
@click.option("--email", required=True)
@click.option("--name", default="cli", help="What the token is for.")
@click.option("--database", help="Path of the SQLite database.")
def user_token(email: str, name: str, database: str | None) -> None:
    """Create an API token for an account and print it (it is shown only once)."""
    from eventday.accounts.queries import account_by_email

    async def action(db: Database) -> str:
        account = await account_by_email(db, email)
        if account is None:
            raise click.ClickException(f"no account {email}")
        return await accounts.create_api_token(db, account.id, name)

    settings = _settings(database=database)
    click.echo(asyncio.run(_with_db(settings.database, action)))


@main.command("settings")
def settings_command() -> None:
    """Print every setting with its variable, default and help."""
    for info in describe_settings():
        click.echo(f"{info.env}\n    default: {info.default!r}\n    {info.help}\n")


@main.command()
@click.argument("action", type=click.Choice(["update", "check"]))
def messages(action: str) -> None:
    """Update the sv/en catalogues from the code, or check they are complete."""
    from eventday.web import catalogue_tools

    if action == "update":
        for path in catalogue_tools.update():
            click.echo(f"wrote {path}")
        return
    problems = catalogue_tools.problems()
    for problem in problems:
        click.echo(problem)
    if problems:
        raise click.ClickException(f"{len(problems)} catalogue problems")
    click.echo("catalogues complete")


@main.command("export")
@click.argument("event_slug")
@click.argument(
    "dataset", type=click.Choice(["attendance", "engagement", "results", "ideas", "hours"])
)
@click.option(
    "--format", "fmt", type=click.Choice(["csv", "xlsx"]), default="csv", show_default=True
)
@click.option(
    "--lang",
    type=click.Choice(["sv", "en"]),
    default="sv",
    show_default=True,
    help="Language of the column names and values.",
)
@click.option("--output", "-o", type=click.Path(dir_okay=False), help="File (default: stdout).")
@click.option("--database", help="Path of the SQLite database.")
def export_command(
    event_slug: str,
    dataset: str,
    fmt: str,
    lang: str,
    output: str | None,
    database: str | None,
) -> None:
    """Write an export of an event (the same files as the exports page)."""
    from eventday.events.service import get_event
    from eventday.exports.service import render
    from eventday.paths import locale_dir
    from eventday.web.i18n import Catalogues

    async def action(db: Database) -> bytes:
        with Catalogues.load(locale_dir()).activate(lang):
            return (await render(db, await get_event(db, event_slug), dataset, fmt)).body

    settings = _settings(database=database)
    try:
        body: bytes = asyncio.run(_with_db(settings.database, action))
    except EventdayError as exc:
        raise click.ClickException(str(exc)) from exc
    if output:
        Path(output).write_bytes(body)
        click.echo(f"wrote {output}", err=True)
    else:
        sys.stdout.buffer.write(body)


@main.command("anonymise")
@click.option("--event", "event_slug", help="Anonymise this event now, whatever its retention.")
@click.option("--database", help="Path of the SQLite database.")
def anonymise_command(event_slug: str | None, database: str | None) -> None:
    """Anonymise personal data whose retention time has passed (the daily job), or
    one event's at once. Counts and statistics stay the same."""
    from eventday.checkin import privacy
    from eventday.events.service import get_event

    async def action(db: Database) -> dict[str, int]:
        if event_slug:
            event = await get_event(db, event_slug)
            return {event.slug: await privacy.anonymise_event(db, event.id)}
        return await privacy.apply_retention(db)

    settings = _settings(database=database)
    try:
        done: dict[str, int] = asyncio.run(_with_db(settings.database, action))
    except EventdayError as exc:
        raise click.ClickException(str(exc)) from exc
    for slug, count in done.items():
        click.echo(f"anonymised {count} registrations of {slug}")
    if not done:
        click.echo("nothing to anonymise")
