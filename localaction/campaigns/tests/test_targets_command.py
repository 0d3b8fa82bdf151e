"""`localaction targets show|import|export` and `localaction actions import|export`
(docs/formats/targets.md, actions.md). The inventories are those of conftest.RECORD."""

from __future__ import annotations

import datetime
import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from localaction.campaigns.files import ACTION_COLUMNS, TARGET_EXPORT_COLUMNS
from localaction.campaigns.models import Action, Campaign, Target
from localaction.campaigns.services import target_figures, target_summary
from localaction.inventories.models import Inventory
from localaction.tables import read_table


def run(*args: str) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.fixture
def climate_target(cast, record) -> Target:
    """40 % below 2010 by 2030, set for Cities for Climate Protection."""
    target = Target(
        local_government=cast.freiburg,
        title="Climate protection 2030",
        type="base_year",
        base_year=2010,
        target_year=2030,
        reduction_percent=40,
        campaign=Campaign.objects.get(code="ccp"),
        adopted_on=datetime.date(2021, 3, 1),
    )
    target.full_clean()
    target.save()
    return target


def database() -> list:
    return [
        list(Target.objects.order_by("pk").values_list()),
        list(Action.objects.order_by("pk").values_list()),
    ]


# show


def test_show_prints_each_target_with_its_figures_as_json(climate_target):
    out, _err = run("targets", "show", "--member", "de-freiburg", "--format", "json")
    [shown] = json.loads(out)
    # The keys are those of services.target_summary, in every interface.
    counted = Inventory.objects.exclude(status="draft")
    assert shown.keys() == target_summary(target_figures(climate_target, counted)).keys()
    # By hand, from conftest.RECORD: 2010 holds 1,000,000 t; 40 % below is 600,000 t.
    # BAU grows from the latest inventory beyond draft (2022, submitted: 750,000 t) at
    # 0 % a year (Freiburg has no growth rate), so the council committed to 150,000 t.
    # In 2022 the trajectory allows 1,000,000 − 400,000 × 12/20 = 760,000 t: on track.
    assert shown["id"] == climate_target.pk
    assert shown["member"] == "de-freiburg"
    assert (shown["type"], shown["base_year"], shown["target_year"]) == ("base_year", 2010, 2030)
    assert shown["reduction_percent"] == 40
    assert shown["campaign"] == "ccp"
    assert shown["adopted_on"] == "2021-03-01"
    assert shown["base_tco2e"] == pytest.approx(1_000_000)
    assert shown["target_tco2e"] == pytest.approx(600_000)
    assert shown["bau_tco2e"] == pytest.approx(750_000)
    assert shown["committed_reduction_tco2e"] == pytest.approx(150_000)
    assert shown["committed_reduction_tco2e"] == pytest.approx(
        shown["bau_tco2e"] - shown["target_tco2e"]
    )
    assert shown["progress"]["year"] == 2022
    assert shown["progress"]["tco2e"] == pytest.approx(750_000)
    assert shown["progress"]["status"] == "on_track"
    assert shown["problem"] is None


def test_show_counts_no_draft(cast, climate_target):
    Inventory.objects.filter(year=2022).update(status="draft")
    out, _err = run("targets", "show", "--member", "de-freiburg")  # JSON by default
    [shown] = json.loads(out)
    assert shown["bau_tco2e"] == pytest.approx(800_000)  # from 2020
    assert shown["progress"] == {
        "year": 2020,
        "tco2e": pytest.approx(800_000),
        "status": "on_track",
    }


def test_show_says_why_a_figure_is_missing(cast, record):
    Target.objects.create(
        local_government=cast.freiburg,
        title="Before any inventory",
        type="base_year",
        base_year=2005,
        target_year=2030,
        reduction_percent=20,
    )
    out, _err = run("targets", "show", "--member", "de-freiburg", "--format", "table")
    assert "No inventory of the base year 2005 counts yet." in out


def test_show_as_a_table_for_people(climate_target):
    out, _err = run("targets", "show", "--member", "de-freiburg", "--format", "table")
    heading, line = out.splitlines()
    assert heading.split()[:3] == ["id", "title", "type"]
    assert "Climate protection 2030" in line
    assert "600,000" in line and "750,000" in line and "150,000" in line
    assert "on_track (2022)" in line


def test_show_of_a_member_without_targets_is_an_empty_list(cast):
    out, _err = run("targets", "show", "--member", "ke-nairobi", "--format", "json")
    assert json.loads(out) == []


@pytest.mark.parametrize(
    "args",
    [
        ("targets", "show", "--member", "xx-nowhere"),
        ("targets", "export", "--member", "xx-nowhere"),
        ("targets", "import", "t.csv", "--member", "xx-nowhere"),
        ("actions", "export", "--member", "xx-nowhere"),
    ],
)
def test_an_unknown_member_is_a_clear_error(cast, args):
    with pytest.raises(CommandError) as failure:
        run(*args)
    assert str(failure.value) == "No local government has the code 'xx-nowhere'."


# export and import


def test_export_to_standard_output_and_back(climate_target, tmp_path):
    out, _err = run("targets", "export", "--member", "de-freiburg")
    assert not out.startswith("\ufeff")  # no byte-order mark in a pipe
    table = read_table(out.encode(), filename="t.csv", columns=TARGET_EXPORT_COLUMNS)
    assert [row.values["target_tco2e"] for row in table.rows] == ["600000"]
    path = tmp_path / "targets.csv"
    path.write_text(out, encoding="utf-8")
    before = database()
    out, _err = run("targets", "import", str(path))
    assert out == "Imported 1 targets: 0 created, 0 updated, 1 unchanged.\n"
    assert database() == before


@pytest.mark.parametrize("command", ["targets", "actions"])
def test_export_to_xlsx_and_back(cast, climate_target, tmp_path, command):
    Action.objects.create(local_government=cast.freiburg, title="Tram", target=climate_target)
    path = tmp_path / f"{command}.xlsx"
    out, _err = run(command, "export", "--output", str(path))
    assert out == f"Exported 1 {command} to {path}.\n"
    before = database()
    out, _err = run(command, "import", str(path))
    assert out == f"Imported 1 {command}: 0 created, 0 updated, 1 unchanged.\n"
    assert database() == before


def test_xlsx_needs_a_file(cast):
    with pytest.raises(CommandError, match="XLSX cannot go to the terminal"):
        run("actions", "export", "--format", "xlsx")


def test_actions_export_and_import(cast, climate_target, tmp_path):
    path = tmp_path / "actions.csv"
    path.write_text(
        "member,title,status,target,cost,currency\n"
        f"de-freiburg,Tram,in_progress,{climate_target.pk},1000000,EUR\n"
        "ke-nairobi,BRT,planned,,,\n",
        encoding="utf-8",
    )
    out, _err = run("actions", "import", str(path))
    assert out == "Imported 2 actions: 2 created, 0 updated, 0 unchanged.\n"
    out, _err = run("actions", "export", "--member", "ke-nairobi")
    table = read_table(out.encode(), filename="a.csv", columns=ACTION_COLUMNS)
    assert [row.values["title"] for row in table.rows] == ["BRT"]


def test_a_failed_import_prints_every_problem_and_changes_nothing(climate_target, tmp_path):
    path = tmp_path / "targets.csv"
    path.write_text(
        "member,id,title,type,base_year,target_year,reduction_percent,intensity_per\n"
        "de-freiburg,,Later,base_year,2010,2040,55,\n"
        "de-freiburg,,Backwards,base_year,2010,2010,40,\n"
        "de-freiburg,,Too much,base_year,2010,2030,120,\n"
        "de-freiburg,,Per output,intensity,2010,2030,40,economic_output\n"
        "de-freiburg,,No inventory,base_year,2011,2030,40,\n",
        encoding="utf-8",
    )
    before = database()
    out, err = StringIO(), StringIO()
    with pytest.raises(CommandError) as failure:
        call_command("targets", "import", str(path), stdout=out, stderr=err)
    assert failure.value.returncode == 1
    assert str(failure.value) == f"{path} was not imported (4 problems); nothing has changed."
    assert err.getvalue().splitlines() == [
        "row 3, `target_year`: The target year must come after the base year.",
        "row 4, `reduction_percent`: A reduction lies between 0 % and 100 %.",
        "row 5, `base_activity`: An intensity target per unit of economic output needs "
        "activity data: the unit and the base-year output.",
        "row 6, `base_year`: Freiburg im Breisgau has no inventory for the base year 2011.",
    ]
    assert out.getvalue() == ""
    assert database() == before


def test_import_for_one_member_refuses_other_rows(cast, tmp_path):
    path = tmp_path / "actions.csv"
    path.write_text("member,title\nke-nairobi,BRT\n", encoding="utf-8")
    with pytest.raises(CommandError):
        run("actions", "import", str(path), "--member", "de-freiburg")
    assert not Action.objects.exists()


def test_a_file_that_cannot_be_read(cast, tmp_path):
    with pytest.raises(CommandError, match="Cannot read"):
        run("targets", "import", str(tmp_path / "missing.csv"))


def test_show_as_a_table_warns_when_bau_lies_below_the_target(cast, record):
    # 900,000 t allowed in 2030; BAU from 2022 stays at 750,000 t (0 % growth): the
    # target asks for nothing, and the zero in the table is explained as the JSON
    # (`bau_below_target`) and the target's page explain it.
    target = Target.objects.create(
        local_government=cast.freiburg,
        title="Fixed level",
        type="fixed_level",
        base_year=2010,
        target_year=2030,
        level_tco2e=900_000,
    )
    json_out, _err = run("targets", "show", "--member", "de-freiburg", "--format", "json")
    [shown] = json.loads(json_out)
    assert shown["committed_reduction_tco2e"] == 0
    assert shown["bau_below_target"] is True
    out, _err = run("targets", "show", "--member", "de-freiburg", "--format", "table")
    assert f"Target {target.pk}: business as usual already lies below the target" in out
    assert "750,000 t CO2e in 2030" in out and "the target allows 900,000 t CO2e" in out
    assert "the committed reduction is shown as zero" in out


def test_show_as_a_table_gives_no_warning_for_a_real_commitment(climate_target):
    out, _err = run("targets", "show", "--member", "de-freiburg", "--format", "table")
    assert "business as usual already lies below" not in out
