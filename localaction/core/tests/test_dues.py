"""Membership dues: fees against hand-worked cases and issue 12's published reference
point, the schedule check naming each cell, pro rata, reductions, the reasons a
membership is not invoiced, ageing buckets and the collection rate; properties
checked with hypothesis against an independent recomputation."""

import calendar
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal, localcontext

import pytest
from hypothesis import given
from hypothesis import strategies as st

from localaction.core.dues import (
    AGEING_BUCKETS,
    EXAMPLE_BANDS,
    EXAMPLE_SCHEDULE,
    Band,
    Charge,
    DuesBasis,
    IncomeGroup,
    NotInvoiced,
    NotInvoicedReason,
    ProRata,
    ScheduleError,
    ScheduleTable,
    ageing_bucket,
    annual_fee,
    band_of,
    check_schedule,
    collection_rate,
    dues_for,
    flat_fee,
    pro_rata,
    reduced,
)

D = Decimal
YEAR_START = date(2027, 1, 1)
YEAR_END = date(2027, 12, 31)


def table(bands, fee=Decimal("100"), flat=None, leave_out=()):
    """A schedule over ``bands`` with the same fee in every cell except ``leave_out``."""
    fees = {
        (i, group): fee
        for i in range(len(bands))
        for group in IncomeGroup
        if (i, group) not in leave_out
    }
    return ScheduleTable(bands=tuple(bands), fees=fees, flat=flat or {})


# Bands -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("population", "index", "label"),
    [
        (0, 0, "under 50,000"),
        (49_999, 0, "under 50,000"),
        (50_000, 1, "50,000–99,999"),
        (99_999, 1, "50,000–99,999"),
        (100_000, 2, "100,000–249,999"),
        (249_999, 2, "100,000–249,999"),
        (250_000, 3, "250,000–499,999"),
        (499_999, 3, "250,000–499,999"),
        (500_000, 4, "500,000–749,999"),
        (749_999, 4, "500,000–749,999"),
        (750_000, 5, "750,000–999,999"),
        (999_999, 5, "750,000–999,999"),
        (1_000_000, 6, "1,000,000–1,999,999"),
        (1_999_999, 6, "1,000,000–1,999,999"),
        (2_000_000, 7, "2,000,000–2,999,999"),
        (2_999_999, 7, "2,000,000–2,999,999"),
        (3_000_000, 8, "3,000,000–3,999,999"),
        (3_999_999, 8, "3,000,000–3,999,999"),
        (4_000_000, 9, "4,000,000 or more"),
        (40_000_000, 9, "4,000,000 or more"),
    ],
)
def test_every_band_edge_falls_in_its_band(population, index, label):
    assert band_of(EXAMPLE_SCHEDULE, population) == index
    assert EXAMPLE_BANDS[index].label == label


def test_example_has_ten_bands_from_under_50000_to_4_million_or_more():
    assert len(EXAMPLE_BANDS) == 10
    assert EXAMPLE_BANDS[0] == Band(0, 50_000)
    assert EXAMPLE_BANDS[-1] == Band(4_000_000, None)
    assert check_schedule(EXAMPLE_SCHEDULE) == []


def test_band_of_refuses_missing_negative_and_float_populations():
    with pytest.raises(ValueError, match="No population"):
        band_of(EXAMPLE_SCHEDULE, None)
    with pytest.raises(ValueError, match=r"cannot be negative \(-1\)"):
        band_of(EXAMPLE_SCHEDULE, -1)
    with pytest.raises(TypeError, match="whole number, not float"):
        band_of(EXAMPLE_SCHEDULE, 50_000.0)
    with pytest.raises(TypeError):
        band_of(EXAMPLE_SCHEDULE, True)


def test_band_of_names_overlapping_bands_and_uncovered_populations():
    overlapping = table([Band(0, 100), Band(50, None)])
    with pytest.raises(ScheduleError, match=r"band 1 \(under 100\) and band 2 \(50 or more\)"):
        band_of(overlapping, 60)
    with pytest.raises(ScheduleError, match="covers a population of 1,000"):
        band_of(table([Band(0, 100)]), 1_000)


# Fees: issue 12's published reference point and the example's other groups -----


def test_published_reference_point_high_income_smallest_and_largest_band():
    # Issue 12: "in one schedule the highest-income group ran from €450 for the
    # smallest band to €5,985 for the largest".
    assert annual_fee(EXAMPLE_SCHEDULE, population=12_000, income_group=IncomeGroup.HIGH) == D(
        "450.00"
    )
    assert annual_fee(EXAMPLE_SCHEDULE, population=4_000_000, income_group=IncomeGroup.HIGH) == D(
        "5985.00"
    )


def test_published_reference_point_flat_fees_of_associations():
    # Issue 12: "with flat fees of €2,620 (national associations) and €1,870
    # (subnational)".
    assert flat_fee(EXAMPLE_SCHEDULE, "national-association") == D("2620.00")
    assert flat_fee(EXAMPLE_SCHEDULE, "subnational-association") == D("1870.00")


@pytest.mark.parametrize(
    ("group", "smallest", "largest"),
    [
        # Example data: a fixed share of the high-income fee, whole euros, half up.
        (IncomeGroup.HIGH, "450.00", "5985.00"),
        # 60 %: 450 × 0.6 = 270; 5,985 × 0.6 = 3,591.
        (IncomeGroup.UPPER_MIDDLE, "270.00", "3591.00"),
        # 30 %: 450 × 0.3 = 135; 5,985 × 0.3 = 1,795.5 → 1,796.
        (IncomeGroup.LOWER_MIDDLE, "135.00", "1796.00"),
        # 15 %: 450 × 0.15 = 67.5 → 68; 5,985 × 0.15 = 897.75 → 898.
        (IncomeGroup.LOW, "68.00", "898.00"),
    ],
)
def test_each_income_group_in_the_smallest_and_largest_band(group, smallest, largest):
    assert annual_fee(EXAMPLE_SCHEDULE, population=0, income_group=group) == D(smallest)
    assert annual_fee(EXAMPLE_SCHEDULE, population=9_000_000, income_group=group) == D(largest)


def test_income_group_given_as_its_value_prices_the_same_cell():
    assert annual_fee(EXAMPLE_SCHEDULE, population=120_000, income_group="lower-middle") == D(
        "315.00"
    )


def test_fees_rise_with_the_band_in_every_group_of_the_example():
    for group in IncomeGroup:
        fees = [EXAMPLE_SCHEDULE.fees[i, group] for i in range(len(EXAMPLE_BANDS))]
        assert fees == sorted(fees)


def test_flat_fee_of_unknown_category_names_the_known_ones():
    with pytest.raises(
        ScheduleError, match=r"no flat fee for 'full-member'.*'national-association'"
    ):
        flat_fee(EXAMPLE_SCHEDULE, "full-member")


def test_annual_fee_refuses_a_missing_cell_naming_it():
    incomplete = table(EXAMPLE_BANDS, leave_out={(3, IncomeGroup.LOW)})
    with pytest.raises(ScheduleError, match=r"No fee for band 4 \(250,000–499,999\) × low income"):
        annual_fee(incomplete, population=300_000, income_group=IncomeGroup.LOW)


@pytest.mark.parametrize(
    ("label", "group"),
    [
        ("Low income", IncomeGroup.LOW),
        ("Lower middle income", IncomeGroup.LOWER_MIDDLE),
        ("Upper middle income", IncomeGroup.UPPER_MIDDLE),
        ("High income", IncomeGroup.HIGH),
        ("  high   INCOME ", IncomeGroup.HIGH),
    ],
)
def test_world_bank_labels_read_as_income_groups(label, group):
    assert IncomeGroup.from_world_bank(label) is group


@pytest.mark.parametrize("label", ["", "Middle income", "high"])
def test_unknown_world_bank_label_is_refused_with_the_known_ones(label):
    with pytest.raises(ValueError, match=r"not a World Bank income group.*'Low income'"):
        IncomeGroup.from_world_bank(label)


def test_income_group_labels_read_in_a_sentence():
    assert [group.label for group in IncomeGroup] == [
        "low income",
        "lower-middle income",
        "upper-middle income",
        "high income",
    ]


# The schedule check names the exact cells --------------------------------------


def test_overlapping_bands_are_named_with_the_overlap():
    bands = [Band(0, 50_000), Band(50_000, 100_000), Band(90_000, 200_000), Band(200_000, None)]
    assert check_schedule(table(bands)) == [
        "Bands 2 (50,000–99,999) and 3 (90,000–199,999) overlap from 90,000 to 99,999."
    ]


def test_overlap_of_two_open_bands_runs_upwards():
    problems = check_schedule(table([Band(0, 10), Band(10, None), Band(20, None)]))
    assert problems == ["Bands 2 (10 or more) and 3 (20 or more) overlap from 20 upwards."]


def test_a_gap_between_bands_is_named():
    bands = [Band(0, 50_000), Band(50_000, 100_000), Band(150_000, None)]
    assert check_schedule(table(bands)) == ["No band covers 100,000–149,999."]


def test_a_first_band_not_starting_at_zero_is_named():
    assert check_schedule(table([Band(1_000, 50_000), Band(50_000, None)])) == [
        "The first band, band 1 (1,000–49,999), starts at 1,000, not 0: "
        "no band covers populations under 1,000."
    ]


def test_a_last_band_with_an_upper_end_is_named():
    assert check_schedule(table([Band(0, 50_000), Band(50_000, 4_000_000)])) == [
        "The last band, band 2 (50,000–3,999,999), has an upper end: "
        "no band covers 4,000,000 or more."
    ]


def test_a_band_without_a_fee_names_the_cell():
    incomplete = table(
        EXAMPLE_BANDS, leave_out={(3, IncomeGroup.LOWER_MIDDLE), (9, IncomeGroup.HIGH)}
    )
    assert check_schedule(incomplete) == [
        "No fee for band 4 (250,000–499,999) × lower-middle income.",
        "No fee for band 10 (4,000,000 or more) × high income.",
    ]


@pytest.mark.parametrize(
    ("fee", "problem"),
    [
        (D("-1"), "is negative (-1)"),
        (D("NaN"), "is not a finite amount (NaN)"),
        (D("Infinity"), "is not a finite amount (Infinity)"),
        (D("450.005"), "has more than 2 decimal places (450.005)"),
    ],
)
def test_bad_fees_are_named_with_their_cell(fee, problem):
    bad = table([Band(0, 50_000), Band(50_000, None)])
    fees = dict(bad.fees)
    fees[1, IncomeGroup.UPPER_MIDDLE] = fee
    bad = ScheduleTable(bands=bad.bands, fees=fees, flat={"national-association": fee})
    assert check_schedule(bad) == [
        f"The fee for band 2 (50,000 or more) × upper-middle income {problem}.",
        f"The flat fee for 'national-association' {problem}.",
    ]


def test_trailing_zeros_beyond_cents_are_still_cents():
    assert check_schedule(table([Band(0, None)], fee=D("450.100"))) == []
    assert annual_fee(
        table([Band(0, None)], fee=D("450.100")), population=1, income_group="low"
    ) == D("450.10")


def test_a_fee_for_a_band_that_does_not_exist_is_named():
    valid = table([Band(0, None)])
    extra = ScheduleTable(bands=valid.bands, fees={**valid.fees, (4, IncomeGroup.HIGH): D("1")})
    assert check_schedule(extra) == [
        "A fee is set for band 5 × high income, but the schedule has 1 bands."
    ]


def test_empty_negative_and_misordered_bands_are_named():
    assert check_schedule(table([Band(0, 10), Band(10, 10), Band(10, None)])) == [
        "Band 2 (10–9) is empty: its upper end (10) is not above its lower end (10)."
    ]
    assert check_schedule(table([Band(-5, 10), Band(10, None)])) == [
        "Band 1 (under 10) starts below zero (-5)."
    ]
    assert check_schedule(table([Band(10, None), Band(0, 10)])) == [
        "Band 2 (under 10) starts below band 1 (10 or more): list the bands from the "
        "smallest population up."
    ]
    assert check_schedule(ScheduleTable(bands=(), fees={})) == [
        "The schedule has no population bands."
    ]


def test_several_problems_are_all_listed():
    bands = [Band(10, 50_000), Band(50_000, 100_000), Band(90_000, 200_000), Band(250_000, 300_000)]
    problems = check_schedule(table(bands, leave_out={(0, IncomeGroup.LOW)}))
    assert problems == [
        "Bands 2 (50,000–99,999) and 3 (90,000–199,999) overlap from 90,000 to 99,999.",
        "The first band, band 1 (10–49,999), starts at 10, not 0: "
        "no band covers populations under 10.",
        "No band covers 200,000–249,999.",
        "The last band, band 4 (250,000–299,999), has an upper end: "
        "no band covers 300,000 or more.",
        "No fee for band 1 (10–49,999) × low income.",
    ]


def test_float_fees_and_band_ends_are_refused():
    with pytest.raises(TypeError, match=r"float \(450.0\).*Decimal\('450.0'\)"):
        ScheduleTable(bands=(Band(0, None),), fees={(0, IncomeGroup.HIGH): 450.0})
    with pytest.raises(TypeError, match="flat fee for 'national-association' is a float"):
        ScheduleTable(bands=(), fees={}, flat={"national-association": 2620.0})
    with pytest.raises(TypeError, match="lower end is a whole number, not float"):
        Band(0.0, None)
    with pytest.raises(TypeError, match="upper end is a whole number, not float"):
        Band(0, 5e4)


def test_an_unknown_income_group_in_a_table_is_refused():
    with pytest.raises(ValueError, match="'middle' is not an income group"):
        ScheduleTable(bands=(Band(0, None),), fees={(0, "middle"): D("1")})


# Pro rata -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("joined_on", "rule", "expected"),
    [
        # 1,200.00 a year, January–December.
        (date(2027, 1, 1), ProRata.MONTHLY, "1200.00"),  # the whole year
        (date(2027, 3, 15), ProRata.MONTHLY, "1000.00"),  # March–December: 10/12
        (date(2027, 12, 31), ProRata.MONTHLY, "100.00"),  # December: 1/12
        (date(2026, 11, 20), ProRata.MONTHLY, "1200.00"),  # before the year: full
        (date(2027, 3, 15), ProRata.QUARTERLY, "1200.00"),  # first quarter: 4/4
        (date(2027, 4, 1), ProRata.QUARTERLY, "900.00"),  # April: 3/4
        (date(2027, 9, 30), ProRata.QUARTERLY, "600.00"),  # third quarter: 2/4
        (date(2027, 12, 31), ProRata.QUARTERLY, "300.00"),  # last quarter: 1/4
        (date(2027, 12, 31), ProRata.NONE, "1200.00"),  # no pro rata: full fee
    ],
)
def test_pro_rata_hand_worked(joined_on, rule, expected):
    charged = pro_rata(
        D("1200.00"), joined_on=joined_on, year_start=YEAR_START, year_end=YEAR_END, rule=rule
    )
    assert charged == D(expected)


def test_pro_rata_rounds_to_cents_half_up():
    # 100.00 × 11/12 = 91.666… → 91.67; 0.06 × 5/12 = 0.025 → 0.03 (half up; the
    # banker's rounding Decimal uses by default would give 0.02).
    assert pro_rata(
        D("100"),
        joined_on=date(2027, 2, 1),
        year_start=YEAR_START,
        year_end=YEAR_END,
        rule="monthly",
    ) == D("91.67")
    assert pro_rata(
        D("0.06"),
        joined_on=date(2027, 8, 9),
        year_start=YEAR_START,
        year_end=YEAR_END,
        rule="monthly",
    ) == D("0.03")


def test_pro_rata_counts_months_of_a_july_to_june_year():
    # Joined 15 March 2028 in a July 2027–June 2028 year: March–June, 4 of 12
    # months, 1,200 × 4/12 = 400; third quarter of the year (January–March): 2/4.
    july, june = date(2027, 7, 1), date(2028, 6, 30)
    joined = date(2028, 3, 15)
    assert pro_rata(
        D("1200"), joined_on=joined, year_start=july, year_end=june, rule="monthly"
    ) == D("400.00")
    assert pro_rata(
        D("1200"), joined_on=joined, year_start=july, year_end=june, rule="quarterly"
    ) == D("600.00")


def test_joining_after_the_year_is_an_error():
    with pytest.raises(ValueError, match="after the membership year ending 2027-12-31"):
        pro_rata(
            D("450"),
            joined_on=date(2028, 1, 1),
            year_start=YEAR_START,
            year_end=YEAR_END,
            rule=ProRata.MONTHLY,
        )


def test_pro_rata_refuses_years_it_cannot_count():
    with pytest.raises(ValueError, match=r"ends .* before it starts"):
        pro_rata(
            D("1"), joined_on=YEAR_START, year_start=YEAR_END, year_end=YEAR_START, rule="none"
        )
    with pytest.raises(ValueError, match="first day of a month to the last day"):
        pro_rata(
            D("1"),
            joined_on=date(2027, 6, 1),
            year_start=date(2027, 1, 15),
            year_end=date(2028, 1, 14),
            rule="monthly",
        )
    with pytest.raises(ValueError, match=r"whole quarters; .* is 10 months"):
        pro_rata(
            D("1"),
            joined_on=date(2027, 6, 1),
            year_start=YEAR_START,
            year_end=date(2027, 10, 31),
            rule="quarterly",
        )


def test_pro_rata_refuses_floats_negatives_and_datetimes():
    kwargs = {"year_start": YEAR_START, "year_end": YEAR_END, "rule": ProRata.MONTHLY}
    with pytest.raises(TypeError, match="float"):
        pro_rata(450.0, joined_on=date(2027, 3, 15), **kwargs)
    with pytest.raises(ValueError, match="negative"):
        pro_rata(D("-450"), joined_on=date(2027, 3, 15), **kwargs)
    with pytest.raises(TypeError, match="date, not datetime"):
        pro_rata(D("450"), joined_on=datetime(2027, 3, 15, 12), **kwargs)


# Reductions ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("amount", "percent", "expected"),
    [
        ("2620.00", "0", "2620.00"),  # no reduction
        ("2620.00", "50", "1310.00"),
        # 5,985 × (100 − 33.333) / 100 = 5,985 × 0.66667 = 3,990.01995 → 3,990.02
        ("5985.00", "33.333", "3990.02"),
        # 0.05 × 0.5 = 0.025 → 0.03 half up (banker's rounding would give 0.02)
        ("0.05", "50", "0.03"),
        ("5985.00", "100", "0.00"),  # a waiver
    ],
)
def test_reductions_hand_worked(amount, percent, expected):
    assert reduced(D(amount), D(percent)) == D(expected)


def test_reductions_outside_0_to_100_percent_and_floats_are_refused():
    with pytest.raises(ValueError, match="between 0 % and 100 %, not 101 %"):
        reduced(D("450"), D("101"))
    with pytest.raises(ValueError, match="not -1 %"):
        reduced(D("450"), D("-1"))
    with pytest.raises(TypeError, match="reduction is a float"):
        reduced(D("450"), 33.3)
    with pytest.raises(TypeError, match="amount is a float"):
        reduced(450.0, D("10"))


# Charges and the reasons a membership is not invoiced ----------------------------


def dues(**overrides):
    arguments = {
        "category": "full-member",
        "basis": DuesBasis.POPULATION,
        "population": 4_500_000,
        "income_group": IncomeGroup.HIGH,
        "joined_on": date(2020, 5, 1),
        "year_start": YEAR_START,
        "year_end": YEAR_END,
        "rule": ProRata.MONTHLY,
    }
    return dues_for(EXAMPLE_SCHEDULE, **{**arguments, **overrides})


def test_a_full_year_charge_is_the_annual_fee():
    assert dues() == Charge(
        lines=(("annual-fee", D("5985.00")),),
        total=D("5985.00"),
        band=9,
        income_group=IncomeGroup.HIGH,
    )


def test_a_charge_explains_pro_rata_and_reduction_line_by_line():
    # 5,985 × 10/12 = 4,987.50 (joined 15 March), less 50 %: 2,493.75.
    charge = dues(joined_on=date(2027, 3, 15), reduction_percent=D("50"))
    assert charge.lines == (
        ("annual-fee", D("5985.00")),
        ("pro-rata", D("-997.50")),
        ("reduction", D("-2493.75")),
    )
    assert charge.total == D("2493.75") == sum(amount for _, amount in charge.lines)


def test_a_waiver_is_an_explained_zero():
    charge = dues(reduction_percent=D("100"))
    assert charge.lines == (("annual-fee", D("5985.00")), ("reduction", D("-5985.00")))
    assert charge.total == D("0.00")


def test_associations_pay_their_flat_fee_whatever_their_population():
    charge = dues(
        category="subnational-association",
        basis=DuesBasis.FLAT,
        population=None,
        income_group=None,
    )
    assert charge.lines == (("flat-fee", D("1870.00")),)
    assert charge.band is None


@pytest.mark.parametrize(
    ("overrides", "reason", "message"),
    [
        ({"population": None}, NotInvoicedReason.NO_POPULATION, "no population"),
        ({"income_group": None}, NotInvoicedReason.NO_INCOME_GROUP, "no income group"),
        (
            {"category": "campaign-participant", "basis": "none"},
            NotInvoicedReason.NO_DUES,
            "pays no dues",
        ),
    ],
)
def test_missing_data_and_dues_free_categories_are_not_invoiced(overrides, reason, message):
    with pytest.raises(NotInvoiced, match=message) as raised:
        dues(**overrides)
    assert raised.value.reason is reason


def test_a_charge_whose_total_is_not_the_sum_of_its_lines_is_refused():
    with pytest.raises(ValueError, match="not the sum of its lines"):
        Charge(lines=(("annual-fee", D("450.00")),), total=D("0.00"))


def test_float_reduction_in_a_charge_is_refused():
    with pytest.raises(TypeError, match="float"):
        dues(reduction_percent=50.0)


# Ageing and the collection rate -------------------------------------------------


@pytest.mark.parametrize(
    ("days_past_due", "bucket"),
    [
        (-30, "current"),
        (-1, "current"),
        (0, "0-30"),
        (30, "0-30"),
        (31, "31-60"),
        (60, "31-60"),
        (61, "61-90"),
        (90, "61-90"),
        (91, "over-90"),
        (3650, "over-90"),
    ],
)
def test_ageing_bucket_edges(days_past_due, bucket):
    due_on = date(2027, 3, 31)
    assert ageing_bucket(due_on, due_on + timedelta(days=days_past_due)) == bucket
    assert bucket in AGEING_BUCKETS


@pytest.mark.parametrize(
    ("invoiced", "collected", "rate"),
    [
        ("1000", "750", D("75.0")),
        ("3", "2", D("66.7")),
        ("16", "1", D("6.3")),  # 6.25 → 6.3 half up
        ("100", "0", D("0.0")),
        ("100", "120", D("120.0")),  # overpayments show as such
        ("0", "0", None),  # nothing invoiced: no rate
    ],
)
def test_collection_rate(invoiced, collected, rate):
    assert collection_rate(D(invoiced), D(collected)) == rate


def test_collection_rate_refuses_floats_and_negatives():
    with pytest.raises(TypeError):
        collection_rate(100.0, D("1"))
    with pytest.raises(ValueError, match="cannot be negative"):
        collection_rate(D("100"), D("-1"))


# Properties ---------------------------------------------------------------------

amounts = st.decimals(min_value=0, max_value=10_000_000, places=2)
percents = st.decimals(min_value=0, max_value=100, places=3)


@st.composite
def valid_tables(draw):
    edges = sorted(draw(st.sets(st.integers(1, 10_000_000), max_size=12)))
    lowers = [0, *edges]
    bands = tuple(Band(lower, upper) for lower, upper in zip(lowers, [*edges, None], strict=True))
    fees = {(i, group): draw(amounts) for i in range(len(bands)) for group in IncomeGroup}
    return ScheduleTable(bands=bands, fees=fees)


@given(valid_tables(), st.integers(0, 20_000_000))
def test_every_population_falls_in_exactly_one_band_of_a_valid_table(schedule, population):
    assert check_schedule(schedule) == []
    matches = [i for i, band in enumerate(schedule.bands) if population in band]
    assert len(matches) == 1
    assert band_of(schedule, population) == matches[0]


@given(valid_tables(), st.data())
def test_leaving_out_one_cell_names_only_that_cell(schedule, data):
    index = data.draw(st.integers(0, len(schedule.bands) - 1))
    group = data.draw(st.sampled_from(IncomeGroup))
    fees = {key: fee for key, fee in schedule.fees.items() if key != (index, group)}
    problems = check_schedule(ScheduleTable(bands=schedule.bands, fees=fees))
    assert problems == [f"No fee for {schedule.band_name(index)} × {group.label}."]


def months_remaining(joined_on, year):
    """Counted one calendar month at a time: months whose last day is not before joining."""
    return sum(
        1
        for month in range(1, 13)
        if date(year, month, calendar.monthrange(year, month)[1]) >= joined_on
    )


def half_up(value):
    with localcontext() as context:
        context.prec = 60
        return value.quantize(D("0.01"), rounding=ROUND_HALF_UP)


@given(amounts, st.integers(2000, 2100), st.integers(-400, 364), st.sampled_from(ProRata))
def test_pro_rata_never_exceeds_the_fee_and_matches_a_month_by_month_count(amount, year, day, rule):
    start, end = date(year, 1, 1), date(year, 12, 31)
    joined_on = min(start + timedelta(days=day), end)
    charged = pro_rata(amount, joined_on=joined_on, year_start=start, year_end=end, rule=rule)
    assert D(0) <= charged <= amount
    later = min(joined_on + timedelta(days=31), end)
    assert pro_rata(amount, joined_on=later, year_start=start, year_end=end, rule=rule) <= charged
    if rule is ProRata.MONTHLY:
        with localcontext() as context:
            context.prec = 60
            expected = half_up(amount * months_remaining(joined_on, year) / 12)
        assert charged == expected


@given(amounts, percents)
def test_reduced_is_never_negative_nor_above_the_amount(amount, percent):
    result = reduced(amount, percent)
    assert D(0) <= result <= amount
    with localcontext() as context:
        context.prec = 60
        assert result == half_up(amount * (100 - percent) / 100)


@given(
    st.integers(0, 50_000_000),
    st.sampled_from(IncomeGroup),
    st.dates(date(2026, 1, 1), YEAR_END),
    st.sampled_from(ProRata),
    st.none() | percents,
)
def test_a_charge_is_the_sum_of_its_lines_and_never_above_the_annual_fee(
    population, group, joined_on, rule, percent
):
    charge = dues(
        population=population,
        income_group=group,
        joined_on=joined_on,
        rule=rule,
        reduction_percent=percent,
    )
    full = annual_fee(EXAMPLE_SCHEDULE, population=population, income_group=group)
    assert charge.total == sum(amount for _, amount in charge.lines)
    assert charge.lines[0] == ("annual-fee", full)
    assert D(0) <= charge.total <= full
