"""Membership categories on the doors that create memberships: the application
form and the API offer the category, only one of the membership's type is
accepted (Membership.clean, the same rule at every door), left out it is the
type's default; the register's membership pages show it."""

from __future__ import annotations

import pytest
from django.urls import reverse

from localaction.network.models import LocalGovernment, Membership, MembershipCategory

pytestmark = pytest.mark.django_db

MEMBERSHIPS = "/api/memberships/"


def category(code: str) -> MembershipCategory:
    return MembershipCategory.objects.get(code=code)


@pytest.fixture
def association(db):
    return LocalGovernment.objects.create(
        code="ke-association",
        name="Kenyan Cities",
        country_id="KE",
        subdivision="KE-30",
        kind=LocalGovernment.Kind.ASSOCIATION,
    )


# The application form


def apply_on_page(client, code: str, **data):
    return client.post(reverse("network:membership-apply", args=[code]), data, follow=True)


def test_the_form_offers_the_member_categories_with_their_type(client_as, cast):
    page = client_as("outsider").get(cast.nairobi.get_absolute_url()).content.decode()
    assert 'name="category"' in page
    assert "National association of local governments (Association member)" in page
    assert "Associate member (Associate member)" in page
    # Campaign participants are not members: not offered.
    assert "Campaign participant" not in page


def test_an_application_with_a_category_of_its_type(client_as, cast):
    apply_on_page(
        client_as("outsider"), "ke-nairobi", type="associate", category=category("associate").pk
    )
    membership = cast.nairobi.memberships.get()
    assert (membership.type, membership.category.code) == ("associate", "associate")


def test_an_application_without_a_category_gets_the_types_default(client_as, cast):
    apply_on_page(client_as("outsider"), "ke-nairobi", type="full", category="")
    assert cast.nairobi.memberships.get().category == category("full")


def test_a_category_of_another_type_is_refused_on_the_form(client_as, cast):
    response = apply_on_page(
        client_as("outsider"), "ke-nairobi", type="full", category=category("associate").pk
    )
    assert "The category Associate member is not for Full member memberships." in (
        response.content.decode()
    )
    assert not cast.nairobi.memberships.exists()


def test_campaign_participants_are_not_a_membership_category_on_the_form(client_as, cast):
    response = apply_on_page(
        client_as("outsider"),
        "ke-nairobi",
        type="full",
        category=category("campaign-participant").pk,
    )
    assert "Select a valid choice" in response.content.decode()
    assert not cast.nairobi.memberships.exists()


def test_an_association_applies_as_subnational(client_as, cast, association):
    apply_on_page(
        client_as("secretariat"),
        "ke-association",
        type="association",
        category=category("subnational-association").pk,
    )
    assert association.memberships.get().category.code == "subnational-association"


# The API


def test_the_api_takes_a_category_of_the_type(client_as, cast):
    response = client_as("outsider").post(
        MEMBERSHIPS,
        {"local_government": "ke-nairobi", "type": "associate", "category": "associate"},
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    assert response.json()["category"] == "associate"
    assert cast.nairobi.memberships.get().category == category("associate")


def test_the_api_gives_the_types_default_when_left_out(client_as, cast, association):
    response = client_as("secretariat").post(
        MEMBERSHIPS,
        {"local_government": "ke-association", "type": "association"},
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    assert response.json()["category"] == "national-association"


@pytest.mark.parametrize(
    ("given", "message"),
    [
        ("associate", "The category Associate member is not for Full member memberships."),
        (
            "campaign-participant",
            "Campaign participants are not members: choose a membership category.",
        ),
        ("honorary", "Object with code=honorary does not exist."),
    ],
)
def test_the_api_refuses_a_category_not_of_the_type(client_as, cast, given, message):
    response = client_as("outsider").post(
        MEMBERSHIPS,
        {"local_government": "ke-nairobi", "type": "full", "category": given},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json() == {"category": [message]}
    assert not cast.nairobi.memberships.exists()


def test_the_api_reads_the_category(client_as, cast):
    response = client_as("anonymous").get(MEMBERSHIPS, {"local_government": "de-freiburg"})
    assert [row["category"] for row in response.json()["results"]] == ["full"]


# The register's pages


def test_the_profile_shows_the_membership_category(client, cast):
    Membership.objects.filter(local_government=cast.freiburg).update(category=category("full"))
    page = client.get(cast.freiburg.get_absolute_url()).content.decode()
    assert '<th scope="col">Category</th>' in page
    assert "<td>Full member</td>" in page


def test_the_memberships_to_decide_show_the_category(client_as, cast, association):
    Membership.objects.create(
        local_government=association,
        type=Membership.Type.ASSOCIATION,
        category=category("subnational-association"),
    )
    page = client_as("secretariat").get(reverse("network:memberships-to-decide"))
    assert "Subnational association of local governments" in page.content.decode()
