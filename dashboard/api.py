"""The dashboard's figures through the API, read-only, by the dashboard's own reads (the same scope and rules)."""

from django.core.exceptions import PermissionDenied
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from cases import clock
from cases.api.schema import ERRORS

from . import grouping, selectors
from .forms import FILTERS, read_params


class CountSerializer(serializers.Serializer):
    label = serializers.CharField()
    count = serializers.IntegerField()
    code = serializers.CharField()
    share = serializers.FloatField(allow_null=True)


class RateSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    numerator = serializers.IntegerField()
    denominator = serializers.IntegerField()
    value = serializers.FloatField(allow_null=True)
    grade = serializers.CharField(allow_null=True)


class NowSerializer(serializers.Serializer):
    label = serializers.CharField()
    overdue = serializers.IntegerField()
    due_soon = serializers.IntegerField()
    past_tier_target = serializers.IntegerField()


class TrendSerializer(serializers.Serializer):
    start = serializers.DateField()
    end = serializers.DateField()
    label = serializers.CharField()
    received = serializers.IntegerField()
    closed = serializers.IntegerField()


class DashboardSerializer(serializers.Serializer):
    start = serializers.DateField(source="params.period.start")
    end = serializers.DateField(source="params.period.end")
    filters = serializers.DictField(child=serializers.CharField(), source="params.filters")
    problems = serializers.ListField(child=serializers.CharField(), source="params.problems")
    source = serializers.CharField(help_text="rollup or cases: where the numbers were counted from.")
    waiting_days = serializers.IntegerField(help_text="Days of the period changed since the rollup counted them.")
    intake_total = serializers.IntegerField(source="intake_total.count")
    not_accepted = serializers.IntegerField(source="not_accepted.count")
    closed_total = serializers.IntegerField(source="closed_total.count")
    left_town = serializers.IntegerField(source="left_town.count")
    rates = RateSerializer(many=True)
    by_channel = CountSerializer(many=True)
    by_platform = CountSerializer(many=True)
    tiers = CountSerializer(many=True)
    now = NowSerializer(many=True, source="now_rows")
    trend = TrendSerializer(many=True)


class DashboardView(APIView):
    @extend_schema(
        operation_id="dashboard_retrieve",
        parameters=[
            OpenApiParameter(
                "period", OpenApiTypes.STR, description="30d (default), week, month, quarter, year or custom."
            ),
            OpenApiParameter("from", OpenApiTypes.DATE, description="First day of a custom period."),
            OpenApiParameter("to", OpenApiTypes.DATE, description="Last day of a custom period."),
            *[OpenApiParameter(name, OpenApiTypes.STR, description=f"Filter: {name} id or code.") for name in FILTERS],
        ],
        responses={200: DashboardSerializer, **ERRORS},
        description=(
            "The town office dashboard's figures for the period and filters, as /dashboard/ shows them to this "
            "person (department heads: their department only). A bad value is left out and named in `problems`."
        ),
    )
    def get(self, request: Request) -> Response:
        scope = selectors.scope_for(request.user)
        if scope is None:
            raise PermissionDenied
        today = clock.today()
        refs = selectors.refs_load()
        locked = str(scope.department.pk) if scope.department is not None else ""
        params, _form = read_params(request.query_params, refs=refs, today=today, locked_department=locked)
        with grouping.analytics():
            d = selectors.dashboard(scope, params, refs, today)
        return Response(DashboardSerializer(d).data)
