"""Organisers write event texts and questions in Swedish and English; attendees see
their language, falling back to Swedish where no English text was written."""

from __future__ import annotations

from bs4 import BeautifulSoup

from eventday.db import Database
from tests.conftest import Client, csrf_token
from tests.registration.conftest import make_event, private_token, register

EN = {"Accept-Language": "en-GB,en;q=0.9"}
SV = {"Accept-Language": "sv-SE,sv;q=0.9"}


def heading(html: str) -> str:
    return BeautifulSoup(html, "html.parser").h1.get_text(strip=True)


async def test_event_page_shows_english_texts_to_an_english_visitor(
    client: Client, db: Database, api: dict[str, str]
) -> None:
    event = await make_event(db, name="Industridagen", description="Välkommen till dagen")
    body = {
        "name": "Industridagen",
        "name_en": "Industry Day",
        "description": "Välkommen till dagen",
        "description_en": "Welcome to the day",
        "starts_at": event.starts_at.isoformat(),
        "ends_at": event.ends_at.isoformat(),
    }
    saved = await client.put(f"/api/v1/events/{event.slug}", json=body, headers=api)

    english = await client.get(f"/e/{event.slug}", headers=EN)
    swedish = await client.get(f"/e/{event.slug}", headers=SV)

    assert (saved.json()["name_en"], saved.json()["description_en"]) == (
        "Industry Day",
        "Welcome to the day",
    )
    assert heading(english.text) == "Industry Day"
    assert "Welcome to the day" in english.text
    assert heading(swedish.text) == "Industridagen"
    assert "Välkommen till dagen" in swedish.text
    assert "Industry Day" not in swedish.text


async def test_event_without_english_texts_shows_swedish_to_an_english_visitor(
    client: Client, db: Database
) -> None:
    event = await make_event(db, name="Industridagen", description="Välkommen till dagen")

    english = await client.get(f"/e/{event.slug}/register", headers=EN)

    assert "Industridagen" in BeautifulSoup(english.text, "html.parser").title.get_text()
    assert "Register" in english.text


async def test_event_form_saves_the_english_name(organiser: Client, db: Database) -> None:
    event = await make_event(db, name="Industridagen")
    token = await csrf_token(organiser, f"/manage/{event.slug}/edit")

    response = await organiser.post(
        f"/manage/{event.slug}/edit",
        data={
            "name": "Industridagen",
            "name_en": "Industry Day",
            "timezone": "Europe/Stockholm",
            "format": "onsite",
            "starts_at": "2030-07-01T09:00",
            "ends_at": "2030-07-01T16:00",
            "_csrf_token": token,
        },
        follow_redirects=False,
    )
    public = await organiser.get(f"/e/{event.slug}", headers=EN)

    assert response.status_code == 303, response.text
    assert heading(public.text) == "Industry Day"


async def test_question_shows_english_label_and_choices_but_stores_the_swedish_choice(
    client: Client, db: Database, api: dict[str, str]
) -> None:
    event = await make_event(db)
    created = await client.post(
        f"/api/v1/events/{event.slug}/registration-form/questions",
        json={
            "label": "Hur kom du hit?",
            "label_en": "How did you get here?",
            "kind": "single",
            "options": ["Tåg", "Bil"],
            "options_en": ["Train", "Car"],
        },
        headers=api,
    )
    key = f"q{created.json()['id']}"

    english = BeautifulSoup(
        (await client.get(f"/e/{event.slug}/register", headers=EN)).text, "html.parser"
    )
    swedish = BeautifulSoup(
        (await client.get(f"/e/{event.slug}/register", headers=SV)).text, "html.parser"
    )
    registered = await register(client, event, "a@example.se", **{key: "Tåg"})

    def question(page: BeautifulSoup) -> tuple[str, list[tuple[str, str]]]:
        group = page.find("input", attrs={"name": key}).find_parent("fieldset")
        choices = [
            (label.input["value"], label.get_text(strip=True))
            for label in group.find_all("label", class_="choice")
        ]
        return group.legend.get_text(strip=True), choices

    assert question(english) == ("How did you get here?", [("Tåg", "Train"), ("Bil", "Car")])
    assert question(swedish) == ("Hur kom du hit?", [("Tåg", "Tåg"), ("Bil", "Bil")])
    private_token(registered)
    assert await db.fetch_value("SELECT answers FROM registrations") == f'{{"{key}":"Tåg"}}'


async def test_question_without_english_label_falls_back_to_swedish(
    client: Client, db: Database, api: dict[str, str]
) -> None:
    event = await make_event(db)
    await client.post(
        f"/api/v1/events/{event.slug}/registration-form/questions",
        json={"label": "Antal anställda", "kind": "number"},
        headers=api,
    )

    english = await client.get(f"/e/{event.slug}/register", headers=EN)

    labels = [
        label.get_text(" ", strip=True)
        for label in BeautifulSoup(english.text, "html.parser").find_all("label")
    ]
    assert "Antal anställda" in labels


async def test_question_with_english_choices_missing_one_is_refused(
    client: Client, db: Database, api: dict[str, str]
) -> None:
    event = await make_event(db)

    response = await client.post(
        f"/api/v1/events/{event.slug}/registration-form/questions",
        json={"label": "Färg", "kind": "single", "options": ["Röd", "Blå"], "options_en": ["Red"]},
        headers=api,
    )

    assert response.status_code == 422
    assert "options_en" in response.text
    assert await db.fetch_value("SELECT COUNT(*) FROM registration_questions") == 0


async def test_consent_text_in_the_visitors_language_and_recorded_as_agreed(
    client: Client, db: Database, api: dict[str, str]
) -> None:
    event = await make_event(db)
    base = f"/api/v1/events/{event.slug}/registration-form"
    first = await client.put(
        base,
        json={"consent_text": "Vi sparar dina uppgifter.", "consent_text_en": "We keep your data."},
        headers=api,
    )
    english_form = await client.get(f"/e/{event.slug}/register?lang=en")
    private_token(await register(client, event, "en@example.se", consent="true"))
    swedish_form = await client.get(f"/e/{event.slug}/register?lang=sv")
    private_token(await register(client, event, "sv@example.se", consent="true"))
    changed = await client.put(
        base,
        json={"consent_text": "Vi sparar dina uppgifter.", "consent_text_en": "We store data."},
        headers=api,
    )
    listed = await client.get(f"/api/v1/events/{event.slug}/registrations", headers=api)

    shown = BeautifulSoup(english_form.text, "html.parser").select_one("#consent-text")
    assert shown is not None
    assert (shown.get_text(strip=True), shown["lang"]) == ("We keep your data.", "en")
    assert "Vi sparar dina uppgifter." in swedish_form.text
    assert first.json()["consent_version"] == 1
    assert changed.json()["consent_version"] == 2
    records = {
        r["email"]: (r["consent_text"], r["consent_language"], r["consent_version"])
        for r in listed.json()["registrations"]
    }
    assert records == {
        "en@example.se": ("We keep your data.", "en", 1),
        "sv@example.se": ("Vi sparar dina uppgifter.", "sv", 1),
    }


async def test_english_visitor_sees_the_swedish_consent_text_when_none_is_translated(
    client: Client, db: Database, api: dict[str, str]
) -> None:
    event = await make_event(db)
    await client.put(
        f"/api/v1/events/{event.slug}/registration-form",
        json={"consent_text": "Vi sparar dina uppgifter."},
        headers=api,
    )

    page = await client.get(f"/e/{event.slug}/register?lang=en")
    refused = await register(client, event, "en@example.se")

    shown = BeautifulSoup(page.text, "html.parser").select_one("#consent-text")
    assert shown is not None
    assert (shown.get_text(strip=True), shown["lang"]) == ("Vi sparar dina uppgifter.", "sv")
    assert refused.status_code == 422
    assert "Please accept the terms to register." in refused.text


async def test_consent_form_saves_the_english_text_and_shows_errors_next_to_the_field(
    organiser: Client, db: Database
) -> None:
    event = await make_event(db)
    page = f"/manage/{event.slug}/registration-form"

    too_long = await organiser.post(
        page,
        data={
            "consent_text": "Vi sparar dina uppgifter.",
            "consent_text_en": "x" * 5001,
            "_csrf_token": await csrf_token(organiser, page),
        },
    )
    saved = await organiser.post(
        page,
        data={
            "consent_text": "Vi sparar dina uppgifter.",
            "consent_text_en": "We keep your data.",
            "_csrf_token": await csrf_token(organiser, page),
        },
        follow_redirects=False,
    )
    form = BeautifulSoup((await organiser.get(page)).text, "html.parser")

    assert too_long.status_code == 422
    error_page = BeautifulSoup(too_long.text, "html.parser")
    assert error_page.select_one("#field-consent_text_en-error") is not None
    assert error_page.select_one("#field-consent_text").get_text() == "Vi sparar dina uppgifter."  # type: ignore[union-attr]
    assert saved.status_code == 303, saved.text
    assert form.select_one("#field-consent_text_en").get_text() == "We keep your data."  # type: ignore[union-attr]
