"""The case as its page shows it to this person, for the API: the page's own reads, titles and actions."""

from django.http import Http404
from rest_framework.request import Request

from .. import actions, clock
from ..models import Case
from ..selectors import handling as selectors
from ..wording import event_detail, event_title
from .serializers import CaseDetailSerializer


def etag(case: Case) -> str:
    """The case's version as an entity tag: send it back in If-Match with an action."""
    return f'"{case.version}"'


def action_url(case_pk: int, name: str) -> str:
    return f"/api/v1/cases/{case_pk}/actions/{name}/"


def case_data(request: Request, case: Case) -> dict:
    """The detail body of a case read with selectors.case_for_page (the page's one read)."""
    case.petitioner_list = [cp.petitioner for cp in case.case_petitioners.all()]
    timeline = list(case.events.all())
    for event in timeline:
        # The same words as the case page's timeline, public and internal events alike, as staff see them there.
        event.title = event_title(event)
        event.detail = event_detail(event)
    case.timeline = timeline
    case.actions = [
        {"name": a.name, "title": a.title_for(case), "url": action_url(case.pk, a.name)}
        for a in actions.available_actions(request.user, case, clock.today())
    ]
    return CaseDetailSerializer(case, context={"request": request}).data


def fresh_case_data(request: Request, pk: int) -> dict | None:
    """The case as it is now, for a conflict's body; None when this person no longer sees it."""
    try:
        return case_data(request, selectors.case_for_page(request.user, pk))
    except Http404:  # the case left this person's view
        return None
