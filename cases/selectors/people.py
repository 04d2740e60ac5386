"""Reads of the people who can be put on a case."""

from django.contrib.auth import get_user_model
from django.db.models import QuerySet

from ..rules import X_ROLES


def assignable_people() -> QuerySet:
    """Everyone who can be put on a case: the X people, with what the form shows of them."""
    return (
        get_user_model()
        .objects.filter(is_active=True, staff__role__in=X_ROLES)
        .select_related("staff", "staff__community", "staff__department", "staff__grid")
        .order_by("staff__role", "first_name", "username")
    )
