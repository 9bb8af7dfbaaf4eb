"""Rendering an export: a dataset through an exporter, with its file name."""

from __future__ import annotations

import msgspec

from eventday.db import Database
from eventday.errors import N_, NotFound
from eventday.events.models import Event
from eventday.exports.datasets import DATASETS
from eventday.exports.exporters import EXPORTERS, Sheet


class Download(msgspec.Struct, frozen=True, kw_only=True):
    body: bytes
    filename: str
    content_type: str


async def render(db: Database, event: Event, dataset: str, fmt: str) -> Download:
    """``dataset`` (attendance, engagement, results, ideas, hours) as ``fmt`` (csv, xlsx)."""
    build = DATASETS.get(dataset)
    if build is None or fmt not in EXPORTERS:
        raise NotFound(N_("There is no such export."))
    return download(await build(db, event), f"{event.slug}-{dataset}", fmt)


def download(sheets: list[Sheet], name: str, fmt: str) -> Download:
    """``sheets`` as ``fmt`` (csv, xlsx), in a file called ``name`` and its extension."""
    exporter = EXPORTERS.get(fmt)
    if exporter is None:
        raise NotFound(N_("There is no such export."))
    return Download(
        body=exporter.render(sheets),
        filename=f"{name}.{exporter.extension}",
        content_type=exporter.content_type,
    )


async def render_file(db: Database, event: Event, filename: str) -> Download:
    """A download named like ``attendance.csv``."""
    dataset, _dot, fmt = filename.partition(".")
    return await render(db, event, dataset, fmt)
