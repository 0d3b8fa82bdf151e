"""The API against its own OpenAPI schema, fuzzed by Schemathesis: every
operation the schema lists, with parameters and bodies generated from it
(valid ones and, since they are cheap, invalid ones), sent to the WSGI
application in this process as an anonymous visitor and as the World
Secretariat (who may write anything, on this throwaway test database).

Each answer must be no server error (no 5xx), with a status the schema
documents for that operation, and a body that matches what the schema says
of that status: a schema that lies, or a request that crashes, fails the
suite. The run is fixed: a seed and a number of examples per operation,
so that CI repeats it exactly (`pytest -m fuzz` runs it alone).
"""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass, field

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, given, seed, settings, strategies
from knox.models import AuthToken
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    response_schema_conformance,
    status_code_conformance,
)

from localaction.campaigns.models import (
    Action,
    ActionPlan,
    Campaign,
    Forecast,
    Methodology,
    Participation,
    Target,
)
from localaction.finance.models import CountryIncomeGroup, FeeSchedule, Invoice, Payment
from localaction.finance.tests import receivables
from localaction.inventories.models import EmissionFactor, Inventory
from localaction.inventories.services import LineData, inventory_replace_lines
from localaction.network.models import Membership, Region
from localaction.wsgi import application

pytestmark = pytest.mark.fuzz

SEED = 2007
# Examples per operation and person (102 operations).
EXAMPLES = 20
CHECKS = [not_a_server_error, status_code_conformance, response_schema_conformance]


@pytest.fixture
def world(cast):
    """The cast, with what the API serves: Freiburg's published, submitted and
    draft inventories with lines, a campaign it takes part in with a milestone
    recorded, a GHG and an indicator target, an action plan with an action,
    and a forecast."""
    inventories = {}
    for year, status, stationary_t in ((2015, "published", 540_000), (2020, "published", 450_000)):
        inventories[year] = _inventory(cast.freiburg, year, status, stationary_t)
    _inventory(cast.freiburg, 2022, "submitted", 420_000)
    _inventory(cast.freiburg, 2023, "draft", 410_000)
    _inventory(cast.hidden, 2020, "published", 10_000)
    campaign = Campaign.objects.create(
        code="climate-europe",
        name="Climate Europe",
        methodology=Methodology.objects.get(code="ccp"),
        office=cast.europe_office,
    )
    campaign.regions.add(Region.objects.get(code="europe"))
    Participation.objects.create(
        campaign=campaign, local_government=cast.freiburg, joined_on=datetime.date(2019, 5, 1)
    )
    target = Target.objects.create(
        local_government=cast.freiburg,
        campaign=campaign,
        title="Half by 2030",
        type=Target.Type.BASE_YEAR,
        base_year=2015,
        target_year=2030,
        reduction_percent=50,
        is_published=True,
    )
    Target.objects.create(
        local_government=cast.freiburg,
        title="Renewables",
        type="indicator",
        base_year=2015,
        target_year=2030,
        indicator="renewable_share",
        indicator_unit="percent",
        base_value=12,
        target_value=40,
        is_published=True,
    )
    plan = ActionPlan.objects.create(
        local_government=cast.freiburg,
        title="Climate plan",
        adopted_on=datetime.date(2021, 3, 1),
        is_published=True,
    )
    Action.objects.create(
        local_government=cast.freiburg,
        plan=plan,
        target=target,
        title="Heat pumps",
        impact_tco2e=12_000,
        is_published=True,
    )
    Forecast.objects.create(local_government=cast.freiburg, default_growth_percent=0.5)
    _dues(cast)
    return cast


def _dues(cast) -> None:
    """Freiburg's dues invoice of 2027 (finance/tests/receivables.py), paid in part."""
    invoice = receivables.invoice(
        cast.freiburg,
        office=cast.europe_office,
        year=2027,
        total="1500.00",
        due_on=datetime.date(2027, 2, 14),
    )
    receivables.pay(invoice, "500.00", on=datetime.date(2027, 2, 1), by=cast.secretariat)


@pytest.fixture
def in_test_transaction():
    """Requests go through the WSGI handler, whose end closes the database
    connection; as Django's test client does, keep it: it holds the test's
    transaction (on PostgreSQL, the world would be gone after one request)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def _inventory(local_government, year: int, status: str, stationary_t: float) -> Inventory:
    inventory = Inventory.objects.create(local_government=local_government, year=year)
    inventory_replace_lines(
        inventory=inventory,
        lines=[
            LineData("I.1.1", measured_kg={"CO2": stationary_t * 1000, "CH4": 20.0}),
            LineData("II.1.1", measured_kg={"CO2": stationary_t * 700}),
        ],
    )
    Inventory.objects.filter(pk=inventory.pk).update(status=status)
    return inventory


@pytest.fixture
def secretariat_token(world) -> str:
    _, key = AuthToken.objects.create(user=world.secretariat)
    return key


# The schema as the application serves it (made without the database).
schema = schemathesis.openapi.from_wsgi(
    "/api/schema/?format=json", application, config=schemathesis.Config(seed=SEED)
)


@dataclass
class Run:
    operations: int = 0
    examples: int = 0
    failures: list[str] = field(default_factory=list)
    statuses: Counter[int] = field(default_factory=Counter)


def existing_records() -> dict[str, dict[str, object]]:
    """Path parameters naming records of the world, by the path's first part, so
    that cases reach real records and not only 404s."""
    inventory = Inventory.objects.get(local_government__code="de-freiburg", year=2023)
    participation = Participation.objects.get()
    return {
        "regions": {"code": "europe"},
        "countries": {"code": "DE"},
        "offices": {"code": "europe"},
        "local-governments": {"code": "de-freiburg"},
        "forecasts": {"code": "de-freiburg"},
        "memberships": {"id": Membership.objects.get(local_government__code="de-freiburg").pk},
        "emission-factors": {"code": EmissionFactor.objects.defaults().first().code},
        "inventories": {
            "id": inventory.pk,
            "inventory_id": inventory.pk,
            "id_of_line": inventory.lines.first().pk,
        },
        "methodologies": {"code": "ccp"},
        "campaigns": {"code": "climate-europe"},
        "participations": {
            "id": participation.pk,
            "participation_id": participation.pk,
            "number": 1,
        },
        "targets": {"id": Target.objects.get(title="Half by 2030").pk},
        "action-plans": {"id": ActionPlan.objects.get().pk},
        "actions": {"id": Action.objects.get().pk},
        "fee-schedules": {"id": FeeSchedule.objects.get(year=2027, is_example=True).pk},
        "income-groups": {"id": CountryIncomeGroup.objects.filter(country_id="DE").first().pk},
        "invoices": {"id": Invoice.objects.get().pk},
        "payments": {"id": Payment.objects.get().pk},
    }


def _path_parameters(operation, records) -> dict[str, object]:
    known = dict(records.get(operation.path.split("/")[2], {}))
    if "/lines/{id}/" in operation.path:
        known["id"] = known.pop("id_of_line")
    names = {parameter.name for parameter in operation.path_parameters}
    return {name: value for name, value in known.items() if name in names}


def fuzz(headers: dict[str, str]) -> Run:
    """Every operation of the schema, EXAMPLES cases each (valid ones, valid ones
    on existing records, invalid ones), in one database transaction; every
    failure is kept, not only the first."""
    run = Run()
    records = existing_records()
    for result in schema.get_all_operations():
        operation = result.ok()
        run.operations += 1
        variants = [
            operation.as_strategy(GenerationMode.POSITIVE),
            operation.as_strategy(GenerationMode.NEGATIVE),
        ]
        existing = _path_parameters(operation, records)
        if existing:
            variants.append(
                operation.as_strategy(GenerationMode.POSITIVE, path_parameters=existing)
            )
        cases = strategies.one_of(variants)

        @seed(SEED)
        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            database=None,
            # No shrinking: the failure names the request; shrinking would repeat it.
            phases=[Phase.generate],
            suppress_health_check=list(HealthCheck),
        )
        @given(case=cases)
        def call(case):
            run.examples += 1
            response = case.call_and_validate(headers=headers, checks=CHECKS)
            run.statuses[response.status_code] += 1

        try:
            call()
        except Exception as failure:
            run.failures.append(f"{operation.label}: {failure}")
    return run


def _report(who: str, run: Run) -> str:
    return (
        f"{who}: {run.operations} operations, {run.examples} examples, "
        f"{len(run.failures)} failures; answers by status: {sorted(run.statuses.items())}"
    )


def test_the_api_keeps_its_schema_for_anonymous_visitors(world, in_test_transaction):
    run = fuzz(headers={})

    print(_report("anonymous", run))
    assert run.operations > 60
    assert run.failures == []


def test_the_api_keeps_its_schema_for_the_secretariat(world, in_test_transaction):
    _, key = AuthToken.objects.create(user=world.secretariat)
    run = fuzz(headers={"Authorization": f"Token {key}"})

    print(_report("secretariat", run))
    assert run.operations > 60
    assert run.failures == []
