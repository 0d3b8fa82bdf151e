"""The demo's TBL part, on the test cast: the demo editor's city gets a
published report and a draft, written through the services."""

from django.utils import timezone

from localaction.sustainability.tbl.demo import build_demo_tbl
from localaction.sustainability.tbl.models import TBLReport, TBLValue


def test_the_editors_city_gets_a_published_report_and_a_draft(cast, emissions):
    members, published, drafts = build_demo_tbl(seed=1)

    last = timezone.localdate().year - 1
    assert (members, published, drafts) == (1, 1, 1)
    reports = dict(TBLReport.objects.values_list("year", "status"))
    assert reports == {last - 1: "published", last: "draft"}
    # Five typed indicators over six years; emissions are read, not typed.
    assert TBLValue.objects.count() == 5 * 6
    assert not TBLValue.objects.filter(indicator__source_key__gt="").exists()
    report = TBLReport.objects.get(year=last)
    assert {"ghg_emissions", "ghg_emissions_per_person"} <= set(report.indicator_codes)


def test_the_demo_is_deterministic(cast, emissions):
    build_demo_tbl(seed=7)
    first = sorted(TBLValue.objects.values_list("indicator__code", "year", "value"))
    TBLValue.objects.all().delete()
    build_demo_tbl(seed=7)
    assert sorted(TBLValue.objects.values_list("indicator__code", "year", "value")) == first
