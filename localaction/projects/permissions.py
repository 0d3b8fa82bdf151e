"""Who sees and does what with projects and proposals.

- **The project's people** — its team, the staff of its offices (lead and
  others) and the secretariat — see everything about it: budget, team, work
  packages, deliverables, outputs, proposals.
- The lead office's staff and the secretariat edit the project (its details,
  work packages, deliverables, team and outputs); team members update its
  deliverables' status.
- **Staff of other offices** see every project's summary only: title, kind,
  period, offices, status and public outputs — no budget detail, no team, no
  proposals.
- **The public** (and members' staff) see the summaries and public outputs of
  projects marked public; members' staff also those of the pilots their local
  government takes part in.
- **Proposals** are seen and decided by the staff of the proposing office and
  the secretariat.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from localaction.accounts.access import access_of
from localaction.network.models import Office
from localaction.projects.models import Deliverable, Project, Proposal


def edits_project(user, project: Project) -> bool:
    """The lead office's staff and the secretariat."""
    access = access_of(user)
    return access.is_secretariat or project.lead_office_id in access.offices


def on_team(user, project: Project) -> bool:
    return user.is_authenticated and project.team.filter(person=user).exists()


def sees_everything(user, project: Project) -> bool:
    """The team, the staff of the project's offices, the secretariat."""
    if not user.is_authenticated:
        return False
    access = access_of(user)
    if access.is_secretariat or project.lead_office_id in access.offices:
        return True
    if access.offices and project.offices.filter(pk__in=access.offices).exists():
        return True
    return on_team(user, project)


def updates_deliverables(user, project: Project) -> bool:
    return edits_project(user, project) or on_team(user, project)


def projects_in_full(user) -> QuerySet[Project]:
    """The projects the person sees everything of."""
    if not user.is_authenticated:
        return Project.objects.none()
    access = access_of(user)
    if access.is_secretariat:
        return Project.objects.all()
    return Project.objects.filter(
        Q(lead_office__in=access.offices) | Q(offices__in=access.offices) | Q(team__person=user)
    ).distinct()


def visible_projects(user) -> QuerySet[Project]:
    """Every project the person sees at least the summary of."""
    access = access_of(user)
    if access.is_secretariat or access.is_office_staff:
        return Project.objects.all()
    condition = Q(pk__in=Project.objects.public().values("pk"))
    if access.member_of:
        condition |= Q(pilot_members__in=access.member_of)
    if user.is_authenticated:
        condition |= Q(team__person=user)
    return Project.objects.filter(condition).distinct()


def can_see_project(user, project: Project) -> bool:
    return visible_projects(user).filter(pk=project.pk).exists()


def can_create_project(user) -> bool:
    return access_of(user).is_office_staff


def lead_offices_for(user) -> QuerySet[Office]:
    """The offices the person may name as a project's lead office (or a proposal's office)."""
    access = access_of(user)
    if access.is_secretariat:
        return Office.objects.all()
    return Office.objects.filter(pk__in=access.offices)


def keeps_proposals_of(user, office: Office) -> bool:
    access = access_of(user)
    return access.is_secretariat or office.pk in access.offices


def keeps_proposal(user, proposal: Proposal) -> bool:
    access = access_of(user)
    return access.is_secretariat or proposal.office_id in access.offices


def visible_proposals(user) -> QuerySet[Proposal]:
    access = access_of(user)
    if access.is_secretariat:
        return Proposal.objects.all()
    return Proposal.objects.filter(office__in=access.offices)


def visible_deliverables(user) -> QuerySet[Deliverable]:
    return Deliverable.objects.filter(project__in=projects_in_full(user).values("pk"))
