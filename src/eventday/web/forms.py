"""Form posts validated by msgspec Structs, with one clear message per field.

Each field is converted on its own, so every wrong field gets its own message in
the user's language, taken from the field's constraints (``msgspec.Meta``) or, for a
pattern, from ``Meta(extra={"message": ...})``.
"""

from __future__ import annotations

import typing
from collections.abc import Mapping
from typing import Any, TypeVar

import msgspec
from msgspec import inspect as mi

from eventday.errors import N_, InvalidInput
from eventday.web.i18n import gettext

T = TypeVar("T", bound=msgspec.Struct)

EMAIL_PATTERN = r"^[^@\s]+@[^@\s]+\.[^@\s]+$"
Email = typing.Annotated[
    str,
    msgspec.Meta(
        pattern=EMAIL_PATTERN,
        max_length=254,
        extra={"message": N_("Please enter a valid e-mail address.")},
    ),
]


def _unwrap(info: mi.Type) -> tuple[mi.Type, dict[str, Any]]:
    extra: dict[str, Any] = {}
    while isinstance(info, mi.Metadata):
        extra.update(info.extra or {})
        info = info.type
    return info, extra


def _is_list(info: mi.Type) -> bool:
    inner, _ = _unwrap(info)
    if isinstance(inner, mi.UnionType):
        return any(_is_list(t) for t in inner.types)
    return isinstance(inner, mi.ListType | mi.SetType | mi.FrozenSetType)


def _message(info: mi.Type) -> str:
    inner, extra = _unwrap(info)
    if isinstance(inner, mi.UnionType):
        inner, extra2 = _unwrap(next(t for t in inner.types if not isinstance(t, mi.NoneType)))
        extra = {**extra2, **extra}
    custom = extra.get("message")
    if custom:
        return gettext(custom)
    if isinstance(inner, mi.StrType):
        if inner.max_length is not None:
            return gettext("Please use at most %(max)s characters.", max=inner.max_length)
        return gettext("This value is not in the expected format.")
    if isinstance(inner, mi.IntType | mi.FloatType):
        low = inner.ge if inner.ge is not None else inner.gt
        high = inner.le if inner.le is not None else inner.lt
        if low is not None and high is not None:
            return gettext("Please enter a number from %(min)s to %(max)s.", min=low, max=high)
        if low is not None:
            return gettext("Please enter a number of at least %(min)s.", min=low)
        return gettext("Please enter a number.")
    if isinstance(inner, mi.LiteralType | mi.EnumType):
        return gettext("Please choose one of the options.")
    if isinstance(inner, mi.DateTimeType):
        return gettext("Please enter a date and time.")
    return gettext("This value is not in the expected format.")


def _raw_value(data: Mapping[str, Any], name: str, as_list: bool) -> Any:
    getall = getattr(data, "getall", None)
    if as_list:
        values = getall(name, []) if getall else data.get(name, [])
        return [v for v in values if v != ""]
    value = data.get(name)
    return value.strip() if isinstance(value, str) else value


def parse_form(struct_type: type[T], data: Mapping[str, Any]) -> T:
    """Validate form data into ``struct_type``; raise :class:`InvalidInput` with a
    message for each wrong field. Empty optional fields take their defaults."""
    info = mi.type_info(struct_type)
    assert isinstance(info, mi.StructType)
    hints = typing.get_type_hints(struct_type, include_extras=True)
    values: dict[str, Any] = {}
    errors: dict[str, str] = {}
    for field in info.fields:
        inner, _ = _unwrap(field.type)
        as_list = _is_list(field.type)
        raw = _raw_value(data, field.encode_name, as_list)
        if isinstance(inner, mi.BoolType):
            values[field.name] = raw in ("on", "true", "1", "yes", True)
            continue
        if raw is None or raw == "" or raw == []:
            if field.required:
                errors[field.encode_name] = gettext("This field is required.")
            continue
        try:
            values[field.name] = msgspec.convert(raw, hints[field.name], strict=False)
        except msgspec.ValidationError:
            errors[field.encode_name] = _message(field.type)
    if errors:
        raise InvalidInput(field_errors=errors)
    try:
        return msgspec.convert(values, struct_type, strict=False)
    except msgspec.ValidationError as exc:
        raise InvalidInput(str(exc)) from exc
