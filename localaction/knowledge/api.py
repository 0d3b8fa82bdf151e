"""The knowledge API, under the pages' permissions (knowledge/permissions.py):
published case studies and publications for everyone (contacts only for
people signed in as members' or offices' staff); drafts, writing, submitting
and reviewing for those the pages allow, through the same services."""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from djmoney.money import Money
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
)
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.exceptions import ValidationError as APIValidationError
from rest_framework.generics import get_object_or_404  # a malformed id is a 404
from rest_framework.permissions import SAFE_METHODS, BasePermission
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter

from localaction.api import Pagination, PublicRead, RefuseNulParameters
from localaction.campaigns.models import Campaign
from localaction.core import gpc
from localaction.knowledge import services
from localaction.knowledge.models import (
    CaseStudy,
    CaseStudyFigure,
    Publication,
    PublicationFile,
    ReviewState,
)
from localaction.knowledge.permissions import (
    can_edit_case_study,
    can_review_case_study,
    can_see_drafts,
    may_see_contacts,
)
from localaction.network.api import VisibleLocalGovernmentField


class ReadOrSignedIn(BasePermission):
    """Anyone reads what is published; writes need a signed-in person, and the
    service asks whether that person writes or reviews the case study."""

    def has_permission(self, request, view) -> bool:
        return request.method in SAFE_METHODS or request.user.is_authenticated


class CostSerializer(serializers.Serializer):
    amount = serializers.DecimalField(max_digits=16, decimal_places=2, min_value=0)
    currency = serializers.CharField(max_length=3)


class FigureSerializer(serializers.Serializer):
    label = serializers.CharField(max_length=200)
    kind = serializers.ChoiceField(choices=CaseStudyFigure.Kind.choices)
    record = serializers.IntegerField(
        min_value=1, write_only=True, help_text="The id of the action, target or inventory."
    )
    value = serializers.FloatField(
        read_only=True, allow_null=True, help_text="As the data says now; null if not public."
    )
    unit = serializers.CharField(read_only=True)
    context = serializers.CharField(read_only=True)


class ContactSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=200)
    role = serializers.CharField(max_length=200, required=False, allow_blank=True)
    email = serializers.EmailField()


class CaseStudySerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    title = serializers.CharField(max_length=200)
    slug = serializers.CharField(read_only=True)
    language = serializers.CharField(read_only=True)
    translation_key = serializers.UUIDField(read_only=True)
    lead = serializers.CharField(source="lead.code", read_only=True)
    members = serializers.ListField(
        child=serializers.CharField(),
        source="other_member_codes",
        read_only=True,
        help_text="The other members' codes.",
    )
    place = serializers.CharField(max_length=200, required=False, allow_blank=True)
    campaigns = serializers.SlugRelatedField(
        slug_field="code", many=True, required=False, queryset=Campaign.objects.all()
    )
    sectors = serializers.ListField(
        child=serializers.ChoiceField(choices=[s.ref for s in gpc.SECTORS]), required=False
    )
    summary = serializers.CharField(max_length=1000)
    problem = serializers.CharField(required=False, allow_blank=True, help_text="Rich text (HTML)")
    approach = serializers.CharField(required=False, allow_blank=True, help_text="Rich text (HTML)")
    lessons = serializers.CharField(required=False, allow_blank=True, help_text="Rich text (HTML)")
    cost = CostSerializer(required=False, allow_null=True)
    funding = serializers.CharField(max_length=300, required=False, allow_blank=True)
    go_live_at = serializers.DateTimeField(required=False, allow_null=True)
    live = serializers.BooleanField(read_only=True)
    first_published_at = serializers.DateTimeField(read_only=True)
    figures = FigureSerializer(many=True, required=False)
    contacts = ContactSerializer(many=True, required=False)
    url = serializers.CharField(source="get_absolute_url", read_only=True)

    def to_representation(self, instance):
        data = super().to_representation(instance)
        data["cost"] = (
            {"amount": f"{instance.cost.amount:.2f}", "currency": str(instance.cost.currency)}
            if instance.cost is not None
            else None
        )
        data["figures"] = [
            dict(
                zip(
                    ("label", "kind", "value", "unit", "context"),
                    (f.label, f.kind, *f.reading()),
                    strict=True,
                )
            )
            for f in instance.figures.all()
        ]
        request = self.context.get("request")
        if request is None or not may_see_contacts(request.user):
            data["contacts"] = None
        return data

    def service_arguments(self) -> dict:
        data = dict(self.validated_data)
        arguments = {
            "campaigns": data.pop("campaigns", None),
            "figures": None,
            "contacts": None,
        }
        if "figures" in data:
            arguments["figures"] = [
                {"label": f["label"], "kind": f["kind"], f"{f['kind']}_id": f["record"]}
                for f in data.pop("figures")
            ]
        if "contacts" in data:
            arguments["contacts"] = [dict(c) for c in data.pop("contacts")]
        if "cost" in data:
            cost = data.pop("cost")
            data["cost"] = Money(cost["amount"], cost["currency"]) if cost else None
        arguments["data"] = data
        return arguments


@extend_schema_field(OpenApiTypes.STR)
class _MemberCode(VisibleLocalGovernmentField):
    """A member's code."""


class NewCaseStudySerializer(CaseStudySerializer):
    lead_member = _MemberCode(write_only=True)
    other_members = serializers.ListField(child=_MemberCode(), write_only=True, required=False)
    language_code = serializers.ChoiceField(
        choices=["en", "es", "fr", "pt"], write_only=True, default="en"
    )


class ReviewSerializer(serializers.Serializer):
    decision = serializers.ChoiceField(choices=["approve", "return"])
    comment = serializers.CharField(required=False, allow_blank=True, max_length=2000)
    go_live_at = serializers.DateTimeField(required=False, allow_null=True)


class ReviewStateSerializer(serializers.Serializer):
    """Where the case study stands in its review (models.ReviewState)."""

    status = serializers.ChoiceField(choices=ReviewState.Status.choices)
    comment = serializers.CharField()
    submitted_at = serializers.DateTimeField(allow_null=True)
    decided_at = serializers.DateTimeField(allow_null=True)


def _refusal(error: DjangoValidationError) -> APIValidationError:
    return APIValidationError(serializers.as_serializer_error(error))


@extend_schema(
    parameters=[
        OpenApiParameter("language", str, description="Only case studies in this language.")
    ]
)
class CaseStudyViewSet(viewsets.GenericViewSet):
    """Published case studies (their live version) for everyone. Writers
    (editors of a member, offices covering it) create, edit (a new draft
    revision), read the draft and submit; offices covering the lead member
    review (approve or return)."""

    serializer_class = CaseStudySerializer
    permission_classes = [ReadOrSignedIn]
    filter_backends = [RefuseNulParameters]
    pagination_class = Pagination
    queryset = CaseStudy.objects.none()

    def get_queryset(self):
        found = (
            CaseStudy.objects.published()
            .select_related("lead", "locale")
            .prefetch_related("members", "campaigns", "figures", "contacts")
            .order_by("pk")
        )
        if language := self.request.query_params.get("language"):
            found = found.filter(locale__language_code=language)
        return found

    def _stored(self, pk) -> CaseStudy:
        case_study = get_object_or_404(CaseStudy, pk=pk)
        if not case_study.live and not can_see_drafts(self.request.user, case_study):
            raise NotFound
        return case_study

    def list(self, request):
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    def retrieve(self, request, pk=None):
        return Response(self.get_serializer(get_object_or_404(self.get_queryset(), pk=pk)).data)

    @extend_schema(request=NewCaseStudySerializer, responses={201: CaseStudySerializer})
    def create(self, request):
        serializer = NewCaseStudySerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        lead = serializer.validated_data.pop("lead_member")
        members = serializer.validated_data.pop("other_members", [])
        language = serializer.validated_data.pop("language_code")
        arguments = serializer.service_arguments()
        try:
            # The service's PermissionDenied is DRF's 403 too.
            created = services.case_study_create(
                by=request.user,
                lead=lead,
                language=language,
                members=members,
                data=arguments["data"],
                campaigns=arguments["campaigns"] or [],
                figures=arguments["figures"] or [],
                contacts=arguments["contacts"] or [],
            )
        except DjangoValidationError as error:
            raise _refusal(error) from None
        return Response(self.get_serializer(services.editable_version(created)).data, status=201)

    @extend_schema(request=CaseStudySerializer, responses={200: CaseStudySerializer})
    def partial_update(self, request, pk=None):
        case_study = self._stored(pk)
        if not can_edit_case_study(request.user, case_study):
            raise PermissionDenied
        serializer = self.get_serializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        arguments = serializer.service_arguments()
        try:
            draft = services.case_study_edit(case_study, by=request.user, **arguments)
        except DjangoValidationError as error:
            raise _refusal(error) from None
        return Response(self.get_serializer(draft).data)

    @extend_schema(
        responses={200: CaseStudySerializer, 404: OpenApiResponse(description="Not found")}
    )
    @action(detail=True, methods=["get"])
    def draft(self, request, pk=None):
        """The latest revision, for those who write or review the case study."""
        case_study = get_object_or_404(CaseStudy, pk=pk)
        if not can_see_drafts(request.user, case_study):
            raise NotFound
        return Response(self.get_serializer(services.editable_version(case_study)).data)

    @extend_schema(request=None, responses={200: ReviewStateSerializer})
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        """Send the latest revision to the offices covering the lead member."""
        case_study = self._stored(pk)
        if not can_edit_case_study(request.user, case_study):
            raise PermissionDenied
        try:
            review = services.case_study_submit(case_study, by=request.user)
        except DjangoValidationError as error:
            raise _refusal(error) from None
        return Response(ReviewStateSerializer(review).data)

    @extend_schema(request=ReviewSerializer, responses={200: ReviewStateSerializer})
    @action(detail=True, methods=["post"])
    def review(self, request, pk=None):
        """Approve (publish now, or at go_live_at) or return with a comment."""
        case_study = self._stored(pk)
        if not can_review_case_study(request.user, case_study):
            raise PermissionDenied
        serializer = ReviewSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        chosen = serializer.validated_data
        try:
            if chosen["decision"] == "approve":
                review = services.case_study_approve(
                    case_study,
                    by=request.user,
                    comment=chosen.get("comment", ""),
                    go_live_at=chosen.get("go_live_at"),
                )
            else:
                review = services.case_study_return(
                    case_study, by=request.user, comment=chosen.get("comment", "")
                )
        except DjangoValidationError as error:
            raise _refusal(error) from None
        return Response(ReviewStateSerializer(review).data)


class PublicationFileSerializer(serializers.ModelSerializer):
    url = serializers.CharField(source="get_absolute_url", read_only=True)

    class Meta:
        model = PublicationFile
        fields = ["language", "downloads", "url"]


class PublicationSerializer(serializers.ModelSerializer):
    series = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    series_kind = serializers.CharField(source="series.kind", read_only=True)
    issn = serializers.CharField(source="series.issn", read_only=True)
    language = serializers.CharField(read_only=True)
    campaigns = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)
    files = PublicationFileSerializer(many=True, read_only=True)
    url = serializers.CharField(source="get_absolute_url", read_only=True)

    class Meta:
        model = Publication
        fields = [
            "id",
            "series",
            "series_kind",
            "issn",
            "title",
            "slug",
            "number",
            "volume",
            "published_on",
            "isbn",
            "authors",
            "abstract",
            "language",
            "translation_key",
            "campaigns",
            "files",
            "url",
        ]


class PublicationViewSet(viewsets.ReadOnlyModelViewSet):
    """Published publications with their files by language and download counts."""

    serializer_class = PublicationSerializer
    permission_classes = [PublicRead]
    filter_backends = [RefuseNulParameters]
    pagination_class = Pagination

    def get_queryset(self):
        return (
            Publication.objects.published()
            .select_related("series", "locale")
            .prefetch_related("campaigns", "files")
            .order_by("pk")
        )


router = SimpleRouter()
router.register("knowledge/case-studies", CaseStudyViewSet, basename="knowledge-case-study")
router.register("knowledge/publications", PublicationViewSet, basename="knowledge-publication")
urlpatterns = router.urls
