"""The conversion of prospects and the priority regions' growth, each checked
against an independent count in Python over the same records."""

from __future__ import annotations

import datetime
from collections import Counter

import pytest

from localaction.development import services
from localaction.development.models import PriorityRegion, Prospect
from localaction.network.models import Country, LocalGovernment, Membership

# (country, year identified, the moves after identification; "joined" by a membership)
PIPELINE = [
    ("DE", 2008, []),
    ("DE", 2008, ["contacted"]),
    ("DE", 2008, ["contacted", "interested", "applied", "joined"]),
    ("FR", 2008, ["interested", "joined"]),
    ("FR", 2009, ["declined"]),
    ("FR", 2009, ["contacted", "declined", "contacted", "applied"]),
    ("UA", 2009, ["contacted", "interested", "joined"]),
    ("KE", 2008, ["contacted", "declined"]),
    ("NG", 2008, ["contacted", "interested", "applied", "joined"]),
    ("NG", 2010, ["joined"]),
    ("GH", 2010, []),
]


@pytest.fixture
def pipeline(cast):
    for index, (country, year, moves) in enumerate(PIPELINE):
        lg = LocalGovernment.objects.create(
            code=f"lg-{index}", name=f"Town {index}", country=Country.objects.get(code=country)
        )
        office = cast.europe_office if lg.country.region.code == "europe" else cast.africa_office
        prospect = services.prospect_create(
            office=office, local_government=lg, identified_on=datetime.date(year, 2, 1)
        )
        for step, status in enumerate(moves, start=1):
            on = datetime.date(year, 2, 1) + datetime.timedelta(days=30 * step)
            if status == "joined":
                Membership.objects.create(local_government=lg, status="active", started_on=on)
            else:
                services.prospect_move(prospect=prospect, status=status, on=on)


def _independent_conversion() -> dict[tuple[str, int], Counter]:
    counted: dict[tuple[str, int], Counter] = {}
    for prospect in Prospect.objects.all():
        key = (prospect.local_government.country.region.code, prospect.identified_on.year)
        reached = {change.status for change in prospect.changes.all()}
        counted.setdefault(key, Counter()).update(reached)
    return counted


def test_conversion_by_region_and_year_matches_an_independent_count(pipeline):
    rows = services.conversion(Prospect.objects.all())
    expected = _independent_conversion()
    assert {(row.region.code, row.year) for row in rows} == set(expected)
    for row in rows:
        counted = expected[(row.region.code, row.year)]
        assert row.counts == [counted[status] for status in Prospect.Status.values]
        assert row.rate == counted["joined"] / counted["identified"]


def test_conversion_by_hand_for_europe_2008(pipeline):
    europe_2008 = next(
        row
        for row in services.conversion(Prospect.objects.all())
        if (row.region.code, row.year) == ("europe", 2008)
    )
    # identified, contacted, interested, applied, joined, declined
    assert europe_2008.counts == [4, 2, 2, 1, 2, 0]
    assert europe_2008.rate == 0.5


def test_conversion_counts_only_the_prospects_given(pipeline, cast):
    rows = services.conversion(Prospect.objects.filter(office=cast.africa_office))
    assert {row.region.code for row in rows} == {"africa"}
    assert sum(row.identified for row in rows) == 4


def _member(code, country, started, ended=None, status="active"):
    lg = LocalGovernment.objects.create(
        code=code, name=code, country=Country.objects.get(code=country)
    )
    return Membership.objects.create(
        local_government=lg,
        status=status,
        applied_on=started,
        started_on=started,
        ended_on=ended,
    )


def test_growth_of_a_priority_region_matches_an_independent_count(db):
    west_africa = PriorityRegion.objects.get(code="west-africa")
    services.target_set(priority_region=west_africa, year=2008, members=2)
    services.target_set(priority_region=west_africa, year=2010, members=5)
    _member("ng-a", "NG", datetime.date(2007, 5, 1))
    _member("gh-b", "GH", datetime.date(2008, 3, 1), datetime.date(2009, 6, 1), "lapsed")
    _member("sn-c", "SN", datetime.date(2009, 12, 31))
    _member("ng-d", "NG", datetime.date(2010, 1, 1), datetime.date(2010, 12, 31), "withdrawn")
    _member("ke-e", "KE", datetime.date(2008, 1, 1))  # East Africa: not in the region
    LocalGovernment.objects.create(code="ng-f", name="f", country_id="NG")  # never a member
    years = range(2007, 2012)
    rows = services.growth(west_africa, years)

    countries = set(west_africa.countries.values_list("code", flat=True))
    memberships = [
        m
        for m in Membership.objects.select_related("local_government")
        if m.local_government.country_id in countries and m.started_on
    ]
    for row, year in zip(rows, years, strict=True):
        end = datetime.date(year, 12, 31)
        assert row.year == year
        assert row.members == sum(
            1 for m in memberships if m.started_on <= end and (not m.ended_on or m.ended_on > end)
        )
        assert row.introduced == sum(1 for m in memberships if m.started_on.year == year)
    assert [(r.members, r.introduced, r.target, r.gap) for r in rows] == [
        (1, 1, None, None),
        (2, 1, 2, 0),
        (2, 1, None, None),
        (2, 1, 5, -3),
        (2, 0, None, None),
    ]
