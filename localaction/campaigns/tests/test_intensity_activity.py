"""An intensity target without a target-year activity: how the activity is projected,
as docs/formats/targets.md and the model's help text say. The inventories are those of
conftest.RECORD (2010: 1,000,000 t CO2)."""

from pathlib import Path

import pytest

from localaction.campaigns.models import Forecast, Target
from localaction.campaigns.services import target_figures
from localaction.inventories.models import Inventory

DOCS = Path(__file__).resolve().parents[3] / "docs" / "formats" / "targets.md"


def counting(cast):
    return Inventory.objects.filter(local_government=cast.freiburg).exclude(status="draft")


def intensity_target(cast, **fields) -> Target:
    target = Target(
        local_government=cast.freiburg,
        title="Intensity",
        type="intensity",
        base_year=2010,
        target_year=2030,
        reduction_percent=50,
        **fields,
    )
    target.full_clean()
    target.save()
    return target


@pytest.fixture
def growing(cast, record):
    """Population +1 % a year; the forecast's default rate +3 % a year."""
    cast.freiburg.population_growth_percent = 1.0
    cast.freiburg.save()
    Forecast.objects.create(local_government=cast.freiburg, default_growth_percent=3.0)


def test_economic_output_grows_at_the_forecast_default_rate(cast, growing):
    # 1,000,000 t for 10,000 million EUR in 2010 = 100 t per million EUR; 50 % below
    # = 50 t. Output in 2030 = 10,000 × 1.03^20 (the forecast's default rate, not the
    # population's 1.01^20) → 50 × 10,000 × 1.03^20 = 903,055.6 t.
    target = intensity_target(
        cast, intensity_per="economic_output", activity_unit="million EUR", base_activity=10_000
    )
    figures = target_figures(target, counting(cast))
    assert figures.target_t == pytest.approx(50 * 10_000 * 1.03**20)
    assert figures.target_t == pytest.approx(903_055.6, rel=1e-7)
    assert figures.target_t != pytest.approx(50 * 10_000 * 1.01**20)


def test_inhabitants_grow_at_the_population_rate(cast, growing):
    # 1,000,000 t for 200,000 inhabitants = 5 t each; 50 % below = 2.5 t;
    # 200,000 × 1.01^20 inhabitants in 2030.
    target = intensity_target(cast, intensity_per="inhabitant", base_activity=200_000)
    figures = target_figures(target, counting(cast))
    assert figures.target_t == pytest.approx(2.5 * 200_000 * 1.01**20)


def test_economic_output_without_a_forecast_grows_with_the_population(cast, record):
    cast.freiburg.population_growth_percent = 1.0
    cast.freiburg.save()
    target = intensity_target(
        cast, intensity_per="economic_output", activity_unit="million EUR", base_activity=10_000
    )
    figures = target_figures(target, counting(cast))
    assert figures.target_t == pytest.approx(50 * 10_000 * 1.01**20)


def test_the_docs_and_the_help_text_say_what_the_code_does():
    help_text = str(Target._meta.get_field("target_activity").help_text)
    assert "economic output at the forecast's default growth rate" in help_text
    assert "inhabitants at the population growth rate" in help_text
    docs = DOCS.read_text(encoding="utf-8")
    [row] = [line for line in docs.splitlines() if line.startswith("| `target_activity`")]
    assert "inhabitants at the member's population growth rate" in row
    assert "economic output at the forecast's default growth rate" in row
