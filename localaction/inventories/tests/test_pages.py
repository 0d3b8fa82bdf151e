"""The inventory pages: who sees and does what, the editor's errors, GWP switching and the
GPC summary files."""

import csv
import io

import openpyxl
import pytest
from django.urls import reverse

from localaction.core.gpc import Level
from localaction.inventories.models import Inventory, InventoryLine, InventoryTotal
from localaction.inventories.services import (
    LineData,
    inventory_move,
    inventory_replace_lines,
    inventory_results,
)
from localaction.inventories.views import LINES_PER_PAGE

pytestmark = pytest.mark.django_db

EVERYONE = ["editor", "colleague", "outsider", "staff", "other_staff", "secretariat", "anonymous"]
# Freiburg's people and the offices covering Germany see its drafts; the rest do not.
INSIDERS = {"editor", "colleague", "staff", "secretariat"}

LINES = [
    # 1,000 TJ natural gas in homes, IPCC 2006 defaults: 56,100 kg CO2, 5 kg CH4, 0.1 kg N2O per TJ.
    LineData("I.1.1", activity="Gas in homes", amount=1000, unit="TJ", factor="natural_gas"),
    LineData(
        "I.1.2",
        activity="Grid electricity",
        amount=10_000,
        unit="MWh",
        ef_kg={"CO2": 400},
        ef_unit="kg/MWh",
    ),
    LineData("II.1.1", activity="Diesel", amount=100, unit="t", factor="gas_diesel_oil"),
    LineData("III.1.1", activity="Landfill", measured_kg={"CH4": 100_000}),
    LineData("IV.1", activity="Cement", measured_kg={"CO2": 5_000_000}),
    LineData("I.4.4", activity="Power plant exports", measured_kg={"CO2": 2_000_000}),
    LineData("I.2.1", notation_key="NE", explanation="No data from offices yet"),
]
STEPS_TO = {
    Inventory.Status.DRAFT: [],
    Inventory.Status.SUBMITTED: ["submit"],
    Inventory.Status.VERIFIED: ["submit", "verify"],
    Inventory.Status.PUBLISHED: ["submit", "verify", "publish"],
}


def make_inventory(cast, year=2022, status=Inventory.Status.DRAFT, lines=LINES):
    inventory = Inventory.objects.create(local_government=cast.freiburg, year=year)
    inventory_replace_lines(inventory=inventory, lines=lines)
    for step in STEPS_TO[status]:
        inventory_move(inventory=inventory, step=step, user=cast.secretariat)
    return inventory


@pytest.fixture
def draft(cast):
    return make_inventory(cast)


@pytest.fixture
def published(cast):
    return make_inventory(cast, year=2019, status=Inventory.Status.PUBLISHED)


def url(name, inventory, *args):
    return reverse(
        f"inventories:{name}", args=[inventory.local_government.code, inventory.year, *args]
    )


def snapshot(inventory):
    """Everything a refused request must leave as it was."""
    return (
        Inventory.objects.filter(pk=inventory.pk).values().get(),
        list(InventoryLine.objects.filter(inventory=inventory).values().order_by("pk")),
        list(InventoryTotal.objects.filter(inventory=inventory).values().order_by("pk")),
    )


PAGES = ["inventory", "results", "summary"]


# Seeing


@pytest.mark.parametrize("who", EVERYONE)
def test_drafts_are_seen_only_by_the_member_and_its_offices(client_as, draft, who):
    client = client_as(who)
    expected = 200 if who in INSIDERS else 404
    for page in PAGES:
        assert client.get(url(page, draft)).status_code == expected, page
    assert client.get(url("summary-download", draft, "csv")).status_code == expected


@pytest.mark.parametrize("who", EVERYONE)
def test_published_inventories_are_public(client_as, published, who):
    client = client_as(who)
    for page in PAGES:
        assert client.get(url(page, published)).status_code == 200, page
    assert client.get(url("summary-download", published, "xlsx")).status_code == 200


def test_an_unpublished_members_published_inventory_stays_hidden(client_as, cast):
    inventory = Inventory.objects.create(
        local_government=cast.hidden, year=2020, status=Inventory.Status.PUBLISHED
    )
    assert client_as("anonymous").get(url("inventory", inventory)).status_code == 404
    assert client_as("staff").get(url("inventory", inventory)).status_code == 200


@pytest.mark.parametrize(
    "who, sees_draft, may_create",
    [
        ("editor", True, True),
        ("colleague", True, False),
        ("outsider", False, False),
        ("staff", True, True),
        ("other_staff", False, False),
        ("secretariat", True, True),
        ("anonymous", False, False),
    ],
)
def test_profile_lists_the_inventories_one_may_see(
    client_as, cast, draft, published, who, sees_draft, may_create
):
    page = client_as(who).get(cast.freiburg.get_absolute_url()).content.decode()
    assert published.get_absolute_url() in page
    assert (draft.get_absolute_url() in page) is sees_draft
    new = reverse("inventories:inventory-new", args=[cast.freiburg.code])
    assert (new in page) is may_create


def test_profile_shows_the_basic_total_in_tonnes(client_as, cast, published):
    total = inventory_results(published).total_co2e_kg(Level.BASIC) / 1000
    page = client_as("anonymous").get(cast.freiburg.get_absolute_url()).content.decode()
    assert f"{round(total):,}" in page


# A new inventory


@pytest.mark.parametrize(
    "who, status",
    [
        ("editor", 302),
        ("colleague", 403),
        ("outsider", 403),
        ("staff", 302),
        ("other_staff", 403),
        ("secretariat", 302),
        ("anonymous", 302),  # to the login page
    ],
)
def test_who_creates_an_inventory(client_as, cast, who, status):
    new = reverse("inventories:inventory-new", args=[cast.freiburg.code])
    client = client_as(who)
    if who != "anonymous":
        assert client.get(new).status_code == (200 if status == 302 else status)
    response = client.post(new, {"year": 2020, "gwp_set": "AR5GWP100", "boundary_note": "City"})
    assert response.status_code == status
    created = Inventory.objects.filter(local_government=cast.freiburg, year=2020).first()
    if status == 302 and who != "anonymous":
        assert response["Location"] == created.get_absolute_url()
        assert (created.status, created.gwp_set) == (Inventory.Status.DRAFT, "AR5GWP100")
    else:
        assert created is None


def test_a_second_inventory_for_the_same_year_is_a_field_error(client_as, cast, draft):
    new = reverse("inventories:inventory-new", args=[cast.freiburg.code])
    response = client_as("editor").post(new, {"year": draft.year, "gwp_set": "AR6GWP100"})
    assert response.status_code == 200
    assert "year" in response.context["form"].errors
    assert Inventory.objects.filter(local_government=cast.freiburg).count() == 1


def test_an_unknown_gwp_set_is_refused_for_a_new_inventory(client_as, cast):
    new = reverse("inventories:inventory-new", args=[cast.freiburg.code])
    response = client_as("editor").post(new, {"year": 2020, "gwp_set": "AR7GWP100"})
    assert "gwp_set" in response.context["form"].errors
    assert not Inventory.objects.exists()


def test_no_new_inventory_for_a_local_government_one_may_not_see(client_as, cast):
    new = reverse("inventories:inventory-new", args=[cast.hidden.code])
    assert client_as("editor").get(new).status_code == 404


# Changing lines


EDITS = {
    # who: status of a line POST on Freiburg's draft
    "editor": 302,
    "colleague": 403,
    "outsider": 404,
    "staff": 302,
    "other_staff": 404,
    "secretariat": 302,
    "anonymous": 302,  # to the login page
}
A_LINE = {
    "gpc_ref": "I.3.1",
    "activity": "Gas in industry",
    "amount": "10",
    "unit": "TJ",
    "factor": "natural_gas",
    "data_quality": "high",
}


@pytest.mark.parametrize("who", EVERYONE)
def test_who_adds_a_line(client_as, draft, who):
    before = snapshot(draft)
    response = client_as(who).post(url("line-add", draft), A_LINE)
    assert response.status_code == EDITS[who]
    added = draft.lines.filter(gpc_ref="I.3.1")
    if EDITS[who] == 302 and who != "anonymous":
        assert added.get().factor.code == "ipcc2006:stationary:manufacturing:natural_gas"
        assert draft.totals.filter(gpc_ref="I.3.1", gas="CO2").get().kg == pytest.approx(561_000)
    else:
        assert snapshot(draft) == before


@pytest.mark.parametrize("who", EVERYONE)
def test_who_deletes_a_line(client_as, draft, who):
    line = draft.lines.get(gpc_ref="IV.1")
    before = snapshot(draft)
    response = client_as(who).post(url("line-delete", draft, line.pk))
    assert response.status_code == EDITS[who]
    if EDITS[who] == 302 and who != "anonymous":
        assert not draft.lines.filter(pk=line.pk).exists()
        assert not draft.totals.filter(gpc_ref="IV.1").exists()
    else:
        assert snapshot(draft) == before


@pytest.mark.parametrize("who", EVERYONE)
def test_who_recalculates(client_as, draft, who):
    factor = draft.lines.get(gpc_ref="I.1.1").factor
    factor.kg_per_unit = {**factor.kg_per_unit, "CO2": 50_000}
    factor.save()
    before = snapshot(draft)
    response = client_as(who).post(url("inventory-recalculate", draft))
    assert response.status_code == EDITS[who]
    co2 = draft.lines.get(gpc_ref="I.1.1").gases_kg["CO2"]
    if EDITS[who] == 302 and who != "anonymous":
        assert co2 == pytest.approx(50_000_000)
    else:
        assert co2 == pytest.approx(56_100_000)
        assert snapshot(draft) == before


@pytest.mark.parametrize("action", ["line-add", "line-delete", "inventory-recalculate"])
def test_a_submitted_inventory_cannot_be_changed_even_by_its_editor(client_as, cast, action):
    submitted = make_inventory(cast, status=Inventory.Status.SUBMITTED)
    args = [submitted.lines.first().pk] if action == "line-delete" else []
    before = snapshot(submitted)
    response = client_as("editor").post(url(action, submitted, *args), A_LINE)
    assert response.status_code == 403
    assert snapshot(submitted) == before


def test_pages_do_not_accept_get_for_actions(client_as, draft):
    assert client_as("editor").get(url("inventory-recalculate", draft)).status_code == 405


def test_the_editor_page_shows_the_factor_chosen_and_why(client_as, draft):
    page = client_as("colleague").get(url("inventory", draft)).content.decode()
    assert "ipcc2006:stationary:residential:natural_gas" in page
    assert "IPCC default" in page
    assert "No data from offices yet" in page  # a notation key's explanation
    # Only those who may edit get the forms.
    assert url("line-add", draft) not in page
    editor_page = client_as("editor").get(url("inventory", draft) + "?add=I.3.1").content.decode()
    assert url("line-add", draft) in editor_page
    assert 'list="factor-codes"' in editor_page


def test_a_cell_with_many_lines_is_shown_a_page_at_a_time(client_as, cast):
    # An imported file may put 50,000 lines in one cell: the page shows each
    # cell's lines a page at a time, each line with its own emissions, while
    # the totals count them all.
    many = [
        LineData("I.1.1", activity=f"Boiler {n}", measured_kg={"CO2": 1000 * n})
        for n in range(1, LINES_PER_PAGE * 2 + 51)
    ]
    inventory = make_inventory(cast, lines=[*many, LINES[1]])
    client = client_as("editor")
    first = client.get(url("inventory", inventory))
    cell = first.context["sectors"][0]["subsectors"][0]["cells"][0]
    assert cell["cell"].ref == "I.1.1" and cell["count"] == len(many)
    assert [line.activity for line in cell["lines"]] == [
        f"Boiler {n}" for n in range(1, LINES_PER_PAGE + 1)
    ]
    assert first.context["sectors"][0]["lines"] == len(many) + 1
    page = first.content.decode()
    assert f"Lines 1–{LINES_PER_PAGE} of {len(many)}" in page
    assert 'href="?cell=I.1.1&amp;page=2#cell-I.1.1"' in page

    last = client.get(url("inventory", inventory) + "?cell=I.1.1&page=3")
    lines = last.context["sectors"][0]["subsectors"][0]["cells"][0]["lines"]
    assert [line.activity for line in lines] == [
        f"Boiler {n}" for n in range(2 * LINES_PER_PAGE + 1, len(many) + 1)
    ]
    # Line n emits n t CO2.
    assert [line.tco2e for line in lines] == list(range(2 * LINES_PER_PAGE + 1, len(many) + 1))
    assert f"Delete line {2 * LINES_PER_PAGE + 1} of I.1.1" in last.content.decode()
    # The other cells show their first page; a page that is not one shows the last.
    assert [
        line.activity for line in last.context["sectors"][0]["subsectors"][0]["cells"][1]["lines"]
    ] == ["Grid electricity"]
    assert (
        client.get(url("inventory", inventory) + "?cell=I.1.1&page=99")
        .context["sectors"][0]["subsectors"][0]["cells"][0]["lines"]
        .number
        == 3
    )
    assert client.get(url("inventory", inventory) + "?cell=I.1.1&page=x").status_code == 200


def test_the_completeness_check_lists_the_empty_basic_cells(client_as, draft):
    response = client_as("editor").get(url("inventory", draft))
    missing = inventory_results(draft).completeness(Level.BASIC).missing
    assert response.context["missing"] == missing
    assert "I.1.1" not in missing and "I.2.1" not in missing  # a value; a notation key
    page = response.content.decode()
    for ref in missing:
        assert f'href="?cell={ref}#cell-{ref}"' in page


@pytest.mark.parametrize(
    "fields, field",
    [
        ({"amount": "10", "unit": "kwhh", "factor": "natural_gas"}, "unit"),
        ({"amount": "10", "unit": "TJ", "factor": "unobtainium"}, "factor"),
        ({"amount": "-5", "unit": "TJ", "factor": "natural_gas"}, "amount"),
        ({"amount": "10", "unit": "TJ"}, "factor"),
        ({"amount": "10", "unit": "MWh", "ef_co2": "400"}, "ef_unit"),
        ({"amount": "10", "unit": "t", "ef_co2": "56100", "ef_unit": "kg/TJ"}, "ncv"),
        (
            {
                "amount": "10",
                "unit": "TJ",
                "factor": "natural_gas",
                "notation_key": "NE",
                "explanation": "x",
            },
            "notation_key",
        ),
        ({"notation_key": "NO"}, "explanation"),
        ({"co2_kg": "-3"}, "co2_kg"),
        ({}, "amount"),
        ({"amount": "many"}, "amount"),
    ],
)
def test_a_refused_line_names_its_field(client_as, draft, fields, field):
    before = snapshot(draft)
    response = client_as("editor").post(url("line-add", draft), {"gpc_ref": "I.1.1", **fields})
    assert response.status_code == 200
    form = response.context["form"]
    assert list(form.errors) == [field]
    assert response.context["form_cell"] == "I.1.1"
    assert snapshot(draft) == before


# Status steps


@pytest.mark.parametrize(
    "status, step, after, allowed",
    [
        ("draft", "submit", "submitted", {"editor", "staff", "secretariat"}),
        ("submitted", "return", "draft", {"staff", "secretariat"}),
        ("submitted", "verify", "verified", {"staff", "secretariat"}),
        ("verified", "publish", "published", {"staff", "secretariat"}),
    ],
)
@pytest.mark.parametrize("who", EVERYONE)
def test_who_takes_each_status_step(client_as, cast, status, step, after, allowed, who):
    inventory = make_inventory(cast, status=status)
    before = snapshot(inventory)
    response = client_as(who).post(url("inventory-move", inventory, step))
    inventory.refresh_from_db()
    if who in allowed:
        assert response.status_code == 302
        assert inventory.status == after
        if step != "return":
            assert getattr(inventory, f"{after}_by") == getattr(cast, who)
    else:
        visible = who in INSIDERS or status == "published"
        expected = 302 if who == "anonymous" else (403 if visible else 404)
        assert response.status_code == expected
        assert snapshot(inventory) == before


def test_a_step_that_does_not_fit_the_status_changes_nothing(client_as, draft):
    before = snapshot(draft)
    response = client_as("staff").post(url("inventory-move", draft, "publish"), follow=True)
    assert "Only a verified inventory can be published." in response.content.decode()
    assert snapshot(draft) == before


def test_an_unknown_step_is_not_found(client_as, draft):
    assert client_as("secretariat").post(url("inventory-move", draft, "delete")).status_code == 404


def test_the_page_offers_only_the_steps_one_may_take(client_as, cast):
    submitted = make_inventory(cast, status=Inventory.Status.SUBMITTED)
    steps = [
        step
        for step, _label in client_as("staff").get(url("inventory", submitted)).context["steps"]
    ]
    assert steps == ["return", "verify"]
    assert client_as("editor").get(url("inventory", submitted)).context["steps"] == []


# Results under any GWP set


def test_the_gwp_switch_changes_co2e_but_not_the_stored_masses(client_as, published):
    client = client_as("anonymous")
    before = snapshot(published)
    ar5 = client.get(url("results", published) + "?gwp=AR5GWP100").context["results"]
    sar = client.get(url("results", published) + "?gwp=SARGWP100").context["results"]
    assert (ar5.gwp, sar.gwp) == ("AR5GWP100", "SARGWP100")
    # Methane: AR5 28, SAR 21 (IPCC AR5 WG1 Table 8.A.1; SAR WG1 Table 2.9).
    ch4_kg = ar5.by_gas_kg()["CH4"]
    assert ar5.total_co2e_kg() - sar.total_co2e_kg() == pytest.approx(
        ch4_kg * (28 - 21) + ar5.by_gas_kg()["N2O"] * (265 - 310)
    )
    assert ar5.by_gas_kg() == sar.by_gas_kg()
    assert snapshot(published) == before


@pytest.mark.parametrize("query", ["?gwp=AR7GWP100", "?total=everything"])
def test_an_unknown_choice_is_a_bad_request_that_says_why(client_as, published, query):
    response = client_as("anonymous").get(url("results", published) + query)
    assert response.status_code == 400
    assert ("is not a GWP set" if "gwp" in query else "is not a GPC total") in (
        response.content.decode()
    )


def test_results_show_every_total_and_biogenic_co2_apart(client_as, published):
    response = client_as("anonymous").get(url("results", published))
    results = inventory_results(published)
    totals = {total["level"]: total["t"] for total in response.context["totals"]}
    for level in Level:
        assert totals[level] == pytest.approx(results.total_co2e_kg(level) / 1000)
    # Each chart's table adds up to the total it breaks down.
    figures = {figure["id"]: figure for figure in response.context["figures"]}
    for chart in ("by-sector", "by-scope", "by-gas"):
        assert sum(value for _label, value in figures[chart]["rows"]) == pytest.approx(
            totals[Level.BASIC_PLUS]
        )


def test_the_trend_counts_only_the_inventories_one_may_see(client_as, cast, draft, published):
    years = {
        who: [
            label
            for label, _value in client_as(who)
            .get(url("results", published))
            .context["figures"][3]["rows"]
        ]
        for who in ("anonymous", "colleague")
    }
    assert years == {"anonymous": ["2019"], "colleague": ["2019", "2022"]}


# The GPC summary table


def summary_rows(client, inventory, file_format, gwp="AR6GWP100"):
    response = client.get(url("summary-download", inventory, file_format) + f"?gwp={gwp}")
    assert response.status_code == 200
    assert (
        f"de-freiburg-{inventory.year}-gpc-{gwp}.{file_format}" in (response["Content-Disposition"])
    )
    if file_format == "csv":
        rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    else:
        sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
        rows = [["" if v is None else v for v in row] for row in sheet.iter_rows(values_only=True)]
    header, *body = rows
    return [dict(zip(header, row, strict=True)) for row in body]


def number(value):
    return float(value) if value not in ("", None) else 0.0


NUMBERS = ["basic_tco2e", "basic_plus_tco2e", "territorial_tco2e"]
SCOPES = ["scope_1_tco2e", "scope_2_tco2e", "scope_3_tco2e"]


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
@pytest.mark.parametrize("gwp", ["AR6GWP100", "SARGWP100"])
def test_summary_files_equal_the_results_and_add_up(client_as, published, file_format, gwp):
    rows = summary_rows(client_as("anonymous"), published, file_format, gwp)
    results = inventory_results(published, gwp)
    (total,) = [row for row in rows if row["row"] == "total"]
    for column, level in zip(NUMBERS, Level, strict=True):
        assert number(total[column]) == pytest.approx(results.total_co2e_kg(level) / 1000)
    for scope, column in enumerate(SCOPES, start=1):
        assert number(total[column]) == pytest.approx(results.by_scope_co2e_kg()[scope] / 1000)
    # The total is the sum of its parts, and each sector the sum of its own.
    parts = [row for row in rows if row["row"] in {"subsector", "cell"}]
    for column in NUMBERS + SCOPES:
        keyed = [number(row[column]) for row in parts if row[column] not in {"NE", "IE", "NO", "C"}]
        assert sum(keyed) == pytest.approx(number(total[column]))
    sectors = {row["gpc_ref"]: row for row in rows if row["row"] == "sector"}
    for ref, sector in sectors.items():
        inside = [row for row in parts if row["gpc_ref"].split(".")[0] == ref]
        assert sum(number(row["basic_plus_tco2e"]) for row in inside) == pytest.approx(
            number(sector["basic_plus_tco2e"])
        )
        assert number(sector["basic_plus_tco2e"]) == pytest.approx(
            results.by_sector_co2e_kg(Level.BASIC_PLUS)[ref] / 1000
        )


def test_summary_shows_notation_keys_and_the_cell_of_its_own(client_as, published):
    rows = {row["gpc_ref"]: row for row in summary_rows(client_as("anonymous"), published, "csv")}
    assert rows["I.2"]["scope_1_tco2e"] == "NE"
    # I.4.4 (supplied to the grid) counts in the territorial total only.
    assert rows["I.4.4"]["row"] == "cell"
    assert number(rows["I.4.4"]["territorial_tco2e"]) == pytest.approx(2_000)
    assert number(rows["I.4.4"]["basic_tco2e"]) == 0


def test_summary_download_of_an_unknown_format_is_not_found(client_as, published):
    assert client_as("anonymous").get(url("summary-download", published, "pdf")).status_code == 404
