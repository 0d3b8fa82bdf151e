"""The annual dues run: one invoice per active membership and membership year.

For one membership year (a calendar year, 1 January to 31 December) and one
office (or every office), the run reads the active memberships the office
invoices (`services.invoicing_office`'s rule), prices each with the schedule
in force for that office (`FeeSchedule.objects.in_force`) through
`core.dues.dues_for` — population band × income group or the category's flat
fee, pro rata for a member joining during the year by the schedule's rule,
then a granted reduction — and issues the invoices with their lines.

What an invoice says is what stood on the run's reference date (`on`): the
member's population (read back from the register's history when the member
was changed after that day), the income group of its country in the World
Bank classification in force that day, its category. A membership that
cannot be priced is listed with the reason and never charged zero; one that
already has its invoice for the year is left alone, so running twice creates
nothing new. A dry run does all the reading and pricing and writes nothing.

Speed (10,000 memberships well under 30 s on SQLite and PostgreSQL): the
register is read in a handful of queries and every invoice is priced in
Python before anything is written. The writes go in batches of
`BATCH_SIZE` invoices, each batch one short transaction that takes its block
of numbers from the office's series (the series row locked, as
`services.next_number` does), bulk-creates the invoices and their lines and
queues the task that renders and e-mails their PDFs. A batch that fails rolls
back whole — its numbers with it, so the series stays gapless — and the
batches before it stand: a run that stops half-way is finished by running it
again. One transaction for the whole run would hold SQLite's write lock (every
other writer of the site waits) for the whole run; a transaction per invoice
would cost a commit each (most of the time on PostgreSQL).
"""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone, translation
from django.utils.formats import number_format
from django.utils.translation import gettext, ngettext
from djmoney.money import Money

from localaction.accounts.models import Person, Role
from localaction.background.progress import Progress
from localaction.background.tasks import background
from localaction.core import dues
from localaction.finance import permissions
from localaction.finance.models import (
    CountryIncomeGroup,
    FeeSchedule,
    Invoice,
    InvoiceLine,
    InvoiceNumberSeries,
    Reduction,
    fiscal_year_on,
    payment_reference,
)
from localaction.finance.models.income import IncomeGroup
from localaction.finance.services import next_number
from localaction.network.models import (
    Country,
    LocalGovernment,
    Membership,
    MembershipCategory,
    Office,
)

BATCH_SIZE = 500
LANGUAGES = {code for code, _ in settings.LANGUAGES}

# Reasons a membership is not invoiced, beyond core.dues.NotInvoicedReason.
NO_SCHEDULE = "no-schedule"
SCHEDULE_PROBLEM = "schedule-problem"
JOINS_LATER = "joins-later"


class DuesRunError(ValueError):
    """A run that cannot start (unknown office, no schedule in force), in words."""


@dataclass(frozen=True)
class NotInvoiced:
    membership_id: int
    code: str
    name: str
    office: str
    reason: str
    text: str


@dataclass
class Planned:
    """One invoice the run will issue, priced."""

    membership_id: int
    local_government_id: int
    code: str
    name: str
    office: Office
    schedule: FeeSchedule
    category_id: int
    fee_basis: str
    population: int | None
    population_year: int | None
    income_group: str
    income_group_fiscal_year: int | None
    language: str
    charge: dues.Charge
    descriptions: tuple[str, ...]

    @property
    def currency(self) -> str:
        return self.schedule.currency


@dataclass
class Outcome:
    """What a run did (or, dry, would do)."""

    year: int
    on: datetime.date
    dry_run: bool
    planned: list[Planned] = field(default_factory=list)
    numbers: list[str] = field(default_factory=list)
    already_invoiced: int = 0
    not_invoiced: list[NotInvoiced] = field(default_factory=list)

    @property
    def invoices(self) -> int:
        return len(self.planned) if self.dry_run else len(self.numbers)

    def totals(self) -> dict[str, Decimal]:
        """The invoiced (or, dry, to be invoiced) total per currency."""
        totals: dict[str, Decimal] = defaultdict(lambda: Decimal("0.00"))
        for planned in self.planned:
            totals[planned.currency] += planned.charge.total
        return dict(sorted(totals.items()))

    def by_office(self) -> dict[str, int]:
        return dict(sorted(Counter(planned.office.code for planned in self.planned).items()))

    def reasons(self) -> dict[str, int]:
        return dict(sorted(Counter(item.reason for item in self.not_invoiced).items()))

    def as_json(self) -> dict:
        return {
            "year": self.year,
            "on": self.on.isoformat(),
            "dry_run": self.dry_run,
            "invoices": self.invoices,
            "by_office": self.by_office(),
            "totals": {currency: str(total) for currency, total in self.totals().items()},
            "already_invoiced": self.already_invoiced,
            "numbers": [self.numbers[0], self.numbers[-1]] if self.numbers else [],
            "not_invoiced": [
                {"code": item.code, "name": item.name, "office": item.office, "reason": item.text}
                for item in self.not_invoiced
            ],
        }


# Where each member is invoiced


def offices_by_country(countries: Iterable[Country]) -> dict[str, Office]:
    """The invoicing office of every country given, by `services.invoicing_office`'s
    rule (a country office covering it, else a regional secretariat covering its
    region, else one covering the country, else the World Secretariat; the
    smallest code first), from one read of the offices rather than three
    queries per member."""
    offices = list(Office.objects.prefetch_related("countries", "regions").order_by("code"))
    world = next((office for office in offices if office.kind == Office.Kind.WORLD), None)
    covers_country = {o.pk: {c.pk for c in o.countries.all()} for o in offices}
    covers_region = {o.pk: {r.pk for r in o.regions.all()} for o in offices}
    chosen: dict[str, Office] = {}
    for country in countries:
        country_offices = [o for o in offices if o.kind == Office.Kind.COUNTRY]
        regional = [o for o in offices if o.kind == Office.Kind.REGIONAL]
        candidates = (
            [o for o in country_offices if country.pk in covers_country[o.pk]],
            [o for o in regional if country.region_id in covers_region[o.pk]],
            [o for o in regional if country.pk in covers_country[o.pk]],
        )
        office = next((found[0] for found in candidates if found), world)
        if office is None:
            raise DuesRunError(gettext("The register has no World Secretariat to invoice from."))
        chosen[country.pk] = office
    return chosen


# Reading the register as it stood on the reference date


def _populations_on(
    rows: list[dict], on: datetime.date
) -> dict[int, tuple[int | None, int | None]]:
    """Population and its year of each local government as they stood at the end
    of `on`: the current values for those not changed since, else the last
    historical record made by then (the current values when none was: a member
    entered in bulk, without history)."""
    end = timezone.make_aware(
        datetime.datetime.combine(on + datetime.timedelta(days=1), datetime.time())
    )
    found = {row["lg_id"]: (row["population"], row["population_year"]) for row in rows}
    changed = [row["lg_id"] for row in rows if row["updated_at"] and row["updated_at"] >= end]
    history = LocalGovernment.history.model
    for start in range(0, len(changed), 1000):
        records = (
            history.objects.filter(id__in=changed[start : start + 1000], history_date__lt=end)
            .order_by("id", "history_date", "history_id")
            .values_list("id", "population", "population_year")
        )
        for lg_id, population, population_year in records:
            found[lg_id] = (population, population_year)  # the latest comes last
    return found


def _income_groups_on(country_codes: set[str], on: datetime.date) -> dict[str, CountryIncomeGroup]:
    """Each country's classification in force on `on` (`in_force_on` for many)."""
    groups: dict[str, CountryIncomeGroup] = {}
    for record in CountryIncomeGroup.objects.filter(
        country__in=country_codes, fiscal_year__lte=fiscal_year_on(on)
    ).order_by("country", "-fiscal_year"):
        groups.setdefault(record.country_id, record)
    return groups


def _languages(rows: list[dict]) -> dict[int, str]:
    """The language of each member's invoice: the first of its working languages
    the platform writes, else the one its editors chose most (their Person
    setting), else English."""
    chosen: dict[int, str] = {}
    undecided = []
    for row in rows:
        spoken = [code for code in row["languages"] or [] if code in LANGUAGES]
        if spoken:
            chosen[row["lg_id"]] = spoken[0]
        else:
            undecided.append(row["lg_id"])
    votes: dict[int, Counter] = defaultdict(Counter)
    for start in range(0, len(undecided), 1000):
        roles = Role.objects.filter(
            kind=Role.Kind.EDITOR, local_government__in=undecided[start : start + 1000]
        ).values_list("local_government_id", "user_id")
        by_user = defaultdict(list)
        for lg_id, user_id in roles:
            by_user[user_id].append(lg_id)
        for user_id, language in Person.objects.filter(user__in=by_user).values_list(
            "user_id", "language"
        ):
            for lg_id in by_user[user_id]:
                votes[lg_id][language] += 1
    for lg_id in undecided:
        common = votes[lg_id].most_common(1)
        chosen[lg_id] = common[0][0] if common else settings.LANGUAGE_CODE
    return chosen


# Pricing


def year_bounds(year: int) -> tuple[datetime.date, datetime.date]:
    """The membership year: the calendar year."""
    return datetime.date(year, 1, 1), datetime.date(year, 12, 31)


def _descriptions(
    charge: dues.Charge, *, table, category, joined_on, percent, rule
) -> tuple[str, ...]:
    """The lines' descriptions in the active language."""
    texts = []
    for key, _amount in charge.lines:
        if key == "annual-fee":
            texts.append(
                gettext("Annual fee: population %(band)s, %(group)s")
                % {
                    "band": _band_label(table.bands[charge.band]),
                    "group": IncomeGroup(charge.income_group.value).label,
                }
            )
        elif key == "flat-fee":
            texts.append(gettext("Annual fee: %(category)s (flat fee)") % {"category": category})
        elif key == "pro-rata":
            if rule == dues.ProRata.QUARTERLY:
                text = gettext("Pro rata: member since %(date)s, %(part)s of %(whole)s quarters")
                whole = 4
            else:
                text = gettext("Pro rata: member since %(date)s, %(part)s of %(whole)s months")
                whole = 12
            texts.append(
                text % {"date": joined_on.isoformat(), "part": charge.share * whole, "whole": whole}
            )
        else:
            texts.append(
                gettext("Reduction granted: %(percent)s %%")
                % {"percent": number_format(percent.normalize())}
            )
    return tuple(texts)


def _band_label(band: dues.Band) -> str:
    if band.upper is None:
        return gettext("%(lower)s or more") % {
            "lower": number_format(band.lower, force_grouping=True)
        }
    if band.lower <= 0:
        return gettext("under %(upper)s") % {
            "upper": number_format(band.upper, force_grouping=True)
        }
    return gettext("%(lower)s to %(upper)s") % {
        "lower": number_format(band.lower, force_grouping=True),
        "upper": number_format(band.upper - 1, force_grouping=True),
    }


def _reason_text(reason: str, detail: str = "") -> str:
    texts = {
        dues.NotInvoicedReason.NO_POPULATION: gettext(
            "No population on record: its population band is unknown."
        ),
        dues.NotInvoicedReason.NO_INCOME_GROUP: gettext(
            "Its country has no income group for the year: its fee is unknown."
        ),
        dues.NotInvoicedReason.NO_DUES: gettext("Its category pays no dues."),
        NO_SCHEDULE: gettext("No adopted fee schedule for the year applies to its office."),
        JOINS_LATER: gettext("Member only from %(date)s, after the membership year."),
        SCHEDULE_PROBLEM: gettext("The schedule cannot price it: %(detail)s"),
    }
    return (
        texts[reason] % {"date": detail, "detail": detail}
        if "%(" in texts[reason]
        else texts[reason]
    )


def plan_run(
    *, year: int, on: datetime.date, office: Office | None = None, dry_run: bool = True
) -> Outcome:
    """Read and price every invoice the run would issue; writes nothing."""
    outcome = Outcome(year=year, on=on, dry_run=dry_run)
    year_start, year_end = year_bounds(year)
    rows = list(
        Membership.objects.filter(status=Membership.Status.ACTIVE)
        .order_by("local_government__code", "pk")
        .values(
            "pk",
            "category_id",
            "started_on",
            "approved_on",
            "applied_on",
            lg_id=F("local_government_id"),
            code=F("local_government__code"),
            name=F("local_government__name"),
            country=F("local_government__country_id"),
            population=F("local_government__population"),
            population_year=F("local_government__population_year"),
            updated_at=F("local_government__updated_at"),
            languages=F("local_government__languages"),
        )
    )
    countries = Country.objects.filter(pk__in={row["country"] for row in rows})
    office_of = offices_by_country(countries)
    if office is not None:
        rows = [row for row in rows if office_of[row["country"]].pk == office.pk]
    invoiced = set(
        Invoice.objects.filter(purpose=Invoice.Purpose.DUES, year=year).values_list(
            "membership_id", flat=True
        )
    )
    outcome.already_invoiced = sum(1 for row in rows if row["pk"] in invoiced)
    rows = [row for row in rows if row["pk"] not in invoiced]
    categories = {category.pk: category for category in MembershipCategory.objects.all()}
    schedules: dict[int, tuple[FeeSchedule, dues.ScheduleTable] | None] = {}
    for chosen in {office_of[row["country"]] for row in rows}:
        schedule = FeeSchedule.objects.in_force(year=year, office=chosen)
        schedules[chosen.pk] = (schedule, schedule.table()) if schedule else None
    populations = _populations_on(rows, on)
    groups = _income_groups_on({row["country"] for row in rows}, on)
    languages = _languages(rows)
    reductions = dict(
        Reduction.objects.filter(year=year, status=Reduction.Status.GRANTED).values_list(
            "membership_id", "percent"
        )
    )
    for row in rows:
        chosen = office_of[row["country"]]

        def skip(reason: str, detail: str = "", row=row, chosen=chosen) -> None:
            outcome.not_invoiced.append(
                NotInvoiced(
                    row["pk"], row["code"], row["name"], chosen.code, reason,
                    _reason_text(reason, detail),
                )
            )  # fmt: skip

        category = categories[row["category_id"]]
        joined_on = row["started_on"] or row["approved_on"] or row["applied_on"]
        if category.fee_basis == MembershipCategory.FeeBasis.NONE:
            skip(dues.NotInvoicedReason.NO_DUES)
            continue
        if schedules[chosen.pk] is None:
            skip(NO_SCHEDULE)
            continue
        if joined_on > year_end:
            skip(JOINS_LATER, joined_on.isoformat())
            continue
        schedule, table = schedules[chosen.pk]
        population, population_year = populations[row["lg_id"]]
        group_record = groups.get(row["country"])
        group = group_record.group if group_record and group_record.group else None
        percent = reductions.get(row["pk"])
        try:
            charge = dues.dues_for(
                table,
                category=category.code,
                basis=category.fee_basis,
                population=population,
                income_group=group,
                joined_on=joined_on,
                year_start=year_start,
                year_end=year_end,
                rule=schedule.pro_rata,
                reduction_percent=percent,
            )
        except dues.NotInvoiced as refused:
            skip(refused.reason)
            continue
        except dues.ScheduleError as problem:
            skip(SCHEDULE_PROBLEM, str(problem))
            continue
        language = languages[row["lg_id"]]
        with translation.override(language):
            descriptions = _descriptions(
                charge,
                table=table,
                category=category,
                joined_on=joined_on,
                percent=percent,
                rule=schedule.pro_rata,
            )
        flat = category.fee_basis == MembershipCategory.FeeBasis.FLAT
        outcome.planned.append(
            Planned(
                membership_id=row["pk"],
                local_government_id=row["lg_id"],
                code=row["code"],
                name=row["name"],
                office=chosen,
                schedule=schedule,
                category_id=category.pk,
                fee_basis=category.fee_basis,
                population=None if flat else population,
                population_year=None if flat else population_year,
                income_group="" if flat else group,
                income_group_fiscal_year=None if flat else group_record.fiscal_year,
                language=language,
                charge=charge,
                descriptions=descriptions,
            )
        )
    return outcome


# Issuing


def _take_numbers(office: Office, year: int, count: int) -> list[str]:
    """`count` numbers following each other in the office's series for the year.

    `next_number` gives the first and leaves the series row locked until the
    caller's transaction ends; the rest of the block is taken under that lock,
    so another run or a credit note waits and the block has no gaps. Rolled
    back, the whole block is given back.
    """
    first = next_number(office, year)
    series = InvoiceNumberSeries.objects.select_for_update().get(office=office, year=year)
    start = series.last_number
    series.last_number += count - 1
    series.save(update_fields=["last_number"])
    numbers = [first, *(series.format(n) for n in range(start + 1, series.last_number + 1))]
    return numbers


def _write_batch(
    batch: list[Planned], *, year: int, on: datetime.date, by, send: bool
) -> tuple[list[Planned], list[str]]:
    """Issue one batch of invoices of one office in one transaction: numbers,
    invoices, lines, and the task that renders and e-mails them. Returns those
    issued (another run may have issued some meanwhile) with their numbers."""
    office = batch[0].office
    with transaction.atomic():
        # Another run may have issued some of these since they were read: the
        # series lock serialises runs of one office and year, so this re-read
        # under it is the truth.
        numbers_taken = _take_numbers(office, year, len(batch))
        issued = set(
            Invoice.objects.filter(
                purpose=Invoice.Purpose.DUES,
                year=year,
                membership__in=[planned.membership_id for planned in batch],
            ).values_list("membership_id", flat=True)
        )
        if issued:
            batch = [planned for planned in batch if planned.membership_id not in issued]
            # Give back the numbers not needed: the block is at the series' end.
            series = InvoiceNumberSeries.objects.select_for_update().get(office=office, year=year)
            series.last_number -= len(numbers_taken) - len(batch)
            series.save(update_fields=["last_number"])
            numbers_taken = numbers_taken[: len(batch)]
            if not batch:
                return [], []
        invoices = []
        for planned, number in zip(batch, numbers_taken, strict=True):
            invoices.append(
                Invoice(
                    office=office,
                    local_government_id=planned.local_government_id,
                    customer_name=planned.name,
                    membership_id=planned.membership_id,
                    year=year,
                    schedule=planned.schedule,
                    number=number,
                    payment_reference=payment_reference(number),
                    issued_on=on,
                    due_on=on + datetime.timedelta(days=planned.schedule.due_days),
                    reference_date=on,
                    total=Money(planned.charge.total, planned.currency),
                    category_id=planned.category_id,
                    fee_basis=planned.fee_basis,
                    population=planned.population,
                    population_year=planned.population_year,
                    income_group=planned.income_group,
                    income_group_fiscal_year=planned.income_group_fiscal_year,
                    language=planned.language,
                    created_by=by,
                )
            )
        Invoice.objects.bulk_create(invoices)
        if any(invoice.pk is None for invoice in invoices):  # a backend returning no keys
            by_number = dict(
                Invoice.objects.filter(number__in=numbers_taken).values_list("number", "pk")
            )
            for invoice in invoices:
                invoice.pk = by_number[invoice.number]
        InvoiceLine.objects.bulk_create(
            InvoiceLine(
                invoice=invoice,
                position=position,
                kind=key,
                description=description[:300],
                amount=Money(amount, planned.currency),
            )
            for planned, invoice in zip(batch, invoices, strict=True)
            for position, ((key, amount), description) in enumerate(
                zip(planned.charge.lines, planned.descriptions, strict=True), start=1
            )
        )
        if send:
            # Imported here: the PDF module reads the ledger and the templates.
            from localaction.finance.invoice_pdf import render_and_email

            render_and_email.enqueue(invoice_ids=[invoice.pk for invoice in invoices])
    return batch, numbers_taken


def run_dues(
    *,
    year: int,
    on: datetime.date | None = None,
    office: Office | None = None,
    dry_run: bool = False,
    by=None,
    send: bool = True,
    progress: Callable[[int, int], None] | None = None,
    batch_size: int = BATCH_SIZE,
) -> Outcome:
    """The dues run of `year` for `office` (every office when None), as of `on`
    (today by default). `by` is the person starting it (None: the command
    line, run by whoever runs the server); they must be allowed to issue the
    office's invoices. `send` queues the rendering and e-mailing of the PDFs."""
    if not 2000 <= year <= 2100:
        raise DuesRunError(
            gettext("A membership year lies between 2000 and 2100, not %(year)s.") % {"year": year}
        )
    on = on or timezone.localdate()
    if by is not None and office is not None and not permissions.can_issue_invoices(by, office):
        raise PermissionDenied(gettext("Only the office's finance staff run its dues."))
    if office is not None and FeeSchedule.objects.in_force(year=year, office=office) is None:
        raise DuesRunError(
            gettext("No adopted fee schedule for %(year)s applies to %(office)s: adopt one first.")
            % {"year": year, "office": office}
        )
    outcome = plan_run(year=year, on=on, office=office, dry_run=dry_run)
    if by is not None and office is None:
        for chosen in {planned.office for planned in outcome.planned}:
            if not permissions.can_issue_invoices(by, chosen):
                raise PermissionDenied(
                    gettext("Only the finance staff of %(office)s run its dues.")
                    % {"office": chosen}
                )
    if dry_run or not outcome.planned:
        return outcome
    by_office: dict[int, list[Planned]] = defaultdict(list)
    for planned in outcome.planned:
        by_office[planned.office.pk].append(planned)
    done, total = 0, len(outcome.planned)
    if progress:
        progress(0, total)
    issued: list[Planned] = []
    for planned_of_office in by_office.values():
        for start in range(0, len(planned_of_office), batch_size):
            batch = planned_of_office[start : start + batch_size]
            written, numbers = _write_batch(batch, year=year, on=on, by=by, send=send)
            outcome.numbers.extend(numbers)
            issued.extend(written)
            done += len(batch)
            if progress:
                progress(done, total)
    # Those another run issued meanwhile count as already invoiced, not as ours.
    outcome.already_invoiced += len(outcome.planned) - len(issued)
    outcome.planned = issued
    return outcome


# The doors: the command line and the page's task


def summary_lines(outcome: Outcome) -> list[str]:
    """The run in sentences: what was (or would be) issued, the totals, what
    was already there, and every membership not invoiced with its reason."""
    lines = [
        (
            gettext("Dry run of the %(year)s dues (reference date %(on)s): nothing was written.")
            if outcome.dry_run
            else gettext("Dues run %(year)s (reference date %(on)s).")
        )
        % {"year": outcome.year, "on": outcome.on.isoformat()}
    ]
    lines.append(
        (
            gettext("Invoices it would issue: %(count)s")
            if outcome.dry_run
            else gettext("Invoices issued: %(count)s")
        )
        % {"count": outcome.invoices}
    )
    for code, count in outcome.by_office().items():
        lines.append(f"  {code}: {count}")
    if outcome.numbers:
        lines.append(
            gettext("Numbers %(first)s to %(last)s.")
            % {"first": outcome.numbers[0], "last": outcome.numbers[-1]}
        )
    for currency, total in outcome.totals().items():
        lines.append(
            gettext("Total %(currency)s: %(total)s")
            % {"currency": currency, "total": f"{total:,.2f}"}
        )
    lines.append(
        gettext("Already invoiced for the year (left alone): %(count)s")
        % {"count": outcome.already_invoiced}
    )
    lines.append(gettext("Not invoiced: %(count)s") % {"count": len(outcome.not_invoiced)})
    for item in outcome.not_invoiced:
        lines.append(f"  {item.code} ({item.name}, {item.office}): {item.text}")
    return lines


def command(
    self, *, year: int, office: str | None = None, dry_run: bool = False, on=None, **options
):
    """`localaction dues run --year Y [--office CODE] [--dry-run] [--on DATE]`."""
    from django.core.management.base import CommandError

    chosen = None
    if office:
        chosen = Office.objects.filter(code=office).first()
        if chosen is None:
            known = ", ".join(Office.objects.order_by("code").values_list("code", flat=True))
            raise CommandError(f"No office has the code '{office}' (offices: {known}).")
    try:
        outcome = run_dues(year=year, on=on, office=chosen, dry_run=dry_run)
    except (DuesRunError, ValidationError) as refused:
        raise CommandError(" ".join(getattr(refused, "messages", [str(refused)]))) from refused
    for line in summary_lines(outcome):
        self.stdout.write(line)


@background(attempts=2)
def run_task(
    *, year: int, office_id: int, on: str, user_id: int, progress: str, language: str
) -> dict:
    """The run started from the office's page, reporting its progress. Running
    it again (a retry) issues only what the first attempt did not."""
    task_progress = Progress(progress)
    with translation.override(language):
        office = Office.objects.get(pk=office_id)
        user = get_user_model().objects.get(pk=user_id)
        task_progress.start(None, gettext("Reading the memberships and pricing their dues"))

        def advance(done: int, total: int) -> None:
            if done == 0:
                task_progress.start(total, gettext("Issuing the invoices"))
            else:
                task_progress.advance(done)

        try:
            outcome = run_dues(
                year=year,
                on=datetime.date.fromisoformat(on),
                office=office,
                by=user,
                progress=advance,
            )
        except (DuesRunError, PermissionDenied) as refused:
            task_progress.fail(gettext("The dues run was refused."), [str(refused)])
            return {"refused": str(refused)}
        lines = summary_lines(outcome)
        task_progress.finish(
            ngettext("%(count)s invoice issued.", "%(count)s invoices issued.", outcome.invoices)
            % {"count": outcome.invoices},
            summary=lines[:600],
        )
    return outcome.as_json()
