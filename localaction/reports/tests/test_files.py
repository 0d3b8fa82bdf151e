"""Open data files and their web downloads: only published data, every route,
for every person (the network in records.py)."""

import csv
import io
import json
from collections import defaultdict

import openpyxl
import pytest
from django.urls import reverse

from localaction.conftest import PEOPLE
from localaction.inventories.models import Inventory, InventoryTotal
from localaction.inventories.services import BIOGENIC_CO2, inventory_results
from localaction.reports.files import (
    REPORT_CSV_COLUMNS,
    crf_document,
    iter_open_data_lines,
    line_columns,
    line_gases,
    open_data_csv,
    write_report,
)
from localaction.reports.services import network_report, parse_scope
from localaction.reports.tests.records import FREIBURG_2020, build_network

pytestmark = pytest.mark.django_db

UNPUBLISHED = ("de-hidden", "hidden line", "secret draft", "Unpublished")


@pytest.fixture
def network(cast):
    return build_network(cast)


def read_csv(content: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"))))


def content_of(response) -> bytes:
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


def assert_nothing_unpublished(content: bytes) -> None:
    text = content.decode("utf-8-sig", errors="replace")
    for word in UNPUBLISHED:
        assert word not in text


# The line file


def test_line_file_has_exactly_the_lines_of_published_inventories_of_published_members(network):
    rows = read_csv(b"".join(open_data_csv()))
    assert sorted((row["member"], row["year"]) for row in rows) == sorted(
        [("de-freiburg", "2020")] * len(FREIBURG_2020) + [("ke-nairobi", "2021")]
    )
    assert_nothing_unpublished(b"".join(open_data_csv()))


def test_line_file_gases_are_the_common_three_then_those_published_lines_report(network):
    assert line_gases() == ["CO2", "CH4", "N2O", "HFC134a"]  # SF6 is only the hidden member's
    header = next(csv.reader(io.StringIO(b"".join(open_data_csv()).decode("utf-8-sig"))))
    assert tuple(header) == line_columns(["CO2", "CH4", "N2O", "HFC134a"])


def test_line_file_gas_columns_sum_to_the_published_inventories_totals(network):
    rows = read_csv(b"".join(open_data_csv()))
    totals = defaultdict(float)
    for gas, kg in InventoryTotal.objects.filter(
        inventory__in=[network["freiburg"], network["nairobi"]]
    ).values_list("gas", "kg"):
        totals[gas] += kg
    for gas in line_gases():
        column = f"{gas.lower()}_kg"
        assert sum(float(row[column] or 0) for row in rows) == pytest.approx(totals[gas])
    assert sum(float(row["biogenic_co2_kg"] or 0) for row in rows) == pytest.approx(
        totals[BIOGENIC_CO2]
    )


def test_line_file_rows_carry_the_cell_scope_sector_and_the_line_as_entered(network):
    rows = read_csv(b"".join(open_data_csv()))
    gas_line = next(
        row for row in rows if row["gpc_ref"] == "I.1.1" and row["member"] == "de-freiburg"
    )
    assert (gas_line["country"], gas_line["region"]) == ("DE", "europe")
    assert (gas_line["scope"], gas_line["sector"]) == ("1", "I")
    assert (gas_line["activity"], gas_line["data_quality"]) == ("natural gas", "high")
    assert (gas_line["co2_kg"], gas_line["ch4_kg"], gas_line["n2o_kg"]) == (
        "1000000.0",
        "100.0",
        "",
    )
    notation = next(row for row in rows if row["gpc_ref"] == "I.2.1")
    assert notation["notation_key"] == "NO"
    assert notation["explanation"] == "No commercial fuel use in town."
    assert notation["co2_kg"] == ""


def test_line_file_reads_the_same_rows_in_order_whatever_the_chunk_size(network):
    gases = line_gases()
    rows = list(iter_open_data_lines(1, gases=gases))
    assert rows == list(iter_open_data_lines(5000, gases=gases))
    member, year, gpc_ref = 0, 3, 4  # columns of line_columns()
    keys = [(row[member], row[year], row[gpc_ref]) for row in rows]
    assert keys == sorted(keys)
    assert {key[0] for key in keys} == {"de-freiburg", "ke-nairobi"}


def test_line_file_of_an_empty_network_is_its_header(db):
    assert read_csv(b"".join(open_data_csv())) == []


@pytest.mark.parametrize("who", PEOPLE)
def test_everyone_streams_the_same_published_line_file(network, client_as, who):
    response = client_as(who).get(reverse("reports:lines-download"))
    assert response.status_code == 200
    assert response.streaming
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    content = content_of(response)
    assert len(read_csv(content)) == len(FREIBURG_2020) + 1
    assert_nothing_unpublished(content)


# The network report as files


@pytest.fixture
def report(network):
    return network_report(parse_scope({"year": "2021"}))


def test_report_csv_is_one_long_table_of_every_breakdown_and_the_commitments(report):
    buffer = io.BytesIO()
    write_report(report, "csv", buffer)
    rows = read_csv(buffer.getvalue())
    assert tuple(rows[0]) == REPORT_CSV_COLUMNS
    total = rows[0]
    assert total["table"] == "total"
    assert float(total["tco2e"]) == pytest.approx(report.total_tco2e)
    regions = [row for row in rows if row["table"] == "region"]
    assert sum(float(row["tco2e"]) for row in regions) == pytest.approx(report.total_tco2e)
    assert {row["key"] for row in regions} == {group.key for group in report.by_region}
    commitments = [row for row in rows if row["table"] == "commitments"]
    assert [int(row["key"]) for row in commitments] == [c.year for c in report.commitments]


def test_report_xlsx_has_a_sheet_per_table(report):
    buffer = io.BytesIO()
    write_report(report, "xlsx", buffer)
    workbook = openpyxl.load_workbook(io.BytesIO(buffer.getvalue()))
    assert {"Summary", "By region", "By country", "By sector", "Commitments", "Excluded"} <= set(
        workbook.sheetnames
    )
    by_region = list(workbook["By region"].iter_rows(values_only=True))
    assert by_region[0] == ("key", "name", "members", "population", "tco2e")
    assert sum(row[4] for row in by_region[1:]) == pytest.approx(report.total_tco2e)


def test_report_json_is_the_reports_own(report):
    buffer = io.BytesIO()
    write_report(report, "json", buffer)
    assert json.loads(buffer.getvalue()) == json.loads(json.dumps(report.as_json()))


@pytest.mark.parametrize("who", PEOPLE)
@pytest.mark.parametrize("file_format", ["csv", "xlsx", "json"])
def test_everyone_downloads_the_published_report(network, client_as, who, file_format):
    url = reverse("reports:report-download", args=[file_format])
    response = client_as(who).get(url, {"year": "2022", "gwp": "AR6GWP100", "level": "BASIC"})
    assert response.status_code == 200
    assert "network-report-2022" in response["Content-Disposition"]
    assert_nothing_unpublished(response.content)
    if file_format == "json":
        document = json.loads(response.content)
        counted = {(row["member"], row["year"]) for row in document["inventories"]}
        # Freiburg's submitted 2022 inventory does not count; its published 2020 one does.
        assert counted == {("de-freiburg", 2020), ("ke-nairobi", 2021)}


def test_report_pdf_download(network, client):
    pytest.importorskip(
        "localaction.reports.pdf", reason="report_pdf is another helper's, not there yet"
    )
    response = client.get(reverse("reports:report-download", args=["pdf"]), {"year": "2021"})
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")


@pytest.mark.parametrize(
    "params, field",
    [
        ({"gwp": "AR7"}, "gwp"),
        ({"level": "territorial-ish"}, "level"),
        ({"year": "1800"}, "year"),
        ({"year": "soon"}, "year"),
        ({"region": "atlantis"}, "region"),
    ],
)
def test_a_bad_report_parameter_is_a_400_page_that_names_it(network, client, params, field):
    response = client.get(reverse("reports:report-download", args=["csv"]), params)
    assert response.status_code == 400
    assert f"<code>{field}</code>" in response.content.decode()
    assert next(iter(params.values())) in response.content.decode()


def test_an_unknown_report_format_is_not_found(network, client):
    assert client.get(reverse("reports:report-download", args=["docx"])).status_code == 404


# The open data page


@pytest.mark.parametrize("who", PEOPLE)
def test_open_data_page_lists_every_download_and_the_licence(network, client_as, who):
    response = client_as(who).get(reverse("reports:open-data"))
    assert response.status_code == 200
    page = response.content.decode()
    for file_format in ("csv", "xlsx", "json", "pdf"):
        assert reverse("reports:report-download", args=[file_format]) in page
    assert reverse("reports:lines-download") in page
    assert "CC BY 4.0" in page
    assert "year=2021" in page  # the latest report year by default


def test_open_data_page_without_published_inventories(db, client):
    response = client.get(reverse("reports:open-data"))
    assert response.status_code == 200
    assert reverse("reports:lines-download") in response.content.decode()


# A member's CRF export


def test_crf_inventory_figures_equal_the_inventory_results(network):
    document = crf_document(network["freiburg"].local_government)
    inventory = document["inventory"]
    results = inventory_results(network["freiburg"])
    assert (inventory["year"], inventory["gwp"]) == (2020, results.gwp)
    by_cell = results.by_cell_co2e_kg()
    for cell in inventory["cells"]:
        assert (cell["total_tco2e"] or 0.0) == pytest.approx(by_cell[cell["gpc_ref"]] / 1000)
        gases = [t for t in cell["tco2e"].values() if t is not None]
        assert sum(gases) == pytest.approx(cell["total_tco2e"] or 0.0)
    assert sum(cell["total_tco2e"] or 0 for cell in inventory["cells"]) == pytest.approx(
        results.total_co2e_kg() / 1000
    )
    refrigerants = next(cell for cell in inventory["cells"] if cell["gpc_ref"] == "IV.2")
    assert refrigerants["tco2e"]["HFCs"] == pytest.approx(
        results.by_gas_co2e_kg()["HFC134a"] / 1000
    )


def test_crf_cell_without_a_number_shows_its_notation_key(network):
    cells = {
        cell["gpc_ref"]: cell
        for cell in crf_document(network["freiburg"].local_government)["inventory"]["cells"]
    }
    assert cells["I.2.1"]["notation_keys"] == ["NO"]
    assert cells["I.2.1"]["explanation"] == "No commercial fuel use in town."
    assert cells["I.2.1"]["total_tco2e"] is None
    assert cells["I.3.1"]["notation_keys"] == []  # no line at all: blank
    assert cells["I.3.1"]["tco2e"]["CO2"] is None


def test_crf_holds_published_targets_and_actions_only(network):
    document = crf_document(network["freiburg"].local_government)
    assert [target["title"] for target in document["targets"]] == ["Published target"]
    assert document["targets"][0]["target_tco2e"] == pytest.approx(
        0.6 * inventory_results(network["freiburg"]).total_co2e_kg("BASIC") / 1000
    )
    assert [action["title"] for action in document["actions"]] == ["Published action"]
    assert document["actions"][0]["plan"] == "Published plan"


def test_crf_without_a_published_inventory(cast):
    assert crf_document(cast.freiburg)["inventory"] is None


@pytest.mark.parametrize("who", PEOPLE)
def test_everyone_downloads_a_published_members_crf_workbook(network, client_as, who):
    response = client_as(who).get(reverse("reports:crf-download", args=["de-freiburg", "xlsx"]))
    assert response.status_code == 200
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    assert {"Inventory", "Targets", "Actions"} <= set(workbook.sheetnames)
    inventory = list(workbook["Inventory"].iter_rows(values_only=True))
    header = inventory[0]
    total = header.index("total_tco2e")
    results = inventory_results(network["freiburg"])
    assert sum(row[total] or 0 for row in inventory[1:]) == pytest.approx(
        results.total_co2e_kg() / 1000
    )
    assert [row[1] for row in workbook["Targets"].iter_rows(min_row=2, values_only=True)] == [
        "Published target"
    ]
    assert [row[1] for row in workbook["Actions"].iter_rows(min_row=2, values_only=True)] == [
        "Published action"
    ]
    assert_nothing_unpublished(
        json.dumps(
            [list(map(str, row)) for sheet in workbook for row in sheet.iter_rows(values_only=True)]
        ).encode()
    )


@pytest.mark.parametrize("who", PEOPLE)
def test_everyone_downloads_a_published_members_crf_json(network, client_as, who):
    response = client_as(who).get(reverse("reports:crf-download", args=["de-freiburg", "json"]))
    assert response.status_code == 200
    document = json.loads(response.content)
    assert document["inventory"]["year"] == 2020  # not the submitted 2022 one
    assert_nothing_unpublished(response.content)


@pytest.mark.parametrize(
    "who, status",
    [
        ("editor", 404),
        ("colleague", 404),
        ("outsider", 404),
        ("staff", 200),  # the European office covers it
        ("other_staff", 404),
        ("secretariat", 200),
        ("anonymous", 404),
    ],
)
def test_an_unpublished_members_crf_is_for_those_who_may_see_it(network, client_as, who, status):
    response = client_as(who).get(reverse("reports:crf-download", args=["de-hidden", "json"]))
    assert response.status_code == status
    if status == 200:
        # Published data only, even for insiders: its inventory is published.
        assert json.loads(response.content)["inventory"]["year"] == 2020


def test_crf_of_an_unknown_member_or_format_is_not_found(network, client):
    assert (
        client.get(reverse("reports:crf-download", args=["xx-nowhere", "xlsx"])).status_code == 404
    )
    assert (
        client.get(reverse("reports:crf-download", args=["de-freiburg", "csv"])).status_code == 404
    )


def test_unpublished_inventories_stay_out_of_the_crf_of_a_published_member(network, cast):
    Inventory.objects.filter(pk=network["freiburg"].pk).update(status="verified")
    assert crf_document(cast.freiburg)["inventory"] is None
