"""Pages of GHG inventories."""

from django.http import Http404
from django.shortcuts import get_object_or_404, render

from localaction.inventories.models import Inventory
from localaction.inventories.permissions import can_view_inventory
from localaction.inventories.services import inventory_results


def _visible_inventory(request, code: str, year: int) -> Inventory:
    inventory = get_object_or_404(
        Inventory.objects.select_related("local_government__country"),
        local_government__code=code,
        year=year,
    )
    if not can_view_inventory(request.user, inventory):
        raise Http404
    return inventory


def inventory(request, code: str, year: int):
    inventory = _visible_inventory(request, code, year)
    results = inventory_results(inventory)
    return render(
        request, "inventories/inventory.html", {"inventory": inventory, "results": results}
    )
