"""The administration: the secretariat only (the admin site's rule), and within
it projects and proposals scoped by the same permissions as the pages."""

from __future__ import annotations

import pytest
from django.urls import reverse

from localaction.projects.admin import ProjectAdmin
from localaction.projects.models import Project


@pytest.mark.parametrize(
    "who, status",
    [("secretariat", 200), ("staff", 302), ("other_staff", 302), ("editor", 302),
     ("anonymous", 302)],
)  # fmt: skip
def test_only_the_secretariat_opens_the_projects_in_the_admin(client_as, built, who, status):
    url = reverse("admin:projects_project_change", args=[built.project.pk])
    assert client_as(who).get(url).status_code == status


def test_the_secretariat_sees_the_proposals_in_the_admin(client_as, built):
    page = client_as("secretariat").get(reverse("admin:projects_proposal_changelist"))
    assert "Urban adaptation in coastal cities" in page.content.decode()


def test_the_admins_scope_follows_the_pages_rules(rf, cast, built):
    admin = ProjectAdmin(Project, None)
    request = rf.get("/")
    request.user = cast.other_staff
    assert not admin.get_queryset(request).exists()
    assert not admin.has_change_permission(request, built.project)
    assert not admin.has_view_permission(request, built.project)
    request.user = cast.staff
    assert list(admin.get_queryset(request)) == [built.project]
    assert admin.has_change_permission(request, built.project)


def test_a_decided_proposal_is_kept_in_the_admin(client_as, built):
    built.proposal.status = "rejected"
    built.proposal.decided_on = built.proposal.submitted_on
    built.proposal.save()
    url = reverse("admin:projects_proposal_delete", args=[built.proposal.pk])
    response = client_as("secretariat").post(url, {"post": "yes"})
    assert response.status_code in (200, 403)
    assert type(built.proposal).objects.filter(pk=built.proposal.pk).exists()
