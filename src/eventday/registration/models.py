"""Registration forms, questions, registrations and workshop seat bookings."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Annotated

import msgspec

from eventday.bounds import Id
from eventday.errors import N_
from eventday.web.forms import Email
from eventday.web.i18n import gettext, localised, localised_language, pgettext


class RegistrationStatus(enum.StrEnum):
    CONFIRMED = "confirmed"
    WAITLISTED = "waitlisted"
    PENDING = "pending"
    CANCELLED = "cancelled"


class QuestionKind(enum.StrEnum):
    TEXT = "text"
    SINGLE = "single"
    MULTIPLE = "multiple"
    CHECKBOX = "checkbox"
    NUMBER = "number"


class Builtin(enum.StrEnum):
    """Optional questions every event can switch on. ``gender`` is used only for the
    equality report the European Social Fund asks for."""

    ROLE = "role"
    PHONE = "phone"
    DIETARY = "dietary"
    ACCESSIBILITY = "accessibility"
    REGION = "region"
    GENDER = "gender"


class FieldMode(enum.StrEnum):
    OFF = "off"
    OPTIONAL = "optional"
    REQUIRED = "required"


BUILTIN_LABELS = {
    Builtin.ROLE: N_("Role or job title"),
    Builtin.PHONE: N_("Phone"),
    Builtin.DIETARY: N_("Dietary needs"),
    Builtin.ACCESSIBILITY: N_("Accessibility needs"),
    Builtin.REGION: N_("Region (län)"),
    Builtin.GENDER: N_("Gender"),
}
GENDER_OPTIONS = {
    "woman": N_("Woman"),
    "man": N_("Man"),
    "other": N_("Other or non-binary"),
    "undisclosed": N_("Prefer not to say"),
}
REGIONS = (
    "Blekinge län",
    "Dalarnas län",
    "Gotlands län",
    "Gävleborgs län",
    "Hallands län",
    "Jämtlands län",
    "Jönköpings län",
    "Kalmar län",
    "Kronobergs län",
    "Norrbottens län",
    "Skåne län",
    "Stockholms län",
    "Södermanlands län",
    "Uppsala län",
    "Värmlands län",
    "Västerbottens län",
    "Västernorrlands län",
    "Västmanlands län",
    "Västra Götalands län",
    "Örebro län",
    "Östergötlands län",
)

Answer = str | int | bool | list[str]
Option = Annotated[str, msgspec.Meta(min_length=1, max_length=200)]


class Question(msgspec.Struct, frozen=True, kw_only=True):
    """A custom question. ``label`` and ``options`` are the Swedish (primary) texts and
    answers store the primary option, so answers stay comparable whatever language
    the attendee used; ``label_en`` and ``options_en`` are only shown."""

    id: int
    label: str
    kind: QuestionKind
    options: list[str]
    required: bool
    position: int
    label_en: str = ""
    options_en: list[str] = msgspec.field(default_factory=list)

    @property
    def key(self) -> str:
        return f"q{self.id}"

    @property
    def local_label(self) -> str:
        return localised(self.label, self.label_en)

    @property
    def local_options(self) -> list[tuple[str, str]]:
        """(stored value, text shown) per option, in the visitor's language."""
        english = self.options_en if len(self.options_en) == len(self.options) else []
        return [
            (option, localised(option, english[i] if english else ""))
            for i, option in enumerate(self.options)
        ]


class QuestionIn(msgspec.Struct, frozen=True, kw_only=True):
    """A custom question; ``options_en``, when given, has one English text per option."""

    label: Annotated[str, msgspec.Meta(min_length=1, max_length=300)]
    kind: QuestionKind
    options: Annotated[list[Option], msgspec.Meta(max_length=50)] = msgspec.field(
        default_factory=list
    )
    required: bool = False
    position: Annotated[int, msgspec.Meta(ge=0, le=1000)] = 0
    label_en: Annotated[str, msgspec.Meta(max_length=300)] = ""
    options_en: Annotated[list[Option], msgspec.Meta(max_length=50)] = msgspec.field(
        default_factory=list
    )


class RegistrationForm(msgspec.Struct, frozen=True, kw_only=True):
    """``consent_text`` is Swedish, ``consent_text_en`` its optional English version;
    ``consent_version`` covers both."""

    builtins: dict[Builtin, FieldMode]
    consent_text: str
    consent_version: int
    questions: list[Question]
    consent_text_en: str = ""

    def mode(self, builtin: Builtin) -> FieldMode:
        return self.builtins.get(builtin, FieldMode.OFF)

    @property
    def asks_consent(self) -> bool:
        return bool(self.consent_text or self.consent_text_en)

    def local_consent_text(self, language: str | None = None) -> str:
        """The consent text in ``language`` (the visitor's when None), falling back."""
        return localised(self.consent_text, self.consent_text_en, language)

    def consent_language(self, language: str | None = None) -> str:
        """The language of :meth:`local_consent_text`, for its ``lang`` and the record."""
        return localised_language(self.consent_text, self.consent_text_en, language)


class RegistrationFormIn(msgspec.Struct, frozen=True, kw_only=True):
    """The form's settings. A change to either consent text gets a new version number."""

    builtins: dict[Builtin, FieldMode] = msgspec.field(default_factory=dict)
    consent_text: Annotated[str, msgspec.Meta(max_length=5000)] = ""
    consent_text_en: Annotated[str, msgspec.Meta(max_length=5000)] = ""


def status_label(status: RegistrationStatus) -> str:
    """A registration status as the organiser's pages and exports name it."""
    return {
        RegistrationStatus.CONFIRMED: pgettext("status", "Confirmed"),
        RegistrationStatus.WAITLISTED: gettext("Waitlist"),
        RegistrationStatus.PENDING: gettext("Awaiting approval"),
        RegistrationStatus.CANCELLED: gettext("Cancelled"),
    }[status]


class Registration(msgspec.Struct, frozen=True, kw_only=True):
    id: int
    status: RegistrationStatus
    name: str
    email: str
    organisation: str
    answers: dict[str, Answer]
    ticket_code: str
    language: str
    consent_version: int | None
    consent_text: str
    consented_at: datetime | None
    created_at: datetime
    updated_at: datetime
    cancelled_at: datetime | None
    consent_language: str | None = None


EMAIL_CHANGE_VALID_HOURS = 48


class EmailChange(msgspec.Struct, frozen=True, kw_only=True):
    """A new address asked for on the private link, in force once its link is followed."""

    id: int
    registration_id: int
    email: str
    expires_at: datetime
    used_at: datetime | None


class SelfServiceEditIn(msgspec.Struct, frozen=True, kw_only=True):
    """The attendee's own edit through the API (the private link's token)."""

    name: Annotated[str, msgspec.Meta(min_length=1, max_length=200)]
    email: Email
    organisation: Annotated[str, msgspec.Meta(min_length=1, max_length=200)]
    answers: dict[str, Answer] = msgspec.field(default_factory=dict)


class SelfServiceEdit(msgspec.Struct, frozen=True, kw_only=True):
    """The answer to an edit on the private link: ``pending_email`` is the new address
    waiting for its confirmation link (``null`` when the e-mail did not change)."""

    registration: Registration
    pending_email: str | None


class NewRegistration(msgspec.Struct, frozen=True, kw_only=True):
    """A registration as it is first written: answers as JSON, times as stored."""

    event_id: int
    status: str
    name: str
    email: str
    organisation: str
    answers: str
    language: str
    ticket_code: str
    token_hash: str
    consent_version: int | None
    consent_text: str
    consent_language: str | None
    consented_at: str | None
    created_at: str


class RegistrationIn(msgspec.Struct, frozen=True, kw_only=True):
    """The fixed part of a registration; answers to other questions come beside it."""

    name: Annotated[str, msgspec.Meta(min_length=1, max_length=200)]
    email: Email
    organisation: Annotated[str, msgspec.Meta(min_length=1, max_length=200)]
    consent: bool = False


class RegistrationApiIn(msgspec.Struct, frozen=True, kw_only=True):
    """A registration as integrators send it (organiser API): answers keyed by
    built-in name or ``q<id>`` of a custom question."""

    name: Annotated[str, msgspec.Meta(min_length=1, max_length=200)]
    email: Email
    organisation: Annotated[str, msgspec.Meta(min_length=1, max_length=200)]
    answers: dict[str, Answer] = msgspec.field(default_factory=dict)
    consent: bool = False
    session_ids: Annotated[list[Id], msgspec.Meta(max_length=50)] = msgspec.field(
        default_factory=list
    )
    language: Annotated[str, msgspec.Meta(pattern="^(sv|en)$")] = "sv"


class Booking(msgspec.Struct, frozen=True, kw_only=True):
    session_id: int
    status: RegistrationStatus


class Registered(msgspec.Struct, frozen=True, kw_only=True):
    """What registering gives back: the record and the private link's token, shown once."""

    registration: Registration
    token: str


class RegistrationCounts(msgspec.Struct, frozen=True, kw_only=True):
    confirmed: int = 0
    waitlisted: int = 0
    pending: int = 0
    cancelled: int = 0
