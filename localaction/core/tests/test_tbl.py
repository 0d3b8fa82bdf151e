"""The TBL method against worked examples computed by hand."""

import math

import pytest

from localaction.core.tbl import target_progress, trend

# A city's unemployment rate (per cent; less is better) and its share of
# renewable electricity (per cent; more is better), 2019–2023.
UNEMPLOYMENT = [(2021, 9.0), (2019, 10.0), (2023, 8.0)]  # deliberately out of order
RENEWABLES = [(2019, 20.0), (2021, 26.0), (2023, 32.0)]


def test_trend_of_an_indicator_where_less_is_better():
    found = trend(UNEMPLOYMENT, "less")
    # 2019 → 2023: 8.0 − 10.0 = −2.0 points; −2.0 / 10.0 = −20 %; falling is improving.
    assert (found.first_year, found.last_year) == (2019, 2023)
    assert found.change == pytest.approx(-2.0)
    assert found.change_percent == pytest.approx(-20.0)
    assert found.improving is True


def test_trend_of_an_indicator_where_more_is_better():
    found = trend(RENEWABLES, "more")
    # 32 − 20 = +12 points, +60 % of 20; rising is improving.
    assert found.change == pytest.approx(12.0)
    assert found.change_percent == pytest.approx(60.0)
    assert found.improving is True
    assert trend(RENEWABLES, "less").improving is False


def test_trend_needs_two_values_and_says_when_nothing_changed():
    assert trend([(2020, 5.0)], "less") is None
    flat = trend([(2020, 5.0), (2022, 5.0)], "more")
    assert flat.change == 0 and flat.improving is None


def test_trend_from_zero_has_no_percentage():
    assert trend([(2020, 0.0), (2022, 3.0)], "more").change_percent is None


def test_target_progress_where_less_is_better():
    # Target 6 % by 2030 from 10 % in 2019; 8 % in 2023:
    # gap 6 − 8 = −2; share done (8 − 10) / (6 − 10) = 0.5; not met (8 > 6).
    found = target_progress(UNEMPLOYMENT, target_year=2030, target=6.0, direction="less")
    assert (found.latest_year, found.latest) == (2023, 8.0)
    assert found.gap == pytest.approx(-2.0)
    assert found.share_done == pytest.approx(0.5)
    assert found.met is False


def test_target_progress_where_more_is_better_and_met():
    # Target 30 % by 2025 from 20 %; 32 % reached: (32 − 20) / (30 − 20) = 1.2, met.
    found = target_progress(RENEWABLES, target_year=2025, target=30.0, direction="more")
    assert found.met is True
    assert found.share_done == pytest.approx(1.2)
    assert found.gap == pytest.approx(-2.0)


def test_target_progress_with_one_value_has_no_share():
    found = target_progress([(2023, 8.0)], target_year=2030, target=6.0, direction="less")
    assert found.share_done is None and found.met is False
    assert target_progress([], target_year=2030, target=6.0, direction="less") is None


@pytest.mark.parametrize("bad", [math.nan, math.inf, -math.inf])
def test_non_finite_values_are_refused(bad):
    with pytest.raises(ValueError, match="finite"):
        trend([(2020, 1.0), (2021, bad)], "less")


def test_an_unknown_direction_is_refused():
    with pytest.raises(ValueError, match="direction"):
        trend(RENEWABLES, "up")
