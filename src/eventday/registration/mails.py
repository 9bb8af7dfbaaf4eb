"""The mail registration sends, written in the attendee's language and queued in the
outbox inside the transaction that made the change. A ticket's QR code and calendar
are made by the outbox when it sends the mail (``tickets.ticket_attachments``), not in
that transaction, so a registration burst is not held up by segno and icalendar."""

from __future__ import annotations

import functools

from eventday.agenda.models import Session
from eventday.db import Transaction
from eventday.events.models import Event
from eventday.mail import AttachmentSpec, Outbox, OutgoingMail, enqueue
from eventday.registration.models import (
    EMAIL_CHANGE_VALID_HOURS,
    Registration,
    RegistrationStatus,
)
from eventday.registration.tickets import TICKET, ticket_attachments
from eventday.settings import Settings
from eventday.web.i18n import Catalogues, format_span, gettext, ngettext


class Mailer:
    """Composes registration mail, queued in the caller's transaction."""

    def __init__(self, settings: Settings, catalogues: Catalogues, outbox: Outbox) -> None:
        self.settings = settings
        self.catalogues = catalogues
        self.outbox = outbox
        outbox.add_composer(
            TICKET,
            functools.partial(
                ticket_attachments, catalogues=catalogues, base_url=settings.base_url
            ),
        )

    def link(self, token: str) -> str:
        return f"{self.settings.base_url}/r/{token}"

    def _ticket_lines(self, event: Event, reg: Registration, sessions: list[Session]) -> list[str]:
        lines = [
            gettext("Your ticket code: %(code)s", code=reg.ticket_code),
            gettext("Show the QR code in the attachment at the entrance."),
            "",
            gettext(
                "When: %(when)s",
                when=format_span(event.starts_at, event.ends_at, event.timezone),
            ),
        ]
        if event.venue:
            lines.append(gettext("Where: %(venue)s", venue=event.venue))
        for session in sessions:
            span = format_span(session.starts_at, session.ends_at, event.timezone)
            lines.append(f"· {span} {session.local_title}")
        return lines

    def _ticket(self, reg: Registration) -> list[AttachmentSpec]:
        """The QR code and calendar, made by the outbox when it sends (``tickets``)."""
        return [AttachmentSpec(TICKET, reg.id)]

    async def confirmation(
        self,
        conn: Transaction,
        event: Event,
        reg: Registration,
        sessions: list[Session],
        token: str | None,
        waitlist_position: int = 0,
    ) -> None:
        """The mail after registering (and on resend): the ticket if a seat is held,
        the waitlist place or the wait for approval otherwise."""
        with self.catalogues.activate(reg.language):
            lines = [gettext("Hello %(name)s,", name=reg.name), ""]
            compose: list[AttachmentSpec] = []
            if reg.status is RegistrationStatus.CONFIRMED:
                subject = gettext("Your ticket for %(event)s", event=event.local_name)
                lines.append(gettext("You are registered for %(event)s.", event=event.local_name))
                lines += ["", *self._ticket_lines(event, reg, sessions)]
                compose = self._ticket(reg)
            elif reg.status is RegistrationStatus.WAITLISTED:
                subject = gettext("You are on the waitlist for %(event)s", event=event.local_name)
                lines.append(
                    gettext(
                        "The event is full. You are number %(n)s on the waitlist; we will"
                        " e-mail you if a seat becomes free.",
                        n=waitlist_position,
                    )
                )
            else:
                subject = gettext(
                    "We have received your registration for %(event)s", event=event.local_name
                )
                lines.append(gettext("The organiser approves registrations; we will e-mail you."))
            if token:
                lines += [
                    "",
                    gettext("View, change or cancel your registration here:"),
                    self.link(token),
                ]
            lines += ["", gettext("Welcome!"), event.contact_email]
            mail = OutgoingMail(
                recipient=reg.email,
                subject=subject,
                body="\n".join(lines).strip() + "\n",
                compose=compose,
            )
        await enqueue(conn, mail, event_id=event.id, registration_id=reg.id)

    async def private_link(
        self, conn: Transaction, event: Event, reg: Registration, token: str
    ) -> None:
        with self.catalogues.activate(reg.language):
            mail = OutgoingMail(
                recipient=reg.email,
                subject=gettext("Your link for %(event)s", event=event.local_name),
                body="\n".join(
                    (
                        gettext("Hello %(name)s,", name=reg.name),
                        "",
                        gettext("Here is a new private link to your registration:"),
                        self.link(token),
                        "",
                        gettext("Links sent earlier no longer work."),
                    )
                )
                + "\n",
            )
        await enqueue(conn, mail, event_id=event.id, registration_id=reg.id)

    def email_change_link(self, token: str) -> str:
        return f"{self.settings.base_url}/r/email/{token}"

    async def email_change(
        self, conn: Transaction, event: Event, reg: Registration, new_email: str, token: str
    ) -> None:
        """The confirmation link to the new address, and a note to the old one (which
        stays in force until the link is followed)."""
        with self.catalogues.activate(reg.language):
            greeting = gettext("Hello %(name)s,", name=reg.name)
            confirm = OutgoingMail(
                recipient=new_email,
                subject=gettext("Confirm your new e-mail for %(event)s", event=event.local_name),
                body="\n".join(
                    (
                        greeting,
                        "",
                        gettext(
                            "Follow this link to use %(new)s for your registration for %(event)s:",
                            new=new_email,
                            event=event.local_name,
                        ),
                        self.email_change_link(token),
                        "",
                        ngettext(
                            "The link works once, for %(num)d hour. Until then, mail goes"
                            " to %(old)s.",
                            "The link works once, for %(num)d hours. Until then, mail goes"
                            " to %(old)s.",
                            EMAIL_CHANGE_VALID_HOURS,
                            old=reg.email,
                        ),
                    )
                )
                + "\n",
            )
            note = OutgoingMail(
                recipient=reg.email,
                subject=gettext("A change of e-mail for %(event)s", event=event.local_name),
                body="\n".join(
                    (
                        greeting,
                        "",
                        gettext(
                            "Someone with your private link asked to use %(new)s instead of"
                            " this address. Nothing changes unless the link sent there is"
                            " followed.",
                            new=new_email,
                        ),
                        "",
                        gettext(
                            "If it was not you, write to %(contact)s.", contact=event.contact_email
                        )
                        if event.contact_email
                        else gettext("If it was not you, you can ignore this message."),
                    )
                )
                + "\n",
            )
        await enqueue(conn, confirm, event_id=event.id, registration_id=reg.id)
        await enqueue(conn, note, event_id=event.id, registration_id=reg.id)

    async def promoted(
        self,
        conn: Transaction,
        event: Event,
        reg: Registration,
        sessions: list[Session],
        workshop: Session | None = None,
    ) -> None:
        """A seat became free: for the event, or for one ``workshop``."""
        with self.catalogues.activate(reg.language):
            if workshop:
                title = workshop.local_title
                subject = gettext("You have a seat at %(session)s", session=title)
                text = gettext(
                    "A seat became free at %(session)s and it is now yours.",
                    session=title,
                )
            else:
                subject = gettext("You have a seat at %(event)s", event=event.local_name)
                text = gettext(
                    "A seat became free at %(event)s and it is now yours.", event=event.local_name
                )
            lines = [gettext("Hello %(name)s,", name=reg.name), "", text, ""]
            lines += self._ticket_lines(event, reg, sessions)
            lines += [
                "",
                gettext("To change or cancel, use the private link from your first e-mail."),
            ]
            mail = OutgoingMail(
                recipient=reg.email,
                subject=subject,
                body="\n".join(lines) + "\n",
                compose=self._ticket(reg),
            )
        await enqueue(conn, mail, event_id=event.id, registration_id=reg.id)
