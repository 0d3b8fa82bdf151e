"""Who may see and change Triple Bottom Line indicators, values, targets and reports.

- The library's indicators are public.
- A published report of a published member is public, with the values and
  targets it shows.
- Insiders (the member's editors and viewers, the offices covering it, the
  secretariat) see every report, draft or not, and every value, target and
  own indicator of the member.
- Editors of the member and the offices covering it (can_edit_local_government)
  write them and publish reports.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from localaction.accounts.access import access_of
from localaction.campaigns.permissions import is_insider
from localaction.network.models import LocalGovernment
from localaction.network.permissions import can_edit_local_government
from localaction.sustainability.tbl.models import TBLIndicator, TBLReport


def insider_local_governments(user) -> QuerySet[LocalGovernment]:
    """The members whose drafts, values and targets the person sees."""
    access = access_of(user)
    if access.is_secretariat:
        return LocalGovernment.objects.all()
    return LocalGovernment.objects.filter(
        Q(pk__in=access.member_of)
        | Q(country__region__in=access.staff_regions)
        | Q(country__in=access.staff_countries)
    )


def can_see_workings(user, local_government: LocalGovernment) -> bool:
    """Whether the person sees the member's drafts, values, targets and own indicators."""
    return is_insider(user, local_government)


def can_edit_tbl(user, local_government: LocalGovernment) -> bool:
    """Whether the person writes the member's TBL indicators, values, targets and
    reports, and publishes them."""
    return can_edit_local_government(user, local_government)


def reports_visible_to(user) -> QuerySet[TBLReport]:
    return TBLReport.objects.filter(
        Q(status=TBLReport.Status.PUBLISHED, local_government__is_published=True)
        | Q(local_government__in=insider_local_governments(user))
    )


def can_view_report(user, report: TBLReport) -> bool:
    if report.is_published and report.local_government.is_published:
        return True
    return can_see_workings(user, report.local_government)


def indicators_visible_to(user) -> QuerySet[TBLIndicator]:
    """The library's indicators, members' own ones shown in a visible published
    report, and every own indicator of the members the person is inside."""
    shown = reports_visible_to(user).published().values("indicators")
    return TBLIndicator.objects.filter(
        Q(local_government__isnull=True)
        | Q(pk__in=shown)
        | Q(local_government__in=insider_local_governments(user))
    )
