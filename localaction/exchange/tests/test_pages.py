"""The exchange's pages and who reaches each: the outsider (here Nairobi's
editor), the member's editor and viewer, the offices covering it or not, the
secretariat, anonymous visitors."""

from __future__ import annotations

import pytest
from django.urls import reverse

from localaction.exchange import services
from localaction.exchange.models import Exchange, Listing
from localaction.exchange.tests.conftest import publish

pytestmark = pytest.mark.django_db


def test_the_listing_filters(client_as, cast, need, offer):
    publish(cast.freiburg, cast.editor, kind="offer", title="Procurement criteria",
            themes=["procurement"], languages=["de"])  # fmt: skip
    url = reverse("exchange:index")
    page = client_as("anonymous").get(url).content.decode()
    assert "Water accounts for Nairobi" in page and "Procurement criteria" in page
    page = client_as("anonymous").get(url, {"theme": "procurement"}).content.decode()
    assert "Procurement criteria" in page and "Our water accounts" not in page
    page = client_as("anonymous").get(url, {"kind": "need"}).content.decode()
    assert "Water accounts for Nairobi" in page and "Our water accounts" not in page
    page = client_as("anonymous").get(url, {"region": "africa"}).content.decode()
    assert "Water accounts for Nairobi" in page and "Procurement criteria" not in page
    page = client_as("anonymous").get(url, {"language": "sw"}).content.decode()
    assert "Water accounts for Nairobi" in page and "Our water accounts" not in page


def test_the_listing_shows_its_suggestions_with_their_reasons(client_as, need, offer):
    page = client_as("anonymous").get(need.get_absolute_url()).content.decode()
    assert "Our water accounts" in page
    assert "same theme: Water Campaign (+3)" in page
    assert "links a developing and an industrialised country (+2)" in page
    assert "6 points" in page
    assert "Propose an exchange" not in page  # only for those acting for Nairobi
    page = client_as("outsider").get(need.get_absolute_url()).content.decode()
    assert "Propose an exchange" in page


def test_an_unpublished_members_listing_is_not_public(client_as, cast):
    hidden = publish(cast.hidden, cast.staff, kind="need")
    assert client_as("anonymous").get(hidden.get_absolute_url()).status_code == 404
    assert client_as("outsider").get(hidden.get_absolute_url()).status_code == 404
    assert client_as("staff").get(hidden.get_absolute_url()).status_code == 200


@pytest.mark.parametrize(
    ("who", "status"),
    [("anonymous", 302), ("colleague", 403), ("outsider", 200), ("editor", 200),
     ("staff", 200), ("secretariat", 200)],
)  # fmt: skip
def test_who_opens_the_publishing_page(client_as, who, status):
    assert client_as(who).get(reverse("exchange:listing-new")).status_code == status


def test_publishing_through_the_page(client_as, cast):
    response = client_as("editor").post(
        reverse("exchange:listing-new"),
        {"member": cast.freiburg.pk, "kind": "offer", "title": "Solar roofs",
         "description": "How we did it.", "themes": ["ghg-inventory"], "languages": "de, EN",
         "contact_name": "Eva", "contact_email": "eva@example.org", "is_open": "on"},
    )  # fmt: skip
    listing = Listing.objects.get()
    assert response.status_code == 302 and response.url == listing.get_absolute_url()
    assert listing.languages == ["de", "en"] and listing.created_by == cast.editor


def test_publishing_for_a_member_one_does_not_act_for(client_as, cast):
    response = client_as("outsider").post(
        reverse("exchange:listing-new"),
        {"member": cast.freiburg.pk, "kind": "offer", "title": "x", "description": "x",
         "themes": ["water"], "contact_name": "x", "contact_email": "x@example.org"},
    )  # fmt: skip
    assert response.status_code == 200  # not a choice they have
    assert "member" in response.context["form"].errors
    assert not Listing.objects.exists()


@pytest.mark.parametrize(
    ("who", "status"),
    [("anonymous", 302), ("colleague", 403), ("outsider", 403), ("other_staff", 403),
     ("editor", 200), ("staff", 200), ("secretariat", 200)],
)  # fmt: skip
def test_who_edits_freiburgs_offer(client_as, offer, who, status):
    url = reverse("exchange:listing-edit", args=[offer.pk])
    assert client_as(who).get(url).status_code == status


@pytest.mark.parametrize(
    ("who", "status"),
    [("anonymous", 404), ("colleague", 200), ("outsider", 200), ("editor", 200),
     ("staff", 200), ("other_staff", 200), ("secretariat", 200)],
)  # fmt: skip
def test_a_proposed_exchange_is_for_its_members_and_their_offices(client_as, proposed, who,
                                                                  status):  # fmt: skip
    assert client_as(who).get(proposed.get_absolute_url()).status_code == status


def test_an_agreed_exchange_is_public(client_as, agreed):
    assert client_as("anonymous").get(agreed.get_absolute_url()).status_code == 200


def test_proposing_from_a_suggestion_and_accepting(client_as, cast, need, offer):
    url = reverse("exchange:exchange-new") + f"?need={need.pk}&offer={offer.pk}"
    form = client_as("editor").get(url).context["form"]
    assert form.initial["proposer"] == cast.freiburg.pk
    assert form.initial["partner"] == cast.nairobi.pk
    response = client_as("editor").post(
        url,
        {"kind": "mentoring", "title": "Water accounts", "starts_on": "2026-03-01",
         "ends_on": "2026-06-30", "proposer": cast.freiburg.pk, "proposer_role": "mentor",
         "partner": cast.nairobi.pk, "partner_role": "mentee", "need": need.pk,
         "offer": offer.pk},
    )  # fmt: skip
    exchange = Exchange.objects.get()
    assert response.url == exchange.get_absolute_url()
    assert (exchange.need, exchange.offer) == (need, offer)
    accept = reverse("exchange:accept", args=[exchange.pk])
    assert client_as("editor").post(accept).status_code == 403
    assert client_as("staff").post(accept).status_code == 403
    page = client_as("outsider").get(exchange.get_absolute_url()).content.decode()
    assert "Accept the exchange" in page
    client_as("outsider").post(accept)
    exchange.refresh_from_db()
    assert exchange.status == Exchange.Status.AGREED


def test_a_member_with_itself_is_refused_on_the_page(client_as, cast):
    response = client_as("editor").post(
        reverse("exchange:exchange-new"),
        {"kind": "twinning", "title": "Alone", "starts_on": "2026-03-01",
         "proposer": cast.freiburg.pk, "proposer_role": "partner",
         "partner": cast.freiburg.pk, "partner_role": "partner"},
    )  # fmt: skip
    assert response.context["form"].errors["partner"] == [
        "An exchange is between two different members: choose another member."
    ]
    assert not Exchange.objects.exists()


def test_an_end_before_the_start_on_the_page(client_as, cast):
    response = client_as("editor").post(
        reverse("exchange:exchange-new"),
        {"kind": "twinning", "title": "Backwards", "starts_on": "2026-03-01",
         "ends_on": "2026-02-01", "proposer": cast.freiburg.pk, "proposer_role": "partner",
         "partner": cast.nairobi.pk, "partner_role": "partner"},
    )  # fmt: skip
    assert response.context["form"].errors["ends_on"] == [
        "An exchange ends on or after the day it starts."
    ]
    assert not Exchange.objects.exists()


@pytest.mark.parametrize(
    ("who", "status"),
    [("anonymous", 302), ("colleague", 403), ("editor", 302), ("outsider", 302),
     ("staff", 302), ("other_staff", 302), ("secretariat", 302)],
)  # fmt: skip
def test_who_records_an_activity(client_as, agreed, who, status):
    url = reverse("exchange:activity-add", args=[agreed.pk])
    response = client_as(who).post(url, {"on": "2026-03-05", "what": "Visit"})
    assert response.status_code == status
    assert agreed.activities.count() == (1 if who not in ("anonymous", "colleague") else 0)


def test_the_status_buttons(client_as, agreed):
    url = reverse("exchange:status", args=[agreed.pk])
    client_as("editor").post(url, {"status": "completed"})  # not the next step
    agreed.refresh_from_db()
    assert agreed.status == Exchange.Status.AGREED
    client_as("editor").post(url, {"status": "under-way"})
    agreed.refresh_from_db()
    assert agreed.status == Exchange.Status.UNDER_WAY


def test_both_members_profiles_show_the_exchange(client_as, cast, agreed):
    for member in (cast.freiburg, cast.nairobi):
        page = client_as("anonymous").get(member.get_absolute_url()).content.decode()
        assert "Water accounts mentoring" in page, member
    nairobi = client_as("anonymous").get(cast.nairobi.get_absolute_url()).content.decode()
    assert "Water accounts for Nairobi" in nairobi  # its open need


def test_a_proposed_exchange_is_not_on_the_public_profile(client_as, cast, proposed):
    page = client_as("anonymous").get(cast.freiburg.get_absolute_url()).content.decode()
    assert "Water accounts mentoring" not in page
    page = client_as("editor").get(cast.freiburg.get_absolute_url()).content.decode()
    assert "Water accounts mentoring" in page


def test_the_office_page_shows_its_members_exchanges(client_as, cast, agreed):
    for office in (cast.europe_office, cast.africa_office):
        page = (
            client_as("anonymous")
            .get(reverse("network:office", args=[office.code]))
            .content.decode()
        )
        assert "Water accounts mentoring" in page


def test_the_exchanges_page_lists_what_each_person_may_read(client_as, cast, proposed):
    url = reverse("exchange:exchanges")
    assert "Water accounts mentoring" not in client_as("anonymous").get(url).content.decode()
    assert "Water accounts mentoring" in client_as("colleague").get(url).content.decode()
    services.exchange_accept(proposed, by=cast.outsider)
    page = client_as("anonymous").get(url).content.decode()
    assert "Water accounts mentoring" in page
    assert "Freiburg im Breisgau (mentor), Nairobi (mentee)" in " ".join(page.split())


def test_the_member_editor_is_offered_to_publish_on_the_profile(client_as, cast):
    page = client_as("editor").get(cast.freiburg.get_absolute_url()).content.decode()
    assert reverse("exchange:listing-new") in page
    page = client_as("colleague").get(cast.freiburg.get_absolute_url()).content.decode()
    assert reverse("exchange:listing-new") not in page
