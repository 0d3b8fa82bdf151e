"""The projects' API, under the pages' rules (projects/permissions.py): every
project the person may see, in full for its people (team, offices' staff,
secretariat) and as a summary for everyone else (title, kind, period, offices,
status, public outputs: no budget, no team, no proposals); deliverable status
updates for the team; an office's proposals for its staff, decided through the
same services as the pages."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_field
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.exceptions import ValidationError as APIValidationError
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter

from localaction.api import Pagination, PublicRead, RefuseNulParameters
from localaction.projects import permissions, services
from localaction.projects.models import (
    Deliverable,
    Output,
    Project,
    Proposal,
    TeamMember,
    WorkPackage,
)


def _refusal(error: DjangoValidationError) -> APIValidationError:
    return APIValidationError(serializers.as_serializer_error(error))


class ProjectMoneySerializer(serializers.Serializer):
    """An amount and its currency (the component ProjectMoney)."""

    amount = serializers.DecimalField(max_digits=14, decimal_places=2)
    currency = serializers.CharField()


def _money(value) -> dict | None:
    if value is None:
        return None
    return {"amount": f"{value.amount:.2f}", "currency": str(value.currency)}


class OutputSerializer(serializers.ModelSerializer):
    campaigns = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)
    publications = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

    class Meta:
        model = Output
        fields = ["id", "title", "kind", "description", "campaigns", "instruments",
                  "publications", "is_public"]  # fmt: skip


class WorkPackageSerializer(serializers.ModelSerializer):
    lead_office = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = WorkPackage
        fields = ["number", "title", "lead_office", "starts_on", "ends_on"]


class DeliverableSerializer(serializers.ModelSerializer):
    work_package = serializers.SerializerMethodField()
    shown_status = serializers.CharField(
        read_only=True, help_text="planned, in-progress, delivered, or late (past due)."
    )

    class Meta:
        model = Deliverable
        fields = ["id", "title", "kind", "work_package", "due_on", "status", "shown_status",
                  "delivered_on", "publication"]  # fmt: skip

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_work_package(self, deliverable) -> int | None:
        return deliverable.work_package.number if deliverable.work_package_id else None


class TeamMemberSerializer(serializers.ModelSerializer):
    person = serializers.CharField(source="person.username")
    office = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = TeamMember
        fields = ["person", "office", "role", "discipline"]


class ProjectDetailSerializer(serializers.Serializer):
    """What the project's people see beyond the summary."""

    funder = serializers.CharField()
    budget = ProjectMoneySerializer(allow_null=True)
    partners = serializers.ListField(child=serializers.CharField())
    pilot_members = serializers.ListField(child=serializers.CharField())
    campaigns = serializers.ListField(child=serializers.CharField())
    instruments = serializers.ListField(child=serializers.CharField())
    team = TeamMemberSerializer(many=True)
    work_packages = WorkPackageSerializer(many=True)
    deliverables = DeliverableSerializer(many=True)
    proposals = serializers.ListField(child=serializers.IntegerField())


class ProjectSerializer(serializers.ModelSerializer):
    lead_office = serializers.SlugRelatedField(slug_field="code", read_only=True)
    offices = serializers.SerializerMethodField()
    outputs = serializers.SerializerMethodField()
    detail = serializers.SerializerMethodField(
        help_text="Only for the project's team, offices' staff and the secretariat; "
        "null in a summary."
    )

    class Meta:
        model = Project
        fields = ["id", "slug", "title", "kind", "status", "summary", "starts_on", "ends_on",
                  "lead_office", "offices", "is_public", "outputs", "detail"]  # fmt: skip

    def _full(self, project) -> bool:
        return project.pk in self.context["in_full"]

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_offices(self, project) -> list[str]:
        return [office.code for office in project.all_offices()]

    @extend_schema_field(OutputSerializer(many=True))
    def get_outputs(self, project):
        outputs = project.outputs.prefetch_related("campaigns", "publications")
        if not self._full(project):
            outputs = outputs.filter(is_public=True)
        return OutputSerializer(outputs, many=True).data

    @extend_schema_field(ProjectDetailSerializer(allow_null=True))
    def get_detail(self, project):
        if not self._full(project):
            return None
        return {
            "funder": project.funder_name,
            "budget": _money(project.budget),
            "partners": [p.name for p in project.partners.all()],
            "pilot_members": [lg.code for lg in project.pilot_members.order_by("code")],
            "campaigns": [c.code for c in project.campaigns.all()],
            "instruments": project.instruments,
            "team": TeamMemberSerializer(
                project.team.select_related("person", "office"), many=True
            ).data,
            "work_packages": WorkPackageSerializer(
                project.work_packages.select_related("lead_office"), many=True
            ).data,
            "deliverables": DeliverableSerializer(
                project.deliverables.select_related("work_package"), many=True
            ).data,
            "proposals": list(project.proposals.values_list("pk", flat=True)),
        }


class ProjectViewSet(viewsets.ReadOnlyModelViewSet):
    """Projects: the public ones for anyone, every one for office staff; each in
    full for its people, as a summary (`detail` null) for the others."""

    serializer_class = ProjectSerializer
    permission_classes = [PublicRead]
    filter_backends = [RefuseNulParameters]
    pagination_class = Pagination
    lookup_field = "slug"

    def get_queryset(self):
        return (
            permissions.visible_projects(self.request.user)
            .select_related("lead_office", "funder_organisation")
            .order_by("-starts_on", "title")
        )

    def get_serializer_context(self):
        context = super().get_serializer_context()
        context["in_full"] = set(
            permissions.projects_in_full(self.request.user).values_list("pk", flat=True)
        )
        return context


class DeliverableStatusSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=Deliverable.Status.choices)
    delivered_on = serializers.DateField(required=False, allow_null=True)


class DeliverableViewSet(viewsets.ReadOnlyModelViewSet):
    """The deliverables of the projects the person sees in full; the team updates their status."""

    lookup_value_regex = "[0-9]+"  # an id: anything else is no address

    serializer_class = DeliverableSerializer
    permission_classes = [IsAuthenticated]
    filter_backends = [RefuseNulParameters]
    pagination_class = Pagination
    queryset = Deliverable.objects.none()

    def get_queryset(self):
        return permissions.visible_deliverables(self.request.user).select_related(
            "work_package", "project"
        )

    @extend_schema(
        request=DeliverableStatusSerializer,
        responses={
            200: DeliverableSerializer,
            400: OpenApiResponse(description="A delivery date missing, given or in the future."),
            403: OpenApiResponse(description="Not on the project's team nor its lead office."),
        },
    )
    @action(detail=True, methods=["post"])
    def status(self, request, pk=None):
        deliverable = self.get_object()
        data = DeliverableStatusSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            deliverable = services.deliverable_set_status(
                deliverable=deliverable,
                status=data.validated_data["status"],
                delivered_on=data.validated_data.get("delivered_on"),
                by=request.user,
            )
        except DjangoValidationError as error:
            raise _refusal(error) from None
        except DjangoPermissionDenied:
            raise PermissionDenied from None
        return Response(DeliverableSerializer(deliverable).data)


class ProposalSerializer(serializers.ModelSerializer):
    office = serializers.SlugRelatedField(slug_field="code", read_only=True)
    amount = serializers.SerializerMethodField()
    awarded = serializers.SerializerMethodField()
    project = serializers.SlugRelatedField(slug_field="slug", read_only=True)

    class Meta:
        model = Proposal
        fields = ["id", "title", "funder", "office", "amount", "awarded", "submitted_on",
                  "decision_due_on", "status", "decided_on", "note", "project"]  # fmt: skip

    @extend_schema_field(ProjectMoneySerializer)
    def get_amount(self, proposal):
        return _money(proposal.amount)

    @extend_schema_field(ProjectMoneySerializer(allow_null=True))
    def get_awarded(self, proposal):
        """What the funder awarded (the project fund recorded); null until awarded."""
        return _money(proposal.fund.amount) if proposal.fund_id else None


class AwardSerializer(serializers.Serializer):
    project = serializers.SlugField(
        required=False, help_text="An existing project's slug; empty to create the project."
    )
    kind = serializers.ChoiceField(choices=Project.Kind.choices, default=Project.Kind.RESEARCH)
    starts_on = serializers.DateField(required=False)
    ends_on = serializers.DateField(required=False)
    decided_on = serializers.DateField(required=False)
    amount = serializers.DecimalField(
        max_digits=14,
        decimal_places=2,
        required=False,
        help_text="What the funder awarded, in the proposal's currency; empty: the amount "
        "requested.",
    )


class RejectSerializer(serializers.Serializer):
    decided_on = serializers.DateField(required=False)
    note = serializers.CharField(required=False, allow_blank=True, max_length=2000)


class ProposalViewSet(viewsets.ReadOnlyModelViewSet):
    """The funding proposals of the person's offices (all for the secretariat)."""

    lookup_value_regex = "[0-9]+"  # an id: anything else is no address

    serializer_class = ProposalSerializer
    permission_classes = [IsAuthenticated]
    filter_backends = [RefuseNulParameters]
    pagination_class = Pagination
    queryset = Proposal.objects.none()

    def get_queryset(self):
        return permissions.visible_proposals(self.request.user).select_related(
            "office", "project", "fund"
        )

    def _decide(self, act):
        try:
            proposal = act()
        except DjangoValidationError as error:
            raise _refusal(error) from None
        except DjangoPermissionDenied:
            raise PermissionDenied from None
        return Response(ProposalSerializer(proposal).data)

    @extend_schema(
        request=AwardSerializer,
        responses={
            200: ProposalSerializer,
            400: OpenApiResponse(description="Not submitted, or the new project's dates wrong."),
        },
    )
    @action(detail=True, methods=["post"])
    def award(self, request, pk=None):
        proposal = self.get_object()
        data = AwardSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        project = None
        if data.validated_data.get("project"):
            project = Project.objects.filter(slug=data.validated_data["project"]).first()
            if project is None:
                raise APIValidationError({"project": ["No such project."]})
        return self._decide(
            lambda: services.proposal_award(
                proposal=proposal,
                by=request.user,
                project=project,
                kind=data.validated_data["kind"],
                starts_on=data.validated_data.get("starts_on"),
                ends_on=data.validated_data.get("ends_on"),
                decided_on=data.validated_data.get("decided_on"),
                amount=data.validated_data.get("amount"),
            )
        )

    @extend_schema(
        request=RejectSerializer,
        responses={200: ProposalSerializer, 400: OpenApiResponse(description="Not submitted.")},
    )
    @action(detail=True, methods=["post"])
    def reject(self, request, pk=None):
        proposal = self.get_object()
        data = RejectSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        return self._decide(
            lambda: services.proposal_reject(
                proposal=proposal,
                by=request.user,
                decided_on=data.validated_data.get("decided_on"),
                note=data.validated_data.get("note", ""),
            )
        )


router = SimpleRouter()
router.register("projects/projects", ProjectViewSet, basename="projects-project")
router.register("projects/deliverables", DeliverableViewSet, basename="projects-deliverable")
router.register("projects/proposals", ProposalViewSet, basename="projects-proposal")

urlpatterns = router.urls
