"""What the webinar companion hangs on the app: its mail writer, the secret of its
mail links, and the scheduler it gives the outbox worker."""

from __future__ import annotations

from eventday.db import Database
from eventday.events.models import Event
from eventday.mail import Outbox
from eventday.settings import Settings
from eventday.web.i18n import Catalogues
from eventday.webinar import service
from eventday.webinar.mails import WebinarMails
from eventday.webinar.models import GroupMailIn, GroupMailRecord
from eventday.webinar.schedule import Scheduler


class Webinar:
    def __init__(
        self,
        db: Database,
        settings: Settings,
        catalogues: Catalogues,
        outbox: Outbox,
        secret: bytes,
    ) -> None:
        self.settings = settings
        self.secret = secret
        self.mails = WebinarMails(catalogues, settings.base_url)
        self.scheduler = Scheduler(db, self.mails, secret)
        outbox.add_scheduler(self.scheduler)

    async def send_group_mail(
        self, db: Database, event: Event, data: GroupMailIn, account_id: int | None
    ) -> GroupMailRecord:
        """Queue a group mail at the configured rate (the outbox wakes on commit)."""
        return await service.send_group_mail(
            db,
            self.mails,
            self.secret,
            event,
            data,
            account_id,
            self.settings.group_mail_per_minute,
        )
