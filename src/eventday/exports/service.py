"""Rendering an export: a dataset through an exporter, with its file name."""

from __future__ import annotations

import msgspec

from eventday.db import Database
from eventday.errors import N_, NotFound
from eventday.events.models import Event
from eventday.exports.datasets import DATASETS
from eventday.exports.exporters import EXPORTERS


class Download(msgspec.Struct, frozen=True, kw_only=True):
    body: bytes
    filename: str
    content_type: str


async def render(db: Database, event: Event, dataset: str, fmt: str) -> Download:
    """``dataset`` (attendance, engagement, results, ideas, hours) as ``fmt`` (csv, xlsx)."""
    build = DATASETS.get(dataset)
    exporter = EXPORTERS.get(fmt)
    if build is None or exporter is None:
        raise NotFound(N_("There is no such export."))
    return Download(
        body=exporter.render(await build(db, event)),
        filename=f"{event.slug}-{dataset}.{exporter.extension}",
        content_type=exporter.content_type,
    )


async def render_file(db: Database, event: Event, filename: str) -> Download:
    """A download named like ``attendance.csv``."""
    dataset, _dot, fmt = filename.partition(".")
    return await render(db, event, dataset, fmt)
