"""The case list's filters: the officer's queue's own QueueFilter, described for the OpenAPI schema."""

import django_filters
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter

from ..forms.queue import QueueFilter

MAX_PAGE_SIZE = 100
DEFAULT_PAGE_SIZE = 25


def _parameter(name: str, f) -> OpenApiParameter:
    # A model choice is sent as its id (the lead department also takes "none"): a string, checked by the filter.
    kind = OpenApiTypes.DATE if isinstance(f, django_filters.DateFilter) else OpenApiTypes.STR
    return OpenApiParameter(name, kind, OpenApiParameter.QUERY, required=False, description=str(f.label))


def queue_parameters() -> list[OpenApiParameter]:
    """Every filter of the queue, as the schema's query parameters, plus the cursor and the page size."""
    params = [_parameter(name, f) for name, f in QueueFilter.base_filters.items()]
    params += [
        OpenApiParameter(
            "after",
            OpenApiTypes.STR,
            OpenApiParameter.QUERY,
            description="Cursor: the page after this one (from next).",
        ),
        OpenApiParameter(
            "before",
            OpenApiTypes.STR,
            OpenApiParameter.QUERY,
            description="Cursor: the page before this one (from previous).",
        ),
        OpenApiParameter(
            "page_size",
            {"type": "integer", "minimum": 1, "maximum": MAX_PAGE_SIZE},
            OpenApiParameter.QUERY,
            description=f"Cases per page, 1 to {MAX_PAGE_SIZE} (default {DEFAULT_PAGE_SIZE}).",
        ),
    ]
    return params
