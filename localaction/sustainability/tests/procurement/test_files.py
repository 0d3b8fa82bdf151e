"""Tenders in and out of CSV/XLSX: the round trip, every problem on its row, and
nothing written when any row is wrong."""

import io

import pytest

from localaction.sustainability.procurement import files
from localaction.sustainability.procurement.models import ProcurementTender
from localaction.tables import ImportFailed

HEADER = (
    "product_group,title,reference,value,currency,status,awarded_on,criteria_applied,"
    "criteria,supplier,offered_value,figures,note\n"
)


def _export(lg, file_format):
    target = io.BytesIO()
    files.export_tenders(lg, format=file_format, target=target)
    return target.getvalue()


def _snapshot(lg):
    return sorted(
        (
            t.group.code,
            t.title,
            t.value,
            t.currency,
            t.status,
            t.awarded_on,
            t.criteria_applied,
            tuple(sorted(c.code for c in t.criteria.all())),
            tuple(sorted(t.figures.items())),
            t.co2_saving_kg,
        )
        for t in ProcurementTender.objects.filter(local_government=lg)
    )


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_round_trip(record, cast, file_format):
    before = _snapshot(record)
    content = _export(record, file_format)
    assert files.import_tenders(cast.nairobi, content, filename=f"t.{file_format}") == 6
    assert _snapshot(cast.nairobi) == before


def test_every_problem_on_its_row_and_nothing_written(cast, db):
    content = (
        HEADER
        + "paper,Good,,10.00,EUR,awarded,2024-01-01,no,,,,,\n"
        + "paper,Bad currency,,10.00,EUX,awarded,2024-01-01,no,,,,,\n"
        + "spaceships,Bad group,,10.00,EUR,awarded,2024-01-01,no,,,,,\n"
        + "paper,Other group's criterion,,10.00,EUR,awarded,2024-01-01,yes,food-fair-trade,,,,\n"
        + "paper,Unknown criterion,,10.00,EUR,awarded,2024-01-01,yes,paper-gold,,,,\n"
        + "electricity,Bad figure,,10.00,EUR,awarded,2024-01-01,no,,,,mwh=-1,\n"
        + "paper,Bad date,,10.00,EUR,awarded,01/02/2024,no,,,,,\n"
        + "paper,Bad status,,10.00,EUR,won,2024-01-01,no,,,,,\n"
    ).encode()
    with pytest.raises(ImportFailed) as failed:
        files.import_tenders(cast.freiburg, content, filename="t.csv")
    messages = [str(error) for error in failed.value.errors]
    assert any(m.startswith("row 3, `currency`") and "EUX" in m for m in messages), messages
    assert any(m.startswith("row 4, `product_group`") for m in messages), messages
    assert any(m.startswith("row 5, `criteria`") and "another product group" in m for m in messages)
    assert any(m.startswith("row 6, `criteria`") and "paper-gold" in m for m in messages)
    assert any(m.startswith("row 7, `figures`") for m in messages), messages
    assert any(m.startswith("row 8, `awarded_on`") for m in messages), messages
    assert any(m.startswith("row 9, `status`") for m in messages), messages
    assert not ProcurementTender.objects.exists()


def test_formula_like_text_is_neutralised_on_export(cast, groups):
    from localaction.sustainability.tests.procurement.conftest import tender

    made = tender(cast.freiburg, groups["paper"], "10.00", 2024)
    made.title = '=HYPERLINK("http://evil")'
    made.save()
    text = _export(cast.freiburg, "csv").decode()
    assert ",=HYPERLINK" not in text and "'=HYPERLINK" in text
