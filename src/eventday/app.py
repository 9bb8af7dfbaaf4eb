"""The app factory: ``create_app(settings)`` builds one Litestar app and owns nothing
global; everything a request needs hangs off the app's state or its dependencies."""

from __future__ import annotations

import hashlib
import logging
import os
import secrets
from pathlib import Path

from litestar import Litestar
from litestar.config.compression import CompressionConfig
from litestar.config.csrf import CSRFConfig
from litestar.datastructures import State
from litestar.di import Provide
from litestar.middleware import DefineMiddleware
from litestar.middleware.session.client_side import CookieBackendConfig
from litestar.openapi import OpenAPIConfig
from litestar.plugins.flash import FlashConfig, FlashPlugin
from litestar.types import ASGIApp

from eventday import __version__
from eventday.accessibility import routes as accessibility_routes
from eventday.accounts import routes as account_routes
from eventday.accounts.passwords import Passwords
from eventday.agenda import routes as agenda_routes
from eventday.checkin import routes as checkin_routes
from eventday.checkin.privacy import RetentionJob
from eventday.console import routes as console_routes
from eventday.console.publisher import ConsoleStates
from eventday.db import Database
from eventday.db.migrations import migrate
from eventday.events import routes as event_routes
from eventday.events import team as team_routes
from eventday.exports import live_downloads
from eventday.exports import routes as export_routes
from eventday.live import private_link
from eventday.live import routes as live_routes
from eventday.live.setup import Live, tune_garbage_collector
from eventday.mail import Outbox
from eventday.organiser import routes as organiser_routes
from eventday.paths import locale_dir, static_dir
from eventday.registration import programme
from eventday.registration import routes as registration_routes
from eventday.registration.mails import Mailer
from eventday.reports import routes as report_routes
from eventday.settings import Settings
from eventday.web import routes as core_routes
from eventday.web.errors import handle_error
from eventday.web.frames import with_server_send
from eventday.web.i18n import Catalogues
from eventday.web.middleware import LanguageMiddleware, add_security_headers
from eventday.web.openapi import IntegerBounds, OpenAPIContract
from eventday.web.static import StaticAssets
from eventday.web.templating import build_environment, template_config
from eventday.web.throttle import Throttle, build_storage
from eventday.webinar import embed, live_evaluation
from eventday.webinar import routes as webinar_routes
from eventday.webinar.setup import Webinar


def resolve_secret(settings: Settings) -> bytes:
    """The configured secret, or one kept beside the database so every process and
    every restart share it."""
    if settings.secret_key:
        return settings.secret_key.encode()
    path = Path(settings.database + ".secret")
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_text().strip().encode()
    with os.fdopen(fd, "w") as handle:
        key = secrets.token_urlsafe(48)
        handle.write(key)
    return key.encode()


def create_app(settings: Settings) -> Litestar:
    logging.basicConfig(level=settings.log_level.upper())
    secret = resolve_secret(settings)
    db = Database(settings.database)
    catalogues = Catalogues.load(locale_dir(), settings.default_language)
    assets = StaticAssets(static_dir())
    throttle_storage = build_storage(settings)
    live = Live(settings, db, secret)
    consoles = ConsoleStates(db, live.channels)
    retention = RetentionJob(db)
    login_throttle = Throttle(
        throttle_storage, settings.login_attempts, settings.login_window_seconds
    )
    registration_throttle = Throttle(
        throttle_storage, settings.registrations_per_address, settings.registration_window_seconds
    )

    outbox = Outbox(db, settings)
    mailer = Mailer(settings, catalogues, outbox)
    webinar = Webinar(db, settings, catalogues, outbox, secret)
    passwords = Passwords.from_settings(settings)

    async def connect_database() -> None:
        await db.connect()
        await migrate(db)
        outbox.start()

    async def disconnect_database() -> None:
        await outbox.stop()
        await db.close()

    session_config = CookieBackendConfig(
        secret=hashlib.sha256(secret + b":session").digest(),
        key="eventday_session",
        max_age=settings.session_max_age_seconds,
        secure=settings.secure_cookies,
        httponly=True,
        samesite="lax",
        # The API knows callers by their bearer token only (accounts.guards): no cookie
        # to decode and sign again on every API request.
        exclude=["^/api/"],
    )
    templates = template_config(build_environment(assets))
    return Litestar(
        route_handlers=[
            *core_routes.route_handlers,
            *accessibility_routes.route_handlers,
            account_routes.router,
            event_routes.router,
            team_routes.router,
            organiser_routes.router,
            agenda_routes.router,
            programme.router,
            registration_routes.router,
            assets.router(),
            live_routes.router,
            console_routes.router,
            checkin_routes.router,
            private_link.router,
            export_routes.router,
            live_downloads.router,
            report_routes.router,
            webinar_routes.router,
            embed.router,
            live_evaluation.router,
        ],
        state=State(
            {
                "settings": settings,
                "db": db,
                "catalogues": catalogues,
                "live": live,
                "outbox": outbox,
                "passwords": passwords,
            }
        ),
        dependencies={
            "db": Provide(lambda: db, use_cache=True, sync_to_thread=False),
            "settings": Provide(lambda: settings, use_cache=True, sync_to_thread=False),
            "login_throttle": Provide(lambda: login_throttle, sync_to_thread=False),
            "registration_throttle": Provide(lambda: registration_throttle, sync_to_thread=False),
            "mailer": Provide(lambda: mailer, use_cache=True, sync_to_thread=False),
            "passwords": Provide(lambda: passwords, use_cache=True, sync_to_thread=False),
            "webinar": Provide(lambda: webinar, use_cache=True, sync_to_thread=False),
        },
        on_startup=[connect_database, live.start, consoles.start, retention.start],
        on_shutdown=[retention.stop, consoles.stop, live.stop, disconnect_database],
        before_send=[add_security_headers],
        plugins=[
            OpenAPIContract(),
            IntegerBounds(),
            FlashPlugin(FlashConfig(templates)),
        ],
        middleware=[
            DefineMiddleware(LanguageMiddleware, catalogues=catalogues),
            session_config.middleware,
        ],
        csrf_config=CSRFConfig(
            secret=secret.decode(),
            cookie_secure=settings.secure_cookies,
            cookie_httponly=True,
            exclude=["/api/"],
        ),
        template_config=templates,
        exception_handlers={Exception: handle_error},
        compression_config=CompressionConfig(backend="gzip", minimum_size=500),
        request_max_body_size=settings.max_body_bytes,
        openapi_config=OpenAPIConfig(title="eventday", version=__version__, path="/schema"),
    )


def server_app(settings: Settings) -> ASGIApp:
    """The app as the server runs it: websocket frames go straight to the server
    (``web.frames``), and the garbage collector is tuned for thousands of sockets."""
    app = with_server_send(create_app(settings))
    tune_garbage_collector()
    return app


def app_from_env() -> ASGIApp:
    """Entry point for uvicorn (``--factory``): settings from ``EVENTDAY_*`` variables."""
    return server_app(Settings.from_env())
