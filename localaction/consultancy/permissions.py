"""Who sees and does what in technical services and consultancy.

- Anyone sees the active services of the catalogue; any signed-in person
  (a member's staff or not) requests one.
- The consultants' network (and so day rates) is seen by office staff and the
  secretariat only; a consultant's record is edited by the staff of the office
  that keeps it and the secretariat.
- An engagement is **run** by the responsible office's staff and the
  secretariat: they see and edit everything about it (fee, rates, time,
  feedback).
- Consultants **on its team** see it with its deliverables and time, and record
  their own time; not the rates nor the fee.
- The **client** — the requester, or the editors of the member client — sees its
  status, period, deliverables and invoice, and gives feedback once delivered.
- **Staff of other offices** see a summary only: client, service, status,
  period — no fee, rates, time or feedback.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q, QuerySet

from localaction.accounts.access import access_of
from localaction.consultancy.models import Consultant, Engagement, TeamMember
from localaction.network.models import Office


def sees_network(user) -> bool:
    """Office staff and the secretariat see the consultants and their day rates."""
    access = access_of(user)
    return access.is_secretariat or access.is_office_staff


def visible_consultants(user) -> QuerySet[Consultant]:
    return Consultant.objects.all() if sees_network(user) else Consultant.objects.none()


def keeps_consultant(user, consultant: Consultant) -> bool:
    access = access_of(user)
    return access.is_secretariat or consultant.office_id in access.offices


def runs_office(user, office: Office) -> bool:
    """The office's staff and the secretariat (its pipeline and income)."""
    access = access_of(user)
    return access.is_secretariat or office.pk in access.offices


def runs(user, engagement: Engagement) -> bool:
    access = access_of(user)
    return access.is_secretariat or engagement.office_id in access.offices


def on_team(user, engagement: Engagement) -> bool:
    if not user.is_authenticated:
        return False
    return TeamMember.objects.filter(engagement=engagement, consultant__user=user).exists()


def is_client(user, engagement: Engagement) -> bool:
    if not user.is_authenticated:
        return False
    if engagement.requested_by_id == user.pk:
        return True
    return (
        engagement.local_government_id is not None
        and engagement.local_government_id in access_of(user).editor_of
    )


@dataclass(frozen=True)
class Sight:
    """What one person sees of one engagement (None of it: not at all)."""

    runs: bool = False
    team: bool = False
    client: bool = False
    summary: bool = False

    @property
    def any(self) -> bool:
        return self.runs or self.team or self.client or self.summary

    @property
    def full(self) -> bool:
        """More than the summary."""
        return self.runs or self.team or self.client

    @property
    def money(self) -> bool:
        """The fee, the rates and the proposal's value."""
        return self.runs

    @property
    def time(self) -> bool:
        return self.runs or self.team

    @property
    def deliverables(self) -> bool:
        return self.full

    @property
    def invoice(self) -> bool:
        return self.runs or self.client

    @property
    def feedback(self) -> bool:
        return self.runs or self.client


def sight_of(user, engagement: Engagement) -> Sight:
    if not user.is_authenticated:
        return Sight()
    access = access_of(user)
    return Sight(
        runs=runs(user, engagement),
        team=on_team(user, engagement),
        client=is_client(user, engagement),
        summary=access.is_office_staff,
    )


def engagements_run_by(user) -> QuerySet[Engagement]:
    access = access_of(user)
    if access.is_secretariat:
        return Engagement.objects.all()
    return Engagement.objects.filter(office__in=access.offices)


def engagements_in_full(user) -> QuerySet[Engagement]:
    """The engagements the person sees beyond the summary: run, on the team, or client."""
    if not user.is_authenticated:
        return Engagement.objects.none()
    access = access_of(user)
    if access.is_secretariat:
        return Engagement.objects.all()
    return Engagement.objects.filter(
        Q(office__in=access.offices)
        | Q(team__consultant__user=user)
        | Q(requested_by=user)
        | Q(local_government__in=access.editor_of)
    ).distinct()


def visible_engagements(user) -> QuerySet[Engagement]:
    """Those seen in full, and — for office staff — every other one as a summary."""
    if not user.is_authenticated:
        return Engagement.objects.none()
    if access_of(user).is_office_staff:
        return Engagement.objects.all()
    return engagements_in_full(user)
