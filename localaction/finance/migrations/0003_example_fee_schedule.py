"""Ship the example fee schedule of core.dues (EXAMPLE DATA, not adopted by any
body) as a draft for membership year 2027, for the secretariat to edit and adopt.

Only the high-income ends (€450, €5,985) and the flat fees (€2,620 national,
€1,870 subnational associations) are issue 12's published reference point; the
rest is made up to fill the table, and the schedule says so (`is_example`, note).
"""

from django.db import migrations

from localaction.core.dues import EXAMPLE_SCHEDULE

YEAR = 2027
NOTE = (
    "EXAMPLE DATA, not adopted by any body. Ten population bands from under 50,000 to "
    "4,000,000 or more. Only the high-income ends (EUR 450 for the smallest band, EUR 5,985 "
    "for the largest) and the flat fees (EUR 2,620 national, EUR 1,870 subnational "
    "associations) are a published reference point (issue 12); the other fees are made up "
    "to fill the table. Enter the schedule your Council adopted, then adopt it."
)


def load(apps, schema_editor):
    FeeSchedule = apps.get_model("finance", "FeeSchedule")
    FeeBand = apps.get_model("finance", "FeeBand")
    Fee = apps.get_model("finance", "Fee")
    FlatFee = apps.get_model("finance", "FlatFee")
    Category = apps.get_model("network", "MembershipCategory")
    schedule = FeeSchedule.objects.create(
        year=YEAR, currency="EUR", is_example=True, note=NOTE, pro_rata="monthly"
    )
    for index, band in enumerate(EXAMPLE_SCHEDULE.bands):
        row = FeeBand.objects.create(schedule=schedule, lower=band.lower, upper=band.upper)
        for (band_index, group), amount in EXAMPLE_SCHEDULE.fees.items():
            if band_index == index:
                Fee.objects.create(
                    band=row, income_group=group.value, amount=amount, amount_currency="EUR"
                )
    for code, amount in EXAMPLE_SCHEDULE.flat.items():
        FlatFee.objects.create(
            schedule=schedule,
            category=Category.objects.get(code=code),
            amount=amount,
            amount_currency="EUR",
        )


def unload(apps, schema_editor):
    apps.get_model("finance", "FeeSchedule").objects.filter(year=YEAR, is_example=True).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("finance", "0002_income_groups"),
        ("network", "0006_default_membership_categories"),
    ]
    operations = [migrations.RunPython(load, unload)]
