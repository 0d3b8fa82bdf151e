"""Every TBL page for every role: who sees what, who writes, and what a refused
write leaves (nothing)."""

import pytest
from django.urls import reverse

from localaction.sustainability.tbl import services
from localaction.sustainability.tbl.models import TBLIndicator, TBLReport, TBLTarget, TBLValue
from localaction.sustainability.tests.tbl.conftest import SECTIONS

EVERYONE = ("anonymous", "colleague", "editor", "outsider", "staff", "other_staff", "secretariat")
INSIDERS = {"colleague", "editor", "staff", "secretariat"}
EDITORS = {"editor", "staff", "secretariat"}


def _url(name, *args):
    return reverse(f"tbl:{name}", args=args)


@pytest.mark.parametrize("who", EVERYONE)
def test_a_published_report_its_pdf_and_the_network_page_are_for_everyone(
    client_as, published, who
):
    client = client_as(who)
    page = client.get(_url("report", "de-freiburg", 2024))
    assert page.status_code == 200
    assert "Emissions keep falling." in page.content.decode()
    assert client.get(_url("report-pdf", "de-freiburg", 2024)).status_code == 200
    network = client.get(_url("network"))
    assert network.status_code == 200 and "Freiburg im Breisgau" in network.content.decode()


@pytest.mark.parametrize("who", EVERYONE)
def test_a_draft_is_seen_by_insiders_only(client_as, draft, who):
    expected = 200 if who in INSIDERS else 404
    client = client_as(who)
    assert client.get(_url("report", "de-freiburg", 2024)).status_code == expected
    assert client.get(_url("report-pdf", "de-freiburg", 2024)).status_code == expected
    assert "Freiburg" not in client.get(_url("network")).content.decode()


@pytest.mark.parametrize("who", EVERYONE)
def test_the_members_tbl_page_shows_values_to_insiders(client_as, draft, who):
    page = client_as(who).get(_url("member", "de-freiburg"))
    assert page.status_code == 200
    text = page.content.decode()
    assert ("Values entered, by indicator and year" in text) == (who in INSIDERS)
    assert ("Report 2024" in text) == (who in INSIDERS)  # a draft


@pytest.mark.parametrize("who", EVERYONE)
def test_the_profile_shows_published_reports(client_as, published, who):
    page = client_as(who).get(reverse("network:local-government", args=["de-freiburg"]))
    assert 'id="tbl-reports"' in page.content.decode()


def test_the_profile_hides_drafts_from_the_public(client_as, draft):
    profile = reverse("network:local-government", args=["de-freiburg"])
    assert 'id="tbl-reports"' not in client_as("anonymous").get(profile).content.decode()
    assert 'id="tbl-reports"' in client_as("colleague").get(profile).content.decode()


def test_an_unpublished_members_pages_are_hidden(client_as, cast):
    services.report_save(local_government=cast.hidden, year=2024, sections=SECTIONS, indicators=[])
    services.report_publish(report=TBLReport.objects.get(), user=cast.staff)
    for who in ("anonymous", "outsider", "other_staff"):
        client = client_as(who)
        assert client.get(_url("member", "de-hidden")).status_code == 404
        assert client.get(_url("report", "de-hidden", 2024)).status_code == 404
    assert client_as("staff").get(_url("report", "de-hidden", 2024)).status_code == 200


@pytest.mark.parametrize("name", ["value-new", "target-new", "indicator-new", "values-import"])
@pytest.mark.parametrize("who", EVERYONE)
def test_entry_forms_are_for_editors(client_as, cast, name, who):
    response = client_as(who).get(_url(name, "de-freiburg"))
    if who == "anonymous":
        assert response.status_code == 302  # to the login page
    else:
        assert response.status_code == (200 if who in EDITORS else 403)


@pytest.mark.parametrize("who", EVERYONE)
def test_the_report_form_is_for_editors(client_as, cast, who):
    response = client_as(who).get(_url("report-edit", "de-freiburg", 2024))
    if who == "anonymous":
        assert response.status_code == 302
    else:
        assert response.status_code == (200 if who in EDITORS else 403)


@pytest.mark.parametrize("who", ["colleague", "outsider", "other_staff"])
def test_others_cannot_write_a_report_nor_publish_it(client_as, draft, who):
    client = client_as(who)
    client.post(_url("report-edit", "de-freiburg", 2024), {**SECTIONS, "social": "changed"})
    client.post(_url("report-publish", "de-freiburg", 2024))
    draft.refresh_from_db()
    assert draft.social == SECTIONS["social"] and draft.status == "draft"


@pytest.mark.parametrize("who", EVERYONE)
def test_values_download_is_for_insiders(client_as, record, who):
    response = client_as(who).get(_url("values-download", "de-freiburg", "csv"))
    assert response.status_code == (200 if who in INSIDERS else 403)


def test_an_editor_writes_and_publishes_a_report(client_as, record, library):
    client = client_as("editor")
    response = client.post(
        _url("report-edit", "de-freiburg", 2025),
        {**SECTIONS, "indicators": [library["unemployment_rate"].pk]},
    )
    assert response.status_code == 302
    report = TBLReport.objects.get(year=2025)
    assert list(report.indicators.values_list("code", flat=True)) == ["unemployment_rate"]
    assert client.post(_url("report-publish", "de-freiburg", 2025)).status_code == 302
    report.refresh_from_db()
    assert report.is_published
    client.post(_url("report-withdraw", "de-freiburg", 2025))
    report.refresh_from_db()
    assert not report.is_published


def test_publishing_an_incomplete_report_names_the_empty_sections(client_as, cast, record):
    services.report_save(
        local_government=cast.freiburg, year=2025, sections={"introduction": "x"}, indicators=[]
    )
    response = client_as("editor").post(_url("report-publish", "de-freiburg", 2025))
    assert response.status_code == 400
    text = response.content.decode()
    assert "these are empty: environmental dimension, social dimension, economic dimension" in text
    assert TBLReport.objects.get(year=2025).status == "draft"


def test_the_value_form_converts_and_refuses_the_wrong_dimension(client_as, library):
    client = client_as("editor")
    waste = library["municipal_waste_per_person"]
    refused = client.post(
        _url("value-new", "de-freiburg"),
        {"indicator": waste.pk, "year": 2024, "value": "3", "unit": "MWh / person"},
    )
    assert refused.status_code == 400
    assert "wrong dimension" in refused.content.decode()
    assert not TBLValue.objects.exists()
    for bad in ("inf", "nan", "1e400", "abc"):
        response = client.post(
            _url("value-new", "de-freiburg"), {"indicator": waste.pk, "year": 2024, "value": bad}
        )
        assert response.status_code == 400
    assert not TBLValue.objects.exists()
    client.post(
        _url("value-new", "de-freiburg"),
        {"indicator": waste.pk, "year": 2024, "value": "0.5", "unit": "t / person"},
    )
    assert TBLValue.objects.get().value == pytest.approx(500.0)


def test_the_target_and_indicator_forms_write_through_the_services(client_as, library):
    client = client_as("editor")
    client.post(
        _url("target-new", "de-freiburg"),
        {"indicator": library["unemployment_rate"].pk, "target_year": 2030, "value": "3.5"},
    )
    assert TBLTarget.objects.get().value == 3.5
    response = client.post(
        _url("indicator-new", "de-freiburg"),
        {
            "code": "bike_lanes",
            "name": "Bike lanes",
            "dimension": "social",
            "unit": "km",
            "direction": "more",
            "source_key": "",
        },
    )
    assert response.status_code == 302
    assert TBLIndicator.objects.get(local_government__code="de-freiburg").unit == "km"
    refused = client.post(
        _url("indicator-new", "de-freiburg"),
        {
            "code": "bad",
            "name": "Bad",
            "dimension": "social",
            "unit": "kwhh",
            "direction": "more",
            "source_key": "",
        },
    )
    assert refused.status_code == 400 and "kwhh" in refused.content.decode()


def test_a_year_beyond_the_bounds_is_not_found(client_as, cast):
    assert client_as("editor").get(_url("report-edit", "de-freiburg", 99999)).status_code == 404
    assert client_as("editor").get(_url("report", "de-freiburg", 99999)).status_code == 404
