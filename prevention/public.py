"""Pages without a login: a community's public page, and a person's iCalendar feed behind its secret."""

from datetime import timedelta

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import get_language
from icalendar import Calendar, Event

from core import qr
from core.site import absolute
from grids.models import Community, Platform

from .models import CommunityPage, FeedToken, Meeting, MeetingAction


def community_page(request: HttpRequest, code: str) -> HttpResponse:
    community = get_object_or_404(Community, code=code)
    page = CommunityPage.objects.filter(community=community).first()
    rules = ""
    if page is not None:
        rules = page.rules_en if (get_language() or "").startswith("en") and page.rules_en else page.rules
    platform = Platform.objects.filter(community=community, is_active=True).order_by("pk").first()
    qr_svg = qr_url = ""
    if platform is not None:
        qr_url = absolute(reverse("web-form", args=[platform.code]))
        qr_svg = qr.svg(qr_url, scale=5)
    context = {
        "community": community,
        "page": page,
        "rules": rules,
        "materials": list(community.legal_materials.order_by("-published_on", "-pk")[:20]),
        "oaths": list(community.oath_ceremonies.order_by("-held_on", "-pk")[:10]),
        # Only what a council decided to publish: never its speakers or the case it came from.
        "councils": list(
            community.councils.filter(is_published=True, status="decided")
            .only("title", "outcome", "decided_at")
            .order_by("-decided_at", "-pk")[:10]
        ),
        "qr_svg": qr_svg,
        "qr_url": qr_url,
    }
    return render(request, "prevention/public_community.html", context)


def feed(request: HttpRequest, token: str) -> HttpResponse:
    """Meetings the person convenes or attends, and their actions' due dates, as iCalendar."""
    owner = FeedToken.objects.filter(token=token).select_related("user").first()
    if owner is None or not owner.user.is_active:
        raise Http404
    user = owner.user
    calendar = Calendar()
    calendar.add("prodid", "-//Zhuanqiao petition portal//prevention//")
    calendar.add("version", "2.0")
    meetings = (
        Meeting.objects.filter(attendees=user).select_related("kind").order_by("-starts_at", "-pk").distinct()[:500]
    )
    for meeting in meetings:
        event = Event()
        event.add("uid", f"meeting-{meeting.pk}@zhuanqiao")
        event.add("summary", f"{meeting.kind.name} · {meeting.title}")
        event.add("dtstart", meeting.starts_at)
        event.add("dtend", meeting.starts_at + timedelta(hours=1))
        event.add("location", meeting.place)
        event.add("url", absolute(reverse("prevention:meeting", args=[meeting.pk])))
        calendar.add_component(event)
    for action in MeetingAction.objects.filter(owner=user, status=MeetingAction.Status.OPEN).order_by("due_on")[:500]:
        event = Event()
        event.add("uid", f"action-{action.pk}@zhuanqiao")
        event.add("summary", action.text)
        event.add("dtstart", action.due_on)
        calendar.add_component(event)
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, no-store"
    return response
