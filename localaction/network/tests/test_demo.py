"""The demo network: deterministic, spread over the world, nested, in every membership status."""

from __future__ import annotations

import datetime
import os
import subprocess
import sys
import textwrap
from io import StringIO

import pytest
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command
from django.db import transaction

from localaction.accounts.access import access_of
from localaction.accounts.models import Role
from localaction.network.demo import (
    DEMO_PASSWORD,
    DEMO_PEOPLE,
    build_demo_network,
    geonames_places,
    subdivision_of,
)
from localaction.network.models import (
    LocalGovernment,
    Membership,
    Office,
    Region,
    is_language_code,
    subdivision_problem,
)

pytestmark = pytest.mark.django_db

MEMBERS = 300
TODAY = datetime.date(2026, 6, 1)


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def network():
    return build_demo_network(members=MEMBERS, seed=7, today=TODAY)


def snapshot() -> dict[str, list[tuple]]:
    """Everything the demo network is made of, by code rather than by database id."""
    return {
        "local_governments": sorted(
            (
                lg.code,
                lg.name,
                lg.kind,
                lg.country_id,
                lg.subdivision,
                lg.population,
                lg.population_year,
                lg.area_km2,
                lg.latitude,
                lg.longitude,
                tuple(lg.languages),
                lg.is_published,
                lg.parent.code if lg.parent else None,
            )
            for lg in LocalGovernment.objects.select_related("parent")
        ),
        "memberships": sorted(
            (
                m.local_government.code,
                m.type,
                m.status,
                m.applied_on,
                m.approved_on,
                m.started_on,
                m.ended_on,
                m.approved_by.username if m.approved_by else None,
            )
            for m in Membership.objects.select_related("local_government", "approved_by")
        ),
        "offices": sorted(Office.objects.values_list("code", "name", "kind", "city", "country")),
        "roles": sorted(
            Role.objects.values_list(
                "user__username", "kind", "local_government__code", "office__code"
            ),
            key=str,
        ),
    }


def built_then_rolled_back(seed: int) -> dict[str, list[tuple]]:
    with transaction.atomic():
        build_demo_network(members=MEMBERS, seed=seed, today=TODAY)
        state = snapshot()
        transaction.set_rollback(True)
    assert not LocalGovernment.objects.exists(), "the build was not rolled back"
    return state


def test_the_same_seed_builds_the_same_network():
    first = built_then_rolled_back(seed=7)
    assert len(first["local_governments"]) == MEMBERS
    assert first == built_then_rolled_back(seed=7)


def test_another_seed_builds_another_network():
    first, second = built_then_rolled_back(seed=7), built_then_rolled_back(seed=8)
    assert first["local_governments"] != second["local_governments"]
    assert first["memberships"] != second["memberships"]


def test_drafts_do_not_depend_on_python_hash_randomisation():
    # Iterating a set of strings would make the draft differ between processes.
    script = textwrap.dedent(
        """
        import hashlib, random
        import django
        django.setup()
        import pycountry
        from localaction.network.demo import _Draft
        from localaction.network.regions import default_region_of_country
        regions = default_region_of_country()
        countries = {c.alpha_2: (c.name, regions[c.alpha_2]) for c in pycountry.countries}
        draft = _Draft(random.Random(3), countries)
        draft.build(200)
        rows = [(n.lg.code, n.lg.population, n.lg.area_km2, n.lg.parent and n.lg.parent.code)
                for n in draft.nodes]
        print(hashlib.sha256(repr(rows).encode()).hexdigest())
        """
    )
    digests = {
        subprocess.run(
            [sys.executable, "-c", script],
            env={**os.environ, "PYTHONHASHSEED": hash_seed},
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for hash_seed in ("1", "2")
    }
    assert len(digests) == 1


def test_builds_exactly_the_requested_number_of_local_governments(network):
    assert LocalGovernment.objects.count() == MEMBERS
    assert sum(network.local_governments.values()) == MEMBERS
    assert set(network.local_governments) == set(LocalGovernment.Kind.values)


def test_every_region_has_members(network):
    for region in Region.objects.all():
        in_region = Membership.objects.open().filter(local_government__country__region=region)
        assert in_region.exists(), region.code


def test_every_local_government_passes_the_models_validation(network):
    # Not full_clean(): LocalGovernment.clean() takes every parent for a cycle
    # (it looks for parent_id among the parent's own ancestor ids). Cycles,
    # subdivisions and languages are checked here and in the tests below.
    for lg in LocalGovernment.objects.all():
        lg.clean_fields()
        lg.validate_unique()
        lg.validate_constraints()
        assert all(is_language_code(code) for code in lg.languages), lg.code


def test_subdivisions_are_iso_3166_2_codes_of_their_country(network):
    with_subdivision = LocalGovernment.objects.exclude(subdivision="")
    assert with_subdivision.exists()
    for lg in with_subdivision:
        assert subdivision_problem(lg.subdivision, lg.country_id) is None, lg.code


# geonameid, city, ISO 3166-2 subdivision. GeoNames gives Tokyo and Bangkok the
# FIPS admin1 code 40, but JP-40 is Fukuoka and TH-40 is Khon Kaen in ISO 3166-2,
# so those stay blank rather than wrong.
SUBDIVISIONS = [
    (5368361, "Los Angeles", "US-CA"),
    (2657896, "Zürich", "CH-ZH"),
    (2650225, "Edinburgh", "GB-SCT"),
    (1850147, "Tokyo", ""),
    (1609350, "Bangkok", ""),
]


@pytest.mark.parametrize(("geonameid", "name", "subdivision"), SUBDIVISIONS)
def test_subdivision_of_a_geonames_city(geonameid, name, subdivision):
    place = next(place for place in geonames_places() if place.geonameid == geonameid)
    assert place.name == name
    assert subdivision_of(place) == subdivision


def test_sections_of_cities_are_not_local_governments():
    names = {(place.country, place.name) for place in geonames_places()}
    assert ("FR", "Paris") in names and ("CH", "Zürich") in names
    assert ("FR", "Paris 15 Vaugirard") not in names
    assert ("CH", "Zürich (Kreis 11) / Oerlikon") not in names


def test_municipality_figures_are_plausible(network):
    municipalities = LocalGovernment.objects.filter(kind=LocalGovernment.Kind.MUNICIPALITY)
    for lg in municipalities:
        assert lg.population >= 15_000 and lg.population_year == 2023, lg.code
        # 300 to 6,000 people per km², the area rounded to 0.1 km².
        assert lg.population / 6000 - 0.05 <= lg.area_km2 <= lg.population / 300 + 0.05, lg.code
        assert all(len(code) == 2 for code in lg.languages), lg.code
    assert sum(bool(lg.languages) for lg in municipalities) > 0.9 * len(municipalities)


def test_a_few_local_governments_are_unpublished(network):
    unpublished = LocalGovernment.objects.filter(is_published=False).count()
    assert 0 < unpublished < MEMBERS * 0.12


def test_nesting_has_chains_and_no_cycles(network):
    parent_of = dict(LocalGovernment.objects.values_list("pk", "parent"))
    depths = []
    for pk in parent_of:
        seen = [pk]
        while parent_of[seen[-1]] is not None:
            assert parent_of[seen[-1]] not in seen, "a cycle of parents"
            seen.append(parent_of[seen[-1]])
        depths.append(len(seen) - 1)
    assert max(depths) >= 2


def test_nested_local_governments_hold_more_people_than_their_parts(network):
    for parent in LocalGovernment.objects.filter(children__isnull=False).distinct():
        children = list(parent.children.all())
        assert parent.population >= sum(child.population for child in children), parent.code
        assert parent.area_km2 >= sum(child.area_km2 for child in children), parent.code
        assert {child.country_id for child in children} == {parent.country_id}
        if parent.kind == LocalGovernment.Kind.REGIONAL:
            assert {child.subdivision for child in children} == {parent.subdivision}


def test_each_nested_kind_contains_the_right_things(network):
    greater = LocalGovernment.objects.filter(kind=LocalGovernment.Kind.METROPOLITAN)
    assert greater.exists()
    for metro in greater:
        core_name = metro.name.removeprefix("Greater ")
        assert metro.children.filter(name=core_name).exists()
    for association in LocalGovernment.objects.filter(kind=LocalGovernment.Kind.ASSOCIATION):
        assert association.parent is None and not association.children.exists()
    regional = LocalGovernment.objects.filter(kind=LocalGovernment.Kind.REGIONAL)
    assert regional.exists() and not regional.filter(parent__isnull=False).exists()


def test_memberships_occur_in_every_status_with_coherent_dates(network):
    memberships = Membership.objects.select_related("local_government", "approved_by")
    assert {m.status for m in memberships} == set(Membership.Status.values)
    for m in memberships:
        dates = [d for d in (m.applied_on, m.approved_on, m.started_on, m.ended_on) if d]
        assert dates == sorted(dates) and dates[-1] <= TODAY, m
        assert (m.approved_by is not None) == (m.approved_on is not None), m
        if m.approved_by:
            assert m.approved_by.username == "staff"
        assert (m.ended_on is not None) == (not m.is_open), m
        if m.status in (Membership.Status.APPROVED, Membership.Status.ACTIVE):
            assert m.approved_on is not None
        if m.status == Membership.Status.ACTIVE:
            assert m.started_on is not None
        is_association = m.local_government.kind == LocalGovernment.Kind.ASSOCIATION
        assert is_association == (m.type == Membership.Type.ASSOCIATION), m
        m.full_clean()


def test_some_take_part_without_membership_and_some_have_a_past_one(network):
    non_members = LocalGovernment.objects.with_membership_status("none").count()
    assert MEMBERS * 0.05 < non_members < MEMBERS * 0.25
    with_history = LocalGovernment.objects.filter(memberships__status__in=["lapsed", "withdrawn"])
    assert with_history.filter(memberships__status__in=Membership.OPEN_STATUSES).exists()


def test_offices_cover_every_region_and_the_world_secretariat_is_reused(network):
    assert Office.objects.filter(kind=Office.Kind.WORLD).count() == 1
    regional = Office.objects.filter(kind=Office.Kind.REGIONAL)
    assert {office.code for office in regional} == set(
        Region.objects.values_list("code", flat=True)
    )
    for office in regional:
        assert list(office.regions.values_list("code", flat=True)) == [office.code]
        assert office.city and office.country.region.code == office.code
    for office in Office.objects.filter(kind=Office.Kind.COUNTRY):
        assert office.countries.count() == 1
        assert LocalGovernment.objects.filter(country__in=office.countries.all()).exists()


def test_one_demo_user_per_role(network):
    europe = Region.objects.get(code="europe")
    editor, viewer, staff, secretariat = (
        User.objects.get(username=name) for name in ("editor", "viewer", "staff", "secretariat")
    )
    city = LocalGovernment.objects.get(pk=next(iter(access_of(editor).editor_of)))
    assert city.is_published and city.region == europe
    assert (city.current_membership.status, city.current_membership.type) == ("active", "full")
    assert access_of(editor).editor_of == {city.pk} and not access_of(editor).viewer_of
    assert access_of(viewer).viewer_of == {city.pk} and not access_of(viewer).editor_of
    assert access_of(staff).staff_regions == {europe.pk}
    assert not access_of(staff).is_secretariat
    assert access_of(secretariat).is_secretariat
    for user in (editor, viewer, staff, secretariat):
        assert user.check_password(DEMO_PASSWORD)
        assert user.first_name and user.last_name
        assert user.email == f"{user.username}@example.org"
    assert [login.username for login in network.logins] == [
        "editor",
        "viewer",
        "staff",
        "secretariat",
        "finance",
    ]
    assert f"editor of {city.name} ({city.code})" in network.logins[0].description


def test_the_command_prints_the_logins():
    out = StringIO()
    call_command("demo", "--members", "60", "--seed", "2", stdout=out)
    assert "Built 60 local governments" in out.getvalue()
    assert "  secretariat / localaction — staff of World Secretariat" in out.getvalue()
    assert "Open http://127.0.0.1:8000 and sign in with one of these." in out.getvalue()


def test_if_empty_builds_once_then_does_nothing():
    call_command("demo", "--members", "60", "--seed", "2", "--if-empty", stdout=StringIO())
    before = snapshot()
    out = StringIO()
    call_command("demo", "--members", "90", "--seed", "3", "--if-empty", stdout=out)
    assert snapshot() == before
    assert "nothing built" in out.getvalue()
    assert "  editor / localaction — editor of " in out.getvalue()


def test_the_command_refuses_a_database_that_holds_data():
    call_command("demo", "--members", "60", "--seed", "2", stdout=StringIO())
    before = snapshot()
    with pytest.raises(CommandError, match="fresh database"):
        call_command("demo", "--members", "60", "--seed", "2", stdout=StringIO())
    assert snapshot() == before
    # The demo's people, the voting representatives of its elections' members,
    # and the people of the Agency's parts (each part's printed logins).
    others = (
        User.objects.exclude(username__startswith="rep-")
        .exclude(username__startswith="learner")
        .exclude(username__startswith="event-guest-")
        .exclude(username__startswith="consultant")
        .exclude(username__in=("trainer", "researcher", "client"))
    )
    assert sorted(others.values_list("username", flat=True)) == sorted(DEMO_PEOPLE)


def test_the_command_refuses_an_impossible_number_of_members():
    with pytest.raises(CommandError, match="--members must lie between"):
        call_command("demo", "--members", "5", stdout=StringIO())
    assert not LocalGovernment.objects.exists()
