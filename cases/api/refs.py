"""The town's structure, read-only: departments, communities, grids and intake platforms (ids for filters and forms)."""

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import generics, serializers

from grids.models import Community, Department, Grid, Platform

from .schema import ERRORS


class DepartmentSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="display_name", read_only=True)

    class Meta:
        model = Department
        fields = ["id", "code", "name", "name_en", "is_active", "is_district_station"]


class CommunitySerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="display_name", read_only=True)

    class Meta:
        model = Community
        fields = ["id", "code", "name", "name_en", "kind", "zone"]


class GridSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="display_name", read_only=True)

    class Meta:
        model = Grid
        fields = ["id", "code", "name", "name_en", "tier", "parent", "community"]


class PlatformSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="display_name", read_only=True)

    class Meta:
        model = Platform
        fields = ["id", "code", "name", "name_en", "kind", "department", "community", "address", "is_active"]


class _RefList(generics.ListAPIView):
    """Every row (the town has tens of them, not thousands): no pages."""

    pagination_class = None
    filter_backends = []


@extend_schema_view(get=extend_schema(responses={200: DepartmentSerializer(many=True), **ERRORS}))
class DepartmentList(_RefList):
    queryset = Department.objects.order_by("sort_order", "pk")
    serializer_class = DepartmentSerializer


@extend_schema_view(get=extend_schema(responses={200: CommunitySerializer(many=True), **ERRORS}))
class CommunityList(_RefList):
    queryset = Community.objects.order_by("pk")
    serializer_class = CommunitySerializer


@extend_schema_view(get=extend_schema(responses={200: GridSerializer(many=True), **ERRORS}))
class GridList(_RefList):
    queryset = Grid.objects.order_by("pk")
    serializer_class = GridSerializer


@extend_schema_view(get=extend_schema(responses={200: PlatformSerializer(many=True), **ERRORS}))
class PlatformList(_RefList):
    queryset = Platform.objects.order_by("kind", "code")
    serializer_class = PlatformSerializer
