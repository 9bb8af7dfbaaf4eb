"""Every page of eventday, for the accessibility and weight suites.

To add a page: append a ``Page`` with its path on the seeded demo, who must be logged
in to see it (None for attendee pages) and, for attendee pages, its weight budget.
Paths may use ``{slug}`` and ``{code}`` (the demo event's slug and join code) and
``{token}`` (the private link of a registration made for the suite).
"""

from __future__ import annotations

from typing import NamedTuple

from eventday.demo import DEMO_MODERATOR, DEMO_ORGANISER, DEMO_STAFF

KB = 1024
ATTENDEE_BUDGET = 40 * KB
LIVE_BUDGET = 60 * KB


class Page(NamedTuple):
    name: str
    path: str
    login: str | None = None
    status: int = 200
    budget: int | None = None  # bytes transferred on a first load, for attendee pages


PAGES = [
    Page("front", "/", budget=ATTENDEE_BUDGET),
    Page("event", "/e/{slug}", budget=ATTENDEE_BUDGET),
    Page("session", "/e/{slug}/sessions/1", budget=ATTENDEE_BUDGET),
    Page("speakers", "/e/{slug}/speakers", budget=ATTENDEE_BUDGET),
    Page("speaker", "/e/{slug}/speakers/1", budget=ATTENDEE_BUDGET),
    Page("register", "/e/{slug}/register", budget=ATTENDEE_BUDGET),
    Page("link-again", "/e/{slug}/link", budget=ATTENDEE_BUDGET),
    Page("ticket", "/r/{token}", budget=ATTENDEE_BUDGET),
    Page("ticket-edit", "/r/{token}/edit", budget=ATTENDEE_BUDGET),
    Page("ticket-cancel", "/r/{token}/cancel", budget=ATTENDEE_BUDGET),
    Page("join", "/join", budget=ATTENDEE_BUDGET),
    Page("live", "/{code}", budget=LIVE_BUDGET),
    Page("projector", "/{code}/screen", login=DEMO_MODERATOR),
    Page("accessibility", "/tillganglighet", budget=ATTENDEE_BUDGET),
    Page("login", "/login"),
    Page("not-found", "/finns-inte", status=404),
    Page("dashboard", "/manage", login=DEMO_ORGANISER),
    Page("dashboard-staff", "/manage", login=DEMO_STAFF),
    Page("team", "/manage/{slug}/team", login=DEMO_ORGANISER),
    Page("new-event", "/manage/new-event", login=DEMO_ORGANISER),
    Page("edit-event", "/manage/{slug}/edit", login=DEMO_ORGANISER),
    Page("agenda-admin", "/manage/{slug}/agenda", login=DEMO_ORGANISER),
    Page("session-admin", "/manage/{slug}/agenda/sessions/1", login=DEMO_ORGANISER),
    Page("speakers-admin", "/manage/{slug}/speakers", login=DEMO_ORGANISER),
    Page("speaker-admin", "/manage/{slug}/speakers/1", login=DEMO_ORGANISER),
    Page("import", "/manage/{slug}/import", login=DEMO_ORGANISER),
    Page("registrations", "/manage/{slug}/registrations", login=DEMO_ORGANISER),
    Page("registration-edit", "/manage/{slug}/registrations/1/edit", login=DEMO_ORGANISER),
    Page("registration-form", "/manage/{slug}/registration-form", login=DEMO_ORGANISER),
    Page("webinar-admin", "/manage/{slug}/webinar", login=DEMO_ORGANISER),
    Page("live-admin", "/manage/{slug}/live", login=DEMO_MODERATOR),
    Page("forbidden", "/manage/{slug}/team", login=DEMO_MODERATOR, status=403),
    Page("console", "/console/{slug}", login=DEMO_MODERATOR),
    Page("console-staff", "/console/{slug}", login=DEMO_STAFF, status=403),
    Page("checkin", "/checkin/{slug}", login=DEMO_STAFF),
    Page("checkin-search", "/checkin/{slug}?q=verkstad", login=DEMO_STAFF),
    Page("checkin-moderator", "/checkin/{slug}", login=DEMO_MODERATOR, status=403),
    Page("exports", "/manage/{slug}/exports", login=DEMO_ORGANISER),
    Page("exports-staff", "/manage/{slug}/exports", login=DEMO_STAFF, status=403),
    Page("report", "/manage/{slug}/report", login=DEMO_ORGANISER),
    Page("certificate", "/manage/{slug}/certificate", login=DEMO_ORGANISER),
    Page("series-list", "/manage/series", login=DEMO_ORGANISER),
    Page("series", "/manage/series/1", login=DEMO_ORGANISER),
]
