"""Staff pages of the "有事好商量" council: list, raise a matter, sessions, the decision and its actions."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from . import forms, selectors, services
from .models import CouncilSpeaker
from .scope import councils_visible_to, meetings_visible_to, visits_visible_to
from .views import page_of, saved


@login_required
@permission_required("prevention.view_council", raise_exception=True)
def council_list(request: HttpRequest) -> HttpResponse:
    qs = councils_visible_to(request.user).select_related("community").order_by("-created_at", "-pk")
    return render(request, "prevention/council_list.html", {"page": page_of(request, qs)})


def _origins(request, form) -> dict | None:
    """The case, visit or meeting the matter came from, each only if the person may see it."""
    d = form.cleaned_data
    found = {}
    if d["tracking_code"]:
        found["case"] = selectors.visible_case(request.user, d["tracking_code"])
        if found["case"] is None:
            form.add_error("tracking_code", _("No case with this tracking code is open to you."))
    if d["visit"]:
        found["visit"] = visits_visible_to(request.user).filter(pk=d["visit"]).first()
        if found["visit"] is None:
            form.add_error("visit", _("No visit with this number is open to you."))
    if d["meeting"]:
        found["meeting"] = meetings_visible_to(request.user).filter(pk=d["meeting"]).first()
        if found["meeting"] is None:
            form.add_error("meeting", _("No meeting with this number is open to you."))
    return None if form.errors else found


@login_required
@permission_required("prevention.add_council", raise_exception=True)
def council_new(request: HttpRequest) -> HttpResponse:
    form = forms.CouncilForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        origins = _origins(request, form)
        if origins is not None:
            d = form.cleaned_data
            council = saved(
                form,
                lambda: services.council_raise(
                    by=request.user, title=d["title"], description=d["description"], community=d["community"], **origins
                ),
            )
            if council is not None:
                messages.success(request, _("Matter raised for deliberation."))
                return redirect("prevention:council", council.pk)
    return render(request, "prevention/form.html", {"form": form, "title": _("Raise a matter for deliberation")})


@login_required
@permission_required("prevention.view_council", raise_exception=True)
def council_detail(request: HttpRequest, pk: int) -> HttpResponse:
    council = (
        councils_visible_to(request.user)
        .select_related("community", "case", "visit", "meeting")
        .prefetch_related("sessions__speakers", "actions__owner")
        .filter(pk=pk)
        .first()
    )
    if council is None:
        raise Http404
    session = forms.SessionForm(prefix="session")
    decide = forms.DecideForm(prefix="decide")
    action = forms.ActionForm(prefix="action")
    may_change = request.user.has_perm("prevention.change_council")
    if request.method == "POST" and may_change:
        if "session" in request.POST:
            session = forms.SessionForm(request.POST, prefix="session")
            if session.is_valid():
                d = session.cleaned_data
                if saved(
                    session,
                    lambda: services.council_session_add(
                        council=council,
                        by=request.user,
                        held_on=d["held_on"],
                        place=d["place"],
                        notes=d["notes"],
                        speakers=session.speakers(),
                    ),
                ):
                    messages.success(request, _("Session recorded."))
                    return redirect("prevention:council", council.pk)
        elif "decide" in request.POST:
            decide = forms.DecideForm(request.POST, prefix="decide")
            if decide.is_valid() and saved(
                decide,
                lambda: services.council_decide(
                    council=council,
                    by=request.user,
                    outcome=decide.cleaned_data["outcome"],
                    publish=decide.cleaned_data["publish"],
                ),
            ):
                messages.success(request, _("Outcome recorded."))
                return redirect("prevention:council", council.pk)
        elif "action" in request.POST:
            action = forms.ActionForm(request.POST, prefix="action")
            if action.is_valid() and saved(
                action, lambda: services.action_add(council=council, by=request.user, **action.cleaned_data)
            ):
                messages.success(request, _("Action recorded; its owner has been told."))
                return redirect("prevention:council", council.pk)
    context = {
        "council": council,
        "session_form": session,
        "decide_form": decide,
        "action_form": action,
        "may_change": may_change,
        "sides": CouncilSpeaker.Side,
        "speaker_rows": range(1, forms.SPEAKER_ROWS + 1),
    }
    return render(request, "prevention/council_detail.html", context)
