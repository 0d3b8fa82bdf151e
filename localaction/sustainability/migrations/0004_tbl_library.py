"""Load the library of standard Triple Bottom Line indicators (tbl/data/indicators.csv)."""

from django.db import migrations

from localaction.sustainability.tbl.library import library_rows


def load(apps, schema_editor):
    TBLIndicator = apps.get_model("sustainability", "TBLIndicator")
    TBLIndicator.objects.bulk_create(TBLIndicator(**row) for row in library_rows())


def unload(apps, schema_editor):
    apps.get_model("sustainability", "TBLIndicator").objects.filter(
        local_government__isnull=True
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("sustainability", "0003_tbl")]

    operations = [migrations.RunPython(load, unload)]
