"""Who may sit on a seat, and when: the rules of governance.services that every
door (admin, pages, API, the elections app) obeys."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from localaction.governance import services
from localaction.governance.models import Body, Mandate, Seat
from localaction.network.models import Membership

D = datetime.date


def fill(seat, lg, start, **kwargs):
    kwargs.setdefault("holder_name", "Martin Horn")
    kwargs.setdefault("obtained", Mandate.Obtained.ELECTED)
    return services.fill_seat(seat, local_government=lg, starts_on=start, **kwargs)


def test_a_full_member_may_sit(cast, president):
    assert services.seat_eligibility_problems(president, cast.freiburg, D(2027, 6, 1)) == []


def test_fill_seat_gives_one_term_of_the_body(cast, president):
    mandate = fill(president, cast.freiburg, D(2027, 6, 1))
    assert mandate.ends_on == D(2031, 6, 1)
    assert president.current_mandate(D(2031, 5, 31)) == mandate
    assert president.current_mandate(D(2031, 6, 1)) is None


def test_a_non_member_may_not_sit(cast, president):
    problems = services.seat_eligibility_problems(president, cast.nairobi, D(2027, 6, 1))
    assert problems == ["Nairobi is not an active member of the Association."]


def test_an_associate_member_may_not_sit_where_only_full_members_do(cast, president):
    Membership.objects.create(
        local_government=cast.nairobi,
        status=Membership.Status.ACTIVE,
        type=Membership.Type.ASSOCIATE,
    )
    problems = services.seat_eligibility_problems(president, cast.nairobi)
    assert problems == ["Only full members sit on Test Committee; Nairobi is an associate member."]


def test_a_regional_seat_is_for_a_member_of_its_region(cast, european_seat):
    Membership.objects.create(
        local_government=cast.nairobi, status=Membership.Status.ACTIVE, type=Membership.Type.FULL
    )
    assert services.seat_eligibility_problems(european_seat, cast.freiburg) == []
    assert services.seat_eligibility_problems(european_seat, cast.nairobi) == [
        "The seat Regional seat, Europe is held for a member in Europe; Nairobi is in Africa."
    ]


def test_a_seat_needs_a_member_unless_anyone_may_be_invited(cast, president):
    assert services.seat_eligibility_problems(president, None) == [
        "A seat on Test Committee is held on behalf of a member local government."
    ]
    ambassadors = Body.objects.create(
        code="AMB",
        name="Ambassadors",
        kind=Body.Kind.AMBASSADORS,
        eligibility=Body.Eligibility.INVITED,
    )
    seat = Seat.objects.create(body=ambassadors, title="Ambassador")
    assert services.seat_eligibility_problems(seat, None) == []
    mandate = fill(seat, None, D(2027, 1, 1), obtained=Mandate.Obtained.APPOINTED)
    assert mandate.ends_on is None


def test_two_mandates_cannot_run_on_one_seat_at_once(cast, president):
    fill(president, cast.freiburg, D(2027, 6, 1))
    with pytest.raises(ValidationError, match="two mandates cannot run on one seat at once"):
        fill(president, cast.freiburg, D(2030, 1, 1), holder_name="Someone Else")
    assert president.mandates.count() == 1


def test_a_successor_may_start_the_day_the_mandate_ends(cast, president):
    fill(president, cast.freiburg, D(2027, 6, 1))
    fill(president, cast.freiburg, D(2031, 6, 1), holder_name="Someone Else")
    assert president.mandates.count() == 2


def test_a_mandate_before_another_must_end_before_it_starts(cast, president):
    fill(president, cast.freiburg, D(2027, 6, 1))
    with pytest.raises(ValidationError, match="two mandates"):
        fill(president, cast.freiburg, D(2024, 1, 1), holder_name="Earlier")
    fill(president, cast.freiburg, D(2024, 1, 1), holder_name="Earlier", ends_on=D(2027, 6, 1))


def test_a_mandate_cannot_end_before_it_starts(cast, president):
    with pytest.raises(ValidationError) as error:
        fill(president, cast.freiburg, D(2027, 6, 1), ends_on=D(2027, 1, 1))
    assert error.value.message_dict == {"ends_on": ["A mandate ends after it starts."]}
    assert not Mandate.objects.exists()


def test_a_third_consecutive_term_breaks_the_limit(cast, president):
    fill(president, cast.freiburg, D(2019, 6, 1))
    fill(president, cast.freiburg, D(2023, 6, 1))
    problems = services.seat_eligibility_problems(
        president, cast.freiburg, D(2027, 6, 1), holder_name="Martin Horn"
    )
    assert problems == [
        "Freiburg im Breisgau has held the seat President for 2 consecutive terms; "
        "the limit of Test Committee is 2.",
        "Martin Horn has held the seat President for 2 consecutive terms; "
        "the limit of Test Committee is 2.",
    ]
    with pytest.raises(ValidationError, match="consecutive terms"):
        fill(president, cast.freiburg, D(2027, 6, 1))


def test_a_break_of_a_full_term_restarts_the_count(cast, president):
    fill(president, cast.freiburg, D(2011, 6, 1))
    fill(president, cast.freiburg, D(2015, 6, 1))
    # 2019–2023 held by another member: Freiburg's next term is a new start.
    assert services.seat_eligibility_problems(president, cast.freiburg, D(2023, 6, 1)) == []


def test_an_early_end_needs_a_reason(cast, president):
    mandate = fill(president, cast.freiburg, D(2027, 6, 1))
    with pytest.raises(ValidationError) as error:
        services.end_mandate(mandate, on=D(2028, 1, 1), reason="")
    assert error.value.message_dict == {"end_reason": ["Say why the mandate ends early."]}
    mandate.refresh_from_db()
    assert mandate.ended_on is None


def test_an_early_end_is_not_the_end_of_term(cast, president):
    mandate = fill(president, cast.freiburg, D(2027, 6, 1))
    with pytest.raises(ValidationError, match="not the end of the term"):
        services.end_mandate(mandate, on=D(2028, 1, 1), reason=Mandate.EndReason.END_OF_TERM)


def test_a_resignation_frees_the_seat(cast, president):
    mandate = fill(president, cast.freiburg, D(2027, 6, 1))
    services.end_mandate(mandate, on=D(2028, 1, 1), reason=Mandate.EndReason.RESIGNATION)
    assert president in services.vacancies(president.body, D(2028, 1, 1))
    successor = fill(president, cast.freiburg, D(2028, 1, 1), holder_name="Successor")
    assert successor.ends_on == D(2032, 1, 1)


def test_vacancies_are_the_seats_nobody_holds(cast, committee, president, european_seat):
    fill(president, cast.freiburg, D(2027, 6, 1))
    assert services.vacancies(committee, D(2027, 6, 1)) == [european_seat]
    assert services.vacancies(committee, D(2027, 5, 31)) == [president, european_seat]


def test_an_abolished_seat_is_no_vacancy(cast, committee, president, european_seat):
    european_seat.abolished_on = D(2026, 1, 1)
    european_seat.save()
    assert services.vacancies(committee, D(2027, 1, 1)) == [president]
    assert "abolished" in services.seat_eligibility_problems(european_seat, cast.freiburg)[0]


def test_the_member_leaving_ends_its_mandates(cast, president, european_seat):
    running = fill(president, cast.freiburg, D(2027, 6, 1))
    future = fill(european_seat, cast.freiburg, D(2029, 1, 1), holder_name="Next")
    services.member_left(cast.freiburg, on=D(2028, 3, 1))
    running.refresh_from_db()
    future.refresh_from_db()
    assert (running.ended_on, running.end_reason) == (D(2028, 3, 1), "member_left")
    assert (future.ended_on, future.end_reason) == (D(2029, 1, 1), "member_left")
    assert not president.mandates.current(D(2028, 3, 1)).exists()


@pytest.mark.parametrize(
    ("comparison", "percent", "entitled", "needed"),
    [
        ("more_than", "50", 10, 6),
        ("more_than", "50", 9, 5),
        ("at_least", "50", 10, 5),
        ("at_least", "50", 9, 5),
        ("at_least", "66.67", 3, 3),
        ("at_least", "0", 7, 1),
        ("more_than", "100", 4, 4),
        ("more_than", "50", 0, 1),
    ],
)
def test_quorum_needed(comparison, percent, entitled, needed):
    body = Body(quorum_comparison=comparison, quorum_percent=Decimal(percent))
    assert body.quorum_needed(entitled) == needed


def test_mandates_of_a_member_that_left_wait_for_the_secretariat(cast, client_as, committee):
    treasurer = Seat.objects.create(body=committee, title="Treasurer", order=3)
    mandate = fill(treasurer, cast.freiburg, D(2025, 1, 1), ends_on=D(2100, 1, 1))
    left = timezone.localdate()
    cast.freiburg.memberships.get().move_to(Membership.Status.WITHDRAWN, on=left)
    assert list(services.mandates_of_members_that_left()) == [mandate]

    page = client_as("secretariat").get("/governance/").content.decode()
    staff_page = client_as("staff").get("/governance/").content.decode()
    assert "Martin Horn, Treasurer on Test Committee" in page
    assert "Martin Horn" not in staff_page

    response = client_as("secretariat").post(
        "/admin/governance/mandate/", {"action": "member_left", "_selected_action": [mandate.pk]}
    )
    assert response.status_code == 302
    mandate.refresh_from_db()
    assert (mandate.ended_on, mandate.end_reason) == (left, "member_left")
    assert not services.mandates_of_members_that_left().exists()


def test_a_body_with_seats_cannot_become_a_body_of_every_full_member(committee):
    committee.composition = Body.Composition.ALL_FULL_MEMBERS
    with pytest.raises(ValidationError, match="a body with seats cannot take it"):
        committee.full_clean()


def test_a_regional_committee_needs_its_region(db):
    body = Body(
        code="REC-X",
        name="Regional committee",
        kind=Body.Kind.REGIONAL_EXECUTIVE_COMMITTEE,
        eligibility=Body.Eligibility.REGION_MEMBERS,
    )
    with pytest.raises(ValidationError) as error:
        body.full_clean()
    assert "region" in error.value.message_dict


def test_a_body_code_is_written_as_references_begin(db):
    body = Body(
        code="ex com",
        name="Committee",
        kind=Body.Kind.EXECUTIVE_COMMITTEE,
        eligibility=Body.Eligibility.FULL_MEMBERS,
    )
    with pytest.raises(ValidationError) as error:
        body.full_clean()
    assert list(error.value.message_dict) == ["code"]
