"""The Jinja2 environment: autoescaping, gettext in the request's language, Babel
filters for dates in the event's time zone, and hashed static URLs."""

from __future__ import annotations

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from litestar.plugins.jinja import JinjaTemplateEngine
from litestar.template.config import TemplateConfig

from eventday.clock import from_db
from eventday.paths import templates_dir
from eventday.web import i18n
from eventday.web.static import StaticAssets


def _as_datetime(value: object):  # type: ignore[no-untyped-def]
    return from_db(value) if isinstance(value, str) else value


def build_environment(assets: StaticAssets) -> Environment:
    env = Environment(
        loader=FileSystemLoader(templates_dir()),
        autoescape=select_autoescape(["html", "xml", "svg"]),
        extensions=["jinja2.ext.i18n"],
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.install_gettext_callables(  # type: ignore[attr-defined]
        i18n.gettext, i18n.plural, newstyle=True, pgettext=i18n.pgettext
    )
    env.globals.update(
        static_url=assets.url,
        current_language=i18n.current_language,
        locale_tag=i18n.locale_tag,
        languages=i18n.LANGUAGES,
    )
    env.filters.update(
        datetime=lambda v, tz, style="medium": i18n.format_datetime(_as_datetime(v), tz, style),
        date=lambda v, tz, style="medium": i18n.format_date(_as_datetime(v), tz, style),
        time=lambda v, tz: i18n.format_time(_as_datetime(v), tz),
        span=lambda start, end, tz, style="long": i18n.format_span(
            _as_datetime(start), _as_datetime(end), tz, style
        ),
        number=i18n.format_number,
    )
    return env


def template_config(env: Environment) -> TemplateConfig[JinjaTemplateEngine]:
    return TemplateConfig(instance=JinjaTemplateEngine.from_environment(env))
