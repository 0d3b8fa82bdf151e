"""Load the IPCC 2006 default emission factors into the library."""

from django.db import migrations

from localaction.inventories.library import ipcc2006_library


def load(apps, schema_editor):
    EmissionFactor = apps.get_model("inventories", "EmissionFactor")
    EmissionFactor.objects.bulk_create(EmissionFactor(**fields) for fields in ipcc2006_library())


def unload(apps, schema_editor):
    apps.get_model("inventories", "EmissionFactor").objects.filter(
        code__startswith="ipcc2006:"
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("inventories", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]
