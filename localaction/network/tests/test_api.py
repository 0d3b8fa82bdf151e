"""The register's REST API: who may do what (every endpoint and method, for every
person of the cast), the filters, validation with the model's own messages, the
membership workflow, query counts, and the OpenAPI schema and its docs page."""

from __future__ import annotations

import datetime
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlparse

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from drf_spectacular.drainage import GENERATOR_STATS
from drf_spectacular.validation import validate_schema

from localaction.accounts.models import Role
from localaction.conftest import PEOPLE
from localaction.network.filters import LocalGovernmentFilter
from localaction.network.models import Country, LocalGovernment, Membership, Office, Region

Status = Membership.Status
LOCAL_GOVERNMENTS = "/api/local-governments/"
MEMBERSHIPS = "/api/memberships/"


def local_government_url(code: str) -> str:
    return f"{LOCAL_GOVERNMENTS}{code}/"


def membership_url(membership: Membership, action: str = "") -> str:
    return f"{MEMBERSHIPS}{membership.pk}/{action + '/' if action else ''}"


def a_month_ago() -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=30)


def membership_of(local_government, status: str = Status.APPLIED) -> Membership:
    return Membership.objects.create(
        local_government=local_government, status=status, applied_on=a_month_ago()
    )


def send(client, method: str, url: str, payload=None):
    if method == "get":
        return client.get(url)
    return getattr(client, method)(url, payload or {}, content_type="application/json")


def codes(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [row["code"] for row in response.json()["results"]]


# Everything the API could change; compared before and after each request.
TABLES = (
    Region,
    Country,
    Office,
    Office.regions.through,
    Office.countries.through,
    LocalGovernment,
    Membership,
    Role,
)


def register_state() -> dict[str, list[dict]]:
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
    url: Callable  # cast -> str; may first create what the request needs
    payload: dict | None = None


def empty_region_url(cast) -> str:
    return f"/api/regions/{Region.objects.create(code='atlantis', name='Atlantis').code}/"


FREIBURG = local_government_url("de-freiburg")
HIDDEN = local_government_url("de-hidden")
NAIROBI = local_government_url("ke-nairobi")
OFFICE_EUROPE = {
    "code": "europe",
    "name": "European Secretariat (Bonn)",
    "kind": "regional",
    "city": "Bonn",
    "country": "DE",
    "regions": ["europe"],
    "countries": [],
}
FREIBURG_FULL = {
    "code": "de-freiburg",
    "name": "Freiburg",
    "country": "DE",
    "subdivision": "DE-BW",
    "kind": "municipality",
    "population": 236_000,
    "languages": ["de", "fr"],
}

MATRIX: dict[str, tuple[Call, dict[str, int]]] = {
    # Regions: everyone reads, the secretariat writes.
    "regions list": (Call("get", lambda c: "/api/regions/"), expect(200)),
    "region read": (Call("get", lambda c: "/api/regions/europe/"), expect(200)),
    "region create": (
        Call("post", lambda c: "/api/regions/", {"code": "arctic", "name": "Arctic"}),
        expect(403, secretariat=201),
    ),
    "region replace": (
        Call("put", lambda c: "/api/regions/europe/", {"code": "europe", "name": "Europa"}),
        expect(403, secretariat=200),
    ),
    "region update": (
        Call("patch", lambda c: "/api/regions/europe/", {"name": "Europa"}),
        expect(403, secretariat=200),
    ),
    "region delete": (Call("delete", empty_region_url), expect(403, secretariat=204)),
    # Countries: read-only; only the secretariat hears that the method does not exist.
    "countries list": (Call("get", lambda c: "/api/countries/"), expect(200)),
    "country read": (Call("get", lambda c: "/api/countries/DE/"), expect(200)),
    "country create": (
        Call("post", lambda c: "/api/countries/", {"code": "XK", "name": "Kosovo"}),
        expect(403, secretariat=405),
    ),
    "country replace": (
        Call("put", lambda c: "/api/countries/DE/", {"code": "DE", "name": "Germany"}),
        expect(403, secretariat=405),
    ),
    "country update": (
        Call("patch", lambda c: "/api/countries/DE/", {"region": "africa"}),
        expect(403, secretariat=405),
    ),
    "country delete": (
        Call("delete", lambda c: "/api/countries/DE/"),
        expect(403, secretariat=405),
    ),
    # Offices: everyone reads, the secretariat writes.
    "offices list": (Call("get", lambda c: "/api/offices/"), expect(200)),
    "office read": (Call("get", lambda c: "/api/offices/europe/"), expect(200)),
    "office create": (
        Call(
            "post",
            lambda c: "/api/offices/",
            {"code": "kenya", "name": "Kenya Office", "kind": "country", "countries": ["KE"]},
        ),
        expect(403, secretariat=201),
    ),
    "office replace": (
        Call("put", lambda c: "/api/offices/europe/", OFFICE_EUROPE),
        expect(403, secretariat=200),
    ),
    "office update": (
        Call("patch", lambda c: "/api/offices/europe/", {"regions": ["europe", "africa"]}),
        expect(403, secretariat=200),
    ),
    "office delete": (
        Call("delete", lambda c: "/api/offices/africa/"),
        expect(403, secretariat=204),
    ),
    # Local governments.
    "local governments list": (Call("get", lambda c: LOCAL_GOVERNMENTS), expect(200)),
    "published local government read": (Call("get", lambda c: FREIBURG), expect(200)),
    "unpublished local government read": (
        Call("get", lambda c: HIDDEN),
        expect(404, staff=200, secretariat=200),
    ),
    "local government create in Germany": (
        Call(
            "post", lambda c: LOCAL_GOVERNMENTS, {"code": "de-ulm", "name": "Ulm", "country": "DE"}
        ),
        expect(403, staff=201, secretariat=201),
    ),
    "local government create in Kenya": (
        Call(
            "post",
            lambda c: LOCAL_GOVERNMENTS,
            {"code": "ke-mombasa", "name": "Mombasa", "country": "KE"},
        ),
        expect(403, other_staff=201, secretariat=201),
    ),
    "local government replace": (
        Call("put", lambda c: FREIBURG, FREIBURG_FULL),
        expect(403, editor=200, staff=200, secretariat=200),
    ),
    "local government update": (
        Call("patch", lambda c: FREIBURG, {"population": 236_000}),
        expect(403, editor=200, staff=200, secretariat=200),
    ),
    "local government update, another region": (
        Call("patch", lambda c: NAIROBI, {"population": 4_400_000}),
        expect(403, outsider=200, other_staff=200, secretariat=200),
    ),
    "unpublished local government update": (
        Call("patch", lambda c: HIDDEN, {"is_published": True}),
        expect(404, staff=200, secretariat=200),
    ),
    # Moving a local government to another country is adding it there.
    "local government moved to another country": (
        Call("patch", lambda c: FREIBURG, {"country": "KE", "subdivision": ""}),
        expect(403, secretariat=200),
    ),
    "local government delete": (Call("delete", lambda c: NAIROBI), expect(403, secretariat=204)),
    "unpublished local government delete": (
        Call("delete", lambda c: HIDDEN),
        expect(404, staff=403, secretariat=204),
    ),
    # Memberships: applying is for editors and covering offices; deciding for the offices.
    "memberships list": (Call("get", lambda c: MEMBERSHIPS), expect(200)),
    "membership read": (
        Call("get", lambda c: membership_url(c.freiburg.memberships.get())),
        expect(200),
    ),
    "membership of an unpublished local government read": (
        Call("get", lambda c: membership_url(membership_of(c.hidden))),
        expect(404, staff=200, secretariat=200),
    ),
    "membership application": (
        Call("post", lambda c: MEMBERSHIPS, {"local_government": "ke-nairobi", "type": "full"}),
        expect(403, outsider=201, other_staff=201, secretariat=201),
    ),
    # Those who may apply for some local government hear that this one is unknown.
    "membership application for an unpublished local government": (
        Call("post", lambda c: MEMBERSHIPS, {"local_government": "de-hidden"}),
        expect(403, editor=400, outsider=400, other_staff=400, staff=201, secretariat=201),
    ),
    # Refused before being told that Freiburg is a member already.
    "membership application while one is open": (
        Call("post", lambda c: MEMBERSHIPS, {"local_government": "de-freiburg"}),
        expect(403, editor=400, staff=400, secretariat=400),
    ),
    "membership replace": (
        Call(
            "put",
            lambda c: membership_url(c.freiburg.memberships.get()),
            {"local_government": "de-freiburg", "type": "full", "status": "lapsed"},
        ),
        expect(405),
    ),
    "membership status patched directly": (
        Call("patch", lambda c: membership_url(c.freiburg.memberships.get()), {"status": "lapsed"}),
        expect(405),
    ),
    "membership delete": (
        Call("delete", lambda c: membership_url(c.freiburg.memberships.get())),
        expect(405),
    ),
    "membership move": (
        Call(
            "post",
            lambda c: membership_url(c.freiburg.memberships.get(), "move"),
            {"status": "lapsed"},
        ),
        expect(403, staff=200, secretariat=200),
    ),
    "membership approval, another region": (
        Call(
            "post",
            lambda c: membership_url(membership_of(c.nairobi), "move"),
            {"status": "approved"},
        ),
        expect(403, other_staff=200, secretariat=200),
    ),
    "membership approval, unpublished local government": (
        Call(
            "post",
            lambda c: membership_url(membership_of(c.hidden), "move"),
            {"status": "approved"},
        ),
        expect(404, staff=200, secretariat=200),
    ),
}


@pytest.mark.parametrize(
    ("case", "who"),
    [pytest.param(case, who, id=f"{case}-{who}") for case in MATRIX for who in PEOPLE],
)
def test_permission_matrix(cast, client_as, case, who):
    call, expected = MATRIX[case]
    url = call.url(cast)
    before = register_state()

    response = send(client_as(who), call.method, url, call.payload)

    assert response.status_code == expected[who], response.content
    wrote = call.method != "get" and response.status_code < 300
    # A refused request changes nothing; an accepted write changes something.
    assert (register_state() != before) is wrote


@pytest.mark.parametrize(
    ("who", "listed"),
    [
        ("editor", ["de-freiburg", "ke-nairobi"]),
        ("colleague", ["de-freiburg", "ke-nairobi"]),
        ("outsider", ["de-freiburg", "ke-nairobi"]),
        ("staff", ["de-freiburg", "ke-nairobi", "de-hidden"]),
        ("other_staff", ["de-freiburg", "ke-nairobi"]),
        ("secretariat", ["de-freiburg", "ke-nairobi", "de-hidden"]),
        ("anonymous", ["de-freiburg", "ke-nairobi"]),
    ],
)
def test_lists_show_unpublished_records_only_to_those_who_may_know_them(
    cast, client_as, who, listed
):
    membership_of(cast.hidden)
    client = client_as(who)

    assert codes(client.get(LOCAL_GOVERNMENTS)) == listed
    memberships = client.get(MEMBERSHIPS).json()["results"]
    assert sorted(m["local_government"] for m in memberships) == sorted(
        code for code in listed if code != "ke-nairobi"
    )


def test_a_colleague_is_shown_an_unpublished_local_government_they_work_for(cast, client_as):
    Role.objects.create(user=cast.colleague, kind=Role.Kind.VIEWER, local_government=cast.hidden)

    assert client_as("colleague").get(HIDDEN).status_code == 200
    assert (
        client_as("colleague").patch(HIDDEN, {}, content_type="application/json").status_code == 403
    )


# What the endpoints answer


def test_a_local_government_reads_with_region_and_current_membership(cast, client):
    body = client.get(FREIBURG).json()

    assert body == {
        "code": "de-freiburg",
        "name": "Freiburg im Breisgau",
        "country": "DE",
        "region": "europe",
        "subdivision": "DE-BW",
        "kind": "municipality",
        "population": 231_195,
        "population_year": 2022,
        "population_growth_percent": None,
        "area_km2": 153.07,
        "latitude": 47.999,
        "longitude": 7.8421,
        "parent": None,
        "languages": ["de"],
        "website": "",
        "is_published": True,
        "current_membership": {"status": "active", "type": "full"},
        "url": "http://testserver/api/local-governments/de-freiburg/",
    }
    assert client.get(NAIROBI).json()["current_membership"] is None


def test_codes_with_dots_are_found(cast, client):
    LocalGovernment.objects.create(code="ch-st.gallen", name="St. Gallen", country_id="CH")

    assert client.get(local_government_url("ch-st.gallen")).json()["name"] == "St. Gallen"


def test_staff_create_a_local_government_and_get_it_back_as_stored(cast, client_as):
    response = client_as("staff").post(
        LOCAL_GOVERNMENTS,
        {
            "code": "de-muenchen",
            "name": "München",
            "country": "DE",
            "subdivision": "de-by",
            "languages": ["DE", " en "],
            "population": 1_512_491,
        },
        content_type="application/json",
    )

    assert response.status_code == 201, response.content
    stored = LocalGovernment.objects.get(code="de-muenchen")
    assert (stored.subdivision, stored.languages) == ("DE-BY", ["de", "en"])
    assert response.json()["subdivision"] == "DE-BY"
    assert response.json()["languages"] == ["de", "en"]
    assert response.json()["region"] == "europe"
    assert response.json()["current_membership"] is None


def test_an_update_answers_with_the_current_membership(cast, client_as):
    response = client_as("editor").patch(
        FREIBURG, {"website": "https://www.freiburg.de/"}, content_type="application/json"
    )

    assert response.status_code == 200, response.content
    assert response.json()["current_membership"] == {"status": "active", "type": "full"}
    cast.freiburg.refresh_from_db()
    assert cast.freiburg.website == "https://www.freiburg.de/"


def test_the_code_cannot_change(cast, client_as):
    response = client_as("secretariat").patch(
        FREIBURG, {"code": "de-freiburg-im-breisgau"}, content_type="application/json"
    )

    assert response.status_code == 400
    assert "cannot be changed" in response.json()["code"][0]
    assert LocalGovernment.objects.filter(code="de-freiburg").exists()


def test_offices_list_what_they_cover(cast, client):
    body = client.get("/api/offices/europe/").json()

    assert (body["kind"], body["country"], body["regions"], body["countries"]) == (
        "regional",
        "DE",
        ["europe"],
        [],
    )


def test_the_secretariat_changes_what_an_office_covers(cast, client_as):
    response = client_as("secretariat").patch(
        "/api/offices/africa/",
        {"regions": [], "countries": ["KE", "TZ"]},
        content_type="application/json",
    )

    assert response.status_code == 200, response.content
    assert set(cast.africa_office.countries.values_list("code", flat=True)) == {"KE", "TZ"}
    assert not cast.africa_office.regions.exists()


def test_there_is_one_world_secretariat(cast, client_as):
    response = client_as("secretariat").post(
        "/api/offices/",
        {"code": "world-2", "name": "Second World", "kind": "world"},
        content_type="application/json",
    )

    assert response.status_code == 400
    assert "kind" in response.json()
    assert Office.objects.filter(kind=Office.Kind.WORLD).count() == 1


def test_a_region_with_countries_is_not_deleted(cast, client_as):
    response = client_as("secretariat").delete("/api/regions/europe/")

    assert response.status_code == 409
    assert "Europe" in response.json()["detail"]
    assert Region.objects.filter(code="europe").exists()


def test_a_local_government_containing_others_is_not_deleted(cast, client_as):
    LocalGovernment.objects.create(
        code="de-wiehre", name="Wiehre", country_id="DE", parent=cast.freiburg
    )

    response = client_as("secretariat").delete(FREIBURG)

    assert response.status_code == 409
    assert LocalGovernment.objects.filter(code__in=["de-freiburg", "de-wiehre"]).count() == 2


def test_regions_list_their_countries(cast, client):
    body = client.get("/api/regions/africa/").json()

    assert "KE" in body["countries"] and "DE" not in body["countries"]
    assert len(body["countries"]) == Country.objects.filter(region__code="africa").count()


# Filters


@pytest.fixture
def places(cast):
    """Freiburg (active member), Nairobi (a metropolitan area that applied) and
    Wiehre (a district of Freiburg that never applied), all published."""
    cast.nairobi.kind = LocalGovernment.Kind.METROPOLITAN
    cast.nairobi.save()
    membership_of(cast.nairobi)
    LocalGovernment.objects.create(
        code="de-freiburg-wiehre",
        name="Wiehre",
        country_id="DE",
        parent=cast.freiburg,
        population=20_000,
    )
    return cast


@pytest.mark.parametrize(
    ("query", "listed"),
    [
        ({}, ["de-freiburg", "ke-nairobi", "de-freiburg-wiehre"]),
        ({"q": "freiburg"}, ["de-freiburg", "de-freiburg-wiehre"]),
        ({"q": "BREISGAU"}, ["de-freiburg"]),
        ({"q": "KE-NAI"}, ["ke-nairobi"]),
        ({"q": "lagos"}, []),
        ({"region": "africa"}, ["ke-nairobi"]),
        ({"region": "europe"}, ["de-freiburg", "de-freiburg-wiehre"]),
        ({"region": "oceania"}, []),
        ({"country": "de"}, ["de-freiburg", "de-freiburg-wiehre"]),
        ({"country": "KE"}, ["ke-nairobi"]),
        ({"kind": "metropolitan"}, ["ke-nairobi"]),
        ({"kind": "county"}, []),
        ({"membership_status": "active"}, ["de-freiburg"]),
        ({"membership_status": "applied"}, ["ke-nairobi"]),
        ({"membership_status": "none"}, ["de-freiburg-wiehre"]),
        ({"membership_status": "lapsed"}, []),
        ({"parent": "de-freiburg"}, ["de-freiburg-wiehre"]),
        ({"ordering": "-name"}, ["de-freiburg-wiehre", "ke-nairobi", "de-freiburg"]),
        ({"ordering": "population"}, ["de-freiburg-wiehre", "de-freiburg", "ke-nairobi"]),
        ({"ordering": "-population"}, ["ke-nairobi", "de-freiburg", "de-freiburg-wiehre"]),
        # Germany before Kenya; within a country by code.
        ({"ordering": "country"}, ["de-freiburg", "de-freiburg-wiehre", "ke-nairobi"]),
        ({"ordering": "-country"}, ["ke-nairobi", "de-freiburg", "de-freiburg-wiehre"]),
        ({"ordering": "-code"}, ["ke-nairobi", "de-freiburg-wiehre", "de-freiburg"]),
        ({"region": "europe", "membership_status": "none"}, ["de-freiburg-wiehre"]),
        ({"country": "de", "q": "wieh", "kind": "municipality"}, ["de-freiburg-wiehre"]),
        ({"region": "africa", "membership_status": "active"}, []),
        ({"region": "europe", "ordering": "-population"}, ["de-freiburg", "de-freiburg-wiehre"]),
    ],
)
def test_local_governments_filter(places, client, query, listed):
    assert codes(client.get(LOCAL_GOVERNMENTS, query)) == listed


@pytest.mark.parametrize("ordering", [",,", ","])
def test_an_ordering_of_empty_entries_is_the_default(places, client, ordering):
    # Schemathesis found "?ordering=,,", which used to order by "" (a server error).
    assert codes(client.get(LOCAL_GOVERNMENTS, {"ordering": ordering})) == codes(
        client.get(LOCAL_GOVERNMENTS)
    )


@pytest.mark.parametrize("ordering", ["population", "-population"])
def test_unknown_populations_come_last_either_way(places, client_as, ordering):
    listed = codes(client_as("staff").get(LOCAL_GOVERNMENTS, {"ordering": ordering}))

    assert listed[-1] == "de-hidden"  # no population known


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"region": "atlantis"}, "region"),
        ({"country": "XX"}, "country"),
        ({"kind": "village"}, "kind"),
        ({"membership_status": "pending"}, "membership_status"),
        ({"parent": "nowhere"}, "parent"),
        # Anonymous visitors may not know that the unpublished town exists.
        ({"parent": "de-hidden"}, "parent"),
        ({"ordering": "area_km2"}, "ordering"),
        ({"region": "europe", "kind": "village"}, "kind"),
    ],
)
def test_an_invalid_filter_is_a_bad_request(places, client, query, field):
    response = client.get(LOCAL_GOVERNMENTS, query)

    assert response.status_code == 400
    assert list(response.json()) == [field]


def test_those_who_see_an_unpublished_parent_may_filter_by_it(places, client_as):
    LocalGovernment.objects.create(
        code="de-hidden-quarter", name="Quarter", country_id="DE", parent=places.hidden
    )

    assert codes(client_as("staff").get(LOCAL_GOVERNMENTS, {"parent": "de-hidden"})) == [
        "de-hidden-quarter"
    ]


def test_the_filter_works_without_the_api(places):
    """The member directory uses the same FilterSet, with or without a request."""
    found = LocalGovernmentFilter(
        {"country": "de", "membership_status": "none"}, queryset=LocalGovernment.objects.all()
    )
    assert [lg.name for lg in found.qs] == ["Unpublished Town", "Wiehre"]

    bad = LocalGovernmentFilter({"kind": "village"}, queryset=LocalGovernment.objects.all())
    assert not bad.is_valid() and "kind" in bad.errors

    # Without a request only published local governments may be named.
    hidden_parent = LocalGovernmentFilter(
        {"parent": "de-hidden"}, queryset=LocalGovernment.objects.all()
    )
    assert not hidden_parent.is_valid() and "parent" in hidden_parent.errors

    # The parent is typed, not chosen from a list of every local government.
    assert 'type="text"' in str(found.form["parent"])


def test_countries_filter_by_region(cast, client):
    response = client.get("/api/countries/", {"region": "africa", "limit": 500})

    listed = [country["code"] for country in response.json()["results"]]
    assert "KE" in listed and "DE" not in listed
    assert (
        response.json()["count"]
        == len(listed)
        == Country.objects.filter(region__code="africa").count()
    )
    assert client.get("/api/countries/", {"region": "atlantis"}).status_code == 400


@pytest.mark.parametrize(
    ("who", "query", "listed"),
    [
        ("anonymous", {"local_government": "de-freiburg"}, ["de-freiburg"]),
        ("anonymous", {"status": "applied"}, ["ke-nairobi"]),
        ("anonymous", {"status": "applied", "local_government": "de-freiburg"}, []),
        ("staff", {"local_government": "de-hidden"}, ["de-hidden"]),
        ("staff", {"status": "withdrawn"}, ["de-hidden"]),
    ],
)
def test_memberships_filter(places, client_as, who, query, listed):
    membership_of(places.hidden, Status.WITHDRAWN)

    response = client_as(who).get(MEMBERSHIPS, query)

    assert response.status_code == 200
    assert [m["local_government"] for m in response.json()["results"]] == listed


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"status": "pending"}, "status"),
        ({"local_government": "nowhere"}, "local_government"),
        ({"local_government": "de-hidden"}, "local_government"),
    ],
)
def test_an_invalid_membership_filter_is_a_bad_request(places, client, query, field):
    response = client.get(MEMBERSHIPS, query)

    assert response.status_code == 400
    assert list(response.json()) == [field]


# Validation: the API refuses what the model refuses, naming the field.

VALID_NEW = {"code": "de-ulm", "name": "Ulm", "country": "DE"}


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"subdivision": "DE-XX"}, "subdivision", "'DE-XX' is not an ISO 3166-2 subdivision code."),
        ({"subdivision": "KE-01"}, "subdivision", "'KE-01' is not a subdivision of DE."),
        ({"languages": ["de", "zz"]}, "languages", "'zz' is not an ISO 639 language code."),
        ({"latitude": 90.5}, "latitude", "less than or equal to 90"),
        ({"longitude": -180.5}, "longitude", "greater than or equal to -180"),
        ({"population": -1}, "population", "greater than or equal to 0"),
        ({"population_year": 1700}, "population_year", "greater than or equal to 1800"),
        ({"area_km2": -3}, "area_km2", "greater than or equal to 0"),
        ({"code": "de ulm"}, "code", "Use letters, digits"),
        ({"code": "de-freiburg"}, "code", "already exists"),
        ({"country": "XX"}, "country", "does not exist"),
        ({"kind": "village"}, "kind", "not a valid choice"),
        ({"website": "freiburg dot de"}, "website", "valid URL"),
        ({"name": ""}, "name", "may not be blank"),
    ],
)
def test_invalid_local_government_is_refused_with_the_field_named(
    cast, client_as, change, field, message
):
    before = register_state()

    response = client_as("secretariat").post(
        LOCAL_GOVERNMENTS, {**VALID_NEW, **change}, content_type="application/json"
    )

    assert response.status_code == 400
    errors = response.json()
    assert list(errors) == [field]
    assert message in errors[field][0]
    assert register_state() == before


def test_a_parent_the_person_may_not_see_does_not_exist_for_them(cast, client_as):
    response = client_as("other_staff").post(
        LOCAL_GOVERNMENTS,
        {"code": "ke-kibera", "name": "Kibera", "country": "KE", "parent": "de-hidden"},
        content_type="application/json",
    )

    assert response.status_code == 400
    assert "does not exist" in response.json()["parent"][0]


@pytest.mark.parametrize("parent", ["de-freiburg", "de-freiburg-wiehre"])
def test_a_cycle_of_parents_is_refused(places, client_as, parent):
    response = client_as("secretariat").patch(
        FREIBURG, {"parent": parent}, content_type="application/json"
    )

    assert response.status_code == 400
    assert "cycle" in response.json()["parent"][0]
    places.freiburg.refresh_from_db()
    assert places.freiburg.parent is None


def test_a_local_government_gets_a_parent(cast, client_as):
    response = client_as("staff").post(
        LOCAL_GOVERNMENTS,
        {"code": "de-wiehre", "name": "Wiehre", "country": "DE", "parent": "de-freiburg"},
        content_type="application/json",
    )

    assert response.status_code == 201, response.content
    assert LocalGovernment.objects.get(code="de-wiehre").parent == cast.freiburg


# Memberships: applying


def test_an_editor_applies_for_membership(cast, client_as):
    response = client_as("outsider").post(
        MEMBERSHIPS,
        # Status and dates are not the applicant's to choose.
        {
            "local_government": "ke-nairobi",
            "type": "associate",
            "status": "active",
            "applied_on": "2000-01-01",
        },
        content_type="application/json",
    )

    assert response.status_code == 201, response.content
    membership = cast.nairobi.memberships.get()
    assert (membership.status, membership.type, membership.applied_on) == (
        Status.APPLIED,
        Membership.Type.ASSOCIATE,
        timezone.localdate(),
    )
    assert response.json()["status"] == "applied"


def test_a_second_open_membership_is_refused_once(cast, client_as):
    response = client_as("editor").post(
        MEMBERSHIPS, {"local_government": "de-freiburg"}, content_type="application/json"
    )

    assert response.status_code == 400
    assert response.json() == {
        "non_field_errors": ["This local government already has an open membership."]
    }


def test_association_membership_is_for_associations_only(cast, client_as):
    LocalGovernment.objects.create(
        code="ke-association",
        name="Kenyan Cities",
        country_id="KE",
        kind=LocalGovernment.Kind.ASSOCIATION,
    )
    client = client_as("secretariat")

    for local_government, type_ in [("ke-nairobi", "association"), ("ke-association", "full")]:
        response = client.post(
            MEMBERSHIPS,
            {"local_government": local_government, "type": type_},
            content_type="application/json",
        )
        assert response.status_code == 400
        assert list(response.json()) == ["type"]
    assert not Membership.objects.filter(local_government__country_id="KE").exists()


@pytest.mark.parametrize(
    ("who", "shown"),
    [
        ("editor", True),
        ("colleague", False),
        ("outsider", False),
        ("staff", True),
        ("other_staff", False),
        ("secretariat", True),
        ("anonymous", False),
    ],
)
def test_the_note_and_approver_are_shown_to_those_who_edit_the_local_government(
    cast, client_as, who, shown
):
    membership = cast.freiburg.memberships.get()
    Membership.objects.filter(pk=membership.pk).update(
        note="Dues paid by the utility.", approved_by=cast.staff
    )

    for body in [
        client_as(who).get(membership_url(membership)).json(),
        client_as(who).get(MEMBERSHIPS).json()["results"][0],
    ]:
        assert body.get("note") == ("Dues paid by the utility." if shown else None)
        assert body["approved_by"] == ("staff" if shown else None)


# Memberships: moving through the Association's rules

ALLOWED_MOVES = {
    (Status.APPLIED, Status.APPROVED),
    (Status.APPLIED, Status.WITHDRAWN),
    (Status.APPROVED, Status.ACTIVE),
    (Status.APPROVED, Status.WITHDRAWN),
    (Status.ACTIVE, Status.LAPSED),
    (Status.ACTIVE, Status.WITHDRAWN),
    (Status.LAPSED, Status.ACTIVE),
    (Status.LAPSED, Status.WITHDRAWN),
}


@pytest.mark.parametrize("new", Status.values)
@pytest.mark.parametrize("old", Status.values)
def test_memberships_move_only_as_the_rules_allow(cast, client_as, old, new):
    membership = membership_of(cast.nairobi, old)

    response = client_as("other_staff").post(
        membership_url(membership, "move"), {"status": new}, content_type="application/json"
    )

    membership.refresh_from_db()
    if (old, new) in ALLOWED_MOVES:
        assert response.status_code == 200, response.content
        assert membership.status == new == response.json()["status"]
    else:
        assert response.status_code == 400
        assert response.json() == {
            "status": [f"A membership cannot go from {Status(old).label} to {Status(new).label}."]
        }
        assert membership.status == old


def test_approval_stamps_the_approver_and_the_day(cast, client_as):
    membership = membership_of(cast.nairobi)

    response = client_as("other_staff").post(
        membership_url(membership, "move"), {"status": "approved"}, content_type="application/json"
    )

    assert response.status_code == 200
    membership.refresh_from_db()
    assert membership.approved_by == cast.other_staff
    assert membership.approved_on == timezone.localdate()
    assert response.json()["approved_on"] == timezone.localdate().isoformat()


def test_activation_and_lapse_stamp_their_days(cast, client_as):
    membership = membership_of(cast.nairobi, Status.APPROVED)
    client = client_as("secretariat")
    today = timezone.localdate()

    client.post(
        membership_url(membership, "move"), {"status": "active"}, content_type="application/json"
    )
    membership.refresh_from_db()
    assert (membership.status, membership.started_on, membership.ended_on) == (
        "active",
        today,
        None,
    )

    client.post(
        membership_url(membership, "move"), {"status": "lapsed"}, content_type="application/json"
    )
    membership.refresh_from_db()
    assert (membership.status, membership.ended_on) == ("lapsed", today)


def test_a_move_to_an_unknown_status_is_refused(cast, client_as):
    membership = cast.freiburg.memberships.get()

    response = client_as("staff").post(
        membership_url(membership, "move"), {"status": "expelled"}, content_type="application/json"
    )

    assert response.status_code == 400
    assert list(response.json()) == ["status"]


def test_a_lapsed_membership_is_not_reopened_beside_an_open_one(cast, client_as):
    lapsed = cast.freiburg.memberships.get()
    lapsed.move_to(Status.LAPSED)
    membership_of(cast.freiburg, Status.APPLIED)
    before = register_state()

    response = client_as("staff").post(
        membership_url(lapsed, "move"), {"status": "active"}, content_type="application/json"
    )

    assert response.status_code == 400
    assert response.json() == {"status": ["This local government already has an open membership."]}
    assert register_state() == before


# A page of a hundred rows costs as many queries as a page of one.


def queries_for(client, url: str, limit: int) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, {"limit": limit})
    assert response.status_code == 200
    return len(queries), len(response.json()["results"])


@pytest.mark.parametrize(
    "url", [LOCAL_GOVERNMENTS, MEMBERSHIPS, "/api/regions/", "/api/countries/", "/api/offices/"]
)
def test_lists_do_not_query_per_row(cast, client_as, url):
    for number in range(10):
        local_government = LocalGovernment.objects.create(
            code=f"de-town-{number}", name=f"Town {number}", country_id="DE", parent=cast.freiburg
        )
        membership_of(local_government)
        office = Office.objects.create(
            code=f"office-{number}",
            name=f"Office {number}",
            kind=Office.Kind.COUNTRY,
            country_id="DE",
        )
        office.countries.add("DE")
        office.regions.add(Region.objects.get(code="europe"))
    client = client_as("staff")

    one_query_count, one = queries_for(client, url, limit=1)
    many_query_count, many = queries_for(client, url, limit=100)

    assert one == 1 and many >= 9
    assert many_query_count == one_query_count


# The schema and its docs page


def test_the_schema_is_valid_openapi_3(cast, client):
    response = client.get("/api/schema/", {"format": "json"})

    assert response.status_code == 200
    schema = json.loads(response.content)
    validate_schema(schema)
    assert schema["openapi"].startswith("3.")
    assert {
        "/api/regions/{code}/",
        "/api/countries/{code}/",
        "/api/offices/{code}/",
        "/api/local-governments/{code}/",
        "/api/memberships/{id}/move/",
    } <= set(schema["paths"])
    assert set(schema["paths"]["/api/local-governments/"]) == {"get", "post"}
    assert set(schema["paths"]["/api/memberships/{id}/"]) == {"get"}
    filters = {p["name"] for p in schema["paths"]["/api/local-governments/"]["get"]["parameters"]}
    assert {"q", "region", "country", "kind", "membership_status", "parent", "ordering"} <= filters
    assert "tokenAuth" in schema["components"]["securitySchemes"]


def test_the_schema_generates_without_warnings(db, tmp_path):
    GENERATOR_STATS.reset()

    call_command(
        "spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "schema.yml")
    )

    assert "/api/local-governments/{code}/" in (tmp_path / "schema.yml").read_text()


def page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize("url", ["/api/docs/"])
def test_the_docs_pages_load_nothing_from_another_host(cast, client, url):
    html = page(client, url)
    static = "/" + settings.STATIC_URL.lstrip("/")

    absolute = re.findall(r"""https?://[^\s"'<>)]+""", html)
    assert all(urlparse(address).hostname == "testserver" for address in absolute), absolute
    assets = [urlparse(asset) for asset in re.findall(r"""(?:src|href)=["']([^"']+)["']""", html)]
    assert any(asset.path.endswith(".js") for asset in assets)
    for asset in assets:
        assert asset.netloc in ("", "testserver"), asset
        if asset.path == url:
            # Swagger UI's start-up script comes from the page's own view (no
            # inline script, for the content-security policy).
            assert asset.query == "script=", asset
            assert "SwaggerUIBundle" in page(client, f"{url}?script=")
            continue
        assert asset.path.startswith(static), asset
        assert finders.find(asset.path.removeprefix(static)), asset


def test_the_docs_page_does_not_call_the_online_validator(cast, client):
    # Swagger UI otherwise shows a badge image from validator.swagger.io,
    # sending it the schema's address.
    # (The settings are in the start-up script the page loads from its view.)
    swagger_settings = re.search(
        r"const swaggerSettings = (\{.*?\});", page(client, "/api/docs/?script="), re.S
    )
    assert json.loads(swagger_settings.group(1)).get("validatorUrl", "its default") is None


@pytest.mark.parametrize("who, status", [("editor", 400), ("staff", 200), ("secretariat", 200)])
def test_only_the_office_changes_the_parent_jurisdiction(cast, client_as, who, status):
    LocalGovernment.objects.create(code="de-bw", name="Baden-Württemberg", country_id="DE")
    response = client_as(who).patch(FREIBURG, {"parent": "de-bw"}, content_type="application/json")
    assert response.status_code == status, response.content
    cast.freiburg.refresh_from_db()
    assert (cast.freiburg.parent is not None) is (status == 200)
    if status == 400:
        assert "parent" in response.json()


def test_an_unseen_parent_is_as_unknown_as_a_missing_one(cast, client_as):
    LocalGovernment.objects.create(
        code="ke-hidden", name="Hidden", country_id="KE", is_published=False
    )
    answers = [
        client_as("staff")
        .patch(FREIBURG, {"parent": code}, content_type="application/json")
        .json()["parent"][0]
        .replace(code, "…")
        for code in ("ke-hidden", "nowhere")
    ]
    assert answers[0] == answers[1]
