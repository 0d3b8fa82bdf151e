"""Consultancy in the administration, scoped as the pages are: the catalogue
for the secretariat to edit (office staff read it); consultants for the staff
of the office keeping them; engagements for the office running them and the
secretariat only — staff of other offices see their summaries on the site,
never their fees, rates or time here. Status changes, time and invoices are
written by the site's own steps (services.py), so they are read-only here.
The admin itself opens to the secretariat only (localaction/admin.py); the
scoping holds whoever else it is opened to."""

from django.contrib import admin

from localaction.accounts.access import access_of
from localaction.consultancy.models import (
    Consultant,
    Deliverable,
    Engagement,
    Feedback,
    Service,
    StatusChange,
    TeamMember,
    TimeEntry,
)


def _access(request):
    return access_of(request.user)


@admin.register(Service)
class ServiceAdmin(admin.ModelAdmin):
    list_display = ["name", "price", "price_basis", "active"]
    list_filter = ["active", "offices"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["offices", "campaigns"]
    search_fields = ["name"]

    def has_module_permission(self, request) -> bool:
        access = _access(request)
        return access.is_secretariat or access.is_office_staff

    def has_view_permission(self, request, obj=None) -> bool:
        return self.has_module_permission(request)

    def has_add_permission(self, request) -> bool:
        return _access(request).is_secretariat

    def has_change_permission(self, request, obj=None) -> bool:
        return _access(request).is_secretariat

    def has_delete_permission(self, request, obj=None) -> bool:
        return _access(request).is_secretariat


@admin.register(Consultant)
class ConsultantAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "office", "organisation", "day_rate", "active"]
    list_filter = ["kind", "active", "office"]
    search_fields = ["name", "organisation", "email"]
    filter_horizontal = ["services", "regions"]
    raw_id_fields = ["user"]

    def _offices(self, request):
        return _access(request).offices

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        access = _access(request)
        if access.is_secretariat:
            return queryset
        return queryset.filter(office__in=access.offices)

    def has_module_permission(self, request) -> bool:
        access = _access(request)
        return access.is_secretariat or access.is_office_staff

    def has_view_permission(self, request, obj=None) -> bool:
        access = _access(request)
        if obj is not None and not access.is_secretariat:
            return obj.office_id in access.offices
        return self.has_module_permission(request)

    has_change_permission = has_view_permission

    def has_add_permission(self, request) -> bool:
        return self.has_module_permission(request)

    def has_delete_permission(self, request, obj=None) -> bool:
        return _access(request).is_secretariat

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        access = _access(request)
        if db_field.name == "office" and not access.is_secretariat:
            kwargs["queryset"] = db_field.related_model.objects.filter(pk__in=access.offices)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class _ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


class StepInline(_ReadOnlyInline):
    model = StatusChange
    fields = ["status", "on", "by", "note"]


class TeamInline(admin.TabularInline):
    model = TeamMember
    extra = 0
    fields = ["consultant", "planned_days", "day_rate"]
    raw_id_fields = ["consultant"]


class DeliverableInline(admin.TabularInline):
    model = Deliverable
    extra = 0
    fields = ["title", "due_on", "delivered_on"]


class TimeInline(_ReadOnlyInline):
    model = TimeEntry
    fields = ["consultant", "date", "days", "note", "recorded_by"]


class FeedbackInline(_ReadOnlyInline):
    model = Feedback
    fields = ["rating", "comment", "by", "given_at"]


@admin.register(Engagement)
class EngagementAdmin(admin.ModelAdmin):
    list_display = ["title", "office", "service", "status", "starts_on", "ends_on"]
    list_filter = ["status", "office", "service"]
    search_fields = ["title", "client_name", "local_government__name"]
    raw_id_fields = ["local_government", "requested_by"]
    readonly_fields = ["status", "invoice", "created_at"]
    inlines = [StepInline, TeamInline, DeliverableInline, TimeInline, FeedbackInline]

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        access = _access(request)
        if access.is_secretariat:
            return queryset
        return queryset.filter(office__in=access.offices)

    def has_module_permission(self, request) -> bool:
        access = _access(request)
        return access.is_secretariat or access.is_office_staff

    def has_view_permission(self, request, obj=None) -> bool:
        access = _access(request)
        if obj is not None and not access.is_secretariat:
            return obj.office_id in access.offices
        return self.has_module_permission(request)

    has_change_permission = has_view_permission

    def has_add_permission(self, request) -> bool:
        # Engagements begin as a client's request, on the service's page.
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
