"""The strategic plans in the admin (the secretariat's), obeying the same rules
as the pages: a plan's status, adoption and previous plan are read-only here
(a plan is drafted and adopted on its pages, through `strategy.services`),
and the parts, areas and goals of an adopted or superseded plan are fixed —
neither changed nor deleted."""

from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext

from localaction.admin import ObeysServices
from localaction.strategy.models import Area, Goal, Part, StrategicPlan


def _fixed(plan: StrategicPlan | None) -> bool:
    return plan is not None and not plan.is_draft


class PartInline(admin.TabularInline):
    model = Part
    extra = 0
    fields = ["number", "title"]

    def has_add_permission(self, request, obj=None) -> bool:
        return not _fixed(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None) -> bool:
        return not _fixed(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None) -> bool:
        return not _fixed(obj) and super().has_delete_permission(request, obj)


@admin.register(StrategicPlan)
class StrategicPlanAdmin(ObeysServices, admin.ModelAdmin):
    list_display = ["title", "first_year", "last_year", "status", "adopted_by"]
    list_filter = ["status"]
    search_fields = ["title"]
    readonly_fields = [
        "status",
        "adopted_by",
        "adopted_at",
        "previous",
        "created_at",
        "created_by",
    ]
    inlines = [PartInline]

    def get_readonly_fields(self, request, obj=None):
        if _fixed(obj):
            return [*self.readonly_fields, "title", "first_year", "last_year", "adoption_note"]
        return self.readonly_fields

    def save_model(self, request, obj, form, change) -> None:
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    def deletion_refusal(self, obj) -> str | None:
        if _fixed(obj):
            return gettext("An adopted or superseded plan is kept.")
        return None


class GoalInline(admin.TabularInline):
    model = Goal
    extra = 0
    fields = ["letter", "title", "text", "order"]

    def has_add_permission(self, request, obj=None) -> bool:
        return not _fixed(obj and obj.plan) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None) -> bool:
        return not _fixed(obj and obj.plan) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None) -> bool:
        return not _fixed(obj and obj.plan) and super().has_delete_permission(request, obj)


@admin.register(Area)
class AreaAdmin(ObeysServices, admin.ModelAdmin):
    list_display = ["number", "title", "plan"]
    list_filter = ["plan"]
    search_fields = ["number", "title"]
    fields = ["part", "number", "title", "vision", "approach", "order"]
    inlines = [GoalInline]

    def has_change_permission(self, request, obj=None) -> bool:
        return not _fixed(obj and obj.plan) and super().has_change_permission(request, obj)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "part":
            # A new area goes into a draft: the parts of fixed plans take none.
            kwargs["queryset"] = Part.objects.filter(
                plan__status=StrategicPlan.Status.DRAFT
            ).select_related("plan")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def deletion_refusal(self, obj) -> str | None:
        if _fixed(obj.plan):
            return gettext("The areas of an adopted or superseded plan are kept.")
        return None
