"""The projects' part of the platform's search: one entry per public project
(its summary, as anyone reads it; cancelled and non-public projects never).
`entries()` gives them all, `entry_for(obj)` one project's (None when not
public), and `WATCHED` the models whose changes change an entry."""

from __future__ import annotations

from collections.abc import Iterator

from localaction.projects.models import Project


def _body(project: Project) -> str:
    parts = [project.get_kind_display(), project.summary, project.lead_office.name]
    parts.extend(office.name for office in project.offices.all())
    parts.extend(partner.name for partner in project.partners.all())
    return "\n".join(" ".join(part.split()) for part in parts if part)


def entry_for(obj) -> dict | None:
    if not isinstance(obj, Project) or not Project.objects.public().filter(pk=obj.pk).exists():
        return None
    return {
        "kind": "project",
        "key": obj.slug,
        "language": "en",
        "title": obj.title[:300],
        "body": _body(obj),
        "url": obj.get_absolute_url(),
        "region_id": None,
        "country_code": "",
        "themes": [campaign.code for campaign in obj.campaigns.all()] + list(obj.instruments),
        "year": obj.starts_on.year,
        "object": obj,
    }


def entries() -> Iterator[dict]:
    projects = Project.objects.public().select_related("lead_office").order_by("pk")
    for project in projects.prefetch_related("offices", "partners", "campaigns"):
        entry = entry_for(project)
        if entry is not None:
            yield entry


WATCHED = (Project,)
