"""The member's footprint as a figure other instruments read (sustainability.sources):
`footprint_per_person` (gha / person) and `footprint_total` (gha), from the
member's latest verified footprint of a year up to the one asked."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from localaction.network.models import LocalGovernment
from localaction.sustainability.footprints.models import Footprint
from localaction.sustainability.sources import Source, Sourced, register


def latest_verified(local_government: LocalGovernment, year: int) -> Footprint | None:
    """The member's verified footprint of the latest year up to `year` (the
    latest Congress's, where two are of the same year)."""
    return (
        Footprint.objects.verified()
        .filter(local_government=local_government, year__lte=year)
        .select_related("round", "local_government")
        .order_by("-year", "-round__year")
        .first()
    )


def _label(footprint: Footprint) -> str:
    return _("Ecological Footprint %(year)s (%(kind)s), verified, %(round)s") % {
        "year": footprint.year,
        "kind": footprint.get_kind_display(),
        "round": footprint.round,
    }


def _total(local_government: LocalGovernment, year: int) -> Sourced | None:
    footprint = latest_verified(local_government, year)
    if footprint is None:
        return None
    return Sourced(footprint.total, footprint.get_absolute_url(), _label(footprint))


def _per_person(local_government: LocalGovernment, year: int) -> Sourced | None:
    footprint = latest_verified(local_government, year)
    if footprint is None:
        return None
    return Sourced(footprint.per_person, footprint.get_absolute_url(), _label(footprint))


register(
    Source(
        "footprint_total",
        gettext_lazy("Ecological Footprint"),
        "gha",
        "environmental",
        "less",
        _total,
    )
)
register(
    Source(
        "footprint_per_person",
        gettext_lazy("Ecological Footprint per person"),
        "gha / person",
        "environmental",
        "less",
        _per_person,
    )
)
