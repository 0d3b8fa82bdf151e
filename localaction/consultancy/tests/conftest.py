"""An engagement for the tests, run by the European Secretariat: a GHG
inventory for Freiburg (whose editor asked), with a staff consultant (who
signs in as `consultant`) and an external expert on its team, in EUR."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.contrib.auth.models import User
from djmoney.money import Money

from localaction.accounts.models import Role
from localaction.conftest import make_user
from localaction.consultancy import services
from localaction.consultancy.models import Consultant, Engagement, Service

TODAY = datetime.date.today()


@dataclass
class Built:
    service: Service
    engagement: Engagement
    consultant: Consultant  # staff, signs in as `consultant_user`
    expert: Consultant  # external
    consultant_user: User


def build(cast, *, fee_basis: str = "time") -> Built:
    service = Service.objects.create(
        name="GHG inventories",
        slug="ghg-inventories",
        summary="A city-wide inventory at GPC BASIC.",
        instruments=["ghg-inventory"],
        price=Money("18000", "EUR"),
        price_basis="fixed",
    )
    service.offices.set([cast.europe_office, cast.world_office])
    consultant_user = make_user("consultant", kind=Role.Kind.STAFF, office=cast.europe_office)
    consultant = Consultant.objects.create(
        kind="staff", user=consultant_user, office=cast.europe_office, name="Jonas Weber",
        day_rate=Money("750", "EUR"), languages=["de", "en"],
    )  # fmt: skip
    expert = Consultant.objects.create(
        kind="external", office=cast.europe_office, name="Claire Dubois",
        email="claire@example.org", organisation="EcoConseil", day_rate=Money("900", "EUR"),
    )  # fmt: skip
    engagement = services.engagement_request(
        service=service,
        office=cast.europe_office,
        by=cast.editor,
        request="Our first inventory, please.",
        local_government=cast.freiburg,
        client_contact="Eva Editor",
        client_email="eva@example.org",
        on=TODAY - datetime.timedelta(days=60),
    )
    engagement.scope = "GPC BASIC for 2024, two workshops."
    engagement.starts_on = TODAY - datetime.timedelta(days=40)
    engagement.ends_on = TODAY + datetime.timedelta(days=40)
    engagement.fee_basis = fee_basis
    if fee_basis == "fixed":
        engagement.fixed_fee = Money("18000", "EUR")
    engagement.save()
    services.team_add(engagement=engagement, consultant=consultant, planned_days=Decimal("10"))
    services.team_add(
        engagement=engagement,
        consultant=expert,
        planned_days=Decimal("4"),
        day_rate=Money("880", "EUR"),
    )
    return Built(service, engagement, consultant, expert, consultant_user)


def advance(built: Built, to: str, *, by) -> Engagement:
    """Take the engagement along the main path up to `to`."""
    path = ["proposal", "contract", "in-progress", "delivered", "closed"]
    engagement = built.engagement
    for status in path[: path.index(to) + 1]:
        if status == "contract":
            engagement.refresh_from_db()
            engagement.signed_on = TODAY - datetime.timedelta(days=45)
            engagement.contract_reference = "CT-1"
            engagement.save()
        engagement = services.engagement_move(
            engagement=engagement, status=status, by=by, on=TODAY - datetime.timedelta(days=50)
            if status in ("proposal", "contract") else TODAY,
        )  # fmt: skip
    built.engagement = engagement
    return engagement


@pytest.fixture
def built(cast) -> Built:
    return build(cast)
