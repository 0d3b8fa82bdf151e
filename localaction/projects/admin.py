"""Projects and proposals in the administration (the secretariat's, which the
admin site alone lets in): a project with its work packages, deliverables,
team and outputs inline; a proposal's decision is read-only here and taken
through the same services as the pages (award, reject), as actions, so that an
award is always recorded in the finance app's project funds."""

from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext, gettext_lazy
from simple_history.admin import SimpleHistoryAdmin

from localaction.admin import ObeysServices
from localaction.projects import permissions, services
from localaction.projects.models import (
    Deliverable,
    Output,
    Project,
    Proposal,
    TeamMember,
    WorkPackage,
)


class WorkPackageInline(admin.TabularInline):
    model = WorkPackage
    extra = 0


class DeliverableInline(admin.TabularInline):
    model = Deliverable
    fields = ["title", "work_package", "kind", "due_on", "status", "delivered_on", "publication"]
    raw_id_fields = ["publication"]
    extra = 0


class TeamMemberInline(admin.TabularInline):
    model = TeamMember
    raw_id_fields = ["person"]
    extra = 0


class OutputInline(admin.StackedInline):
    model = Output
    filter_horizontal = ["campaigns", "publications"]
    extra = 0


class ScopedToProjects:
    """Only the people who edit a project change it here (the admin site lets in
    the secretariat, who do; the rule is stated again so that it holds
    wherever this admin is mounted)."""

    def _project(self, obj):
        return obj if isinstance(obj, Project) else obj.project

    def has_view_permission(self, request, obj=None) -> bool:
        if obj is None:
            return permissions.projects_in_full(request.user).exists() or (
                permissions.can_create_project(request.user)
            )
        return permissions.sees_everything(request.user, self._project(obj))

    def has_change_permission(self, request, obj=None) -> bool:
        if obj is None:
            return permissions.can_create_project(request.user)
        return permissions.edits_project(request.user, self._project(obj))

    def has_add_permission(self, request, obj=None) -> bool:
        return permissions.can_create_project(request.user)

    def has_delete_permission(self, request, obj=None) -> bool:
        return self.has_change_permission(request, obj)

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .filter(pk__in=permissions.projects_in_full(request.user).values("pk"))
        )


@admin.register(Project)
class ProjectAdmin(ScopedToProjects, SimpleHistoryAdmin):
    list_display = ["title", "kind", "lead_office", "status", "starts_on", "ends_on", "is_public"]
    list_filter = ["kind", "status", "lead_office", "is_public"]
    search_fields = ["title", "slug", "funder"]
    prepopulated_fields = {"slug": ["title"]}
    filter_horizontal = ["offices", "partners", "pilot_members", "campaigns"]
    readonly_fields = ["created_by", "created_at"]
    inlines = [WorkPackageInline, DeliverableInline, TeamMemberInline, OutputInline]

    def save_model(self, request, obj, form, change) -> None:
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(Proposal)
class ProposalAdmin(ObeysServices, SimpleHistoryAdmin):
    list_display = ["title", "funder", "office", "amount", "status", "submitted_on", "decided_on"]
    list_filter = ["status", "office"]
    search_fields = ["title", "funder"]
    readonly_fields = ["status", "decided_on", "project", "fund", "created_by", "created_at"]
    actions = ["reject"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .filter(pk__in=permissions.visible_proposals(request.user).values("pk"))
        )

    def has_change_permission(self, request, obj=None) -> bool:
        return obj is None or permissions.keeps_proposal(request.user, obj)

    def has_delete_permission(self, request, obj=None) -> bool:
        return obj is None or permissions.keeps_proposal(request.user, obj)

    def deletion_refusal(self, obj) -> str | None:
        if obj.status in Proposal.DECIDED:
            return gettext("A decided proposal is kept as the record.")
        return None

    def save_model(self, request, obj, form, change) -> None:
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    @admin.action(description=gettext_lazy("Record the rejection of the selected proposals"))
    def reject(self, request, queryset) -> None:
        self.act_on_each(
            request,
            queryset,
            lambda proposal: services.proposal_reject(proposal=proposal, by=request.user),
            allowed=lambda proposal: permissions.keeps_proposal(request.user, proposal),
            done=gettext("%(count)d proposals rejected."),
        )
