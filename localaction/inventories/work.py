"""The inventories' queue on the office's work page: inventories submitted for
verification (registered with `network.work` from InventoriesConfig.ready)."""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from localaction.inventories.models import Inventory
from localaction.network.work import Item, as_date, covered_local_governments, register


def inventories_to_verify(user) -> Iterable[Item]:
    submitted = Inventory.objects.filter(
        status=Inventory.Status.SUBMITTED,
        local_government__in=covered_local_governments(user),
    ).select_related("local_government__country", "submitted_by")
    for inventory in submitted:
        by = inventory.submitted_by
        yield Item(
            title=_("%(name)s: %(year)s inventory")
            % {"name": inventory.local_government, "year": inventory.year},
            local_government=inventory.local_government,
            since=as_date(inventory.submitted_at or inventory.updated_at),
            url=inventory.get_absolute_url(),
            detail=_("submitted by %(person)s") % {"person": by.get_full_name() or by.username}
            if by
            else "",
        )


register("inventories", gettext_lazy("Inventories to verify"), inventories_to_verify, order=20)
