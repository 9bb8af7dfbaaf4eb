"""Every setting of eventday in one frozen struct, read from ``EVENTDAY_*`` variables.

Each field carries its default and its help text; ``eventday settings`` prints the
table and ``docs/settings.md`` documents it (a test keeps the two in step).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Annotated, Any

import msgspec

ENV_PREFIX = "EVENTDAY_"


def _doc(text: str) -> msgspec.Meta:
    return msgspec.Meta(description=text)


class Settings(msgspec.Struct, frozen=True, kw_only=True):
    """The whole configuration of one eventday server."""

    database: Annotated[str, _doc("Path of the SQLite database file.")] = "eventday.db"
    secret_key: Annotated[
        str,
        _doc(
            "Secret that signs cookies and tokens. Empty: a random key is kept in "
            "'<database>.secret' beside the database (shared by every process)."
        ),
    ] = ""
    base_url: Annotated[
        str,
        _doc(
            "Public address of the server, used in e-mails, QR codes and calendar files. "
            "With https the cookies are marked Secure."
        ),
    ] = "http://127.0.0.1:8000"
    allowed_origins: Annotated[
        str,
        _doc(
            "Other web origins (scheme://host[:port], separated by spaces or commas) whose"
            " pages may open the live and console websockets; the base URL's origin is"
            " always allowed, any other is refused."
        ),
    ] = ""
    host: Annotated[str, _doc("Address `eventday serve` listens on.")] = "127.0.0.1"
    port: Annotated[int, _doc("Port `eventday serve` listens on.")] = 8000
    workers: Annotated[
        int, _doc("Server processes for `eventday serve`; more than one needs a Redis URL.")
    ] = 1
    keep_alive_seconds: Annotated[
        int, _doc("How long `eventday serve` keeps an idle connection open between requests.")
    ] = 5
    header_timeout_seconds: Annotated[
        float,
        _doc(
            "Time a client has to send a request's line and headers, from connecting or"
            " from its previous request (`eventday serve`); a slower one is disconnected."
        ),
    ] = 10.0
    max_header_bytes: Annotated[
        int,
        _doc("Largest request line and headers `eventday serve` accepts, in bytes (larger: 431)."),
    ] = 16_384
    redis_url: Annotated[
        str,
        _doc(
            "Redis URL (redis://host:port/db). Empty: one process with in-memory channels "
            "and stores; set: live state and counters are shared through Redis."
        ),
    ] = ""
    default_language: Annotated[
        str, _doc("Language of a first visit when Accept-Language does not decide (sv or en).")
    ] = "sv"
    default_timezone: Annotated[str, _doc("Time zone of new events (IANA name).")] = (
        "Europe/Stockholm"
    )
    smtp_host: Annotated[str, _doc("SMTP server for outgoing mail. Empty: mail is not sent.")] = ""
    smtp_port: Annotated[int, _doc("SMTP port.")] = 25
    smtp_username: Annotated[str, _doc("SMTP user name, if the server needs a login.")] = ""
    smtp_password: Annotated[str, _doc("SMTP password, if the server needs a login.")] = ""
    smtp_starttls: Annotated[bool, _doc("Upgrade the SMTP connection with STARTTLS.")] = False
    mail_from: Annotated[str, _doc("Sender address of the mail eventday sends.")] = (
        "eventday@localhost"
    )
    organisation_name: Annotated[
        str,
        _doc(
            "Name of the organisation behind this site, shown in the accessibility statement"
            " (/tillganglighet). Empty: the host name of the base URL."
        ),
    ] = ""
    accessibility_contact: Annotated[
        str,
        _doc(
            "E-mail address the accessibility statement gives for reporting shortcomings"
            " and asking for content in another form. Empty: the sender address (mail from)."
        ),
    ] = ""
    group_mail_per_minute: Annotated[
        int, _doc("Mail to a group leaves at most this many a minute, through the outbox.")
    ] = 60
    max_body_bytes: Annotated[
        int, _doc("Largest request body accepted, in bytes (uploads have their own limit).")
    ] = 1_048_576
    password_time_cost: Annotated[
        int,
        msgspec.Meta(
            ge=1,
            description="argon2id passes per password hash (argon2-cffi's recommended 3; "
            "lower it only for tests).",
        ),
    ] = 3
    password_memory_kib: Annotated[
        int,
        msgspec.Meta(
            ge=32,
            description="argon2id memory per password hash, in KiB (argon2-cffi's "
            "recommended 65536, 64 MiB; lower it only for tests).",
        ),
    ] = 65_536
    login_attempts: Annotated[
        int,
        _doc(
            "Logins tried per address and e-mail within the login window (each counted"
            " before the password is checked; a successful one clears the count)."
        ),
    ] = 5
    login_window_seconds: Annotated[
        int, _doc("Length of the window that failed logins are counted in, in seconds.")
    ] = 300
    registrations_per_address: Annotated[
        int,
        _doc(
            "Registrations the public form accepts from one network address within the"
            " registration window, per event: each form that passes its checks counts,"
            " before it is registered (0: no limit)."
        ),
    ] = 20
    registration_window_seconds: Annotated[
        int, _doc("Length of the window that registrations per address are counted in, in seconds.")
    ] = 600
    session_max_age_seconds: Annotated[int, _doc("How long a staff login lasts, in seconds.")] = (
        43_200
    )
    live_tick_seconds: Annotated[
        float,
        _doc(
            "How often changed live results are published, in seconds (each activity at "
            "most once per tick, and only when something changed)."
        ),
    ] = 0.25
    live_subscriber_backlog: Annotated[
        int,
        _doc(
            "Messages other than snapshots kept for a slow live client (it gets only the "
            "newest snapshot of each activity, which carries the whole state); older "
            "ones are dropped."
        ),
    ] = 4
    live_max_message_bytes: Annotated[
        int, _doc("Largest message a live client may send, in bytes (larger ones get an error).")
    ] = 2048
    live_submissions_per_second: Annotated[
        int, _doc("Submissions a live participant may send per second on one connection.")
    ] = 5
    live_pings_per_second: Annotated[
        int,
        _doc(
            "Pings and syncs a live or console connection may send per second (more get a"
            " too-fast error)."
        ),
    ] = 5
    live_error_replies_per_second: Annotated[
        int,
        _doc(
            "Error replies a live or console connection gets per second; further refused"
            " messages in that second get no reply at all."
        ),
    ] = 20
    live_sockets_per_participant: Annotated[
        int,
        _doc(
            "Live connections one participant may have open at once in one server process"
            " (tabs, devices); the next is refused with close code 4429."
        ),
    ] = 5
    live_joins_per_address: Annotated[
        int,
        _doc(
            "New live participants per event from one network address within the join"
            " window (0: no limit). A hall behind one address (venue Wi-Fi with NAT) joins"
            " at this pace."
        ),
    ] = 600
    live_join_window_seconds: Annotated[
        int, _doc("Length of the window that joins per address are counted in, in seconds.")
    ] = 60
    live_write_batch: Annotated[
        int, _doc("Most live submissions committed together in one transaction.")
    ] = 200
    live_cloud_font: Annotated[
        str,
        _doc(
            "TrueType font word clouds are laid out and downloaded with. Empty: the "
            "DejaVu Sans subset eventday ships, which browsers draw clouds with."
        ),
    ] = ""
    log_level: Annotated[str, _doc("Logging level: DEBUG, INFO, WARNING or ERROR.")] = "INFO"

    @property
    def secure_cookies(self) -> bool:
        return self.base_url.startswith("https://")

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None, **overrides: Any) -> Settings:
        """Build settings from ``EVENTDAY_*`` variables; keyword overrides win."""
        env = os.environ if environ is None else environ
        raw: dict[str, Any] = {}
        for name in cls.__struct_fields__:
            key = ENV_PREFIX + name.upper()
            if key in env:
                raw[name] = env[key]
        raw.update({k: v for k, v in overrides.items() if v is not None})
        try:
            return msgspec.convert(raw, cls, strict=False)
        except msgspec.ValidationError as exc:
            raise SettingsError(str(exc)) from exc


class SettingsError(ValueError):
    """A setting from the environment or the command line has a wrong value."""


class SettingInfo(msgspec.Struct, frozen=True):
    name: str
    env: str
    default: str
    help: str


def describe_settings() -> list[SettingInfo]:
    """Name, variable, default and help text of every setting, in declaration order."""
    info = msgspec.inspect.type_info(Settings)
    assert isinstance(info, msgspec.inspect.StructType)
    defaults = Settings()
    rows = []
    for field in info.fields:
        meta_type = field.type
        help_text = ""
        if isinstance(meta_type, msgspec.inspect.Metadata):
            help_text = (meta_type.extra_json_schema or {}).get("description", "")
        rows.append(
            SettingInfo(
                name=field.name,
                env=ENV_PREFIX + field.name.upper(),
                default=str(getattr(defaults, field.name)),
                help=help_text,
            )
        )
    return rows
