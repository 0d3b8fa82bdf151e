"""Who may read and act on the Association's money.

- Finance staff of an office issue its invoices and credit notes, record its
  payments, keep its budget and actuals, and decide reductions up to the
  schedule's limit. Finance staff of the World Secretariat may do so for
  every office.
- Office staff (finance staff included) read the finances of the members and
  offices their office covers: their region's.
- The secretariat (staff of the World Secretariat) reads everything, keeps
  fee schedules, income groups and exchange rates, and alone decides
  reductions above the schedule's limit (waivers included).
- Editors of a member read its own invoices, and nothing else of anyone's money;
  they request reductions of its dues.

Every door (page, API, admin, command) asks these functions; none decides by itself.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from localaction.accounts.access import access_of
from localaction.network.models import Office


def _is_world_finance(access) -> bool:
    return (
        bool(access.finance_offices)
        and Office.objects.filter(pk__in=access.finance_offices, kind=Office.Kind.WORLD).exists()
    )


def can_handle_money(user, office: Office) -> bool:
    """Issue invoices and credit notes, record payments, keep budgets and actuals."""
    access = access_of(user)
    if not access.is_authenticated:
        return False
    return user.is_superuser or office.pk in access.finance_offices or _is_world_finance(access)


can_issue_invoices = can_handle_money
can_record_payments = can_handle_money
can_keep_budget = can_handle_money


def can_read_office_finances(user, office: Office) -> bool:
    """An office's budget, actuals, payments and totals: its staff, staff of an
    office covering its region or country, and the secretariat."""
    access = access_of(user)
    if access.is_secretariat or office.pk in access.offices:
        return True
    if not access.is_office_staff:
        return False
    regions = set(office.regions.values_list("pk", flat=True))
    countries = set(office.countries.values_list("pk", flat=True))
    if office.country_id:
        countries.add(office.country_id)
        regions.add(office.country.region_id)
    return bool(regions & access.staff_regions or countries & access.staff_countries)


def can_read_invoice(user, invoice) -> bool:
    """An invoice (its credit notes, payments, reminders): office staff covering
    the member, the issuing office's staff, the secretariat, the member's editors
    (a fee invoice to a non-member: the issuing office's staff and the secretariat)."""
    access = access_of(user)
    if not access.is_authenticated:
        return False
    lg = invoice.local_government
    if lg is None:  # a fee invoice to someone who is not a member
        return invoice.office_id in access.offices or access.is_secretariat
    return (
        invoice.office_id in access.offices
        or access.covers(region_id=lg.country.region_id, country_code=lg.country_id)
        or lg.pk in access.editor_of
    )


def invoices_readable_by(user, invoices: QuerySet) -> QuerySet:
    """Those of `invoices` the person may read (the rule of `can_read_invoice`)."""
    access = access_of(user)
    if not access.is_authenticated:
        return invoices.none()
    if access.is_secretariat:
        return invoices
    return invoices.filter(
        Q(office__in=access.offices)
        | Q(local_government__country__region__in=access.staff_regions)
        | Q(local_government__country__in=access.staff_countries)
        | Q(local_government__in=access.editor_of)
    )


def can_keep_reference_data(user) -> bool:
    """Fee schedules, income groups, exchange rates and membership categories."""
    return access_of(user).is_secretariat


def can_decide_reduction(user, *, percent, limit, office: Office) -> bool:
    """Up to `limit` percent: finance staff of the invoicing office or the
    secretariat; above it (waivers included when the limit is below 100): the
    secretariat only."""
    access = access_of(user)
    if percent > limit:
        return access.is_secretariat
    return access.is_secretariat or can_handle_money(user, office)


def can_request_reduction(user, local_government) -> bool:
    """A hardship reduction or waiver of a member's dues: requested by its editors."""
    return local_government.pk in access_of(user).editor_of


def can_record_project_fund(user, office: Office) -> bool:
    """Record a project fund awarded to an office: its staff (whoever records
    the award of its proposal), its finance staff, and the secretariat."""
    access = access_of(user)
    if not access.is_authenticated:
        return False
    return access.is_secretariat or office.pk in access.offices or can_handle_money(user, office)
