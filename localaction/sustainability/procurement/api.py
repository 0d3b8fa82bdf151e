"""The procurement API, under the pages' permissions (procurement/permissions.py):
the criteria library and the network's figures for everyone; tenders for those
who see the member's workings, written by its editors through the same service;
the professionals' directory for people signed in."""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.urls import path
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
)
from rest_framework import mixins, serializers, viewsets
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.exceptions import ValidationError as APIValidationError
from rest_framework.permissions import SAFE_METHODS, BasePermission, IsAuthenticated
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter
from rest_framework.views import APIView

from localaction.api import Pagination, RefuseNulParameters
from localaction.network.api import VisibleLocalGovernmentField
from localaction.sustainability.procurement import network, services
from localaction.sustainability.procurement.models import (
    ProcurementCriterion,
    ProcurementProductGroup,
    ProcurementProfessional,
    ProcurementTender,
)
from localaction.sustainability.procurement.permissions import (
    can_edit_procurement,
    insider_local_governments,
)


class ReadOrSignedIn(BasePermission):
    """Anyone reads what they may see; writes need a signed-in person, and the
    view asks whether that person edits the member named."""

    def has_permission(self, request, view) -> bool:
        return request.method in SAFE_METHODS or request.user.is_authenticated


class CriterionSerializer(serializers.ModelSerializer):
    class Meta:
        model = ProcurementCriterion
        fields = ["code", "version", "level", "kind", "text", "verification", "reference"]


class ProductGroupSerializer(serializers.ModelSerializer):
    criteria = serializers.SerializerMethodField()

    class Meta:
        model = ProcurementProductGroup
        fields = ["code", "name", "description", "calculator", "reference", "criteria"]

    @extend_schema_field(CriterionSerializer(many=True))
    def get_criteria(self, group):
        current = [c for c in group.criteria.all() if c.is_current]
        return CriterionSerializer(current, many=True).data


class ProductGroupViewSet(viewsets.ReadOnlyModelViewSet):
    """The criteria library: product groups with their current criteria (public)."""

    serializer_class = ProductGroupSerializer
    permission_classes = [ReadOrSignedIn]
    filter_backends = [RefuseNulParameters]
    lookup_field = "code"
    queryset = ProcurementProductGroup.objects.prefetch_related("criteria")


@extend_schema_field(OpenApiTypes.STR)
class _MemberCode(VisibleLocalGovernmentField):
    """A member's code."""


class TenderSerializer(serializers.ModelSerializer):
    local_government = _MemberCode()
    group = serializers.SlugRelatedField(
        slug_field="code", queryset=ProcurementProductGroup.objects.all()
    )
    criteria = serializers.SlugRelatedField(
        slug_field="code",
        many=True,
        required=False,
        queryset=ProcurementCriterion.objects.current(),
    )
    value = serializers.DecimalField(max_digits=16, decimal_places=2, coerce_to_string=True)
    offered_value = serializers.DecimalField(
        max_digits=16, decimal_places=2, required=False, allow_null=True
    )
    currency = serializers.CharField(max_length=3)
    figures = serializers.DictField(required=False)

    class Meta:
        model = ProcurementTender
        fields = [
            "id",
            "local_government",
            "group",
            "title",
            "reference",
            "value",
            "currency",
            "status",
            "awarded_on",
            "criteria_applied",
            "criteria",
            "supplier",
            "offered_value",
            "figures",
            "co2_saving_kg",
            "cost_saving",
            "grid_factor",
            "note",
        ]
        read_only_fields = ["co2_saving_kg", "cost_saving", "grid_factor"]

    def to_representation(self, instance):
        data = super().to_representation(instance)
        # A tender keeps the versions it applied, even revised ones.
        data["criteria"] = [{"code": c.code, "version": c.version} for c in instance.criteria.all()]
        return data


class TenderViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Members' tenders, for those who see the members' workings;
    `?local_government=CODE`. POST records a tender (the member's editors)."""

    serializer_class = TenderSerializer
    permission_classes = [ReadOrSignedIn]
    filter_backends = [RefuseNulParameters]
    pagination_class = Pagination

    def get_queryset(self):
        tenders = (
            ProcurementTender.objects.filter(
                local_government__in=insider_local_governments(self.request.user)
            )
            .select_related("local_government", "group")
            .prefetch_related("criteria")
        )
        code = self.request.query_params.get("local_government")
        if code:
            tenders = tenders.filter(local_government__code=code)
        return tenders.order_by("local_government__code", "awarded_on", "pk")

    def perform_create(self, serializer) -> None:
        data = dict(serializer.validated_data)
        local_government = data.pop("local_government")
        if not can_edit_procurement(self.request.user, local_government):
            raise PermissionDenied
        try:
            serializer.instance = services.tender_save(local_government=local_government, **data)
        except DjangoValidationError as error:
            raise APIValidationError(serializers.as_serializer_error(error)) from None


class ProfessionalSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="display_name")
    region = serializers.SlugRelatedField(slug_field="code", read_only=True)
    groups = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)
    email = serializers.SerializerMethodField()

    class Meta:
        model = ProcurementProfessional
        fields = ["name", "region", "groups", "organisation", "about", "email"]

    def get_email(self, professional) -> str | None:
        return professional.user.email if professional.show_email else None


class ProfessionalViewSet(viewsets.ReadOnlyModelViewSet):
    """The procurement professionals who opted in, with what they chose to show
    (signed-in people only); `?region=CODE&group=CODE`."""

    serializer_class = ProfessionalSerializer
    permission_classes = [IsAuthenticated]
    filter_backends = [RefuseNulParameters]
    pagination_class = Pagination

    def get_queryset(self):
        people = ProcurementProfessional.objects.select_related("user", "region").prefetch_related(
            "groups"
        )
        if region := self.request.query_params.get("region"):
            people = people.filter(region__code=region)
        if group := self.request.query_params.get("group"):
            people = people.filter(groups__code=group)
        return people.distinct().order_by("pk")


class NetworkSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    currency = serializers.CharField()
    members = serializers.IntegerField()
    tenders = serializers.IntegerField()
    total = serializers.DecimalField(max_digits=20, decimal_places=2)
    green = serializers.DecimalField(max_digits=20, decimal_places=2)
    green_share = serializers.FloatField(allow_null=True)
    co2_saving_t = serializers.FloatField()
    cost_saving = serializers.DecimalField(max_digits=20, decimal_places=2)


class NetworkView(APIView):
    """The network's sustainable procurement in a year (`?year=`, the latest by default)."""

    permission_classes = [ReadOrSignedIn]

    @extend_schema(
        parameters=[OpenApiParameter("year", int, required=False)],
        responses={
            200: NetworkSerializer,
            400: OpenApiResponse(description="Not a year."),
            404: OpenApiResponse(description="No awarded tender of that year (or none at all)."),
        },
    )
    def get(self, request):
        years = network.report_years()
        raw = request.query_params.get("year")
        if raw is None:
            if not years:
                raise NotFound
            year = years[0]
        else:
            try:
                year = int(raw)
            except ValueError:
                raise APIValidationError({"year": ["A year, e.g. 2024."]}) from None
            if year not in years:
                raise NotFound
        return Response(NetworkSerializer(network.network_procurement(year)).data)


router = SimpleRouter()
router.register("procurement/groups", ProductGroupViewSet, basename="procurement-group")
router.register("procurement/tenders", TenderViewSet, basename="procurement-tender")
router.register(
    "procurement/professionals", ProfessionalViewSet, basename="procurement-professional"
)

urlpatterns = [
    path("procurement/network/", NetworkView.as_view(), name="procurement-network"),
    *router.urls,
]
