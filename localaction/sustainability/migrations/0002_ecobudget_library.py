"""ecoBUDGET's library: environmental resources and standard indicators, loaded
from localaction/sustainability/ecobudget/data/*.csv (sources in its README.md)."""

from django.db import migrations

from localaction.sustainability.ecobudget import library


def load(apps, schema_editor):
    Resource = apps.get_model("sustainability", "EnvironmentalResource")
    Indicator = apps.get_model("sustainability", "EcoIndicator")
    resources = {}
    for row in library.resources():
        resources[row.code], _created = Resource.objects.update_or_create(
            code=row.code, defaults={"name": row.name, "order": row.order}
        )
    for row in library.indicators():
        Indicator.objects.update_or_create(
            local_government=None,
            code=row.code,
            defaults={
                "name": row.name,
                "resource": resources[row.resource],
                "unit": row.unit,
                "direction": row.direction,
                "aggregation": row.aggregation,
                "source": row.source,
                "description": row.description,
            },
        )


def unload(apps, schema_editor):
    Indicator = apps.get_model("sustainability", "EcoIndicator")
    Indicator.objects.filter(
        local_government=None, code__in=[row.code for row in library.indicators()]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("sustainability", "0001_ecobudget")]

    operations = [migrations.RunPython(load, unload)]
