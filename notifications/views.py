"""The staff notification centre: the bell's list, mark read."""

import re

from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.prefetch import GenericPrefetch
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
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


# Ids are at most this long: a longer number is no notification's and would overflow the column.
_ID = re.compile(r"[0-9]{1,18}")


@login_required
@require_POST
def mark_read(request: HttpRequest) -> HttpResponse:
    raw = request.POST.getlist("id")
    # Only ASCII digits: str.isdigit() also accepts "²", which int() then refuses.
    ids = [int(x) for x in raw if _ID.fullmatch(x)] if raw else None
    notifications_mark_read(user=request.user, ids=ids)
    return HttpResponseRedirect(_back_to(request))


def _back_to(request: HttpRequest) -> str:
    """The page the bell was clicked on, if it is on this site; otherwise the notification centre.

    Taken as an address, never as a view name (redirect() would try to resolve "x" and fail)."""
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("notifications")
