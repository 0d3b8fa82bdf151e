"""A process (UNFCCC COP/CMP) with the association's observer role kept by the
European secretariat (`role`), a public statement and an internal
submission of it, a network report published the way the reports app does
(`publication`), and decisions (`decide`)."""

from __future__ import annotations

import datetime

import pytest
from django.core.cache import cache
from django.utils import translation

from localaction.advocacy.models import Engagement, PolicyProcess, Role
from localaction.governance import decisions
from localaction.governance.models import Body, Decision, Meeting
from localaction.reports.models import NetworkReport
from localaction.reports.pdf import report_pdf
from localaction.reports.services import network_report, parse_scope
from localaction.reports.tests.dashboard_data import YEAR, build_network


@pytest.fixture(autouse=True)
def isolated(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    cache.clear()
    with translation.override("en"):
        yield
    cache.clear()


@pytest.fixture
def process(db) -> PolicyProcess:
    return PolicyProcess.objects.create(
        name="UN Framework Convention on Climate Change, COP/CMP",
        short_name="UNFCCC",
        convened_by="UNFCCC secretariat",
    )


@pytest.fixture
def role(cast, process) -> Role:
    return Role.objects.create(
        process=process,
        kind=Role.Kind.OBSERVER,
        since=datetime.date(1995, 3, 28),
        office=cast.europe_office,
        review_every=24,
    )


@pytest.fixture
def statement(role) -> Engagement:
    return Engagement.objects.create(
        role=role,
        kind=Engagement.Kind.STATEMENT,
        title="Local government statement to COP 13",
        held_on=datetime.date(2007, 12, 12),
        place="Bali",
        public=True,
    )


@pytest.fixture
def internal(role) -> Engagement:
    return Engagement.objects.create(
        role=role,
        kind=Engagement.Kind.SUBMISSION,
        title="Draft submission on sectoral approaches",
        held_on=datetime.date(2008, 3, 1),
        public=False,
    )


@pytest.fixture
def network(cast):
    return build_network(cast)


@pytest.fixture
def publication(cast, network) -> NetworkReport:
    report = network_report(parse_scope({"year": YEAR}))
    return NetworkReport.record(report, pdf=report_pdf(report), user=cast.secretariat)


@pytest.fixture
def decide(cast):
    """An adopted decision of the Executive Committee, taken last year."""

    def decide(outcome: str = Decision.Outcome.ADOPTED) -> Decision:
        meeting = Meeting.objects.create(
            body=Body.objects.get(code="EXCOM"),
            title="Meeting",
            held_on=datetime.date.today() - datetime.timedelta(days=365),
            place="Bonn",
        )
        return decisions.record_decision(
            meeting,
            by=cast.secretariat,
            title="UNFCCC observer role",
            motion="The Executive Committee decides on the observer role.",
            method=Decision.Method.CONSENSUS,
            outcome=outcome,
            without_quorum=True,
        )

    return decide
