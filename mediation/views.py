"""The mediation pages: the list, a new mediation, a mediation's page and its steps, the printable agreement,
the figures by month. Thin: forms validate, services write, selectors read."""

import contextlib
from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.forms import add_service_errors

from . import selectors
from .filters import list_filters
from .forms import OpenForm
from .pages import STEPS, call, steps_now
from .policy import committee_scope, committees_visible_to, may_conduct
from .rules import confirmation_window_ends
from .services import MediationConflict, mediation_open


def _may_view(request) -> None:
    if committee_scope(request.user) is None:
        raise PermissionDenied


@login_required
@require_GET
def mediation_list(request: HttpRequest) -> HttpResponse:
    _may_view(request)
    form, filters = list_filters(request.GET, committees_visible_to(request.user))
    data = selectors.mediation_list(request.user, filters)
    return render(
        request,
        "mediation/list.html",
        {"form": form, "filters": filters, **data, "may_open": request.user.has_perm("mediation.conduct_mediation")},
    )


@login_required
@require_http_methods(["GET", "POST"])
def mediation_new(request: HttpRequest) -> HttpResponse:
    _may_view(request)
    if not request.user.has_perm("mediation.conduct_mediation"):
        raise PermissionDenied
    committees = committees_visible_to(request.user)
    form = OpenForm(request.POST or None, committees=committees)
    if request.method == "POST":
        if form.is_valid():
            try:
                mediation = mediation_open(by=request.user, **form.service_arguments())
            except ValidationError as err:
                add_service_errors(form, err)
            else:
                messages.success(request, _("Mediation opened. Record each party's consent."))
                return redirect("mediation:detail", pk=mediation.pk)
        messages.error(request, _("Please correct what is marked below."))
    return render(request, "mediation/new.html", {"form": form}, status=400 if form.errors else 200)


def _page(request, mediation, *, bound=None, status=200):
    agreement = selectors.agreement_of(mediation)
    conducts = may_conduct(request.user, mediation)
    steps = []
    if conducts:
        for step in steps_now(mediation):
            form = (
                bound
                if bound is not None and bound.prefix == step.name
                else step.form(mediation=mediation, prefix=step.name)
            )
            steps.append((step, form))
    window = confirmation_window_ends(agreement.effective_on) if agreement and agreement.effective_on else None
    return render(
        request,
        "mediation/detail.html",
        {"m": mediation, "agreement": agreement, "steps": steps, "window_ends": window, "today": timezone.localdate()},
        status=status,
    )


def _mediation(request, pk):
    _may_view(request)
    mediation = selectors.mediation_for_page(request.user, pk)
    if mediation is None:
        raise Http404
    return mediation


@login_required
@require_GET
def mediation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _page(request, _mediation(request, pk))


@login_required
@require_POST
def mediation_step(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    entry = STEPS.get(step)
    if entry is None:
        raise Http404
    mediation = _mediation(request, pk)
    if not may_conduct(request.user, mediation):
        raise PermissionDenied
    if entry not in steps_now(mediation):
        messages.error(
            request,
            _("That step is not possible now: the mediation is “%(status)s”.")
            % {"status": mediation.get_status_display()},
        )
        return _page(request, mediation, status=409)
    form = entry.form(request.POST, mediation=mediation, prefix=entry.name)
    if form.is_valid():
        try:
            call(entry, mediation=mediation, by=request.user, form=form)
        except MediationConflict:
            messages.error(
                request,
                _(
                    "Someone else recorded a step meanwhile. Here is the mediation as it is now; "
                    "nothing of yours was saved."
                ),
            )
            return _page(request, _mediation(request, pk), status=409)
        except ValidationError as err:
            add_service_errors(form, err)
        else:
            messages.success(request, _("Recorded: %(step)s.") % {"step": entry.title})
            return redirect("mediation:detail", pk=pk)
    messages.error(request, _("Please correct what is marked below."))
    return _page(request, mediation, bound=form, status=400)


@login_required
@require_GET
def agreement_print(request: HttpRequest, pk: int) -> HttpResponse:
    mediation = _mediation(request, pk)
    agreement = selectors.agreement_of(mediation)
    if agreement is None or not agreement.is_written:
        raise Http404
    parties = list(mediation.parties.all())
    copies = [p.name for p in parties] + [str(mediation.committee)]
    return render(
        request,
        "mediation/agreement_print.html",
        {"m": mediation, "agreement": agreement, "parties": parties, "copies": copies},
    )


@login_required
@require_GET
def mediation_figures(request: HttpRequest) -> HttpResponse:
    _may_view(request)
    year = timezone.localdate().year
    with contextlib.suppress(ValueError):
        year = int(request.GET.get("year", year))
    year = min(max(year, 2000), 2099)
    months = []
    for month in range(1, 13):
        start = date(year, month, 1)
        end = date(year + (month == 12), month % 12 + 1, 1) - timezone.timedelta(days=1)
        months.append((start, end, selectors.figures_total(request.user, start, end)))
    return render(request, "mediation/figures.html", {"year": year, "months": months})
