"""The evaluation after the event: mailed with the thank-you mail, answered
anonymously once, one reminder to those who have not answered, and results with
breakdowns only for groups of five or more."""

from __future__ import annotations

import io
import re
from datetime import datetime, timedelta

import msgspec
import openpyxl
import time_machine

from eventday.accounts import queries as account_queries
from eventday.accounts.models import Role
from eventday.checkin import service as checkin
from eventday.checkin.models import ScanIn
from eventday.db import Database
from eventday.webinar.links import key_of
from tests.conftest import AccountMaker, Client, csrf_token
from tests.registration.test_mail import Inbox
from tests.webinar.conftest import Worker, webinar_event
from tests.webinar.test_group_mail import sign_up
from tests.webinar.test_reminders import body, subject

QUESTIONS = {
    "questions": [
        {"kind": "scale", "prompt": "Hur nyttig var dagen?"},
        {"kind": "choice", "prompt": "Kommer du igen?", "options": ["Ja", "Nej"]},
        {"kind": "text", "prompt": "Vad ska vi ändra?"},
    ]
}


async def test_the_evaluation_is_mailed_answered_anonymously_once_and_reminded_once(
    client: Client,
    db: Database,
    api: dict[str, str],
    now: datetime,
    workers: list[Worker],
    inbox: tuple[Inbox, int],
    make_account: AccountMaker,
) -> None:
    worker = workers[0]
    event = await webinar_event(db, now)
    url = f"/api/v1/events/{event.slug}/webinar/evaluation"
    lonely = {"questions": [{"kind": "choice", "prompt": "Ja?", "options": ["Ja"]}]}
    assert (await client.put(url, json=lonely, headers=api)).status_code == 422
    saved = await client.put(url, json=QUESTIONS, headers=api)
    assert saved.status_code == 200, saved.text
    scale, choice, text = (q["id"] for q in saved.json())

    people = [await sign_up(worker, db, event, f"P{n}", f"p{n}@example.se") for n in range(6)]
    await db.execute(
        "UPDATE registrations SET answers = ?", (msgspec.json.encode({"gender": "woman"}).decode(),)
    )
    await make_account(Role.ORGANISER, "door@example.se")
    staff = await account_queries.account_by_email(db, "door@example.se")
    assert staff is not None
    with time_machine.travel(event.starts_at + timedelta(minutes=5), tick=False):
        for n, reg_id in enumerate(people):
            await checkin.scan(
                db, event, ScanIn(nonce=f"nonce{n:04d}", registration_id=reg_id), staff
            )
    await worker.send_due()
    inbox[0].messages.clear()

    with time_machine.travel(event.ends_at + timedelta(hours=1, minutes=1), tick=False):
        assert await worker.send_due() == 6
    links = {
        m["To"]: next(line for line in body(m).splitlines() if line.endswith("/evaluation"))
        for m in inbox[0].messages
    }
    assert len(links) == 6

    async def answer(address: str, rating: str) -> int:
        path = links[address].removeprefix("http://testserver.local")
        token = await csrf_token(client)
        response = await client.post(
            path,
            data={
                f"q{scale}": rating,
                f"q{choice}": "Ja",
                f"q{text}": "Mer kaffe",
                "_csrf_token": token,
            },
        )
        return response.status_code

    for n in range(5):
        assert await answer(f"p{n}@example.se", str(n % 5 + 1)) == 200
    assert await answer("p0@example.se", "5") == 409  # once only
    again = await client.get(links["p0@example.se"].removeprefix("http://testserver.local"))
    assert "Tack! Dina svar är sparade." in again.text
    assert "<form" not in again.text.split("<main")[1]
    columns = [r[1] for r in await db.fetch_all("PRAGMA table_info(evaluation_responses)")]
    assert "registration_id" not in columns  # anonymous: no way back to the person

    inbox[0].messages.clear()
    with time_machine.travel(event.ends_at + timedelta(days=3, hours=1, minutes=1), tick=False):
        assert await worker.send_due() == 1
        assert await workers[1].send_due() == 0
    [reminder] = inbox[0].messages
    assert reminder["To"] == "p5@example.se"
    assert subject(reminder) == "What did you think of Basic Industry Day?"

    results = (await client.get(f"{url}/results", headers=api)).json()
    assert results["respondents"] == 5
    rating = results["questions"][0]
    assert rating["overall"]["mean"] == 3.0
    assert [s["group"] for s in rating["by_gender"]] == ["woman"]  # five: shown
    assert results["questions"][2]["texts"] == ["Mer kaffe"] * 5
    assert (await client.put(url, json=QUESTIONS, headers=api)).status_code == 409


async def test_breakdowns_of_fewer_than_five_are_not_shown_and_results_reach_the_report(
    organiser: Client, db: Database, api: dict[str, str], now: datetime, workers: list[Worker]
) -> None:
    client = organiser
    event = await webinar_event(db, now)
    url = f"/api/v1/events/{event.slug}/webinar/evaluation"
    await client.put(url, json=QUESTIONS, headers=api)
    reg_id = await sign_up(workers[0], db, event, "Anna", "anna@example.se")
    await db.execute(
        "UPDATE registrations SET answers = ?", ('{"gender": "woman", "region": "gavleborg"}',)
    )
    key = await key_of(db, workers[0].webinar.secret, reg_id)
    page = await client.get(f"/m/{key}/evaluation")
    assert page.status_code == 200
    assert "anonyma" in page.text
    token = await csrf_token(client)
    empty = await client.post(f"/m/{key}/evaluation", data={"_csrf_token": token})
    assert empty.status_code == 422
    wrong = await client.post(f"/m/{key}/evaluation", data={"q1": "7", "_csrf_token": token})
    assert wrong.status_code == 422
    ok = await client.post(f"/m/{key}/evaluation", data={"q1": "4", "_csrf_token": token})
    assert ok.status_code == 200
    results = (await client.get(f"{url}/results", headers=api)).json()
    assert results["respondents"] == 1
    assert results["questions"][0]["overall"]["counts"] == {"4": 1}
    assert results["questions"][0]["by_gender"] == []
    assert results["questions"][0]["by_region"] == []
    for page in (f"/manage/{event.slug}/webinar", f"/manage/{event.slug}/report"):
        shown = await client.get(page)
        assert shown.status_code == 200
        assert "Hur nyttig var dagen?" in shown.text
        assert "1 svar" in shown.text
        assert "Efter kön" not in shown.text


async def test_the_funders_report_xlsx_has_the_evaluation_with_breakdowns_of_five_or_more(
    organiser: Client, db: Database, api: dict[str, str], now: datetime, workers: list[Worker]
) -> None:
    event = await webinar_event(db, now)
    url = f"/api/v1/events/{event.slug}/webinar/evaluation"
    await organiser.put(url, json=QUESTIONS, headers=api)
    token = await csrf_token(organiser)
    people = [("woman", "Gävleborgs län")] * 5 + [("man", "Gävleborgs län")] * 2
    for n, (gender, region) in enumerate(people):
        reg_id = await sign_up(workers[0], db, event, f"P{n}", f"p{n}@example.se")
        await db.execute(
            "UPDATE registrations SET answers = ? WHERE id = ?",
            (msgspec.json.encode({"gender": gender, "region": region}).decode(), reg_id),
        )
        key = await key_of(db, workers[0].webinar.secret, reg_id)
        data = {"q1": str(3 + n % 2), "q2": "Ja", "q3": f"Svar {n}", "_csrf_token": token}
        assert (await organiser.post(f"/m/{key}/evaluation", data=data)).status_code == 200

    book = await organiser.get(f"/manage/{event.slug}/report.xlsx")
    workbook = openpyxl.load_workbook(io.BytesIO(book.content))
    assert workbook.sheetnames[-1] == "Utvärdering"  # names in the page's language
    rows = list(workbook["Utvärdering"].iter_rows(values_only=True))
    assert rows[0] == (
        "Fråga", "Uppdelning", "Grupp", "Svarande", "Svar", "Antal", "Medelvärde",
    )  # fmt: skip
    scale = [r for r in rows if r[0] == "Hur nyttig var dagen?"]
    assert ("Hur nyttig var dagen?", "Alla", "", 7, "3", 4, 3.43) in scale
    women = [r for r in scale if r[1] == "Kön"]
    assert {r[2] for r in women} == {"Kvinna"}  # five women shown; two men are too few
    assert {(r[4], r[5]) for r in women} == {("3", 3), ("4", 2)}
    assert [r[2] for r in scale if r[1] == "Region"] == ["Gävleborgs län"] * 2  # seven
    texts = [r[4] for r in rows if r[0] == "Vad ska vi ändra?"]
    assert sorted(texts) == [f"Svar {n}" for n in range(7)]
    page = await organiser.get(f"/manage/{event.slug}/report")
    assert "Kvinna (5)" in page.text
    assert "Man (2)" not in page.text

    # The organiser raises the smallest group shown to 6: the five women go too, the
    # seven in one region stay. A value below 3 is refused next to its field.
    manage = f"/manage/{event.slug}/webinar"
    token = await csrf_token(organiser, manage)
    refused = await organiser.post(
        f"{manage}/settings",
        data={"reminders": "1440, 60", "evaluation_min_group": "2", "_csrf_token": token},
    )
    assert refused.status_code == 422  # the page again, with the error
    assert re.search(r'name="evaluation_min_group"[^>]*aria-invalid="true"', refused.text)
    assert 'value="2"' in refused.text  # what was typed stays
    saved = await organiser.post(
        f"{manage}/settings",
        data={
            "reminders": "1440, 60",
            "thank_you": "on",
            "evaluation_reminder_days": "4",
            "evaluation_min_group": "6",
            "_csrf_token": token,
        },
    )
    assert saved.status_code == 200
    settings = (await organiser.get(f"/api/v1/events/{event.slug}/webinar", headers=api)).json()
    assert settings["evaluation_min_group"] == 6
    assert settings["evaluation_reminder_days"] == 4  # the page keeps it (it reset it before)
    results = (await organiser.get(f"{url}/results", headers=api)).json()
    assert results["min_group"] == 6
    assert results["questions"][0]["by_gender"] == []
    assert [s["group"] for s in results["questions"][0]["by_region"]] == ["Gävleborgs län"]
