from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from localaction.admin import ObeysServices
from localaction.inventories.models import EmissionFactor, Inventory, InventoryLine
from localaction.inventories.permissions import can_move_inventory
from localaction.inventories.services import (
    deletion_refusal,
    inventory_correct,
    inventory_move,
)


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


# The status and its stamps change only through services.inventory_move and
# inventory_correct: here as admin actions, with the pages' permission checks.
WORKFLOW_FIELDS = [
    "status",
    "version",
    "supersedes",
    "submitted_at",
    "submitted_by",
    "verified_at",
    "verified_by",
    "published_at",
    "published_by",
    "superseded_at",
    "superseded_by",
]


def _step_action(step: str, description: str):
    def take_step(modeladmin, request, queryset):
        modeladmin.act_on_each(
            request,
            queryset.select_related("local_government"),
            lambda inventory: inventory_move(inventory=inventory, step=step, user=request.user),
            allowed=lambda inventory: can_move_inventory(request.user, inventory, step),
            done=_("Inventories moved: %(count)s."),
        )

    take_step.__name__ = f"{step}_inventories"
    return admin.action(description=description)(take_step)


@admin.register(Inventory)
class InventoryAdmin(ObeysServices, SimpleHistoryAdmin):
    list_display = ["local_government", "year", "version", "status", "gwp_set", "updated_at"]
    list_filter = ["status", "year", "local_government__country__region"]
    search_fields = ["local_government__name", "local_government__code"]
    autocomplete_fields = ["local_government"]
    list_select_related = ["local_government"]
    inlines = [InventoryLineInline]
    actions = [
        _step_action("submit", _("Submit the selected drafts for verification")),
        _step_action("return", _("Return the selected submitted inventories to draft")),
        _step_action("verify", _("Verify the selected submitted inventories")),
        _step_action("publish", _("Publish the selected verified inventories")),
        "correct_inventories",
    ]

    def get_readonly_fields(self, request, obj=None) -> list[str]:
        # An inventory stays with its local government and year.
        return WORKFLOW_FIELDS if obj is None else ["local_government", "year", *WORKFLOW_FIELDS]

    def has_change_permission(self, request, obj=None) -> bool:
        # Once submitted, what an inventory reports is a record: read here, changed
        # only by returning it to draft or by a correction (the actions).
        if obj is not None and not obj.is_draft:
            return False
        return super().has_change_permission(request, obj)

    def deletion_refusal(self, obj) -> str | None:
        return deletion_refusal(obj)

    @admin.action(description=_("Reopen the selected published inventories as corrections"))
    def correct_inventories(self, request, queryset) -> None:
        self.act_on_each(
            request,
            queryset.select_related("local_government"),
            lambda inventory: inventory_correct(inventory=inventory, user=request.user),
            allowed=lambda inventory: can_move_inventory(request.user, inventory, "correct"),
            done=_("Corrections opened: %(count)s."),
        )
