"""The cast every test can call on: named people, each holding one role.

`cast.freiburg` is a published member city in Europe with an editor (its
sustainability officer) and a colleague (a viewer); `cast.hidden` is an
unpublished local government in the same country. `cast.staff` works at the
European regional secretariat, `cast.other_staff` at the African one,
`cast.outsider` edits a city elsewhere, and `cast.secretariat` is staff of the
World Secretariat. Permission tests are then one line of setup:

    def test_x(client_as):
        response = client_as("colleague").get(url)
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.contrib.auth.models import User
from django.core.cache import cache
from django.test import Client
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

from localaction.accounts.models import Role
from localaction.network.models import Country, LocalGovernment, Membership, Office, Region

# Property tests check what holds, never how fast: no deadline and no health
# check on generation time, which a loaded CI machine (two suites side by
# side) fails at random.
hypothesis_settings.register_profile(
    "localaction", deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
hypothesis_settings.load_profile("localaction")

PEOPLE = ("editor", "colleague", "outsider", "staff", "other_staff", "secretariat", "anonymous")
PASSWORD = "a-long-test-password"


@dataclass
class Cast:
    freiburg: LocalGovernment
    hidden: LocalGovernment
    nairobi: LocalGovernment
    europe_office: Office
    africa_office: Office
    world_office: Office
    editor: User
    colleague: User
    outsider: User
    staff: User
    other_staff: User
    secretariat: User
    anonymous: None = None


def make_user(username: str, **role) -> User:
    user = User.objects.create_user(username, f"{username}@example.org", PASSWORD)
    if role:
        Role.objects.create(user=user, **role)
    return user


@pytest.fixture
def cast(db) -> Cast:
    europe = Region.objects.get(code="europe")
    africa = Region.objects.get(code="africa")
    germany = Country.objects.get(code="DE")
    kenya = Country.objects.get(code="KE")
    europe_office = Office.objects.create(
        code="europe", name="European Secretariat", kind=Office.Kind.REGIONAL, country=germany
    )
    europe_office.regions.add(europe)
    africa_office = Office.objects.create(
        code="africa", name="Africa Secretariat", kind=Office.Kind.REGIONAL, country=kenya
    )
    africa_office.regions.add(africa)
    world_office = Office.objects.world_secretariat()

    freiburg = LocalGovernment.objects.create(
        code="de-freiburg",
        name="Freiburg im Breisgau",
        country=germany,
        subdivision="DE-BW",
        population=231_195,
        population_year=2022,
        area_km2=153.07,
        latitude=47.9990,
        longitude=7.8421,
        languages=["de"],
    )
    Membership.objects.create(
        local_government=freiburg, status=Membership.Status.ACTIVE, type=Membership.Type.FULL
    )
    hidden = LocalGovernment.objects.create(
        code="de-hidden", name="Unpublished Town", country=germany, is_published=False
    )
    nairobi = LocalGovernment.objects.create(
        code="ke-nairobi", name="Nairobi", country=kenya, population=4_397_073
    )
    return Cast(
        freiburg=freiburg,
        hidden=hidden,
        nairobi=nairobi,
        europe_office=europe_office,
        africa_office=africa_office,
        world_office=world_office,
        editor=make_user("editor", kind=Role.Kind.EDITOR, local_government=freiburg),
        colleague=make_user("colleague", kind=Role.Kind.VIEWER, local_government=freiburg),
        outsider=make_user("outsider", kind=Role.Kind.EDITOR, local_government=nairobi),
        staff=make_user("staff", kind=Role.Kind.STAFF, office=europe_office),
        other_staff=make_user("other_staff", kind=Role.Kind.STAFF, office=africa_office),
        secretariat=make_user("secretariat", kind=Role.Kind.STAFF, office=world_office),
    )


@pytest.fixture
def client_as(cast):
    """A test client signed in as one of the cast (`anonymous` stays signed out)."""

    def signed_in(who: str) -> Client:
        client = Client()
        user = getattr(cast, who)
        if user is not None:
            client.force_login(user)
        return client

    return signed_in


@pytest.fixture(autouse=True)
def _empty_cache():
    """Every test starts with an empty shared cache (files or Redis), as if new."""
    cache.clear()
    yield
