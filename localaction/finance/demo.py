"""The demo network's dues: this year's membership dues invoiced from the example
schedule, and some of them paid, so that the finance pages have something to
show on first start (`localaction demo`).

The example schedule (migration 0003, `core.dues.EXAMPLE_SCHEDULE`) is copied
to the demo's membership year and adopted "by the Council (demo)": example
fees, said as such on the schedule's page. The run goes through the same
`run_dues` as the command and the page, without rendering or e-mailing PDFs
(a demo has no one to send them to; an invoice's PDF is rendered when it is
first downloaded). Payments go through `record_payment`, as finance staff
record them: most members paid in full, some in part, the rest not yet.

Beside the dues, the World Secretariat has invoiced a service to a customer
who is not a member (`issue_fee_invoice`) and holds a project fund spread
over three years (`record_project_fund`), so that the income by purpose and
the budget's project funds have something to show.
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth.models import User
from django.utils import timezone
from djmoney.money import Money

from localaction.accounts.models import Role
from localaction.finance.dues_run import run_dues
from localaction.finance.fees import Customer, FeeLine, issue_fee_invoice
from localaction.finance.funds import record_project_fund
from localaction.finance.models import FeeSchedule, Invoice, Payment, ProjectFund
from localaction.finance.payments import record_payment
from localaction.finance.services import adopt_schedule, copy_schedule
from localaction.governance.models import Decision
from localaction.network.demo import Progress, no_progress
from localaction.network.models import Office

PAID_IN_FULL = 0.6
PAID_IN_PART = 0.15
CENT = Decimal("0.01")


@dataclass(frozen=True)
class DemoFinance:
    year: int
    invoices: int
    payments: int
    not_invoiced: int
    fee_invoices: int = 0
    project_funds: int = 0


def build_demo_finance(
    *, seed: int, today: datetime.date | None = None, progress: Progress = no_progress
) -> DemoFinance:
    """Invoice the demo members' dues of this year and record some payments."""
    today = today or timezone.localdate()
    rng = random.Random(f"finance-{seed}")
    secretariat = User.objects.get(username="secretariat")
    example = FeeSchedule.objects.filter(is_example=True, office=None).order_by("-year").first()
    if example is None:  # the migration's example was removed: no dues to show
        return DemoFinance(today.year, 0, 0, 0)
    schedule = FeeSchedule.objects.filter(year=today.year, office=None).first()
    if schedule is None:
        schedule = copy_schedule(example, year=today.year, by=secretariat, office=None)
    if not schedule.is_adopted:
        adopt_schedule(
            schedule,
            adopted_on=datetime.date(today.year - 1, 11, 15),
            adopted_by="Council (demo)",
            by=secretariat,
        )
    outcome = run_dues(year=today.year, on=datetime.date(today.year, 1, 15), send=False)
    invoices = list(Invoice.objects.filter(number__in=outcome.numbers).order_by("number"))
    # The demo editor's member pays in full: it is in good standing, and votes
    # in the demo's open election (localaction.elections.demo).
    on_time = set(
        Role.objects.filter(user__username="editor", kind=Role.Kind.EDITOR).values_list(
            "local_government", flat=True
        )
    )
    payments = 0
    for invoice in progress(invoices, "Dues payments"):
        draw = rng.random()
        if invoice.local_government_id in on_time:
            draw = 0.0
        if draw >= PAID_IN_FULL + PAID_IN_PART:
            continue
        share = Decimal(1) if draw < PAID_IN_FULL else rng.choice((Decimal("0.25"), Decimal("0.5")))
        received = min(invoice.due_on + datetime.timedelta(days=rng.randint(-25, 40)), today)
        record_payment(
            office=invoice.office,
            received_on=max(received, invoice.issued_on),
            amount=Money((invoice.total.amount * share).quantize(CENT), invoice.currency),
            method=Payment.Method.BANK_TRANSFER,
            by=None,
            reference=invoice.payment_reference,
            payer=invoice.local_government.name,
            invoice=invoice,
        )
        payments += 1
    fee_invoices, funds = _fees_and_funds(today, by=secretariat)
    return DemoFinance(
        today.year, len(invoices), payments, len(outcome.not_invoiced), fee_invoices, funds
    )


def _fees_and_funds(today: datetime.date, *, by) -> tuple[int, int]:
    """A service invoiced to a non-member and a project fund, at the World Secretariat."""
    world = Office.objects.world_secretariat()
    if world is None:
        return 0, 0
    customer = "Stadtwerke Musterstadt (demo)"
    fee_invoices = 0
    if not Invoice.objects.filter(customer_name=customer).exists():
        issue_fee_invoice(
            office=world,
            customer=Customer(
                name=customer,
                postal_address="Hauptstraße 1\n12345 Musterstadt\nGermany",
                email="einkauf@stadtwerke-musterstadt.example",
            ),
            purpose=Invoice.Purpose.SERVICES,
            lines=[
                FeeLine("Energy management: baseline review, 3 days", Money("2700.00", "EUR")),
                FeeLine("Travel", Money("310.40", "EUR")),
                FeeLine(
                    "Discount for a first engagement",
                    Money("-270.00", "EUR"),
                    kind="discount",
                ),
            ],
            by=by,
            language="en",
            issued_on=today - datetime.timedelta(days=20),
        )
        fee_invoices = 1
    funds = 0
    if not ProjectFund.objects.filter(office=world, reference="DEMO-2024-101").exists():
        record_project_fund(
            office=world,
            funder="European Commission (demo)",
            title="Nature-based solutions for coastal cities (demo)",
            amount=Money("750000.00", "EUR"),
            starts_on=datetime.date(today.year - 1, 7, 1),
            ends_on=datetime.date(today.year + 1, 6, 30),
            awarded_on=datetime.date(today.year - 1, 4, 20),
            reference="DEMO-2024-101",
            by=by,
        )
        funds = 1
    return fee_invoices, funds


def demo_part(*, seed: int, progress: Progress = no_progress) -> str:
    """`localaction demo`'s part (network.demo.register_part), after the
    governance demo: the dues in force point to the Council's decision that
    adopted them."""
    built = build_demo_finance(seed=seed, progress=progress)
    adopted = (
        Decision.objects.filter(
            meeting__body__code="COUNCIL",
            title="Membership dues",
            outcome=Decision.Outcome.ADOPTED,
        )
        .order_by("-meeting__held_on")
        .first()
    )
    if adopted is not None:
        FeeSchedule.objects.filter(year=built.year, office=None).update(decision=adopted)
    return (
        f"{built.invoices} dues invoices of {built.year} ({built.not_invoiced} memberships "
        f"not invoiced, with the reason) and {built.payments} payments; "
        f"{built.fee_invoices} service invoice and {built.project_funds} project fund"
    )
