"""The Ecological Footprint's API, under the pages' permissions (permissions.py):

- `/api/footprints/`: the footprints the reader may see (everyone: verified
  footprints of published members; insiders: all of their members'), filtered
  by `?member=CODE` and `?congress=YEAR`. Editors of a member (and its offices)
  report one by POST (`way`: "study" or "estimate"), through the same services
  as the pages; `POST /api/footprints/{id}/verify/` is the office's verification.
- `/api/footprint-references/national/`, `/api/footprint-references/biocapacity/`,
  `/api/congress-rounds/`: the reference values, public, read only (the
  secretariat enters them on the pages).
- `/api/network-footprint/` (and `/{year}/`): the network's footprint at each
  World Congress, public.
"""

from __future__ import annotations

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.shortcuts import get_object_or_404
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.permissions import SAFE_METHODS, BasePermission
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter
from rest_framework.settings import api_settings

from localaction.api import PublicRead, RefuseNulParameters, refuse_nul_parameters
from localaction.core import footprint as method
from localaction.network.models import LocalGovernment
from localaction.network.permissions import local_governments_visible_to
from localaction.sustainability.footprints import network, permissions, services
from localaction.sustainability.footprints.models import (
    Biocapacity,
    CongressRound,
    Footprint,
    NationalFootprint,
)
from localaction.validators import NumberField


def _refused(error: DjangoValidationError) -> serializers.ValidationError:
    """A service's refusal as a 400, each reason under its field."""
    detail = serializers.as_serializer_error(error)
    if NON_FIELD_ERRORS in detail:
        detail[api_settings.NON_FIELD_ERRORS_KEY] = detail.pop(NON_FIELD_ERRORS)
    return serializers.ValidationError(detail)


class FootprintSerializer(serializers.ModelSerializer):
    member = serializers.CharField(source="local_government.code", read_only=True)
    congress = serializers.IntegerField(source="round.year", read_only=True)
    way = serializers.CharField(source="kind", read_only=True)
    per_person = serializers.FloatField(read_only=True, help_text="gha / person")

    class Meta:
        model = Footprint
        fields = [
            "id",
            "member",
            "congress",
            "way",
            "year",
            "population",
            "total",
            "per_person",
            "by_category",
            "by_land_type",
            "method",
            "source",
            "reference_values",
            "factors",
            "evidence",
            "status",
            "verified_at",
        ]
        read_only_fields = fields


class FootprintReportSerializer(serializers.Serializer):
    """A footprint to report: `way` "study" (total in `unit`, breakdowns in the
    same unit or in % with `parts_in` "percent") or "estimate" (factors and evidence
    per category)."""

    member = serializers.SlugRelatedField(slug_field="code", queryset=LocalGovernment.objects.all())
    congress = serializers.SlugRelatedField(slug_field="year", queryset=CongressRound.objects.all())
    way = serializers.ChoiceField(choices=Footprint.Kind.choices)
    year = serializers.IntegerField(min_value=1900, max_value=2100)
    population = serializers.IntegerField(required=False, min_value=1, max_value=10**10)
    total = NumberField(required=False)
    unit = serializers.CharField(required=False, default="gha", max_length=40)
    parts_in = serializers.ChoiceField(
        choices=[services.PARTS_IN_FIGURES, services.PARTS_IN_PERCENT],
        default=services.PARTS_IN_FIGURES,
    )
    by_category = serializers.DictField(child=NumberField(), required=False, default=dict)
    by_land_type = serializers.DictField(child=NumberField(), required=False, default=dict)
    method = serializers.CharField(required=False, default="", allow_blank=True, max_length=300)
    source = serializers.CharField(required=False, default="", allow_blank=True, max_length=300)
    factors = serializers.DictField(child=NumberField(), required=False, default=dict)
    evidence = serializers.DictField(
        child=serializers.CharField(allow_blank=True, max_length=2000), required=False, default=dict
    )

    def validate_member(self, value):
        if (
            not local_governments_visible_to(self.context["request"].user)
            .filter(pk=value.pk)
            .exists()
        ):
            raise serializers.ValidationError(f'Object with code="{value.code}" does not exist.')
        return value

    def validate(self, data):
        if data["way"] == Footprint.Kind.STUDY and data.get("total") is None:
            raise serializers.ValidationError({"total": "An own study needs its total."})
        for field, kinds in (
            ("by_category", method.CATEGORIES),
            ("by_land_type", method.LAND_TYPES),
            ("factors", method.CATEGORIES),
            ("evidence", method.CATEGORIES),
        ):
            unknown = sorted(set(data.get(field, {})) - set(kinds))
            if unknown:
                raise serializers.ValidationError(
                    {field: f"{', '.join(unknown)}: use {', '.join(kinds)}"}
                )
        return data


class FootprintPermission(BasePermission):
    # Anyone reads (what they may see); writes ask who it is, in the view.
    anonymous_methods = SAFE_METHODS

    def has_permission(self, request, view) -> bool:
        return request.method in SAFE_METHODS or request.user.is_authenticated


class FootprintViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Footprints the reader may see, latest Congress first; `?member=CODE`,
    `?congress=YEAR`."""

    permission_classes = [FootprintPermission]
    filter_backends = [RefuseNulParameters]

    def get_serializer_class(self):
        return FootprintReportSerializer if self.action == "create" else FootprintSerializer

    def get_queryset(self):
        footprints = permissions.footprints_visible_to(self.request.user).select_related(
            "local_government", "round"
        )
        member = self.request.query_params.get("member")
        if member:
            footprints = footprints.filter(local_government__code=member)
        congress = self.request.query_params.get("congress")
        if congress:
            if not congress.isdigit() or len(congress) > 4:
                raise serializers.ValidationError({"congress": "A year, e.g. 2024."})
            footprints = footprints.filter(round__year=int(congress))
        return footprints.order_by("-round__year", "local_government__code", "pk")

    def create(self, request, *args, **kwargs):
        refuse_nul_parameters(request)
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        local_government = data["member"]
        if not permissions.can_report_footprint(request.user, local_government):
            raise PermissionDenied
        common = {
            "local_government": local_government,
            "round": data["congress"],
            "year": data["year"],
            "population": data.get("population"),
            "user": request.user,
        }
        try:
            if data["way"] == Footprint.Kind.STUDY:
                footprint = services.footprint_report_study(
                    **common,
                    total=data["total"],
                    unit=data["unit"],
                    by_category=data["by_category"],
                    by_land_type=data["by_land_type"],
                    parts_in=data["parts_in"],
                    method_name=data["method"],
                    source=data["source"],
                )
            else:
                footprint = services.footprint_report_estimate(
                    **common, factors=data["factors"], evidence=data["evidence"]
                )
        except DjangoValidationError as error:
            raise _refused(error) from error
        except DjangoPermissionDenied as error:
            raise PermissionDenied from error
        return Response(FootprintSerializer(footprint).data, status=201)

    @action(detail=True, methods=["post"], serializer_class=serializers.Serializer)
    def verify(self, request, pk=None):
        """The covering office (or the secretariat) verifies the footprint."""
        footprint = self.get_object()
        try:
            footprint = services.footprint_verify(footprint=footprint, user=request.user)
        except DjangoValidationError as error:
            raise _refused(error) from error
        except DjangoPermissionDenied as error:
            raise PermissionDenied from error
        return Response(FootprintSerializer(footprint).data)


class NationalFootprintSerializer(serializers.ModelSerializer):
    country = serializers.CharField(source="country_id", read_only=True)

    class Meta:
        model = NationalFootprint
        fields = [
            "country",
            "year",
            "per_person",
            "by_category",
            "by_land_type",
            "source",
            "source_url",
            "licence",
            "is_illustrative",
        ]


class NationalFootprintViewSet(viewsets.ReadOnlyModelViewSet):
    """National footprints per person (gha / person), with their sources."""

    permission_classes = [PublicRead]
    serializer_class = NationalFootprintSerializer
    filter_backends = [RefuseNulParameters]

    def get_queryset(self):
        return NationalFootprint.objects.order_by("country_id", "year")


class BiocapacitySerializer(serializers.ModelSerializer):
    class Meta:
        model = Biocapacity
        fields = ["year", "per_person", "source", "source_url", "is_illustrative"]


class BiocapacityViewSet(viewsets.ReadOnlyModelViewSet):
    """The world's biocapacity per person (gha / person) by year, with its source."""

    permission_classes = [PublicRead]
    serializer_class = BiocapacitySerializer
    filter_backends = [RefuseNulParameters]
    queryset = Biocapacity.objects.order_by("year")


class CongressRoundSerializer(serializers.ModelSerializer):
    class Meta:
        model = CongressRound
        fields = ["year", "first_year", "last_year", "meeting"]


class CongressRoundViewSet(viewsets.ReadOnlyModelViewSet):
    """World Congress rounds and their reporting windows."""

    permission_classes = [PublicRead]
    serializer_class = CongressRoundSerializer
    filter_backends = [RefuseNulParameters]
    queryset = CongressRound.objects.order_by("year")
    lookup_field = "year"


def network_data(one: network.RoundFootprint) -> dict:
    figures = one.figures
    return {
        "congress": one.round.year,
        "members": list(figures.members),
        "population": figures.population,
        "total": figures.total,
        "per_person": figures.per_person,
        "biocapacity_per_person": one.biocapacity.per_person if one.biocapacity else None,
        "biocapacity_source": one.biocapacity.source if one.biocapacity else None,
        "earths": figures.earths,
        "by_category": figures.by_category if figures.members_by_category else {},
        "members_by_category": figures.members_by_category,
        "by_land_type": figures.by_land_type if figures.members_by_land_type else {},
        "members_by_land_type": figures.members_by_land_type,
    }


class NetworkFootprintSerializer(serializers.Serializer):
    """The network's footprint at one World Congress (figures in gha, gha / person)."""

    congress = serializers.IntegerField()
    members = serializers.ListField(child=serializers.CharField())
    population = serializers.IntegerField()
    total = serializers.FloatField(help_text="gha")
    per_person = serializers.FloatField(allow_null=True, help_text="gha / person")
    biocapacity_per_person = serializers.FloatField(allow_null=True, help_text="gha / person")
    biocapacity_source = serializers.CharField(allow_null=True)
    earths = serializers.FloatField(allow_null=True)
    by_category = serializers.DictField(child=serializers.FloatField())
    members_by_category = serializers.IntegerField()
    by_land_type = serializers.DictField(child=serializers.FloatField())
    members_by_land_type = serializers.IntegerField()


class NetworkFootprintViewSet(viewsets.GenericViewSet):
    """The network's footprint at each World Congress: members counted (verified
    footprints of published members), total gha, population, population-weighted
    gha per person, world biocapacity per person and number of Earths."""

    permission_classes = [PublicRead]
    serializer_class = NetworkFootprintSerializer
    filter_backends = [RefuseNulParameters]
    pagination_class = None
    lookup_field = "year"
    lookup_value_regex = r"\d{4}"

    def get_queryset(self):
        return CongressRound.objects.order_by("year")

    def list(self, request):
        refuse_nul_parameters(request)
        rows = [network_data(one) for one in network.trend()]
        return Response(self.get_serializer(rows, many=True).data)

    def retrieve(self, request, year=None):
        refuse_nul_parameters(request)
        round = get_object_or_404(CongressRound, year=int(year))
        return Response(self.get_serializer(network_data(network.network_footprint(round))).data)


router = SimpleRouter()
router.register("footprints", FootprintViewSet, basename="footprint")
router.register(
    "footprint-references/national", NationalFootprintViewSet, basename="national-footprint"
)
router.register("footprint-references/biocapacity", BiocapacityViewSet, basename="biocapacity")
router.register("congress-rounds", CongressRoundViewSet, basename="congress-round")
router.register("network-footprint", NetworkFootprintViewSet, basename="network-footprint")

urlpatterns = [*router.urls]
