"""The staff notification centre: the bell's list, mark read."""

from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.prefetch import GenericPrefetch
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from .models import Notification
from .services import notifications_mark_read
from .texts import render as render_text
from .texts import subject_querysets


@login_required
def centre(request: HttpRequest) -> HttpResponse:
    qs = (
        Notification.objects.filter(recipient=request.user, channel=Notification.Channel.IN_APP)
        .order_by("-created_at", "-pk")
        .prefetch_related(GenericPrefetch("subject", subject_querysets()))
    )
    page = Paginator(qs, 30).get_page(request.GET.get("page"))
    items = [(n, render_text(n)) for n in page.object_list]
    return render(request, "notifications/centre.html", {"page": page, "items": items})


@login_required
@require_POST
def mark_read(request: HttpRequest) -> HttpResponse:
    raw = request.POST.getlist("id")
    ids = [int(x) for x in raw if x.isdigit()] if raw else None
    notifications_mark_read(user=request.user, ids=ids)
    return redirect(request.POST.get("next") or "notifications")
