"""Reads for intake pages: today's list at a platform, and the resident's view of a case."""

import datetime

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import QuerySet
from django.utils import timezone

from grids.models import Platform

from ..models import Case
from ..selectors import cases_visible_to


def local_day_bounds(day: datetime.date) -> tuple[datetime.datetime, datetime.datetime]:
    """Midnight to midnight in the portal's time zone (Asia/Shanghai), as aware datetimes."""
    start = timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))
    return start, start + datetime.timedelta(days=1)


def cases_received_today(*, user: AbstractBaseUser, platform: Platform | None) -> QuerySet[Case]:
    start, end = local_day_bounds(timezone.localdate())
    qs = cases_visible_to(user).filter(received_at__gte=start, received_at__lt=end)
    if platform is not None:
        qs = qs.filter(platform=platform)
    return qs.select_related("subject", "community", "received_by", "platform").order_by("-received_at")


def public_case_view(case: Case) -> dict:
    """The case as its petitioner may see it: status, department, public events, what they may do now."""
    from ..handling.selectors import case_public_timeline, petitioner_options
    from ..public import public_status_text

    return {
        "case": case,
        "status_text": public_status_text(case),
        "department": case.lead_department.display_name if case.lead_department_id else "",
        "timeline": case_public_timeline(case),
        "options": petitioner_options(case),
    }
