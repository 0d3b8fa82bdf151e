"""Freiburg's procurement record for the tests.

Tenders awarded (EUR unless said), criteria applied or not:

| year | group       | value      | criteria | figures                                   |
|------|-------------|------------|----------|-------------------------------------------|
| 2023 | electricity | 600,000.00 | yes      | 1,200 MWh, grid given 380 kg/MWh           |
| 2023 | paper       | 100,000.00 | no       |                                           |
| 2023 | food        | 300,000.00 | yes      |                                           |
| 2024 | vehicles    | 500,000.00 | yes      | 20,000 km, 7.0 → 5.0 l/100 km diesel, 1.80 |
| 2024 | cleaning    | 200,000.00 | no       |                                           |
| 2024 | ict (CHF)   |  50,000.00 | no       | (converted at 1 CHF = 1.05 EUR if a rate)  |

Green share 2023: 900,000 / 1,000,000 = 90 %; 2024 in EUR (with the rate):
500,000 / (700,000 + 52,500) = 66.445 %.
"""

import datetime
from decimal import Decimal

import pytest

from localaction.sustainability.procurement import services
from localaction.sustainability.procurement.models import (
    ProcurementCriterion,
    ProcurementProductGroup,
)


@pytest.fixture
def groups(db):
    return {group.code: group for group in ProcurementProductGroup.objects.all()}


@pytest.fixture
def criteria(db):
    return {c.code: c for c in ProcurementCriterion.objects.current()}


def tender(lg, group, value, year, *, applied=(), currency="EUR", figures=None, month=6):
    return services.tender_save(
        local_government=lg,
        group=group,
        title=f"{group.name} {year}",
        value=Decimal(value),
        currency=currency,
        awarded_on=datetime.date(year, month, 15),
        criteria_applied=bool(applied),
        criteria=list(applied),
        figures=figures or {},
    )


@pytest.fixture
def record(cast, groups, criteria):
    lg = cast.freiburg
    tender(
        lg,
        groups["electricity"],
        "600000.00",
        2023,
        applied=[criteria["electricity-renewable-100"]],
        figures={"mwh": 1200, "grid_kg_per_mwh": 380},
    )
    tender(lg, groups["paper"], "100000.00", 2023)
    tender(lg, groups["food"], "300000.00", 2023, applied=[criteria["food-organic-share"]])
    tender(
        lg,
        groups["vehicles"],
        "500000.00",
        2024,
        applied=[criteria["vehicles-co2-limit"]],
        figures={
            "km": 20000,
            "baseline_l_per_100km": 7.0,
            "offered_l_per_100km": 5.0,
            "fuel": "gas_diesel_oil",
            "price_per_l": 1.80,
        },
    )
    tender(lg, groups["cleaning"], "200000.00", 2024)
    tender(lg, groups["ict"], "50000.00", 2024, currency="CHF")
    return lg
