"""Every CSV and XLSX file the platform writes is safe to open in a spreadsheet.

A name an editor can type is written into many files: the directory, the
member's targets, actions and lines, the network report, the open-data line
file, the CRF export, and the commands that write the same files. Text that
begins with `=`, `+`, `-`, `@`, a tab or a carriage return is read by a
spreadsheet as a formula (OWASP, "CSV Injection",
https://owasp.org/www-community/attacks/CSV_Injection), so `tables.py`, the one
pipeline every file goes through, writes it with a leading `'`. These tests
name places after such payloads, download every file, and look at every cell.
"""

from __future__ import annotations

import ast
import csv
import io
from pathlib import Path

import openpyxl
import pytest
from django.core.management import call_command
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from localaction.campaigns.models import Action, ActionPlan, Target
from localaction.inventories.models import InventoryLine
from localaction.network.models import Country, LocalGovernment, Region
from localaction.reports.tests.records import build_network
from localaction.tables import FORMULA_START

pytestmark = pytest.mark.django_db

PACKAGE = Path(__file__).resolve().parents[1]

PAYLOADS = (
    '=HYPERLINK("http://evil","x")',
    "@SUM(1+1)",
    "-2+3",
    "+cmd|' /C calc'!A0",
    "\t=1+1",
)

# Every download that writes a spreadsheet: its URL name, its arguments, its
# formats, and whether a poisoned name shows in it (the GPC summary holds only
# the protocol's own names and figures).
DOWNLOADS = {
    "network:directory-download": ((), ("csv", "xlsx"), True),
    "campaigns:targets-download": (("de-freiburg",), ("csv", "xlsx"), True),
    "campaigns:actions-download": (("de-freiburg",), ("csv", "xlsx"), True),
    "inventories:lines-download": (("de-freiburg", 2020), ("csv", "xlsx"), True),
    "inventories:summary-download": (("de-freiburg", 2020), ("csv", "xlsx"), False),
    "reports:report-download": ((), ("csv", "xlsx"), True),
    "reports:lines-download": ((), (None,), True),
    "reports:crf-download": (("de-freiburg",), ("xlsx",), True),
    # The finance dashboard's tables; its own tests write members' names into them.
    "finance:dashboard-download": (("ageing",), ("csv", "xlsx"), False),
    # The decisions log: decisions' titles and motions, not the register's names.
    "governance:decisions-download": ((), ("csv", "xlsx"), False),
    # Sustainability management's open data and a member's files of the record
    # above (names of the library and the register, members' codes, figures).
    "ecobudget:network-download": ((2022,), ("csv", "xlsx"), False),
    "footprints:download": (("de-freiburg",), ("csv", "xlsx"), False),
    "footprints:references-download": ((), ("csv", "xlsx"), False),
    "footprints:network-download": ((), ("csv", "xlsx"), False),
    "tbl:values-download": (("de-freiburg",), ("csv", "xlsx"), False),
    "water:network-download": ((), ("csv", "xlsx"), False),
}
# Downloads of records the network above does not hold, each tested for escaping
# with its own records where named.
TESTED_WITH_THEIR_RECORDS = {
    "ecobudget:download": "sustainability/tests/ecobudget/test_files.py",
    "assessments:answers-download": "sustainability/tests/assessments/test_files.py",
    "resilience:download": "sustainability/tests/resilience/test_files.py",
    "agendas:download": "sustainability/tests/agendas/test_files.py",
    "agendas:workbook": "sustainability/tests/agendas/test_files.py",
    "water:download": "sustainability/tests/water/test_files.py",
    "procurement:tenders-download": "sustainability/tests/procurement/test_files.py",
    "learning:learners-download": "learning/tests/test_pages.py",
    "events:registrations-download": "events/tests/registrations/test_pages.py",
    "events:report-download": "events/tests/registrations/test_report.py",
    "consultancy:office_download": "consultancy/tests/test_pages.py",
}

# Every command that writes a spreadsheet, and the file format it writes.
NAMED = (
    (LocalGovernment, ("name",)),
    (Region, ("name",)),
    (Country, ("name",)),
    (Target, ("title",)),
    (ActionPlan, ("title",)),
    (Action, ("title",)),
    (InventoryLine, ("activity", "source")),
)

COMMANDS = (
    (("members", "export"), "csv"),
    (("members", "export"), "xlsx"),
    (("targets", "export"), "csv"),
    (("targets", "export"), "xlsx"),
    (("actions", "export"), "csv"),
    (("actions", "export"), "xlsx"),
    (("inventory", "export", "--member", "de-freiburg", "--year", "2020"), "csv"),
    (("inventory", "export", "--member", "de-freiburg", "--year", "2020"), "xlsx"),
    (("report", "network", "--year", "2022"), "csv"),
    (("report", "network", "--year", "2022"), "xlsx"),
    (("export", "lines"), "csv"),
)


@pytest.fixture(params=PAYLOADS, ids=("hyperlink", "at-sum", "minus", "plus-cmd", "tab"))
def payload(request, cast) -> str:
    """The published network of reports/tests/records.py with every name an
    editor or the secretariat can type set to the payload."""
    payload = request.param
    build_network(cast)
    for model, fields in NAMED:
        # Names may have to be unique: each ends with its record's id.
        for pk in model.objects.values_list("pk", flat=True):
            model.objects.filter(pk=pk).update(**dict.fromkeys(fields, f"{payload} #{pk}"))
    return payload


def cells(content: bytes, file_format: str) -> list[object]:
    """Every cell of a CSV or XLSX file, as the spreadsheet holds it."""
    if file_format == "csv":
        rows = csv.reader(io.StringIO(content.decode("utf-8-sig"), newline=""))
        return [cell for row in rows for cell in row]
    workbook = openpyxl.load_workbook(io.BytesIO(content))
    found = []
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                # A formula would be stored as one (data type "f"), whatever it says.
                assert cell.data_type != "f", f"{sheet.title}!{cell.coordinate} is a formula"
                found.append(cell.value)
    return found


def is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def assert_safe(content: bytes, file_format: str, payload: str | None) -> None:
    found = cells(content, file_format)
    unsafe = [
        cell
        for cell in found
        if isinstance(cell, str) and cell.startswith(FORMULA_START) and not is_number(cell)
    ]
    assert unsafe == []
    if payload is not None:
        assert any(isinstance(cell, str) and cell.startswith("'" + payload) for cell in found)


def content_of(response) -> bytes:
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


@pytest.mark.parametrize("name", DOWNLOADS)
def test_every_download_escapes_formulas(payload, client_as, name):
    args, formats, shows_names = DOWNLOADS[name]
    for file_format in formats:
        url = reverse(name, args=[*args, file_format] if file_format else args)
        response = client_as("secretariat").get(url, {"year": "2022"})
        assert response.status_code == 200, url
        assert_safe(content_of(response), file_format or "csv", payload if shows_names else None)


@pytest.mark.parametrize("command, file_format", COMMANDS)
def test_every_command_escapes_formulas(payload, tmp_path, command, file_format):
    output = tmp_path / f"file.{file_format}"
    call_command(*command, "--output", str(output), stdout=io.StringIO(), stderr=io.StringIO())
    assert_safe(output.read_bytes(), file_format, payload)


def test_inventory_results_csv_escapes_formulas(payload):
    out = io.StringIO()
    call_command(
        "inventory", "show", "--member", "de-freiburg", "--year", "2020", "--format", "csv",
        stdout=out,
    )  # fmt: skip
    assert_safe(out.getvalue().encode(), "csv", payload)


def test_every_spreadsheet_download_is_tested():
    """A new download of a CSV or XLSX file must join DOWNLOADS above."""
    assert set(_spreadsheet_routes(get_resolver())) == set(DOWNLOADS) | set(
        TESTED_WITH_THEIR_RECORDS
    )


def _spreadsheet_routes(resolver: URLResolver, namespace: str = ""):
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _spreadsheet_routes(pattern, inner)
        elif isinstance(pattern, URLPattern):
            route = str(pattern.pattern)
            if "<str:file_format>" in route or route.endswith((".csv", ".xlsx")):
                yield f"{namespace}{pattern.name}"


def test_only_tables_writes_spreadsheets():
    """Every CSV/XLSX file is written by tables.py, so none escapes the escaping:
    no other module uses the csv module's writers or openpyxl."""
    offenders = []
    for path in PACKAGE.rglob("*.py"):
        if "tests" in path.parts or path == PACKAGE / "tables.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
            if isinstance(node, ast.Attribute) and node.attr in ("writer", "DictWriter"):
                if isinstance(node.value, ast.Name) and node.value.id == "csv":
                    offenders.append(f"{path.relative_to(PACKAGE)}: csv.{node.attr}")
            elif isinstance(node, ast.ImportFrom) and node.module == "csv":
                names = {alias.name for alias in node.names}
                if names & {"writer", "DictWriter"}:
                    offenders.append(f"{path.relative_to(PACKAGE)}: from csv import {names}")
            elif isinstance(node, ast.Import | ast.ImportFrom):
                modules = (
                    [alias.name for alias in node.names]
                    if isinstance(node, ast.Import)
                    else [node.module or ""]
                )
                if any(module.split(".")[0] in ("openpyxl", "xlsxwriter") for module in modules):
                    offenders.append(f"{path.relative_to(PACKAGE)}: imports {modules}")
    assert offenders == []


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_escaped_exports_import_back_unchanged(payload, file_format):
    """The quote is for spreadsheets: the platform's own imports take it off, so
    the register, targets and actions files import back with nothing changed."""
    if payload != payload.strip():
        pytest.skip("imports trim every cell (docs/formats/members.md), quoted or not")
    from localaction.campaigns.files import (
        export_actions,
        export_targets,
        import_actions,
        import_targets,
    )
    from localaction.network.members import export_members, import_members

    files = (
        (export_members, import_members, LocalGovernment.objects.order_by("code")),
        (export_targets, import_targets, Target.objects.order_by("pk")),
        (export_actions, import_actions, Action.objects.order_by("pk")),
    )
    for export, import_, queryset in files:
        exported = io.BytesIO()
        export(queryset, format=file_format, target=exported)
        assert_safe(exported.getvalue(), file_format, payload)
        result = import_(exported.getvalue(), filename=f"file.{file_format}")
        assert (result.created, result.updated) == (0, 0), export.__name__


def test_the_api_writes_no_spreadsheets():
    """The API answers JSON (and its browsable HTML) only: were a CSV renderer
    added, its files would have to go through tables.py and join the tests."""
    from rest_framework.settings import api_settings

    media_types = {renderer.media_type for renderer in api_settings.DEFAULT_RENDERER_CLASSES}
    assert media_types == {"application/json", "text/html"}
