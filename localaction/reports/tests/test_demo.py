"""The demo issues the annual network report, as the secretariat's button does:
its figures as computed now, and its PDF."""

from io import StringIO

import pytest
from django.core.management import call_command

from localaction.reports.models import NetworkReport
from localaction.reports.services import latest_report_year, network_report, parse_scope

pytestmark = pytest.mark.django_db


def test_the_demo_issues_the_network_report_of_the_latest_year():
    out = StringIO()
    call_command("demo", "--members", "60", "--seed", "2", stdout=out)

    issued = NetworkReport.objects.get()
    year = latest_report_year()
    assert issued.year == year
    assert f"the network report {year} issued" in out.getvalue()
    assert issued.generated_by.username == "secretariat"
    with issued.pdf.open("rb") as pdf:
        assert pdf.read(5) == b"%PDF-"
    # Its figures are the report's, computed again independently of the demo.
    again = network_report(parse_scope({}, default_year=year))
    assert issued.snapshot["members_reporting"] == again.members_reporting > 0
    assert issued.snapshot["total_tco2e"] == pytest.approx(again.total_tco2e, rel=1e-12)
