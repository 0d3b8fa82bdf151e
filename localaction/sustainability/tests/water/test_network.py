"""The network's water figures: which members count (published, verified, the
latest in the window, the outer one of a member and one it contains), totals
against an independent sum, savings of actions under way; the report partial."""

import datetime

import pytest
from django.template.loader import render_to_string

from localaction.campaigns.models import Action
from localaction.network.models import LocalGovernment
from localaction.sustainability.water import services
from localaction.sustainability.water.network import network_water

pytestmark = pytest.mark.django_db


def _verified(cast, lg, year, m3, population, balance=None):
    inventory = services.water_inventory_create(
        local_government=lg,
        year=year,
        population_served=population,
        losses=balance,
        user=cast.secretariat,
    )
    services.water_inventory_replace_lines(
        inventory=inventory,
        lines=[services.LineData("residential", "surface", m3, "m3")],
        user=cast.secretariat,
    )
    services.water_inventory_submit(inventory=inventory, user=cast.secretariat)
    return services.water_inventory_verify(inventory=inventory, user=cast.secretariat)


def test_members_are_counted_once_and_figures_add_up(cast):
    district = LocalGovernment.objects.create(
        code="de-freiburg-district", name="Freiburg District", country=cast.freiburg.country,
        parent=cast.freiburg,
    )  # fmt: skip
    _verified(cast, cast.freiburg, 2022, 3_650_000, 50_000)  # older, replaced by 2023
    _verified(
        cast, cast.freiburg, 2023, 7_300_000, 100_000,
        services.Losses(system_input=10_000_000, billed=7_000_000),
    )  # fmt: skip
    _verified(cast, district, 2023, 1_000_000, 10_000)  # inside Freiburg: left out
    _verified(
        cast, cast.nairobi, 2021, 36_600_000, 1_000_000,
        services.Losses(system_input=60_000_000, billed=30_000_000),
    )  # fmt: skip
    _verified(cast, cast.hidden, 2023, 1_000, 10)  # unpublished: left out
    draft = services.water_inventory_create(
        local_government=cast.nairobi, year=2024, population_served=5, user=cast.secretariat
    )
    assert draft.is_draft  # a draft never counts
    figures = network_water(2024)
    assert [one.code for one in figures.members] == ["de-freiburg", "ke-nairobi"]
    assert figures.left_out == 1
    assert figures.total_m3 == pytest.approx(7_300_000 + 36_600_000)
    assert figures.total_m3 == pytest.approx(sum(one.total_m3 for one in figures.members))
    assert sum(figures.by_sector.values()) == pytest.approx(figures.total_m3)
    # Per person and day: (7,300,000,000 l + 36,600,000,000 l) / 365 days / 1,100,000.
    expected = (7_300_000_000 + 36_600_000_000) / 365 / 1_100_000
    assert figures.litres_per_person_day == pytest.approx(expected)
    # Non-revenue water over the system input of both: (3 + 30) / (10 + 60) million.
    assert figures.non_revenue_percent == pytest.approx(33 / 70 * 100)
    # 2021's inventory is outside 2025's window (2022–2025).
    assert [one.code for one in network_water(2025).members] == ["de-freiburg"]
    assert network_water(2020).members == ()


def test_savings_count_actions_under_way_of_published_members(cast, action, grid_factor):
    services.water_benefit_save(action=action, amount=100_000, user=cast.editor)
    planned = Action.objects.create(
        local_government=cast.freiburg, title="Planned", status=Action.Status.PLANNED
    )
    services.water_benefit_save(action=planned, amount=5_000, user=cast.editor)
    hidden = Action.objects.create(
        local_government=cast.hidden, title="Hidden", status=Action.Status.COMPLETED
    )
    services.water_benefit_save(action=hidden, amount=7_000, user=cast.staff)
    later = Action.objects.create(
        local_government=cast.freiburg, title="Later", status=Action.Status.IN_PROGRESS,
        starts_on=datetime.date(2030, 1, 1),
    )  # fmt: skip
    services.water_benefit_save(action=later, amount=9_000, user=cast.editor)
    figures = network_water(2024)
    assert (figures.actions, figures.members_saving) == (1, 1)
    assert figures.m3_saved == 100_000
    assert figures.kwh_saved == pytest.approx(37_142.59, rel=1e-6)
    assert figures.t_co2e_avoided == pytest.approx(14.11418, rel=1e-5)


def test_the_report_partial_renders_the_figures(cast, verified, action):
    services.water_benefit_save(action=action, amount=2_500, user=cast.editor)
    html = render_to_string(
        "sustainability/water/_network_report.html", {"figures": network_water(2024)}
    )
    assert "members reporting" in html and ">1<" in html
    assert "7.3" in html  # million m³
    assert "2,500" in html  # m³ saved a year
    assert "2021–2024" in html
