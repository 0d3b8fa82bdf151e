"""Beside the cast (localaction/conftest.py): non-member local governments in
Europe (`berlin`, `kyiv`) and Africa (`lagos`), and `make_prospect`, which
adds one through the service as the pages do."""

from __future__ import annotations

import datetime

import pytest

from localaction.development import services
from localaction.network.models import Country, LocalGovernment


def _lg(code: str, name: str, country: str) -> LocalGovernment:
    return LocalGovernment.objects.create(
        code=code, name=name, country=Country.objects.get(code=country)
    )


@pytest.fixture
def berlin(db) -> LocalGovernment:
    return _lg("de-berlin", "Berlin", "DE")


@pytest.fixture
def kyiv(db) -> LocalGovernment:
    return _lg("ua-kyiv", "Kyiv", "UA")


@pytest.fixture
def lagos(db) -> LocalGovernment:
    return _lg("ng-lagos", "Lagos", "NG")


@pytest.fixture
def make_prospect(cast):
    def make(local_government, office=None, **fields):
        fields.setdefault("identified_on", datetime.date(2024, 3, 1))
        return services.prospect_create(
            office=office or cast.europe_office,
            local_government=local_government,
            by=cast.staff,
            **fields,
        )

    return make


@pytest.fixture
def prospect(make_prospect, berlin):
    return make_prospect(
        berlin,
        next_step="Call the mayor's office",
        next_step_on=datetime.date(2024, 4, 1),
        contacts=[services.Contact("Anna Schmidt", "Climate officer", "anna@berlin.example")],
    )
