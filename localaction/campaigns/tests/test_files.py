"""Targets and actions as CSV/XLSX files (docs/formats/targets.md, actions.md):
import, export, and the web pages that offer them. The inventories are those of
conftest.RECORD."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal
from pathlib import Path

import pytest
from django.urls import reverse

from localaction.campaigns.files import (
    ACTION_COLUMNS,
    TARGET_COLUMNS,
    TARGET_EXPORT_COLUMNS,
    ImportResult,
    export_actions,
    export_targets,
    import_actions,
    import_targets,
)
from localaction.campaigns.models import Action, ActionPlan, Campaign, Target
from localaction.tables import ImportFailed, read_table

ADOPTED = datetime.date(2021, 3, 1)


def make_target(local_government, **fields) -> Target:
    target = Target(local_government=local_government, **fields)
    target.full_clean()
    target.save()
    return target


@pytest.fixture
def commitments(cast, record):
    """Freiburg's targets of each kind, an action plan and its actions; one
    action of Nairobi's."""
    ccp = Campaign.objects.get(code="ccp")
    base_year = make_target(
        cast.freiburg,
        title="Climate protection 2030",
        type="base_year",
        base_year=2010,
        target_year=2030,
        reduction_percent=40,
        sectors=["I", "II"],
        gases=["CO2", "CH4", "N2O"],
        campaign=ccp,
        adopted_on=ADOPTED,
        is_published=True,
        description="Adopted by the council, Drucksache G-21/030.",
    )
    intensity = make_target(
        cast.freiburg,
        title="Per head",
        type="intensity",
        base_year=2010,
        target_year=2040,
        reduction_percent=55.5,
        intensity_per="economic_output",
        activity_unit="million EUR",
        base_activity=9100.25,
        target_activity=12000,
        coverage="BASIC+",
        gwp_set="AR5GWP100",
        is_conditional=True,
    )
    indicator = make_target(
        cast.freiburg,
        title="Renewable electricity",
        type="indicator",
        base_year=2015,
        target_year=2035,
        indicator="renewable_share",
        indicator_unit="percent",
        base_value=12.5,
        target_value=60,
    )
    plan = ActionPlan.objects.create(
        local_government=cast.freiburg, title="Klimaschutzkonzept", adopted_on=ADOPTED
    )
    ActionPlan.objects.create(local_government=cast.freiburg, title="2030")
    tram = Action.objects.create(
        local_government=cast.freiburg,
        plan=plan,
        campaign=ccp,
        target=base_year,
        title="Tram to the east",
        sector="II",
        status="in_progress",
        starts_on=datetime.date(2020, 1, 1),
        ends_on=datetime.date(2026, 12, 31),
        cost=Decimal("120000000.50"),
        currency="EUR",
        funding_source="Federal GVFG grant",
        impact_tco2e=8_500,
        impact_amount=12.75,
        impact_unit="GWh",
        co_benefits=["air_quality", "mobility"],
        is_published=True,
    )
    heat = Action.objects.create(
        local_government=cast.freiburg, kind="adaptation", title="Shade trees"
    )
    Action.objects.create(local_government=cast.nairobi, title="BRT line 2")
    return {
        "base_year": base_year,
        "intensity": intensity,
        "indicator": indicator,
        "plan": plan,
        "tram": tram,
        "heat": heat,
    }


TARGET_STATE = (
    "pk",
    *(
        {"member": "local_government__code", "conditional": "is_conditional"}.get(c, c)
        for c in TARGET_COLUMNS
        if c not in ("member", "id", "campaign", "published")
    ),
    "campaign__code",
    "is_published",
    "updated_at",
)
ACTION_STATE = (
    "pk",
    "local_government__code",
    *(c for c in ACTION_COLUMNS if c not in ("member", "id", "plan", "target", "published")),
    "plan_id",
    "target_id",
    "is_published",
    "updated_at",
)


def database() -> list:
    """Everything an import could touch, and the history it would leave."""
    return [
        list(Target.objects.order_by("pk").values_list(*TARGET_STATE)),
        list(Action.objects.order_by("pk").values_list(*ACTION_STATE)),
        Target.history.count(),
        Action.history.count(),
    ]


def exported_targets(file_format: str = "csv", queryset=None) -> bytes:
    buffer = io.BytesIO()
    export_targets(
        Target.objects.order_by("pk") if queryset is None else queryset,
        format=file_format,
        target=buffer,
    )
    return buffer.getvalue()


def exported_actions(file_format: str = "csv") -> bytes:
    buffer = io.BytesIO()
    export_actions(Action.objects.order_by("pk"), format=file_format, target=buffer)
    return buffer.getvalue()


def csv_file(*lines: str, header: str) -> bytes:
    return "\n".join([header, *lines, ""]).encode()


def refused(import_file, content: bytes, filename: str = "targets.csv", **options) -> list[str]:
    """The errors an import reports, after checking that it changed nothing."""
    before = database()
    with pytest.raises(ImportFailed) as failure:
        import_file(content, filename=filename, **options)
    assert database() == before
    return [str(error) for error in failure.value.errors]


# The documents


@pytest.mark.parametrize(
    ("document", "columns", "example"),
    [
        ("targets.md", TARGET_EXPORT_COLUMNS, TARGET_COLUMNS),
        ("actions.md", ACTION_COLUMNS, ACTION_COLUMNS),
    ],
)
def test_the_format_documents_every_column(document, columns, example):
    text = (Path(__file__).parents[3] / "docs" / "formats" / document).read_text()
    assert [column for column in columns if f"`{column}`" not in text] == []
    assert ",".join(example) in text.splitlines()  # the example's header


# Export


def test_target_export_has_the_documented_columns_and_figures(commitments):
    table = read_table(exported_targets(), filename="t.csv", columns=TARGET_EXPORT_COLUMNS)
    assert table.columns == TARGET_EXPORT_COLUMNS
    first = table.rows[0].values
    assert first["member"] == "de-freiburg"
    assert first["id"] == str(commitments["base_year"].pk)
    assert first["sectors"] == "I II"
    assert first["gases"] == "CO2 CH4 N2O"
    assert first["adopted_on"] == "2021-03-01"
    assert first["campaign"] == "ccp"
    assert first["reduction_percent"] == "40"
    # 40 % below 1,000,000 t (2010); BAU from 2022 (750,000 t) at 0 % growth.
    assert first["target_tco2e"] == "600000"
    assert first["bau_tco2e"] == "750000"
    assert first["committed_reduction_tco2e"] == "150000"
    assert first["progress"] == "on_track (2022)"
    indicator = table.rows[2].values
    assert indicator["target_tco2e"] is None and indicator["progress"] is None


def test_action_export_names_plans_by_unique_title_else_by_id(cast, commitments):
    numbered = ActionPlan.objects.get(title="2030")
    Action.objects.create(local_government=cast.freiburg, plan=numbered, title="Heat pumps")
    table = read_table(exported_actions(), filename="a.csv", columns=ACTION_COLUMNS)
    plans = {row.values["title"]: row.values["plan"] for row in table.rows}
    assert plans == {
        "Tram to the east": "Klimaschutzkonzept",
        "Shade trees": None,
        "BRT line 2": None,
        "Heat pumps": str(numbered.pk),  # a title that reads as an id
    }
    tram = table.rows[0].values
    assert tram["cost"] == "120000000.50"
    assert tram["co_benefits"] == "air_quality mobility"
    assert tram["target"] == str(commitments["base_year"].pk)


# Round trips


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_targets_export_then_import_changes_nothing(commitments, file_format):
    content = exported_targets(file_format)
    before = database()
    result = import_targets(content, filename=f"targets.{file_format}")
    assert result == ImportResult(created=0, updated=0, unchanged=3)
    assert database() == before


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_actions_export_then_import_changes_nothing(commitments, file_format):
    content = exported_actions(file_format)
    before = database()
    result = import_actions(content, filename=f"actions.{file_format}")
    assert result == ImportResult(created=0, updated=0, unchanged=3)
    assert database() == before


def test_a_file_of_new_targets_recreates_them(cast, commitments):
    content = exported_targets()
    originals = list(Target.objects.order_by("pk").values_list(*TARGET_STATE[1:-1]))
    # Without ids, every row is a new target with the same values.
    text = content.decode("utf-8-sig").splitlines()
    rows = [line.split(",", 2) for line in text[1:]]
    without_ids = [text[0], *(f"{member},,{rest}" for member, _id, rest in rows)]
    result = import_targets("\n".join(without_ids).encode(), filename="copies.csv")
    assert result == ImportResult(created=3, updated=0, unchanged=0)
    copies = Target.objects.order_by("pk").values_list(*TARGET_STATE[1:-1])[3:]
    assert list(copies) == originals


# What an import does


TARGET_HEADER = "member,id,title,type,base_year,target_year,reduction_percent,published"


def test_import_creates_and_updates_targets_and_records_why(cast, commitments):
    target = commitments["base_year"]
    content = csv_file(
        f"de-freiburg,{target.pk},Climate protection 2030,base_year,2010,2030,50,yes",
        "de-freiburg,,Climate neutral,BASE_YEAR,2010,2035,100,",
        header=TARGET_HEADER,
    )
    assert import_targets(content, filename="targets.csv") == ImportResult(1, 1, 0)
    target.refresh_from_db()
    assert target.reduction_percent == 50
    assert target.sectors == ["I", "II"]  # a column the file leaves out stays as it is
    new = Target.objects.get(title="Climate neutral")
    assert (new.type, new.target_year, new.is_published, new.coverage, new.gwp_set) == (
        "base_year",
        2035,
        False,
        "BASIC",
        "AR6GWP100",
    )
    assert target.history.first().history_change_reason == "import of targets.csv"


def test_import_reads_lists_and_values_in_any_case(cast, record):
    content = csv_file(
        'de-freiburg,,Energy,base_year,2010,2030,30,i; ii,"co2, hfc-134a",ar5gwp100,basic+,TRUE',
        header=f"{TARGET_HEADER[: -len(',published')]},sectors,gases,gwp_set,coverage,published",
    )
    import_targets(content, filename="t.csv")
    target = Target.objects.get()
    assert (target.sectors, target.gases, target.gwp_set, target.coverage) == (
        ["I", "II"],
        ["CO2", "HFC134a"],
        "AR5GWP100",
        "BASIC+",
    )
    assert target.is_published


def test_import_of_actions_links_plans_by_title_or_id_and_targets_by_id(cast, commitments):
    plan, target = commitments["plan"], commitments["base_year"]
    numbered = ActionPlan.objects.get(title="2030")
    content = csv_file(
        f"de-freiburg,,LED street lights,I,Klimaschutzkonzept,{target.pk},1500.5,eur",
        f"de-freiburg,,Heat pumps,I,{numbered.pk},,,",
        header="member,id,title,sector,plan,target,cost,currency",
    )
    assert import_actions(content, filename="a.csv") == ImportResult(2, 0, 0)
    lights = Action.objects.get(title="LED street lights")
    assert (lights.plan, lights.target, lights.cost, lights.currency) == (
        plan,
        target,
        Decimal("1500.50"),
        "EUR",
    )
    assert Action.objects.get(title="Heat pumps").plan == numbered


# Bad input: each problem at its row and column, and nothing written


@pytest.mark.parametrize(
    ("cells", "error"),
    [
        (
            "base_year,2020,2020,40",
            "`target_year`: The target year must come after the base year.",
        ),
        ("base_year,2010,2030,120", "`reduction_percent`: A reduction lies between 0 % and 100 %."),
        ("base_year,2010,2030,-5", "`reduction_percent`: A reduction lies between 0 % and 100 %."),
        (
            "base_year,2012,2030,40",
            "`base_year`: Freiburg im Breisgau has no inventory for the base year 2012.",
        ),
        ("base_year,2010,2030,forty", "`reduction_percent`: 'forty' is not a number"),
        (
            'base_year,2010,2030,"40,5"',
            "`reduction_percent`: '40,5' is not a number; use a dot as the decimal separator",
        ),
        ("base_year,2010,20.30,40", "`target_year`: '20.30' is not a whole number"),
        ("base_year,1980,2030,40", "`base_year`: A base year lies in 1990 or later."),
        (
            "base_year,2010,2101,40",
            "`target_year`: Ensure this value is less than or equal to 2100.",
        ),
        (
            "base,2010,2030,40",
            "`type`: 'base' is not one of base_year, fixed_level, intensity, baseline_scenario, "
            "indicator",
        ),
        (
            "fixed_level,2010,2030,",
            "`level_tco2e`: A fixed-level target states its level: tonnes CO2e, zero or more.",
        ),
    ],
)
def test_a_bad_target_is_reported_at_its_row_and_column(cast, record, cells, error):
    content = csv_file(
        "de-freiburg,,Good,base_year,2010,2030,40",
        f"de-freiburg,,Bad,{cells}",
        header="member,id,title,type,base_year,target_year,reduction_percent",
    )
    assert refused(import_targets, content) == [f"row 3, {error}"]


def test_an_intensity_target_without_activity_data_is_refused(cast, record):
    header = "member,title,type,base_year,target_year,reduction_percent,intensity_per"
    content = csv_file(
        "de-freiburg,Output,intensity,2010,2030,40,economic_output",
        "de-freiburg,Nothing,intensity,2010,2030,40,",
        header=header,
    )
    assert refused(import_targets, content) == [
        "row 2, `base_activity`: An intensity target per unit of economic output needs "
        "activity data: the unit and the base-year output.",
        "row 3, `intensity_per`: Say what the intensity is expressed per.",
    ]


def test_an_intensity_target_per_inhabitant_needs_a_population(cast, record):
    cast.freiburg.population = None
    cast.freiburg.save()
    content = csv_file(
        "de-freiburg,Per head,intensity,2010,2030,40,inhabitant",
        header="member,title,type,base_year,target_year,reduction_percent,intensity_per",
    )
    assert refused(import_targets, content) == [
        "row 2, `base_activity`: An intensity target needs activity data: give the base-year "
        "inhabitants, or the local government's population."
    ]


def test_every_problem_of_every_row_is_reported_in_file_order(cast, commitments):
    other = make_target(
        cast.nairobi,
        title="Nairobi",
        type="indicator",
        base_year=2015,
        target_year=2030,
        indicator="other",
        indicator_unit="t",
        base_value=1,
        target_value=2,
    )
    pk = commitments["base_year"].pk
    content = csv_file(
        "de-freiburg,x,A,base_year,2010,2030,40,2021-03-01,ccp,yes",
        f"de-freiburg,{other.pk},B,base_year,2010,2030,40,,,",
        f"de-freiburg,{pk},C,base_year,2010,2030,40,,,",
        f"de-freiburg,{pk},D,base_year,2010,2030,40,,,",
        "de-nowhere,,E,base_year,2010,2030,40,,,",
        "de-freiburg,,,base_year,2010,2005,40,1.3.2021,cpp,maybe",
        header=f"{TARGET_HEADER[: -len(',published')]},adopted_on,campaign,conditional",
    )
    assert refused(import_targets, content) == [
        "row 2, `id`: 'x' is not a whole number",
        f"row 3, `id`: de-freiburg has no target {other.pk}; leave the id blank for a new one",
        f"row 5, `id`: target {pk} appears again; first on row 4",
        "row 6, `member`: 'de-nowhere' is not the code of a local government",
        "row 7, `title`: a value is required",
        "row 7, `target_year`: The target year must come after the base year.",
        "row 7, `conditional`: 'maybe' is neither true nor false (yes or no)",
        "row 7, `adopted_on`: '1.3.2021' is not a date; write it as YYYY-MM-DD, e.g. 2021-03-01",
        "row 7, `campaign`: 'cpp' is not the code of a campaign",
    ]


@pytest.mark.parametrize(
    ("cells", "error"),
    [
        ("Tram,planned,2026-01-01,2020-01-01,,", "`ends_on`: The action ends before it starts."),
        ("Tram,planned,,,100,", "`currency`: A cost states its currency."),
        ("Tram,planned,,,100,E1", "`currency`: A currency is a three-letter ISO 4217 code."),
        (
            "Tram,planned,,,100,euro",
            "`currency`: Ensure this value has at most 3 characters (it has 4).",
        ),
        ("Tram,planned,,,-1,EUR", "`cost`: Ensure this value is greater than or equal to 0."),
        (
            "Tram,done,,,,",
            "`status`: 'done' is not one of planned, in_progress, completed, cancelled",
        ),
    ],
)
def test_a_bad_action_is_reported_at_its_row_and_column(cast, commitments, cells, error):
    content = csv_file(
        f"de-freiburg,,{cells}",
        header="member,id,title,status,starts_on,ends_on,cost,currency",
    )
    assert refused(import_actions, content, "actions.csv") == [f"row 2, {error}"]


def test_action_links_must_be_the_members_own(cast, commitments):
    nairobi_target = make_target(
        cast.nairobi,
        title="Nairobi",
        type="indicator",
        base_year=2015,
        target_year=2030,
        indicator="other",
        indicator_unit="t",
        base_value=1,
        target_value=2,
    )
    ActionPlan.objects.create(local_government=cast.freiburg, title="Klimaschutzkonzept")
    content = csv_file(
        f"de-freiburg,A,Nowhere plan,{nairobi_target.pk},,",
        "de-freiburg,B,Klimaschutzkonzept,x,,",
        "de-freiburg,C,,,mangroves jobs,kWhh",
        header="member,title,plan,target,co_benefits,impact_unit",
    )
    assert refused(import_actions, content, "actions.csv") == [
        "row 2, `plan`: de-freiburg has no action plan 'Nowhere plan' (give its id or title)",
        f"row 2, `target`: de-freiburg has no target {nairobi_target.pk}",
        "row 3, `plan`: 2 action plans of de-freiburg are called 'Klimaschutzkonzept'; give its id",
        "row 3, `target`: 'x' is not a whole number",
        "row 4, `impact_unit`: 'kWhh' is not a unit",
        "row 4, `co_benefits`: Unknown co-benefits: mangroves.",
    ]


# Who may import what


def test_a_row_for_a_member_the_importer_may_not_edit_is_refused(cast, commitments):
    content = csv_file(
        "de-freiburg,,Ours,base_year,2010,2030,40",
        "ke-nairobi,,Theirs,base_year,2010,2030,40",
        "de-hidden,,Hidden,base_year,2010,2030,40",
        header="member,id,title,type,base_year,target_year,reduction_percent",
    )
    assert refused(import_targets, content, importer=cast.editor) == [
        "row 3, `member`: your role does not let you change the targets of Nairobi (ke-nairobi)",
        "row 4, `member`: 'de-hidden' is not the code of a local government",
    ]
    assert refused(import_targets, content, importer=cast.colleague)[0] == (
        "row 2, `member`: your role does not let you change the targets of "
        "Freiburg im Breisgau (de-freiburg)"
    )


def test_an_import_for_one_member_refuses_rows_of_another(cast, commitments):
    content = csv_file("ke-nairobi,BRT line 3", ",Tram", header="member,title")
    assert refused(
        import_actions, content, "a.csv", importer=cast.secretariat, local_government=cast.freiburg
    ) == [
        "row 2, `member`: this file is imported into de-freiburg, and the row is for 'ke-nairobi'"
    ]
    content = csv_file("Tram", header="title")  # no member column: the page's member
    import_actions(content, filename="a.csv", importer=cast.editor, local_government=cast.freiburg)
    assert Action.objects.filter(local_government=cast.freiburg, title="Tram").exists()


# The web pages


NEW = {
    "targets": b"title,type,base_year,target_year,reduction_percent\nNew,base_year,2010,2030,40\n",
    "actions": b"title\nNew\n",
}


@pytest.mark.parametrize(
    ("who", "titles"),
    [
        ("editor", 3),
        ("colleague", 3),
        ("staff", 3),
        ("secretariat", 3),
        ("outsider", 1),  # the published target only
        ("other_staff", 1),
        ("anonymous", 1),
    ],
)
@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_targets_download_holds_what_the_person_may_see(
    client_as, commitments, who, titles, file_format
):
    url = reverse("campaigns:targets-download", args=["de-freiburg", file_format])
    response = client_as(who).get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith(f'.{file_format}"')
    table = read_table(response.content, filename=f"t.{file_format}", columns=TARGET_EXPORT_COLUMNS)
    assert len(table.rows) == titles


@pytest.mark.parametrize("who", ["editor", "anonymous"])
def test_actions_download_holds_what_the_person_may_see(client_as, commitments, who):
    response = client_as(who).get(
        reverse("campaigns:actions-download", args=["de-freiburg", "csv"])
    )
    table = read_table(response.content, filename="a.csv", columns=ACTION_COLUMNS)
    assert [row.values["title"] for row in table.rows] == (
        ["Tram to the east", "Shade trees"] if who == "editor" else ["Tram to the east"]
    )


def test_public_figures_count_published_inventories_only(client_as, commitments):
    url = reverse("campaigns:targets-download", args=["de-freiburg", "csv"])
    table = read_table(
        client_as("anonymous").get(url).content, filename="t.csv", columns=TARGET_EXPORT_COLUMNS
    )
    # BAU from 2020, the latest published inventory (800,000 t), not from 2022.
    assert table.rows[0].values["bau_tco2e"] == "800000"


@pytest.mark.parametrize(
    "url",
    [
        ("campaigns:targets-download", ["de-freiburg", "pdf"]),
        ("campaigns:actions-download", ["de-freiburg", "json"]),
        ("campaigns:targets-download", ["de-nowhere", "csv"]),
        ("campaigns:actions-download", ["de-hidden", "csv"]),  # unpublished
    ],
)
def test_downloads_of_unknown_formats_and_members_are_not_found(client_as, cast, url):
    name, args = url
    assert client_as("editor").get(reverse(name, args=args)).status_code == 404


@pytest.mark.parametrize("kind", ["targets", "actions"])
@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("editor", 200),
        ("colleague", 403),
        ("outsider", 403),
        ("staff", 200),
        ("other_staff", 403),
        ("secretariat", 200),
        ("anonymous", 302),
    ],
)
def test_import_pages_are_for_those_who_edit_commitments(client_as, record, kind, who, status):
    url = reverse(f"campaigns:{kind}-import", args=["de-freiburg"])
    assert client_as(who).get(url).status_code == status
    upload = io.BytesIO(NEW[kind])
    upload.name = f"{kind}.csv"
    before = database()
    response = client_as(who).post(url, {"file": upload})
    assert response.status_code == (302 if status == 200 else status)
    if status != 200:
        assert database() == before


def _imported(client, url, upload) -> dict:
    """Post a file to an import page and read the progress record of its task
    (the task runs at once in tests)."""
    response = client.post(url, {"file": upload})
    assert response.status_code == 302, response.content
    key = response["Location"].rstrip("/").rsplit("/", 1)[-1]
    return client.get(reverse("background:progress-json", args=[key])).json()


def test_web_import_of_targets_is_a_task_that_reports_success(client_as, commitments):
    url = reverse("campaigns:targets-import", args=["de-freiburg"])
    upload = io.BytesIO(exported_targets("xlsx"))
    upload.name = "targets.xlsx"
    progress = _imported(client_as("editor"), url, upload)
    assert progress["status"] == "finished"
    assert progress["message"] == (
        "targets.xlsx is imported. Created: 0; updated: 0; unchanged: 3."
    )
    assert progress["next_url"] == reverse("campaigns:commitments", args=["de-freiburg"])


def test_web_import_lists_every_problem_and_changes_nothing(client_as, commitments):
    url = reverse("campaigns:actions-import", args=["de-freiburg"])
    upload = io.BytesIO(b"member,title,status\nke-nairobi,BRT,planned\nde-freiburg,Bus,done\n")
    upload.name = "actions.csv"
    before = database()
    progress = _imported(client_as("staff"), url, upload)
    assert progress["status"] == "failed"
    assert progress["errors"] == [
        "row 2, `member`: this file is imported into de-freiburg, and the row is for 'ke-nairobi'",
        "row 3, `status`: 'done' is not one of planned, in_progress, completed, cancelled",
    ]
    assert "Nothing has changed" in progress["message"]
    assert database() == before


def test_the_import_page_states_the_limits_and_refuses_a_file_over_them(
    client_as, commitments, settings
):
    url = reverse("campaigns:actions-import", args=["de-freiburg"])
    assert "At most 100,000 rows" in client_as("staff").get(url).content.decode()
    settings.IMPORT_MAX_ROWS = 1
    upload = io.BytesIO(b"member,title,status\nde-freiburg,BRT,planned\nde-freiburg,Bus,planned\n")
    upload.name = "actions.csv"
    before = database()
    response = client_as("staff").post(url, {"file": upload})
    assert response.status_code == 400
    assert "more than 1 rows" in response.content.decode()
    assert database() == before


def test_import_of_an_unknown_member_is_not_found(client_as, cast):
    url = reverse("campaigns:targets-import", args=["de-nowhere"])
    assert client_as("secretariat").get(url).status_code == 404
