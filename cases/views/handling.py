"""Handling pages: the triage inbox, the queue, the case page, its actions and the printable reply. Thin."""

from dataclasses import dataclass
from datetime import date, datetime

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from audit.models import Read
from audit.services import read_logged
from core.forms import add_service_errors
from grids.models import Town

from .. import actions, clock, rules
from ..forms.actions import ActionForm
from ..forms.queue import QueueFilter
from ..models import (
    Attachment,
    Case,
    CaseEvent,
    Status,
)
from ..policy import cases_visible_to
from ..selectors import counts as count_selectors
from ..selectors import handling as selectors
from ..selectors import queue as queue_selectors
from ..services import ActionNotAllowed, CaseConflict
from ..wording import CONFLICT, event_detail, event_title, latest_step

PAGE_SIZE = 25


# How long the queue's option counts are kept per person and filters: a page flip or a look at a case and
# back reuses them; a new or changed case shows in them within this time.
def _need(request: HttpRequest, perm: str) -> None:
    if not request.user.has_perm(perm):
        raise PermissionDenied


@login_required
@require_GET
def inbox(request: HttpRequest) -> HttpResponse:
    """The petition office's triage inbox: registered cases, oldest first, with the transfer clock.

    The town's leaders have one too: the reports against the petition office, which they triage.
    """
    if not (request.user.has_perm("cases.triage_case") or rules.town_leader(request.user)):
        raise PermissionDenied
    today = clock.today()
    cases = selectors.with_due_state(selectors.inbox_cases(request.user), today)
    counts = cases.order_by().aggregate(
        total=Count("pk"),
        overdue=Count("pk", filter=selectors.overdue_q(today)),
        soon=Count("pk", filter=selectors.due_soon_q(today)),
    )
    page = Paginator(cases, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "cases/handling/inbox.html",
        {"page": page, "counts": counts, "today": today, "transfer_days": settings.CASE_TRANSFER_DAYS},
    )


def _queue_filter(request: HttpRequest, today: date) -> QueueFilter:
    # Always bound: no parameters is the default view (open cases, soonest due first), not "no filtering".
    filterset = QueueFilter(request.GET, queryset=selectors.queue_cases(request.user), today=today)
    filterset.form.is_valid()
    return filterset


@login_required
@require_GET
def queue(request: HttpRequest) -> HttpResponse:
    """The work queue: the cases this person may see, filtered, soonest due first, a page at a time.

    The counts of every option arrive a moment later (queue_counts): the list never waits for them.
    """
    _need(request, "cases.view_case")
    today = clock.today()
    filterset = _queue_filter(request, today)
    page = queue_selectors.queue_page(
        request.user,
        narrowing=filterset.narrowing(),
        statuses=filterset.statuses(),
        sort=filterset.sort_value(),
        after=request.GET.get("after"),
        before=request.GET.get("before"),
        size=PAGE_SIZE,
        today=today,
        by_status=not filterset.value("q"),
    )
    return render(
        request,
        "cases/handling/queue.html",
        {
            "filter": filterset,
            "facets": filterset.facets(counted=False, **count_selectors.facet_choices()),
            "chips": filterset.dashboard_chips(),
            "problems": filterset.problems(),
            "page": page,
            "today": today,
            "q": filterset.value("q") or "",
            "counts_url": reverse("handling:queue-counts") + "?" + _without_cursor(request),
        },
    )


def _without_cursor(request: HttpRequest) -> str:
    query = request.GET.copy()
    for name in ("after", "before", "page"):
        query.pop(name, None)
    return query.urlencode()


@login_required
@require_GET
def queue_counts(request: HttpRequest) -> JsonResponse:
    """The queue's total and the count of every option, exact, for the page to fill in once they arrive.

    One aggregate over every case the person may see, kept a short while (cases.selectors.counts): paging
    and coming back do not count the town again, and all who see the whole town share one count.
    """
    _need(request, "cases.view_case")
    today = clock.today()
    counts = count_selectors.cached_counts(
        user=request.user,
        today=today,
        query=_without_cursor(request),
        make_filterset=lambda: _queue_filter(request, today),
    )
    total = counts["total"]
    text = ngettext("%(n)s case in this list", "%(n)s cases in this list", total) % {"n": total}
    counted_at = timezone.localtime(datetime.fromisoformat(counts["counted_at"]))
    as_of = _("counted at %(time)s") % {"time": counted_at.strftime("%H:%M:%S")}
    return JsonResponse({**counts, "total_text": text, "as_of_text": as_of})


@dataclass(frozen=True)
class ClockRow:
    label: str
    state: clock.DueState


@dataclass(frozen=True)
class TierClock:
    since: datetime | None
    target_days: int
    ends_on: date | None
    days_over: int


def _clock_rows(case: Case, today: date) -> list[ClockRow]:
    rows = [ClockRow(_("Transfer or assign"), clock.DueState(case.transfer_due_on, case.routed_at, today))]
    if case.routed_at or case.acceptance_due_on:
        rows.append(ClockRow(_("Acceptance notice"), clock.DueState(case.acceptance_due_on, case.accepted_at, today)))
    if case.objection_due_on and case.accepted_at is None:
        rows.append(ClockRow(_("Objection possible until"), clock.DueState(case.objection_due_on, None, today)))
    if case.reply_due_on:
        label = _("Reply (extended)") if case.extension_status == "granted" else _("Reply")
        rows.append(ClockRow(label, clock.DueState(case.reply_due_on, case.replied_at, today)))
    for review in case.reviews.all():
        if review.hearing_since is not None:
            # Hearing time does not count: no due date runs until the re-review resumes.
            label = _("%(level)s (paused for a hearing)") % {"level": review.get_level_display()}
            rows.append(ClockRow(label, clock.DueState(None, None, today)))
            continue
        rows.append(ClockRow(review.get_level_display(), clock.DueState(review.due_on, review.decided_at, today)))
    if (
        case.answered_at
        and case.review_level < 2
        and case.status in (Status.REPLIED, Status.CLOSED)
        and rules.is_relief(case)
    ):
        # The petitioner's 30 days count from the day the answer reached them (条例 arts. 35, 36).
        if case.review_level == 0:
            label = _("Petitioner may ask for a review until")
        else:
            label = _("Petitioner may ask for a re-review until")
        if case.answer_delivered_on is None:
            label = _("%(label)s (30 days from delivery, not recorded yet)") % {"label": label}
            ends = None
        else:
            ends = clock.request_window_ends(case.answer_delivered_on, case.review_level + 1)
        rows.append(ClockRow(label, clock.DueState(ends, None, today)))
    return rows


# The tier's target time runs while the case is being handled at that tier (from routing to reply).
_TIER_CLOCK_RUNS = (Status.ASSIGNED, Status.IN_PROGRESS)


def _tier_clock(case: Case, today: date) -> TierClock:
    if case.tier_entered_at is None:
        return TierClock(None, case.tier.target_days, None, 0)
    ends_on = case.tier_due_on or clock.tier_due(case.tier_entered_at, case.tier.target_days)
    days_over = (today - ends_on).days if case.status in _TIER_CLOCK_RUNS and today > ends_on else 0
    return TierClock(case.tier_entered_at, case.tier.target_days, ends_on, days_over)


@dataclass(frozen=True)
class TimelineRow:
    event: CaseEvent
    title: str
    detail: str


def _render_case(
    request: HttpRequest, case: Case, *, bound: ActionForm | None = None, status: int = 200, kept: str = ""
) -> HttpResponse:
    today = clock.today()
    allowed = actions.available_actions(request.user, case, today)
    shown = [
        {
            "name": a.name,
            "label": a,
            "title": a.title_for(case),
            "form": bound if bound is not None and bound.action is a else a.make_form(case=case),
        }
        for a in allowed
    ]
    if bound is not None and bound.action in allowed:
        open_action = bound.action.name
    else:
        open_action = shown[0]["name"] if shown else ""
    petitioners = [cp.petitioner for cp in case.case_petitioners.all()]
    context = {
        "case": case,
        "actions": shown,
        "open_action": open_action,
        "timeline": [TimelineRow(e, event_title(e), event_detail(e)) for e in case.events.all()],
        "reviews": list(case.reviews.all()),
        "clock_rows": _clock_rows(case, today),
        "tier_clock": _tier_clock(case, today),
        "today": today,
        "kept": kept,
        "petitioners": petitioners,
        # Asked only when there is a full number to reveal: most cases have none, and ask nothing.
        "may_reveal_id_number": any(p.has_full_id_number for p in petitioners)
        and rules.reveals_id_number(request.user, case),
        "registered_only": selectors.is_registered_only(case),
    }
    return render(request, "cases/handling/case.html", context, status=status)


@login_required
@require_GET
def case_page(request: HttpRequest, pk: int) -> HttpResponse:
    case = selectors.case_for_page(request.user, pk)
    read_logged(request, kind=Read.Kind.CASE, obj=case)
    return _render_case(request, case)


def _kept_text(form: ActionForm) -> str:
    """What the person typed, so a refused action never throws their words away."""
    texts = []
    for name, field in form.fields.items():
        if field.widget.__class__.__name__ == "Textarea":
            value = (form.data.get(form.add_prefix(name)) or "").strip()
            if value:
                texts.append(value)
    return "\n\n".join(texts)


@login_required
@require_POST
def case_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    entry = actions.ACTIONS.get(action)
    if entry is None:
        raise Http404
    case = selectors.case_for_page(request.user, pk)
    if not entry.who(request.user, case):
        raise PermissionDenied
    form = entry.make_form(request.POST, case=case)
    if not form.is_valid():
        messages.error(request, _("Please correct what is marked below."))
        return _render_case(request, case, bound=form, status=400)
    try:
        done = entry.service_function(
            case=case, by=request.user, expected_version=form.cleaned_data["version"], **form.service_arguments()
        )
    except CaseConflict:
        fresh = selectors.case_for_page(request.user, pk)
        messages.error(request, CONFLICT % {"status": fresh.get_status_display(), "latest": latest_step(fresh)})
        data = request.POST.copy()
        data[form.add_prefix("version")] = str(fresh.version)
        return _render_case(request, fresh, bound=entry.make_form(data, case=fresh), status=409, kept=_kept_text(form))
    except ActionNotAllowed as err:
        messages.error(request, " ".join(err.messages))
        return _render_case(request, case, status=409, kept=_kept_text(form))
    except ValidationError as err:
        add_service_errors(form, err)
        messages.error(request, _("Please correct what is marked below."))
        return _render_case(request, case, bound=form, status=400)
    messages.success(request, entry.done % {"date": done.due_on or done.reply_due_on or ""})
    if not cases_visible_to(request.user).filter(pk=pk).exists():
        # An objection hands the case back: the objecting department no longer sees it.
        return redirect("handling:queue")
    return redirect("handling:case", pk=pk)


@login_required
@require_GET
def reply_document(request: HttpRequest, pk: int) -> HttpResponse:
    """The printable written reply (信访处理意见书), with the review and re-review opinions after it."""
    case = selectors.case_document(request.user, pk)
    read_logged(request, kind=Read.Kind.REPLY, obj=case)
    reviews = [r for r in case.reviews.all() if r.decided_at]
    return render(
        request,
        "cases/handling/reply_document.html",
        {
            "case": case,
            "petitioners": [cp.petitioner for cp in case.case_petitioners.all()],
            "reviews": reviews,
            "town": Town.objects.order_by("pk").first() or "",
            "review_window_days": settings.CASE_REVIEW_REQUEST_DAYS,
            "rereview_window_days": settings.CASE_REREVIEW_REQUEST_DAYS,
        },
    )


@login_required
@require_GET
def notice_document(request: HttpRequest, pk: int) -> HttpResponse:
    """The printable written notice: acceptance (受理告知书, 条例 art. 23) once the handling body signed for
    it, or not accepted (不予受理告知书, with the reason and where to go instead, 沪条例 art. 35)."""
    case = selectors.case_notice(request.user, pk)
    # A written document printed for the petitioner, logged like the reply.
    read_logged(request, kind=Read.Kind.REPLY, obj=case)
    notice = next(iter(case.events.all()), None)
    return render(
        request,
        "cases/handling/notice_document.html",
        {
            "case": case,
            "not_accepted": selectors.is_registered_only(case),
            "notice": notice,
            "petitioners": [cp.petitioner for cp in case.case_petitioners.all()],
            "town": Town.objects.order_by("pk").first() or "",
            "reply_days": settings.CASE_REPLY_DAYS,
        },
    )


@login_required
@require_GET
def attachment(request: HttpRequest, pk: int, attachment_pk: int) -> FileResponse:
    """An attachment, only through the case's permission rule (media files are never served directly)."""
    case = get_object_or_404(cases_visible_to(request.user), pk=pk)
    found = get_object_or_404(Attachment, case=case, pk=attachment_pk)
    read_logged(request, kind=Read.Kind.ATTACHMENT, obj=found)
    return FileResponse(found.file.open("rb"), as_attachment=True, filename=found.original_name)
