"""The directory as a file: downloads for everyone, imports for the offices."""

import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from localaction.network.models import LocalGovernment

pytestmark = pytest.mark.django_db

IMPORT = reverse("network:directory-import")
HEADER = "code,name,country,kind,population\n"


def download(client, file_format, **filters):
    return client.get(reverse("network:directory-download", args=[file_format]), filters)


def imported(client, upload) -> dict:
    """Post a file to the import page and read the progress record of its task
    (the task runs at once in tests)."""
    response = client.post(IMPORT, {"file": upload})
    assert response.status_code == 302, response.content
    key = response["Location"].rstrip("/").rsplit("/", 1)[-1]
    return client.get(reverse("background:progress-json", args=[key])).json()


def csv_file(text, name="members.csv"):
    return SimpleUploadedFile(name, text.encode(), content_type="text/csv")


def test_a_visitor_downloads_the_published_list_as_csv(client, cast):
    response = download(client, "csv")
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("code,name,country,kind,population")
    codes = sorted(line.split(",")[0] for line in lines[1:])
    assert codes == ["de-freiburg", "ke-nairobi"]  # never the unpublished town


def test_the_download_follows_the_directory_filters(client_as, cast):
    response = download(client_as("staff"), "xlsx", country="de")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    codes = sorted(row[0] for row in sheet.iter_rows(min_row=2, values_only=True))
    # Office staff for Europe see the unpublished German town as well.
    assert codes == ["de-freiburg", "de-hidden"]


def test_an_unknown_file_format_is_not_found(client, cast):
    assert download(client, "pdf").status_code == 404


@pytest.mark.parametrize(
    "who, status",
    [
        ("editor", 403),
        ("colleague", 403),
        ("outsider", 403),
        ("staff", 200),
        ("other_staff", 200),
        ("secretariat", 200),
        ("anonymous", 302),
    ],
)
def test_the_import_page_is_for_offices(client_as, cast, who, status):
    assert client_as(who).get(IMPORT).status_code == status


def test_an_office_imports_for_its_countries(client_as, cast):
    text = HEADER + "de-ulm,Ulm,DE,municipality,126000\nde-freiburg,Freiburg,DE,,231195\n"
    record = imported(client_as("staff"), csv_file(text))
    assert record["status"] == "finished"
    assert record["outcome"] == {"created": 1, "updated": 1, "unchanged": 0}
    assert record["message"] == ("members.csv is imported. Created: 1; updated: 1; unchanged: 0.")
    assert LocalGovernment.objects.get(code="de-ulm").population == 126_000
    assert LocalGovernment.objects.get(code="de-freiburg").name == "Freiburg"


def test_an_office_cannot_import_outside_its_countries(client_as, cast):
    text = HEADER + "de-ulm,Ulm,DE,,\nke-mombasa,Mombasa,KE,,\nke-nairobi,Nairobi,DE,,\n"
    count = LocalGovernment.objects.count()
    record = imported(client_as("staff"), csv_file(text))
    assert record["status"] == "failed"
    assert record["errors"] == [
        "row 3, `country`: your role does not cover Kenya (KE)",
        # Moving Nairobi to Germany still touches a Kenyan record.
        "row 4, `country`: your role does not cover Kenya (KE)",
    ]
    assert LocalGovernment.objects.count() == count
    assert LocalGovernment.objects.get(code="ke-nairobi").country_id == "KE"


def test_a_bad_file_lists_every_problem_and_changes_nothing(client_as, cast):
    text = HEADER + "de-ulm,Ulm,XX,,\nde-ulm,Ulm,DE,,-3\n"
    record = imported(client_as("secretariat"), csv_file(text))
    assert record["message"] == "members.csv was not imported: 3 problems. Nothing has changed."
    assert any("'XX' is not an ISO 3166 code" in error for error in record["errors"])
    assert not LocalGovernment.objects.filter(code="de-ulm").exists()


def test_a_file_that_is_not_a_spreadsheet_is_refused(client_as, cast):
    upload = SimpleUploadedFile("members.xlsx", b"%PDF-1.7 not a workbook")
    record = imported(client_as("secretariat"), upload)
    assert record["status"] == "failed"
    assert record["errors"]


def test_an_import_names_only_parents_the_importer_may_see(client_as, cast):
    LocalGovernment.objects.create(
        code="ke-hidden", name="Hidden Kenyan County", country_id="KE", is_published=False
    )
    text = "code,name,country,parent_code\nde-ulm,Ulm,DE,ke-hidden\nde-kehl,Kehl,DE,nowhere\n"
    assert imported(client_as("staff"), csv_file(text))["errors"] == [
        "row 2, `parent_code`: 'ke-hidden' is neither in the file nor in the register",
        "row 3, `parent_code`: 'nowhere' is neither in the file nor in the register",
    ]


def test_an_import_reveals_nothing_about_a_hidden_record_with_the_same_code(client_as, cast):
    LocalGovernment.objects.create(
        code="ke-hidden", name="Hidden Kenyan County", country_id="KE", is_published=False
    )
    text = HEADER + "ke-hidden,Renamed,DE,,\n"
    assert imported(client_as("staff"), csv_file(text))["errors"] == [
        "row 2, `code`: 'ke-hidden' is taken by another entry"
    ]
    assert LocalGovernment.objects.get(code="ke-hidden").name == "Hidden Kenyan County"


def test_an_import_runs_as_a_task_and_leaves_no_upload_behind(client_as, cast, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    from django.core.files.storage import default_storage

    from localaction.background.uploads import UPLOADS

    def uploads():
        return default_storage.listdir(UPLOADS)[1] if default_storage.exists(UPLOADS) else []

    for text in (HEADER + "de-ulm,Ulm,DE,,\n", HEADER + "de-ulm,Ulm,XX,,\n"):
        imported(client_as("staff"), csv_file(text))
    assert uploads() == []


def test_a_refused_import_queues_nothing(client_as, cast):
    response = client_as("editor").post(IMPORT, {"file": csv_file(HEADER + "de-ulm,Ulm,DE,,\n")})
    assert response.status_code == 403
    assert not LocalGovernment.objects.filter(code="de-ulm").exists()
