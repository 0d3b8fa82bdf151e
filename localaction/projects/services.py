"""The steps that change projects and proposals, for the pages, the API, the
admin and the demo alike: each checks who acts, validates the whole record,
and writes all of it or nothing."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext
from djmoney.money import Money

from localaction.finance.funds import MAX_MONEY, record_project_fund
from localaction.network.models import Office
from localaction.projects import permissions
from localaction.projects.models import Deliverable, Project, Proposal


def _unique_slug(title: str) -> str:
    base = (slugify(title)[:70] or "project").strip("-")
    slug, number = base, 2
    while Project.objects.filter(slug=slug).exists():
        slug, number = f"{base}-{number}", number + 1
    return slug


def deliverable_set_status(
    *, deliverable: Deliverable, status: str, delivered_on: datetime.date | None = None, by
) -> Deliverable:
    """A team member (or the lead office, or the secretariat) moves a deliverable
    on; delivering it needs the day it was delivered (today when not given)."""
    if not permissions.updates_deliverables(by, deliverable.project):
        raise PermissionDenied
    with transaction.atomic():
        deliverable = Deliverable.objects.select_for_update().get(pk=deliverable.pk)
        deliverable.status = status
        if status == Deliverable.Status.DELIVERED:
            deliverable.delivered_on = delivered_on or timezone.localdate()
        else:
            deliverable.delivered_on = None
        deliverable.full_clean()
        deliverable.save()
    return deliverable


def _awarded(proposal: Proposal, amount: Decimal | None) -> Money:
    """The amount awarded, in the proposal's currency: whole cents, more than
    nothing and within the bounds of an amount."""
    if amount is None:
        return proposal.amount
    if (
        not amount.is_finite()
        or not 0 < amount <= MAX_MONEY
        or amount != amount.quantize(Decimal("0.01"))
    ):
        raise ValidationError(
            {
                "amount": gettext(
                    "The amount awarded is more than nothing, in whole cents, up to %(max)s."
                )
                % {"max": MAX_MONEY}
            }
        )
    return Money(amount, proposal.amount.currency)


def _decidable(proposal: Proposal, by) -> Proposal:
    if not permissions.keeps_proposal(by, proposal):
        raise PermissionDenied
    locked = Proposal.objects.select_for_update().get(pk=proposal.pk)
    if locked.status != Proposal.Status.SUBMITTED:
        raise ValidationError(
            {
                "status": gettext("Only a submitted proposal is decided; this one is %(status)s.")
                % {"status": locked.get_status_display().lower()}
            }
        )
    return locked


@transaction.atomic
def proposal_award(
    *,
    proposal: Proposal,
    by,
    decided_on: datetime.date | None = None,
    project: Project | None = None,
    kind: str = Project.Kind.RESEARCH,
    starts_on: datetime.date | None = None,
    ends_on: datetime.date | None = None,
    amount: Decimal | None = None,
) -> Proposal:
    """Award a submitted proposal: link it to `project`, or create the project
    (led by the proposal's office, funded by its funder, the award as budget,
    over `starts_on`–`ends_on`), and record the award in the office's project
    funds so that the finance budget comparison counts it. All or nothing.

    `amount` is what the funder awarded, in the proposal's currency (funders
    often award less than asked); None: the amount requested. It is kept as
    the fund's amount (`proposal.fund.amount`)."""
    proposal = _decidable(proposal, by)
    decided_on = decided_on or timezone.localdate()
    awarded = _awarded(proposal, amount)
    if project is None:
        errors = {}
        if starts_on is None:
            errors["starts_on"] = gettext("A new project needs its start.")
        if ends_on is None:
            errors["ends_on"] = gettext("A new project needs its end.")
        if errors:
            raise ValidationError(errors)
        project = Project(
            title=proposal.title,
            slug=_unique_slug(proposal.title),
            kind=kind,
            summary=proposal.note[:5000],
            funder=proposal.funder,
            budget=awarded,
            starts_on=starts_on,
            ends_on=ends_on,
            lead_office=proposal.office,
            created_by=by,
        )
        project.full_clean()
        project.save()
    elif not permissions.edits_project(by, project):
        raise ValidationError(
            {"project": gettext("This project is not led by an office of yours.")}
        )
    proposal.status = Proposal.Status.AWARDED
    proposal.decided_on = decided_on
    proposal.project = project
    proposal.fund = record_project_fund(
        office=proposal.office,
        funder=proposal.funder,
        title=project.title,
        amount=awarded,
        starts_on=project.starts_on,
        ends_on=project.ends_on,
        awarded_on=decided_on,
        reference=f"proposal-{proposal.pk}",
        by=by,
    )
    proposal.full_clean()
    proposal.save()
    return proposal


@transaction.atomic
def proposal_reject(
    *, proposal: Proposal, by, decided_on: datetime.date | None = None, note: str = ""
) -> Proposal:
    """Record the funder's refusal (and why, in the note)."""
    proposal = _decidable(proposal, by)
    proposal.status = Proposal.Status.REJECTED
    proposal.decided_on = decided_on or timezone.localdate()
    if note:
        proposal.note = f"{proposal.note}\n\n{note}".strip()
    proposal.full_clean()
    proposal.save()
    return proposal


@transaction.atomic
def proposal_submit(
    *, proposal: Proposal, by, submitted_on: datetime.date | None = None
) -> Proposal:
    if not permissions.keeps_proposal(by, proposal):
        raise PermissionDenied
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    if proposal.status != Proposal.Status.DRAFT:
        raise ValidationError({"status": gettext("Only a draft is submitted.")})
    proposal.status = Proposal.Status.SUBMITTED
    proposal.submitted_on = submitted_on or proposal.submitted_on or timezone.localdate()
    proposal.full_clean()
    proposal.save()
    return proposal


@transaction.atomic
def proposal_withdraw(*, proposal: Proposal, by) -> Proposal:
    if not permissions.keeps_proposal(by, proposal):
        raise PermissionDenied
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    if proposal.status not in Proposal.OPEN:
        raise ValidationError({"status": gettext("A decided proposal is not withdrawn.")})
    proposal.status = Proposal.Status.WITHDRAWN
    proposal.save(update_fields=["status"])
    return proposal


@dataclass(frozen=True)
class StatusLine:
    status: str
    label: str
    count: int
    amounts: dict[str, Decimal]  # by currency


@dataclass(frozen=True)
class Pipeline:
    """An office's proposals by status, with their amounts by currency.

    `success_rate` is awarded ÷ decided (awarded + rejected), None before any
    decision; `expected` is, per currency, the amounts still submitted times
    that rate: what the pipeline should bring if the past rate holds.
    """

    lines: list[StatusLine]
    success_rate: Decimal | None
    expected: dict[str, Decimal]

    def line(self, status: str) -> StatusLine:
        return next(line for line in self.lines if line.status == status)


def pipeline_of(office: Office) -> Pipeline:
    proposals = list(Proposal.objects.filter(office=office).select_related("fund"))
    lines = []
    for status, label in Proposal.Status.choices:
        chosen = [p for p in proposals if p.status == status]
        amounts: dict[str, Decimal] = {}
        for proposal in chosen:
            # An award counts what was awarded, the rest what was asked.
            money = proposal.fund.amount if proposal.fund_id else proposal.amount
            currency = str(money.currency)
            amounts[currency] = amounts.get(currency, Decimal(0)) + money.amount
        lines.append(StatusLine(status, str(label), len(chosen), dict(sorted(amounts.items()))))
    awarded = sum(1 for p in proposals if p.status == Proposal.Status.AWARDED)
    decided = awarded + sum(1 for p in proposals if p.status == Proposal.Status.REJECTED)
    rate = Decimal(awarded) / Decimal(decided) if decided else None
    submitted = next(line for line in lines if line.status == Proposal.Status.SUBMITTED)
    expected = {
        currency: (amount * rate).quantize(Decimal("0.01"))
        for currency, amount in submitted.amounts.items()
        if rate is not None
    }
    return Pipeline(lines, rate, expected)
