"""`/api/indicators/`: read only; the adopted plan's public indicators for
everyone, every indicator for staff, the secretariat and the governing
bodies' members; each with its value and status today and its periods."""

from __future__ import annotations

import pytest
from django.test import Client
from django.utils import timezone

from localaction.results.models import Indicator, Value

ROLES = ["anonymous", "editor", "staff", "other_staff", "secretariat", "board"]
READERS = {"staff", "other_staff", "secretariat", "board"}


@pytest.fixture
def client_of(cast, board_member):
    def signed_in(who: str) -> Client:
        client = Client()
        user = board_member if who == "board" else getattr(cast, who)
        if user is not None:
            client.force_login(user)
        return client

    return signed_in


@pytest.fixture
def measured(indicator, cast):
    public = indicator(
        "2.1a",
        name="Active members",
        source=Indicator.Source.COMPUTED,
        measure="active_members",
        office=None,
        baseline=0.0,
        target=10.0,
        is_public=True,
    )
    private = indicator("2.7a", name="Audited offices", unit="%")
    Value.objects.create(
        indicator=private,
        period=private.periods.get(starts_on__year=timezone.localdate().year),
        value=30.0,
        source="reported",
        status="approved",
        entered_by=cast.staff,
        decided_by=cast.secretariat,
    )
    return public, private


@pytest.mark.parametrize("who", ROLES)
def test_indicators_listed_for_each_role(client_of, measured, who):
    public, private = measured
    response = client_of(who).get("/api/indicators/")
    assert response.status_code == 200
    found = {row["code"]: row for row in response.json()["results"]}
    expected = {public.code, private.code} if who in READERS else {public.code}
    assert set(found) == expected
    row = found[public.code]
    assert row["goal"] == "2.1a"
    assert row["today"]["value"] == 1.0  # the cast's Freiburg
    assert row["today"]["status"] in ("green", "amber", "red")
    assert row["today"]["records_url"].startswith("/members/")
    assert [period["label"] for period in row["periods"]] == [
        str(year) for year in range(timezone.localdate().year - 1, timezone.localdate().year + 2)
    ]
    if who in READERS:
        values = [period["value"] for period in found[private.code]["periods"]]
        assert values == [None, 30.0, None]


@pytest.mark.parametrize("who", ROLES)
def test_an_indicator_in_detail_or_a_404(client_of, measured, who):
    _public, private = measured
    response = client_of(who).get(f"/api/indicators/{private.pk}/")
    assert response.status_code == (200 if who in READERS else 404)


@pytest.mark.parametrize("who", ROLES)
def test_the_api_writes_nothing(client_of, measured, who):
    public, _private = measured
    client = client_of(who)
    assert client.post("/api/indicators/", {"code": "x"}).status_code in (401, 403, 405)
    assert client.delete(f"/api/indicators/{public.pk}/").status_code in (401, 403, 405)
    assert Indicator.objects.count() == 2
