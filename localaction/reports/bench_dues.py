"""`localaction bench dues`: the dues run, invoice PDFs and the receivables ageing, timed.

On a database of its own (a new SQLite file, var/bench-dues.sqlite3, or the
database DATABASE_URL names, emptied first when it already holds a bench),
it builds a network of `memberships` active members (10,000 by default) in
every country with an income group and a few without one or without a
population (the run lists them as not invoiced), one regional office per
region, the example fee schedule adopted for each of `years` membership
years, and a few granted reductions. The earlier years are invoiced by the
dues run itself and mostly paid, so that the ageing has ten years of
invoices to read. Then it times:

- the dues run of the last year over every membership (target under 30 s),
  and running it again (nothing new to issue);
- rendering a sample of that year's invoice PDFs (target under 1 s each:
  median and max);
- the receivables ageing over all the invoices (`finance.ageing.ageing`,
  target under 1 s, median of 3).
"""

from __future__ import annotations

import datetime
import os
import random
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.contrib.auth.models import User
from django.db import connection, transaction
from djmoney.money import Money

from localaction.finance.ageing import ageing
from localaction.finance.dues_run import run_dues
from localaction.finance.invoice_pdf import invoice_pdf
from localaction.finance.models import (
    CountryIncomeGroup,
    FeeSchedule,
    Invoice,
    Payment,
    Reduction,
)
from localaction.finance.services import adopt_schedule, copy_schedule
from localaction.network.models import (
    LocalGovernment,
    Membership,
    MembershipCategory,
    Office,
    Region,
)

CODE_PREFIX = "bench-dues-"
LAST_YEAR = 2027  # the year of the shipped example schedule
TARGET_RUN_S, TARGET_PDF_S, TARGET_AGEING_S = 30.0, 1.0, 1.0

Say = Callable[[str], None]


@dataclass
class Figures:
    engine: str
    memberships: int
    years: int
    build_s: float
    history_invoices: int
    history_s: float
    run_s: float
    run_invoices: int
    not_invoiced: dict[str, int]
    rerun_s: float
    rerun_invoices: int
    pdf_cold_s: float | None = None
    pdf_s: list[float] = field(default_factory=list)
    ageing_s: list[float] = field(default_factory=list)
    ageing_invoices: int = 0
    ageing_lines: int = 0


def run_in_own_database(arguments: list[str]) -> int:
    """Run the bench again in a process whose database is a new SQLite file,
    var/bench-dues.sqlite3 (kept afterwards, to look into); its exit status."""
    path = Path(settings.VAR_DIR) / "bench-dues.sqlite3"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    environment = {**os.environ, "DATABASE_URL": f"sqlite:///{path}"}
    command = [sys.executable, "-m", "localaction", "bench", "dues", *arguments]
    return subprocess.run(command, env=environment, check=False).returncode


def _empty_if_used() -> None:
    """A database that holds a previous bench is emptied and migrated anew (only
    one whose name says bench: nothing in it is kept)."""
    if LocalGovernment.objects.filter(code__startswith=CODE_PREFIX).exists():
        from localaction.reports.bench import wipe_bench_database

        wipe_bench_database()


def _offices() -> None:
    """One regional office per region that none covers yet."""
    for region in Region.objects.all():
        if not Office.objects.filter(kind=Office.Kind.REGIONAL, regions=region).exists():
            office = Office.objects.create(
                code=f"b-{region.code}"[:40], name=f"Bench {region.name}", kind=Office.Kind.REGIONAL
            )
            office.regions.add(region)


def _schedules(years: range, by: User) -> None:
    example = FeeSchedule.objects.get(year=LAST_YEAR, office=None)
    for year in years:
        schedule = (
            example
            if year == LAST_YEAR
            else FeeSchedule.objects.filter(year=year, office=None).first()
            or copy_schedule(example, year=year, by=by, office=None)
        )
        if not schedule.is_adopted:
            adopt_schedule(
                schedule,
                adopted_on=datetime.date(year - 1, 11, 20),
                adopted_by="Bench Council",
                by=by,
            )


def _income_groups_back_to(first_year: int) -> None:
    """The shipped classification (one fiscal year) copied to the earlier fiscal
    years the bench invoices, so that every year prices its members (bench
    data: the World Bank's real groups moved between years)."""
    shipped = list(CountryIncomeGroup.objects.order_by("fiscal_year", "country"))
    earliest = min((record.fiscal_year for record in shipped), default=first_year)
    CountryIncomeGroup.objects.bulk_create(
        CountryIncomeGroup(
            country_id=record.country_id,
            fiscal_year=year,
            group=record.group,
            source=f"Bench copy of FY{record.fiscal_year}",
        )
        for year in range(first_year, earliest)
        for record in shipped
        if record.fiscal_year == earliest
    )


def build(*, memberships: int, years: range, seed: int, say: Say) -> User:
    """The bench network: members, memberships, offices, schedules, reductions."""
    rng = random.Random(seed)
    by = User.objects.create_superuser("bench-dues", "bench-dues@example.org", None)
    _offices()
    _schedules(years, by)
    groups = CountryIncomeGroup.objects.order_by("country_id")
    classified = sorted(set(groups.exclude(group="").values_list("country_id", flat=True)))
    unclassified = sorted(set(groups.filter(group="").values_list("country_id", flat=True)))
    _income_groups_back_to(years[0])
    categories = {c.code: c for c in MembershipCategory.objects.all()}
    languages = ["en", "fr", "es", "pt", "de", "it", "sw"]
    first_year = years[0]
    local_governments, kinds = [], []
    for i in range(memberships):
        association = rng.random() < 0.02
        country = (
            rng.choice(unclassified)
            if unclassified and rng.random() < 0.002
            else rng.choice(classified)
        )
        population = None if rng.random() < 0.005 else int(10 ** rng.uniform(3.5, 7))
        local_governments.append(
            LocalGovernment(
                code=f"{CODE_PREFIX}{i:05d}",
                name=f"Bench Town {i:05d}",
                country_id=country,
                population=None if association else population,
                population_year=2022,
                kind=LocalGovernment.Kind.ASSOCIATION
                if association
                else LocalGovernment.Kind.MUNICIPALITY,
                languages=[rng.choice(languages)],
            )
        )
        kinds.append(association)
    with transaction.atomic():
        LocalGovernment.objects.bulk_create(local_governments, batch_size=1000)
        if any(lg.pk is None for lg in local_governments):
            ids = dict(
                LocalGovernment.objects.filter(code__startswith=CODE_PREFIX).values_list(
                    "code", "pk"
                )
            )
            for lg in local_governments:
                lg.pk = ids[lg.code]
        rows = []
        for lg, association in zip(local_governments, kinds, strict=True):
            joins = rng.random()
            started = (
                datetime.date(first_year - 1, 6, 1)
                if joins < 0.9
                else datetime.date(
                    rng.randrange(first_year, LAST_YEAR + 1), rng.randrange(1, 13), 1
                )
            )
            category = categories[
                rng.choice(["national-association", "subnational-association"])
                if association
                else ("associate" if rng.random() < 0.1 else "full")
            ]
            rows.append(
                Membership(
                    local_government=lg,
                    type=category.membership_type,
                    category=category,
                    status=Membership.Status.ACTIVE,
                    applied_on=started,
                    approved_on=started,
                    started_on=started,
                )
            )
        Membership.objects.bulk_create(rows, batch_size=1000)
        granted = rng.sample(rows, k=max(1, memberships // 100))
        Reduction.objects.bulk_create(
            Reduction(
                membership_id=membership.pk
                or Membership.objects.get(local_government=membership.local_government).pk,
                year=LAST_YEAR,
                percent=Decimal(rng.choice(["25", "50", "100"])),
                reason="Bench",
                requested_by=by,
                requested_on=datetime.date(LAST_YEAR - 1, 12, 1),
                status=Reduction.Status.GRANTED,
                decided_by=by,
                decided_on=datetime.date(LAST_YEAR - 1, 12, 10),
                decision_note="Bench",
            )
            for membership in granted
        )
    say(
        f"Built {memberships:,} active memberships in {len(classified):,} countries, "
        f"{Office.objects.count()} offices, schedules adopted for {years[0]}–{years[-1]}."
    )
    return by


def _pay_history(years: range, seed: int) -> int:
    """Most invoices of the earlier years paid (in full, some in part), some not."""
    rng = random.Random(seed + 1)
    payments = []
    for number, office_id, total, currency, due_on, pk in Invoice.objects.filter(
        purpose=Invoice.Purpose.DUES, year__lt=years[-1]
    ).values_list("number", "office_id", "total", "total_currency", "due_on", "pk"):
        draw = rng.random()
        if draw < 0.1:
            continue  # unpaid: it ages
        amount = total if draw > 0.15 else (total / 2).quantize(Decimal("0.01"))
        if amount <= 0:
            continue
        payments.append(
            Payment(
                office_id=office_id,
                received_on=due_on + datetime.timedelta(days=rng.randrange(-20, 60)),
                amount=Money(amount, currency),
                method=Payment.Method.BANK_TRANSFER,
                reference=number,
                invoice_id=pk,
            )
        )
    with transaction.atomic():
        Payment.objects.bulk_create(payments, batch_size=2000)
    return len(payments)


def bench(*, memberships: int, years: int, pdfs: int, seed: int, say: Say) -> Figures:
    _empty_if_used()
    span = range(LAST_YEAR - years + 1, LAST_YEAR + 1)
    engine = f"{connection.vendor} ({connection.settings_dict['NAME']})"
    started = time.perf_counter()
    build(memberships=memberships, years=span, seed=seed, say=say)
    build_s = time.perf_counter() - started

    started = time.perf_counter()
    for year in span[:-1]:
        run_dues(year=year, on=datetime.date(year, 1, 15), send=False)
    history_s = time.perf_counter() - started
    history_invoices = Invoice.objects.filter(purpose=Invoice.Purpose.DUES).count()
    paid = _pay_history(span, seed)
    say(
        f"Earlier years invoiced by the dues run: {history_invoices:,} invoices in "
        f"{history_s:.1f} s ({len(span) - 1} runs); {paid:,} payments recorded."
    )

    on = datetime.date(LAST_YEAR, 1, 15)
    started = time.perf_counter()
    outcome = run_dues(year=LAST_YEAR, on=on)
    run_s = time.perf_counter() - started
    started = time.perf_counter()
    again = run_dues(year=LAST_YEAR, on=on)
    rerun_s = time.perf_counter() - started

    figures = Figures(
        engine=engine,
        memberships=memberships,
        years=len(span),
        build_s=build_s,
        history_invoices=history_invoices,
        history_s=history_s,
        run_s=run_s,
        run_invoices=outcome.invoices,
        not_invoiced=outcome.reasons(),
        rerun_s=rerun_s,
        rerun_invoices=again.invoices,
    )
    issued = list(
        Invoice.objects.filter(purpose=Invoice.Purpose.DUES, year=LAST_YEAR)
        .order_by("number")
        .values_list("pk", flat=True)
    )
    step = max(1, len(issued) // max(1, pdfs))
    # The first PDF of a process also loads WeasyPrint's fonts and styles: timed
    # apart, as a worker pays it once, not per invoice.
    for index, pk in enumerate([issued[-1], *issued[::step][:pdfs]] if pdfs else []):
        invoice = Invoice.objects.select_related(
            "office", "office__country", "local_government__country", "category"
        ).get(pk=pk)
        started = time.perf_counter()
        data = invoice_pdf(invoice)
        seconds = time.perf_counter() - started
        if index == 0:
            figures.pdf_cold_s = seconds
        else:
            figures.pdf_s.append(seconds)
        if not data.startswith(b"%PDF"):
            raise RuntimeError(f"Invoice {invoice.number} did not render as a PDF.")

    figures.ageing_invoices = Invoice.objects.count()
    aged_on = datetime.date(LAST_YEAR, 6, 30)
    for _ in range(3):
        started = time.perf_counter()
        result = ageing(aged_on)
        figures.ageing_s.append(time.perf_counter() - started)
    figures.ageing_lines = len(result.members)
    return figures


def report(figures: Figures, say: Say) -> bool:
    """Print the figures; whether every target is met."""
    met = []

    def verdict(ok: bool) -> str:
        met.append(ok)
        return "met" if ok else "NOT met"

    say(f"Dues bench on {figures.engine}: {figures.memberships:,} active memberships, "
        f"{figures.years} membership years (build {figures.build_s:.1f} s).")  # fmt: skip
    reasons = ", ".join(f"{count} {reason}" for reason, count in figures.not_invoiced.items())
    say(
        f"Dues run {LAST_YEAR}: {figures.run_invoices:,} invoices issued in {figures.run_s:.2f} s "
        f"(target < {TARGET_RUN_S:.0f} s: {verdict(figures.run_s < TARGET_RUN_S)}); "
        f"not invoiced: {reasons or 'none'}."
    )
    say(
        f"Run again: {figures.rerun_invoices} new invoices in {figures.rerun_s:.2f} s "
        f"(idempotent: {verdict(figures.rerun_invoices == 0)})."
    )
    if figures.pdf_s:
        median, worst = statistics.median(figures.pdf_s), max(figures.pdf_s)
        say(
            f"Invoice PDFs ({len(figures.pdf_s)} rendered, WeasyPrint): median "
            f"{median * 1000:.0f} ms, max {worst * 1000:.0f} ms "
            f"(target < {TARGET_PDF_S:.0f} s each: {verdict(worst < TARGET_PDF_S)}); the "
            f"first of the process, loading fonts and styles, {figures.pdf_cold_s * 1000:.0f} ms."
        )
    median = statistics.median(figures.ageing_s)
    say(
        f"Receivables ageing (finance.ageing.ageing) over {figures.ageing_invoices:,} invoices "
        f"of {figures.years} years, {figures.ageing_lines:,} members owing: median "
        f"{median:.3f} s, max {max(figures.ageing_s):.3f} s of 3 (target < "
        f"{TARGET_AGEING_S:.0f} s: {verdict(median < TARGET_AGEING_S)})."
    )
    return all(met)
