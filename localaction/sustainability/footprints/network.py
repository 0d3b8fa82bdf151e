"""The network's Ecological Footprint at each World Congress, from its members'.

Counted: the verified footprints of published members reported at the round
(one per member and round, which the model ensures), and of a member and one
that contains it only the outer one (core.aggregate: its footprint covers the
inner one's people already). The method
(core.footprint.network_footprint) adds up their gha and populations and
divides: the footprint per person is population-weighted. The world's
biocapacity per person is the latest reference of a year up to the Congress.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from localaction.charts import Series, bar_chart, line_chart
from localaction.core import footprint as method
from localaction.core.aggregate import outermost
from localaction.network.models import LocalGovernment
from localaction.sustainability.footprints.models import (
    CATEGORY_NAMES,
    LAND_TYPE_NAMES,
    Biocapacity,
    CongressRound,
    Footprint,
    named,
)


def counted_footprints(round: CongressRound) -> list[Footprint]:
    """The footprints the network counts at `round`: verified, of published
    members, none of a member that another counted member contains."""
    footprints = list(
        Footprint.objects.verified()
        .filter(round=round, local_government__is_published=True)
        .select_related("local_government__country")
        .order_by("local_government__name", "pk")
    )
    parent_of = dict(LocalGovernment.objects.values_list("pk", "parent_id"))
    counted = outermost((one.local_government_id for one in footprints), parent_of)
    return [one for one in footprints if one.local_government_id in counted]


@dataclass(frozen=True)
class RoundFootprint:
    """The network's footprint at one Congress, with the members it counts."""

    round: CongressRound
    figures: method.NetworkFootprint
    footprints: list[Footprint]
    biocapacity: Biocapacity | None

    def categories(self) -> list[tuple[str, str, float]]:
        return (
            named(self.figures.by_category, CATEGORY_NAMES)
            if self.figures.members_by_category
            else []
        )

    def land_types(self) -> list[tuple[str, str, float]]:
        return (
            named(self.figures.by_land_type, LAND_TYPE_NAMES)
            if self.figures.members_by_land_type
            else []
        )


def network_footprint(round: CongressRound) -> RoundFootprint:
    """The network's footprint at `round`: which members, total gha, population,
    gha per person (population-weighted), number of Earths, by category and
    land type."""
    footprints = counted_footprints(round)
    biocapacity = round.biocapacity()
    figures = method.network_footprint(
        [
            method.MemberFootprint(
                one.local_government.code,
                one.total,
                one.population,
                one.by_category,
                one.by_land_type,
            )
            for one in footprints
        ],
        biocapacity.per_person if biocapacity else None,
    )
    return RoundFootprint(round, figures, footprints, biocapacity)


def trend() -> list[RoundFootprint]:
    """The network's footprint at every Congress round, oldest first."""
    return [network_footprint(round) for round in CongressRound.objects.order_by("year")]


def network_context(chosen: CongressRound | None) -> dict:
    """What the network page, its PDF section and the standalone PDF show: the
    `rounds` of the trend, the `current` one chosen (None without rounds), and
    the charts by category and of the trend (inline SVG, or None)."""
    rounds = trend()
    current = next((one for one in rounds if chosen and one.round.pk == chosen.pk), None)
    context = {"rounds": rounds, "current": current, "by_category_chart": None, "trend_chart": None}
    if current and current.categories():
        context["by_category_chart"] = bar_chart(
            [name for _key, name, _value in current.categories()],
            [value / 1e6 for _key, _name, value in current.categories()],
            title=_("The network's footprint by consumption category"),
            description=_("Million global hectares, members giving every category."),
            unit="million gha",
            chart_id="network-by-category",
        )
    points = [(one.round.year, one.figures.per_person) for one in rounds if one.figures.per_person]
    if points:
        series = [Series(_("Network footprint per person"), points)]
        capacity = [
            (one.round.year, one.biocapacity.per_person) for one in rounds if one.biocapacity
        ]
        if capacity:
            series.append(Series(_("World biocapacity per person"), capacity, "dashed"))
        context["trend_chart"] = line_chart(
            series,
            title=_("The network's footprint per person across World Congresses"),
            description=_("Population-weighted gha per person of the members counted."),
            unit="gha / person",
            chart_id="network-trend",
            x_label=_("World Congress"),
        )
    return context


def latest_footprint(year: int) -> RoundFootprint | None:
    """The network's footprint at the latest World Congress up to `year` that
    counts any member's footprint, or None."""
    for congress in CongressRound.objects.filter(year__lte=year).order_by("-year"):
        found = network_footprint(congress)
        if found.footprints:
            return found
    return None


def report_figures(year: int) -> dict:
    """The network report's footprint section: the latest World Congress's
    footprint up to `year`, and its categories as a chart."""
    footprint = latest_footprint(year)
    chart = ""
    if footprint is not None and footprint.categories():
        categories = footprint.categories()
        chart = bar_chart(
            [name for _key, name, _value in categories],
            [value / 1e6 for _key, _name, value in categories],
            title=_("The network's footprint by consumption category"),
            description=_(
                "Million global hectares of the members giving every category; the "
                "footprint's page gives the figures."
            ),
            unit=_("million gha"),
            chart_id="report-footprint-categories",
        )
    return {"footprint": footprint, "chart": chart}
