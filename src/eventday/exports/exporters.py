"""One small exporter per file format (as pretalx has): each turns the same sheets
into bytes, so pages, the API and the CLI share them."""

from __future__ import annotations

import csv
import io
from typing import Any, ClassVar

import msgspec
import xlsxwriter

from eventday.agenda.exports import neutralise
from eventday.web.i18n import format_decimal, gettext

Cell = str | int | float | bool | None


class Sheet(msgspec.Struct, frozen=True, kw_only=True):
    """A table: a name (the XLSX worksheet), a header and rows."""

    name: str
    header: list[str]
    rows: list[list[Cell]]


def safe(value: Cell) -> Cell:
    """Text that a spreadsheet would run as a formula is quoted; numbers stay numbers."""
    return neutralise(value) if isinstance(value, str) else value


class Exporter:
    identifier: ClassVar[str]
    extension: ClassVar[str]
    content_type: ClassVar[str]

    def render(self, sheets: list[Sheet]) -> bytes:
        raise NotImplementedError


class CsvExporter(Exporter):
    """UTF-8 with a byte-order mark (Excel then reads å, ä, ö). Several sheets follow
    one another, each after a row with its name and before an empty row."""

    identifier = "csv"
    extension = "csv"
    content_type = "text/csv"  # Litestar adds "; charset=utf-8"

    def render(self, sheets: list[Sheet]) -> bytes:
        out = io.StringIO()
        writer = csv.writer(out)
        for index, sheet in enumerate(sheets):
            if len(sheets) > 1:
                if index:
                    writer.writerow([])
                writer.writerow([safe(sheet.name)])
            writer.writerow([safe(h) for h in sheet.header])
            writer.writerows([[_csv(v) for v in row] for row in sheet.rows])
        return "\ufeff".encode() + out.getvalue().encode()


def _csv(value: Cell) -> Any:
    if isinstance(value, bool):
        return gettext("Yes") if value else gettext("No")
    if isinstance(value, float):
        return format_decimal(value)  # "0,5" in Swedish, as Excel there reads it
    return "" if value is None else safe(value)


class XlsxExporter(Exporter):
    """One worksheet per sheet; text is written as text (never as a formula)."""

    identifier = "xlsx"
    extension = "xlsx"
    content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

    def render(self, sheets: list[Sheet]) -> bytes:
        out = io.BytesIO()
        book = xlsxwriter.Workbook(out, {"in_memory": True})
        bold = book.add_format({"bold": True})
        used: set[str] = set()
        for sheet in sheets:
            worksheet = book.add_worksheet(_sheet_name(sheet.name, used))
            for col, title in enumerate(sheet.header):
                worksheet.write_string(0, col, str(safe(title)), bold)
            for row_index, row in enumerate(sheet.rows, start=1):
                for col, value in enumerate(row):
                    _write(worksheet, row_index, col, value)
            worksheet.freeze_panes(1, 0)
            if sheet.header:
                worksheet.autofilter(0, 0, len(sheet.rows), len(sheet.header) - 1)
        book.close()
        return out.getvalue()


def _write(worksheet: Any, row: int, col: int, value: Cell) -> None:
    if value is None:
        return
    if isinstance(value, bool):
        worksheet.write_boolean(row, col, value)
    elif isinstance(value, int | float):
        worksheet.write_number(row, col, value)
    else:
        worksheet.write_string(row, col, str(safe(value)))


def _sheet_name(name: str, used: set[str]) -> str:
    """Excel's rules: at most 31 characters, none of []:*?/\\, unique in the book."""
    clean = "".join("_" if c in "[]:*?/\\" else c for c in name)[:31] or "Sheet"
    candidate, n = clean, 2
    while candidate.lower() in used:
        suffix = f" ({n})"
        candidate, n = clean[: 31 - len(suffix)] + suffix, n + 1
    used.add(candidate.lower())
    return candidate


EXPORTERS: dict[str, Exporter] = {e.identifier: e for e in (CsvExporter(), XlsxExporter())}
