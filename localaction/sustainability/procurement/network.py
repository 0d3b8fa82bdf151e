"""The network's sustainable procurement in a year, for the network report
(the integrator wires `network_procurement` and the partial
`sustainability/procurement/_network_report.html` into it).

What counts, and how (stated on the page too):

- tenders **awarded** in the year by **published** members;
- **members reporting** are counted once: a member and one that contains it
  (a county and its town) count as one, the outer (core.aggregate.outermost);
  their tenders are separate contracts, so every tender's value counts once;
- amounts are converted to REPORTING_CURRENCY at the platform's exchange rate
  on or before the day of the award (finance.services.convert); a tender in a
  currency without a rate is left out of the amounts and named in `unconverted`;
- the **green share** is the value of tenders that applied sustainability
  criteria over the value of all tenders, both converted;
- **savings** are the tenders' estimates a year (their groups' calculators):
  CO2 in tonnes of every tender, cost converted as the values are.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from decimal import Decimal

from localaction.core import procurement as method
from localaction.core.aggregate import outermost
from localaction.network.models import LocalGovernment
from localaction.sustainability.procurement.models import ProcurementTender
from localaction.sustainability.procurement.services import to_currency

REPORTING_CURRENCY = "EUR"


@dataclass(frozen=True)
class NetworkProcurement:
    year: int
    currency: str
    members: int  # reporting, counted once
    tenders: int  # awarded in the year, converted
    total: Decimal
    green: Decimal
    green_share: float | None  # percent
    co2_saving_t: float
    cost_saving: Decimal
    unconverted: tuple[tuple[str, int], ...]  # (currency, tenders) without a rate


def report_years() -> list[int]:
    """Years with an awarded tender of a published member, newest first."""
    return sorted(
        {
            day.year
            for day in ProcurementTender.objects.awarded()
            .filter(local_government__is_published=True)
            .values_list("awarded_on", flat=True)
        },
        reverse=True,
    )


def network_procurement(year: int) -> NetworkProcurement:
    rows = list(
        ProcurementTender.objects.awarded()
        .filter(awarded_on__year=year, local_government__is_published=True)
        .values_list(
            "local_government_id",
            "awarded_on",
            "currency",
            "value",
            "criteria_applied",
            "co2_saving_kg",
            "cost_saving",
        )
    )
    parent_of = dict(LocalGovernment.objects.values_list("pk", "parent_id"))
    members = outermost({row[0] for row in rows}, parent_of)
    pairs: list[tuple[Decimal, bool]] = []
    co2_kg = 0.0
    cost = Decimal(0)
    unconverted: Counter[str] = Counter()
    for _lg, awarded_on, currency, value, applied, co2, saved in rows:
        co2_kg += co2 or 0.0  # tonnes need no rate
        converted = to_currency(value, currency, REPORTING_CURRENCY, awarded_on)
        if converted is None:
            unconverted[currency] += 1
            continue
        pairs.append((converted[0], applied))
        if saved:
            cost += to_currency(saved, currency, REPORTING_CURRENCY, awarded_on)[0]
    share = method.green_share(pairs)
    return NetworkProcurement(
        year=year,
        currency=REPORTING_CURRENCY,
        members=len(members),
        tenders=len(pairs),
        total=share.total,
        green=share.green,
        green_share=share.percent,
        co2_saving_t=co2_kg / 1000,
        cost_saving=cost,
        unconverted=tuple(sorted(unconverted.items())),
    )
