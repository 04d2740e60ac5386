"""The oath room's register."""

from datetime import date

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from grids.models import Community

from ..models import OathCeremony

MAX_PARTICIPANTS = 500


@transaction.atomic
def oath_record(
    *, by: AbstractBaseUser, community: Community, held_on: date, place: str, new_residents: int
) -> OathCeremony:
    errors: dict[str, list[str]] = {}
    if held_on > timezone.localdate():
        errors["held_on"] = [_("A ceremony is recorded once it has taken place.")]
    if not 1 <= new_residents <= MAX_PARTICIPANTS:
        errors["new_residents"] = [_("Between 1 and %(max)d people.") % {"max": MAX_PARTICIPANTS}]
    if errors:
        raise ValidationError(errors)
    return OathCeremony.objects.create(
        community=community, held_on=held_on, place=place.strip(), new_residents=new_residents, recorded_by=by
    )
