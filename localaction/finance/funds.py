"""Project funds: recording an award, and spreading it over the years of its
period for the budget comparison (`finance.budgets.compare`)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext
from djmoney.money import Money

from localaction.finance import permissions
from localaction.finance.models import ProjectFund
from localaction.finance.models.schedules import AMOUNT_DIGITS
from localaction.network.models import Office

CENT = Decimal("0.01")
MAX_MONEY = Decimal(10) ** (AMOUNT_DIGITS - 2) - CENT


def spread_by_days(
    amount: Money, starts_on: datetime.date, ends_on: datetime.date
) -> dict[int, Money]:
    """`amount` shared among the calendar years of the period from `starts_on`
    to `ends_on` (both included) in proportion to their days in it, in whole
    cents that add up to `amount` exactly.

    Each year takes the whole cents of its exact share; the cents left over go
    one each to the years with the largest fractions left (the earlier year
    first on a tie), the largest-remainder method, so no year is off its exact
    share by a cent or more.
    """
    if ends_on < starts_on:
        raise ValueError("A period ends on or after its start.")
    cents = int((amount.amount / CENT).to_integral_value())
    if Decimal(cents) * CENT != amount.amount:
        raise ValueError(f"{amount} is not in whole cents.")
    days = {
        year: (
            min(ends_on, datetime.date(year, 12, 31)) - max(starts_on, datetime.date(year, 1, 1))
        ).days
        + 1
        for year in range(starts_on.year, ends_on.year + 1)
    }
    total_days = (ends_on - starts_on).days + 1
    shares = {year: divmod(cents * count, total_days) for year, count in days.items()}
    parts = {year: whole for year, (whole, _rest) in shares.items()}
    left = cents - sum(parts.values())
    for year in sorted(shares, key=lambda year: (-shares[year][1], year))[:left]:
        parts[year] += 1
    currency = str(amount.currency)
    return {year: Money(Decimal(part) * CENT, currency) for year, part in parts.items()}


@dataclass(frozen=True)
class FundPart:
    """The part of a project fund that falls in one year."""

    fund: ProjectFund
    year: int
    amount: Money


def parts_in_year(office: Office, year: int) -> list[FundPart]:
    """The office's project funds whose period touches `year`, each with the
    part of it spread to that year."""
    funds = ProjectFund.objects.filter(
        office=office,
        starts_on__lte=datetime.date(year, 12, 31),
        ends_on__gte=datetime.date(year, 1, 1),
    ).order_by("starts_on", "title", "pk")
    return [
        FundPart(fund, year, spread_by_days(fund.amount, fund.starts_on, fund.ends_on)[year])
        for fund in funds
    ]


@transaction.atomic
def record_project_fund(
    *,
    office: Office,
    funder: str,
    title: str,
    amount: Money,
    starts_on: datetime.date,
    ends_on: datetime.date,
    awarded_on: datetime.date,
    reference: str,
    by,
) -> ProjectFund:
    """Record that `funder` awarded `amount` to `office` for the project
    `title` over the period from `starts_on` to `ends_on`, as `by` (the
    office's staff or finance staff, or the secretariat). Raises
    ValidationError naming the field (empty or over-long texts, an amount not
    positive or not in cents, a period ending before it starts, the funder's
    reference recorded before) and PermissionDenied."""
    if not permissions.can_record_project_fund(by, office):
        raise PermissionDenied(gettext("Only the office's staff record its project funds."))
    errors: dict[str, str] = {}
    texts = {"funder": funder.strip(), "title": title.strip(), "reference": reference.strip()}
    for name, text in texts.items():
        limit = ProjectFund._meta.get_field(name).max_length
        if not text and name != "reference":
            errors[name] = gettext("This field is required.")
        elif len(text) > limit:
            errors[name] = gettext("%(length)s characters; at most %(limit)s fit.") % {
                "length": len(text),
                "limit": limit,
            }
    value = amount.amount
    if not value.is_finite() or value <= 0 or value > MAX_MONEY:
        errors["amount"] = gettext("A project fund is a positive amount, up to %(max)s.") % {
            "max": MAX_MONEY
        }
    elif value != value.quantize(CENT):
        errors["amount"] = gettext("%(amount)s is not in whole cents.") % {"amount": value}
    if ends_on < starts_on:
        errors["ends_on"] = gettext("The project ends (%(end)s) before it starts (%(start)s).") % {
            "end": ends_on.isoformat(),
            "start": starts_on.isoformat(),
        }
    if (
        texts["reference"]
        and ProjectFund.objects.filter(
            office=office, funder=texts["funder"], reference=texts["reference"]
        ).exists()
    ):
        errors["reference"] = gettext(
            "%(funder)s's award %(reference)s is already recorded for this office."
        ) % {"funder": texts["funder"], "reference": texts["reference"]}
    if errors:
        raise ValidationError(errors)
    fund = ProjectFund(
        office=office,
        amount=amount,
        starts_on=starts_on,
        ends_on=ends_on,
        awarded_on=awarded_on,
        created_by=by,
        **texts,
    )
    fund._history_user = by
    fund.save()
    return fund
