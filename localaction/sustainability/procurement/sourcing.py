"""The green share of a member's procurement spend, as a platform source
(`green_procurement_share`, percent) that indicators of other instruments read."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from localaction.network.models import LocalGovernment
from localaction.sustainability import sources
from localaction.sustainability.procurement.services import combined_shares


def _green_share(local_government: LocalGovernment, year: int) -> sources.Sourced | None:
    for share in combined_shares(local_government):
        if share.year == year and share.percent is not None:
            return sources.Sourced(
                share.percent,
                reverse("procurement:member", args=[local_government.code]),
                _("Tenders awarded in %(year)s (%(currency)s)")
                % {"year": year, "currency": share.currency},
            )
    return None


def register_sources() -> None:
    sources.register(
        sources.Source(
            "green_procurement_share",
            gettext_lazy("Green share of procurement spend"),
            "percent",
            "environmental",
            "more",
            _green_share,
        )
    )
