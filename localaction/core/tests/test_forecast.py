"""The BAU forecast: compound growth sector by sector, worked by hand."""

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from localaction.core.forecast import (
    LAST_YEAR,
    Forecast,
    ForecastError,
    annual_growth_percent,
)

BASE = {"I": 600_000.0, "II": 300_000.0, "III": 100_000.0}


def test_each_sector_compounds_at_its_own_rate():
    forecast = Forecast(2020, BASE, {"I": 1.0, "II": -2.0}, default_growth_percent=1.5)
    in_2030 = forecast.sector_t(2030)
    assert in_2030["I"] == pytest.approx(662_773.28, abs=0.01)  # 600,000 × 1.01^10
    assert in_2030["II"] == pytest.approx(245_121.84, abs=0.01)  # 300,000 × 0.98^10
    assert in_2030["III"] == pytest.approx(116_054.08, abs=0.01)  # 100,000 × 1.015^10 (default)
    assert forecast.total_t(2030) == pytest.approx(sum(in_2030.values()))


def test_base_year_is_the_inventory_and_zero_growth_is_flat():
    forecast = Forecast(2020, BASE)
    assert forecast.total_t(2020) == 1_000_000
    assert forecast.total_t(2050) == 1_000_000


def test_series_runs_to_2050():
    series = Forecast(2018, BASE, default_growth_percent=2).series_t()
    assert series[0] == (2018, 1_000_000)
    assert series[-1][0] == LAST_YEAR == 2050
    assert len(series) == 2050 - 2018 + 1
    assert series[-1][1] == pytest.approx(1_000_000 * 1.02**32)


def test_a_rate_at_or_below_minus_hundred_is_refused():
    with pytest.raises(ForecastError) as caught:
        Forecast(2020, BASE, {"II": -100})
    assert caught.value.field == "growth_percent.II"
    with pytest.raises(ForecastError):
        Forecast(2020, BASE, default_growth_percent=math.nan)


def test_annual_growth_rate_between_two_values():
    # 100,000 → 120,000 inhabitants in 10 years: 1.2^(1/10) − 1 = 1.8399 % a year.
    assert annual_growth_percent(100_000, 120_000, 10) == pytest.approx(1.839938, abs=1e-6)
    with pytest.raises(ForecastError):
        annual_growth_percent(0, 120_000, 10)
    with pytest.raises(ForecastError):
        annual_growth_percent(100, 120, 0)


@given(
    rate=st.floats(min_value=-20, max_value=20),
    start=st.integers(min_value=1990, max_value=2040),
    years=st.integers(min_value=0, max_value=30),
)
def test_total_is_the_sum_of_sectors_and_growth_round_trips(rate, start, years):
    forecast = Forecast(start, BASE, {"I": rate}, default_growth_percent=rate / 2)
    year = start + years
    assert forecast.total_t(year) == pytest.approx(sum(forecast.sector_t(year).values()))
    if years:
        measured = annual_growth_percent(BASE["I"], forecast.sector_t(year)["I"], years)
        assert measured == pytest.approx(rate, abs=1e-6)
