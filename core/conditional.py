"""The conditional update: write a row only if it is still as the writer read it (state and version).

Two people acting on one record from the pages they read: the second write matches no row, so it
changes nothing, and the caller says so instead of silently overwriting the first.
"""

from collections.abc import Mapping

from django.db.models import F, Model


def update_if_unchanged(
    model: type[Model],
    *,
    pk: int,
    version: int,
    expected: Mapping,
    changes: Mapping,
    version_field: str = "version",
) -> bool:
    """UPDATE model SET changes, version = version + 1 WHERE pk AND version AND expected; True if the row matched."""
    updated = model._default_manager.filter(pk=pk, **{version_field: version}, **expected).update(
        **changes, **{version_field: F(version_field) + 1}
    )
    return updated == 1
