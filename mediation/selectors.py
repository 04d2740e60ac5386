"""Reads for the pages: a fixed number of queries whatever the number of mediations."""

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, F, Prefetch, Q
from django.utils import timezone

from core.calendar import day_start

from .models import Agreement, AgreementTerm, DisputeType, Mediation, MediationEvent, Participant, Ruling, Status
from .policy import committees_visible_to, mediations_visible_to

PAGE_SIZE = 50


@dataclass(frozen=True)
class ListFilters:
    status: str = ""
    committee: int | None = None
    dispute_type: str = ""
    start: date | None = None
    end: date | None = None
    agreed: bool = False
    confirmation: str = ""  # "applied" or "granted"


def _filtered(user, f: ListFilters, *, with_status: bool = True):
    qs = mediations_visible_to(user)
    if f.committee:
        qs = qs.filter(committee_id=f.committee)
    if f.dispute_type:
        qs = qs.filter(dispute_type=f.dispute_type)
    if f.start:
        qs = qs.filter(opened_at__gte=day_start(f.start))
    if f.end:
        qs = qs.filter(opened_at__lt=day_start(f.end) + timezone.timedelta(days=1))
    if f.agreed:
        qs = qs.filter(status=Status.AGREED)
    if f.confirmation == "applied":
        qs = qs.filter(agreement__confirmation_applied_on__isnull=False)
    elif f.confirmation == "granted":
        qs = qs.filter(agreement__ruling=Ruling.VALID)
    if with_status and f.status:
        qs = qs.filter(status=f.status)
    return qs


def mediation_list(user, f: ListFilters) -> dict:
    """The page of mediations and the counts per status (two queries)."""
    rows = list(_filtered(user, f).select_related("committee", "case").order_by("-opened_at", "-pk")[:PAGE_SIZE])
    by_status = dict(_filtered(user, f, with_status=False).order_by().values_list("status").annotate(n=Count("pk")))
    counts = [(value, label, by_status.get(value, 0)) for value, label in Status.choices]
    return {"rows": rows, "counts": counts, "total": sum(by_status.values())}


def mediation_for_page(user, pk: int) -> Mediation | None:
    """One mediation with everything its page shows, if this person may see it."""
    agreements = Agreement.objects.prefetch_related(
        Prefetch("terms", queryset=AgreementTerm.objects.select_related("obligor")),
        "signatures",
        "visits",
    )
    return (
        mediations_visible_to(user)
        .select_related("committee", "case", "opened_by")
        .prefetch_related(
            "parties",
            "mediators",
            "sessions",
            Prefetch("participants", queryset=Participant.objects.select_related("role")),
            Prefetch("events", queryset=MediationEvent.objects.select_related("actor")),
            Prefetch("agreement", queryset=agreements),
        )
        .filter(pk=pk)
        .first()
    )


def agreement_of(mediation: Mediation) -> Agreement | None:
    try:
        return mediation.agreement
    except Agreement.DoesNotExist:
        return None


def mediations_of_case(case) -> list[Mediation]:
    return list(Mediation.objects.filter(case=case).select_related("committee").order_by("opened_at"))


def figures(user, start: date, end: date) -> list[dict]:
    """Per committee, for mediations opened from start to end: opened, agreed, success rate, terms performed on
    time of those due, confirmations applied for and granted. Three queries whatever the size."""
    committees = list(committees_visible_to(user).select_related("community"))
    span = Q(opened_at__gte=day_start(start), opened_at__lt=day_start(end) + timezone.timedelta(days=1))
    rows = {
        r["committee"]: r
        for r in Mediation.objects.filter(span, committee__in=[c.pk for c in committees])
        .values("committee")
        .annotate(
            opened=Count("pk"),
            agreed=Count("pk", filter=Q(status=Status.AGREED)),
            failed=Count("pk", filter=Q(status=Status.FAILED)),
            applied=Count("pk", filter=Q(agreement__confirmation_applied_on__isnull=False)),
            granted=Count("pk", filter=Q(agreement__ruling=Ruling.VALID)),
        )
        .order_by()
    }
    terms = {
        r["agreement__mediation__committee"]: r
        for r in AgreementTerm.objects.filter(
            agreement__mediation__opened_at__gte=day_start(start),
            agreement__mediation__opened_at__lt=day_start(end) + timezone.timedelta(days=1),
            agreement__mediation__committee__in=[c.pk for c in committees],
        )
        .values("agreement__mediation__committee")
        .annotate(
            performed=Count("pk", filter=Q(performed_on__isnull=False)),
            on_time=Count("pk", filter=Q(performed_on__isnull=False, performed_on__lte=F("due_on"))),
        )
        .order_by()
    }
    result = []
    for committee in committees:
        r = rows.get(committee.pk, {})
        t = terms.get(committee.pk, {})
        ended = r.get("agreed", 0) + r.get("failed", 0)
        result.append(
            {
                "committee": committee,
                "opened": r.get("opened", 0),
                "agreed": r.get("agreed", 0),
                "failed": r.get("failed", 0),
                "rate": round(100 * r.get("agreed", 0) / ended) if ended else None,
                "performed": t.get("performed", 0),
                "on_time": t.get("on_time", 0),
                "applied": r.get("applied", 0),
                "granted": r.get("granted", 0),
            }
        )
    return result


DISPUTE_TYPES = DisputeType.choices


def figures_total(user, start: date, end: date) -> dict:
    """The same figures summed over the committees this person sees."""
    rows = figures(user, start, end)
    total = {k: sum(r[k] for r in rows) for k in ("opened", "agreed", "performed", "on_time", "applied", "granted")}
    ended = total["agreed"] + sum(r.get("failed", 0) for r in rows)
    total["rate"] = round(100 * total["agreed"] / ended) if ended else None
    return total
