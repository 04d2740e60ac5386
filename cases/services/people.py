"""Who may be put on a case: the X people, never the accused; the case's people kept on its timeline."""

from collections.abc import Iterable
from datetime import datetime

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from grids.models import Department

from .. import rules
from ..models import Case, CaseAssignment, CaseEvent
from ..policy import accuses
from .writes import acting_unit


def person_label(user: AbstractBaseUser) -> str:
    # A name reads the same in both languages; a role label would be frozen in the writer's.
    return user.get_full_name() or user.get_username()


def validate_people(case: Case, people: Iterable[AbstractBaseUser]) -> list[AbstractBaseUser]:
    people = list(dict.fromkeys(people))
    errors = []
    for person in people:
        profile = getattr(person, "staff", None)
        if profile is None or profile.role not in rules.X_ROLES:
            errors.append(_("%(person)s is not one of the people on the ground.") % {"person": person})
        elif accuses(case, user_id=person.pk, department_id=profile.department_id):
            errors.append(_("%(person)s is among the accused and may not see this report.") % {"person": person})
    if errors:
        raise ValidationError({"people": errors})
    return people


def set_people(*, case: Case, by: AbstractBaseUser | None, people: list, at: datetime) -> bool:
    """Make the case's people exactly `people`; True when that changed anything."""
    wanted = {p.pk for p in people}
    current = set(case.assignments.values_list("user_id", flat=True))
    if wanted == current:
        return False
    CaseAssignment.objects.filter(case=case).exclude(user_id__in=wanted).delete()
    CaseAssignment.objects.bulk_create(CaseAssignment(case=case, user=p) for p in people if p.pk not in current)
    CaseEvent.objects.create(
        case=case,
        actor=by,
        department=acting_unit(by),
        kind=CaseEvent.Kind.PEOPLE,
        note=", ".join(person_label(p) for p in people),
        at=at,
    )
    return True


def check_not_accused(case: Case, lead: Department, assisting: list[Department]) -> None:
    if accuses(case, department_id=lead.pk):
        raise ValidationError(
            {"lead_department": _("The accused department cannot handle a report of misconduct against itself.")}
        )
    if any(accuses(case, department_id=d.pk) for d in assisting):
        raise ValidationError(
            {"assisting_departments": _("The accused department cannot assist on a report against itself.")}
        )
