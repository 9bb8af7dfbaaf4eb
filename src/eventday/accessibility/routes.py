"""The accessibility statement page, ``/tillganglighet``, in the visitor's language."""

from __future__ import annotations

from litestar import Request, get
from litestar.response import Template

from eventday.accessibility import audit
from eventday.accessibility.statement import DIGG_REPORT, LAW, WCAG, statement


@get("/tillganglighet", name="accessibility")
async def accessibility_statement(request: Request) -> Template:  # type: ignore[type-arg]
    """The tillgänglighetsredogörelse: compliance, known gaps, how to report them."""
    return Template(
        "accessibility/statement.html",
        context={
            "statement": statement(request.app.state.settings, audit.load()),
            "links": {"law": LAW, "digg": DIGG_REPORT, "wcag": WCAG},
        },
    )


route_handlers = [accessibility_statement]
