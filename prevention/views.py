"""Staff pages of the prevention app: thin, a form calls a service, a list calls a selector."""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.forms import add_service_errors

from . import forms, selectors, services
from .models import FeedToken, MeetingAction, RiskItem, RiskLevel
from .plugins import action_link
from .scope import may_see_personal_data, risks_visible_to, shown_phone, visits_visible_to

PAGE = 30


def page_of(request: HttpRequest, qs):
    return Paginator(qs, PAGE).get_page(request.GET.get("page"))


def saved(form, call) -> object | None:
    """Run the service; its refusal becomes the form's errors and nothing typed is lost."""
    try:
        return call()
    except ValidationError as err:
        add_service_errors(form, err)
        return None


# --- Visits -------------------------------------------------------------------------------------------


@login_required
@permission_required("prevention.view_visit", raise_exception=True)
def visit_list(request: HttpRequest) -> HttpResponse:
    page = page_of(request, selectors.visit_list(request.user))
    rows = [(v, shown_phone(request.user, v.resident_phone)) for v in page.object_list]
    return render(request, "prevention/visit_list.html", {"page": page, "rows": rows})


@login_required
@permission_required("prevention.add_visit", raise_exception=True)
def visit_new(request: HttpRequest) -> HttpResponse:
    form = forms.VisitForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        visit = saved(form, lambda: services.visit_record(by=request.user, **data))
        if visit is not None:
            messages.success(request, _("Visit recorded."))
            return redirect("prevention:visit", visit.pk)
    return render(request, "prevention/form.html", {"form": form, "title": _("Record a door-to-door visit")})


def _visit_or_404(request, pk: int):
    visit = (
        visits_visible_to(request.user)
        .select_related("community", "grid", "case", "recorded_by")
        .prefetch_related("staff", "team__role")
        .filter(pk=pk)
        .first()
    )
    if visit is None:
        raise Http404
    return visit


@login_required
@permission_required("prevention.view_visit", raise_exception=True)
def visit_detail(request: HttpRequest, pk: int) -> HttpResponse:
    visit = _visit_or_404(request, pk)
    open_form, attach_form = forms.OpenCaseForm(prefix="open"), forms.AttachCaseForm(prefix="attach")
    if request.method == "POST" and request.user.has_perm("prevention.add_visit"):
        if "open" in request.POST:
            open_form = forms.OpenCaseForm(request.POST, prefix="open")
            if open_form.is_valid() and saved(
                open_form, lambda: services.visit_open_case(visit=visit, by=request.user, **open_form.cleaned_data)
            ):
                messages.success(request, _("Case opened from this visit."))
                return redirect("prevention:visit", visit.pk)
        else:
            attach_form = forms.AttachCaseForm(request.POST, prefix="attach")
            if attach_form.is_valid():
                case = selectors.visible_case(request.user, attach_form.cleaned_data["tracking_code"])
                if case is None:
                    attach_form.add_error("tracking_code", _("No case with this tracking code is open to you."))
                elif saved(attach_form, lambda: services.visit_attach_case(visit=visit, by=request.user, case=case)):
                    messages.success(request, _("Visit attached to the case."))
                    return redirect("prevention:visit", visit.pk)
    context = {
        "visit": visit,
        "phone": shown_phone(request.user, visit.resident_phone, in_list=False),
        "open_form": open_form,
        "attach_form": attach_form,
        "may_record": request.user.has_perm("prevention.add_visit"),
    }
    return render(request, "prevention/visit_detail.html", context)


# --- Screening ----------------------------------------------------------------------------------------


@login_required
@permission_required("prevention.view_riskitem", raise_exception=True)
def risk_list(request: HttpRequest) -> HttpResponse:
    level, status = request.GET.get("level", ""), request.GET.get("status", "")
    page = page_of(request, selectors.risk_list(request.user, level=level, status=status))
    context = {
        "page": page,
        "level": level,
        "status": status,
        "levels": RiskLevel.choices,
        "statuses": RiskItem.Status.choices,
        "query": urlencode({k: v for k, v in (("level", level), ("status", status)) if v}) + "&"
        if level or status
        else "",
    }
    return render(request, "prevention/risk_list.html", context)


@login_required
@permission_required("prevention.add_riskitem", raise_exception=True)
def risk_new(request: HttpRequest) -> HttpResponse:
    form = forms.RiskForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        item = saved(form, lambda: services.risk_register(by=request.user, **form.cleaned_data))
        if item is not None:
            messages.success(request, _("Screening item registered."))
            return redirect("prevention:risk", item.pk)
    return render(request, "prevention/form.html", {"form": form, "title": _("Register a screening item")})


@login_required
@permission_required("prevention.view_riskitem", raise_exception=True)
def risk_detail(request: HttpRequest, pk: int) -> HttpResponse:
    item = (
        risks_visible_to(request.user)
        .select_related("community", "grid", "follower", "case")
        .prefetch_related("events__by")
        .filter(pk=pk)
        .first()
    )
    if item is None:
        raise Http404
    review = forms.ReviewForm(prefix="review", initial={"version": item.version, "level": item.level})
    end = forms.EndForm(prefix="end", initial={"version": item.version})
    open_form = forms.OpenCaseForm(prefix="open")
    may_change = request.user.has_perm("prevention.change_riskitem") and item.status == RiskItem.Status.OPEN
    if request.method == "POST" and may_change:
        if "open" in request.POST:
            open_form = forms.OpenCaseForm(request.POST, prefix="open")
            if open_form.is_valid() and saved(
                open_form,
                lambda: services.risk_open_case(item=item, by=request.user, **open_form.cleaned_data),
            ):
                messages.success(request, _("Case opened from this screening item."))
                return redirect("prevention:risk", item.pk)
        elif "review" in request.POST:
            review = forms.ReviewForm(request.POST, prefix="review")
            if review.is_valid():
                d = review.cleaned_data
                done = saved(
                    review,
                    lambda: services.risk_review(
                        item=item,
                        by=request.user,
                        expected_version=d["version"],
                        note=d["note"],
                        level=d["level"],
                        next_review_on=d["next_review_on"],
                    ),
                )
                if done:
                    messages.success(request, _("Review recorded."))
                    return redirect("prevention:risk", item.pk)
        else:
            end = forms.EndForm(request.POST, prefix="end")
            if end.is_valid():
                d = end.cleaned_data
                case = selectors.visible_case(request.user, d["tracking_code"]) if d["tracking_code"] else None
                if d["tracking_code"] and case is None:
                    end.add_error("tracking_code", _("No case with this tracking code is open to you."))
                elif saved(
                    end,
                    lambda: services.risk_end(
                        item=item,
                        by=request.user,
                        expected_version=d["version"],
                        outcome=d["outcome"],
                        note=d["note"],
                        case=case,
                    ),
                ):
                    messages.success(request, _("Screening item ended."))
                    return redirect("prevention:risk", item.pk)
    context = {"item": item, "review_form": review, "end_form": end, "open_form": open_form, "may_change": may_change}
    return render(request, "prevention/risk_detail.html", context)


# --- Meetings -----------------------------------------------------------------------------------------


@login_required
@permission_required("prevention.view_meeting", raise_exception=True)
def meeting_list(request: HttpRequest) -> HttpResponse:
    page = page_of(request, selectors.meeting_list(request.user))
    return render(request, "prevention/meeting_list.html", {"page": page})


@login_required
@permission_required("prevention.add_meeting", raise_exception=True)
def meeting_new(request: HttpRequest) -> HttpResponse:
    form = forms.MeetingForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        meeting = saved(form, lambda: services.meeting_create(by=request.user, **form.cleaned_data))
        if meeting is not None:
            messages.success(request, _("Meeting recorded."))
            return redirect("prevention:meeting", meeting.pk)
    return render(request, "prevention/form.html", {"form": form, "title": _("Record a meeting")})


@login_required
@permission_required("prevention.view_meeting", raise_exception=True)
def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = selectors.meeting_detail(request.user, pk)
    if meeting is None:
        raise Http404
    agenda, action = forms.AgendaForm(prefix="agenda"), forms.ActionForm(prefix="action")
    may_change = request.user.has_perm("prevention.change_meeting")
    if request.method == "POST" and may_change:
        if "agenda" in request.POST:
            agenda = forms.AgendaForm(request.POST, prefix="agenda")
            if agenda.is_valid() and _add_to_agenda(request, meeting, agenda):
                return redirect("prevention:meeting", meeting.pk)
        elif "action" in request.POST:
            action = forms.ActionForm(request.POST, prefix="action")
            if action.is_valid() and saved(
                action, lambda: services.action_add(meeting=meeting, by=request.user, **action.cleaned_data)
            ):
                messages.success(request, _("Action recorded; its owner has been told."))
                return redirect("prevention:meeting", meeting.pk)
    context = {
        "meeting": meeting,
        "agenda_form": agenda,
        "action_form": action,
        "may_change": may_change,
        **selectors.agenda_visibility(request.user, meeting),
    }
    return render(request, "prevention/meeting_detail.html", context)


def _add_to_agenda(request, meeting, form) -> bool:
    d = form.cleaned_data
    case = risk = None
    if d["tracking_code"]:
        case = selectors.visible_case(request.user, d["tracking_code"])
        if case is None:
            form.add_error("tracking_code", _("No case with this tracking code is open to you."))
            return False
    if d["risk"]:
        risk = risks_visible_to(request.user).filter(pk=d["risk"]).first()
        if risk is None:
            form.add_error("risk", _("No screening item with this number is open to you."))
            return False
    if saved(form, lambda: services.agenda_add(meeting=meeting, by=request.user, case=case, risk=risk, note=d["note"])):
        messages.success(request, _("Added to the agenda."))
        return True
    return False


@login_required
@require_POST
def action_done(request: HttpRequest, pk: int) -> HttpResponse:
    action = MeetingAction.objects.filter(pk=pk).first()
    if action is None or (
        action.owner_id != request.user.pk and not request.user.has_perm("prevention.change_meeting")
    ):
        raise Http404
    try:
        services.action_done(action=action, by=request.user, note=request.POST.get("note", ""))
        messages.success(request, _("Action marked done."))
    except ValidationError as err:
        messages.error(request, " ".join(err.messages))
    return redirect(action_link(action))


@login_required
def my_calendar(request: HttpRequest) -> HttpResponse:
    """The person's own feed address; POST replaces the secret, retiring the old address."""
    feed, _created = FeedToken.objects.get_or_create(user=request.user)
    if request.method == "POST":
        feed.delete()
        FeedToken.objects.create(user=request.user)
        return redirect("prevention:my-calendar")
    url = request.build_absolute_uri(reverse("prevention:feed", args=[feed.token]))
    actions = (
        MeetingAction.objects.filter(owner=request.user)
        .select_related("meeting", "council")
        .order_by("status", "due_on", "pk")
    )
    return render(request, "prevention/my_calendar.html", {"feed_url": url, "actions": actions[:100]})


# --- The diverse team ---------------------------------------------------------------------------------


@login_required
@permission_required("prevention.view_rosterperson", raise_exception=True)
def roster(request: HttpRequest) -> HttpResponse:
    page = page_of(request, selectors.roster_list())
    rows = [(p, shown_phone(request.user, p.phone)) for p in page.object_list]
    form = forms.RosterForm(request.POST or None)
    may_add = request.user.has_perm("prevention.add_rosterperson")
    if (
        request.method == "POST"
        and may_add
        and form.is_valid()
        and saved(form, lambda: services.roster_person_create(**form.cleaned_data))
    ):
        messages.success(request, _("Added to the diverse team."))
        return redirect("prevention:roster")
    context = {"page": page, "rows": rows, "form": form, "may_add": may_add}
    context["may_see_personal_data"] = may_see_personal_data(request.user)
    return render(request, "prevention/roster.html", context)
