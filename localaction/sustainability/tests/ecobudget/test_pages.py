"""ecoBUDGET's pages: who sees and does what, the statement, the steps, PDF and charts."""

import io
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from pypdf import PdfReader

from localaction.core.ecobudget import Value
from localaction.sustainability.ecobudget import services
from localaction.sustainability.ecobudget.models import EcoBudget, EcoBudgetLine
from localaction.sustainability.tests.ecobudget.conftest import (
    ACTUALS,
    balanced_budget,
    draft_budget,
)

pytestmark = pytest.mark.django_db

INSIDERS = ("editor", "colleague", "staff", "secretariat")
OUTSIDERS = ("anonymous", "outsider", "other_staff")
EDITORS = ("editor", "staff", "secretariat")


def url(year=2024, rest="", code="de-freiburg") -> str:
    return f"/members/{code}/ecobudget/{year}/{rest}"


def pdf_text(data: bytes) -> str:
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    return " ".join(text.split())  # table cells wrap: words, not lines


@pytest.mark.parametrize("who", INSIDERS + OUTSIDERS)
def test_a_draft_is_seen_by_insiders_only(client_as, draft, who):
    response = client_as(who).get(url())
    assert response.status_code == (200 if who in INSIDERS else 404)
    listing = client_as(who).get("/members/de-freiburg/ecobudget/")
    assert listing.status_code == 200
    assert (b'href="/members/de-freiburg/ecobudget/2024/"' in listing.content) == (who in INSIDERS)


@pytest.mark.parametrize("who", INSIDERS + OUTSIDERS)
def test_an_adopted_budget_is_public(client_as, adopted, who):
    response = client_as(who).get(url())
    assert response.status_code == 200
    assert "Drinking water use per person" in response.content.decode()
    assert "Council resolution 2024/7" in response.content.decode()


@pytest.mark.parametrize("who", INSIDERS + OUTSIDERS)
def test_the_actual_values_are_public_once_the_balance_is_adopted(client_as, adopted, who):
    services.balance_enter(budget=adopted, actuals=ACTUALS)
    page = client_as(who).get(url(rest="balance/")).content.decode()
    # 2024's water: 120 l, a surplus of +5
    assert ("deficit: target missed" in page) == (who in INSIDERS)
    services.balance_adopt(budget=adopted, adopted_on=date(2025, 3, 5), decision="R 2025/12")
    page = client_as(who).get(url(rest="balance/")).content.decode()
    assert "surplus: target met" in page and "deficit: target missed" in page
    assert "+5" in page and "-10" in page


@pytest.mark.parametrize("who", INSIDERS + OUTSIDERS)
def test_an_unpublished_members_budgets_are_insiders_only(client_as, cast, who):
    balanced_budget(cast.hidden)
    response = client_as(who).get(url(code="de-hidden"))
    visible = who in ("staff", "secretariat")
    assert response.status_code == (200 if visible else 404)


@pytest.mark.parametrize(
    "rest", ["adopt/", "balance/edit/", "budget/import/", "balance/import/", "reports/new/"]
)
@pytest.mark.parametrize("who", INSIDERS + OUTSIDERS)
def test_the_steps_are_for_those_who_edit_the_member(client_as, adopted, who, rest):
    response = client_as(who).get(url(rest=rest))
    if who == "anonymous":
        assert response.status_code == 302 and "/login/" in response["Location"]
    else:
        assert response.status_code == (200 if who in EDITORS else 403)


@pytest.mark.parametrize("who", ("anonymous", "colleague", "outsider", "other_staff"))
def test_a_refused_person_changes_nothing(client_as, draft, who):
    client = client_as(who)
    client.post(url(), {"indicator": "x", "target": "1"})
    client.post(url(rest="adopt/"), {"adopted_on": "2024-02-01", "decision": "R 1"})
    client.post("/members/de-freiburg/ecobudget/", {"year": "2031"})
    draft.refresh_from_db()
    assert draft.status == EcoBudget.Status.DRAFT
    assert not EcoBudget.objects.filter(year=2031).exists()


def test_the_editor_runs_the_whole_cycle_on_the_pages(client_as, cast):
    client = client_as("editor")
    response = client.post("/members/de-freiburg/ecobudget/", {"year": "2024"})
    assert response.status_code == 302
    budget = EcoBudget.objects.get(local_government=cast.freiburg, year=2024)
    water = EcoBudgetLine._meta.get_field("indicator").related_model.objects.get(
        code="water_per_person", local_government=None
    )
    response = client.post(
        url(), {"indicator": water.pk, "target": "0.125", "unit": "m3/person/day"}
    )
    assert response.status_code == 302
    assert budget.lines.get().target == pytest.approx(125)
    response = client.post(url(), {"indicator": water.pk, "target": "5", "unit": "MWh"})
    assert response.status_code == 400
    assert "is not a unit of water_per_person" in response.content.decode()
    document = SimpleUploadedFile("resolution.pdf", b"%PDF-1.4 resolution", "application/pdf")
    response = client.post(
        url(rest="adopt/"),
        {"adopted_on": "2024-02-01", "decision": "Council 2024/3", "document": document},
    )
    assert response.status_code == 302
    budget.refresh_from_db()
    assert budget.status == EcoBudget.Status.ADOPTED and budget.document
    assert client_as("anonymous").get(url(rest="budget/document/")).status_code == 200
    response = client.post(url(rest="adopt/"), {"adopted_on": "2024-02-02", "decision": "Again"})
    assert response.status_code == 400
    assert "already adopted the budget of 2024" in response.content.decode()
    response = client.post(url(rest="balance/edit/"), {"water_per_person": "inf"})
    assert response.status_code == 400
    response = client.post(url(rest="balance/edit/"), {"water_per_person": "121"})
    assert response.status_code == 302
    response = client.post(
        url(rest="balance/adopt/"), {"adopted_on": "2025-03-01", "decision": "Council 2025/9"}
    )
    assert response.status_code == 302
    budget.refresh_from_db()
    assert budget.status == EcoBudget.Status.BALANCE_ADOPTED
    response = client.post(url(rest="next/"))
    assert response.status_code == 302
    following = EcoBudget.objects.get(local_government=cast.freiburg, year=2025)
    assert following.lines.get().previous_value == 121


def test_a_balance_on_a_draft_is_refused_on_the_page(client_as, draft):
    response = client_as("editor").post(url(rest="balance/edit/"), {"water_per_person": "120"})
    assert response.status_code == 400
    assert "has not adopted the budget of 2024" in response.content.decode()
    assert draft.lines.get(indicator__code="water_per_person").actual is None


def test_an_oversized_document_is_refused(client_as, draft):
    document = SimpleUploadedFile("r.exe", b"MZ", "application/octet-stream")
    response = client_as("editor").post(
        url(rest="adopt/"), {"adopted_on": "2024-02-01", "decision": "R", "document": document}
    )
    assert response.status_code == 400
    draft.refresh_from_db()
    assert draft.status == EcoBudget.Status.DRAFT


@pytest.mark.parametrize("who", ("anonymous", "colleague"))
def test_the_pdf_of_the_balance_for_the_council(client_as, balanced, who):
    response = client_as(who).get(url(rest="balance.pdf"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    assert "Budget balance 2024" in text
    assert "Freiburg im Breisgau" in text
    assert "Drinking water use per person" in text
    assert "surplus: target met" in text and "deficit: target missed" in text
    assert "+5" in text and "-10" in text


def test_the_pdf_of_the_master_budget(client_as, adopted):
    text = pdf_text(client_as("anonymous").get(url(rest="budget.pdf")).content)
    assert "Environmental master budget 2024" in text
    assert "Protected nature area" in text and "550" in text
    assert "Council resolution 2024/7" in text


def test_a_drafts_pdf_is_insiders_only(client_as, draft):
    assert client_as("anonymous").get(url(rest="budget.pdf")).status_code == 404
    assert client_as("colleague").get(url(rest="budget.pdf")).status_code == 200


def test_charts_show_each_indicator_over_the_years(client_as, cast):
    balanced_budget(cast.freiburg, 2023)
    draft_budget(cast.freiburg, 2024)
    page = client_as("colleague").get("/members/de-freiburg/ecobudget/").content.decode()
    assert "<svg" in page
    assert "Drinking water use per person: target and actual by year" in page
    public = client_as("anonymous").get("/members/de-freiburg/ecobudget/").content.decode()
    assert "target and actual by year" not in public  # one adopted year: no line to draw


def test_the_profile_shows_adopted_budgets_to_everyone_and_drafts_to_insiders(client_as, cast):
    balanced_budget(cast.freiburg, 2023)
    draft_budget(cast.freiburg, 2024)
    public = client_as("anonymous").get("/members/de-freiburg/").content.decode()
    assert "Environmental budget 2023" in public
    assert "Environmental budget 2024" not in public
    inside = client_as("colleague").get("/members/de-freiburg/").content.decode()
    assert "Environmental budget 2024" in inside


def test_measures_are_linked_on_the_page(client_as, cast, adopted):
    from localaction.campaigns.models import Action

    action = Action.objects.create(local_government=cast.freiburg, title="Leak detection")
    line = adopted.lines.get(indicator__code="water_per_person")
    response = client_as("editor").post(
        url(rest="measures/"), {"line": line.pk, "action": action.pk}
    )
    assert response.status_code == 302
    assert line.measures.get().action == action
    other = Action.objects.create(local_government=cast.nairobi, title="Elsewhere")
    response = client_as("editor").post(
        url(rest="measures/"), {"line": line.pk, "action": other.pk}
    )
    assert response.status_code == 400
    assert line.measures.count() == 1


def test_a_mid_year_report_on_the_page(client_as, adopted):
    response = client_as("editor").post(
        url(rest="reports/new/"),
        {"reported_on": "2024-07-01", "text": "Going well.", "interim_water_per_person": "123"},
    )
    assert response.status_code == 302
    assert adopted.reports.get().values.get().value == 123
    page = client_as("colleague").get(url()).content.decode()
    assert "Going well." in page


def test_an_own_indicator(client_as, cast):
    from localaction.sustainability.ecobudget.models import EcoIndicator, EnvironmentalResource

    land = EnvironmentalResource.objects.get(code="land")
    data = {
        "code": "allotments",
        "name": "Allotment gardens",
        "resource": land.pk,
        "unit": "ha",
        "direction": "more",
        "aggregation": "sum",
    }
    assert (
        client_as("colleague")
        .post("/members/de-freiburg/ecobudget/indicators/new/", data)
        .status_code
        == 403
    )
    response = client_as("editor").post("/members/de-freiburg/ecobudget/indicators/new/", data)
    assert response.status_code == 302
    assert EcoIndicator.objects.get(code="allotments").local_government == cast.freiburg
    budget = services.budget_create(local_government=cast.freiburg, year=2026)
    services.budget_set_line(
        budget=budget, indicator=EcoIndicator.objects.get(code="allotments"), target=Value(3)
    )
    bad = {**data, "code": "bad", "unit": "flurbs"}
    response = client_as("editor").post("/members/de-freiburg/ecobudget/indicators/new/", bad)
    assert response.status_code == 400
    assert not EcoIndicator.objects.filter(code="bad").exists()
