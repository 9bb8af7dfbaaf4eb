"""The funder's report as spreadsheet sheets (for the XLSX download)."""

from __future__ import annotations

from collections.abc import Callable

from eventday.exports.exporters import Cell, Sheet
from eventday.reports.models import Breakdown, FunderReport
from eventday.webinar.models import EvaluationResults, QuestionKind, Share


def _breakdown(name: str, rows: list[Breakdown], label: Callable[[str], str]) -> Sheet:
    return Sheet(
        name=name,
        header=["group", "registered", "attended"],
        rows=[[label(b.key), b.registered, b.attended] for b in rows],
    )


def report_sheets(report: FunderReport, label: Callable[[str], str]) -> list[Sheet]:
    summary: list[list[Cell]] = [
        ["registered", report.registered],
        ["attended", report.attended],
        ["attended_onsite", report.attended_onsite],
        ["attended_online_only", report.attended_online_only],
        ["anonymous_online_participants", report.anonymous_online],
        ["organisations_registered", report.organisations_registered],
        ["organisations_reached", report.organisations_reached],
        ["cancelled", report.cancelled],
        ["waitlisted", report.waitlisted],
        ["online_attendance_rule_percent", report.online_percent],
    ]
    sheets = [Sheet(name="Summary", header=["measure", "value"], rows=summary)]
    if report.gender is not None:
        sheets.append(_breakdown("Gender", report.gender, label))
    if report.region is not None:
        sheets.append(_breakdown("Region", report.region, label))
    sheets.append(
        Sheet(
            name="Organisations",
            header=[
                "organisation",
                "registered",
                "attended",
                "women",
                "men",
                "other",
                "not_stated",
                "participants_women_percent",
                "workforce_women_percent",
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
    rows: list[list[Cell]] = []
    for r in results.questions:
        prompt = r.question.prompt
        if r.question.kind is QuestionKind.TEXT:
            rows += [[prompt, "all", "", r.overall.respondents, t, None, None] for t in r.texts]
            continue
        rows += _answer_rows(prompt, "all", r.overall, "")
        for by, shares in (("gender", r.by_gender), ("region", r.by_region)):
            for share in shares:
                rows += _answer_rows(prompt, by, share, label(share.group))
    return Sheet(
        name="Evaluation",
        header=["question", "breakdown", "group", "respondents", "answer", "count", "mean"],
        rows=rows,
    )
