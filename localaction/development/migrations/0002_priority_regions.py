"""The four priority regions of the Cape Town Plan (§2.1c) with their
countries (localaction/development/priority_regions.py names the sources)."""

from django.db import migrations

from localaction.development.priority_regions import PRIORITY_REGIONS


def load(apps, schema_editor):
    PriorityRegion = apps.get_model("development", "PriorityRegion")
    Country = apps.get_model("network", "Country")
    for order, (code, (name, source, countries)) in enumerate(PRIORITY_REGIONS.items(), start=1):
        region, _created = PriorityRegion.objects.get_or_create(
            code=code, defaults={"name": name, "source": source, "order": order}
        )
        region.countries.add(*Country.objects.filter(code__in=countries))


def unload(apps, schema_editor):
    apps.get_model("development", "PriorityRegion").objects.filter(
        code__in=list(PRIORITY_REGIONS)
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("development", "0001_initial"),
        ("network", "0007_membership_category_required"),
    ]

    operations = [migrations.RunPython(load, unload)]
