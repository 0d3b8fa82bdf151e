"""Membership dues: the fee schedule, pro rata, reductions and receivables ageing.

A local government's annual fee is a cell of a table: its population band
(lower end inclusive, upper end exclusive) × the World Bank income group of its
country. Associations of local governments pay a flat fee per category. A member
joining during the membership year pays pro rata by the schedule's rule, and a
decided hardship reduction takes a percentage off.

All money here is :class:`~decimal.Decimal` in the schedule's currency, never a
float: a float cannot hold 0.10 exactly, so a float fee is a bug and is refused
with ``TypeError``. Every amount that is charged is rounded to cents with
``ROUND_HALF_UP`` — commercial rounding, the rule invoices and accounting use
(half a cent goes up), rather than the banker's rounding that Decimal applies
by default. Ratios (months remaining, percentages) are applied exactly as
fractions and rounded once, at the end.

Band indexes (keys of :attr:`ScheduleTable.fees`, results of :func:`band_of`)
are positions in :attr:`ScheduleTable.bands`, counted from 0; messages meant for
people number the bands from 1 ("band 2 (50,000–99,999)").

:data:`EXAMPLE_SCHEDULE` is example data around the one published reference
point issue 12 names, not a schedule adopted by any body.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from fractions import Fraction

# Ageing buckets in the order a receivables report lists them.
AGEING_BUCKETS = ("current", "0-30", "31-60", "61-90", "over-90")


class ScheduleError(ValueError):
    """A fee schedule that cannot price a membership, with the cell to blame."""


class IncomeGroup(StrEnum):
    """The World Bank's income groups of economies (its annual classification)."""

    LOW = "low"
    LOWER_MIDDLE = "lower-middle"
    UPPER_MIDDLE = "upper-middle"
    HIGH = "high"

    @property
    def label(self) -> str:
        """The group as it reads in a sentence: "lower-middle income"."""
        return f"{self.value} income"

    @classmethod
    def from_world_bank(cls, text: str) -> IncomeGroup:
        """The group of one of the World Bank's labels ("Lower middle income").

        Case and surrounding spaces do not matter. The World Bank leaves a few
        economies unclassified (a blank cell); a blank is refused like any other
        unknown label, so the caller decides what an unclassified country means.
        """
        if not isinstance(text, str):
            raise TypeError(f"A World Bank income group is text, not {type(text).__name__}.")
        group = _WORLD_BANK_LABELS.get(" ".join(text.lower().split()))
        if group is None:
            known = ", ".join(f"'{label}'" for label in _WORLD_BANK_SPELLING)
            raise ValueError(f"'{text}' is not a World Bank income group; expected one of {known}.")
        return group


_WORLD_BANK_SPELLING = {
    "Low income": IncomeGroup.LOW,
    "Lower middle income": IncomeGroup.LOWER_MIDDLE,
    "Upper middle income": IncomeGroup.UPPER_MIDDLE,
    "High income": IncomeGroup.HIGH,
}
_INCOME_GROUP_VALUES = tuple(group.value for group in IncomeGroup)
_WORLD_BANK_LABELS = {label.lower(): group for label, group in _WORLD_BANK_SPELLING.items()}


class ProRata(StrEnum):
    """How a member joining during the membership year is charged.

    NONE charges the full annual fee; MONTHLY charges the whole months that
    remain, the month of joining included; QUARTERLY the quarters that remain,
    the quarter of joining included. Months and quarters are counted from the
    start of the membership year, so a July–June year has July as its first
    month and July–September as its first quarter.
    """

    NONE = "none"
    MONTHLY = "monthly"
    QUARTERLY = "quarterly"


class DuesBasis(StrEnum):
    """What a membership category's dues depend on.

    POPULATION: the schedule's cell for the member's population band and its
    country's income group (local governments). FLAT: the category's flat fee
    (associations of local governments). NONE: the category pays no dues
    (campaign participants who are not members).
    """

    POPULATION = "population"
    FLAT = "flat"
    NONE = "none"


class NotInvoicedReason(StrEnum):
    """Why a membership gets no invoice: listed for a person, never charged zero."""

    NO_POPULATION = "no-population"
    NO_INCOME_GROUP = "no-income-group"
    NO_DUES = "no-dues"


_NOT_INVOICED_TEXT = {
    NotInvoicedReason.NO_POPULATION: (
        "The member has no population on record, so its population band is unknown."
    ),
    NotInvoicedReason.NO_INCOME_GROUP: (
        "The member's country has no income group for the year, so its fee is unknown."
    ),
    NotInvoicedReason.NO_DUES: "The member's category pays no dues.",
}


class NotInvoiced(Exception):
    """A membership that is not invoiced, with the reason (a :class:`NotInvoicedReason`).

    Raised instead of returning a zero charge, so that missing data can never
    turn into a free membership by accident.
    """

    def __init__(self, reason: NotInvoicedReason) -> None:
        self.reason = NotInvoicedReason(reason)
        super().__init__(_NOT_INVOICED_TEXT[self.reason])


def _whole_number(value: object, what: str) -> int:
    """An int that is not a bool; floats and other types are a bug in the caller."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{what} is a whole number, not {type(value).__name__} ({value!r}).")
    return value


def _money(value: object, what: str) -> Decimal:
    """A Decimal (an int is taken exactly); a float is refused as a bug."""
    if isinstance(value, Decimal):
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        return Decimal(value)
    if isinstance(value, float):
        raise TypeError(
            f"{what} is a float ({value!r}); money is exact: pass Decimal('{value}') instead."
        )
    raise TypeError(f"{what} is a Decimal, not {type(value).__name__} ({value!r}).")


def _finite(value: Decimal, what: str) -> Decimal:
    if not value.is_finite():
        raise ValueError(f"{what} is not a finite amount ({value}).")
    return value


def _round_half_up(value: Fraction, exponent: int = -2) -> Decimal:
    """An exact non-negative ratio rounded once to 10**exponent (cents by default), half up.

    Done on the exact fraction so that no intermediate Decimal rounding (to the
    context's 28 digits) can move a result across a half.
    """
    if value < 0:
        raise ValueError(f"Only amounts of zero or more are rounded here, not {value}.")
    units, remainder = divmod(value * 10**-exponent, 1)
    if remainder >= Fraction(1, 2):
        units += 1
    return Decimal(f"{int(units)}E{exponent}")


def _date(value: object, what: str) -> date:
    # A datetime is a date too, but compares badly with one and carries a
    # time zone question that dues have no answer for.
    if isinstance(value, datetime) or not isinstance(value, date):
        raise TypeError(f"{what} is a date, not {type(value).__name__} ({value!r}).")
    return value


def _number(n: int) -> str:
    return f"{n:,}"


@dataclass(frozen=True)
class Band:
    """A population band: from ``lower`` (inclusive) up to ``upper`` (exclusive).

    ``upper`` None means the band has no upper end. Whether the band makes
    sense (not empty, not negative) is for :func:`check_schedule` to say, with
    the band named, rather than an exception that would hide the other problems.
    """

    lower: int
    upper: int | None

    def __post_init__(self) -> None:
        _whole_number(self.lower, "A band's lower end")
        if self.upper is not None:
            _whole_number(self.upper, "A band's upper end")

    def __contains__(self, population: object) -> bool:
        if not isinstance(population, int) or isinstance(population, bool):
            return False
        return self.lower <= population and (self.upper is None or population < self.upper)

    @property
    def label(self) -> str:
        """The band as people write it: "50,000–99,999", "under 50,000", "4,000,000 or more"."""
        if self.upper is None:
            if self.lower <= 0:
                return "any population"
            return f"{_number(self.lower)} or more"
        if self.lower <= 0:
            return f"under {_number(self.upper)}"
        return f"{_number(self.lower)}–{_number(self.upper - 1)}"


@dataclass(frozen=True)
class ScheduleTable:
    """The figures of a fee schedule.

    ``fees`` maps (band index, income group) to the annual fee of a local
    government in that cell; ``flat`` maps a membership category's code to its
    flat annual fee. Keys and amounts are normalised on construction (income
    groups given as their values become :class:`IncomeGroup`, int amounts become
    Decimal); a float amount is refused with ``TypeError``. Everything else that
    can be wrong with a table is listed by :func:`check_schedule`.
    """

    bands: tuple[Band, ...]
    fees: Mapping[tuple[int, IncomeGroup], Decimal]
    flat: Mapping[str, Decimal] = field(default_factory=dict)

    def __post_init__(self) -> None:
        bands = tuple(self.bands)
        for band in bands:
            if not isinstance(band, Band):
                raise TypeError(f"A schedule's bands are Band objects, not {band!r}.")
        fees: dict[tuple[int, IncomeGroup], Decimal] = {}
        for (index, group), amount in self.fees.items():
            _whole_number(index, "A band index")
            if group not in _INCOME_GROUP_VALUES:
                raise ValueError(
                    f"Band {index + 1}: '{group}' is not an income group; expected one of "
                    f"{', '.join(_INCOME_GROUP_VALUES)}."
                )
            group = IncomeGroup(group)
            fees[index, group] = _money(amount, f"The fee for band {index + 1} × {group.label}")
        flat = {
            str(code): _money(amount, f"The flat fee for '{code}'")
            for code, amount in self.flat.items()
        }
        object.__setattr__(self, "bands", bands)
        object.__setattr__(self, "fees", fees)
        object.__setattr__(self, "flat", flat)

    def band_name(self, index: int) -> str:
        """A band as messages name it: "band 2 (50,000–99,999)" (numbered from 1)."""
        return f"band {index + 1} ({self.bands[index].label})"


def _amount_problem(amount: Decimal) -> str | None:
    """What is wrong with a fee as a charge, if anything."""
    if not amount.is_finite():
        return f"is not a finite amount ({amount})"
    if amount < 0:
        return f"is negative ({amount})"
    if (Fraction(amount) * 100).denominator != 1:
        return f"has more than 2 decimal places ({amount})"
    return None


def check_schedule(table: ScheduleTable) -> list[str]:
    """Every problem of a fee schedule, each naming its exact band or cell.

    Bands must run from 0, upwards in order, without overlaps or gaps, the last
    one without an upper end, so that every population falls in exactly one
    band. Every band × income group needs a fee, and every fee (flat ones
    too) must be a finite, non-negative amount in cents. An empty list means
    the table can price any local government.
    """
    problems: list[str] = []
    bands = table.bands
    if not bands:
        return ["The schedule has no population bands."]
    name = table.band_name

    for i, band in enumerate(bands):
        if band.lower < 0:
            problems.append(
                f"Band {i + 1} ({band.label}) starts below zero ({_number(band.lower)})."
            )
        if _is_empty(band):
            problems.append(
                f"Band {i + 1} ({band.label}) is empty: its upper end ({_number(band.upper or 0)}) "
                f"is not above its lower end ({_number(band.lower)})."
            )
    for i in range(len(bands) - 1):
        if bands[i + 1].lower < bands[i].lower:
            problems.append(
                f"Band {i + 2} ({bands[i + 1].label}) starts below {name(i)}: list the bands "
                "from the smallest population up."
            )

    for i in range(len(bands)):
        for j in range(i + 1, len(bands)):
            a, b = bands[i], bands[j]
            if _is_empty(a) or _is_empty(b):
                continue
            start = max(a.lower, b.lower)
            ends = [upper for upper in (a.upper, b.upper) if upper is not None]
            end = min(ends) if ends else None
            if end is not None and start >= end:
                continue
            span = (
                f"from {_number(start)} upwards"
                if end is None
                else f"from {_number(start)} to {_number(end - 1)}"
            )
            problems.append(f"Bands {i + 1} ({a.label}) and {j + 1} ({b.label}) overlap {span}.")

    problems.extend(_coverage_problems(table))

    for i in range(len(bands)):
        for group in IncomeGroup:
            amount = table.fees.get((i, group))
            if amount is None:
                problems.append(f"No fee for {name(i)} × {group.label}.")
                continue
            problem = _amount_problem(amount)
            if problem:
                problems.append(f"The fee for {name(i)} × {group.label} {problem}.")
    for index, group in sorted(
        table.fees, key=lambda key: (key[0], list(IncomeGroup).index(key[1]))
    ):
        if not 0 <= index < len(bands):
            problems.append(
                f"A fee is set for band {index + 1} × {group.label}, but the schedule has "
                f"{len(bands)} bands."
            )
    for code, amount in table.flat.items():
        if not code.strip():
            problems.append(f"A flat fee ({amount}) has no category code.")
        problem = _amount_problem(amount)
        if problem:
            problems.append(f"The flat fee for '{code}' {problem}.")
    return problems


def _is_empty(band: Band) -> bool:
    return band.upper is not None and band.upper <= band.lower


def _coverage_problems(table: ScheduleTable) -> list[str]:
    """Gaps between the bands, below the first and above the last."""
    problems: list[str] = []
    order = sorted(
        (i for i, band in enumerate(table.bands) if not _is_empty(band)),
        key=lambda i: table.bands[i].lower,
    )
    if not order:
        return problems
    first = order[0]
    if table.bands[first].lower > 0:
        problems.append(
            f"The first band, {table.band_name(first)}, starts at "
            f"{_number(table.bands[first].lower)}, not 0: no band covers populations under "
            f"{_number(table.bands[first].lower)}."
        )
    covered = max(table.bands[first].lower, 0)
    for i in order:
        band = table.bands[i]
        if band.lower > covered and i != first:
            problems.append(f"No band covers {_number(covered)}–{_number(band.lower - 1)}.")
        if band.upper is None:
            return problems
        covered = max(covered, band.upper)
    problems.append(
        f"The last band, {table.band_name(order[-1])}, has an upper end: no band covers "
        f"{_number(covered)} or more."
    )
    return problems


def band_of(table: ScheduleTable, population: int | None) -> int:
    """The index of the band a population falls in (0 for the first band).

    Refuses a missing or negative population with ``ValueError``, and a table
    in which the population falls in no band or in several with
    :class:`ScheduleError` naming the bands.
    """
    if population is None:
        raise ValueError("No population: a population band cannot be chosen without one.")
    _whole_number(population, "A population")
    if population < 0:
        raise ValueError(f"A population cannot be negative ({_number(population)}).")
    matches = [i for i, band in enumerate(table.bands) if population in band]
    if not matches:
        raise ScheduleError(
            f"No band of the schedule covers a population of {_number(population)}."
        )
    if len(matches) > 1:
        names = " and ".join(table.band_name(i) for i in matches)
        raise ScheduleError(
            f"A population of {_number(population)} falls in {names}: the bands overlap."
        )
    return matches[0]


def annual_fee(
    table: ScheduleTable, *, population: int | None, income_group: IncomeGroup | str | None
) -> Decimal:
    """A local government's full annual fee: the cell of its band × income group.

    Raises ``ValueError`` for a missing population or income group and
    :class:`ScheduleError` for a cell without a usable fee.
    """
    if income_group is None:
        raise ValueError("No income group: the fee cannot be chosen without one.")
    group = IncomeGroup(income_group)
    index = band_of(table, population)
    amount = table.fees.get((index, group))
    if amount is None:
        raise ScheduleError(f"No fee for {table.band_name(index)} × {group.label}.")
    problem = _amount_problem(amount)
    if problem:
        raise ScheduleError(f"The fee for {table.band_name(index)} × {group.label} {problem}.")
    return _round_half_up(Fraction(amount))


def flat_fee(table: ScheduleTable, category: str) -> Decimal:
    """The flat annual fee of a membership category (associations), by its code."""
    amount = table.flat.get(category)
    if amount is None:
        known = ", ".join(f"'{code}'" for code in sorted(table.flat)) or "none"
        raise ScheduleError(
            f"The schedule has no flat fee for '{category}' (flat fees are set for: {known})."
        )
    problem = _amount_problem(amount)
    if problem:
        raise ScheduleError(f"The flat fee for '{category}' {problem}.")
    return _round_half_up(Fraction(amount))


def _months_between(start: date, later: date) -> int:
    """Whole calendar months from the month of ``start`` to the month of ``later``."""
    return (later.year - start.year) * 12 + later.month - start.month


def _next_day(day: date) -> date:
    return date.fromordinal(day.toordinal() + 1)


def pro_rata_share(
    *, joined_on: date, year_start: date, year_end: date, rule: ProRata | str
) -> Fraction:
    """The share of the annual fee a member joining on ``joined_on`` pays (0 < share ≤ 1).

    Joined on or before the first day of the year: the whole fee. MONTHLY: the
    months that remain, the month of joining included (joined 15 March in a
    January–December year: 10/12). QUARTERLY: likewise in quarters of the
    membership year (joined 15 March: 4/4; 1 April: 3/4). For these two rules
    the year must run from the first day of a month to the last day of a month,
    and for QUARTERLY be a whole number of quarters long. Joining after the
    year's last day is a ``ValueError``: that membership belongs to a later year.
    """
    rule = ProRata(rule)
    joined_on = _date(joined_on, "The date of joining")
    year_start = _date(year_start, "The start of the membership year")
    year_end = _date(year_end, "The end of the membership year")
    if year_end < year_start:
        raise ValueError(f"The membership year ends ({year_end}) before it starts ({year_start}).")
    if joined_on > year_end:
        raise ValueError(
            f"Joined on {joined_on}, after the membership year ending {year_end}: "
            "the membership is charged from the next year."
        )
    if rule is ProRata.NONE or joined_on <= year_start:
        return Fraction(1)
    if year_start.day != 1 or _next_day(year_end).day != 1:
        raise ValueError(
            f"Pro rata by {'months' if rule is ProRata.MONTHLY else 'quarters'} needs a "
            f"membership year from the first day of a month to the last day of one, not "
            f"{year_start} to {year_end}."
        )
    months = _months_between(year_start, year_end) + 1
    joined_month = _months_between(year_start, joined_on)
    if rule is ProRata.MONTHLY:
        return Fraction(months - joined_month, months)
    if months % 3:
        raise ValueError(
            f"Pro rata by quarters needs a membership year of whole quarters; "
            f"{year_start} to {year_end} is {months} months."
        )
    quarters = months // 3
    return Fraction(quarters - joined_month // 3, quarters)


def pro_rata(
    amount: Decimal, *, joined_on: date, year_start: date, year_end: date, rule: ProRata | str
) -> Decimal:
    """The annual ``amount`` charged to a member joining on ``joined_on``, in cents.

    The share is :func:`pro_rata_share`; the result is rounded to cents with
    ROUND_HALF_UP, the commercial rounding invoices use (half a cent up).
    """
    amount = _finite(_money(amount, "The amount"), "The amount")
    if amount < 0:
        raise ValueError(f"An annual fee cannot be negative ({amount}).")
    share = pro_rata_share(joined_on=joined_on, year_start=year_start, year_end=year_end, rule=rule)
    return _round_half_up(Fraction(amount) * share)


def reduced(amount: Decimal, percent: Decimal) -> Decimal:
    """``amount`` less a reduction of ``percent`` (0–100; 100 is a waiver: 0.00).

    Rounded to cents with ROUND_HALF_UP, the commercial rounding of invoices.
    """
    amount = _finite(_money(amount, "The amount"), "The amount")
    percent = _finite(_money(percent, "The reduction"), "The reduction")
    if amount < 0:
        raise ValueError(f"An amount to reduce cannot be negative ({amount}).")
    if not 0 <= percent <= 100:
        raise ValueError(f"A reduction lies between 0 % and 100 %, not {percent} %.")
    return _round_half_up(Fraction(amount) * (100 - Fraction(percent)) / 100)


@dataclass(frozen=True)
class Charge:
    """A computed due and how it came about.

    ``lines`` are (description key, amount) pairs in the order an invoice shows
    them: "annual-fee" (a band × income group cell) or "flat-fee", then
    "pro-rata" (negative: the part of the year before joining) and "reduction"
    (negative: the decided hardship reduction). ``total`` is their sum, which
    is checked. A waived due is a charge of 0.00 with its reduction line, never
    a silent zero. ``band`` and ``income_group`` record the cell for a
    population-based fee, ``share`` the pro-rata share of the year.
    """

    lines: tuple[tuple[str, Decimal], ...]
    total: Decimal
    band: int | None = None
    income_group: IncomeGroup | None = None
    share: Fraction = Fraction(1)

    def __post_init__(self) -> None:
        parts = sum((amount for _, amount in self.lines), Decimal("0.00"))
        if parts != self.total:
            raise ValueError(
                f"A charge's total ({self.total}) is not the sum of its lines ({parts})."
            )


def dues_for(
    table: ScheduleTable,
    *,
    category: str,
    basis: DuesBasis | str,
    population: int | None,
    income_group: IncomeGroup | str | None,
    joined_on: date,
    year_start: date,
    year_end: date,
    rule: ProRata | str,
    reduction_percent: Decimal | None = None,
) -> Charge:
    """The dues of one membership for one membership year, line by line.

    ``basis`` says how the ``category`` pays (:class:`DuesBasis`). Raises
    :class:`NotInvoiced` when the category pays no dues or when the population
    or income group a population-based fee needs is missing, so that a run lists
    those members with the reason rather than charging them zero.
    """
    basis = DuesBasis(basis)
    if basis is DuesBasis.NONE:
        raise NotInvoiced(NotInvoicedReason.NO_DUES)
    band: int | None = None
    group: IncomeGroup | None = None
    if basis is DuesBasis.FLAT:
        full = flat_fee(table, category)
        lines = [("flat-fee", full)]
    else:
        if population is None:
            raise NotInvoiced(NotInvoicedReason.NO_POPULATION)
        if income_group is None:
            raise NotInvoiced(NotInvoicedReason.NO_INCOME_GROUP)
        group = IncomeGroup(income_group)
        band = band_of(table, population)
        full = annual_fee(table, population=population, income_group=group)
        lines = [("annual-fee", full)]
    share = pro_rata_share(joined_on=joined_on, year_start=year_start, year_end=year_end, rule=rule)
    charged = pro_rata(
        full, joined_on=joined_on, year_start=year_start, year_end=year_end, rule=rule
    )
    if charged != full:
        lines.append(("pro-rata", charged - full))
    if reduction_percent is not None:
        after = reduced(charged, reduction_percent)
        lines.append(("reduction", after - charged))
        charged = after
    return Charge(tuple(lines), charged, band=band, income_group=group, share=share)


def ageing_bucket(due_on: date, on: date) -> str:
    """The receivables-ageing bucket of an unpaid invoice due on ``due_on``, seen ``on`` a day.

    Days past due: before the due date "current"; 0–30 days (the due date
    itself is day 0) "0-30"; then "31-60", "61-90" and "over-90".
    """
    days = (_date(on, "The day of the report") - _date(due_on, "The due date")).days
    if days < 0:
        return "current"
    if days <= 30:
        return "0-30"
    if days <= 60:
        return "31-60"
    if days <= 90:
        return "61-90"
    return "over-90"


def collection_rate(invoiced: Decimal, collected: Decimal) -> Decimal | None:
    """The percentage of the invoiced amount that was collected, to one decimal place.

    None when nothing was invoiced: a rate of nothing is not 0 % nor 100 %.
    Rounded half up like every other figure here.
    """
    invoiced = _finite(_money(invoiced, "The amount invoiced"), "The amount invoiced")
    collected = _finite(_money(collected, "The amount collected"), "The amount collected")
    if invoiced < 0 or collected < 0:
        raise ValueError(
            f"Amounts invoiced ({invoiced}) and collected ({collected}) cannot be negative."
        )
    if invoiced == 0:
        return None
    return _round_half_up(Fraction(collected) * 100 / Fraction(invoiced), exponent=-1)


# Upper ends of the example's bands; each is the next band's lower end.
_EXAMPLE_EDGES = (
    50_000, 100_000, 250_000, 500_000, 750_000, 1_000_000, 2_000_000, 3_000_000, 4_000_000,
)  # fmt: skip
EXAMPLE_BANDS: tuple[Band, ...] = tuple(
    Band(lower, upper)
    for lower, upper in zip((0, *_EXAMPLE_EDGES), (*_EXAMPLE_EDGES, None), strict=True)
)
"""Ten population bands, from under 50,000 to 4,000,000 or more (example data)."""

# High-income fees per band, euros. Only the ends (450 and 5,985) are a
# published reference point (issue 12); the steps between are example data.
_EXAMPLE_HIGH = (450, 700, 1_050, 1_500, 2_000, 2_600, 3_300, 4_100, 5_000, 5_985)
# Each lower group pays a fixed share of the high-income fee (example data).
_EXAMPLE_SHARES = {
    IncomeGroup.HIGH: 100,
    IncomeGroup.UPPER_MIDDLE: 60,
    IncomeGroup.LOWER_MIDDLE: 30,
    IncomeGroup.LOW: 15,
}

EXAMPLE_SCHEDULE = ScheduleTable(
    bands=EXAMPLE_BANDS,
    fees={
        (i, group): _round_half_up(Fraction(high * share, 100), exponent=0)
        for i, high in enumerate(_EXAMPLE_HIGH)
        for group, share in _EXAMPLE_SHARES.items()
    },
    flat={
        "national-association": Decimal("2620"),
        "subnational-association": Decimal("1870"),
    },
)
"""EXAMPLE DATA, not a schedule adopted by any body.

Ten population bands from under 50,000 to 4,000,000 or more. In the high-income
group the fee runs from €450 (smallest band) to €5,985 (largest), with flat fees
of €2,620 for national and €1,870 for subnational associations of local
governments: the one published reference point issue 12 names. The fees between
the ends, and the other groups (upper-middle 60 %, lower-middle 30 %, low 15 % of
the high-income fee, rounded to whole euros half up), are made up to fill the
table. The secretariat enters the real schedule.
"""
