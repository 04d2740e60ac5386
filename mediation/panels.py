"""The app's panels on lower apps' pages (core.slots): the case page and the dashboard."""

from urllib.parse import urlencode

from django.urls import reverse

from core.slots import Panel, register_panel

from . import selectors
from .policy import committee_scope


def _case_panel(request, case) -> dict | None:
    mediations = selectors.mediations_of_case(case)
    if not mediations:
        return None
    return {"mediations": mediations, "links": committee_scope(request.user) is not None}


def _dashboard_section(request, scope=None, start=None, end=None) -> dict | None:
    if start is None or end is None or committee_scope(request.user) is None:
        return None
    rows = selectors.figures(request.user, start, end)
    base = reverse("mediation:list")
    period = {"start": start.isoformat(), "end": end.isoformat()}

    def link(committee, **extra) -> str:
        return f"{base}?{urlencode({**period, 'committee': committee.pk, **extra})}"

    shown = []
    for row in rows:
        if not row["opened"]:
            continue
        c = row["committee"]
        shown.append(
            {
                **row,
                "opened_url": link(c),
                "agreed_url": link(c, agreed="on"),
                "failed_url": link(c, status="failed"),
                "applied_url": link(c, confirmation="applied"),
                "granted_url": link(c, confirmation="granted"),
            }
        )
    return {"rows": shown, "start": start, "end": end, "list_url": f"{base}?{urlencode(period)}"}


def register() -> None:
    register_panel("case.page", Panel("mediation", "mediation/panels/case.html", _case_panel, order=50))
    register_panel(
        "dashboard.sections", Panel("mediation", "mediation/panels/dashboard.html", _dashboard_section, order=50)
    )
