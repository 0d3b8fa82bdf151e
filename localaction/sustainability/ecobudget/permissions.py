"""Who may see and change ecoBUDGET budgets: one rule for pages, API, files and admin.

- Anyone sees the budgets a council adopted, of published local governments;
  the actual values and balance only once the council adopted the balance too.
- Insiders (the member's editors and viewers, the offices covering it, the
  secretariat) see every budget of the member, drafts and balances included.
- Those who edit the member (its editors, covering offices, the secretariat)
  prepare budgets, record the council's decisions and enter the balance.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from localaction.accounts.access import access_of
from localaction.campaigns.permissions import is_insider
from localaction.network.models import LocalGovernment
from localaction.network.permissions import can_edit_local_government
from localaction.sustainability.ecobudget.models import EcoBudget


def _insiders_of(user) -> QuerySet[LocalGovernment]:
    access = access_of(user)
    if access.is_secretariat:
        return LocalGovernment.objects.all()
    return LocalGovernment.objects.filter(
        Q(pk__in=access.member_of)
        | Q(country__region__in=access.staff_regions)
        | Q(country__in=access.staff_countries)
    )


def budgets_visible_to(user) -> QuerySet[EcoBudget]:
    budgets = EcoBudget.objects.all()
    if access_of(user).is_secretariat:
        return budgets
    public = Q(local_government__is_published=True) & ~Q(status=EcoBudget.Status.DRAFT)
    return budgets.filter(public | Q(local_government__in=_insiders_of(user)))


def can_view_budget(user, budget: EcoBudget) -> bool:
    if budget.is_adopted and budget.local_government.is_published:
        return True
    return is_insider(user, budget.local_government)


def shows_actuals(user, budget: EcoBudget) -> bool:
    """The balance is the public's once the council adopted it; before, insiders'."""
    return budget.balance_is_adopted or is_insider(user, budget.local_government)


def can_edit_budgets(user, local_government: LocalGovernment) -> bool:
    """Preparing budgets, recording the council's decisions, entering the balance."""
    return can_edit_local_government(user, local_government)
