"""The work programmes in the admin, obeying the same rules as the pages: a
programme is drafted, approved and revised on its pages (through
`programmes.services`), so here its workflow fields are read-only, an
approved or superseded version is read-only whole, and activities are shown,
not edited (their goals, dates and funding are checked by the services)."""

from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext
from simple_history.admin import SimpleHistoryAdmin

from localaction.admin import ObeysServices
from localaction.programmes import permissions
from localaction.programmes.models import Activity, WorkProgramme


class ActivityInline(admin.TabularInline):
    model = Activity
    extra = 0
    fields = ["number", "title", "office", "starts_on", "ends_on", "status", "campaign"]
    readonly_fields = fields
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(WorkProgramme)
class WorkProgrammeAdmin(ObeysServices, SimpleHistoryAdmin):
    list_display = ["office", "year", "version", "status", "approved_by", "is_public"]
    list_filter = ["status", "year", "office"]
    readonly_fields = [
        "office",
        "year",
        "version",
        "status",
        "approved_by",
        "approved_at",
        "previous",
        "created_at",
        "created_by",
    ]
    fields = [*readonly_fields, "summary", "is_public"]
    inlines = [ActivityInline]

    def has_add_permission(self, request) -> bool:
        # Drafted on its page, where one programme per office and year is kept.
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        if obj is not None and not (
            obj.is_draft and permissions.can_keep_programmes(request.user, obj.office)
        ):
            return False
        return super().has_change_permission(request, obj)

    def deletion_refusal(self, obj) -> str | None:
        if not obj.is_draft:
            return gettext("An approved or superseded version is kept.")
        return None
