"""The partnerships an office is responsible for, on the office's page
(registered with `network.sections.office_page` from PartnershipsConfig.ready):
its active public agreements for everyone; its drafts, non-public and ended
agreements too for its staff and the secretariat (`permissions`)."""

from __future__ import annotations

from localaction.network.models import Office
from localaction.network.sections import office_page
from localaction.partnerships import permissions
from localaction.partnerships.models import Agreement


def agreements_section(user, office: Office) -> dict | None:
    agreements = list(
        permissions.agreements_readable_by(user, Agreement.objects.filter(office=office))
        .select_related("partner")
        .order_by("status", "partner__name", "title")
    )
    if not agreements:
        return None
    return {"agreements": agreements}


office_page.register(
    "partnerships", "partnerships/_office_agreements.html", agreements_section, order=50
)
