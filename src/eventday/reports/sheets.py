"""The funder's report as spreadsheet sheets (for the XLSX download), with sheet and
column names in the active language."""

from __future__ import annotations

from collections.abc import Callable

from eventday.exports.exporters import Cell, Sheet
from eventday.reports.models import Breakdown, FunderReport
from eventday.web.i18n import gettext
from eventday.webinar.models import EvaluationResults, QuestionKind, Share


def _breakdown(name: str, rows: list[Breakdown], label: Callable[[str], str]) -> Sheet:
    return Sheet(
        name=name,
        header=[gettext("Group"), gettext("Registered"), gettext("Attended")],
        rows=[[label(b.key), b.registered, b.attended] for b in rows],
    )


def report_sheets(report: FunderReport, label: Callable[[str], str]) -> list[Sheet]:
    summary: list[list[Cell]] = [
        [gettext("Registered"), report.registered],
        [gettext("Attended"), report.attended],
        [gettext("Attended on site"), report.attended_onsite],
        [gettext("Attended online only"), report.attended_online_only],
        [gettext("Anonymous online participants"), report.anonymous_online],
        [gettext("Organisations registered"), report.organisations_registered],
        [gettext("Organisations reached"), report.organisations_reached],
        [gettext("Cancelled"), report.cancelled],
        [gettext("Waitlist"), report.waitlisted],
        [gettext("Online attendance counts from, per cent of the event"), report.online_percent],
    ]
    header = [gettext("Measure"), gettext("Value")]
    sheets = [Sheet(name=gettext("Summary"), header=header, rows=summary)]
    if report.gender is not None:
        sheets.append(_breakdown(gettext("Gender"), report.gender, label))
    if report.region is not None:
        sheets.append(_breakdown(gettext("Region"), report.region, label))
    sheets.append(
        Sheet(
            name=gettext("Organisations"),
            header=[
                gettext("Organisation"),
                gettext("Registered"),
                gettext("Attended"),
                gettext("Women"),
                gettext("Men"),
                gettext("Other"),
                gettext("Not stated"),
                gettext("Women among participants, per cent"),
                gettext("Women in the workforce, per cent"),
            ],
            rows=[
                [
                    o.organisation,
                    o.registered,
                    o.attended,
                    o.women,
                    o.men,
                    o.other,
                    o.undisclosed,
                    o.participant_women_percent,
                    o.workforce_women_percent,
                ]
                for o in report.organisations
            ],
        )
    )
    return sheets


def _answer_rows(prompt: str, by: str, share: Share, label: str) -> list[list[Cell]]:
    counts = sorted(share.counts.items()) or [("", 0)]
    return [[prompt, by, label, share.respondents, a, n, share.mean] for a, n in counts]


def evaluation_sheet(results: EvaluationResults, label: Callable[[str], str]) -> Sheet:
    """The evaluation's answers per question: everyone's, then by gender and by region
    only for the groups of at least ``results.min_group`` respondents (the results
    leave the smaller ones out); open answers one a row."""
    everyone = gettext("All")
    rows: list[list[Cell]] = []
    for r in results.questions:
        prompt = r.question.prompt
        if r.question.kind is QuestionKind.TEXT:
            rows += [[prompt, everyone, "", r.overall.respondents, t, None, None] for t in r.texts]
            continue
        rows += _answer_rows(prompt, everyone, r.overall, "")
        for by, shares in ((gettext("Gender"), r.by_gender), (gettext("Region"), r.by_region)):
            for share in shares:
                rows += _answer_rows(prompt, by, share, label(share.group))
    return Sheet(
        name=gettext("Evaluation"),
        header=[
            gettext("Question"),
            gettext("Breakdown"),
            gettext("Group"),
            gettext("Respondents"),
            gettext("Answer"),
            gettext("Count"),
            gettext("Mean"),
        ],
        rows=rows,
    )
