"""Publishing needs and offers, the suggestions with their reasons, and an
exchange from its proposal to its end: who may, and what is refused."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from localaction.accounts.models import Notification
from localaction.exchange import services
from localaction.exchange.models import Exchange, Listing, Participant
from localaction.exchange.tests.conftest import propose, publish

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("who", "allowed"),
    [
        ("editor", True),
        ("colleague", False),  # a viewer reads, never publishes
        ("outsider", False),  # Nairobi's editor, not Freiburg's
        ("staff", True),  # the European secretariat covers Freiburg
        ("other_staff", False),
        ("secretariat", True),
    ],
)
def test_who_publishes_for_freiburg(cast, who, allowed):
    if allowed:
        assert publish(cast.freiburg, getattr(cast, who), kind="offer").member == cast.freiburg
    else:
        with pytest.raises(PermissionDenied):
            publish(cast.freiburg, getattr(cast, who), kind="offer")
        assert not Listing.objects.exists()


def test_a_listing_names_known_themes_and_languages(cast):
    with pytest.raises(ValidationError) as refused:
        publish(cast.freiburg, cast.editor, kind="offer", themes=["water", "=cmd|x"],
                languages=["en", "xx"])  # fmt: skip
    assert "Unknown theme: =cmd|x" in refused.value.message_dict["themes"][0]
    assert refused.value.message_dict["languages"] == ["'xx' is not an ISO 639 language code."]
    with pytest.raises(ValidationError) as refused:
        publish(cast.freiburg, cast.editor, kind="offer", themes=[])
    assert "themes" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        publish(cast.freiburg, cast.editor, kind="offer", title="x" * 201)
    assert "title" in refused.value.message_dict
    assert not Listing.objects.exists()


def test_the_suggestion_explains_itself(cast, need, offer):
    suggestions = services.suggestions_for(need)
    assert [s.listing for s in suggestions] == [offer]
    # Water (+3: the key the Water Campaign and the water accounts share),
    # English (+1), Kenya (lower-middle) with Germany (high) (+2).
    assert suggestions[0].reasons == [
        "same theme: Water Campaign (+3)",
        "both work in English (+1)",
        "links a developing and an industrialised country (+2)",
    ]
    assert suggestions[0].points == 3 + 1 + 2
    assert [s.listing for s in services.suggestions_for(offer)] == [need]


def test_closed_and_unpublished_listings_are_not_suggested(cast, need, offer):
    services.listing_update(offer, by=cast.editor, is_open=False)
    assert services.suggestions_for(need) == []
    services.listing_update(offer, by=cast.editor, is_open=True)
    hidden = publish(cast.hidden, cast.staff, kind="offer")
    assert hidden not in [s.listing for s in services.suggestions_for(need)]


def test_the_development_status_follows_the_income_group_in_force(cast):
    development = services.development_by_country(["DE", "KE", "BR"])
    assert development == {"DE": "industrialised", "KE": "developing", "BR": None}


def test_a_new_offer_tells_the_need_owners(cast, need):
    publish(cast.freiburg, cast.editor, kind="offer", title="Our water accounts")
    told = Notification.objects.filter(kind="exchange_offer_matches")
    assert [n.recipient for n in told] == [cast.outsider]
    assert told[0].params["need"] == need.title


def test_an_offer_on_another_theme_tells_nobody(cast, need):
    publish(cast.freiburg, cast.editor, kind="offer", themes=["procurement"])
    assert not Notification.objects.filter(kind="exchange_offer_matches").exists()


def test_proposing_tells_the_other_members_editors(cast, proposed):
    assert proposed.status == Exchange.Status.PROPOSED
    freiburg, nairobi = proposed.participants.order_by("pk")
    assert freiburg.accepted_at is not None and nairobi.accepted_at is None
    told = Notification.objects.filter(kind="exchange_proposed")
    assert [n.recipient for n in told] == [cast.outsider]


def test_the_other_members_editors_accept(cast, proposed):
    for who in ("editor", "colleague", "staff", "secretariat"):
        with pytest.raises(PermissionDenied):
            services.exchange_accept(proposed, by=getattr(cast, who))
    services.exchange_accept(proposed, by=cast.outsider)
    proposed.refresh_from_db()
    assert proposed.status == Exchange.Status.AGREED
    with pytest.raises(ValidationError):
        services.exchange_accept(proposed, by=cast.outsider)


def test_an_exchange_of_a_member_with_itself_is_refused(cast):
    with pytest.raises(ValidationError) as refused:
        propose(cast, participants=[(cast.freiburg, "host"), (cast.freiburg, "visitor")])
    assert "between a member and itself" in refused.value.message_dict["participants"][0]
    with pytest.raises(ValidationError) as refused:
        propose(cast, participants=[(cast.freiburg, "host")])
    assert "at least two different members" in refused.value.message_dict["participants"][0]
    assert not Exchange.objects.exists() and not Participant.objects.exists()


def test_the_database_refuses_a_member_twice(cast, proposed):
    with pytest.raises(IntegrityError), transaction.atomic():
        Participant.objects.create(exchange=proposed, member=cast.freiburg, role="host")


def test_an_end_before_the_start_is_refused_and_nothing_written(cast):
    with pytest.raises(ValidationError) as refused:
        propose(cast, starts_on=datetime.date(2026, 5, 1), ends_on=datetime.date(2026, 4, 30))
    assert refused.value.message_dict["ends_on"] == [
        "An exchange ends on or after the day it starts."
    ]
    assert not Exchange.objects.exists() and not Notification.objects.exists()
    with pytest.raises(IntegrityError), transaction.atomic():
        Exchange.objects.create(kind="twinning", title="x", starts_on=datetime.date(2026, 5, 1),
                                ends_on=datetime.date(2026, 4, 1))  # fmt: skip


def test_only_a_listing_of_a_member_taking_part(cast, need, offer):
    other = publish(cast.hidden, cast.staff, kind="offer")
    with pytest.raises(ValidationError) as refused:
        propose(cast, need=need, offer=other)
    assert "offer" in refused.value.message_dict


def test_proposing_for_a_member_one_does_not_act_for(cast):
    with pytest.raises(PermissionDenied):
        propose(cast, by=cast.outsider)  # Nairobi's editor proposing as Freiburg
    with pytest.raises(PermissionDenied):
        propose(cast, by=cast.other_staff)
    assert propose(cast, by=cast.staff).status == Exchange.Status.PROPOSED


def test_an_exchange_moves_on_step_by_step(cast, agreed):
    with pytest.raises(ValidationError) as refused:
        services.exchange_set_status(agreed, by=cast.editor, status="completed")
    assert refused.value.message_dict["status"] == [
        "This exchange is agreed: it cannot become completed."
    ]
    with pytest.raises(PermissionDenied):  # a viewer reads it, never keeps it
        services.exchange_set_status(agreed, by=cast.colleague, status="under-way")
    services.exchange_set_status(agreed, by=cast.outsider, status="under-way")
    # The African secretariat covers Nairobi, one of its members.
    services.exchange_set_status(agreed, by=cast.other_staff, status="completed")
    agreed.refresh_from_db()
    assert agreed.status == Exchange.Status.COMPLETED
    with pytest.raises(ValidationError):
        services.exchange_set_status(agreed, by=cast.editor, status="cancelled")


def test_activities_within_the_dates_and_follow_up(cast, agreed):
    services.activity_add(agreed, by=cast.editor, on=datetime.date(2026, 3, 10), what="Visit")
    with pytest.raises(ValidationError) as refused:
        services.activity_add(agreed, by=cast.editor, on=datetime.date(2026, 12, 1), what="Late")
    assert "on" in refused.value.message_dict
    with pytest.raises(PermissionDenied):
        services.activity_add(agreed, by=cast.colleague, on=datetime.date(2026, 3, 11), what="x")
    item = services.follow_up_add(agreed, by=cast.outsider, what="Report",
                                  due_on=datetime.date(2026, 12, 31))  # fmt: skip
    services.follow_up_done(item, by=cast.editor, on=datetime.date(2026, 12, 20))
    services.outcomes_set(agreed, by=cast.editor, outcomes="Water accounts set up.")
    agreed.refresh_from_db()
    assert [a.what for a in agreed.activities.all()] == ["Visit"]
    assert agreed.follow_ups.get().done_on == datetime.date(2026, 12, 20)
    assert agreed.outcomes == "Water accounts set up."


def test_an_over_long_description_is_refused_at_every_door(cast):
    with pytest.raises(ValidationError) as refused:
        publish(cast.freiburg, cast.editor, kind="offer", description="x" * 4001)
    assert "description" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        propose(cast, description="x" * 4001)
    assert "description" in refused.value.message_dict
    assert not Listing.objects.exists() and not Exchange.objects.exists()
