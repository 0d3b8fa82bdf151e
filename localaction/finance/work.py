"""Requests for hardship reductions waiting for a decision: who decides each, and
the finance queue on the office's work page (registered with `network.work`
from FinanceConfig.ready).

A request is decided by the member's invoicing office up to the limit of the
schedule in force for its year, above it (and without a schedule in force) by
the secretariat (`services.decide_reduction`, `permissions.can_decide_reduction`).
The pages and the work page read the same list, so they cannot disagree.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from localaction.accounts.access import access_of
from localaction.finance import permissions
from localaction.finance.dues_run import offices_by_country
from localaction.finance.models import FeeSchedule, Reduction
from localaction.network.models import Country, Office
from localaction.network.work import Item, register


@dataclass(frozen=True)
class RequestToDecide:
    """A requested reduction, the office that decides it and its limit (None:
    no schedule in force for the year), and whether this person may decide it."""

    reduction: Reduction
    office: Office
    limit: Decimal | None
    may_decide: bool

    @property
    def above_limit(self) -> bool:
        return self.limit is None or self.reduction.percent > self.limit


def requests_to_decide(user) -> list[RequestToDecide]:
    """The open requests of the members whose money this person handles (every
    member's, for the secretariat), oldest first, each saying whether they may
    decide it. Finance staff of an office see its members' requests, those
    above its limit too (marked: the secretariat decides them)."""
    access = access_of(user)
    if not (access.is_secretariat or access.finance_offices or user.is_superuser):
        return []
    requested = list(
        Reduction.objects.filter(status=Reduction.Status.REQUESTED)
        .select_related("membership__local_government__country", "requested_by")
        .order_by("requested_on", "pk")
    )
    if not requested:
        return []
    countries = Country.objects.filter(
        pk__in={r.membership.local_government.country_id for r in requested}
    )
    office_of = offices_by_country(countries)
    limits: dict[tuple[int, int], Decimal | None] = {}
    found = []
    for reduction in requested:
        office = office_of[reduction.membership.local_government.country_id]
        if not (access.is_secretariat or permissions.can_handle_money(user, office)):
            continue
        key = (reduction.year, office.pk)
        if key not in limits:
            schedule = FeeSchedule.objects.in_force(year=reduction.year, office=office)
            limits[key] = schedule.reduction_limit_percent if schedule else None
        limit = limits[key]
        may_decide = permissions.can_decide_reduction(
            user,
            percent=reduction.percent,
            limit=Decimal("0") if limit is None else limit,
            office=office,
        )
        found.append(RequestToDecide(reduction, office, limit, may_decide))
    return found


def _reduction_rows(user) -> Iterable[Item]:
    for request in requests_to_decide(user):
        if not request.may_decide:
            continue
        reduction = request.reduction
        yield Item(
            title=_("%(name)s: %(what)s of the %(year)s dues")
            % {
                "name": reduction.membership.local_government,
                "what": _("waiver")
                if reduction.is_waiver
                else _("reduction of %(percent)s %%")
                % {"percent": format(reduction.percent.normalize(), "f")},
                "year": reduction.year,
            },
            local_government=reduction.membership.local_government,
            since=reduction.requested_on,
            url=reverse("finance:reduction", args=[reduction.pk]),
            detail=request.office.name,
        )


def _handles_money(user) -> bool:
    access = access_of(user)
    return access.is_secretariat or bool(access.finance_offices)


register(
    "reductions",
    gettext_lazy("Reductions of dues to decide"),
    _reduction_rows,
    order=40,
    audience=_handles_money,
)
