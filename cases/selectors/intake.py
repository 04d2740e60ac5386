"""Reads for intake pages: today's list at a platform, and a person's earlier cases at the counter."""

from datetime import date, datetime, timedelta

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Q, QuerySet
from django.utils import timezone

from core.calendar import day_start
from grids.models import Platform

from ..identity import hash_id_number
from ..models import Case
from ..policy import cases_visible_to
from .handling import first_petitioners


def local_day_bounds(day: date) -> tuple[datetime, datetime]:
    """Midnight to midnight in the town's time zone, as aware datetimes."""
    start = day_start(day)
    return start, start + timedelta(days=1)


def cases_received_today(*, user: AbstractBaseUser, platform: Platform | None) -> QuerySet[Case]:
    start, end = local_day_bounds(timezone.localdate())
    qs = cases_visible_to(user).filter(received_at__gte=start, received_at__lt=end)
    if platform is not None:
        qs = qs.filter(platform=platform)
    return (
        qs.select_related("subject", "community", "received_by", "platform")
        .prefetch_related(first_petitioners())
        .order_by("-received_at")
    )


def earlier_cases_of_person(*, user: AbstractBaseUser, phone: str = "", id_number: str = "") -> QuerySet[Case]:
    """Cases of the same person (by ID number or phone) that this clerk may see, for repeat detection.

    Only visible cases: a clerk accused in an earlier report must not learn of it by typing its petitioner's phone.
    """
    id_hash = hash_id_number(id_number)
    if not id_hash and not phone:
        return Case.objects.none()
    match = Q()
    if id_hash:
        match |= Q(case_petitioners__petitioner__id_number_hash=id_hash)
    if phone:
        match |= Q(case_petitioners__petitioner__phone=phone) | Q(contact_phone=phone)
    return (
        cases_visible_to(user)
        .filter(pk__in=Case.objects.filter(match).values("pk"))
        .select_related("subject", "lead_department", "community")
        .order_by("-received_at")
    )
