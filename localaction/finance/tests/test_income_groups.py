"""The World Bank classification shipped in data/ (FY2024; data/README.md)."""

import datetime

import pytest

from localaction.finance.income_groups import read_income_groups
from localaction.finance.models import CountryIncomeGroup, fiscal_year_on
from localaction.finance.services import set_income_group
from localaction.network.models import Country


def test_the_file_has_218_economies_and_venezuela_unclassified():
    rows = read_income_groups()
    assert len(rows) == 218
    by_iso3 = {row.iso3: row for row in rows}
    assert by_iso3["DEU"].group == "high"
    assert by_iso3["AFG"].group == "low"
    assert by_iso3["IND"].group == "lower-middle"
    assert by_iso3["BRA"].group == "upper-middle"
    assert by_iso3["VEN"].group is None
    assert by_iso3["CHI"].country_codes == ("JE", "GG")


def test_a_bad_row_is_refused_with_row_and_column(tmp_path):
    bad = tmp_path / "groups.csv"
    bad.write_text("iso3,economy,world_bank_region,income_group\nDEU,Germany,Europe,Rich\n")
    with pytest.raises(ValueError, match=r"row 2, column income_group: 'Rich'"):
        read_income_groups(bad)


@pytest.mark.django_db
def test_the_migration_loads_every_row_as_fy2024():
    loaded = CountryIncomeGroup.objects.filter(fiscal_year=2024)
    # 218 economies; the Channel Islands are two countries of the register.
    assert loaded.count() == 219
    group_of = dict(loaded.values_list("country", "group"))
    assert group_of["DE"] == "high"
    assert group_of["AF"] == "low"
    assert group_of["VE"] == ""  # not classified: not invoiced, never charged zero
    assert group_of["XK"] == "upper-middle"
    assert group_of["JE"] == group_of["GG"] == "high"


@pytest.mark.parametrize(
    ("day", "fiscal_year"),
    [
        (datetime.date(2023, 6, 30), 2023),
        (datetime.date(2023, 7, 1), 2024),
        (datetime.date(2024, 1, 1), 2024),
    ],
)
def test_the_world_bank_fiscal_year_starts_on_1_july(day, fiscal_year):
    assert fiscal_year_on(day) == fiscal_year


@pytest.mark.django_db
def test_the_latest_classification_in_force_is_used():
    germany = Country.objects.get(code="DE")
    assert (
        CountryIncomeGroup.objects.in_force_on(datetime.date(2027, 1, 1), germany).fiscal_year
        == 2024
    )
    assert CountryIncomeGroup.objects.in_force_on(datetime.date(2023, 6, 30), germany) is None


@pytest.mark.django_db
def test_the_secretariat_corrects_a_group_and_the_history_says_who(cast):
    venezuela = Country.objects.get(code="VE")
    record = set_income_group(
        country=venezuela,
        fiscal_year=2024,
        group="upper-middle",
        source="Council",
        by=cast.secretariat,
    )
    assert record.group == "upper-middle"
    latest = record.history.first()
    assert latest.history_user == cast.secretariat
    assert latest.prev_record.group == ""


@pytest.mark.django_db
def test_only_the_secretariat_sets_income_groups(cast):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        set_income_group(
            country=Country.objects.get(code="DE"),
            fiscal_year=2024,
            group="low",
            source="",
            by=cast.staff,
        )
    assert CountryIncomeGroup.objects.get(country="DE", fiscal_year=2024).group == "high"
