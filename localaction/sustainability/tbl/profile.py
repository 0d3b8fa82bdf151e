"""The member profile's section of TBL reports (registered with
network.sections.member_profile from setup.py): the published reports for
everyone, drafts too for those who see the member's workings."""

from __future__ import annotations

from localaction.network.models import LocalGovernment
from localaction.sustainability.tbl.permissions import reports_visible_to


def tbl_section(user, local_government: LocalGovernment) -> dict | None:
    reports = list(
        reports_visible_to(user).filter(local_government=local_government).order_by("-year")
    )
    return {"reports": reports} if reports else None
