"""The register's REST API: regions, countries, offices, local governments and memberships.

Who may do what is decided by `localaction.network.permissions` alone; the
permission classes below only ask it. Every queryset starts from what the
person may see, so a record they may not know about is a 404, while a visible
record they may not change is a 403. Serializers run the model's own
`full_clean()`, so the API refuses exactly what the model refuses, with the
model's message under the field concerned.
"""

import copy

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import models, transaction
from django.db.models import Prefetch, ProtectedError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import APIException, PermissionDenied
from rest_framework.permissions import SAFE_METHODS, BasePermission
from rest_framework.response import Response
from rest_framework.settings import api_settings

from localaction.api import RefuseNulParameters
from localaction.network.filters import CountryFilter, LocalGovernmentFilter, MembershipFilter
from localaction.network.models import (
    Country,
    LocalGovernment,
    Membership,
    MembershipCategory,
    Office,
    Region,
)
from localaction.network.permissions import (
    can_add_local_government,
    can_apply_for_membership,
    can_change_jurisdiction,
    can_decide_membership,
    can_delete_local_government,
    can_edit_local_government,
    can_edit_register,
    can_view_local_government,
    local_governments_editable_by,
    local_governments_visible_to,
    memberships_visible_to,
)
from localaction.openapi import Router
from localaction.validators import NumberField

# The codes of LocalGovernment.CODE_VALIDATOR; dots are allowed, unlike in
# DRF's default lookup pattern.
LOCAL_GOVERNMENT_CODE = r"[A-Za-z0-9][A-Za-z0-9._-]*"


class Conflict(APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = _("Other records still refer to this one; change or remove them first.")
    default_code = "conflict"


def named_in_body(request, field: str, queryset):
    """The record that the request body names by code in `field`, if it names one."""
    value = request.data.get(field) if hasattr(request.data, "get") else None
    if not isinstance(value, str):
        return None
    return queryset.filter(code=value).first()


# Permissions: each one asks localaction.network.permissions.


class RegisterPermission(BasePermission):
    """Everyone reads regions, countries and offices; only the secretariat changes them."""

    # Anyone reads (what they may see); writes ask who it is.
    anonymous_methods = SAFE_METHODS

    def has_permission(self, request, view) -> bool:
        return request.method in SAFE_METHODS or can_edit_register(request.user)


class LocalGovernmentPermission(BasePermission):
    # Anyone reads (what they may see); writes ask who it is.
    anonymous_methods = SAFE_METHODS

    def has_permission(self, request, view) -> bool:
        if view.action == "create":
            country = named_in_body(request, "country", Country.objects.all())
            return can_add_local_government(request.user, country)
        return True

    def has_object_permission(self, request, view, obj) -> bool:
        if request.method in SAFE_METHODS:
            return can_view_local_government(request.user, obj)
        if view.action == "destroy":
            return can_delete_local_government(request.user, obj)
        return can_edit_local_government(request.user, obj)


class MembershipPermission(BasePermission):
    # Anyone reads (what they may see); writes ask who it is.
    anonymous_methods = SAFE_METHODS

    def has_permission(self, request, view) -> bool:
        if view.action == "create":
            visible = local_governments_visible_to(request.user)
            local_government = named_in_body(request, "local_government", visible)
            if local_government is None:
                # Nothing (visible) named: those who may apply for some local
                # government get to hear what is wrong with the request.
                return local_governments_editable_by(request.user).exists()
            return can_apply_for_membership(request.user, local_government)
        return True

    def has_object_permission(self, request, view, obj) -> bool:
        if view.action == "move":
            return can_decide_membership(request.user, obj.local_government)
        return request.method in SAFE_METHODS and can_view_local_government(
            request.user, obj.local_government
        )


# Serializers


class ModelCleanSerializer(serializers.ModelSerializer):
    # Validates through the model's full_clean() as well as the fields. (A
    # comment, not a docstring: the schema would show it on every component.)
    # Numbers are JSON numbers: `true` is no 1.0.
    serializer_field_mapping = {
        **serializers.ModelSerializer.serializer_field_mapping,
        models.FloatField: NumberField,
    }

    def validate(self, attrs):
        attrs = super().validate(attrs)
        many_to_many = {field.name for field in self.Meta.model._meta.many_to_many}
        simple = {name: value for name, value in attrs.items() if name not in many_to_many}
        instance = copy.copy(self.instance) if self.instance else self.Meta.model()
        for name, value in simple.items():
            setattr(instance, name, value)
        try:
            instance.full_clean(validate_constraints=False)
            # A database constraint's generic message only when the model's
            # own checks found nothing to explain.
            instance.validate_constraints()
        except DjangoValidationError as error:
            detail = serializers.as_serializer_error(error)
            if NON_FIELD_ERRORS in detail:
                detail[api_settings.NON_FIELD_ERRORS_KEY] = detail.pop(NON_FIELD_ERRORS)
            raise serializers.ValidationError(detail) from error
        # clean() normalises values (an upper-case subdivision, lower-case
        # language codes); store what it made of them.
        return {**attrs, **{name: getattr(instance, name) for name in simple}}


class VisibleLocalGovernmentField(serializers.SlugRelatedField):
    """A local government named by code, among those the person may see."""

    def __init__(self, **kwargs):
        super().__init__(slug_field="code", **kwargs)

    def get_queryset(self):
        return local_governments_visible_to(self.context["request"].user)


class RegionSerializer(ModelCleanSerializer):
    """A world region of the network and the countries in it."""

    url = serializers.HyperlinkedIdentityField(view_name="region-detail", lookup_field="code")
    display_name = serializers.CharField(read_only=True)
    countries = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)

    class Meta:
        model = Region
        fields = ["code", "name", "display_name", "countries", "url"]


class CountrySerializer(serializers.ModelSerializer):
    """An ISO 3166-1 country and the network region it belongs to."""

    url = serializers.HyperlinkedIdentityField(view_name="country-detail", lookup_field="code")
    display_name = serializers.CharField(read_only=True)
    region = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = Country
        fields = ["code", "name", "display_name", "region", "url"]


class OfficeSerializer(ModelCleanSerializer):
    """The World Secretariat, a regional secretariat or a country office, and what it covers."""

    url = serializers.HyperlinkedIdentityField(view_name="office-detail", lookup_field="code")
    country = serializers.SlugRelatedField(
        slug_field="code",
        queryset=Country.objects.all(),
        allow_null=True,
        required=False,
        help_text=_("ISO 3166-1 code of the country where the office has its seat."),
    )
    regions = serializers.SlugRelatedField(
        slug_field="code", queryset=Region.objects.all(), many=True, required=False
    )
    countries = serializers.SlugRelatedField(
        slug_field="code", queryset=Country.objects.all(), many=True, required=False
    )

    class Meta:
        model = Office
        fields = [
            "code",
            "name",
            "kind",
            "city",
            "country",
            "regions",
            "countries",
            "email",
            "website",
            "url",
        ]


class CurrentMembershipSerializer(serializers.Serializer):
    """The latest membership's status and type, as LocalGovernmentQuerySet.with_membership()
    annotates them; null for a local government that never applied."""

    status = serializers.ChoiceField(
        choices=Membership.Status.choices, source="membership_status", read_only=True
    )
    type = serializers.ChoiceField(
        choices=Membership.Type.choices, source="membership_type", read_only=True
    )

    def to_representation(self, instance):
        if instance.membership_status is None:
            return None
        return super().to_representation(instance)


class LocalGovernmentSerializer(ModelCleanSerializer):
    """A city, county, metropolitan area, regional government or association of them."""

    url = serializers.HyperlinkedIdentityField(
        view_name="local-government-detail", lookup_field="code"
    )
    country = serializers.SlugRelatedField(
        slug_field="code",
        queryset=Country.objects.all(),
        help_text=_("ISO 3166-1 alpha-2 code."),
    )
    region = serializers.SlugRelatedField(
        source="country.region",
        slug_field="code",
        read_only=True,
        help_text=_("The network region, from the country."),
    )
    parent = VisibleLocalGovernmentField(
        allow_null=True,
        required=False,
        help_text=_("Code of the larger local government that contains this one."),
    )
    languages = serializers.ListField(
        child=serializers.CharField(),
        required=False,
        help_text=_("ISO 639 codes of the working languages, e.g. de, en."),
    )
    current_membership = CurrentMembershipSerializer(source="*", read_only=True, allow_null=True)

    class Meta:
        model = LocalGovernment
        fields = [
            "code",
            "name",
            "country",
            "region",
            "subdivision",
            "kind",
            "population",
            "population_year",
            "population_growth_percent",
            "area_km2",
            "latitude",
            "longitude",
            "parent",
            "languages",
            "website",
            "is_published",
            "current_membership",
            "url",
        ]

    def validate_parent(self, value: LocalGovernment | None) -> LocalGovernment | None:
        if (
            self.instance is not None
            and value != self.instance.parent
            and not can_change_jurisdiction(self.context["request"].user, self.instance)
        ):
            raise serializers.ValidationError(
                gettext("Only an office that covers this local government may change its parent.")
            )
        return value

    def validate_code(self, value: str) -> str:
        # Imports and commands find local governments by code.
        if self.instance is not None and value != self.instance.code:
            raise serializers.ValidationError(
                gettext("The code is a stable identifier and cannot be changed.")
            )
        return value


class MembershipSerializer(ModelCleanSerializer):
    """A local government's membership of the Association, from application to its end."""

    url = serializers.HyperlinkedIdentityField(view_name="membership-detail")
    local_government = VisibleLocalGovernmentField(
        help_text=_("Code of the local government applying.")
    )
    approved_by = serializers.SlugRelatedField(
        slug_field="username",
        read_only=True,
        allow_null=True,
        help_text=_("Shown to those who may edit the local government, like the note."),
    )
    category = serializers.SlugRelatedField(
        slug_field="code",
        queryset=MembershipCategory.objects.all(),
        required=False,
        help_text=_(
            "Code of the membership category, one of the membership type's (it says whether "
            "the member votes and how its dues are set). Left out, the type's default."
        ),
    )

    class Meta:
        model = Membership
        fields = [
            "id",
            "url",
            "local_government",
            "type",
            "category",
            "status",
            "applied_on",
            "approved_on",
            "started_on",
            "ended_on",
            "approved_by",
            "note",
        ]
        # An application is always `applied`, today; the dates and later
        # statuses come from the move action.
        read_only_fields = ["status", "applied_on", "approved_on", "started_on", "ended_on"]
        # full_clean() checks the one-open-membership rule, with its own message.
        validators = []

    def to_representation(self, membership):
        data = super().to_representation(membership)
        # The applicant's note and the approver are for the local government's
        # own people and its offices, as on its page.
        if not can_edit_local_government(self.context["request"].user, membership.local_government):
            data.pop("note")
            data["approved_by"] = None
        return data


class MoveSerializer(serializers.Serializer):
    """The status a membership moves to."""

    status = serializers.ChoiceField(
        choices=Membership.Status.choices, help_text=_("The status to move the membership to.")
    )


# Views


class ProtectedDestroyMixin:
    conflicts_on_delete = True  # the schema documents the 409

    def perform_destroy(self, instance) -> None:
        try:
            instance.delete()
        except ProtectedError as error:
            raise Conflict(
                gettext("“%(name)s” cannot be deleted: %(count)d other records refer to it.")
                % {"name": instance, "count": len(error.protected_objects)}
            ) from error


class RegionViewSet(ProtectedDestroyMixin, viewsets.ModelViewSet):
    """World regions. Everyone reads them; the secretariat changes them."""

    queryset = Region.objects.prefetch_related(
        Prefetch("countries", queryset=Country.objects.only("code", "region"))
    )
    serializer_class = RegionSerializer
    permission_classes = [RegisterPermission]
    lookup_field = "code"
    filter_backends = []


class CountryViewSet(viewsets.ReadOnlyModelViewSet):
    """ISO 3166-1 countries and their regions (moved between regions in the admin)."""

    queryset = Country.objects.select_related("region")
    serializer_class = CountrySerializer
    permission_classes = [RegisterPermission]
    lookup_field = "code"
    lookup_value_regex = "[A-Za-z]{2}"
    filter_backends = [RefuseNulParameters, DjangoFilterBackend]
    filterset_class = CountryFilter


class OfficeViewSet(ProtectedDestroyMixin, viewsets.ModelViewSet):
    """Offices and the regions and countries they cover. The secretariat changes them."""

    queryset = Office.objects.select_related("country").prefetch_related("regions", "countries")
    serializer_class = OfficeSerializer
    permission_classes = [RegisterPermission]
    lookup_field = "code"
    filter_backends = []


class LocalGovernmentViewSet(ProtectedDestroyMixin, viewsets.ModelViewSet):
    """Local governments: published ones for everyone, unpublished ones for their own
    people and the offices covering them. Editors, covering office staff and the
    secretariat change them; office staff add them where they cover; the secretariat
    deletes them."""

    serializer_class = LocalGovernmentSerializer
    permission_classes = [LocalGovernmentPermission]
    lookup_field = "code"
    lookup_value_regex = LOCAL_GOVERNMENT_CODE
    # One way to filter, search and order: the FilterSet the directory uses too.
    filter_backends = [RefuseNulParameters, DjangoFilterBackend]
    filterset_class = LocalGovernmentFilter

    def get_queryset(self):
        return (
            local_governments_visible_to(self.request.user)
            .select_related("country__region", "parent")
            .with_membership()
        )

    def perform_create(self, serializer) -> None:
        if not can_add_local_government(self.request.user, serializer.validated_data["country"]):
            raise PermissionDenied
        self._save_and_reload(serializer)

    def perform_update(self, serializer) -> None:
        country = serializer.validated_data.get("country", serializer.instance.country)
        # Moving a local government to another country is adding it there.
        if country != serializer.instance.country and not can_add_local_government(
            self.request.user, country
        ):
            raise PermissionDenied
        self._save_and_reload(serializer)

    def _save_and_reload(self, serializer) -> None:
        # Answer with the stored record, annotated as in the list.
        instance = serializer.save()
        serializer.instance = self.get_queryset().get(pk=instance.pk)


@extend_schema_view(
    move=extend_schema(
        summary="Move a membership to another status",
        description="Applies the Association's rules (Membership.TRANSITIONS); approving "
        "stamps the approver and date. For the offices covering the local government.",
        request=MoveSerializer,
        responses={
            200: MembershipSerializer,
            400: OpenApiResponse(description="The transition is not allowed."),
            403: OpenApiResponse(description="Not for this person to decide."),
        },
    )
)
class MembershipViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Memberships; creating one applies for membership. Statuses change only by `move`."""

    serializer_class = MembershipSerializer
    permission_classes = [MembershipPermission]
    filter_backends = [RefuseNulParameters, DjangoFilterBackend]
    filterset_class = MembershipFilter

    def get_queryset(self):
        return memberships_visible_to(self.request.user).select_related(
            "local_government__country", "approved_by", "category"
        )

    def perform_create(self, serializer) -> None:
        local_government = serializer.validated_data["local_government"]
        if not can_apply_for_membership(self.request.user, local_government):
            raise PermissionDenied
        serializer.save().tell_offices_of_application()

    @action(detail=True, methods=["post"], serializer_class=MoveSerializer)
    def move(self, request, pk=None):
        membership = self.get_object()
        move = self.get_serializer(data=request.data)
        move.is_valid(raise_exception=True)
        try:
            with transaction.atomic():
                membership.move_to(move.validated_data["status"], by=request.user)
        except DjangoValidationError as error:
            # Whatever stops a move concerns the status asked for.
            raise serializers.ValidationError({"status": error.messages}) from error
        return Response(
            MembershipSerializer(membership, context=self.get_serializer_context()).data
        )


router = Router()
router.register("regions", RegionViewSet, basename="region")
router.register("countries", CountryViewSet, basename="country")
router.register("offices", OfficeViewSet, basename="office")
router.register("local-governments", LocalGovernmentViewSet, basename="local-government")
router.register("memberships", MembershipViewSet, basename="membership")
