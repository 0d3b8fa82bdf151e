"""The network's procurement figures and their partial: members counted once,
amounts converted at the platform's rates, green share recomputed by hand."""

import datetime
from decimal import Decimal

import pytest
from django.template.loader import render_to_string

from localaction.finance.models import ExchangeRate
from localaction.network.models import LocalGovernment
from localaction.sustainability.procurement.network import network_procurement, report_years
from localaction.sustainability.tests.procurement.conftest import tender


def test_network_figures_of_a_year(record, cast, groups, criteria):
    # A town inside Freiburg reports too: Freiburg and it count as one member.
    town = LocalGovernment.objects.create(
        code="de-town", name="Town", country=cast.freiburg.country, parent=cast.freiburg
    )
    tender(town, groups["paper"], "100000.00", 2024, applied=[criteria["paper-recycled"]])
    # Nairobi in KES without a rate, then with one.
    tender(cast.nairobi, groups["food"], "1000000.00", 2024, currency="KES")
    figures = network_procurement(2024)
    assert figures.members == 2  # Freiburg (with its town) and Nairobi
    assert figures.unconverted == (("CHF", 1), ("KES", 1))
    # EUR only: (500,000 + 100,000) / (500,000 + 200,000 + 100,000).
    assert figures.total == Decimal("800000.00")
    assert figures.green_share == pytest.approx(75.0)
    assert figures.co2_saving_t == pytest.approx(1.0610379)
    assert figures.cost_saving == Decimal("720.00")
    for currency, rate in (("CHF", "1.05"), ("KES", "0.007")):
        ExchangeRate.objects.create(
            on=datetime.date(2024, 1, 1),
            from_currency=currency,
            to_currency="EUR",
            rate=Decimal(rate),
            entered_by=cast.secretariat,
        )
    converted = network_procurement(2024)
    # 800,000 + 50,000 × 1.05 + 1,000,000 × 0.007 = 859,500; green 600,000.
    assert converted.total == Decimal("859500.00") and converted.unconverted == ()
    assert converted.green_share == pytest.approx(600_000 / 859_500 * 100)
    assert report_years() == [2024, 2023]
    html = render_to_string(
        "sustainability/procurement/_network_report.html", {"figures": converted}
    )
    assert "Members reporting" in html and "69.8 %" in html


def test_unpublished_members_are_not_counted(cast, groups):
    tender(cast.hidden, groups["paper"], "10.00", 2024)
    assert network_procurement(2024).members == 0
    assert report_years() == []


def test_registered_as_a_section_of_the_network_report(record):
    from localaction.report_sections import sections

    (section,) = [s for s in sections() if s.key == "procurement"]
    figures = section.figures(2023)
    assert figures.green_share == pytest.approx(90.0)
    html = render_to_string(section.template, {"figures": figures})
    assert 'id="report-procurement"' in html and "90.0 %" in html
