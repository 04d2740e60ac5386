"""The town office dashboard and its exports. Thin: the reads are in selectors, the tables in exports."""

from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from audit.models import Read
from audit.services import read_logged
from cases import clock

from . import calendar_warning, exports, grouping, periods, selectors
from .forms import FILTERS, read_params


def _load(request: HttpRequest):
    scope = selectors.scope_for(request.user)
    if scope is None:
        raise PermissionDenied
    today = clock.today()
    refs = selectors.refs_load()
    locked = str(scope.department.pk) if scope.department is not None else ""
    params, form = read_params(request.GET, refs=refs, today=today, locked_department=locked)
    with grouping.analytics():
        return selectors.dashboard(scope, params, refs, today), form


def _chart_data(d: selectors.Dashboard) -> dict:
    """What dashboard.js draws; the same numbers are in the tables beside each chart."""
    due_rows = [r for r in d.now_rows if r.overdue or r.due_soon]
    return {
        "locale": "EN" if (get_language() or "").startswith("en") else "ZH",
        "trend": {
            "labels": [t.label for t in d.trend],
            "received": [t.received for t in d.trend],
            "closed": [t.closed for t in d.trend],
            "on_time": [_percent(t.rates["on_time_completion"].value) for t in d.trend],
            "satisfaction": [_percent(t.rates["satisfaction"].value) for t in d.trend],
            "names": {
                "received": _("Cases received"),
                "closed": _("Cases closed"),
                "on_time": _("On-time completion rate"),
                "satisfaction": _("Satisfaction rate"),
                "cases": _("Cases"),
                "rate": _("Rate (%)"),
            },
        },
        "departments": {
            "labels": [r.label for r in due_rows],
            "overdue": [r.overdue for r in due_rows],
            "due_soon": [r.due_soon for r in due_rows],
            "names": {"overdue": _("Overdue"), "due_soon": _("Due soon")},
        },
        "tiers": {
            # Tiers nobody was resolved at stay in the table; a slice of nothing would only clutter the ring.
            "items": [{"name": r.label, "value": r.count} for r in d.tiers if r.count],
            "name": _("Resolved at tier"),
        },
        "channels": {
            "labels": [r.label for r in d.by_channel],
            "values": [r.count for r in d.by_channel],
            "codes": [r.code for r in d.by_channel],
            "name": _("Cases received"),
        },
    }


def _percent(value: float | None) -> float | None:
    return None if value is None else round(value * 100, 1)


def _filter_fields(d: selectors.Dashboard, form) -> list[dict]:
    fields = []
    for name in FILTERS:
        chosen = d.params.filters.get(name, "")
        locked = str(d.scope.department) if name == "department" and d.params.locked_department else ""
        options = [(str(value), label, str(value) == chosen) for value, label in form.fields[name].choices]
        fields.append({"name": name, "label": form.fields[name].label, "options": options, "locked": locked})
    return fields


def _period_url(d: selectors.Dashboard, period) -> str:
    query = {"period": periods.CUSTOM, "from": period.start.isoformat(), "to": period.end.isoformat()}
    query.update({k: v for k, v in d.params.filters.items() if not (k == "department" and d.params.locked_department)})
    return "?" + urlencode(query)


@login_required
@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    """/dashboard/: the period's intake, rates, tiers, today's overdue work, trends, rankings and warnings."""
    d, form = _load(request)
    period = d.params.period
    following = period.shifted(+1)
    chosen_trend = form.cleaned_data.get("trend", "") if hasattr(form, "cleaned_data") else ""
    context = {
        "d": d,
        "form": form,
        "charts": _chart_data(d),
        "presets": periods.PRESETS,
        "filter_fields": _filter_fields(d, form),
        "trend_options": [(v, label, v == chosen_trend) for v, label in form.fields["trend"].choices],
        "previous_url": _period_url(d, period.shifted(-1)),
        "following_url": _period_url(d, following) if following.start <= d.today else "",
        "can_export": request.user.has_perm("cases.export_cases"),
        # The town office's view: a year the clock counts in without its holiday notice entered.
        "years_without_notice": calendar_warning.years_without_notice(d.today) if d.scope.department is None else [],
        "can_enter_calendar": request.user.has_perm("workcalendar.add_holidaynotice"),
        "query": request.GET.urlencode(),
        "limits": {
            "repeat_min": settings.DASHBOARD_REPEAT_MIN_CASES,
            "repeat_days": settings.DASHBOARD_REPEAT_WINDOW_DAYS,
            "rising_days": settings.DASHBOARD_RISING_WINDOW_DAYS,
            "rising_factor": settings.DASHBOARD_RISING_FACTOR,
            "rising_min": settings.DASHBOARD_RISING_MIN_CASES,
            "rank_min": settings.DASHBOARD_RANK_MIN_CASES,
            "soon_days": settings.CASE_DUE_SOON_DAYS,
        },
    }
    return render(request, "dashboard/dashboard.html", context)


def _export(request: HttpRequest):
    if request.user.is_authenticated and not request.user.has_perm("cases.export_cases"):
        raise PermissionDenied
    d, _form = _load(request)
    p = d.params.period
    name = f"zhuanqiao-dashboard-{p.start.isoformat()}_{p.end.isoformat()}"
    return d, name


def _log_export(request: HttpRequest, d, name: str, fmt: str) -> None:
    # The validated period and filter codes, never the raw query string (it is whatever was typed).
    filters = urlencode(sorted(d.params.filters.items()))
    read_logged(request, kind=Read.Kind.EXPORT, what=f"{fmt} {name} {filters}".strip())


@login_required
@require_GET
def export_xlsx(request: HttpRequest) -> HttpResponse:
    d, name = _export(request)
    _log_export(request, d, name, "xlsx")
    response = HttpResponse(
        exports.to_xlsx(exports.sheets(d)),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
    return response


@login_required
@require_GET
def export_csv(request: HttpRequest) -> HttpResponse:
    d, name = _export(request)
    _log_export(request, d, name, "csv")
    response = HttpResponse(exports.to_csv(exports.sheets(d)), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    return response
