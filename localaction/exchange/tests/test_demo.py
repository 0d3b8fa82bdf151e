"""The demo's exchange on the test cast: listings and five exchanges, one
between a developing and an industrialised country."""

import pytest

from localaction.exchange.demo import LISTINGS, build_demo_exchange
from localaction.exchange.models import Exchange, Listing
from localaction.exchange.services import development_by_country

pytestmark = pytest.mark.django_db


def test_the_demo_builds_listings_and_exchanges(cast):
    listings, exchanges = build_demo_exchange(seed=2007)
    assert listings == Listing.objects.count() == len(LISTINGS)
    assert exchanges == Exchange.objects.count() == 5
    assert set(Exchange.objects.values_list("status", flat=True)) == set(Exchange.Status.values)
    assert all(exchange.activities.exists() for exchange in Exchange.objects.all())
    completed = Exchange.objects.get(status=Exchange.Status.COMPLETED)
    assert completed.outcomes and completed.follow_ups.filter(done_on__isnull=False).exists()
    development = development_by_country(["DE", "KE"])
    linked = [
        {development[p.member.country_id] for p in exchange.participants.all()}
        for exchange in Exchange.objects.prefetch_related("participants__member")
    ]
    assert {"developing", "industrialised"} in linked
