"""Targets' figures kept between reports (reports.KeptTargetFigures): a report
reuses a target's figures while what they are computed from is unchanged, and
computes them anew — giving the same figures as a first computation — as soon
as anything they depend on changes: the target, the member's population or
forecast, its inventories, the GWP set."""

import datetime
from unittest import mock

import pytest
from django.db import OperationalError

from localaction.campaigns.models import Forecast, Target
from localaction.reports import services
from localaction.reports.models import KeptTargetFigures
from localaction.reports.tests.test_services import inventory, member, report


@pytest.fixture
def freiburg(db):
    freiburg = member("de-freiburg", population=230_000)
    inventory(freiburg, 2010, co2_t=1_000_000)
    inventory(freiburg, 2020, co2_t=800_000)
    return freiburg


def target(freiburg, **fields):
    return Target.objects.create(
        local_government=freiburg,
        title="40 % by 2030",
        type=fields.pop("type", "base_year"),
        base_year=2010,
        target_year=fields.pop("target_year", 2030),
        adopted_on=datetime.date(2021, 1, 1),
        is_published=True,
        **fields,
    )


def committed(year=2022, **options):
    return {
        row.year: (row.targets, round(row.committed_reduction_tco2e, 3))
        for row in report(year, **options).commitments
    }


def computed_afresh(year=2022, **options):
    """The commitments of a report made with nothing kept."""
    kept = list(KeptTargetFigures.objects.values())
    KeptTargetFigures.objects.all().delete()
    figures = committed(year, **options)
    KeptTargetFigures.objects.all().delete()
    KeptTargetFigures.objects.bulk_create(KeptTargetFigures(**row) for row in kept)
    return figures


def computations(year=2022, **options):
    """How many targets' figures a report computes (rather than reads kept)."""
    with mock.patch.object(
        services, "figures_from_emissions", wraps=services.figures_from_emissions
    ) as spy:
        report(year, **options)
    return spy.call_count


def test_a_second_report_reads_the_figures_the_first_kept(freiburg):
    # Base 1,000,000 t, 40 % below → 600,000 t; BAU from 2020 at 0 % stays
    # 800,000 t → 200,000 t committed for 2030 (as test_services).
    target(freiburg, reduction_percent=40)
    assert computations() == 1
    assert KeptTargetFigures.objects.get().committed_reduction_t == pytest.approx(200_000)
    assert computations() == 0
    assert committed() == {2030: (1, 200_000.0)}


def test_kept_figures_are_what_the_report_adds_up(freiburg):
    # Proof that the second report reads the kept row rather than recomputing
    # behind it: a row changed in place (inputs untouched) shows in the report.
    target(freiburg, reduction_percent=40)
    report(2022)
    KeptTargetFigures.objects.update(committed_reduction_t=123.0)
    assert committed() == {2030: (1, 123.0)}


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(
            lambda t: Target.objects.filter(pk=t.pk).update(reduction_percent=50), id="target"
        ),
        pytest.param(
            lambda t: Target.objects.filter(pk=t.pk).update(target_year=2035), id="target-year"
        ),
        pytest.param(
            lambda t: Forecast.objects.create(
                local_government=t.local_government, default_growth_percent=1.5
            ),
            id="forecast",
        ),
        pytest.param(
            lambda t: (
                type(t.local_government)
                .objects.filter(pk=t.local_government_id)
                .update(population_growth_percent=2.0)
            ),
            id="population-growth",
        ),
        pytest.param(
            lambda t: inventory(t.local_government, 2021, co2_t=700_000), id="new-inventory"
        ),
    ],
)
def test_a_change_to_what_figures_come_from_computes_them_anew(freiburg, change):
    made = target(freiburg, reduction_percent=40)
    before = committed()
    change(made)
    assert computations() == 1
    after = committed()
    assert after == computed_afresh()
    assert after != before


def test_a_per_inhabitant_target_follows_the_population(freiburg):
    # 30 % less per inhabitant, 200,000 inhabitants expected in 2030: the base
    # year's intensity is 1,000,000 t over the population (230,000), so the
    # target moves when the population does (200,000: 5 → 3.5 t × 200,000).
    target(
        freiburg,
        type="intensity",
        reduction_percent=30,
        intensity_per="inhabitant",
        target_activity=200_000,
    )
    before = committed()
    type(freiburg).objects.filter(pk=freiburg.pk).update(population=200_000)
    assert computations() == 1
    assert committed() == computed_afresh() == {2030: (1, 800_000 - 3.5 * 200_000)}
    assert before != committed()


def test_each_gwp_set_and_report_year_keeps_its_own(freiburg):
    inventory(freiburg, 2015, co2_t=900_000, ch4_t=1_000)
    target(freiburg, reduction_percent=40)
    ar6, sar = committed(gwp="AR6GWP100"), committed(gwp="SARGWP100")
    assert ar6 == {2030: (1, 200_000.0)}  # the 2020 inventory is CO2 alone
    assert committed(2016, gwp="SARGWP100") != committed(2016, gwp="AR6GWP100")
    # Four rows: two sets, two latest inventories (2020 for 2022, 2015 for 2016).
    assert KeptTargetFigures.objects.count() == 4
    assert computations(gwp="AR6GWP100") == computations(2016, gwp="SARGWP100") == 0
    assert committed(gwp="SARGWP100") == sar == computed_afresh(gwp="SARGWP100")


def test_a_deleted_target_takes_its_kept_figures_with_it(freiburg):
    made = target(freiburg, reduction_percent=40)
    report(2022)
    made.delete()
    assert not KeptTargetFigures.objects.exists()
    assert committed() == {}


def test_the_report_goes_on_when_figures_cannot_be_kept(freiburg):
    # A write lock held too long elsewhere: the report is made all the same and
    # the next one computes the figures again.
    target(freiburg, reduction_percent=40)
    with mock.patch.object(
        KeptTargetFigures.objects, "bulk_create", side_effect=OperationalError("database is locked")
    ):
        assert committed() == {2030: (1, 200_000.0)}
    assert not KeptTargetFigures.objects.exists()
    assert computations() == 1
