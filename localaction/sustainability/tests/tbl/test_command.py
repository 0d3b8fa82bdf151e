"""`localaction tbl show|import|export`."""

import io
import json

import pytest
from django.core.management import CommandError, call_command

from localaction.sustainability.tbl.models import TBLValue


def _run(*args) -> str:
    out = io.StringIO()
    call_command("tbl", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_show_prints_each_indicator_with_values_and_target(draft):
    data = json.loads(_run("show", "--member", "de-freiburg", "--year", "2024", "--format", "json"))
    assert data["status"] == "draft" and data["empty_required_sections"] == []
    environmental = {row["indicator"]: row for row in data["dimensions"][0]["indicators"]}
    renewables = environmental["renewable_electricity_share"]
    assert renewables["values"] == {"2020": 30.0, "2022": 36.0, "2024": 42.0}
    assert renewables["target"] == {"year": 2030, "value": 60.0}
    assert renewables["change"] == 12.0 and renewables["target_met"] is False
    assert environmental["ghg_emissions"]["values"] == {"2015": 920000.0, "2020": 800000.0}


def test_show_refuses_an_unknown_member_or_year(draft):
    with pytest.raises(CommandError, match="No local government has the code 'nowhere'"):
        _run("show", "--member", "nowhere", "--year", "2024")
    with pytest.raises(CommandError, match="no TBL report of 2019"):
        _run("show", "--member", "de-freiburg", "--year", "2019")


def test_export_and_import_round_trip(record, tmp_path):
    path = tmp_path / "values.xlsx"
    _run("export", "--member", "de-freiburg", "--output", str(path))
    before = sorted(TBLValue.objects.values_list("indicator__code", "year", "value"))
    TBLValue.objects.all().delete()
    assert "Imported 5 values" in _run("import", str(path), "--member", "de-freiburg")
    assert sorted(TBLValue.objects.values_list("indicator__code", "year", "value")) == before


def test_a_bad_file_imports_nothing(cast, library, tmp_path):
    path = tmp_path / "values.csv"
    path.write_text("indicator,year,value\nunemployment_rate,2024,5\nunemployment_rate,2023,x\n")
    with pytest.raises(CommandError, match="nothing has changed"):
        _run("import", str(path), "--member", "de-freiburg")
    assert not TBLValue.objects.exists()
