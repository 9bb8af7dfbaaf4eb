"""The webinar companion's mail, written in each attendee's language: reminders
before the start, the thank-you mail after the end, and mail to a group."""

from __future__ import annotations

from datetime import datetime

from eventday.events.models import Event
from eventday.mail import AttachmentSpec, OutgoingMail
from eventday.registration.models import Registration
from eventday.registration.tickets import TICKET
from eventday.web.i18n import Catalogues, format_date, format_time, gettext, ngettext


class MailLinks:
    """The addresses a mail to one attendee carries (see ``links``)."""

    def __init__(self, base_url: str, key: str) -> None:
        self.live = f"{base_url}/m/{key}/live"
        self.cancel = f"{base_url}/m/{key}/cancel"
        self.certificate = f"{base_url}/m/{key}/certificate.pdf"
        self.evaluation = f"{base_url}/m/{key}/evaluation"


def starts_in(start: datetime, now: datetime) -> str:
    """How long until the start, in whole days, hours or minutes (never negative)."""
    minutes = max(1, round((start - now).total_seconds() / 60))
    if minutes >= 23 * 60:
        days = round(minutes / 1440)
        return ngettext("in %(num)s day", "in %(num)s days", days)
    if minutes >= 60:
        hours = round(minutes / 60)
        return ngettext("in %(num)s hour", "in %(num)s hours", hours)
    return ngettext("in %(num)s minute", "in %(num)s minutes", minutes)


def when(event: Event) -> str:
    """The start in the event's zone, named: "4 december 2026 09:00 (Europe/Stockholm)"."""
    day = format_date(event.starts_at, event.timezone, "long")
    return f"{day} {format_time(event.starts_at, event.timezone)} ({event.timezone})"


class WebinarMails:
    def __init__(self, catalogues: Catalogues, base_url: str) -> None:
        self.catalogues = catalogues
        self.base_url = base_url

    def reminder(self, event: Event, reg: Registration, key: str, now: datetime) -> OutgoingMail:
        """The reminder as it reads at ``now`` (before the start): when, the live link,
        the stream link, a cancel link, and a fresh calendar with the ticket."""
        links = MailLinks(self.base_url, key)
        with self.catalogues.activate(reg.language):
            relative = starts_in(event.starts_at, now)
            lines = [
                gettext("Hello %(name)s,", name=reg.name),
                "",
                gettext(
                    "%(event)s starts %(relative)s: %(when)s.",
                    event=event.local_name,
                    relative=relative,
                    when=when(event),
                ),
            ]
            if event.venue:
                lines.append(gettext("Where: %(venue)s", venue=event.venue))
            if event.online_url:
                lines += ["", gettext("The stream or meeting:"), event.online_url]
            lines += [
                "",
                gettext("Take part in polls and questions from your phone or computer:"),
                links.live,
                "",
                gettext("Cannot come? Cancel here and your seat goes to someone waiting:"),
                links.cancel,
                "",
                gettext("Your ticket and a calendar file are attached."),
                event.contact_email,
            ]
            return OutgoingMail(
                recipient=reg.email,
                subject=gettext(
                    "Reminder: %(event)s starts %(relative)s",
                    event=event.local_name,
                    relative=relative,
                ),
                body="\n".join(lines).strip() + "\n",
                compose=[AttachmentSpec(TICKET, reg.id)],
            )

    def thank_you(
        self, event: Event, reg: Registration, key: str, evaluation: bool
    ) -> OutgoingMail:
        links = MailLinks(self.base_url, key)
        with self.catalogues.activate(reg.language):
            lines = [
                gettext("Hello %(name)s,", name=reg.name),
                "",
                gettext("Thank you for taking part in %(event)s.", event=event.local_name),
                "",
                gettext("Your certificate of attendance:"),
                links.certificate,
            ]
            if evaluation:
                lines += [
                    "",
                    gettext("What did you think? A few questions, answered anonymously:"),
                    links.evaluation,
                ]
            lines += ["", event.contact_email]
            return OutgoingMail(
                recipient=reg.email,
                subject=gettext("Thank you for taking part in %(event)s", event=event.local_name),
                body="\n".join(lines).strip() + "\n",
            )

    def evaluation_reminder(self, event: Event, reg: Registration, key: str) -> OutgoingMail:
        with self.catalogues.activate(reg.language):
            lines = [
                gettext("Hello %(name)s,", name=reg.name),
                "",
                gettext(
                    "There is still time to tell us what you thought of %(event)s."
                    " A few questions, answered anonymously:",
                    event=event.local_name,
                ),
                MailLinks(self.base_url, key).evaluation,
                "",
                event.contact_email,
            ]
            return OutgoingMail(
                recipient=reg.email,
                subject=gettext("What did you think of %(event)s?", event=event.local_name),
                body="\n".join(lines).strip() + "\n",
            )

    def to_group(self, subject: str, body: str, reg: Registration, key: str) -> OutgoingMail:
        """The organiser's text with ``{name}`` and ``{link}`` filled in."""
        link = MailLinks(self.base_url, key).live
        return OutgoingMail(
            recipient=reg.email,
            subject=fill(subject, reg.name, link),
            body=fill(body, reg.name, link).strip() + "\n",
        )


PLACEHOLDERS = ("{name}", "{link}")


def fill(text: str, name: str, link: str) -> str:
    return text.replace("{name}", name).replace("{link}", link)
