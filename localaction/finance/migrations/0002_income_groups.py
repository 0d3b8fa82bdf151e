"""Load the World Bank income classification shipped in data/ (FY2024, see
data/README.md), every row or none."""

from django.db import migrations
from django.utils import timezone

from localaction.finance.income_groups import (
    KOSOVO,
    SHIPPED_FISCAL_YEAR,
    SHIPPED_SOURCE,
    read_income_groups,
)


def load(apps, schema_editor):
    Country = apps.get_model("network", "Country")
    Region = apps.get_model("network", "Region")
    CountryIncomeGroup = apps.get_model("finance", "CountryIncomeGroup")
    code, name = KOSOVO
    if not Country.objects.filter(code=code).exists():
        Country.objects.create(code=code, name=name, region=Region.objects.get(code="europe"))
    known = set(Country.objects.values_list("code", flat=True))
    records = []
    for row in read_income_groups():
        for country_code in row.country_codes:
            if country_code not in known:
                raise ValueError(f"Row {row.line} ({row.economy}): the register has no country {country_code}.")
            records.append(
                CountryIncomeGroup(
                    country_id=country_code,
                    fiscal_year=SHIPPED_FISCAL_YEAR,
                    group=row.group.value if row.group else "",
                    source=SHIPPED_SOURCE,
                )
            )
    CountryIncomeGroup.objects.bulk_create(records)
    # Their first history record, so that a later correction shows what it replaced.
    History = apps.get_model("finance", "HistoricalCountryIncomeGroup")
    now = timezone.now()
    History.objects.bulk_create(
        History(
            id=record.pk,
            country_id=record.country_id,
            fiscal_year=record.fiscal_year,
            group=record.group,
            source=record.source,
            history_date=now,
            history_type="+",
            history_change_reason="Shipped data (finance/data/README.md)",
        )
        for record in CountryIncomeGroup.objects.filter(fiscal_year=SHIPPED_FISCAL_YEAR)
    )


def unload(apps, schema_editor):
    apps.get_model("finance", "HistoricalCountryIncomeGroup").objects.filter(
        fiscal_year=SHIPPED_FISCAL_YEAR, source=SHIPPED_SOURCE
    ).delete()
    apps.get_model("finance", "CountryIncomeGroup").objects.filter(
        fiscal_year=SHIPPED_FISCAL_YEAR, source=SHIPPED_SOURCE
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("finance", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]
