"""Membership categories in the register (issue 12: full, associate, national and
subnational associations, campaign participants who are not members)."""

import pytest
from django.core.exceptions import ValidationError

from localaction.network.models import LocalGovernment, Membership, MembershipCategory

pytestmark = pytest.mark.django_db

# code: (membership type, votes, pays dues, fee basis) — issue 12's list.
CATEGORIES = {
    "full": ("full", True, True, "population"),
    "associate": ("associate", False, True, "population"),
    "national-association": ("association", True, True, "flat"),
    "subnational-association": ("association", True, True, "flat"),
    "campaign-participant": ("", False, False, "none"),
}


def test_the_register_ships_the_issues_categories():
    shipped = {
        c.code: (c.membership_type, c.votes, c.pays_dues, c.fee_basis)
        for c in MembershipCategory.objects.all()
    }
    assert shipped == CATEGORIES


def test_a_membership_without_a_category_gets_its_types_default(cast):
    membership = cast.freiburg.memberships.get()
    assert membership.category.code == "full"
    association = LocalGovernment.objects.create(
        code="de-dst", name="Städtetag", country=cast.freiburg.country, kind="association"
    )
    joined = Membership.objects.create(local_government=association, type="association")
    assert joined.category.code == "national-association"


def test_a_category_must_fit_the_membership_type(cast):
    membership = cast.freiburg.memberships.get()
    membership.category = MembershipCategory.objects.get(code="national-association")
    with pytest.raises(ValidationError) as error:
        membership.full_clean()
    assert "category" in error.value.message_dict


def test_campaign_participants_are_not_members(cast):
    membership = cast.freiburg.memberships.get()
    membership.category = MembershipCategory.objects.get(code="campaign-participant")
    with pytest.raises(ValidationError) as error:
        membership.full_clean()
    assert "not members" in error.value.message_dict["category"][0]


def test_a_category_with_dues_needs_a_fee_basis():
    category = MembershipCategory(code="odd", name="Odd", pays_dues=True, fee_basis="none")
    with pytest.raises(ValidationError):
        category.full_clean()


def test_a_category_in_use_cannot_be_deleted(cast):
    from django.db.models import ProtectedError

    with pytest.raises(ProtectedError):
        MembershipCategory.objects.get(code="full").delete()


def test_a_type_changed_carries_a_default_category_along(cast):
    membership = cast.freiburg.memberships.get()
    membership.type = Membership.Type.ASSOCIATE
    membership.full_clean()
    membership.save()
    assert membership.category.code == "associate"
