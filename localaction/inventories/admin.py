from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from localaction.inventories.models import EmissionFactor, Inventory, InventoryLine


@admin.register(EmissionFactor)
class EmissionFactorAdmin(SimpleHistoryAdmin):
    list_display = ["code", "activity", "category", "unit", "country", "local_government"]
    list_filter = ["category", ("country", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["code", "name", "activity"]
    autocomplete_fields = ["country", "local_government"]
    readonly_fields = ["created_by"]


class InventoryLineInline(admin.TabularInline):
    """Lines are read here; they change through the inventory editor, which
    calculates them and keeps the totals in step."""

    model = InventoryLine
    extra = 0
    can_delete = False
    fields = ["gpc_ref", "activity", "amount", "unit", "factor", "notation_key", "gases_kg"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Inventory)
class InventoryAdmin(SimpleHistoryAdmin):
    list_display = ["local_government", "year", "status", "gwp_set", "updated_at"]
    list_filter = ["status", "year", "local_government__country__region"]
    search_fields = ["local_government__name", "local_government__code"]
    autocomplete_fields = ["local_government"]
    readonly_fields = [
        "submitted_at",
        "submitted_by",
        "verified_at",
        "verified_by",
        "published_at",
        "published_by",
    ]
    list_select_related = ["local_government"]
    inlines = [InventoryLineInline]
