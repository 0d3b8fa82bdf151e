"""The projects' pages for each role: the project's people (its team, its lead
office's staff, the secretariat) see everything; other offices' staff see the
summary only (no budget, no team, no proposals); the pilot member's staff see
the summary of the pilot they take part in; the public sees nothing of a
project not marked public, and the summary and public outputs of one that is."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from localaction.projects.models import Deliverable, Project, WorkPackage

D = datetime.date
FULL = ("staff", "researcher", "secretariat")
SUMMARY = ("other_staff", "editor")
HIDDEN = ("anonymous", "outsider")


@pytest.fixture
def client_of(client_as, built):
    def signed_in(who: str) -> Client:
        if who == "researcher":
            client = Client()
            client.force_login(built.researcher)
            return client
        return client_as(who)

    return signed_in


def _page(client_of, who, built):
    return client_of(who).get(built.project.get_absolute_url())


@pytest.mark.parametrize("who", FULL)
def test_the_projects_people_see_budget_team_deliverables_and_proposals(client_of, built, who):
    page = _page(client_of, who, built).content.decode()
    assert "480,000.00" in page or "480000" in page.replace(",", "").replace("\xa0", "")
    assert "researcher" in page and "Environmental economics" in page
    assert "Baseline report" in page and "Budget spreadsheet prototype" in page


def test_a_late_deliverable_is_marked_late(client_of, built):
    page = _page(client_of, "staff", built).content.decode()
    assert "1 deliverable is late." in page
    assert 'class="late"' in page


@pytest.mark.parametrize("who", SUMMARY)
def test_others_see_the_summary_only(client_of, built, who):
    response = _page(client_of, who, built)
    assert response.status_code == 200
    page = response.content.decode()
    assert "ecoBUDGET pilot in three cities" in page and "European Secretariat" in page
    assert "ecoBUDGET guide for small towns" in page  # the public output
    for secret in ("480", "Environmental economics", "Baseline report",
                   "Budget spreadsheet prototype", "European Commission"):  # fmt: skip
        assert secret not in page, secret


@pytest.mark.parametrize("who", HIDDEN)
def test_a_project_not_marked_public_is_not_found_by_the_public(client_of, built, who):
    assert _page(client_of, who, built).status_code == 404
    assert "ecoBUDGET pilot" not in client_of(who).get(reverse("projects:list")).content.decode()


def test_a_public_project_shows_its_summary_and_public_outputs_to_anyone(client_of, built):
    Project.objects.filter(pk=built.project.pk).update(is_public=True)
    page = _page(client_of, "anonymous", built).content.decode()
    assert "ecoBUDGET guide for small towns" in page
    assert "Budget spreadsheet prototype" not in page and "480" not in page


def test_the_list_shows_budgets_only_to_the_projects_people(client_of, built):
    assert "480" in client_of("staff").get(reverse("projects:list")).content.decode()
    listed = client_of("other_staff").get(reverse("projects:list")).content.decode()
    assert "ecoBUDGET pilot" in listed and "480" not in listed


def test_the_list_filters_by_kind_status_and_office(client_of, built):
    client = client_of("secretariat")
    url = reverse("projects:list")
    assert "ecoBUDGET pilot" in client.get(url, {"kind": "pilot"}).content.decode()
    assert "ecoBUDGET pilot" not in client.get(url, {"kind": "research"}).content.decode()
    assert "ecoBUDGET pilot" not in client.get(url, {"status": "planned"}).content.decode()
    assert "ecoBUDGET pilot" in client.get(url, {"office": "europe"}).content.decode()
    assert "ecoBUDGET pilot" not in client.get(url, {"office": "africa"}).content.decode()


@pytest.mark.parametrize(
    "who, status",
    [("staff", 200), ("secretariat", 200), ("researcher", 403), ("other_staff", 403),
     ("editor", 403), ("outsider", 404), ("anonymous", 302)],
)  # fmt: skip
def test_only_the_lead_office_and_the_secretariat_edit_the_project(client_of, built, who, status):
    response = client_of(who).get(reverse("projects:edit", args=[built.project.slug]))
    assert response.status_code == status


@pytest.mark.parametrize(
    "who, status",
    [("staff", 200), ("other_staff", 200), ("secretariat", 200), ("editor", 403),
     ("anonymous", 302)],
)  # fmt: skip
def test_office_staff_create_projects(client_of, built, who, status):
    assert client_of(who).get(reverse("projects:create")).status_code == status


def test_creating_a_project_names_one_of_the_persons_offices_as_lead(client_of, built, cast):
    data = {
        "title": "Urban adaptation research",
        "slug": "urban-adaptation",
        "kind": "research",
        "funder": "Research council",
        "budget_0": "120000.00",
        "budget_1": "EUR",
        "starts_on": "2026-01-01",
        "ends_on": "2028-12-31",
        "status": "planned",
        "lead_office": cast.africa_office.pk,
    }
    refused = client_of("staff").post(reverse("projects:create"), data)
    assert refused.status_code == 200 and "lead_office" in refused.context["form"].errors
    response = client_of("other_staff").post(reverse("projects:create"), data)
    assert response.status_code == 302
    project = Project.objects.get(slug="urban-adaptation")
    assert project.lead_office == cast.africa_office and str(project.budget.currency) == "EUR"


def test_a_project_ending_before_it_starts_is_refused_on_the_page(client_of, built):
    response = client_of("staff").post(
        reverse("projects:edit", args=[built.project.slug]),
        {"title": "x", "slug": built.project.slug, "kind": "pilot", "funder": "EC",
         "starts_on": "2025-01-01", "ends_on": "2024-01-01", "status": "running",
         "lead_office": built.project.lead_office_id},
    )  # fmt: skip
    assert response.status_code == 200
    assert "ends_on" in response.context["form"].errors
    built.project.refresh_from_db()
    assert built.project.title == "ecoBUDGET pilot in three cities"


def test_a_deliverable_due_outside_the_project_is_refused_with_a_field_error(client_of, built):
    url = reverse("projects:add", args=[built.project.slug, "deliverable"])
    response = client_of("staff").post(
        url, {"title": "After the end", "kind": "report", "due_on": "2028-03-01"}
    )
    assert response.status_code == 200
    assert "outside the project's period" in response.context["form"].errors["due_on"][0]
    assert not Deliverable.objects.filter(title="After the end").exists()
    added = client_of("staff").post(
        url, {"title": "Mid-term", "kind": "report", "due_on": "2026-06-01",
              "work_package": built.package.pk},
    )  # fmt: skip
    assert added.status_code == 302
    assert Deliverable.objects.get(title="Mid-term").work_package == built.package


@pytest.mark.parametrize("who, status", [("researcher", 403), ("other_staff", 403)])
def test_team_members_do_not_add_work_packages(client_of, built, who, status):
    url = reverse("projects:add", args=[built.project.slug, "work-package"])
    assert client_of(who).get(url).status_code == status


def test_the_lead_office_adds_a_work_package(client_of, built, cast):
    response = client_of("staff").post(
        reverse("projects:add", args=[built.project.slug, "work-package"]),
        {"number": 2, "title": "Council adoption", "lead_office": cast.europe_office.pk,
         "starts_on": "2026-01-01", "ends_on": "2027-06-30"},
    )  # fmt: skip
    assert response.status_code == 302
    assert WorkPackage.objects.filter(project=built.project, number=2).exists()


@pytest.mark.parametrize(
    "who, status", [("researcher", 302), ("staff", 302), ("secretariat", 302),
                    ("other_staff", 403), ("editor", 403), ("outsider", 404)],
)  # fmt: skip
def test_the_team_updates_deliverables(client_of, built, who, status):
    url = reverse("projects:deliverable-status", args=[built.project.slug, built.late.pk])
    response = client_of(who).post(url, {"status": "delivered", "delivered_on": "2025-07-15"})
    assert response.status_code == status
    built.late.refresh_from_db()
    assert (built.late.status == "delivered") == (status == 302)
    if status == 302:
        assert built.late.delivered_on == D(2025, 7, 15)


def test_a_delivery_date_in_the_future_is_refused_and_nothing_changes(client_of, built):
    url = reverse("projects:deliverable-status", args=[built.project.slug, built.late.pk])
    response = client_of("researcher").post(
        url, {"status": "delivered", "delivered_on": "2099-01-01"}, follow=True
    )
    assert "The delivery date is in the future." in response.content.decode()
    built.late.refresh_from_db()
    assert built.late.status == "in-progress" and built.late.delivered_on is None


def test_the_office_page_lists_its_projects(client_of, built, cast):
    page = client_of("anonymous").get(cast.europe_office.get_absolute_url())
    assert "ecoBUDGET pilot" not in page.content.decode()
    page = client_of("staff").get(cast.europe_office.get_absolute_url()).content.decode()
    assert "ecoBUDGET pilot" in page and reverse("projects:pipeline", args=["europe"]) in page


def test_a_members_profile_lists_its_pilot_projects(client_of, built, cast):
    url = cast.freiburg.get_absolute_url()
    assert "ecoBUDGET pilot" in client_of("editor").get(url).content.decode()
    assert "ecoBUDGET pilot" not in client_of("outsider").get(url).content.decode()
    Project.objects.filter(pk=built.project.pk).update(is_public=True)
    assert "ecoBUDGET pilot" in client_of("anonymous").get(url).content.decode()


def test_the_public_does_not_see_a_pilot_not_marked_public_on_the_profile(client_of, built, cast):
    page = client_of("anonymous").get(cast.freiburg.get_absolute_url()).content.decode()
    assert "ecoBUDGET pilot" not in page


@pytest.mark.parametrize(
    "field, value",
    [("title", "x" * 201), ("budget_0", "1e20"), ("budget_0", "NaN"), ("budget_0", "-5.00")],
)
def test_bad_input_is_refused_on_its_field_and_nothing_is_written(client_of, built, cast, field,
                                                                 value):  # fmt: skip
    data = {
        "title": "Bad input", "slug": "bad-input", "kind": "research", "funder": "F",
        "budget_0": "1000.00", "budget_1": "EUR", "starts_on": "2026-01-01",
        "ends_on": "2026-12-31", "status": "planned", "lead_office": cast.europe_office.pk,
    }  # fmt: skip
    data[field] = value
    response = client_of("staff").post(reverse("projects:create"), data)
    assert response.status_code == 200
    assert field.removesuffix("_0") in response.context["form"].errors
    assert not Project.objects.filter(slug="bad-input").exists()
