"""An inventory's lines as a file from the inventory page: downloaded by anyone who
sees the inventory, imported into the draft by its editors through a background
task whose progress they watch."""

from __future__ import annotations

import json

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from localaction.background.progress import Progress, Status
from localaction.background.uploads import UPLOADS
from localaction.inventories.lines import BASE_COLUMNS, import_lines
from localaction.inventories.models import Inventory
from localaction.inventories.tests.test_pages import EVERYONE, INSIDERS, make_inventory, snapshot
from localaction.tables import ImportFailed

pytestmark = pytest.mark.django_db

HEADER = ",".join(BASE_COLUMNS)
# Freiburg's people and the offices covering Germany may change its draft.
EDITORS = {"editor", "staff", "secretariat"}
STORED = ("gpc_ref", "activity", "amount", "unit", "factor_id", "gases_kg", "notation_key")


def row(**values: object) -> str:
    return ",".join(str(values.get(column, "")) for column in BASE_COLUMNS)


def csv_lines(count: int, *, bad_row: int | None = None) -> bytes:
    """`count` measured lines (row n has n kg of CO2); at `bad_row`, a unit that is none."""
    rows = []
    for number in range(2, count + 2):
        if number == bad_row:
            rows.append(row(gpc_ref="I.1.1", amount=5, unit="kwhh", factor="natural_gas"))
        else:
            rows.append(row(gpc_ref="I.1.1", activity=f"Boiler {number}", co2_kg=number))
    return "\n".join([HEADER, *rows, ""]).encode()


def import_url(inventory: Inventory) -> str:
    return reverse(
        "inventories:lines-import", args=[inventory.local_government.code, inventory.year]
    )


def download_url(inventory: Inventory, file_format: str) -> str:
    return reverse(
        "inventories:lines-download",
        args=[inventory.local_government.code, inventory.year, file_format],
    )


def upload(client, inventory: Inventory, content: bytes, name: str = "lines.csv"):
    return client.post(import_url(inventory), {"file": SimpleUploadedFile(name, content)})


def progress_of(response):
    """The progress record the import page sent the person to."""
    assert response.status_code == 302, response.content.decode()[:2000]
    key = response.url.rstrip("/").rsplit("/", 1)[-1]
    assert response.url == reverse("background:progress", args=[key])
    return Progress.read(key)


def lines_of(inventory: Inventory) -> list[tuple]:
    return list(inventory.lines.order_by("position").values_list(*STORED))


def uploads() -> list[str]:
    return default_storage.listdir(UPLOADS)[1] if default_storage.exists(UPLOADS) else []


@pytest.fixture
def draft(cast):
    return make_inventory(cast)


# Importing


def test_a_good_csv_lands_and_its_progress_says_how_many_lines(client_as, draft):
    before = uploads()
    response = upload(client_as("editor"), draft, csv_lines(600))
    record = progress_of(response)
    assert record.status == Status.FINISHED
    assert record.message == "600 lines imported into the 2022 inventory of Freiburg im Breisgau."
    assert record.outcome == {"lines": 600, "replaced": 7}
    assert record.done == record.total == 4 * 600
    assert record.next_url == draft.get_absolute_url()
    assert draft.lines.count() == 600
    assert sorted(draft.lines.values_list("gases_kg__CO2", flat=True)) == list(range(2, 602))
    # The upload is gone once the import is over.
    assert uploads() == before


def test_the_import_reports_each_stage_every_few_hundred_rows(client_as, draft, monkeypatch):
    reported = []
    monkeypatch.setattr(
        Progress, "advance", lambda self, done, message="": reported.append((done, message))
    )
    progress_of(upload(client_as("editor"), draft, csv_lines(1000)))
    assert [done for done, _message in reported] == sorted(done for done, _m in reported)
    assert [message for _done, message in reported if _done % 1000 == 0] == [
        "Checking the rows",
        "Computing the lines",
        "Saving the lines",
        "Adding up the totals of each GPC cell",
    ]
    assert len(reported) == 4 + 4 + 1 + 1


def test_an_unexpected_failure_keeps_nothing(client_as, draft, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("the disk is full")

    monkeypatch.setattr("localaction.inventories.tasks.import_lines", broken)
    before, files = snapshot(draft), uploads()
    upload(client_as("editor"), draft, csv_lines(3))
    assert snapshot(draft) == before
    # The last attempt failed: its upload is removed with it.
    assert uploads() == files


def test_the_progress_page_shows_the_outcome_and_leads_back(client_as, draft):
    client = client_as("editor")
    response = upload(client, draft, csv_lines(3))
    page = client.get(response.url).content.decode()
    assert "3 lines imported" in page
    assert draft.get_absolute_url() in page


def test_a_bad_file_lists_its_row_errors_and_changes_nothing(client_as, draft):
    before, files = snapshot(draft), uploads()
    record = progress_of(upload(client_as("editor"), draft, csv_lines(10, bad_row=5)))
    assert record.status == Status.FAILED
    assert record.message == "lines.csv was not imported: 1 problem. Nothing has changed."
    assert record.errors == ["row 5, `unit`: 'kwhh' is not a unit"]
    assert snapshot(draft) == before
    assert uploads() == files


def test_the_errors_are_those_the_command_prints(client_as, cast, draft):
    content = csv_lines(10, bad_row=5).replace(b"Boiler 7,,,", b"Boiler 7,-3,t,")
    with pytest.raises(ImportFailed) as failure:
        import_lines(content, filename="lines.csv", local_government=cast.freiburg, year=2022)
    record = progress_of(upload(client_as("editor"), draft, content))
    assert record.errors == [str(error) for error in failure.value.errors]
    assert len(record.errors) >= 2


@pytest.mark.parametrize(
    "name, content, message",
    [
        ("lines.txt", b"gpc_ref\nI.1.1\n", "is not a .csv, .xlsx or .json file"),
        ("lines", b"gpc_ref\nI.1.1\n", "is not a .csv, .xlsx or .json file"),
    ],
)
def test_a_file_of_another_type_is_refused_at_once(client_as, draft, name, content, message):
    before = snapshot(draft)
    response = upload(client_as("editor"), draft, content, name=name)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert snapshot(draft) == before


def test_a_file_too_large_is_refused_at_once(client_as, draft, settings):
    settings.IMPORT_MAX_BYTES = 1024
    before, files = snapshot(draft), uploads()
    response = upload(client_as("editor"), draft, csv_lines(100))
    assert response.status_code == 400
    assert "an import takes at most 1.0\xa0KB" in response.content.decode()
    assert snapshot(draft) == before
    assert uploads() == files


def test_a_file_with_too_many_rows_is_refused_at_once(client_as, draft, settings):
    settings.IMPORT_MAX_ROWS = 99
    before, files = snapshot(draft), uploads()
    response = upload(client_as("editor"), draft, csv_lines(100))
    assert response.status_code == 400
    assert "The file has more than 99 rows" in response.content.decode()
    assert snapshot(draft) == before
    assert uploads() == files


def test_the_import_form_states_the_limits(client_as, draft):
    response = client_as("editor").get(draft.get_absolute_url())
    assert "At most 100,000 rows and 20.0\xa0MB." in response.content.decode()


@pytest.mark.parametrize("status", [Inventory.Status.SUBMITTED, Inventory.Status.PUBLISHED])
def test_an_inventory_that_is_not_a_draft_refuses_an_import(client_as, cast, status):
    inventory = make_inventory(cast, year=2021, status=status)
    before, files = snapshot(inventory), uploads()
    response = upload(client_as("editor"), inventory, csv_lines(3))
    assert response.status_code == 409
    assert "Only a draft inventory takes an import" in response.content.decode()
    assert snapshot(inventory) == before
    assert uploads() == files


@pytest.mark.parametrize("who", EVERYONE)
def test_only_the_members_editors_and_its_offices_import(client_as, draft, who):
    before = snapshot(draft)
    client = client_as(who)
    response = upload(client, draft, csv_lines(3))
    if who in EDITORS:
        assert progress_of(response).status == Status.FINISHED
        assert draft.lines.count() == 3
        return
    expected = {"colleague": 403, "anonymous": 302}.get(who, 404)
    assert response.status_code == expected
    if who == "anonymous":
        assert response.url.startswith(reverse("login"))
    assert snapshot(draft) == before
    page = client.get(import_url(draft))
    assert page.status_code == expected


@pytest.mark.parametrize("who", EVERYONE)
def test_the_import_form_is_on_the_page_for_editors_only(client_as, draft, who):
    response = client_as(who).get(draft.get_absolute_url())
    if who not in INSIDERS:
        assert response.status_code == 404
        return
    assert (import_url(draft) in response.content.decode()) is (who in EDITORS)
    assert download_url(draft, "xlsx") in response.content.decode()


# Exporting


@pytest.mark.parametrize("who", EVERYONE)
@pytest.mark.parametrize("file_format", ["csv", "xlsx", "json"])
def test_a_draft_is_downloaded_by_those_who_see_it(client_as, draft, who, file_format):
    response = client_as(who).get(download_url(draft, file_format))
    assert response.status_code == (200 if who in INSIDERS else 404)


@pytest.mark.parametrize("who", EVERYONE)
def test_a_published_inventory_is_downloaded_by_anyone(client_as, cast, who):
    published = make_inventory(cast, year=2019, status=Inventory.Status.PUBLISHED)
    response = client_as(who).get(download_url(published, "json"))
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="de-freiburg-2019-lines.json"'
    assert len(json.loads(response.content)["lines"]) == 7


def test_an_unknown_format_is_not_found(client_as, draft):
    assert client_as("editor").get(download_url(draft, "pdf")).status_code == 404


@pytest.mark.parametrize("file_format", ["csv", "xlsx", "json"])
def test_export_then_import_gives_the_same_lines(client_as, cast, draft, file_format):
    client = client_as("editor")
    exported = client.get(download_url(draft, file_format))
    assert exported.status_code == 200
    lines = lines_of(draft)
    # Another draft of the same member takes the file, then this one again.
    other = Inventory.objects.create(local_government=cast.freiburg, year=2023)
    content = exported.content
    if file_format == "json":
        document = json.loads(content)
        document["year"] = 2023
        content = json.dumps(document).encode()
    record = progress_of(upload(client, other, content, name=f"lines.{file_format}"))
    assert record.status == Status.FINISHED, record.errors
    assert lines_of(other) == lines
    record = progress_of(upload(client, draft, exported.content, name=f"x.{file_format}"))
    assert record.status == Status.FINISHED, record.errors
    assert lines_of(draft) == lines
