"""The network's footprint at a World Congress: the total equals the sum of the
members it counts (verified footprints of published members, once each); the
footprint per person is weighted by population; the trend runs over every
Congress."""

import math

import pytest

from localaction.network.models import Country, LocalGovernment
from localaction.sustainability.footprints import services
from localaction.sustainability.footprints.network import (
    counted_footprints,
    network_footprint,
    trend,
)

pytestmark = pytest.mark.django_db


def _verified_study(cast, code, population, total, round, by_category=None):
    lg = LocalGovernment.objects.create(
        code=code, name=code.title(), country=Country.objects.get(code="DE"), population=population
    )
    footprint = services.footprint_report_study(
        local_government=lg,
        round=round,
        year=round.last_year,
        total=total,
        by_category=by_category or {},
        method_name="GFN",
        user=cast.staff,
    )
    return services.footprint_verify(footprint=footprint, user=cast.staff)


def test_network_totals_equal_the_sum_of_counted_members(cast, congress, references, estimate):
    services.footprint_verify(footprint=estimate, user=cast.staff)
    for index in range(5):
        _verified_study(
            cast, f"de-town-{index}", 10_000 * (index + 1), 40_000.0 * (index + 1), congress
        )
    reported_only = services.footprint_report_study(
        local_government=cast.nairobi,
        round=congress,
        year=2022,
        total=9e6,
        method_name="x",
        user=cast.outsider,
    )
    counted = list(counted_footprints(congress))
    assert reported_only not in counted
    result = network_footprint(congress)
    figures = result.figures
    assert len(figures.members) == 6
    assert figures.total == pytest.approx(math.fsum(one.total for one in counted))
    assert figures.population == sum(one.population for one in counted)
    # 898,000 + 40,000 × (1 + 2 + 3 + 4 + 5) = 898,000 + 600,000 = 1,498,000 gha
    # of 200,000 + 10,000 × 15 = 350,000 people: 4.28 gha per person.
    assert figures.total == pytest.approx(1_498_000)
    assert figures.per_person == pytest.approx(1_498_000 / 350_000)
    assert figures.earths == pytest.approx(1_498_000 / 350_000 / 1.6)
    # Only the estimate gives every category: the breakdown is its own.
    assert figures.members_by_category == 1
    assert math.fsum(figures.by_category.values()) == pytest.approx(898_000)


def test_unpublished_members_are_not_counted(cast, congress, references, estimate):
    services.footprint_verify(footprint=estimate, user=cast.staff)
    hidden = services.footprint_report_study(
        local_government=cast.hidden,
        round=congress,
        year=2022,
        total=1e6,
        population=1000,
        method_name="x",
        user=cast.staff,
    )
    services.footprint_verify(footprint=hidden, user=cast.staff)
    assert network_footprint(congress).figures.members == ("de-freiburg",)


def test_the_trend_runs_over_every_congress(cast, congress, earlier_congress, references):
    _verified_study(cast, "de-a", 1000, 5000.0, earlier_congress)
    _verified_study(cast, "de-b", 1000, 4000.0, congress)
    rounds = trend()
    assert [one.round.year for one in rounds] == [2021, 2024]
    assert [one.figures.per_person for one in rounds] == [pytest.approx(5.0), pytest.approx(4.0)]
    # No biocapacity of a year up to 2021 but the 2021 reference: both use it.
    assert rounds[0].biocapacity == references["biocapacity"]


def test_a_member_inside_another_counted_member_is_not_counted_twice(
    cast, congress, references, estimate
):
    """A region's footprint covers its cities' people already: only the outer
    member counts (core.aggregate, as the network report's emissions)."""
    services.footprint_verify(footprint=estimate, user=cast.staff)
    region = _verified_study(cast, "de-region", 1_000_000, 5_000_000.0, congress)
    LocalGovernment.objects.filter(pk=cast.freiburg.pk).update(parent=region.local_government)
    result = network_footprint(congress)
    assert result.figures.members == ("de-region",)
    assert result.figures.total == pytest.approx(5_000_000)
    assert [one.local_government.code for one in result.footprints] == ["de-region"]
