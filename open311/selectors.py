"""What the public may read: the services (our subjects) and the service requests (our cases), never a
person's data, a case's story, an internal note or a report of misconduct."""

from datetime import datetime

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils.translation import gettext as _

from cases.models import Case, CaseEvent, Category, Subject
from cases.models.choices import OPEN_STATUSES
from cases.selectors.public import public_title

from .formats import w3c, w3c_day_end
from .models import ServiceAttribute

SERVICE_TYPE = "realtime"  # the case is registered while the client waits: its id comes back at once


def active_subjects() -> QuerySet[Subject]:
    return Subject.objects.filter(is_active=True).select_related("default_department")


def services() -> list[dict]:
    """GET services: every active subject, `metadata` true where it asks for extra fields. One query."""
    rows = []
    for subject in (
        active_subjects().annotate(open311_field_count=Count("open311_attributes")).order_by("sort_order", "code")
    ):
        group = subject.default_department.display_name if subject.default_department_id else ""
        keywords = [subject.name, subject.name_en, subject.code]
        description = (
            _("%(subject)s: usually handled by %(department)s.")
            % {"subject": subject.display_name, "department": group}
            if group
            else subject.display_name
        )
        rows.append(
            {
                "service_code": subject.code,
                "service_name": subject.display_name,
                "description": description,
                "metadata": subject.open311_field_count > 0,
                "type": SERVICE_TYPE,
                "keywords": ", ".join(dict.fromkeys(k for k in keywords if k)),
                "group": group,
            }
        )
    return rows


def service_attributes(subject: Subject) -> list[ServiceAttribute]:
    return list(subject.open311_attributes.order_by("order", "code"))


def service_definition(subject: Subject, attributes: list[ServiceAttribute]) -> dict:
    return {
        "service_code": subject.code,
        "attributes": [
            {
                "variable": True,
                "code": attribute.code,
                "datatype": attribute.datatype,
                "required": attribute.required,
                "datatype_description": attribute.datatype_description or None,
                "order": attribute.order,
                "description": attribute.description,
                "values": [{"key": key, "name": name} for key, name in attribute.choices],
            }
            for attribute in attributes
        ],
    }


# A report of misconduct, or any case naming someone accused, is never public: not listed, not found.
HIDDEN = (
    Q(category=Category.MISCONDUCT)
    | Q(accused_department__isnull=False)
    | Q(accused_user__isnull=False)
    | ~Q(accused_name="")
)


def public_cases() -> QuerySet[Case]:
    """The cases the public list may show, with what a row needs: two queries for any number of rows."""
    public_events = CaseEvent.objects.filter(is_public=True).order_by("at", "pk")
    return (
        Case.objects.exclude(HIDDEN)
        .select_related("subject", "lead_department", "community")
        .prefetch_related(Prefetch("events", queryset=public_events, to_attr="public_events"))
    )


def cases_filtered(
    *,
    ids: list[int] | None,
    service_codes: list[str],
    start: datetime,
    end: datetime,
    statuses: list[str],
    limit: int,
) -> list[Case]:
    """GET requests: the ids given override every other argument (GeoReport v2)."""
    cases = public_cases()
    if ids is not None:
        cases = cases.filter(pk__in=ids)
    else:
        cases = cases.filter(received_at__gte=start, received_at__lte=end)
        if service_codes:
            cases = cases.filter(subject__code__in=service_codes)
        if statuses == ["open"]:
            cases = cases.filter(status__in=OPEN_STATUSES)
        elif statuses == ["closed"]:
            cases = cases.exclude(status__in=OPEN_STATUSES)
    return list(cases.order_by("-received_at", "-pk")[:limit])


def public_case(pk: int) -> Case | None:
    return public_cases().filter(pk=pk).first()


def _status_notes(case: Case) -> str | None:
    """The newest line of the public timeline, in the petitioner's plain words; never a note's free text."""
    for event in reversed(case.public_events):
        title = public_title(event)
        if title:
            return title
    return None


def _expected(case: Case):
    """When the matter can be expected done: the statutory reply date once accepted, else the next date due."""
    if case.status not in OPEN_STATUSES:
        return None
    return w3c_day_end(case.reply_due_on or case.due_on)


def _address(case: Case) -> str | None:
    """Only the community: a street address can point at a person."""
    return case.community.display_name if case.community_id else None


def request_row(case: Case) -> dict:
    """One service request as the public sees it (GeoReport v2 field names, in the spec's order)."""
    closed = case.status not in OPEN_STATUSES
    # "For requests with status=closed, this will be the date the request was closed" (a matter not
    # accepted has no closing time: its last change is when it was turned away).
    updated = case.closed_at if closed and case.closed_at else case.updated_at
    return {
        "service_request_id": case.pk,
        "status": "closed" if closed else "open",
        "status_notes": _status_notes(case),
        "service_name": case.subject.display_name if case.subject_id else None,
        "service_code": case.subject.code if case.subject_id else None,
        # The story names people (neighbours, officials, the petitioner): it stays in the office, as the
        # spec's own examples leave description empty.
        "description": None,
        "agency_responsible": case.lead_department.display_name if case.lead_department_id else None,
        "service_notice": None,
        "requested_datetime": w3c(case.received_at),
        "updated_datetime": w3c(updated),
        "expected_datetime": _expected(case),
        "address": _address(case),
        "address_id": case.community.code if case.community_id else None,
        "zipcode": None,
        "lat": None,
        "long": None,
        "media_url": None,
    }
