"""The biodiversity network's API, under the pages' permissions:

- `/api/biodiversity-commitments/`: the commitments the reader may see
  (everyone: active and fulfilled commitments of published members;
  insiders: all of their members'); `?member=CODE`. Editors of a member (and
  its offices) record one by POST, through the pages' service.
"""

from __future__ import annotations

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import mixins, serializers, viewsets
from rest_framework.exceptions import PermissionDenied
from rest_framework.permissions import SAFE_METHODS, BasePermission
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter
from rest_framework.settings import api_settings

from localaction.api import RefuseNulParameters, refuse_nul_parameters
from localaction.network.models import LocalGovernment
from localaction.network.permissions import local_governments_visible_to
from localaction.sustainability.biodiversity import permissions, services
from localaction.sustainability.biodiversity.models import AREAS, BiodiversityCommitment


class CommitmentSerializer(serializers.ModelSerializer):
    member = serializers.CharField(source="local_government.code", read_only=True)

    class Meta:
        model = BiodiversityCommitment
        fields = [
            "id",
            "member",
            "kind",
            "title",
            "statement",
            "adopted_on",
            "council_decision",
            "decision_url",
            "areas",
            "status",
            "updated_at",
        ]
        read_only_fields = fields


class CommitmentWriteSerializer(serializers.Serializer):
    member = serializers.SlugRelatedField(slug_field="code", queryset=LocalGovernment.objects.all())
    kind = serializers.ChoiceField(choices=BiodiversityCommitment.Kind.choices)
    title = serializers.CharField(max_length=200)
    statement = serializers.CharField(
        required=False, default="", allow_blank=True, max_length=10000
    )
    adopted_on = serializers.DateField()
    council_decision = serializers.CharField(max_length=200)
    decision_url = serializers.URLField(required=False, default="", allow_blank=True)
    areas = serializers.ListField(
        child=serializers.ChoiceField(choices=list(AREAS)), allow_empty=False
    )
    status = serializers.ChoiceField(
        choices=BiodiversityCommitment.Status.choices, default=BiodiversityCommitment.Status.ACTIVE
    )

    def validate_member(self, value):
        if (
            not local_governments_visible_to(self.context["request"].user)
            .filter(pk=value.pk)
            .exists()
        ):
            raise serializers.ValidationError(f'Object with code="{value.code}" does not exist.')
        return value


class CommitmentPermission(BasePermission):
    anonymous_methods = SAFE_METHODS

    def has_permission(self, request, view) -> bool:
        return request.method in SAFE_METHODS or request.user.is_authenticated


class CommitmentViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Biodiversity commitments the reader may see; `?member=CODE`."""

    permission_classes = [CommitmentPermission]
    filter_backends = [RefuseNulParameters]

    def get_serializer_class(self):
        return CommitmentWriteSerializer if self.action == "create" else CommitmentSerializer

    def get_queryset(self):
        commitments = permissions.commitments_visible_to(self.request.user).select_related(
            "local_government"
        )
        member = self.request.query_params.get("member")
        if member:
            commitments = commitments.filter(local_government__code=member)
        return commitments.order_by("local_government__code", "-adopted_on", "pk")

    def create(self, request, *args, **kwargs):
        refuse_nul_parameters(request)
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        local_government = data.pop("member")
        if not permissions.can_edit_biodiversity(request.user, local_government):
            raise PermissionDenied
        try:
            commitment = services.commitment_save(local_government=local_government, **data)
        except DjangoValidationError as error:
            detail = serializers.as_serializer_error(error)
            if NON_FIELD_ERRORS in detail:
                detail[api_settings.NON_FIELD_ERRORS_KEY] = detail.pop(NON_FIELD_ERRORS)
            raise serializers.ValidationError(detail) from error
        return Response(CommitmentSerializer(commitment).data, status=201)


router = SimpleRouter()
router.register("biodiversity-commitments", CommitmentViewSet, basename="biodiversity-commitment")

urlpatterns = [*router.urls]
