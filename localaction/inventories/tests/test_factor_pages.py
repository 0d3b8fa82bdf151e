"""The emission-factor library pages: who sees which factors, who adds where."""

import pytest
from django.urls import reverse

from localaction.conftest import PEOPLE
from localaction.inventories.models import EmissionFactor, Inventory
from localaction.inventories.services import LineData, inventory_replace_lines

pytestmark = pytest.mark.django_db

FACTORS = reverse("inventories:factors")
NEW = reverse("inventories:factor-new")


def grid_factor(**changes) -> dict:
    """A national grid electricity factor for 2022 as an office would enter it."""
    data = {
        "code": "de:grid:2022",
        "name": "German grid electricity 2022",
        "activity": "electricity",
        "category": "",
        "unit": "MWh",
        "co2": "434",
        "ch4": "",
        "n2o": "",
        "biogenic_co2_kg_per_unit": "",
        "ncv": "",
        "ncv_unit": "",
        "valid_from": "2022",
        "valid_to": "2022",
        "source": "Umweltbundesamt, Climate Change 20/2023",
        "belongs_to": "country:DE",
    }
    data.update(changes)
    return data


@pytest.fixture
def town_factor(cast):
    return EmissionFactor.objects.create(
        code="de-hidden:district-heat",
        name="Unpublished Town district heat",
        activity="district_heat",
        unit="MWh",
        kg_per_unit={"CO2": 250},
        local_government=cast.hidden,
        source="Town utility",
    )


# The list


@pytest.mark.parametrize("who", PEOPLE)
def test_everyone_reads_the_library(client_as, who):
    response = client_as(who).get(FACTORS, {"activity": "natural_gas", "category": "residential"})
    assert response.status_code == 200
    # The IPCC defaults, with kg per unit by gas and the calorific value.
    assert "48 TJ/Gg" in response.content.decode()
    assert "CO2 56,100 · CH4 5 · N2O 0.1 kg/TJ" in response.content.decode()
    can_add = who not in {"colleague", "anonymous"}
    assert (NEW in response.content.decode()) is can_add


@pytest.mark.parametrize(
    ("who", "sees"),
    [
        ("editor", False),
        ("colleague", False),
        ("outsider", False),
        ("staff", True),
        ("other_staff", False),
        ("secretariat", True),
        ("anonymous", False),
    ],
)
def test_an_unpublished_towns_own_factor_is_seen_by_those_who_see_the_town(
    client_as, town_factor, who, sees
):
    response = client_as(who).get(FACTORS, {"level": "local_government"})
    assert response.status_code == 200
    assert (town_factor.code in response.content.decode()) is sees


def test_filters_narrow_the_list(client_as, cast):
    EmissionFactor.objects.create(
        code="de:grid:2022",
        name="German grid",
        activity="electricity",
        unit="MWh",
        kg_per_unit={"CO2": 434},
        country_id="DE",
        valid_from=2022,
        valid_to=2022,
        source="UBA",
    )
    EmissionFactor.objects.create(
        code="fr:grid:2022",
        name="French grid",
        activity="electricity",
        unit="MWh",
        kg_per_unit={"CO2": 52},
        country_id="FR",
        source="ADEME",
    )
    client = client_as("anonymous")
    page = client.get(FACTORS, {"country": "de", "level": "country"}).content.decode()
    assert "de:grid:2022" in page and "fr:grid:2022" not in page
    assert "CO2 434 kg/MWh" in page and "Germany" in page
    page = client.get(FACTORS, {"activity": "electricity"}).content.decode()
    assert "fr:grid:2022" in page and "ipcc2006:stationary:residential:natural_gas" not in page
    page = client.get(FACTORS, {"category": "residential", "level": "default"}).content.decode()
    assert "ipcc2006:stationary:residential:natural_gas" in page and "de:grid" not in page
    assert client.get(FACTORS, {"page": 2}).status_code == 200


# Adding a factor

ADDED = 302
REFUSED = 200  # the form again, with the level refused on its field
FORBIDDEN = 403  # nowhere at all to add a factor
LOGIN = "login"

LEVELS = {
    "default": {
        "editor": REFUSED,
        "colleague": FORBIDDEN,
        "outsider": REFUSED,
        "staff": REFUSED,
        "other_staff": REFUSED,
        "secretariat": ADDED,
        "anonymous": LOGIN,
    },
    "country:DE": {
        "editor": REFUSED,
        "colleague": FORBIDDEN,
        "outsider": REFUSED,
        "staff": ADDED,
        "other_staff": REFUSED,
        "secretariat": ADDED,
        "anonymous": LOGIN,
    },
    "lg:de-freiburg": {
        "editor": ADDED,
        "colleague": FORBIDDEN,
        "outsider": REFUSED,
        "staff": ADDED,
        "other_staff": REFUSED,
        "secretariat": ADDED,
        "anonymous": LOGIN,
    },
    "lg:de-hidden": {
        "editor": REFUSED,
        "colleague": FORBIDDEN,
        "outsider": REFUSED,
        "staff": ADDED,
        "other_staff": REFUSED,
        "secretariat": ADDED,
        "anonymous": LOGIN,
    },
}


@pytest.mark.parametrize("level", LEVELS)
@pytest.mark.parametrize("who", PEOPLE)
def test_who_adds_a_factor_where(client_as, cast, level, who):
    expected = LEVELS[level][who]
    before = EmissionFactor.objects.count()
    response = client_as(who).post(NEW, grid_factor(belongs_to=level))
    if expected == LOGIN:
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))
    else:
        assert response.status_code == expected
    if expected == ADDED:
        factor = EmissionFactor.objects.get(code="de:grid:2022")
        assert factor.created_by == getattr(cast, who)
        assert factor.kg_per_unit == {"CO2": 434}
        assert (factor.country_id, getattr(factor.local_government, "code", None)) == {
            "default": (None, None),
            "country:DE": ("DE", None),
            "lg:de-freiburg": (None, "de-freiburg"),
            "lg:de-hidden": (None, "de-hidden"),
        }[level]
    else:
        assert EmissionFactor.objects.count() == before
    if expected == REFUSED:
        assert "belongs_to" in response.context["form"].errors


@pytest.mark.parametrize(
    ("who", "status"),
    [(who, 403 if who == "colleague" else 200) for who in PEOPLE if who != "anonymous"],
)
def test_the_form_offers_the_persons_places(client_as, who, status):
    response = client_as(who).get(NEW)
    assert response.status_code == status
    if status == 200:
        choices = str(response.context["form"]["belongs_to"])
        assert ('value="default"' in choices) is (who == "secretariat")
        assert ('value="country:DE"' in choices) is (who in {"staff", "secretariat"})
        assert ('value="country:KE"' in choices) is (who in {"other_staff", "secretariat"})
        assert ('value="lg:de-freiburg"' in choices) is (who in {"editor", "staff", "secretariat"})


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"unit": "kwhh"}, "unit"),
        ({"co2": ""}, "co2"),
        ({"co2": "-1"}, "co2"),
        ({"valid_from": "2023", "valid_to": "2022"}, "valid_to"),
        ({"code": "ipcc2006:stationary:residential:natural_gas"}, "code"),
        ({"source": ""}, "source"),
        ({"category": "gardening"}, "category"),
        ({"ncv": "43"}, "ncv_unit"),
        ({"belongs_to": "country:XX"}, "belongs_to"),
    ],
)
def test_field_errors_and_nothing_written(client_as, changes, field):
    before = EmissionFactor.objects.count()
    response = client_as("staff").post(NEW, grid_factor(**changes))
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert EmissionFactor.objects.count() == before
    assert 'role="alert"' in response.content.decode()


def test_the_added_country_factor_is_chosen_for_an_inventory_there(client_as, cast):
    client_as("secretariat").post(
        NEW,
        grid_factor(
            code="world:grid",
            name="World grid",
            co2="475",
            valid_from="",
            valid_to="",
            belongs_to="default",
        ),
    )
    client_as("other_staff").post(
        NEW, grid_factor(code="ke:grid:2022", co2="100", belongs_to="country:KE")
    )
    client_as("staff").post(
        NEW, grid_factor(code="de:grid:2021", co2="485", valid_from="2021", valid_to="2021")
    )
    response = client_as("staff").post(NEW, grid_factor())
    assert response.status_code == 302
    inventory = Inventory.objects.create(local_government=cast.freiburg, year=2022)
    inventory_replace_lines(
        inventory=inventory,
        lines=[LineData("I.1.2", amount=10, unit="GWh", factor="electricity")],
    )
    line = inventory.lines.get()
    assert line.factor.code == "de:grid:2022"
    assert line.gases_kg == pytest.approx({"CO2": 10_000 * 434})
    # The page lists it with its country and year.
    page = client_as("anonymous").get(FACTORS, {"activity": "electricity"}).content.decode()
    assert "de:grid:2022" in page and "CO2 434 kg/MWh" in page and "2022" in page
