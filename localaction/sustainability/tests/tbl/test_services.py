"""Values, targets and reports through the services: the worked example, and
every bad input refused with a clear message and nothing written."""

import math

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from localaction.sustainability.tbl import services
from localaction.sustainability.tbl.models import TBLIndicator, TBLReport, TBLTarget, TBLValue
from localaction.sustainability.tests.tbl.conftest import SECTIONS


def _nothing_written(before: tuple) -> None:
    assert (TBLValue.objects.count(), TBLTarget.objects.count(), TBLReport.objects.count()) == (
        before
    )


def _counts() -> tuple:
    return TBLValue.objects.count(), TBLTarget.objects.count(), TBLReport.objects.count()


def test_a_value_in_another_unit_of_the_dimension_is_converted(cast, library):
    # 0.45 t per person = 450 kg per person (1 t = 1,000 kg).
    value = services.value_set(
        local_government=cast.freiburg,
        indicator=library["municipal_waste_per_person"],
        year=2024,
        value=0.45,
        unit="t / person",
    )
    assert value.value == pytest.approx(450.0)


def test_a_second_value_of_the_year_replaces_the_first(cast, library):
    for number in (40.0, 41.0):
        services.value_set(
            local_government=cast.freiburg,
            indicator=library["renewable_electricity_share"],
            year=2024,
            value=number,
        )
    assert list(TBLValue.objects.values_list("value", flat=True)) == [41.0]


def test_a_value_in_a_unit_of_the_wrong_dimension_is_refused(cast, library, record):
    before = _counts()
    with pytest.raises(ValidationError) as refused:
        services.value_set(
            local_government=cast.freiburg,
            indicator=library["municipal_waste_per_person"],
            year=2024,
            value=5,
            unit="kWh / person",
        )
    assert "wrong dimension" in refused.value.message_dict["unit"][0]
    assert "kg / person" in refused.value.message_dict["unit"][0]
    _nothing_written(before)
    assert (
        TBLValue.objects.get(indicator__code="municipal_waste_per_person", year=2024).value == 450
    )


@pytest.mark.parametrize("bad", [math.nan, math.inf, -math.inf, 1e16, -1e16, "12", True])
def test_non_finite_huge_or_non_numbers_are_refused(cast, library, bad):
    with pytest.raises(ValidationError) as refused:
        services.value_set(
            local_government=cast.freiburg,
            indicator=library["unemployment_rate"],
            year=2024,
            value=bad,
        )
    assert "finite number" in refused.value.message_dict["value"][0]
    assert not TBLValue.objects.exists()


def test_a_conversion_that_overflows_the_bound_is_refused(cast, library):
    # 1e14 t per person is 1e17 kg per person: beyond the bound of 1e15.
    with pytest.raises(ValidationError) as refused:
        services.value_set(
            local_government=cast.freiburg,
            indicator=library["municipal_waste_per_person"],
            year=2024,
            value=1e14,
            unit="t / person",
        )
    assert "value" in refused.value.message_dict
    assert not TBLValue.objects.exists()


@pytest.mark.parametrize("year", [1800, 2500, "2024"])
def test_a_year_out_of_bounds_is_refused(cast, library, year):
    with pytest.raises(ValidationError) as refused:
        services.value_set(
            local_government=cast.freiburg,
            indicator=library["unemployment_rate"],
            year=year,
            value=5,
        )
    assert "1900" in refused.value.message_dict["year"][0]


def test_a_value_for_an_indicator_of_another_member_is_refused(cast, library):
    nairobi_own = services.indicator_create(
        local_government=cast.nairobi,
        code="matatu_routes",
        name="Matatu routes",
        dimension="social",
        unit="unit",
        direction="more",
    )
    for write in (
        lambda: services.value_set(
            local_government=cast.freiburg, indicator=nairobi_own, year=2024, value=3
        ),
        lambda: services.target_set(
            local_government=cast.freiburg, indicator=nairobi_own, target_year=2030, value=9
        ),
        lambda: services.report_save(
            local_government=cast.freiburg, year=2024, sections={}, indicators=[nairobi_own]
        ),
    ):
        with pytest.raises(ValidationError, match="another member's own"):
            write()
    assert _counts() == (0, 0, 0)


def test_a_value_of_an_indicator_read_from_the_platform_is_not_typed(cast, library):
    with pytest.raises(ValidationError) as refused:
        services.value_set(
            local_government=cast.freiburg, indicator=library["ghg_emissions"], year=2020, value=1
        )
    assert "not typed" in refused.value.message_dict["indicator"][0]
    assert not TBLValue.objects.exists()


def test_too_long_texts_are_refused(cast, library, draft):
    with pytest.raises(ValidationError) as refused:
        services.value_set(
            local_government=cast.freiburg,
            indicator=library["unemployment_rate"],
            year=2024,
            value=5,
            note="x" * 2_001,
        )
    assert "at most 2,000 characters" in refused.value.message_dict["note"][0]
    with pytest.raises(ValidationError) as refused:
        services.report_save(
            local_government=cast.freiburg,
            year=2024,
            sections={**SECTIONS, "social": "y" * 20_001},
            indicators=[],
        )
    assert "at most 20,000 characters" in refused.value.message_dict["social"][0]
    draft.refresh_from_db()
    assert draft.social == SECTIONS["social"]
    assert draft.indicators.count() == 4


def test_an_own_indicator_needs_a_unit_and_a_registered_source(cast):
    with pytest.raises(ValidationError) as refused:
        services.indicator_create(
            local_government=cast.freiburg,
            code="x",
            name="X",
            dimension="cultural",
            unit="kwhh",
            direction="up",
        )
    assert set(refused.value.message_dict) == {"dimension", "unit", "direction"}
    with pytest.raises(ValidationError) as refused:
        services.indicator_create(
            local_government=cast.freiburg,
            code="x",
            name="X",
            dimension="environmental",
            unit="t",
            direction="less",
            source_key="no_such_source",
        )
    assert "ghg_emissions" in refused.value.message_dict["source_key"][0]
    with pytest.raises(ValidationError) as refused:
        services.indicator_create(
            local_government=cast.freiburg,
            code="x",
            name="X",
            dimension="environmental",
            unit="MWh",
            direction="less",
            source_key="ghg_emissions",
        )
    assert "wrong dimension" in refused.value.message_dict["unit"][0]
    assert not TBLIndicator.objects.filter(local_government=cast.freiburg).exists()


def test_an_own_indicator_may_read_a_source_in_another_unit(cast, emissions):
    own = services.indicator_create(
        local_government=cast.freiburg,
        code="emissions_kt",
        name="Emissions in kilotonnes",
        dimension="environmental",
        unit="kt",
        direction="less",
        source_key="ghg_emissions",
    )
    readings, note = services.readings_of(cast.freiburg, own, range(2010, 2025))
    # 920,000 t = 920 kt; 800,000 t = 800 kt.
    assert [(r.year, r.value) for r in readings] == [(2015, 920.0), (2020, 800.0)]
    assert note == ""


def test_emissions_are_read_from_published_inventories_with_their_link(cast, library, emissions):
    readings, _note = services.readings_of(
        cast.freiburg, library["ghg_emissions"], range(2010, 2025)
    )
    # The submitted inventory of 2022 is not counted.
    assert [(r.year, r.value) for r in readings] == [(2015, 920_000.0), (2020, 800_000.0)]
    assert readings[1].link == reverse("inventories:results", args=["de-freiburg", 2020])
    per_person, _note = services.readings_of(
        cast.freiburg, library["ghg_emissions_per_person"], range(2020, 2021)
    )
    # 800,000 t / 231,195 inhabitants = 3.4603 t per person.
    assert per_person[0].value == pytest.approx(3.4603, abs=1e-4)


def test_a_source_not_registered_gives_no_value_and_says_so(cast):
    indicator = TBLIndicator.objects.create(
        code="from_elsewhere",
        name="From elsewhere",
        dimension="environmental",
        unit="gha / person",
        direction="less",
        source_key="not_registered_here",
    )
    readings, note = services.readings_of(cast.freiburg, indicator, range(2020, 2025))
    assert readings == []
    assert "'not_registered_here' is not available" in note
    table = services.indicator_table(cast.freiburg, indicator, 2024)
    assert table.trend is None and table.chart == ""


def test_the_report_tables_show_trend_and_target(draft):
    dimensions = {d.dimension: d for d in services.report_tables(draft)}
    assert [t.indicator.code for t in dimensions["environmental"].tables] == [
        "footprint_per_person",
        "ghg_emissions",
        "municipal_waste_per_person",
        "renewable_electricity_share",
    ]
    renewables = dimensions["environmental"].tables[3]
    # 30 % (2020) → 42 % (2024): +12 points, +40 %, improving (more is better);
    # target 60 % by 2030: 18 points to go, (42 − 30) / (60 − 30) = 0.4 of the way.
    assert renewables.trend.change == pytest.approx(12.0)
    assert renewables.trend.change_percent == pytest.approx(40.0)
    assert renewables.trend.improving is True
    assert renewables.progress.gap == pytest.approx(18.0)
    assert renewables.progress.share_done == pytest.approx(0.4)
    assert renewables.chart.startswith("<svg")
    waste = dimensions["environmental"].tables[2]
    # 480 → 450 kg per person: −30 kg, −6.25 %, improving (less is better).
    assert waste.trend.change == pytest.approx(-30.0)
    assert waste.trend.change_percent == pytest.approx(-6.25)
    assert waste.trend.improving is True
    emissions = dimensions["environmental"].tables[1]
    # 920,000 → 800,000 t: −120,000 t, −13.04 %.
    assert emissions.trend.change == pytest.approx(-120_000)
    assert emissions.trend.change_percent == pytest.approx(-13.0435, abs=1e-4)
    assert dimensions["social"].tables == [] and dimensions["economic"].tables == []


def test_publishing_with_empty_required_sections_is_refused_naming_them(cast, record):
    report = services.report_save(
        local_government=record,
        year=2024,
        sections={"introduction": "Hello", "social": "   ", "outlook": "Later"},
        indicators=[],
    )
    with pytest.raises(ValidationError) as refused:
        services.report_publish(report=report, user=cast.editor)
    message = refused.value.messages[0]
    assert "environmental dimension" in message
    assert "social dimension" in message
    assert "economic dimension" in message
    assert "introduction" not in message and "outlook" not in message
    report.refresh_from_db()
    assert report.status == "draft" and report.published_at is None


def test_an_editor_publishes_and_the_report_is_stamped(cast, draft):
    report = services.report_publish(report=draft, user=cast.editor)
    assert report.is_published and report.published_by == cast.editor
    assert report.published_at is not None


@pytest.mark.parametrize("who", ["colleague", "outsider", "other_staff"])
def test_only_editors_publish(cast, draft, who):
    with pytest.raises(PermissionError):
        services.report_publish(report=draft, user=getattr(cast, who))
    draft.refresh_from_db()
    assert draft.status == "draft"


def test_a_published_report_keeps_its_required_sections(cast, published):
    with pytest.raises(ValidationError, match="economic dimension"):
        services.report_save(
            local_government=cast.freiburg,
            year=2024,
            sections={**SECTIONS, "economic": ""},
            indicators=[],
        )
    published.refresh_from_db()
    assert published.economic == SECTIONS["economic"]
    assert published.indicators.count() == 4


def test_the_network_counts_published_reports_and_indicator_uses(cast, library, published):
    nairobi = services.report_save(
        local_government=cast.nairobi,
        year=2024,
        sections=SECTIONS,
        indicators=[library["ghg_emissions"], library["unemployment_rate"]],
    )
    services.report_publish(report=nairobi, user=cast.outsider)
    services.report_save(  # a draft: not counted
        local_government=cast.freiburg,
        year=2025,
        sections=SECTIONS,
        indicators=[library["unemployment_rate"]],
    )
    hidden = services.report_save(  # an unpublished member's: not counted
        local_government=cast.hidden, year=2024, sections=SECTIONS, indicators=[library["jobs"]]
    )
    services.report_publish(report=hidden, user=cast.staff)

    summary = services.network_summary(TBLReport.objects.all())

    assert summary.total_reports == 2
    assert [
        (year, [r.local_government.code for r in reports])
        for year, reports in summary.reports_by_year
    ] == [(2024, ["de-freiburg", "ke-nairobi"])]
    uses = {indicator.code: count for indicator, count in summary.most_used}
    assert uses == {
        "ghg_emissions": 2,
        "unemployment_rate": 1,
        "renewable_electricity_share": 1,
        "municipal_waste_per_person": 1,
        "footprint_per_person": 1,
    }
    assert summary.most_used[0][0].code == "ghg_emissions"
    # Each use is one published report showing the indicator: the uses add up
    # to the indicators of the counted reports.
    counted = [r for _year, reports in summary.reports_by_year for r in reports]
    assert sum(uses.values()) == sum(r.indicators.count() for r in counted)


def test_the_report_language_is_the_members_first_spoken_one(cast):
    assert services.report_language(cast.freiburg) == "en"  # German is not spoken here
    cast.freiburg.languages = ["de", "fr", "es"]
    assert services.report_language(cast.freiburg) == "fr"


def test_an_own_indicator_may_not_take_a_library_code(cast, library):
    with pytest.raises(ValidationError) as refused:
        services.indicator_create(
            local_government=cast.freiburg,
            code="jobs",
            name="Our jobs",
            dimension="economic",
            unit="unit",
            direction="more",
        )
    assert "library indicator" in refused.value.message_dict["code"][0]
    assert not TBLIndicator.objects.filter(local_government=cast.freiburg).exists()
