"""Chart text is text: names people type are drawn as typed, never parsed as TeX.

Matplotlib reads text between two `$` as mathtext; a region named
`$\\frac{1}{$` made it fail and took `/report/` and its PDF down for everyone.
"""

import pytest
from django.urls import reverse

from localaction.charts import Series, bar_chart, line_chart
from localaction.network.models import Region
from localaction.reports.tests.records import build_network

TEX = "$\\frac{1}{$"
NAMES = [TEX, "$x^2$ and $", "Costs in $ and €", "50% $\\alpha$"]


def test_bar_chart_draws_dollars_as_dollars():
    svg = bar_chart(
        NAMES, [1.0, 2.0, -3.0, 4.0], title=TEX, description=TEX, unit=TEX, chart_id="tex"
    )
    assert TEX in svg
    assert "Costs in $ and €" in svg


def test_line_chart_draws_dollars_as_dollars():
    svg = line_chart(
        [Series(name, [(2020, 1.0), (2030, 2.0)]) for name in NAMES],
        title=TEX,
        description=TEX,
        unit=TEX,
        x_label=TEX,
        chart_id="tex",
    )
    assert svg.count(TEX) >= 3  # legend, axis label, unit


@pytest.fixture
def network_with_a_tex_region(cast):
    build_network(cast)
    Region.objects.filter(code="europe").update(name=TEX)


def test_report_page_with_a_tex_region_name(network_with_a_tex_region, client):
    response = client.get(reverse("reports:dashboard"), {"year": "2022"})
    assert response.status_code == 200
    assert TEX in response.content.decode()


def test_report_pdf_with_a_tex_region_name(network_with_a_tex_region, client):
    response = client.get(reverse("reports:report-download", args=["pdf"]), {"year": "2022"})
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")
