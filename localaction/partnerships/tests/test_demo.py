"""The demo's partnerships: the partners the plan names, agreements in every
state through the same services as the pages, the one close to its end
reminded, and the public list showing the active ones only."""

from io import StringIO

import pytest
from django.core.management import call_command

from localaction.partnerships.models import Agreement, PartnerOrganisation
from localaction.partnerships.services import missing_conditions

pytestmark = pytest.mark.django_db


def test_the_demo_builds_partnerships_in_every_state(client):
    out = StringIO()
    call_command("demo", "--members", "60", "--seed", "2", stdout=out)

    assert PartnerOrganisation.objects.filter(name="United Cities and Local Governments").exists()
    by_status = {
        status: Agreement.objects.filter(status=status).count() for status in Agreement.Status
    }
    assert by_status == {"draft": 1, "active": 3, "ended": 1, "expired": 0}
    assert "5 partner organisations and 5 agreements" in out.getvalue()
    # Every active agreement meets the plan's conditions; the draft does not yet.
    for agreement in Agreement.objects.filter(status=Agreement.Status.ACTIVE):
        assert missing_conditions(agreement) == {}
    draft = Agreement.objects.get(status=Agreement.Status.DRAFT)
    assert {"shares", "resources"} <= missing_conditions(draft).keys()
    # The one ending within its notice was reminded, the others not.
    reminded = Agreement.objects.exclude(reminded_for=None)
    assert [agreement.partner.name for agreement in reminded] == [
        "United Nations Environment Programme"
    ]

    page = client.get("/partnerships/").content.decode()
    for agreement in Agreement.objects.select_related("partner"):
        shown = agreement.title in page
        assert shown == (agreement.status == Agreement.Status.ACTIVE), agreement.title
