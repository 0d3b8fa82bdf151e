"""A partner (`unhabitat`), a draft agreement of the European secretariat
(`draft`, every condition written but not activated), an active public one
(`active`) and an active one not listed publicly (`unlisted`)."""

from __future__ import annotations

import datetime

import pytest

from localaction.partnerships.models import Agreement, PartnerOrganisation

CONDITIONS = {
    "aims": "Sustainable cities.",
    "objectives": "Climate action plans in 50 cities by 2012.",
    "shares": "The association trains; the agency funds.",
    "resources": "Two staff and a grant.",
    "signed_on": datetime.date(2024, 1, 10),
    "starts_on": datetime.date(2024, 2, 1),
}


@pytest.fixture
def unhabitat(db) -> PartnerOrganisation:
    return PartnerOrganisation.objects.create(name="UN-Habitat", kind="un")


@pytest.fixture
def make_agreement(cast, unhabitat):
    def make(title="Cities and climate", *, status="draft", office=None, **fields) -> Agreement:
        return Agreement.objects.create(
            partner=unhabitat,
            kind=Agreement.Kind.MOU,
            title=title,
            office=office or cast.europe_office,
            status=status,
            **(CONDITIONS | fields),
        )

    return make


@pytest.fixture
def draft(make_agreement) -> Agreement:
    return make_agreement("Draft memorandum")


@pytest.fixture
def active(make_agreement) -> Agreement:
    return make_agreement("Active memorandum", status="active", ends_on=datetime.date(2030, 1, 31))


@pytest.fixture
def unlisted(make_agreement) -> Agreement:
    return make_agreement("Confidential contract", status="active", is_public=False)
