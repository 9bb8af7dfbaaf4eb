"""Every page of eventday, for the accessibility and weight suites.

To add a page: append a ``Page`` with its path on the seeded demo, who must be logged
in to see it (None for attendee pages) and, for attendee pages, its weight budget.
Paths may use ``{slug}`` and ``{code}`` (the demo event's slug and join code).
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
    Page("login", "/login"),
    Page("not-found", "/finns-inte", status=404),
    Page("dashboard", "/manage", login=DEMO_ORGANISER),
    Page("dashboard-staff", "/manage", login=DEMO_STAFF),
    Page("team", "/manage/{slug}/team", login=DEMO_ORGANISER),
    Page("forbidden", "/manage/{slug}/team", login=DEMO_MODERATOR, status=403),
    Page("console", "/console/{slug}", login=DEMO_MODERATOR),
    Page("console-staff", "/console/{slug}", login=DEMO_STAFF, status=403),
    Page("checkin", "/checkin/{slug}", login=DEMO_STAFF),
    Page("checkin-search", "/checkin/{slug}?q=verkstad", login=DEMO_STAFF),
    Page("checkin-moderator", "/checkin/{slug}", login=DEMO_MODERATOR, status=403),
    Page("exports", "/manage/{slug}/exports", login=DEMO_ORGANISER),
    Page("exports-staff", "/manage/{slug}/exports", login=DEMO_STAFF, status=403),
    Page("report", "/manage/{slug}/report", login=DEMO_ORGANISER),
    Page("series-list", "/manage/series", login=DEMO_ORGANISER),
    Page("series", "/manage/series/1", login=DEMO_ORGANISER),
]
