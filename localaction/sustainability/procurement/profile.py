"""The member profile's section of sustainable procurement (registered from
setup.py): the council commitment for everyone, the latest green share too for
those who see the member's tenders."""

from __future__ import annotations

from localaction.network.models import LocalGovernment
from localaction.sustainability.procurement.models import ProcurementCommitment
from localaction.sustainability.procurement.permissions import can_see_tenders
from localaction.sustainability.procurement.services import combined_shares


def procurement_section(user, local_government: LocalGovernment) -> dict | None:
    commitment = (
        ProcurementCommitment.objects.filter(local_government=local_government)
        .order_by("-adopted_on")
        .first()
    )
    shares = combined_shares(local_government) if can_see_tenders(user, local_government) else []
    if commitment is None and not shares:
        return None
    return {"commitment": commitment, "latest": shares[-1] if shares else None}
