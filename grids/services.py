"""Writes to the town structure: creating staff with their role group."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser, Group
from django.db import transaction

from .models import Community, Department, Grid, Platform, Role, StaffProfile


@transaction.atomic
def staff_create(
    *,
    username: str,
    password: str | None,
    role: str,
    full_name: str = "",
    email: str = "",
    department: Department | None = None,
    community: Community | None = None,
    grid: Grid | None = None,
    platform: Platform | None = None,
    phone: str = "",
) -> AbstractBaseUser:
    """A login with its profile, in its role's group; administrators also reach the admin site."""
    user_model = get_user_model()
    is_admin = role == Role.ADMINISTRATOR
    user = user_model(username=username, email=email, is_staff=is_admin, is_superuser=is_admin)
    user.first_name = full_name
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.full_clean(exclude=["password"])
    user.save()
    profile = StaffProfile(
        user=user, role=role, department=department, community=community, grid=grid, platform=platform, phone=phone
    )
    profile.full_clean()
    profile.save()
    group, _created = Group.objects.get_or_create(name=role)
    user.groups.add(group)
    return user
