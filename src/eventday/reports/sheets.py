"""The funder's report as spreadsheet sheets (for the XLSX download)."""

from __future__ import annotations

from collections.abc import Callable

from eventday.exports.exporters import Cell, Sheet
from eventday.reports.models import Breakdown, FunderReport


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
