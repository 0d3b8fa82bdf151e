"""An agenda's files: exports of its stakeholders, priorities and monitoring
(contacts for insiders only, formula-like text neutralised), and the atomic
import of stakeholders with row errors."""

from __future__ import annotations

import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from localaction.sustainability.agendas import files, services
from localaction.tables import ImportFailed

CSV = (
    "name,kind,role,contact\n"
    "Youth council,youth,Member,youth@example.org\n"
    "Chamber of Commerce,Business,Co-chair,\n"
)


def _export(agenda, part, *, private, file_format="csv") -> bytes:
    target = io.BytesIO()
    files.export_part(agenda, part, private=private, format=file_format, target=target)
    return target.getvalue()


def test_import_adds_the_forum_and_reads_kinds_by_code_or_label(agenda):
    assert files.import_stakeholders(agenda, CSV.encode(), filename="forum.csv") == 2
    assert sorted(agenda.stakeholders.values_list("name", "kind", "contact")) == [
        ("Chamber of Commerce", "business", ""),
        ("Youth council", "youth", "youth@example.org"),
    ]


def test_round_trip_of_the_stakeholders(agenda):
    files.import_stakeholders(agenda, CSV.encode(), filename="forum.csv")
    for file_format in ("csv", "xlsx"):
        before = _export(agenda, "stakeholders", private=True)
        exported = _export(agenda, "stakeholders", private=True, file_format=file_format)
        agenda.stakeholders.all().delete()
        assert files.import_stakeholders(agenda, exported, filename=f"x.{file_format}") == 2
        assert _export(agenda, "stakeholders", private=True) == before
    assert sorted(agenda.stakeholders.values_list("name", "kind", "role", "contact")) == [
        ("Chamber of Commerce", "business", "Co-chair", ""),
        ("Youth council", "youth", "Member", "youth@example.org"),
    ]


def test_a_file_with_a_bad_row_imports_nothing_and_names_every_problem(agenda):
    content = (
        "name,kind,role,contact\n"
        "Youth council,youth,,\n"
        "Farmers,farmers,,\n"
        ",ngo,,\n"
        "youth COUNCIL,youth,,\n"
        f"Long,ngo,{'x' * 201},\n"
    )
    with pytest.raises(ImportFailed) as failed:
        files.import_stakeholders(agenda, content.encode(), filename="forum.csv")
    messages = [str(error) for error in failed.value.errors]
    assert any(m.startswith("row 3, `kind`: 'farmers' is not a kind") for m in messages)
    assert any(m.startswith("row 4, `name`") for m in messages)
    assert any(m.startswith("row 5, `name`") and "row 2" in m for m in messages)
    assert any(m.startswith("row 6, `role`") for m in messages)
    assert not agenda.stakeholders.exists()


def test_an_import_updates_a_stakeholder_of_the_same_name(agenda):
    services.stakeholder_save(agenda=agenda, name="Youth Council", kind="community")
    files.import_stakeholders(agenda, CSV.encode(), filename="forum.csv")
    assert agenda.stakeholders.get(name__iexact="youth council").kind == "youth"
    assert agenda.stakeholders.count() == 2


def test_exports_leave_contacts_out_for_visitors_and_neutralise_formulas(full_agenda):
    services.stakeholder_save(agenda=full_agenda, name='=HYPERLINK("x")', kind="other")
    public = _export(full_agenda, "stakeholders", private=False).decode("utf-8-sig")
    private = _export(full_agenda, "stakeholders", private=True).decode("utf-8-sig")
    assert "youth@example.org" not in public and "youth@example.org" in private
    assert "'=HYPERLINK" in public
    priorities = _export(full_agenda, "priorities", private=False).decode("utf-8-sig")
    assert "1,Water use,,Freiburg Youth Council" in priorities
    monitoring = _export(full_agenda, "monitoring", private=False).decode("utf-8-sig")
    assert "2022-01-01,2023-12-31,Water use down 20 %" in monitoring


def test_the_workbook_has_three_sheets(full_agenda):
    target = io.BytesIO()
    files.export_workbook(full_agenda, private=False, target=target)
    workbook = openpyxl.load_workbook(io.BytesIO(target.getvalue()))
    assert workbook.sheetnames == ["stakeholders", "priorities", "monitoring"]
    rows = list(workbook["stakeholders"].values)
    assert rows[0] == ("name", "kind", "role", "contact")
    assert all(row[3] is None for row in rows[1:])


@pytest.mark.parametrize("who", ["editor", "anonymous", "outsider"])
def test_downloads_follow_the_agendas_visibility(client_as, full_agenda, who):
    url = reverse("agendas:download", args=["de-freiburg", full_agenda.pk, "stakeholders", "csv"])
    response = client_as(who).get(url)
    assert response.status_code == 200
    assert (b"youth@example.org" in response.content) is (who == "editor")
    full_agenda.is_published = False
    full_agenda.save()
    assert client_as(who).get(url).status_code == (200 if who == "editor" else 404)


def test_the_import_page_reports_row_errors(client_as, agenda):
    url = reverse("agendas:stakeholders-import", args=["de-freiburg", agenda.pk])
    bad = SimpleUploadedFile("forum.csv", b"name,kind\nFarmers,farmers\n", "text/csv")
    response = client_as("editor").post(url, {"file": bad})
    assert response.status_code == 400
    assert "row 2" in response.content.decode()
    good = SimpleUploadedFile("forum.csv", CSV.encode(), "text/csv")
    assert client_as("editor").post(url, {"file": good}).status_code == 302
    assert agenda.stakeholders.count() == 2
    assert client_as("colleague").post(url, {"file": good}).status_code == 403
