"""The town's structure, read-only: departments, communities, grids and intake platforms (ids for filters and forms)."""

from rest_framework import generics, serializers

from grids.models import Community, Department, Grid, Platform


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


class DepartmentList(_RefList):
    queryset = Department.objects.order_by("sort_order", "pk")
    serializer_class = DepartmentSerializer


class CommunityList(_RefList):
    queryset = Community.objects.order_by("pk")
    serializer_class = CommunitySerializer


class GridList(_RefList):
    queryset = Grid.objects.order_by("pk")
    serializer_class = GridSerializer


class PlatformList(_RefList):
    queryset = Platform.objects.order_by("kind", "code")
    serializer_class = PlatformSerializer
