"""ecoBUDGET in the admin: the library (resources and indicators) is kept here
by the secretariat; members' budgets are read here, and changed only on the
site and through the API, whose services check every step of the cycle."""

from django.contrib import admin

from localaction.sustainability.ecobudget.models import (
    EcoBudget,
    EcoBudgetLine,
    EcoIndicator,
    EnvironmentalResource,
)


@admin.register(EnvironmentalResource)
class EnvironmentalResourceAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "order"]


@admin.register(EcoIndicator)
class EcoIndicatorAdmin(admin.ModelAdmin):
    list_display = [
        "code",
        "name",
        "resource",
        "unit",
        "direction",
        "aggregation",
        "local_government",
    ]
    list_filter = ["resource", "direction", "aggregation"]
    search_fields = ["code", "name"]
    raw_id_fields = ["local_government"]


class LineInline(admin.TabularInline):
    model = EcoBudgetLine
    extra = 0
    can_delete = False
    fields = ["indicator", "reference_value", "previous_value", "target", "actual"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(EcoBudget)
class EcoBudgetAdmin(admin.ModelAdmin):
    """Read only: every change of a budget goes through the services."""

    list_display = ["local_government", "year", "status", "adopted_on", "balance_adopted_on"]
    list_filter = ["status", "year"]
    search_fields = ["local_government__name", "local_government__code"]
    inlines = [LineInline]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
