"""A small published network for the open-data tests, and what must stay out of it.

| member        | published | inventory | status    | lines |
|---------------|-----------|-----------|-----------|-------|
| de-freiburg   | yes       | 2020      | published | 4: CO2 + CH4 + biogenic, HFC134a, NO, N2O |
| de-freiburg   | yes       | 2022      | submitted | 1: "secret draft" |
| ke-nairobi    | yes       | 2021      | published | 1: CO2 |
| de-hidden     | no        | 2020      | published | 1: SF6, "hidden line" |

So the line file has 5 rows, gases CO2, CH4, N2O and HFC134a (SF6 only in
the hidden member's line), and the latest report year is 2021.
"""

import datetime

from localaction.campaigns.models import Action, ActionPlan, Target
from localaction.inventories.models import Inventory
from localaction.inventories.services import LineData, inventory_replace_lines

ADOPTED = datetime.date(2021, 3, 1)

FREIBURG_2020 = [
    LineData(
        "I.1.1",
        activity="natural gas",
        measured_kg={"CO2": 1_000_000, "CH4": 100},
        biogenic_co2_kg=5_000,
        data_quality="high",
        source="utility bills",
    ),
    LineData("IV.2", activity="refrigerants", measured_kg={"HFC134a": 2}),
    LineData("I.2.1", notation_key="NO", explanation="No commercial fuel use in town."),
    LineData("II.1.1", activity="cars", measured_kg={"CO2": 400_000, "N2O": 10}),
]


def make_inventory(local_government, year: int, status: str, lines: list[LineData]) -> Inventory:
    inventory = Inventory.objects.create(local_government=local_government, year=year)
    inventory_replace_lines(inventory=inventory, lines=lines)
    Inventory.objects.filter(pk=inventory.pk).update(status=status)
    inventory.refresh_from_db()
    return inventory


def build_network(cast) -> dict[str, Inventory]:
    """The inventories of the table above, and Freiburg's targets and actions:
    one of each published, one of each not."""
    inventories = {
        "freiburg": make_inventory(cast.freiburg, 2020, "published", FREIBURG_2020),
        "draft": make_inventory(
            cast.freiburg,
            2022,
            "submitted",
            [LineData("I.1.1", activity="secret draft", measured_kg={"CO2": 9e9})],
        ),
        "nairobi": make_inventory(
            cast.nairobi, 2021, "published", [LineData("I.1.1", measured_kg={"CO2": 3e6})]
        ),
        "hidden": make_inventory(
            cast.hidden,
            2020,
            "published",
            [LineData("IV.1", activity="hidden line", measured_kg={"SF6": 1})],
        ),
    }
    for published in (True, False):
        label = "Published" if published else "Unpublished"
        plan = ActionPlan.objects.create(
            local_government=cast.freiburg,
            title=f"{label} plan",
            adopted_on=ADOPTED,
            is_published=published,
        )
        target = Target.objects.create(
            local_government=cast.freiburg,
            title=f"{label} target",
            type=Target.Type.BASE_YEAR,
            base_year=2020,
            target_year=2030,
            reduction_percent=40,
            adopted_on=ADOPTED,
            is_published=published,
        )
        Action.objects.create(
            local_government=cast.freiburg,
            plan=plan,
            target=target,
            title=f"{label} action",
            status=Action.Status.IN_PROGRESS,
            impact_tco2e=1_000,
            is_published=published,
        )
    return inventories
