"""An e-mail change on the private link: the old address stays in force until the link
mailed to the new one is followed (real uvicorn, real aiosmtpd), in both languages."""

from __future__ import annotations

import email
import email.header
import re
from datetime import datetime, timedelta
from email.message import Message
from pathlib import Path

import httpx
import time_machine

from eventday.agenda import service as agenda
from eventday.agenda.models import SessionIn, SessionKind
from eventday.registration.models import EMAIL_CHANGE_VALID_HOURS
from tests.registration.conftest import CSRF_FIELD, Served, make_event, private_token, serve
from tests.registration.test_mail import Inbox, inbox, mail_settings, wait_for

__all__ = ["inbox"]  # the fixture, used by name

CHANGE_LINK = re.compile(r"http://testserver\.local(/r/email/[A-Za-z0-9_-]+)")


def subject(message: Message) -> str:
    return str(email.header.make_header(email.header.decode_header(message["Subject"])))


def body(message: Message) -> str:
    part = next(p for p in message.walk() if p.get_content_type() == "text/plain")
    payload = part.get_payload(decode=True)
    assert isinstance(payload, bytes)
    return payload.decode()


async def mail_to(inbox: Inbox, address: str) -> Message:
    async def arrived() -> bool:
        return any(m["To"] == address for m in inbox.messages)

    await wait_for(arrived)
    return next(m for m in inbox.messages if m["To"] == address)


async def mail_with_subject(inbox: Inbox, text: str) -> Message:
    async def arrived() -> bool:
        return any(subject(m) == text for m in inbox.messages)

    await wait_for(arrived)
    return next(m for m in inbox.messages if subject(m) == text)


async def register(client: httpx.AsyncClient, slug: str, address: str, lang: str) -> str:
    form = await client.get(f"/e/{slug}/register?lang={lang}")
    csrf = CSRF_FIELD.search(form.text)
    assert csrf
    response = await client.post(
        f"/e/{slug}/register?lang={lang}",
        data={
            "name": "Anna",
            "email": address,
            "organisation": "Gruvan AB",
            "_csrf_token": csrf.group(1),
        },
    )
    return private_token(response)


async def edit_email(
    client: httpx.AsyncClient, token: str, address: str, lang: str
) -> httpx.Response:
    form = await client.get(f"/r/{token}/edit?lang={lang}")
    csrf = CSRF_FIELD.search(form.text)
    assert csrf
    return await client.post(
        f"/r/{token}/edit?lang={lang}",
        data={
            "name": "Anna",
            "email": address,
            "organisation": "Gruvan AB",
            "_csrf_token": csrf.group(1),
        },
        follow_redirects=True,
    )


async def current_email(served: Served) -> str:
    value = await served.db.fetch_value("SELECT email FROM registrations ORDER BY id LIMIT 1")
    assert isinstance(value, str)
    return value


async def test_email_change_in_swedish_waits_for_the_link_sent_to_the_new_address(
    tmp_path: Path, inbox: tuple[Inbox, int]
) -> None:
    async for served in serve(mail_settings(tmp_path, inbox[1])):
        event = await make_event(served.db, name="Gruvdagen")
        async with httpx.AsyncClient(base_url=served.url) as client:
            token = await register(client, event.slug, "anna@example.se", "sv")
            edited = await edit_email(client, token, "anna@gruvan.se", "sv")
            assert edited.status_code == 200
            assert (
                "Vi har skickat en länk till anna@gruvan.se; tills du bekräftar går e-post"
                " till anna@example.se." in edited.text
            )
            assert await current_email(served) == "anna@example.se"

            confirm = await mail_to(inbox[0], "anna@gruvan.se")
            assert subject(confirm) == "Bekräfta din nya e-postadress för Gruvdagen"
            assert "Till dess går e-post till anna@example.se." in body(confirm)
            note = await mail_with_subject(inbox[0], "Byte av e-postadress för Gruvdagen")
            assert note["To"] == "anna@example.se"  # the old address is told
            assert "använda anna@gruvan.se i stället" in body(note)

            link = CHANGE_LINK.search(body(confirm))
            assert link
            followed = await client.get(f"{link.group(1)}?lang=sv")
            assert followed.status_code == 200
            assert "Din e-postadress är ändrad" in followed.text
            assert "går e-post om Gruvdagen till anna@gruvan.se" in followed.text
            assert await current_email(served) == "anna@gruvan.se"

            again = await client.get(f"{link.group(1)}?lang=sv")
            assert again.status_code == 409
            assert "Länken har redan använts" in again.text


async def test_email_change_in_english_expires_and_loses_to_a_newer_registration(
    tmp_path: Path, inbox: tuple[Inbox, int], now: datetime
) -> None:
    async for served in serve(mail_settings(tmp_path, inbox[1])):
        event = await make_event(served.db, name="Gruvdagen", name_en="Mining Day")
        async with httpx.AsyncClient(base_url=served.url) as client:
            token = await register(client, event.slug, "anna@example.se", "en")
            edited = await edit_email(client, token, "anna@gruvan.se", "en")
            assert (
                "We sent a link to anna@gruvan.se; until you confirm, mail goes to"
                " anna@example.se." in edited.text
            )
            confirm = await mail_to(inbox[0], "anna@gruvan.se")
            assert subject(confirm) == "Confirm your new e-mail for Mining Day"
            assert "for 48 hours" in body(confirm)
            link = CHANGE_LINK.search(body(confirm))
            assert link

            later = now + timedelta(hours=EMAIL_CHANGE_VALID_HOURS, minutes=1)
            with time_machine.travel(later, tick=False):
                expired = await client.get(f"{link.group(1)}?lang=en")
            assert expired.status_code == 409
            assert "This link has expired." in expired.text
            assert await current_email(served) == "anna@example.se"

            # A new request; meanwhile someone else registers with that address.
            await edit_email(client, token, "anna@gruvan.se", "en")

            async def two_links() -> bool:
                return sum(m["To"] == "anna@gruvan.se" for m in inbox[0].messages) == 2

            await wait_for(two_links)
            second = [m for m in inbox[0].messages if m["To"] == "anna@gruvan.se"][1]
            link = CHANGE_LINK.search(body(second))
            assert link
            async with httpx.AsyncClient(base_url=served.url) as other:
                await register(other, event.slug, "anna@gruvan.se", "en")
            taken = await client.get(f"{link.group(1)}?lang=en")
            assert taken.status_code == 409
            assert (
                "anna@gruvan.se is now registered for this event by someone else; the e-mail"
                " stays anna@example.se." in taken.text
            )
            assert await current_email(served) == "anna@example.se"


async def test_email_change_through_the_api_answers_202_with_the_pending_address(
    tmp_path: Path, inbox: tuple[Inbox, int]
) -> None:
    async for served in serve(mail_settings(tmp_path, inbox[1])):
        event = await make_event(served.db)
        async with httpx.AsyncClient(base_url=served.url) as client:
            token = await register(client, event.slug, "anna@example.se", "sv")
            details = {"name": "Anna B", "email": "anna@example.se", "organisation": "Gruvan"}
            same = await client.put(f"/api/v1/r/{token}", json=details)
            assert same.status_code == 200
            assert same.json()["pending_email"] is None
            assert same.json()["registration"]["name"] == "Anna B"
            recased = await client.put(
                f"/api/v1/r/{token}", json={**details, "email": "Anna@Example.se"}
            )
            assert recased.status_code == 200  # the same address, spelt differently
            assert recased.json()["registration"]["email"] == "Anna@Example.se"
            changed = await client.put(
                f"/api/v1/r/{token}", json={**details, "email": "anna@gruvan.se"}
            )
            assert changed.status_code == 202
            assert changed.json()["pending_email"] == "anna@gruvan.se"
            assert changed.json()["registration"]["email"] == "Anna@Example.se"
            confirm = await mail_to(inbox[0], "anna@gruvan.se")
            assert CHANGE_LINK.search(body(confirm))
            unknown = await client.put("/api/v1/r/not-a-token", json=details)
            assert unknown.status_code == 404


async def test_ticket_mail_lists_workshops_in_the_registrants_language(
    tmp_path: Path, inbox: tuple[Inbox, int]
) -> None:
    async for served in serve(mail_settings(tmp_path, inbox[1])):
        event = await make_event(served.db, name="Gruvdagen", name_en="Mining Day")
        workshop = await agenda.save_session(
            served.db,
            event,
            SessionIn(
                title="Sprängteknik",
                title_en="Blasting",
                kind=SessionKind.WORKSHOP,
                starts_at=event.starts_at,
                ends_at=event.starts_at + timedelta(hours=1),
                capacity=5,
            ),
        )
        async with httpx.AsyncClient(base_url=served.url) as client:
            form = await client.get(f"/e/{event.slug}/register?lang=en")
            csrf = CSRF_FIELD.search(form.text)
            assert csrf
            await client.post(
                f"/e/{event.slug}/register?lang=en",
                data={
                    "name": "Anna",
                    "email": "anna@example.se",
                    "organisation": "Gruvan AB",
                    "session_ids": str(workshop.id),
                    "_csrf_token": csrf.group(1),
                },
            )
        text = body(await mail_to(inbox[0], "anna@example.se"))
        assert " Blasting" in text
        assert "Sprängteknik" not in text
