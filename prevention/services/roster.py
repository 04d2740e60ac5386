"""Adding people to the diverse team."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core.validation import normalize_phone, validate_phone
from grids.models import Community

from ..models import RosterPerson, RosterRole


@transaction.atomic
def roster_person_create(
    *, name: str, role: RosterRole, community: Community | None = None, organisation: str = "", phone: str = ""
) -> RosterPerson:
    name = name.strip()
    if not name:
        raise ValidationError({"name": _("Enter the person's name.")})
    phone = normalize_phone(phone)
    if phone:
        validate_phone(phone)
    return RosterPerson.objects.create(
        name=name, role=role, community=community, organisation=organisation.strip(), phone=phone
    )
