"""The app factory: ``create_app(settings)`` builds one Litestar app and owns nothing
global; everything a request needs hangs off the app's state or its dependencies.

An app is two parts: ``routes(settings)``, the Litestar app with every route,
middleware and app-wide setting (most of the cost of making one), and ``Services``,
what its requests use (the database, live interaction, mail, limits), which
``serve`` puts in its state and the app starts and stops with itself."""

from __future__ import annotations

import hashlib
import logging
import os
import secrets
from pathlib import Path
from typing import Any

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


class Services:
    """What an app's requests use, made from its settings: the database, live
    interaction, the consoles, the mail, the limits, the webinar side; ``serve`` puts
    them in the app's state, and the app starts and stops them with itself."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.secret = resolve_secret(settings)
        self.db = Database(settings.database)
        self.catalogues = Catalogues.load(locale_dir(), settings.default_language)
        self.live = Live(settings, self.db, self.secret)
        self.consoles = ConsoleStates(self.db, self.live.channels)
        self.retention = RetentionJob(self.db)
        throttle_storage = build_storage(settings)
        self.login_throttle = Throttle(
            throttle_storage, settings.login_attempts, settings.login_window_seconds
        )
        self.registration_throttle = Throttle(
            throttle_storage,
            settings.registrations_per_address,
            settings.registration_window_seconds,
        )
        self.outbox = Outbox(self.db, settings)
        self.mailer = Mailer(settings, self.catalogues, self.outbox)
        self.webinar = Webinar(self.db, settings, self.catalogues, self.outbox, self.secret)
        self.passwords = Passwords.from_settings(settings)

    async def start(self) -> None:
        await self.db.connect()
        await migrate(self.db)
        self.outbox.start()
        await self.live.start()
        await self.consoles.start()
        await self.retention.start()

    async def stop(self) -> None:
        await self.retention.stop()
        await self.consoles.stop()
        await self.live.stop()
        await self.outbox.stop()
        await self.db.close()


def create_app(settings: Settings) -> Litestar:
    """One app: eventday's routes serving services made from ``settings``."""
    app = routes(settings)
    serve(app, Services(settings))
    return app


def serve(app: Litestar, services: Services) -> None:
    """Let ``app`` (made by ``routes``) serve with ``services``: its requests find them
    in its state and its dependencies, and its start-up and shutdown start and stop
    them. Another call gives it other services (the test suite, one set a test)."""
    app.state.update(
        services=services,
        settings=services.settings,
        db=services.db,
        catalogues=services.catalogues,
        live=services.live,
        outbox=services.outbox,
        passwords=services.passwords,
    )


def _service(name: str) -> Provide:
    """A dependency: the attribute ``name`` of the app's services."""

    def provide(state: State) -> Any:
        return getattr(state.services, name)

    return Provide(provide, sync_to_thread=False)


async def _start(app: Litestar) -> None:
    await app.state.services.start()


async def _stop(app: Litestar) -> None:
    await app.state.services.stop()


def routes(settings: Settings) -> Litestar:
    """eventday's routes, middleware and app-wide configuration, from the settings
    they read (the secret, the session cookie's lifetime and security, the default
    language, the body limit, the log level), without services (``serve`` gives them).
    Making it is most of an app's start-up (Litestar prepares each of some 400
    handlers, about a quarter of a second); the test suite makes it once a worker for
    each set of settings and gives every test services of its own."""
    logging.basicConfig(level=settings.log_level.upper())
    secret = resolve_secret(settings)
    catalogues = Catalogues.load(locale_dir(), settings.default_language)
    assets = StaticAssets(static_dir())
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
        dependencies={
            name: _service(name)
            for name in (
                "db",
                "settings",
                "login_throttle",
                "registration_throttle",
                "mailer",
                "passwords",
                "webinar",
            )
        },
        on_startup=[_start],
        on_shutdown=[_stop],
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
