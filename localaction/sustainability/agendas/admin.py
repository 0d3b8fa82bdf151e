"""The admin of local agendas: read here, written on the site (services.py),
where every rule of whose targets, which campaign and which forum applies."""

from django.contrib import admin

from localaction.sustainability.agendas.models import (
    AgendaMeeting,
    AgendaMonitoringReport,
    AgendaPriority,
    AgendaStakeholder,
    LocalAgenda,
)


class _ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


class StakeholderInline(_ReadOnlyInline):
    model = AgendaStakeholder


class MeetingInline(_ReadOnlyInline):
    model = AgendaMeeting


class PriorityInline(_ReadOnlyInline):
    model = AgendaPriority


class MonitoringInline(_ReadOnlyInline):
    model = AgendaMonitoringReport


@admin.register(LocalAgenda)
class LocalAgendaAdmin(admin.ModelAdmin):
    list_display = ["title", "local_government", "campaign", "status", "started_on", "council_on"]
    list_filter = ["campaign", "status", "is_published"]
    search_fields = ["title", "local_government__name", "local_government__code"]
    inlines = [StakeholderInline, MeetingInline, PriorityInline, MonitoringInline]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
