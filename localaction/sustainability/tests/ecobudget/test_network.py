"""The network's ecoBUDGET: the aggregate equals the sum of the members it counts."""

import csv
import io
import math
from datetime import date

import pytest

from localaction.core.ecobudget import Value
from localaction.network.models import LocalGovernment
from localaction.sustainability.ecobudget import services
from localaction.sustainability.ecobudget.network import network_ecobudget
from localaction.sustainability.tests.ecobudget.conftest import (
    adopted_budget,
    balanced_budget,
    indicator,
)

pytestmark = pytest.mark.django_db


def balanced_with(local_government, *, water: tuple, area: tuple, year: int = 2024):
    """A balance of two indicators: (target, actual) each."""
    budget = services.budget_create(local_government=local_government, year=year)
    services.budget_set_line(
        budget=budget, indicator=indicator("water_per_person"), target=Value(water[0])
    )
    services.budget_set_line(
        budget=budget, indicator=indicator("protected_area"), target=Value(area[0])
    )
    services.budget_adopt(budget=budget, adopted_on=date(year, 2, 1), decision="R")
    services.balance_enter(
        budget=budget,
        actuals={"water_per_person": Value(water[1]), "protected_area": Value(area[1])},
    )
    services.balance_adopt(budget=budget, adopted_on=date(year + 1, 2, 1), decision="R")
    return budget


@pytest.fixture
def network(cast):
    """Freiburg (231,195 people) and Nairobi (4,397,073) with adopted balances;
    a town nested in Freiburg (counted by Freiburg already), an unpublished
    town, and a member whose balance is not adopted."""
    balanced_with(cast.freiburg, water=(125, 120), area=(550, 540))
    balanced_with(cast.nairobi, water=(60, 70), area=(1000, 1100))
    nested = LocalGovernment.objects.create(
        code="de-nested",
        name="Nested",
        country=cast.freiburg.country,
        parent=cast.freiburg,
        population=10_000,
    )
    balanced_with(nested, water=(1, 1), area=(1, 1))
    balanced_with(cast.hidden, water=(999, 999), area=(999, 999))
    unbalanced = LocalGovernment.objects.create(
        code="de-other", name="Other", country=cast.freiburg.country, population=50_000
    )
    adopted_budget(unbalanced)
    return cast


def test_aggregation_equals_the_sum_of_the_counted_members(network):
    figures = {row.code: row for row in network_ecobudget(2024).indicators}
    area = figures["protected_area"]
    # Summed: 550 + 1,000 = 1,550 ha targeted; 540 + 1,100 = 1,640 ha achieved.
    assert sorted(area.counted) == ["de-freiburg", "ke-nairobi"]
    assert area.target == pytest.approx(550 + 1000)
    assert area.actual == pytest.approx(540 + 1100)
    assert area.balance == pytest.approx(1640 - 1550)  # more is better: +90
    assert area.met == 1  # Nairobi
    # Members budgeting it: Freiburg, Nairobi, the nested town and the one whose
    # balance is open (the unpublished town is not counted anywhere).
    assert area.budgeting == 4


def test_per_person_figures_are_population_weighted(network):
    water = {row.code: row for row in network_ecobudget(2024).indicators}["water_per_person"]
    people = 231_195 + 4_397_073
    # (125 × 231,195 + 60 × 4,397,073) / 4,628,268 = 63.247 l a person and day
    target = (125 * 231_195 + 60 * 4_397_073) / people
    actual = (120 * 231_195 + 70 * 4_397_073) / people
    assert water.population == people
    assert water.target == pytest.approx(target)
    assert water.actual == pytest.approx(actual)
    assert water.balance == pytest.approx(target - actual)  # less is better
    assert math.isclose(water.target, 63.2470, rel_tol=1e-4)


def test_the_public_page_and_open_data(client_as, network):
    page = client_as("anonymous").get("/report/ecobudget/?year=2024").content.decode()
    assert "population-weighted mean" in page
    assert "Protected nature area" in page
    assert "1,640" in page or "1640" in page
    response = client_as("anonymous").get("/report/ecobudget/ecobudget-2024.csv")
    assert response.status_code == 200
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    area = next(row for row in rows if row["indicator"] == "protected_area")
    assert float(area["target"]) == 1550 and area["members_counted"] == "2"
    assert client_as("anonymous").get("/report/ecobudget/ecobudget-2024.xlsx").status_code == 200
    assert client_as("anonymous").get("/report/ecobudget/?year=abc").status_code == 404


def test_an_empty_network_page(client_as, cast):
    response = client_as("anonymous").get("/report/ecobudget/")
    assert response.status_code == 200
    assert "No member has an adopted budget yet." in response.content.decode()


def test_a_year_without_balances_counts_budgets_only(cast):
    balanced_budget(cast.freiburg, 2023)
    adopted_budget(cast.freiburg, 2024)
    figures = network_ecobudget(2024)
    assert figures.members == 1
    water = {row.code: row for row in figures.indicators}["water_per_person"]
    assert water.budgeting == 1 and water.counted == () and water.target is None
