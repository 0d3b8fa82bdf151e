"""The member profile's ecoBUDGET section (registered with network.sections.member_profile):
the budgets the person may see, newest first."""

from __future__ import annotations

from localaction.network.models import LocalGovernment
from localaction.network.sections import member_profile
from localaction.sustainability.ecobudget.permissions import budgets_visible_to


def ecobudget_section(user, local_government: LocalGovernment) -> dict | None:
    budgets = list(
        budgets_visible_to(user).filter(local_government=local_government).order_by("-year")[:6]
    )
    if not budgets:
        return None
    return {"budgets": budgets}


member_profile.register(
    "ecobudget", "sustainability/ecobudget/_profile_section.html", ecobudget_section, order=40
)
