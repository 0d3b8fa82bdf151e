"""The rules of prospects, targets and arrangements, as every door meets them."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from localaction.development import services
from localaction.development.models import (
    MembershipTarget,
    OfficeArrangement,
    OfficeContract,
    PriorityRegion,
    Prospect,
    ProspectChange,
    ProspectContact,
)
from localaction.network.models import Membership


def test_a_new_prospect_is_identified_with_its_first_change(prospect, cast):
    assert prospect.status == Prospect.Status.IDENTIFIED
    change = prospect.changes.get()
    assert (change.status, change.changed_by, change.changed_on) == (
        "identified",
        cast.staff,
        datetime.date(2024, 3, 1),
    )
    assert [c.email for c in prospect.contacts.all()] == ["anna@berlin.example"]


def test_an_active_member_is_no_prospect(make_prospect, cast):
    with pytest.raises(ValidationError) as refused:
        make_prospect(cast.freiburg)
    assert "already an active member" in refused.value.message_dict["local_government"][0]
    assert not Prospect.objects.exists()


def test_a_prospect_outside_the_offices_coverage_is_refused(make_prospect, cast, lagos):
    with pytest.raises(ValidationError) as refused:
        make_prospect(lagos, office=cast.europe_office)
    assert "does not cover" in refused.value.message_dict["office"][0]
    assert not Prospect.objects.exists()


def test_an_office_covering_the_country_alone_may_keep_the_prospect(make_prospect, cast, lagos):
    cast.europe_office.countries.add(lagos.country)
    assert make_prospect(lagos).office == cast.europe_office


def test_the_world_secretariat_covers_everywhere(make_prospect, cast, lagos):
    assert make_prospect(lagos, office=cast.world_office).office == cast.world_office


def test_one_open_prospect_per_local_government(make_prospect, prospect, berlin, cast):
    with pytest.raises(ValidationError) as refused:
        make_prospect(berlin)
    assert "already an open prospect" in refused.value.message_dict["local_government"][0]
    services.prospect_move(prospect=prospect, status="declined", by=cast.staff)
    assert make_prospect(berlin).status == "identified"


def test_duplicate_contact_emails_refuse_the_whole_prospect(make_prospect, berlin):
    contacts = [
        services.Contact("Anna", email="anna@berlin.example"),
        services.Contact("Anne", email="ANNA@berlin.example"),
    ]
    with pytest.raises(ValidationError) as refused:
        make_prospect(berlin, contacts=contacts)
    assert "already has a contact with this e-mail" in refused.value.message_dict["email"][0]
    assert not Prospect.objects.exists()
    assert not ProspectChange.objects.exists()
    assert not ProspectContact.objects.exists()


def test_the_database_refuses_duplicate_contact_emails_too(prospect):
    with pytest.raises(IntegrityError):
        ProspectContact.objects.create(prospect=prospect, name="B", email="anna@berlin.example")


def test_a_next_step_date_needs_the_step(make_prospect, berlin):
    with pytest.raises(ValidationError) as refused:
        make_prospect(berlin, next_step_on=datetime.date(2024, 5, 1))
    assert "next_step" in refused.value.message_dict


def test_moves_are_recorded_with_who_when_and_why(prospect, cast):
    services.prospect_move(
        prospect=prospect,
        status="contacted",
        by=cast.secretariat,
        note="Letter sent",
        on=datetime.date(2024, 3, 5),
    )
    services.prospect_move(prospect=prospect, status="interested", by=cast.staff)
    prospect.refresh_from_db()
    assert prospect.status == "interested"
    assert [(c.status, c.changed_by.username) for c in prospect.changes.all()] == [
        ("identified", "staff"),
        ("contacted", "secretariat"),
        ("interested", "staff"),
    ]
    assert prospect.changes.get(status="contacted").note == "Letter sent"


@pytest.mark.parametrize(
    ("start", "to"),
    [([], "applied"), ([], "identified"), (["declined"], "interested"), (["contacted"], "xyz")],
)
def test_status_jumps_are_refused(prospect, cast, start, to):
    for status in start:
        services.prospect_move(prospect=prospect, status=status, by=cast.staff)
    before = prospect.changes.count()
    with pytest.raises(ValidationError) as refused:
        services.prospect_move(prospect=prospect, status=to, by=cast.staff)
    assert "cannot go from" in refused.value.message_dict["status"][0]
    assert prospect.changes.count() == before


def test_joined_is_never_set_by_hand(prospect, cast):
    with pytest.raises(ValidationError) as refused:
        services.prospect_move(prospect=prospect, status="joined", by=cast.secretariat)
    assert "membership" in refused.value.message_dict["status"][0]


def test_a_move_dated_before_identification_is_refused(prospect, cast):
    with pytest.raises(ValidationError) as refused:
        services.prospect_move(
            prospect=prospect, status="contacted", by=cast.staff, on=datetime.date(2020, 1, 1)
        )
    assert "on" in refused.value.message_dict
    prospect.refresh_from_db()
    assert prospect.status == "identified"


def test_a_membership_becoming_active_marks_the_prospect_joined(prospect, berlin, cast):
    membership = Membership.objects.create(
        local_government=berlin, applied_on=datetime.date(2024, 5, 1)
    )
    prospect.refresh_from_db()
    assert prospect.status == "identified"  # an application is not yet a member
    membership.move_to("approved", by=cast.secretariat, on=datetime.date(2024, 6, 1))
    membership.move_to("active", on=datetime.date(2024, 7, 1))
    prospect.refresh_from_db()
    assert prospect.status == "joined"
    assert (prospect.next_step, prospect.next_step_on) == ("", None)
    joined = prospect.changes.get(status="joined")
    assert joined.changed_on == datetime.date(2024, 7, 1) and joined.changed_by is None


def test_a_membership_created_active_marks_the_prospect_joined(prospect, berlin):
    Membership.objects.create(
        local_government=berlin, status="active", started_on=datetime.date(2024, 5, 2)
    )
    prospect.refresh_from_db()
    assert prospect.status == "joined"


def test_declined_prospects_stay_declined_when_the_member_joins(prospect, berlin, cast):
    services.prospect_move(prospect=prospect, status="declined", by=cast.staff)
    Membership.objects.create(local_government=berlin, status="active")
    prospect.refresh_from_db()
    assert prospect.status == "declined"


def test_a_closed_prospect_has_no_next_step(prospect, cast):
    services.prospect_move(prospect=prospect, status="declined", by=cast.staff)
    prospect.refresh_from_db()
    assert prospect.next_step == ""
    with pytest.raises(ValidationError):
        services.prospect_plan(prospect=prospect, next_step="Try again", next_step_on=None)


def test_overdue_next_steps(prospect, make_prospect, kyiv):
    later = make_prospect(kyiv, next_step="Visit", next_step_on=datetime.date(2099, 1, 1))
    assert list(Prospect.objects.overdue()) == [prospect]
    assert prospect.is_overdue and not later.is_overdue


def test_the_four_priority_regions_of_the_plan_are_loaded(db):
    regions = {region.code: region for region in PriorityRegion.objects.all()}
    assert [region.name for region in PriorityRegion.objects.all()] == [
        "China",
        "West Africa",
        "Eastern Europe, Caucasus and Central Asia",
        "North Africa, Middle East and West Asia",
    ]
    assert list(regions["china"].countries.values_list("code", flat=True)) == ["CN"]
    assert regions["west-africa"].countries.count() == 16
    assert regions["eastern-europe-caucasus-central-asia"].countries.count() == 12
    assert not set(
        regions["eastern-europe-caucasus-central-asia"].countries.values_list("code", flat=True)
    ) & set(regions["north-africa-middle-east-west-asia"].countries.values_list("code", flat=True))


@pytest.mark.parametrize(("year", "members"), [(1800, 5), (2101, 5), (2010, -1)])
def test_targets_out_of_bounds_are_refused(db, year, members):
    china = PriorityRegion.objects.get(code="china")
    with pytest.raises(ValidationError) as refused:
        services.target_set(priority_region=china, year=year, members=members)
    assert set(refused.value.message_dict) == {"year" if members >= 0 else "members"}
    assert not MembershipTarget.objects.exists()


def test_a_target_is_set_then_changed(db):
    china = PriorityRegion.objects.get(code="china")
    services.target_set(priority_region=china, year=2010, members=5)
    services.target_set(priority_region=china, year=2010, members=8)
    assert list(china.targets.values_list("year", "members")) == [(2010, 8)]


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"staff": -2, "staff_counted_on": datetime.date(2024, 1, 1)}, "staff"),
        ({"staff": 4}, "staff_counted_on"),
        ({"funded_from": 2012, "funded_until": 2010}, "funded_until"),
        ({"multi_year_funding": True, "funded_from": 2010}, "funded_until"),
        ({"funded_from": 1700}, "funded_from"),
    ],
)
def test_bad_arrangements_are_refused(cast, fields, field):
    arrangement = OfficeArrangement(office=cast.europe_office, **fields)
    with pytest.raises(ValidationError) as refused:
        arrangement.full_clean()
    assert field in refused.value.message_dict


def test_a_contract_cannot_end_before_it_is_signed(cast):
    contract = OfficeContract(
        office=cast.europe_office,
        kind="regional",
        signed_on=datetime.date(2010, 1, 1),
        valid_until=datetime.date(2009, 1, 1),
    )
    with pytest.raises(ValidationError) as refused:
        contract.full_clean()
    assert "valid_until" in refused.value.message_dict
    contract.office = cast.world_office
    contract.valid_until = None
    with pytest.raises(ValidationError) as refused:
        contract.full_clean()
    assert "office" in refused.value.message_dict
