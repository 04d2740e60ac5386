"""Case pages. Thin: permissions and reads come from selectors, writes from services."""

from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from ..models import NOT_ACCEPTED_STATUSES, OPEN_STATUSES, Status
from ..policy import cases_visible_to


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """The role home page: what this person may see, counted, and the newest of it."""
    visible = cases_visible_to(request.user)
    counts = visible.aggregate(
        open=Count("pk", filter=Q(status__in=OPEN_STATUSES), distinct=True),
        registered=Count("pk", filter=Q(status=Status.REGISTERED), distinct=True),
        in_progress=Count("pk", filter=Q(status__in=[Status.ASSIGNED, Status.IN_PROGRESS]), distinct=True),
        closed=Count("pk", filter=Q(status=Status.CLOSED), distinct=True),
        not_accepted=Count("pk", filter=Q(status__in=NOT_ACCEPTED_STATUSES), distinct=True),
    )
    latest = visible.select_related("subject", "community", "tier", "lead_department").order_by("-received_at")[:10]
    return render(request, "cases/home.html", {"counts": counts, "latest": latest})
