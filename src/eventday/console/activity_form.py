"""The activity editor's page form: what an organiser types (options one per line,
correct answers by their numbers) as an ``ActivityIn``, and an activity back as the
form's values. The console's editor sends the same fields as JSON (``edit.js``)."""

from __future__ import annotations

from typing import Annotated, Any

import msgspec

from eventday.bounds import Id
from eventday.errors import N_, InvalidInput
from eventday.live.models import (
    Activity,
    ActivityConfig,
    ActivityIn,
    ActivityKind,
    EnglishTitle,
    Name,
    Title,
)
from eventday.web.forms import parse_form

Lines = Annotated[str, msgspec.Meta(max_length=11000)]
MAX_OPTIONS = 50
OPTION_LENGTH = 200


class ActivityForm(msgspec.Struct, frozen=True, kw_only=True):
    kind: ActivityKind
    title: Title
    title_en: EnglishTitle = ""
    session_id: Id | None = None
    hide_results: bool = False
    options: Lines = ""
    options_en: Lines = ""
    multiple: bool = False
    correct: Annotated[str, msgspec.Meta(max_length=200)] = ""
    scale_min: Annotated[int, msgspec.Meta(ge=0, le=1)] = 1
    scale_max: Annotated[int, msgspec.Meta(ge=2, le=10)] = 5
    min_label: Name = ""
    max_label: Name = ""
    min_label_en: Name = ""
    max_label_en: Name = ""
    max_entries: Annotated[int, msgspec.Meta(ge=1, le=10)] = 3
    drop_stop_words: bool = False
    points: Annotated[int, msgspec.Meta(ge=0, le=1000)] = 0
    speed_bonus: bool = False
    premoderation: bool = False


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def _options(name: str, text: str, errors: dict[str, str]) -> list[str]:
    options = _lines(text)
    if len(options) > MAX_OPTIONS:
        errors[name] = N_("Give at most 50 options.")
    elif any(len(option) > OPTION_LENGTH for option in options):
        errors[name] = N_("Keep each option to 200 characters.")
    return options


def _correct(text: str, count: int, errors: dict[str, str]) -> list[int]:
    numbers = [part.strip() for part in text.replace(";", ",").split(",") if part.strip()]
    if not all(number.isdigit() and 1 <= int(number) <= count for number in numbers):
        errors["correct"] = N_("Give the numbers of options above, such as 2 or 1, 3.")
        return []
    return sorted({int(number) - 1 for number in numbers})


def activity_in(data: dict[str, Any]) -> ActivityIn:
    """The posted form as a new or changed activity; ``InvalidInput`` names each field
    that needs attention by its form name."""
    form = parse_form(ActivityForm, data)
    errors: dict[str, str] = {}
    options = _options("options", form.options, errors)
    options_en = _options("options_en", form.options_en, errors)
    config = ActivityConfig(
        options=options,
        options_en=options_en,
        multiple=form.multiple,
        correct=_correct(form.correct, len(options), errors),
        scale_min=form.scale_min,
        scale_max=form.scale_max,
        min_label=form.min_label,
        max_label=form.max_label,
        min_label_en=form.min_label_en,
        max_label_en=form.max_label_en,
        max_entries=form.max_entries,
        drop_stop_words=form.drop_stop_words,
        points=form.points,
        speed_bonus=form.speed_bonus,
        premoderation=form.premoderation,
    )
    if errors:
        raise InvalidInput(field_errors=errors)
    return ActivityIn(
        kind=form.kind,
        title=form.title,
        title_en=form.title_en,
        session_id=form.session_id,
        hide_results=form.hide_results,
        config=config,
    )


def form_errors(field_errors: dict[str, str]) -> dict[str, str]:
    """The service's field names (``config.options``) as the form's (``options``)."""
    return {name.removeprefix("config."): message for name, message in field_errors.items()}


def form_values(activity: Activity) -> dict[str, Any]:
    """An activity as the form's values."""
    config = activity.config
    return {
        **msgspec.structs.asdict(config),
        "kind": activity.kind.value,
        "title": activity.title,
        "title_en": activity.title_en,
        "session_id": activity.session_id,
        "hide_results": activity.hide_results,
        "options": "\n".join(config.options),
        "options_en": "\n".join(config.options_en),
        "correct": ", ".join(str(index + 1) for index in config.correct),
    }
