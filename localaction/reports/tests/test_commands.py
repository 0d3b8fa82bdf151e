"""`localaction report network` and `localaction export lines` (the network in records.py)."""

import csv
import io
import json

import openpyxl
import pytest
from django.core.management import CommandError, call_command

from localaction.reports.tests.records import FREIBURG_2020, build_network

pytestmark = pytest.mark.django_db

REQUIRED_KEYS = {
    "year",
    "gwp",
    "level",
    "members_reporting",
    "population_covered",
    "total_tco2e",
    "by_region",
    "by_country",
    "by_sector",
    "excluded",
    "commitments",
}


@pytest.fixture
def network(cast):
    return build_network(cast)


def run(*args: str) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


# report network


def test_report_json_has_the_required_keys(network):
    document = json.loads(run("report", "network", "--year", "2022", "--gwp", "AR6GWP100"))
    assert set(document) >= REQUIRED_KEYS
    assert (document["year"], document["gwp"], document["level"]) == (2022, "AR6GWP100", "BASIC")
    assert document["members_reporting"] == 2  # Freiburg (2020) and Nairobi; not the hidden town
    for commitment in document["commitments"].values():
        assert {"committed_reduction_tco2e", "targets"} <= set(commitment)
    assert sum(row["tco2e"] for row in document["by_region"].values()) == pytest.approx(
        document["total_tco2e"]
    )


def test_report_year_defaults_to_the_latest_with_a_published_inventory(network):
    assert json.loads(run("report", "network"))["year"] == 2021


@pytest.mark.parametrize("level", ["BASIC+", "basic_plus", "basic-plus"])
def test_report_level_is_accepted_as_people_type_it(network, level):
    document = json.loads(run("report", "network", "--year", "2021", "--level", level))
    assert document["level"] == "BASIC+"


def test_report_basic_plus_adds_the_ippu_cell(network):
    basic = json.loads(run("report", "network", "--year", "2021", "--level", "basic"))
    plus = json.loads(run("report", "network", "--year", "2021", "--level", "BASIC+"))
    assert plus["total_tco2e"] > basic["total_tco2e"]  # IV.2 counts in BASIC+ only


def test_report_csv_goes_to_standard_output_without_a_byte_order_mark(network):
    text = run("report", "network", "--year", "2021", "--format", "csv")
    assert not text.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert rows[0]["table"] == "total"
    assert {row["table"] for row in rows} >= {"total", "region", "country", "sector"}


def test_report_xlsx_goes_to_a_file(network, tmp_path):
    output = tmp_path / "report.xlsx"
    message = run("report", "network", "--year", "2021", "--output", str(output))
    assert "XLSX" in message and str(output) in message
    assert "By region" in openpyxl.load_workbook(output).sheetnames


def test_report_json_to_a_file_parses(network, tmp_path):
    output = tmp_path / "report.json"
    run("report", "network", "--year", "2021", "--format", "json", "--output", str(output))
    assert set(json.loads(output.read_bytes())) >= REQUIRED_KEYS


def test_report_pdf_goes_to_a_file(network, tmp_path):
    pytest.importorskip(
        "localaction.reports.pdf", reason="report_pdf is another helper's, not there yet"
    )
    output = tmp_path / "report.pdf"
    run("report", "network", "--year", "2021", "--format", "pdf", "--output", str(output))
    assert output.read_bytes().startswith(b"%PDF")


@pytest.mark.parametrize("file_format", ["xlsx", "pdf"])
def test_a_binary_report_needs_an_output_file(network, file_format):
    with pytest.raises(CommandError, match="give --output FILE"):
        run("report", "network", "--format", file_format)


@pytest.mark.parametrize(
    "option, value, message",
    [
        ("--gwp", "AR7GWP100", "--gwp: 'AR7GWP100' is not a GWP set; use one of SARGWP100"),
        ("--level", "territorial", "--level: 'territorial' is not a level; use BASIC or BASIC+"),
        ("--year", "1800", "--year: A report year lies between 1990 and"),
        ("--year", "soon", "--year: 'soon' is not a year"),
        ("--region", "atlantis", "--region: 'atlantis' is not a region"),
        ("--window", "99", "--window: A window is a whole number of years"),
    ],
)
def test_a_bad_report_option_is_a_clear_command_error(network, option, value, message):
    with pytest.raises(CommandError) as error:
        run("report", "network", option, value)
    assert str(error.value).startswith(message)


def test_report_cannot_write_into_a_missing_folder(network, tmp_path):
    with pytest.raises(CommandError, match="Cannot write"):
        run("report", "network", "--output", str(tmp_path / "no" / "report.json"))


# export lines


def test_export_lines_to_standard_output_is_the_published_line_file(network):
    text = run("export", "lines", "--format", "csv")
    assert not text.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == len(FREIBURG_2020) + 1
    assert {row["member"] for row in rows} == {"de-freiburg", "ke-nairobi"}
    assert "secret draft" not in text and "hidden line" not in text


def test_export_lines_to_a_file(network, tmp_path):
    output = tmp_path / "lines.csv"
    message = run("export", "lines", "--output", str(output))
    assert message.strip() == f"Exported {len(FREIBURG_2020) + 1} lines to {output}."
    content = output.read_bytes()
    assert content.startswith(b"\xef\xbb\xbf")  # for spreadsheets
    assert len(list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"))))) == 5


def test_export_lines_only_as_csv(network):
    with pytest.raises(CommandError, match="invalid choice: 'xlsx'"):
        run("export", "lines", "--format", "xlsx")
