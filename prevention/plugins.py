"""Where prevention plugs into the floors below: the case page, the dashboard, the timeline, the bell."""

from django.db.models import CharField, Count, DateField, F, QuerySet, Sum, Value
from django.db.models.functions import Coalesce, TruncMonth
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cases.linked import LinkedStep, register_linked_step
from core.slots import Panel, register_panel
from notifications.models import Notification
from notifications.texts import Rendered
from notifications.texts import register as register_renderer

from .models import ActionReminder, MeetingAction, OathCeremony, RiskItem, RiskLevel, RiskReminder
from .scope import meetings_visible_to, risks_visible_to, visits_visible_to
from .services.councils import STEP_COUNCIL
from .services.meetings import NOTIFICATION_KIND, STEP_DISCUSSED
from .services.screening import STEP_SCREENING
from .services.visits import STEP_FOUND, STEP_VISITED


def case_visits(request, case) -> dict | None:
    visits = list(
        visits_visible_to(request.user).filter(case=case).select_related("community").order_by("-visited_on", "-pk")
    )
    return {"visits": visits} if visits else None


def case_meetings(request, case) -> dict | None:
    meetings = list(
        meetings_visible_to(request.user)
        .filter(agenda__case=case)
        .select_related("kind")
        .order_by("-starts_at", "-pk")
        .distinct()
    )
    return {"meetings": meetings} if meetings else None


def _figures(request, start, end) -> dict:
    """Everything both dashboard panels show, in one query (a union), once per request: the dashboard holds
    its query count to a budget whatever the data."""
    cached = getattr(request, "_prevention_figures", None)
    if cached is not None and cached[0] == (start, end):
        return cached[1]
    user = request.user

    def shaped(qs, kind: str, month, first, second, n):
        # No ordering inside a union's parts: the models' default ordering would join the GROUP BY.
        return (
            qs.order_by()
            .annotate(k=Value(kind, output_field=CharField()), m=month, a=first, b=second)
            .values("k", "m", "a", "b")
            .annotate(n=n)
        )

    no_day = Value(None, output_field=DateField())
    blank = Value("", output_field=CharField())
    visits = shaped(
        visits_visible_to(user).filter(visited_on__gte=start, visited_on__lte=end),
        "visits",
        TruncMonth("visited_on"),
        F("community__name"),
        Coalesce(F("grid__name"), blank),
        Count("pk"),
    )
    oath_range = OathCeremony.objects.filter(held_on__gte=start, held_on__lte=end)
    ceremonies = shaped(oath_range, "ceremonies", no_day, blank, blank, Count("pk"))
    people = shaped(oath_range, "people", no_day, blank, blank, Sum("new_residents"))
    levels = shaped(
        risks_visible_to(user).filter(status=RiskItem.Status.OPEN), "levels", no_day, F("level"), blank, Count("pk")
    )
    rows = list(visits.union(ceremonies, people, levels, all=True))
    by_level = {row["a"]: row["n"] for row in rows if row["k"] == "levels"}
    figures = {
        "visit_rows": sorted(
            ({"month": r["m"], "community": r["a"], "grid": r["b"], "n": r["n"]} for r in rows if r["k"] == "visits"),
            key=lambda r: (r["month"], r["community"], r["grid"]),
        ),
        "oath_ceremonies": sum(r["n"] or 0 for r in rows if r["k"] == "ceremonies"),
        "oath_people": sum(r["n"] or 0 for r in rows if r["k"] == "people"),
        "levels": by_level,
        "open_risks": [(label, by_level.get(value, 0)) for value, label in RiskLevel.choices],
    }
    request._prevention_figures = ((start, end), figures)
    return figures


def dashboard_risks(request, scope, start, end) -> dict | None:
    if scope.department is not None:
        return None
    levels = _figures(request, start, end)["levels"]
    base = reverse("prevention:risks")
    return {
        "risk_major": levels.get(RiskLevel.MAJOR, 0),
        "risk_high": levels.get(RiskLevel.HIGH, 0),
        "risk_major_url": f"{base}?level=major&status=open",
        "risk_high_url": f"{base}?level=high&status=open",
    }


def dashboard_figures(request, scope, start, end) -> dict | None:
    if scope.department is not None:
        return None
    return _figures(request, start, end)


def render_message(notification: Notification) -> Rendered | None:
    subject = notification.subject
    if isinstance(subject, MeetingAction):
        return Rendered(
            _("Action for you: %(text)s") % {"text": subject.text},
            _("Due %(due)s, decided at %(origin)s.")
            % {"due": subject.due_on.isoformat(), "origin": subject.meeting or subject.council},
            action_link(subject),
        )
    if isinstance(subject, ActionReminder):
        action = subject.action
        return Rendered(
            _("Action due %(due)s: %(text)s") % {"due": subject.due_on.isoformat(), "text": action.text},
            _("Mark it done on its page once it is."),
            action_link(action),
        )
    if isinstance(subject, RiskReminder):
        return Rendered(
            _("Screening item due for review: %(title)s") % {"title": subject.item.title},
            _("Review due %(due)s.") % {"due": subject.due_on.isoformat()},
            reverse("prevention:risk", args=[subject.item_id]),
        )
    return None


def action_link(action: MeetingAction) -> str:
    if action.meeting_id:
        return reverse("prevention:meeting", args=[action.meeting_id])
    return reverse("prevention:council", args=[action.council_id])


def _subjects_actions() -> QuerySet:
    return MeetingAction.objects.select_related("meeting", "council")


def _subjects_action_reminders() -> QuerySet:
    return ActionReminder.objects.select_related("action")


def _subjects_risk_reminders() -> QuerySet:
    return RiskReminder.objects.select_related("item")


def register() -> None:
    register_linked_step(LinkedStep(STEP_FOUND, gettext_lazy("Found on a door-to-door visit")))
    register_linked_step(LinkedStep(STEP_VISITED, gettext_lazy("Door-to-door visit")))
    register_linked_step(LinkedStep(STEP_DISCUSSED, gettext_lazy("Discussed at a meeting")))
    register_linked_step(LinkedStep(STEP_SCREENING, gettext_lazy("Found by risk screening")))
    register_linked_step(LinkedStep(STEP_COUNCIL, gettext_lazy("Raised at a deliberation council")))
    register_panel("case.page", Panel("prevention.visits", "prevention/panels/case_visits.html", case_visits, 50))
    register_panel("case.page", Panel("prevention.meetings", "prevention/panels/case_meetings.html", case_meetings, 51))
    register_panel(
        "dashboard.warnings", Panel("prevention.risks", "prevention/panels/dashboard_risks.html", dashboard_risks)
    )
    register_panel(
        "dashboard.sections",
        Panel("prevention.figures", "prevention/panels/dashboard_figures.html", dashboard_figures),
    )
    register_renderer([NOTIFICATION_KIND], render_message, subjects=_subjects_actions)
    register_renderer([], render_message, subjects=_subjects_action_reminders)
    register_renderer([], render_message, subjects=_subjects_risk_reminders)
