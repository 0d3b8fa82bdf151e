"""The projects' sections on an office's page and on a member's profile
(network/sections.py), registered from the AppConfig."""

from __future__ import annotations

from localaction.network.models import LocalGovernment, Office
from localaction.projects import permissions
from localaction.projects.models import Project


def office_section(user, office: Office) -> dict | None:
    """The projects the office leads or takes part in that the person may see,
    and the link to its funding pipeline for its staff and the secretariat."""
    projects = (
        Project.objects.of_office(office)
        .filter(pk__in=permissions.visible_projects(user).values("pk"))
        .order_by("-starts_on", "title")
    )
    keeps = permissions.keeps_proposals_of(user, office)
    if not keeps and not projects.exists():
        return None
    return {"projects": list(projects), "pipeline": keeps}


def member_section(user, lg: LocalGovernment) -> dict | None:
    """The pilot projects the member takes part in, as far as the person may see them."""
    projects = lg.projects.filter(pk__in=permissions.visible_projects(user).values("pk")).order_by(
        "-starts_on", "title"
    )
    if not projects.exists():
        return None
    return {"projects": list(projects)}
