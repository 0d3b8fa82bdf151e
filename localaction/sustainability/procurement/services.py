"""Writes and figures of sustainable procurement: tenders with their estimated
savings, the green share of spend by year, criteria revisions, the network of
professionals and its question boards."""

from __future__ import annotations

import datetime
import math
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from djmoney.money import Money

from localaction.core import procurement as method
from localaction.core.procurement import CalculatorError
from localaction.core.quantities import GAS_MASS
from localaction.core.units import UnitError, multiplier
from localaction.finance.models import ExchangeRate
from localaction.finance.services import convert
from localaction.inventories.models import EmissionFactor
from localaction.network.models import LocalGovernment
from localaction.sustainability.procurement.models import (
    Calculator,
    ProcurementCriterion,
    ProcurementProductGroup,
    ProcurementProfessional,
    ProcurementTender,
    known_currency,
)

# --- The calculators' figures ---------------------------------------------------


@dataclass(frozen=True)
class Figure:
    """One figure a calculator reads from a tender's offer."""

    name: str
    label: str
    unit: str
    required: bool = True
    choices: tuple[tuple[str, str], ...] = ()


FUEL_CHOICES = (("gas_diesel_oil", _("diesel")), ("motor_gasoline", _("petrol")))

FIGURES: dict[str, tuple[Figure, ...]] = {
    Calculator.RENEWABLE_ELECTRICITY: (
        Figure("mwh", _("electricity supplied a year"), "MWh"),
        Figure("renewable_kg_per_mwh", _("renewable supply's factor"), "kg CO2/MWh", False),
        Figure("grid_kg_per_mwh", _("grid factor, if the platform has none"), "kg CO2/MWh", False),
    ),
    Calculator.EFFICIENT_VEHICLE: (
        Figure("km", _("distance driven a year, all vehicles"), "km"),
        Figure("baseline_l_per_100km", _("baseline fuel use"), "l/100 km"),
        Figure("offered_l_per_100km", _("offered fuel use"), "l/100 km"),
        Figure("fuel", _("fuel"), "", True, FUEL_CHOICES),
        Figure("price_per_l", _("fuel price"), "per l", False),
    ),
    Calculator.LED_LIGHTING: (
        Figure("lamps", _("number of lamps"), ""),
        Figure("old_w", _("old lamp power"), "W"),
        Figure("new_w", _("new lamp power"), "W"),
        Figure("hours", _("hours lit a year"), "h"),
        Figure("price_per_kwh", _("electricity price"), "per kWh", False),
        Figure("grid_kg_per_mwh", _("grid factor, if the platform has none"), "kg CO2/MWh", False),
    ),
}

FORMULAS = {
    Calculator.RENEWABLE_ELECTRICITY: method.RENEWABLE_FORMULA,
    Calculator.EFFICIENT_VEHICLE: method.VEHICLE_FORMULA,
    Calculator.LED_LIGHTING: method.LIGHTING_FORMULA,
}


@dataclass(frozen=True)
class GridFactor:
    kg_per_mwh: float
    label: str  # the factor's name and source, or that the tender gave it


def grid_factor(local_government: LocalGovernment, year: int) -> GridFactor | None:
    """The grid electricity CO2 factor the member's inventories would use in
    `year`: its own, else its country's, else a default (inventories' order)."""
    candidates = EmissionFactor.objects.valid_in(year).filter(
        Q(country=None, local_government=None)
        | Q(country=local_government.country_id, local_government=None)
        | Q(local_government=local_government),
        activity="electricity",
    )
    rank = {"local_government": 0, "country": 1, "default": 2}
    for factor in sorted(candidates, key=lambda f: (rank[f.level], -(f.valid_from or 0), f.pk)):
        kg = (factor.kg_per_unit or {}).get("CO2")
        if not isinstance(kg, int | float) or not math.isfinite(kg):
            continue
        try:
            mwh_per_unit = multiplier(factor.unit, "MWh")
        except UnitError:
            continue
        return GridFactor(kg / mwh_per_unit, f"{factor.name} ({factor.source})")
    return None


def clean_figures(calculator: str, raw: dict) -> dict:
    """The calculator's figures from text or numbers: numbers as floats, the fuel
    as its key, blanks left out; ValidationError naming each figure refused."""
    figures: dict = {}
    errors: dict[str, str] = {}
    known = {figure.name: figure for figure in FIGURES.get(calculator, ())}
    for name in raw:
        if name not in known:
            errors[name] = gettext("'%(name)s' is not a figure of this product group.") % {
                "name": name
            }
    for name, figure in known.items():
        value = raw.get(name)
        if value is None or (isinstance(value, str) and not value.strip()):
            continue
        if figure.choices:
            if value not in dict(figure.choices):
                errors[name] = gettext("Choose one of: %(choices)s.") % {
                    "choices": ", ".join(dict(figure.choices))
                }
            else:
                figures[name] = value
            continue
        try:
            number = float(value) if not isinstance(value, bool) else math.nan
        except (TypeError, ValueError):
            number = math.nan
        if not math.isfinite(number) or number < 0 or number > method.MAX_FIGURE:
            errors[name] = gettext("Enter a finite number from 0 to %(max)s.") % {
                "max": f"{method.MAX_FIGURE:g}"
            }
        else:
            figures[name] = number
    if errors:
        raise ValidationError({"figures": [f"{name}: {text}" for name, text in errors.items()]})
    return figures


def estimate(
    calculator: str, figures: dict, local_government: LocalGovernment, year: int
) -> tuple[method.Saving | None, str]:
    """The saving a year of an offer's figures, and the grid factor it used; None
    when a required figure is missing. ValidationError when a figure is refused."""
    specs = FIGURES.get(calculator)
    if not specs or any(f.required and f.name not in figures for f in specs):
        return None, ""
    grid_label = ""
    grid_kg_per_mwh = None
    if calculator in (Calculator.RENEWABLE_ELECTRICITY, Calculator.LED_LIGHTING):
        if "grid_kg_per_mwh" in figures:
            grid_kg_per_mwh = figures["grid_kg_per_mwh"]
            grid_label = gettext("given with the tender")
        else:
            found = grid_factor(local_government, year)
            if found is None:
                raise ValidationError(
                    {
                        "figures": gettext(
                            "The platform has no grid electricity factor for %(country)s in "
                            "%(year)s: give the grid factor with the offer's figures."
                        )
                        % {"country": local_government.country_id, "year": year}
                    }
                )
            grid_kg_per_mwh, grid_label = found.kg_per_mwh, found.label
    try:
        if calculator == Calculator.RENEWABLE_ELECTRICITY:
            saving = method.renewable_electricity(
                mwh=figures["mwh"],
                grid_kg_per_mwh=grid_kg_per_mwh,
                renewable_kg_per_mwh=figures.get("renewable_kg_per_mwh", 0.0),
            )
        elif calculator == Calculator.EFFICIENT_VEHICLE:
            saving = method.efficient_vehicle(
                km=figures["km"],
                baseline_l_per_100km=figures["baseline_l_per_100km"],
                offered_l_per_100km=figures["offered_l_per_100km"],
                fuel=figures["fuel"],
                price_per_l=figures.get("price_per_l"),
            )
        else:
            saving = method.led_lighting(
                lamps=figures["lamps"],
                old_w=figures["old_w"],
                new_w=figures["new_w"],
                hours=figures["hours"],
                grid_kg_per_kwh=grid_kg_per_mwh / 1000,
                price_per_kwh=figures.get("price_per_kwh"),
            )
    except CalculatorError as error:
        raise ValidationError({"figures": str(error)}) from None
    # Each figure is bounded, their product need not be: a tender's estimate
    # stays within what the records hold (GAS_MASS, the money columns).
    if abs(saving.co2_kg) > GAS_MASS.maximum or (
        saving.cost is not None and abs(saving.cost) >= 1e14
    ):
        raise ValidationError(
            {"figures": gettext("The figures give an estimate beyond any tender's: check them.")}
        )
    return saving, grid_label


# --- Tenders ------------------------------------------------------------------


def _decimal(value, field: str) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        raise ValidationError({field: gettext("Enter an amount, e.g. 125000.00.")}) from None
    if not number.is_finite() or number < 0 or number >= Decimal(10) ** 14:
        raise ValidationError(
            {field: gettext("Enter an amount from 0 to less than 100,000,000,000,000.")}
        )
    if number != number.quantize(Decimal("0.01")):
        raise ValidationError({field: gettext("An amount has at most two decimal places.")})
    return number


@transaction.atomic
def tender_save(
    *,
    local_government: LocalGovernment,
    group: ProcurementProductGroup,
    title: str,
    value,
    currency: str,
    status: str = ProcurementTender.Status.AWARDED,
    awarded_on: datetime.date | None = None,
    criteria_applied: bool = False,
    criteria: list[ProcurementCriterion] | tuple = (),
    supplier: str = "",
    offered_value=None,
    figures: dict | None = None,
    reference: str = "",
    note: str = "",
    tender: ProcurementTender | None = None,
) -> ProcurementTender:
    """Create (or, given `tender`, change) a member's tender: criteria only of its
    product group (and current ones, unless the tender already had them), applied
    criteria named, savings estimated from the offer's figures."""
    try:
        known_currency(currency)
    except ValidationError as error:
        raise ValidationError({"currency": error.messages}) from None
    criteria = list(criteria)
    foreign = [c.code for c in criteria if c.group_id != group.pk]
    if foreign:
        raise ValidationError(
            {
                "criteria": gettext(
                    "%(codes)s are criteria of another product group than %(group)s."
                )
                % {"codes": ", ".join(foreign), "group": group.name}
            }
        )
    kept = set(tender.criteria.values_list("pk", flat=True)) if tender else set()
    # Read from the database: a criterion in hand may have been revised since.
    retired = list(
        ProcurementCriterion.objects.filter(pk__in=[c.pk for c in criteria], is_current=False)
        .exclude(pk__in=kept)
        .values_list("code", flat=True)
    )
    if retired:
        raise ValidationError(
            {
                "criteria": gettext("%(codes)s have been revised: apply their current version.")
                % {"codes": ", ".join(retired)}
            }
        )
    if criteria_applied and not criteria:
        raise ValidationError(
            {"criteria": gettext("Name the criteria applied, from the library of the group.")}
        )
    if criteria and not criteria_applied:
        raise ValidationError(
            {"criteria_applied": gettext("Criteria are named: mark them as applied.")}
        )
    figures = clean_figures(group.calculator, figures or {})
    record = tender or ProcurementTender(local_government=local_government)
    record.group = group
    record.title = title
    record.reference = reference
    record.value = _decimal(value, "value")
    record.currency = currency
    record.status = status
    record.awarded_on = awarded_on
    record.criteria_applied = criteria_applied
    record.supplier = supplier
    record.offered_value = _decimal(offered_value, "offered_value")
    record.figures = figures
    record.note = note
    record.full_clean()
    year = awarded_on.year if awarded_on else datetime.date.today().year
    saving, grid_label = estimate(group.calculator, figures, local_government, year)
    record.co2_saving_kg = saving.co2_kg if saving else None
    record.cost_saving = (
        Decimal(str(round(saving.cost, 2))) if saving and saving.cost is not None else None
    )
    record.grid_factor = grid_label
    record.save()
    record.criteria.set(criteria)
    return record


# --- Green share ------------------------------------------------------------------


@dataclass(frozen=True)
class YearShare:
    year: int
    currency: str
    green: Decimal
    total: Decimal
    percent: float | None
    tenders: int


def green_shares(local_government: LocalGovernment) -> list[YearShare]:
    """The member's green share of awarded spend, by year and currency (amounts of
    different currencies are never added without a rate: see network.py)."""
    groups: dict[tuple[int, str], list[tuple[Decimal, bool]]] = defaultdict(list)
    rows = (
        ProcurementTender.objects.awarded()
        .filter(local_government=local_government)
        .values_list("awarded_on", "currency", "value", "criteria_applied")
    )
    for awarded_on, currency, value, applied in rows:
        groups[awarded_on.year, currency].append((value, applied))
    shares = []
    for (year, currency), pairs in sorted(groups.items()):
        share = method.green_share(pairs)
        shares.append(
            YearShare(year, currency, share.green, share.total, share.percent, len(pairs))
        )
    return shares


def to_currency(
    value: Decimal, currency: str, to: str, on: datetime.date
) -> tuple[Decimal, ExchangeRate | None] | None:
    """`value` in `to` at the platform's rate on or before `on`; None without a rate."""
    try:
        money, rate = convert(Money(value, currency), to, on=on)
    except ValidationError:
        return None
    return money.amount, rate


# --- The library ------------------------------------------------------------------


@transaction.atomic
def criterion_revise(
    *,
    criterion: ProcurementCriterion,
    level: str,
    kind: str,
    text: str,
    verification: str,
    reference: str = "",
) -> ProcurementCriterion:
    """Change a criterion: in place while no tender applied it, else as a new
    version that replaces it in the library, the tenders keeping the old one."""
    if not criterion.is_current:
        raise ValidationError(gettext("Revise the current version of a criterion."))
    changes = {
        "level": level,
        "kind": kind,
        "text": text,
        "verification": verification,
        "reference": reference,
    }
    if not criterion.tenders.exists():
        for name, value in changes.items():
            setattr(criterion, name, value)
        criterion.full_clean()
        criterion.save()
        return criterion
    ProcurementCriterion.objects.filter(pk=criterion.pk).update(is_current=False)
    revised = ProcurementCriterion(
        group=criterion.group, code=criterion.code, version=criterion.version + 1, **changes
    )
    revised.full_clean()
    revised.save()
    return revised


@dataclass(frozen=True)
class CombinedShare:
    """A member's year in one currency: the year's main currency (of the largest
    spend), the others converted at the platform's rates on 31 December."""

    year: int
    currency: str
    green: Decimal
    total: Decimal
    percent: float | None
    rates: tuple[str, ...]  # the rates used, in words
    missing: tuple[str, ...]  # currencies with no rate: no combined share then


def combined_shares(local_government: LocalGovernment) -> list[CombinedShare]:
    """The member's green share by year in one currency, when the rates allow."""
    by_year: dict[int, list[YearShare]] = defaultdict(list)
    for share in green_shares(local_government):
        by_year[share.year].append(share)
    combined = []
    for year, shares in sorted(by_year.items()):
        main = max(shares, key=lambda s: (s.total, s.currency))
        green, total = Decimal(0), Decimal(0)
        rates: list[str] = []
        missing: list[str] = []
        for share in shares:
            if share.currency == main.currency:
                green += share.green
                total += share.total
                continue
            on = datetime.date(year, 12, 31)
            converted_total = to_currency(share.total, share.currency, main.currency, on)
            converted_green = to_currency(share.green, share.currency, main.currency, on)
            if converted_total is None or converted_green is None:
                missing.append(share.currency)
                continue
            total += converted_total[0]
            green += converted_green[0]
            rates.append(str(converted_total[1]))
        percent = None if missing else method.GreenShare(green, total).percent
        combined.append(
            CombinedShare(
                year,
                main.currency,
                green,
                total,
                percent,
                tuple(rates),
                tuple(missing),
            )
        )
    return combined


# --- The professionals' network -----------------------------------------------------


@transaction.atomic
def professional_join(
    *, user, region, groups, organisation: str = "", about: str = "", show_email: bool = False
) -> ProcurementProfessional:
    """Opt the person in to the directory, or change what they show in it."""
    if not groups:
        raise ValidationError({"groups": gettext("Choose at least one product group.")})
    professional, _created = ProcurementProfessional.objects.update_or_create(
        user=user,
        defaults={
            "region": region,
            "organisation": organisation,
            "about": about,
            "show_email": show_email,
        },
    )
    professional.groups.set(groups)
    return professional
