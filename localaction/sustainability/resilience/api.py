"""Resilience's API, under the pages' permissions (permissions.py):

- `/api/hazard-profiles/`: the hazard profiles the reader may see (everyone:
  published profiles of published members; insiders: all of their members'),
  each with its ratings, risk and band; `?member=CODE`, `?year=YYYY`. Editors
  of a member (and its offices) write a profile of a year with its ratings by
  POST: the ratings given are added or replaced, through the pages' services,
  all or none.
- `/api/hazards/`: the hazard vocabulary with the level meanings and its source.
"""

from __future__ import annotations

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.urls import path
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.exceptions import PermissionDenied
from rest_framework.permissions import SAFE_METHODS, BasePermission
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter
from rest_framework.settings import api_settings
from rest_framework.views import APIView

from localaction.api import PublicRead, RefuseNulParameters, refuse_nul_parameters
from localaction.network.models import LocalGovernment
from localaction.network.permissions import local_governments_visible_to
from localaction.sustainability.resilience import permissions, services
from localaction.sustainability.resilience.hazards import vocabulary
from localaction.sustainability.resilience.models import (
    ResilienceHazardProfile,
    ResilienceHazardRating,
)


def _refused(error: DjangoValidationError, *, at: str | None = None) -> serializers.ValidationError:
    detail = serializers.as_serializer_error(error)
    if NON_FIELD_ERRORS in detail:
        detail[api_settings.NON_FIELD_ERRORS_KEY] = detail.pop(NON_FIELD_ERRORS)
    return serializers.ValidationError({at: detail} if at else detail)


class RatingSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="hazard_name", read_only=True)
    risk = serializers.IntegerField(read_only=True, help_text="likelihood × impact, 1–25")
    band = serializers.CharField(read_only=True)

    class Meta:
        model = ResilienceHazardRating
        fields = ["hazard", "name", "likelihood", "impact", "risk", "band", "note"]
        read_only_fields = fields


class ProfileSerializer(serializers.ModelSerializer):
    member = serializers.CharField(source="local_government.code", read_only=True)
    ratings = RatingSerializer(many=True, read_only=True)

    class Meta:
        model = ResilienceHazardProfile
        fields = ["id", "member", "year", "notes", "is_published", "updated_at", "ratings"]
        read_only_fields = fields


class RatingInSerializer(serializers.Serializer):
    hazard = serializers.CharField(max_length=40)
    likelihood = serializers.IntegerField(min_value=1, max_value=5)
    impact = serializers.IntegerField(min_value=1, max_value=5)
    note = serializers.CharField(max_length=500, required=False, default="", allow_blank=True)


class ProfileWriteSerializer(serializers.Serializer):
    """A profile of a year to write, with ratings to add or replace."""

    member = serializers.SlugRelatedField(slug_field="code", queryset=LocalGovernment.objects.all())
    year = serializers.IntegerField(min_value=1900, max_value=2100)
    notes = serializers.CharField(required=False, default="", allow_blank=True, max_length=5000)
    ratings = RatingInSerializer(many=True, required=False, default=list)

    def validate_member(self, value):
        if (
            not local_governments_visible_to(self.context["request"].user)
            .filter(pk=value.pk)
            .exists()
        ):
            raise serializers.ValidationError(f'Object with code="{value.code}" does not exist.')
        return value


class ProfilePermission(BasePermission):
    anonymous_methods = SAFE_METHODS

    def has_permission(self, request, view) -> bool:
        return request.method in SAFE_METHODS or request.user.is_authenticated


class HazardProfileViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Hazard profiles the reader may see, latest first; `?member=CODE`, `?year=YYYY`."""

    permission_classes = [ProfilePermission]
    filter_backends = [RefuseNulParameters]

    def get_serializer_class(self):
        return ProfileWriteSerializer if self.action == "create" else ProfileSerializer

    def get_queryset(self):
        profiles = (
            permissions.profiles_visible_to(self.request.user)
            .select_related("local_government")
            .prefetch_related("ratings")
        )
        member = self.request.query_params.get("member")
        if member:
            profiles = profiles.filter(local_government__code=member)
        year = self.request.query_params.get("year")
        if year:
            if not year.isdigit() or len(year) != 4:
                raise serializers.ValidationError({"year": "A year, e.g. 2024."})
            profiles = profiles.filter(year=int(year))
        return profiles.order_by("-year", "local_government__code", "pk")

    def create(self, request, *args, **kwargs):
        refuse_nul_parameters(request)
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        local_government = data["member"]
        if not permissions.can_edit_resilience(request.user, local_government):
            raise PermissionDenied
        hazards = [rating["hazard"] for rating in data["ratings"]]
        repeated = sorted({hazard for hazard in hazards if hazards.count(hazard) > 1})
        if repeated:
            raise serializers.ValidationError({"ratings": f"Rated twice: {', '.join(repeated)}."})
        with transaction.atomic():
            profile = services.profile_save(
                local_government=local_government, year=data["year"], notes=data["notes"]
            )
            for index, rating in enumerate(data["ratings"]):
                try:
                    services.rating_set(profile=profile, **rating)
                except DjangoValidationError as error:
                    transaction.set_rollback(True)
                    raise _refused(error, at=f"ratings[{index}]") from error
        profile = self.get_queryset().get(pk=profile.pk)
        return Response(ProfileSerializer(profile).data, status=201)


class HazardVocabularyView(APIView):
    """The hazard types, by cluster, with the meanings of the levels and the source."""

    permission_classes = [PublicRead]

    @extend_schema(responses={200: OpenApiTypes.OBJECT})
    def get(self, request):
        refuse_nul_parameters(request)
        words = vocabulary()
        return Response(
            {
                "source": words.source,
                "source_url": words.source_url,
                "likelihood": {str(level): text for level, text in words.likelihood.items()},
                "impact": {str(level): text for level, text in words.impact.items()},
                "hazards": [
                    {"code": h.code, "name": h.name, "cluster": h.cluster}
                    for h in words.hazards.values()
                ],
            }
        )


router = SimpleRouter()
router.register("hazard-profiles", HazardProfileViewSet, basename="hazard-profile")

urlpatterns = [*router.urls]
urlpatterns += [path("hazards/", HazardVocabularyView.as_view(), name="hazards")]
