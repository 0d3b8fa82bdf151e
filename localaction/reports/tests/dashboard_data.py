"""A small network for the dashboard, publication and report API tests, with
figures that must never reach a public page.

| member          | published | inventory | status    | t CO2 (I.1.1) |
|-----------------|-----------|-----------|-----------|---------------|
| de-freiburg     | yes       | 2022      | published | 4,321,000     |
| de-freiburg     | yes       | 2023      | submitted | 765,432,198   |
| de-vauban       | yes       | 2022      | published | 12,345 (inside Freiburg: left out) |
| ke-nairobi      | yes       | 2022      | verified  | 987,654,321   |
| de-hidden       | no        | 2022      | published | 555,444,333   |

So the 2022 report counts Freiburg alone: 1 member, 231,195 people, 4,321,000 t
CO2e; Vauban is listed as left out. Freiburg and the hidden town take part in
the "Climate Europe" campaign: its funnel has one participant.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from localaction.campaigns.models import Campaign, Methodology, Participation
from localaction.inventories.models import Inventory
from localaction.inventories.services import LineData, inventory_move, inventory_replace_lines
from localaction.network.models import LocalGovernment

YEAR = 2022
FREIBURG_T = 4_321_000
HEADLINE = ["4,321,000", "231,195"]
# What must never appear, however formatted.
SECRETS = ["987,654,321", "987654321", "555,444,333", "555444333", "765,432,198", "765432198"]

STEPS = {
    Inventory.Status.DRAFT: [],
    Inventory.Status.SUBMITTED: ["submit"],
    Inventory.Status.VERIFIED: ["submit", "verify"],
    Inventory.Status.PUBLISHED: ["submit", "verify", "publish"],
}


def make_inventory(cast, local_government, year: int, status: str, tonnes: float) -> Inventory:
    inventory = Inventory.objects.create(local_government=local_government, year=year)
    inventory_replace_lines(
        inventory=inventory, lines=[LineData("I.1.1", measured_kg={"CO2": tonnes * 1000})]
    )
    for step in STEPS[status]:
        inventory_move(inventory=inventory, step=step, user=cast.secretariat)
    return inventory


@dataclass
class Network:
    freiburg: Inventory
    freiburg_draft: Inventory
    vauban: Inventory
    nairobi: Inventory
    hidden: Inventory
    campaign: Campaign


def build_network(cast) -> Network:
    vauban = LocalGovernment.objects.create(
        code="de-vauban",
        name="Vauban",
        country=cast.freiburg.country,
        parent=cast.freiburg,
        population=5_500,
    )
    campaign = Campaign.objects.create(
        code="climate-europe",
        name="Climate Europe",
        methodology=Methodology.objects.get(code="ccp"),
        office=cast.europe_office,
    )
    for local_government in (cast.freiburg, cast.hidden):
        Participation.objects.create(
            campaign=campaign,
            local_government=local_government,
            joined_on=datetime.date(2020, 1, 15),
        )
    Published, Submitted, Verified = (
        Inventory.Status.PUBLISHED,
        Inventory.Status.SUBMITTED,
        Inventory.Status.VERIFIED,
    )
    return Network(
        freiburg=make_inventory(cast, cast.freiburg, YEAR, Published, FREIBURG_T),
        freiburg_draft=make_inventory(cast, cast.freiburg, YEAR + 1, Submitted, 765_432_198),
        vauban=make_inventory(cast, vauban, YEAR, Published, 12_345),
        nairobi=make_inventory(cast, cast.nairobi, YEAR, Verified, 987_654_321),
        hidden=make_inventory(cast, cast.hidden, YEAR, Published, 555_444_333),
        campaign=campaign,
    )


def assert_no_secrets(text: str) -> None:
    for secret in SECRETS:
        assert secret not in text, secret
