"""The inventories' REST API: who may do what (every endpoint and method, for every
person of the cast), inventories through their statuses, lines checked and
calculated by the services with errors under their field, results under any
GWP set, and the emission-factor library's levels."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from drf_spectacular.drainage import GENERATOR_STATS

from localaction.conftest import PEOPLE
from localaction.inventories.models import EmissionFactor, Inventory, InventoryLine, InventoryTotal
from localaction.inventories.services import LineData, inventory_move, inventory_replace_lines

INVENTORIES = "/api/inventories/"
FACTORS = "/api/emission-factors/"
NATURAL_GAS_HOMES = "ipcc2006:stationary:residential:natural_gas"

# Freiburg's draft: 1,000 TJ of natural gas in homes (IPCC 2006 Vol.2 Table 2.5:
# 56,100 kg CO2, 5 kg CH4, 0.1 kg N2O per TJ) and 2 t of methane from landfill.
DRAFT_LINES = [
    LineData("I.1.1", activity="Gas heating", amount=1000, unit="TJ", factor="natural_gas"),
    LineData("III.1.1", activity="Landfill", measured_kg={"CH4": 2_000}),
]


def inventory_of(code: str, year: int) -> Inventory:
    return Inventory.objects.get(local_government__code=code, year=year)


def inventory_url(code: str, year: int, action: str = "") -> str:
    return f"{INVENTORIES}{inventory_of(code, year).pk}/{action + '/' if action else ''}"


def lines_url(code: str, year: int) -> str:
    return inventory_url(code, year, "lines")


def line_url(code: str, year: int, position: int = 0) -> str:
    inventory = inventory_of(code, year)
    line = inventory.lines.get(position=position)
    return f"{INVENTORIES}{inventory.pk}/lines/{line.pk}/"


def factor_url(code: str) -> str:
    return f"{FACTORS}{code}/"


def send(client, method: str, url: str, payload=None):
    if method == "get":
        return client.get(url)
    return getattr(client, method)(url, payload or {}, content_type="application/json")


def make_inventory(local_government, year: int, *steps: str, by=None, lines=()) -> Inventory:
    inventory = Inventory.objects.create(
        local_government=local_government, year=year, gwp_set="AR5GWP100"
    )
    inventory_replace_lines(inventory=inventory, lines=list(lines))
    for step in steps:
        inventory_move(inventory=inventory, step=step, user=by)
    return inventory


@pytest.fixture
def books(cast):
    """Freiburg's inventories at every status (2022 draft, 2021 published, 2020
    submitted, 2019 verified), a draft of Nairobi's and a published one of the
    unpublished town; a country factor for Germany and factors of Freiburg's and
    of the unpublished town's own."""
    make_inventory(cast.freiburg, 2022, lines=DRAFT_LINES)
    make_inventory(
        cast.freiburg, 2021, "submit", "verify", "publish", by=cast.staff, lines=DRAFT_LINES
    )
    make_inventory(cast.freiburg, 2020, "submit", by=cast.editor)
    make_inventory(cast.freiburg, 2019, "submit", "verify", by=cast.staff)
    make_inventory(cast.nairobi, 2022)
    make_inventory(cast.hidden, 2022, "submit", "verify", "publish", by=cast.staff)
    for code, level in [
        ("de:grid", {"country_id": "DE"}),
        ("de-freiburg:green", {"local_government": cast.freiburg}),
        ("de-hidden:own", {"local_government": cast.hidden}),
    ]:
        EmissionFactor.objects.create(
            code=code,
            name=code,
            activity="electricity",
            unit="MWh",
            kg_per_unit={"CO2": 400},
            source="A test",
            **level,
        )
    return cast


# Everything the API could change; compared before and after each request.
TABLES = (
    Inventory,
    Inventory.history.model,
    InventoryLine,
    InventoryTotal,
    EmissionFactor,
    EmissionFactor.history.model,
)


def inventories_state() -> dict[str, list[dict]]:
    return {model._meta.label: list(model.objects.order_by("pk").values()) for model in TABLES}


# The permission matrix: every endpoint and method, for every person of the cast.


def expect(default: int, **exceptions: int) -> dict[str, int]:
    """Status codes per person; where others are forbidden (403), anonymous
    visitors are asked to authenticate (401) instead."""
    assert set(exceptions) <= set(PEOPLE)
    anonymous = 401 if default == 403 else default
    return {
        who: exceptions.get(who, anonymous if who == "anonymous" else default) for who in PEOPLE
    }


@dataclass(frozen=True)
class Call:
    method: str
    url: Callable[[], str]  # run after the fixtures
    payload: dict | None = None


# Who sees Freiburg's draft, and who may write it.
SEE_DRAFT = {"editor": 200, "colleague": 200, "staff": 200, "secretariat": 200}


def draft(ok: int, colleague: int = 403) -> dict[str, int]:
    """A write to Freiburg's draft: its editor, its office and the secretariat
    may; its colleague sees it but may not; the others do not see it (404)."""
    return expect(404, editor=ok, colleague=colleague, staff=ok, secretariat=ok)


def office(ok: int, member: int = 403) -> dict[str, int]:
    """A step for Freiburg's office on an unpublished inventory: its people see it."""
    return expect(404, editor=member, colleague=403, staff=ok, secretariat=ok)


FREIBURG_DRAFT = lambda: inventory_url("de-freiburg", 2022)  # noqa: E731
FREIBURG_PUBLISHED = lambda: inventory_url("de-freiburg", 2021)  # noqa: E731
GAS_LINE = {"gpc_ref": "I.2.1", "amount": 10, "unit": "TJ", "factor": "natural_gas"}
ELECTRICITY = {
    "name": "Electricity",
    "activity": "electricity",
    "unit": "MWh",
    "kg_per_unit": {"CO2": 350},
    "source": "Utility disclosure 2022",
}

MATRIX: dict[str, tuple[Call, dict[str, int]]] = {
    # Inventories
    "inventories list": (Call("get", lambda: INVENTORIES), expect(200)),
    "draft read": (Call("get", FREIBURG_DRAFT), expect(404, **SEE_DRAFT)),
    "published read": (Call("get", FREIBURG_PUBLISHED), expect(200)),
    # Published, but of a local government only its insiders may know.
    "published read, unpublished local government": (
        Call("get", lambda: inventory_url("de-hidden", 2022)),
        expect(404, staff=200, secretariat=200),
    ),
    "inventory create in Freiburg": (
        Call("post", lambda: INVENTORIES, {"local_government": "de-freiburg", "year": 2023}),
        expect(403, editor=201, staff=201, secretariat=201),
    ),
    "inventory create in Nairobi": (
        Call("post", lambda: INVENTORIES, {"local_government": "ke-nairobi", "year": 2023}),
        expect(403, outsider=201, other_staff=201, secretariat=201),
    ),
    # Those who keep some local government's inventories hear that this one is unknown.
    "inventory create, unpublished local government": (
        Call("post", lambda: INVENTORIES, {"local_government": "de-hidden", "year": 2023}),
        expect(403, editor=400, outsider=400, other_staff=400, staff=201, secretariat=201),
    ),
    "draft update": (
        Call("patch", FREIBURG_DRAFT, {"boundary_note": "City limits of 2022"}),
        draft(200),
    ),
    "draft replace": (
        Call(
            "put",
            FREIBURG_DRAFT,
            {"local_government": "de-freiburg", "year": 2022, "gwp_set": "AR6GWP100"},
        ),
        draft(200),
    ),
    "submitted update": (
        Call("patch", lambda: inventory_url("de-freiburg", 2020), {"boundary_note": "x"}),
        office(403),
    ),
    "published update": (Call("patch", FREIBURG_PUBLISHED, {"boundary_note": "x"}), expect(403)),
    "draft delete": (Call("delete", FREIBURG_DRAFT), draft(204)),
    "published delete": (Call("delete", FREIBURG_PUBLISHED), expect(403)),
    "draft submit": (
        Call("post", lambda: inventory_url("de-freiburg", 2022, "move"), {"step": "submit"}),
        draft(200),
    ),
    "submitted verify": (
        Call("post", lambda: inventory_url("de-freiburg", 2020, "move"), {"step": "verify"}),
        office(200),
    ),
    "submitted return": (
        Call("post", lambda: inventory_url("de-freiburg", 2020, "move"), {"step": "return"}),
        office(200),
    ),
    "verified publish": (
        Call("post", lambda: inventory_url("de-freiburg", 2019, "move"), {"step": "publish"}),
        office(200),
    ),
    "draft submit, another region": (
        Call("post", lambda: inventory_url("ke-nairobi", 2022, "move"), {"step": "submit"}),
        expect(404, outsider=200, other_staff=200, secretariat=200),
    ),
    # Refused before being told that a published inventory is not verified again.
    "published verify": (
        Call("post", lambda: inventory_url("de-freiburg", 2021, "move"), {"step": "verify"}),
        expect(403, staff=400, secretariat=400),
    ),
    # Those who may take some step hear that this one does not exist.
    "draft moved by an unknown step": (
        Call("post", lambda: inventory_url("de-freiburg", 2022, "move"), {"step": "approve"}),
        draft(400),
    ),
    "draft recalculate": (
        Call("post", lambda: inventory_url("de-freiburg", 2022, "recalculate")),
        draft(200),
    ),
    "published recalculate": (
        Call("post", lambda: inventory_url("de-freiburg", 2021, "recalculate")),
        expect(403),
    ),
    "draft results": (
        Call("get", lambda: inventory_url("de-freiburg", 2022, "results")),
        expect(404, **SEE_DRAFT),
    ),
    "published results": (
        Call("get", lambda: inventory_url("de-freiburg", 2021, "results") + "?gwp=AR4GWP100"),
        expect(200),
    ),
    "published results, unknown GWP set": (
        Call("get", lambda: inventory_url("de-freiburg", 2021, "results") + "?gwp=AR3GWP100"),
        expect(400),
    ),
    # Lines
    "draft lines list": (
        Call("get", lambda: lines_url("de-freiburg", 2022)),
        expect(404, **SEE_DRAFT),
    ),
    "published lines list": (Call("get", lambda: lines_url("de-freiburg", 2021)), expect(200)),
    "draft line read": (
        Call("get", lambda: line_url("de-freiburg", 2022)),
        expect(404, **SEE_DRAFT),
    ),
    "published line read": (Call("get", lambda: line_url("de-freiburg", 2021)), expect(200)),
    # A line is found only under its own inventory.
    "draft line read under the published inventory": (
        Call(
            "get",
            lambda: (
                lines_url("de-freiburg", 2021)
                + f"{inventory_of('de-freiburg', 2022).lines.first().pk}/"
            ),
        ),
        expect(404),
    ),
    "draft line create": (
        Call("post", lambda: lines_url("de-freiburg", 2022), GAS_LINE),
        draft(201),
    ),
    "draft line create, invalid": (
        Call("post", lambda: lines_url("de-freiburg", 2022), {**GAS_LINE, "unit": "kwhh"}),
        draft(400),
    ),
    "published line create": (
        Call("post", lambda: lines_url("de-freiburg", 2021), GAS_LINE),
        expect(403),
    ),
    "draft line replace": (
        Call("put", lambda: line_url("de-freiburg", 2022), GAS_LINE),
        draft(200),
    ),
    "draft line update": (
        Call("patch", lambda: line_url("de-freiburg", 2022), {"amount": 900}),
        draft(200),
    ),
    "published line update": (
        Call("patch", lambda: line_url("de-freiburg", 2021), {"amount": 900}),
        expect(403),
    ),
    "draft line delete": (Call("delete", lambda: line_url("de-freiburg", 2022)), draft(204)),
    "published line delete": (
        Call("delete", lambda: line_url("de-freiburg", 2021)),
        expect(403),
    ),
    # Emission factors: the defaults are the secretariat's, a country's its
    # offices', a local government's its editors' and offices'.
    "factors list": (Call("get", lambda: FACTORS), expect(200)),
    "default factor read": (Call("get", lambda: factor_url(NATURAL_GAS_HOMES)), expect(200)),
    "unpublished local government's factor read": (
        Call("get", lambda: factor_url("de-hidden:own")),
        expect(404, staff=200, secretariat=200),
    ),
    "default factor create": (
        Call("post", lambda: FACTORS, {**ELECTRICITY, "code": "world:electricity"}),
        expect(403, secretariat=201),
    ),
    "country factor create in Germany": (
        Call("post", lambda: FACTORS, {**ELECTRICITY, "code": "de:grid:2", "country": "DE"}),
        expect(403, staff=201, secretariat=201),
    ),
    "country factor create in Kenya": (
        Call("post", lambda: FACTORS, {**ELECTRICITY, "code": "ke:grid", "country": "KE"}),
        expect(403, other_staff=201, secretariat=201),
    ),
    "Freiburg's factor create": (
        Call(
            "post",
            lambda: FACTORS,
            {**ELECTRICITY, "code": "de-freiburg:2", "local_government": "de-freiburg"},
        ),
        expect(403, editor=201, staff=201, secretariat=201),
    ),
    # Those who may add a factor somewhere hear that the local government is unknown.
    "factor create, unpublished local government": (
        Call(
            "post",
            lambda: FACTORS,
            {**ELECTRICITY, "code": "de-hidden:2", "local_government": "de-hidden"},
        ),
        expect(403, editor=400, outsider=400, other_staff=400, staff=201, secretariat=201),
    ),
    "default factor replace": (
        Call(
            "put",
            lambda: factor_url(NATURAL_GAS_HOMES),
            {**ELECTRICITY, "code": NATURAL_GAS_HOMES, "activity": "natural_gas", "unit": "TJ"},
        ),
        expect(403, secretariat=200),
    ),
    "default factor update": (
        Call("patch", lambda: factor_url(NATURAL_GAS_HOMES), {"kg_per_unit": {"CO2": 56_000}}),
        expect(403, secretariat=200),
    ),
    "country factor update": (
        Call("patch", lambda: factor_url("de:grid"), {"kg_per_unit": {"CO2": 380}}),
        expect(403, staff=200, secretariat=200),
    ),
    "Freiburg's factor update": (
        Call("patch", lambda: factor_url("de-freiburg:green"), {"kg_per_unit": {"CO2": 90}}),
        expect(403, editor=200, staff=200, secretariat=200),
    ),
    # Moving a factor to another level of the library is adding it there.
    "Freiburg's factor made a default": (
        Call("patch", lambda: factor_url("de-freiburg:green"), {"local_government": None}),
        expect(403, secretariat=200),
    ),
    "unpublished local government's factor update": (
        Call("patch", lambda: factor_url("de-hidden:own"), {"kg_per_unit": {"CO2": 90}}),
        expect(404, staff=200, secretariat=200),
    ),
    "default factor delete": (
        Call("delete", lambda: factor_url(NATURAL_GAS_HOMES)),
        expect(403, secretariat=204),
    ),
    "country factor delete": (
        Call("delete", lambda: factor_url("de:grid")),
        expect(403, staff=204, secretariat=204),
    ),
    "Freiburg's factor delete": (
        Call("delete", lambda: factor_url("de-freiburg:green")),
        expect(403, editor=204, staff=204, secretariat=204),
    ),
}


@pytest.mark.parametrize(
    ("case", "who"),
    [pytest.param(case, who, id=f"{case}-{who}") for case in MATRIX for who in PEOPLE],
)
def test_permission_matrix(books, client_as, case, who):
    call, expected = MATRIX[case]
    url = call.url()
    before = inventories_state()

    response = send(client_as(who), call.method, url, call.payload)

    assert response.status_code == expected[who], response.content
    wrote = call.method != "get" and response.status_code < 300
    # A refused request changes nothing; an accepted write changes something.
    assert (inventories_state() != before) is wrote


@pytest.mark.parametrize(
    ("who", "listed"),
    [
        ("editor", [2022, 2021, 2020, 2019]),
        ("colleague", [2022, 2021, 2020, 2019]),
        ("outsider", [2021, "ke-nairobi 2022"]),
        ("staff", [2022, 2021, 2020, 2019, "de-hidden 2022"]),
        ("other_staff", [2021, "ke-nairobi 2022"]),
        ("secretariat", [2022, 2021, 2020, 2019, "de-hidden 2022", "ke-nairobi 2022"]),
        ("anonymous", [2021]),
    ],
)
def test_published_inventories_are_public_and_the_others_their_peoples(
    books, client_as, who, listed
):
    rows = client_as(who).get(INVENTORIES, {"limit": 100}).json()["results"]

    shown = [
        row["year"]
        if row["local_government"] == "de-freiburg"
        else f"{row['local_government']} {row['year']}"
        for row in rows
    ]
    assert sorted(map(str, shown)) == sorted(map(str, listed))


@pytest.mark.parametrize(
    ("query", "years"),
    [
        ({"local_government": "de-freiburg"}, [2022, 2021, 2020, 2019]),
        ({"local_government": "de-freiburg", "status": "draft"}, [2022]),
        ({"status": "submitted"}, [2020]),
        ({"year": 2019}, [2019]),
        ({"year": 2022, "local_government": "ke-nairobi"}, [2022]),
        ({"status": "verified", "year": 2022}, []),
    ],
)
def test_inventories_filter(books, client_as, query, years):
    rows = client_as("secretariat").get(INVENTORIES, query).json()["results"]

    assert sorted((row["year"] for row in rows), reverse=True) == years


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"status": "approved"}, "status"),
        ({"local_government": "nowhere"}, "local_government"),
        # Anonymous visitors may not learn that the unpublished town exists.
        ({"local_government": "de-hidden"}, "local_government"),
        ({"year": "last"}, "year"),
    ],
)
def test_an_invalid_inventory_filter_is_a_bad_request(books, client, query, field):
    response = client.get(INVENTORIES, query)

    assert response.status_code == 400
    assert list(response.json()) == [field]


# Inventories


def test_an_inventory_reads_with_its_stamps_and_links(books, client_as):
    published = inventory_of("de-freiburg", 2021)

    body = client_as("editor").get(FREIBURG_PUBLISHED()).json()

    assert body["local_government"] == "de-freiburg"
    assert (body["year"], body["status"], body["gwp_set"]) == (2021, "published", "AR5GWP100")
    assert body["submitted_by"] == body["verified_by"] == body["published_by"] == "staff"
    assert body["published_at"] is not None
    assert body["lines"] == f"http://testserver{INVENTORIES}{published.pk}/lines/"
    assert body["results"] == f"http://testserver{INVENTORIES}{published.pk}/results/"


def test_who_stamped_an_inventory_is_for_those_who_edit_the_local_government(books, client):
    body = client.get(FREIBURG_PUBLISHED()).json()

    assert body["published_at"] is not None
    assert body["submitted_by"] is body["verified_by"] is body["published_by"] is None


def test_an_editor_creates_a_draft(books, client_as):
    response = client_as("editor").post(
        INVENTORIES,
        {
            "local_government": "de-freiburg",
            "year": 2023,
            "gwp_set": "AR6GWP100",
            "boundary_note": "City limits",
            "period_start": "2023-01-01",
            "period_end": "2023-12-31",
            # Status and stamps are not the editor's to choose.
            "status": "published",
            "published_at": "2024-01-01T00:00:00Z",
        },
        content_type="application/json",
    )

    assert response.status_code == 201, response.content
    created = inventory_of("de-freiburg", 2023)
    assert (created.status, created.published_at, created.gwp_set) == ("draft", None, "AR6GWP100")
    assert str(created.period_end) == "2023-12-31"
    assert response.json()["id"] == created.pk


@pytest.mark.parametrize(
    ("payload", "field", "words"),
    [
        ({"year": 2022}, "year", "already has an inventory for 2022"),
        ({"year": 2023, "gwp_set": "AR3GWP100"}, "gwp_set", "not a valid choice"),
        ({"year": 2023, "local_government": "nowhere"}, "local_government", "does not exist"),
        ({"year": -1}, "year", ""),
    ],
)
def test_an_invalid_inventory_is_refused_with_the_field_named(
    books, client_as, payload, field, words
):
    before = inventories_state()

    response = client_as("staff").post(
        INVENTORIES, {"local_government": "de-freiburg", **payload}, content_type="application/json"
    )

    assert response.status_code == 400
    assert list(response.json()) == [field]
    assert words in response.json()[field][0]
    assert inventories_state() == before


def test_an_inventory_stays_with_its_local_government(books, client_as):
    response = client_as("secretariat").patch(
        FREIBURG_DRAFT(), {"local_government": "ke-nairobi"}, content_type="application/json"
    )

    assert response.status_code == 400
    assert list(response.json()) == ["local_government"]
    assert inventory_of("de-freiburg", 2022).lines.count() == 2


def test_a_submitted_inventory_says_why_it_cannot_change(books, client_as):
    submitted = inventory_url("de-freiburg", 2020)

    for who in ("editor", "staff"):
        response = client_as(who).patch(
            submitted, {"boundary_note": "x"}, content_type="application/json"
        )
        assert response.status_code == 403
        assert response.json()["detail"] == (
            "Only a draft inventory can be changed; this one is submitted."
        )


# Moving through the statuses


def move(client, url: str, step: str):
    return client.post(url + "move/", {"step": step}, content_type="application/json")


def test_each_step_stamps_who_and_when(books, client_as):
    url = FREIBURG_DRAFT()
    inventory = inventory_of("de-freiburg", 2022)

    assert move(client_as("editor"), url, "submit").json()["status"] == "submitted"
    assert move(client_as("staff"), url, "verify").json()["status"] == "verified"
    body = move(client_as("staff"), url, "publish").json()

    inventory.refresh_from_db()
    assert body["status"] == inventory.status == "published"
    assert (inventory.submitted_by, inventory.verified_by, inventory.published_by) == (
        books.editor,
        books.staff,
        books.staff,
    )
    assert inventory.submitted_at <= inventory.verified_at <= inventory.published_at
    assert body["published_at"] is not None
    # Published: now for everyone.
    assert send(client_as("anonymous"), "get", url).status_code == 200


def test_a_returned_inventory_is_a_draft_its_editor_changes_again(books, client_as):
    url = inventory_url("de-freiburg", 2020)

    assert move(client_as("staff"), url, "return").json()["status"] == "draft"
    response = client_as("editor").patch(
        url, {"boundary_note": "Corrected"}, content_type="application/json"
    )

    assert response.status_code == 200
    assert inventory_of("de-freiburg", 2020).boundary_note == "Corrected"


@pytest.mark.parametrize(
    ("year", "step", "message"),
    [
        (2022, "verify", "Only a submitted inventory can be verified."),
        (2020, "publish", "Only a verified inventory can be published."),
        (2019, "return", "Only a submitted inventory can be returned to draft."),
        (2021, "submit", "Only a draft inventory can be submitted."),
    ],
)
def test_a_step_that_does_not_apply_is_refused(books, client_as, year, step, message):
    before = inventories_state()

    response = move(client_as("secretariat"), inventory_url("de-freiburg", year), step)

    assert response.status_code == 400
    assert response.json() == {"step": [message]}
    assert inventories_state() == before


def test_a_member_never_verifies_its_own_figures(books, client_as):
    response = move(client_as("editor"), inventory_url("de-freiburg", 2020), "verify")

    assert response.status_code == 403
    assert inventory_of("de-freiburg", 2020).status == "submitted"


# Lines


def test_a_line_reads_with_its_masses_and_factor_snapshot(books, client_as):
    body = client_as("editor").get(line_url("de-freiburg", 2022)).json()

    assert body["gases_kg"] == pytest.approx({"CO2": 56_100_000, "CH4": 5_000, "N2O": 100})
    assert body["biogenic_co2_kg"] == 0
    assert body["factor"] == NATURAL_GAS_HOMES
    assert (body["ncv"], body["ef_kg"], body["measured_kg"]) == (None, {}, {})
    assert body["factor_snapshot"] == {
        "code": NATURAL_GAS_HOMES,
        "kg_per_unit": {"CO2": 56_100.0, "CH4": 5.0, "N2O": 0.1},
        "unit": "kg/TJ",
        "biogenic_co2_kg_per_unit": None,
        "ncv": 48.0,
        "ncv_unit": "TJ/Gg",
        "density": None,
        "density_unit": "",
    }
    measured = client_as("editor").get(line_url("de-freiburg", 2022, position=1)).json()
    assert (measured["measured_kg"], measured["factor_snapshot"]) == ({"CH4": 2000.0}, None)


def test_a_new_line_goes_last_and_into_the_totals(books, client_as):
    inventory = inventory_of("de-freiburg", 2022)

    response = client_as("editor").post(
        lines_url("de-freiburg", 2022),
        {"gpc_ref": "II.1.1", "amount": 100, "unit": "t", "factor": "gas_diesel_oil"},
        content_type="application/json",
    )

    assert response.status_code == 201, response.content
    # 100 t × 43.0 TJ/Gg × 74,100 kg CO2/TJ (IPCC 2006 Vol.2 Tables 1.2 and 3.2.1).
    assert response.json()["gases_kg"]["CO2"] == pytest.approx(318_630)
    assert response.json()["position"] == 2
    total = InventoryTotal.objects.get(inventory=inventory, gpc_ref="II.1.1", gas="CO2")
    assert total.kg == pytest.approx(318_630)


def test_a_line_update_rebuilds_it_in_place(books, client_as):
    inventory = inventory_of("de-freiburg", 2022)
    first = inventory.lines.get(position=0)

    response = client_as("editor").patch(
        line_url("de-freiburg", 2022), {"amount": 500}, content_type="application/json"
    )

    assert response.status_code == 200, response.content
    line = InventoryLine.objects.get(pk=first.pk)
    assert (line.position, line.factor_id, line.amount) == (0, first.factor_id, 500)
    assert line.gases_kg["CO2"] == pytest.approx(500 * 56_100)
    total = InventoryTotal.objects.get(inventory=inventory, gpc_ref="I.1.1", gas="CO2")
    assert total.kg == pytest.approx(500 * 56_100)
    assert response.json()["gases_kg"]["CO2"] == pytest.approx(500 * 56_100)


def test_a_fuel_changed_by_patch_takes_the_new_fuels_calorific_value(books, client_as):
    client = client_as("editor")
    created = client.post(
        lines_url("de-freiburg", 2022),
        {"gpc_ref": "II.1.1", "amount": 100, "unit": "t", "factor": "gas_diesel_oil"},
        content_type="application/json",
    ).json()

    response = client.patch(
        created["url"], {"factor": "motor_gasoline"}, content_type="application/json"
    )

    assert response.status_code == 200, response.content
    # 100 t × 44.3 TJ/Gg × 69,300 kg CO2/TJ (IPCC 2006 Vol.2 Tables 1.2 and 3.2.1):
    # the library's calorific value was the diesel's, not the line's own.
    assert response.json()["factor_snapshot"]["ncv"] == 44.3
    assert response.json()["gases_kg"]["CO2"] == pytest.approx(100 * 44.3 * 69_300 / 1000)


def test_a_line_turns_into_a_notation_key(books, client_as):
    response = client_as("editor").put(
        line_url("de-freiburg", 2022),
        {"gpc_ref": "I.1.1", "notation_key": "IE", "explanation": "In the utility's figures"},
        content_type="application/json",
    )

    assert response.status_code == 200, response.content
    line = inventory_of("de-freiburg", 2022).lines.get(position=0)
    assert (line.notation_key, line.amount, line.factor, line.gases_kg) == ("IE", None, None, {})
    assert not InventoryTotal.objects.filter(inventory=line.inventory, gpc_ref="I.1.1").exists()


def test_a_line_read_and_written_back_is_unchanged(books, client_as):
    client = client_as("editor")
    for position in (0, 1):
        url = line_url("de-freiburg", 2022, position)
        before = client.get(url).json()

        assert client.put(url, before, content_type="application/json").status_code == 200
        assert client.get(url).json() == before


def test_a_deleted_line_leaves_the_totals(books, client_as):
    inventory = inventory_of("de-freiburg", 2022)

    response = client_as("staff").delete(line_url("de-freiburg", 2022, position=1))

    assert response.status_code == 204
    assert not InventoryTotal.objects.filter(inventory=inventory, gas="CH4", gpc_ref="III.1.1")


@pytest.mark.parametrize(
    ("line", "field", "words"),
    [
        ({"gpc_ref": "IX.1.1"}, "gpc_ref", "IX"),
        # I.7 (fugitive emissions from coal) has scope 1 only.
        ({"gpc_ref": "I.7.2"}, "gpc_ref", "scope"),
        ({"unit": "kwhh"}, "unit", "'kwhh' is not a unit"),
        ({"unit": "km"}, "unit", "dimension"),
        ({"amount": -1}, "amount", "negative"),
        ({"factor": "unobtainium"}, "factor", "unobtainium"),
        ({"notation_key": "NO", "explanation": "None"}, "notation_key", "only one"),
        ({"amount": None}, "amount", "give an amount"),
        ({"factor": "", "ef_kg": {"CO2": 1}}, "ef_unit", "unit"),
        (
            {"factor": "", "ef_kg": {"CO3": 1}, "ef_unit": "kg/TJ"},
            "ef_kg",
            "'CO3' is not a known gas",
        ),
        ({"factor": "", "ef_kg": {"CO2": 1}, "ef_unit": "kg/TJ", "unit": "t"}, "ncv", ""),
        ({"factor": "", "ef_kg": {"CO2": -1}, "ef_unit": "kg/TJ"}, "ef_kg", "removal"),
        ({"amount": None, "factor": "", "measured_kg": {"XX": 1}}, "measured_kg", "'XX'"),
        (
            {"amount": None, "factor": "", "notation_key": "ZZ", "explanation": "x"},
            "notation_key",
            "ZZ",
        ),
        ({"amount": None, "factor": "", "notation_key": "NO"}, "explanation", "explanation"),
        ({"data_quality": "excellent"}, "data_quality", "not a valid choice"),
        ({"amount": "a lot"}, "amount", "valid number"),
    ],
)
def test_a_line_that_cannot_be_calculated_is_refused_under_its_field(
    books, client_as, line, field, words
):
    before = inventories_state()

    response = client_as("editor").post(
        lines_url("de-freiburg", 2022), {**GAS_LINE, **line}, content_type="application/json"
    )

    assert response.status_code == 400, response.content
    assert list(response.json()) == [field]
    assert words in response.json()[field][0]
    assert inventories_state() == before


def test_a_line_of_a_submitted_inventory_says_why_it_cannot_change(books, client_as):
    inventory = inventory_of("de-freiburg", 2020)

    response = client_as("staff").post(
        f"{INVENTORIES}{inventory.pk}/lines/", GAS_LINE, content_type="application/json"
    )

    assert response.status_code == 403
    assert "Only a draft inventory can be changed" in response.json()["detail"]


# Results


def results_of(client, code: str, year: int, gwp: str | None = None):
    response = client.get(inventory_url(code, year, "results"), {"gwp": gwp} if gwp else {})
    assert response.status_code == 200, response.content
    return response.json()


def test_results_follow_the_gpc_totals(books, client):
    body = results_of(client, "de-freiburg", 2021, "AR5GWP100")

    # AR5 (IPCC AR5 WG1 Table 8.A.1): CH4 28, N2O 265.
    homes = (56_100_000 + 5_000 * 28 + 100 * 265) / 1000
    landfill = 2_000 * 28 / 1000
    assert body["gwp"] == "AR5GWP100"
    assert body["method"].startswith("GPC")
    assert body["totals_tco2e"] == pytest.approx(
        {
            "basic": homes + landfill,
            "basic_plus": homes + landfill,
            "territorial": homes + landfill,
            "all_lines": homes + landfill,
        }
    )
    assert body["by_scope_tco2e"] == pytest.approx({"1": homes + landfill, "2": 0, "3": 0})
    assert body["by_sector_tco2e"] == pytest.approx(
        {"I": homes, "II": 0, "III": landfill, "IV": 0, "V": 0, "VI": 0}
    )
    assert sum(body["by_sector_tco2e"].values()) == pytest.approx(
        sum(body["by_scope_tco2e"].values())
    )
    assert body["gases_kg"] == pytest.approx({"CO2": 56_100_000, "CH4": 7_000, "N2O": 100})
    assert body["biogenic_co2_kg"] == 0
    assert body["completeness"]["level"] == "BASIC"
    assert body["completeness"]["complete"] is False
    assert (
        "I.1.2" in body["completeness"]["missing"]
        and "I.1.1" not in body["completeness"]["missing"]
    )


def test_results_default_to_the_inventorys_own_gwp_set(books, client):
    assert results_of(client, "de-freiburg", 2021)["gwp"] == "AR5GWP100"


def test_another_gwp_set_changes_only_the_gases_weights(books, client):
    inventory = inventory_of("de-freiburg", 2021)
    masses = inventories_state()

    ar5 = results_of(client, "de-freiburg", 2021, "AR5GWP100")
    ar4 = results_of(client, "de-freiburg", 2021, "AR4GWP100")

    # CH4: AR5 28, AR4 25 (IPCC AR4 WG1 Table 2.14); N2O: AR5 265, AR4 298.
    ch4_kg, n2o_kg = 7_000, 100
    difference = (ch4_kg * (28 - 25) + n2o_kg * (265 - 298)) / 1000
    assert ar5["totals_tco2e"]["basic"] - ar4["totals_tco2e"]["basic"] == pytest.approx(difference)
    assert ar5["by_sector_tco2e"]["III"] - ar4["by_sector_tco2e"]["III"] == pytest.approx(
        2_000 * (28 - 25) / 1000
    )
    assert ar5["gases_kg"] == ar4["gases_kg"]
    # Nothing stored changes: CO2e is never stored.
    assert inventories_state() == masses
    assert inventory.gwp_set == inventory_of("de-freiburg", 2021).gwp_set


def test_an_unknown_gwp_set_is_refused_naming_the_known_ones(books, client):
    response = client.get(inventory_url("de-freiburg", 2021, "results"), {"gwp": "AR3GWP100"})

    assert response.status_code == 400
    (message,) = response.json()["gwp"]
    assert "'AR3GWP100' is not a GWP set" in message
    assert all(name in message for name in ["SARGWP100", "AR4GWP100", "AR5GWP100", "AR6GWP100"])


def test_a_gas_the_set_has_no_value_for_is_a_bad_request(books, client_as):
    inventory_replace_lines(
        inventory=inventory_of("de-freiburg", 2022),
        lines=[LineData("IV.1", measured_kg={"NF3": 1})],
    )

    response = client_as("editor").get(
        inventory_url("de-freiburg", 2022, "results"), {"gwp": "SARGWP100"}
    )

    assert response.status_code == 400
    assert "NF3" in response.json()["gwp"][0]


def test_a_library_edit_reaches_a_draft_only_when_recalculated(books, client_as):
    url = line_url("de-freiburg", 2022)
    edited = client_as("secretariat").patch(
        factor_url(NATURAL_GAS_HOMES),
        {"kg_per_unit": {"CO2": 50_000, "CH4": 5, "N2O": 0.1}},
        content_type="application/json",
    )
    assert edited.status_code == 200, edited.content
    assert client_as("editor").get(url).json()["gases_kg"]["CO2"] == pytest.approx(56_100_000)

    response = client_as("editor").post(inventory_url("de-freiburg", 2022, "recalculate"))

    assert response.json() == {"changed_lines": 1}
    assert client_as("editor").get(url).json()["gases_kg"]["CO2"] == pytest.approx(50_000_000)
    # The published inventory keeps the values it was published with.
    published = client_as("editor").get(line_url("de-freiburg", 2021)).json()
    assert published["factor_snapshot"]["kg_per_unit"]["CO2"] == 56_100


# The emission-factor library


@pytest.mark.parametrize(
    ("query", "codes"),
    [
        ({"level": "country"}, ["de:grid"]),
        ({"level": "local_government"}, ["de-freiburg:green"]),
        ({"country": "de"}, ["de:grid"]),
        ({"local_government": "de-freiburg"}, ["de-freiburg:green"]),
        ({"activity": "electricity"}, ["de:grid", "de-freiburg:green"]),
        ({"activity": "natural_gas", "category": "residential"}, [NATURAL_GAS_HOMES]),
    ],
)
def test_factors_filter(books, client, query, codes):
    rows = client.get(FACTORS, query).json()["results"]

    assert sorted(row["code"] for row in rows) == sorted(codes)


def test_the_defaults_are_the_ipcc_library(books, client):
    body = client.get(FACTORS, {"level": "default", "limit": 1}).json()

    assert body["count"] == EmissionFactor.objects.defaults().count() > 10
    assert body["results"][0]["level"] == "default"
    assert body["results"][0]["source"].startswith("IPCC 2006")


def test_a_factor_reads_with_its_level(books, client):
    body = client.get(factor_url("de-freiburg:green")).json()

    assert (body["level"], body["local_government"], body["country"]) == (
        "local_government",
        "de-freiburg",
        None,
    )
    assert body["kg_per_unit"] == {"CO2": 400}


def test_a_new_factor_is_stored_with_its_gases_named_as_the_platform_names_them(books, client_as):
    response = client_as("staff").post(
        FACTORS,
        {
            **ELECTRICITY,
            "code": "de:grid:2023",
            "country": "DE",
            "kg_per_unit": {"co2": 380, "hfc-134a": 0.01},
        },
        content_type="application/json",
    )

    assert response.status_code == 201, response.content
    factor = EmissionFactor.objects.get(code="de:grid:2023")
    assert factor.kg_per_unit == {"CO2": 380, "HFC134a": 0.01}
    assert (factor.level, factor.created_by) == ("country", books.staff)


@pytest.mark.parametrize(
    ("change", "field", "words"),
    [
        ({"kg_per_unit": {"CO3": 1}}, "kg_per_unit", "'CO3' is not a known gas"),
        ({"kg_per_unit": {"CO2": 1, "co2": 2}}, "kg_per_unit", "CO2 is given twice"),
        ({"kg_per_unit": {}}, "kg_per_unit", "at least one gas"),
        ({"kg_per_unit": {"CO2": "much"}}, "kg_per_unit", "valid number"),
        ({"unit": "kwhh"}, "unit", "'kwhh' is not a unit"),
        ({"ncv": 43.0}, "ncv_unit", "unit"),
        ({"ncv": 43.0, "ncv_unit": "TJ/Ggg"}, "ncv_unit", "not a unit"),
        ({"country": "DE", "local_government": "de-freiburg"}, "local_government", "not both"),
        ({"code": NATURAL_GAS_HOMES}, "code", "already exists"),
        ({"valid_from": 2020, "valid_to": 2010}, "non_field_errors", ""),
        ({"source": ""}, "source", "blank"),
    ],
)
def test_an_invalid_factor_is_refused_with_the_field_named(books, client_as, change, field, words):
    before = inventories_state()

    response = client_as("secretariat").post(
        FACTORS, {**ELECTRICITY, "code": "world:x", **change}, content_type="application/json"
    )

    assert response.status_code == 400, response.content
    assert list(response.json()) == [field]
    assert words in str(response.json()[field])
    assert inventories_state() == before


def test_a_factor_code_cannot_change(books, client_as):
    response = client_as("secretariat").patch(
        factor_url("de:grid"), {"code": "de:grid:old"}, content_type="application/json"
    )

    assert response.status_code == 400
    assert "cannot be changed" in response.json()["code"][0]


# A page of a hundred rows costs as many queries as a page of one.


def queries_for(client, url: str, limit: int) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, {"limit": limit})
    assert response.status_code == 200
    return len(queries), len(response.json()["results"])


@pytest.mark.parametrize("url", [INVENTORIES, FACTORS, "lines"])
def test_lists_do_not_query_per_row(books, client_as, url):
    for year in range(2000, 2010):
        make_inventory(books.freiburg, year, lines=DRAFT_LINES[:1])
    inventory_replace_lines(inventory=inventory_of("de-freiburg", 2022), lines=DRAFT_LINES * 5)
    if url == "lines":
        url = lines_url("de-freiburg", 2022)
    client = client_as("staff")

    one_query_count, one = queries_for(client, url, limit=1)
    many_query_count, many = queries_for(client, url, limit=100)

    assert one == 1 and many >= 10
    assert many_query_count == one_query_count


def test_the_schema_documents_every_endpoint_without_warnings(db, tmp_path):
    GENERATOR_STATS.reset()

    call_command(
        "spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "schema.yml")
    )

    schema = (tmp_path / "schema.yml").read_text()
    for path in [
        "/api/inventories/{id}/move/",
        "/api/inventories/{id}/recalculate/",
        "/api/inventories/{id}/results/",
        "/api/inventories/{inventory_id}/lines/{id}/",
        "/api/emission-factors/{code}/",
    ]:
        assert f"  {path}:" in schema
